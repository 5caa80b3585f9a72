//! Attachments: originals kept byte-exact, images previewed safely, bad files still kept.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::{EntryKind, VaultError};
use casebook_crypto::sha256;
use common::images::png;
use common::*;

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG whose header claims 65535×65535 pixels (a decompression bomb's calling card).
fn png_bomb() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(65535u32.to_be_bytes());
    ihdr.extend(65535u32.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    // A token IDAT and IEND: a real bomb would follow with a highly compressed stream.
    for (name, data) in [(&b"IDAT"[..], &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01][..]), (b"IEND", &[])] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut chunk = name.to_vec();
        chunk.extend(data);
        out.extend(&chunk);
        out.extend(crc32(&chunk).to_be_bytes());
    }
    out
}

#[test]
fn a_photo_keeps_its_bytes_and_gets_a_small_sealed_thumbnail() {
    let mut tv = new_vault();
    let id =
        tv.vault.add_entry(entry(EntryKind::PropertyDamage, "Car scratched", "2026-03-01T07:00:00+00:00")).unwrap();
    let bytes = png(1200, 800);
    let info = tv.vault.attach(id, &mut &bytes[..], "IMG_0042.png", "drop").unwrap();
    assert_eq!(info.meta.media_type, "image/png");
    assert_eq!(info.meta.sha256, hex::encode(sha256(&bytes)));
    assert_eq!((info.meta.image.as_ref().unwrap().width, info.meta.image.as_ref().unwrap().height), (1200, 800));
    assert!(info.has_thumbnail && info.meta.note.is_none());
    let thumb = tv.vault.thumbnail(info.id).unwrap().unwrap();
    let t = image::load_from_memory(&thumb).unwrap();
    assert_eq!((t.width(), t.height()), (512, 341));
    let mut out = Vec::new();
    tv.vault.read_attachment(info.id, &mut out).unwrap();
    assert_eq!(out, bytes);
    assert_eq!(tv.vault.entry(id).unwrap().attachments, vec![info]);
}

#[test]
fn exif_capture_time_device_and_gps_are_kept_as_metadata() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Sighting, "Him at the gate", "2026-02-28T22:41:00+00:00")).unwrap();
    let info = tv
        .vault
        .attach(id, &mut &images::jpeg_with_exif(640, 480, "2026:02:28 22:41:07")[..], "PXL_20260228.jpg", "manual")
        .unwrap();
    assert_eq!(info.meta.media_type, "image/jpeg");
    let exif = info.meta.image.unwrap().exif.unwrap();
    assert_eq!(exif.captured_at.as_deref(), Some("2026-02-28 22:41:07"));
    assert_eq!(exif.device.as_deref(), Some("Google Pixel 8"));
    assert!((exif.gps_latitude.unwrap() - 51.5).abs() < 1e-9);
    assert!((exif.gps_longitude.unwrap() + 0.125).abs() < 1e-9);
    assert!(info.has_thumbnail);
}

#[test]
fn an_image_bomb_is_refused_before_decoding_but_the_file_is_still_kept() {
    let mut tv = new_vault();
    let id = tv
        .vault
        .add_entry(entry(EntryKind::SocialMedia, "Image sent on Instagram", "2026-03-01T07:00:00+00:00"))
        .unwrap();
    let bomb = png_bomb();
    let info = tv.vault.attach(id, &mut &bomb[..], "look.png", "manual").unwrap();
    assert!(!info.has_thumbnail);
    assert_eq!(info.meta.image.as_ref().map(|i| (i.width, i.height)), Some((65535, 65535)));
    assert!(info.meta.note.as_deref().unwrap().contains("65535×65535"), "{:?}", info.meta.note);
    let mut out = Vec::new();
    tv.vault.read_attachment(info.id, &mut out).unwrap();
    assert_eq!(out, bomb);
}

#[test]
fn a_truncated_image_is_stored_without_a_thumbnail_and_with_a_note() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::TextMessage, "Photo he sent", "2026-03-01T07:00:00+00:00")).unwrap();
    let whole = png(400, 300);
    let cut = &whole[..whole.len() / 2];
    let info = tv.vault.attach(id, &mut &cut[..], "half.png", "manual").unwrap();
    assert!(!info.has_thumbnail);
    assert!(info.meta.note.as_deref().unwrap().contains("could not be decoded"), "{:?}", info.meta.note);
    assert_eq!(info.meta.sha256, hex::encode(sha256(cut)));
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn the_media_type_comes_from_the_bytes_not_the_name() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Email, "Email", "2026-03-01T07:00:00+00:00")).unwrap();
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let as_png = tv.vault.attach(id, &mut &svg[..], "innocent.png", "manual").unwrap();
    assert_eq!(as_png.meta.media_type, "image/svg+xml");
    assert!(!as_png.has_thumbnail, "SVG is never rendered");
    let text = tv.vault.attach(id, &mut &b"plain words"[..], "../../etc/passwd", "manual").unwrap();
    assert_eq!((text.meta.media_type.as_str(), text.meta.original_name.as_str()), ("text/plain", "passwd"));
    let empty = tv.vault.attach(id, &mut &b""[..], "empty.bin", "manual").unwrap();
    assert_eq!(empty.meta.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    let mut out = vec![1];
    out.clear();
    tv.vault.read_attachment(empty.id, &mut out).unwrap();
    assert!(out.is_empty());
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_nothing_is_stored() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Other, "Video", "2026-03-01T07:00:00+00:00")).unwrap();
    let big = tv.dir.path().join("huge.mp4");
    std::fs::File::create(&big).unwrap().set_len(casebook_core::attachments::MAX_ATTACHMENT_BYTES + 1).unwrap();
    let records = tv.vault.info().unwrap().records;
    let err = tv.vault.attach_file(id, &big, "manual").unwrap_err();
    assert!(matches!(err, VaultError::TooLarge { .. }), "{err:?}");
    assert_eq!(tv.vault.info().unwrap().records, records);
    assert!(tv.vault.attachments_of(id).unwrap().is_empty());
}

#[test]
fn attaching_to_a_missing_entry_stores_nothing() {
    let mut tv = new_vault();
    let err = tv.vault.attach(99, &mut &b"x"[..], "x", "manual").unwrap_err();
    assert!(matches!(err, VaultError::UnknownEntry(99)));
    assert_eq!(tv.vault.info().unwrap().records, 1);
}

#[test]
fn canaries_in_entries_case_and_attachments_never_reach_the_disk_in_plaintext() {
    let mut tv = new_vault();
    let mut f = entry(EntryKind::Threat, "CANARY-TITLE-5b1e", "2026-03-01T07:00:00+00:00");
    f.narrative = "CANARY-NARRATIVE-91c2".into();
    f.location = Some("CANARY-LOCATION-0d7a".into());
    let id = tv.vault.add_entry(f.clone()).unwrap();
    tv.vault.revise_entry(id, f, "CANARY-REASON-33f0").unwrap();
    let mut case = casebook_core::CaseDetails { victim_initials: "CB".into(), ..Default::default() };
    case.persons.push(casebook_core::Person {
        id: 1,
        name: "CANARY-PERSON-aa01".into(),
        relationship: None,
        description: None,
        identifiers: vec![casebook_core::Identifier {
            kind: casebook_core::IdentifierKind::Phone,
            value: "+447700900999".into(),
        }],
    });
    tv.vault.set_case(case).unwrap();
    tv.vault.attach(id, &mut &b"CANARY-ATTACHMENT-77e9"[..], "CANARY-FILENAME-c4d2.txt", "manual").unwrap();
    let markers: [&[u8]; 8] = [
        b"CANARY-TITLE-5b1e",
        b"CANARY-NARRATIVE-91c2",
        b"CANARY-LOCATION-0d7a",
        b"CANARY-REASON-33f0",
        b"CANARY-PERSON-aa01",
        b"+447700900999",
        b"CANARY-ATTACHMENT-77e9",
        b"CANARY-FILENAME-c4d2",
    ];
    // While open (WAL in use) and after locking.
    for phase in ["open", "locked"] {
        let bytes = all_vault_bytes(&tv.path);
        for m in markers {
            assert!(!contains(&bytes, m), "{phase}: {} found in the vault files", String::from_utf8_lossy(m));
        }
        if phase == "open" {
            let path = tv.path.clone();
            let dir = tv.dir.path().to_owned();
            tv.vault.lock();
            for f in std::fs::read_dir(dir).unwrap() {
                let data = std::fs::read(f.unwrap().path()).unwrap();
                for m in markers {
                    assert!(!contains(&data, m));
                }
            }
            tv.vault = unlock(&path, PASSPHRASE, &tv.clock).unwrap();
        }
    }
}

/// An iPhone-style HEIC (96×64, made with Debian's `heif-enc` from a generated PNG).
const HEIC: &[u8] = include_bytes!("fixtures/heic/photo-96x64.heic");

/// The HEIC with its coded size (`ispe`) rewritten to `width` × `height`: a bomb's header.
fn heic_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = HEIC.to_vec();
    let at = bytes.windows(4).position(|w| w == b"ispe").unwrap() + 8; // type, version and flags
    bytes[at..at + 4].copy_from_slice(&width.to_be_bytes());
    bytes[at + 4..at + 8].copy_from_slice(&height.to_be_bytes());
    bytes
}

#[test]
#[cfg_attr(windows, ignore = "HEIC previews need libheif, not in the Windows build")]
fn a_heic_photo_gets_a_thumbnail_and_a_full_size_view_and_keeps_its_bytes() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::PropertyDamage, "Car", "2026-03-01T07:00:00+00:00")).unwrap();
    let info = tv.vault.attach(id, &mut &HEIC[..], "IMG_4711.HEIC", "picker").unwrap();
    assert_eq!(info.meta.media_type, "image/heif");
    assert!(info.has_thumbnail, "no thumbnail: {:?}", info.meta.note);
    let image = info.meta.image.clone().unwrap();
    assert_eq!((image.width, image.height), (96, 64));
    let thumb = tv.vault.thumbnail(info.id).unwrap().unwrap();
    let decoded = image::load_from_memory(&thumb).unwrap();
    assert!(decoded.width() <= 512 && decoded.height() <= 512, "{}×{}", decoded.width(), decoded.height());
    assert_eq!(decoded.width() * 2 / decoded.height(), 3, "the photo's 3:2 shape");

    let full = tv.vault.heif_full_size(info.id).unwrap().unwrap();
    let shown = image::load_from_memory_with_format(&full, image::ImageFormat::Jpeg).unwrap().to_rgb8();
    assert_eq!(shown.dimensions(), (96, 64));
    // The fixture is a gradient: red grows left to right, green top to bottom.
    let (left, right) = (shown.get_pixel(2, 32)[0], shown.get_pixel(93, 32)[0]);
    let (top, bottom) = (shown.get_pixel(48, 2)[1], shown.get_pixel(48, 61)[1]);
    assert!(right > left + 150 && bottom > top + 150, "not the photo: red {left}..{right}, green {top}..{bottom}");

    let mut out = Vec::new();
    tv.vault.read_attachment(info.id, &mut out).unwrap();
    assert_eq!(out, HEIC, "the original stays byte-exact");
    assert_eq!(info.meta.sha256, hex::encode(sha256(HEIC)));

    // Only HEIC gets a made-up full-size JPEG; a PNG is shown as it is.
    let png_info = tv.vault.attach(id, &mut &png(10, 10)[..], "a.png", "picker").unwrap();
    assert!(tv.vault.heif_full_size(png_info.id).unwrap().is_none());
}

#[test]
#[cfg_attr(windows, ignore = "HEIC previews need libheif, not in the Windows build")]
fn a_heic_bomb_is_refused_from_its_header_and_still_kept() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::PropertyDamage, "Car", "2026-03-01T07:00:00+00:00")).unwrap();
    // Beyond the side limit; within the side limit but beyond the pixel count (144 MP).
    for (w, h) in [(30_000, 30_000), (12_000, 12_000)] {
        let bomb = heic_claiming(w, h);
        let info = tv.vault.attach(id, &mut &bomb[..], "bomb.heic", "manual").unwrap();
        assert_eq!(info.meta.media_type, "image/heif");
        assert!(!info.has_thumbnail, "{w}×{h}");
        let note = info.meta.note.clone().unwrap_or_default();
        assert!(note.contains("beyond the preview limit"), "{w}×{h}: {note}");
        assert!(tv.vault.heif_full_size(info.id).unwrap().is_none(), "{w}×{h}: decoded for the full-size view");
        let mut out = Vec::new();
        tv.vault.read_attachment(info.id, &mut out).unwrap();
        assert_eq!(out, bomb, "kept byte-exact");
    }
}

/// Windows builds have no libheif: a HEIC photo is still recognised, kept byte-exact and
/// hashed, with a note saying why it has no preview.
#[cfg(windows)]
#[test]
fn on_windows_a_heic_photo_is_kept_byte_exact_with_a_note_saying_there_is_no_preview() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::PropertyDamage, "Car", "2026-03-01T07:00:00+00:00")).unwrap();
    let info = tv.vault.attach(id, &mut &HEIC[..], "IMG_4711.HEIC", "picker").unwrap();
    assert_eq!(info.meta.media_type, "image/heif");
    assert!(!info.has_thumbnail);
    let note = info.meta.note.clone().unwrap_or_default();
    assert!(note.contains("cannot read HEIC photos"), "{note}");
    assert!(tv.vault.heif_full_size(info.id).unwrap().is_none());
    let mut out = Vec::new();
    tv.vault.read_attachment(info.id, &mut out).unwrap();
    assert_eq!(out, HEIC, "the original stays byte-exact");
    assert_eq!(info.meta.sha256, hex::encode(sha256(HEIC)));
}

#[test]
fn a_damaged_heic_is_kept_without_a_thumbnail() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::PropertyDamage, "Car", "2026-03-01T07:00:00+00:00")).unwrap();
    let cut = &HEIC[..HEIC.len() - 200];
    let info = tv.vault.attach(id, &mut &cut[..], "cut.heic", "manual").unwrap();
    assert!(!info.has_thumbnail);
    assert!(info.meta.note.is_some(), "no note says why");
    assert!(tv.vault.heif_full_size(info.id).unwrap().is_none());
}
