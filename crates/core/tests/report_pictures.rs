//! Photos and screenshots drawn small in report.pdf beside their entry, with their mark, from the
//! pack's own exhibit files only: read back as a recipient would, with poppler's `pdfimages`
//! (what pictures the PDF holds, their size, and their colour) and `pdftotext`.
//!
//! The attacks: a picture that is not in the pack (an entry not chosen, an entry purged, a photo
//! an advocate pack withholds, an original replaced by its copy without location data) must not
//! reach the report through its picture; a damaged picture or one claiming a huge size must not
//! stop the export or blow up memory, and says why it is not shown.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::io::Cursor;
use std::path::Path;

use casebook_core::verify::{Pack, ReportOutcome, ReportRenderer, check_report};
use casebook_core::{CaseDetails, EntryKind, ExportOptions, Recipient, Verdict, verify_bundle};
use casebook_crypto::Passphrase;
use common::*;
use export_support::{get, jpeg_with_gps, read_zip, text, tool};

/// A `width` × `height` photo around `rgb`, with seeded noise so it compresses like a photo.
fn photo(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let img = image::RgbImage::from_fn(width, height, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 41) as i16 - 20;
        image::Rgb(rgb.map(|c| (i16::from(c) + n).clamp(0, 255) as u8))
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95).encode_image(&img).unwrap();
    out.into_inner()
}

/// A `width` × `height` screenshot of one colour, as a PNG.
fn screenshot(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb(rgb));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A WebP photo of one colour whose EXIF records where it was taken (GPS), in the extended
/// layout a phone writes (VP8X, the picture, then an EXIF chunk). Casebook cannot remove
/// location data from WebP, so an advocate pack that leaves out location withholds it.
fn webp_with_gps(rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(64, 48, image::Rgb(rgb));
    let mut plain = Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::WebP).unwrap();
    let plain = plain.into_inner();
    assert_eq!(&plain[12..16], b"VP8L", "the image crate writes lossless WebP");
    let picture = &plain[12..]; // the VP8L chunk with its header
    // The EXIF of the test JPEG (GPS included): its APP1 payload after "Exif\0\0".
    let jpeg = jpeg_with_gps();
    let app1_len = usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    let tiff = &jpeg[12..4 + app1_len];
    let chunk = |name: &[u8], data: &[u8]| {
        let mut c = name.to_vec();
        c.extend((data.len() as u32).to_le_bytes());
        c.extend(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    };
    let mut vp8x = vec![0x08, 0, 0, 0]; // flags: EXIF present
    vp8x.extend(&(64u32 - 1).to_le_bytes()[..3]);
    vp8x.extend(&(48u32 - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &vp8x));
    body.extend(picture);
    body.extend(chunk(b"EXIF", tiff));
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// A PNG whose header says 65535 × 65535 (12 GB of pixels once decoded) around a few bytes.
fn png_claiming_65535_square() -> Vec<u8> {
    let mut png = screenshot(8, 8, [1, 2, 3]);
    // IHDR's width and height follow the signature (8), the chunk length (4) and type (4).
    png[16..20].copy_from_slice(&65535u32.to_be_bytes());
    png[20..24].copy_from_slice(&65535u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One picture in a PDF as `pdfimages` sees it.
#[derive(Debug)]
struct Picture {
    width: u32,
    height: u32,
    /// "jpeg" for a JPEG embedded as it is.
    encoding: String,
    /// Its average colour.
    mean: [u8; 3],
}

/// The pictures of a PDF, in page order: `pdfimages -list`, and each one extracted to PNG.
fn pictures(pdf: &[u8], dir: &Path) -> Vec<Picture> {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("report.pdf"), pdf).unwrap();
    let listed = tool("pdfimages", &["-list", "report.pdf"], dir);
    assert!(listed.status.success(), "{}", text(&listed));
    let rows: Vec<Vec<String>> = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    let out = tool("pdfimages", &["-png", "report.pdf", "pic"], dir);
    assert!(out.status.success(), "{}", text(&out));
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let img = image::open(dir.join(format!("pic-{i:03}.png"))).unwrap().to_rgb8();
            let n = u64::from(img.width()) * u64::from(img.height());
            let mut sum = [0u64; 3];
            for p in img.pixels() {
                for c in 0..3 {
                    sum[c] += u64::from(p[c]);
                }
            }
            Picture {
                width: row[3].parse().unwrap(),
                height: row[4].parse().unwrap(),
                encoding: row[8].clone(),
                mean: sum.map(|s| (s / n) as u8),
            }
        })
        .collect()
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 12)
}

/// pdftotext's words, joined by single spaces.
fn words(pdf: &[u8], dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("words.pdf"), pdf).unwrap();
    let t = tool("pdftotext", &["-enc", "UTF-8", "words.pdf", "-"], dir);
    assert!(t.status.success(), "{}", text(&t));
    String::from_utf8(t.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of entry `id` in "Entries in full": from its heading to the next entry's or the
/// exhibit list's.
fn entry_text(words: &str, id: i64) -> &str {
    let head = format!("Entry {id} ·");
    let start = words.find(&head).unwrap_or_else(|| panic!("no {head:?} in the report"));
    let rest = &words[start + head.len()..];
    let end = [rest.find("Entry "), rest.find("Exhibit list")].into_iter().flatten().min().unwrap_or(rest.len());
    &rest[..end]
}

fn report_of(zip_path: &Path) -> Vec<u8> {
    get(&read_zip(&std::fs::read(zip_path).unwrap()), "report.pdf").to_vec()
}

const RED: [u8; 3] = [200, 40, 40];
const GREEN: [u8; 3] = [40, 180, 60];
const BLUE: [u8; 3] = [40, 60, 200];
const YELLOW: [u8; 3] = [220, 200, 30];

fn with_initials() -> TestVault {
    let mut tv = new_vault();
    tv.vault.set_case(CaseDetails { victim_initials: "AB".into(), ..Default::default() }).unwrap();
    tv
}

#[test]
fn two_photos_and_a_screenshot_are_drawn_small_under_their_entries_with_their_marks() {
    let mut tv = with_initials();
    let car =
        tv.vault.add_entry(entry(EntryKind::Sighting, "His car outside my house", "2026-02-01T08:00:00Z")).unwrap();
    let big = photo(3000, 2000, RED);
    tv.vault.attach(car, &mut &big[..], "IMG_0001.jpg", "manual").unwrap();
    let door =
        tv.vault.add_entry(entry(EntryKind::Sighting, "Flowers left at my door", "2026-02-02T09:00:00Z")).unwrap();
    tv.vault.attach(door, &mut &photo(640, 480, GREEN)[..], "IMG_0002.jpg", "manual").unwrap();
    let note = "Transcript of the voicemail";
    tv.vault.attach(door, &mut note.as_bytes(), "transcript.txt", "manual").unwrap();
    let msg = tv
        .vault
        .add_entry(entry(EntryKind::TextMessage, "Message saying he is watching", "2026-02-03T22:00:00Z"))
        .unwrap();
    tv.vault.attach(msg, &mut &screenshot(1080, 2400, BLUE)[..], "Screenshot_20260203.png", "paste").unwrap();

    let out = tv.dir.path().join("pack.zip");
    let made = tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    assert!(made.report_pdfa, "a report with pictures still passes krilla's PDF/A-2b validation");
    let pdf = report_of(&out);
    let dir = tv.dir.path().join("read");

    let pics = pictures(&pdf, &dir);
    assert_eq!(pics.len(), 3, "one picture per photo or screenshot, none for the transcript: {pics:?}");
    for (pic, colour) in pics.iter().zip([RED, GREEN, BLUE]) {
        assert!(near(pic.mean, colour), "pictures in entry order, each of its own file: {pic:?} vs {colour:?}");
        assert_eq!(pic.encoding, "jpeg", "each embedded as a small JPEG: {pic:?}");
    }
    // Small whatever the original: 3000 × 2000 → 480 × 320; the tall screenshot 216 × 480.
    assert_eq!((pics[0].width, pics[0].height), (480, 320));
    assert_eq!((pics[1].width, pics[1].height), (480, 360));
    assert_eq!((pics[2].width, pics[2].height), (216, 480));
    assert!(
        (pdf.len() as f64) < big.len() as f64 / 4.0,
        "a {} byte photo makes a {} byte report: the picture is not the original",
        big.len(),
        pdf.len()
    );

    // Each mark under its own entry (the transcript, AB/3, is listed but not drawn).
    let w = words(&pdf, &dir);
    assert!(entry_text(&w, car).contains("Exhibit AB/1"), "{}", entry_text(&w, car));
    assert!(entry_text(&w, door).contains("Exhibit AB/2"), "{}", entry_text(&w, door));
    assert!(!entry_text(&w, door).contains("Exhibit AB/3"), "{}", entry_text(&w, door));
    assert!(entry_text(&w, msg).contains("Exhibit AB/4"), "{}", entry_text(&w, msg));
    assert!(!w.contains("image not shown"), "every picture here can be drawn");

    // The pack still verifies, and verify draws the same report, pictures and all, from the pack.
    let mut report = verify_bundle(&out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.failures().collect::<Vec<_>>());
    assert_eq!(
        check_report(&out, None, &ReportRenderer, &mut report),
        Some(ReportOutcome::Same),
        "{:#?}",
        report.checks
    );
    let unzipped = tv.dir.path().join("unzipped");
    export_support::unzip_to(&std::fs::read(&out).unwrap(), &unzipped);
    let sums = tool("sha256sum", &["-c", "--strict", "--quiet", "SHA256SUMS"], &unzipped);
    assert!(sums.status.success(), "{}", text(&sums));
}

#[test]
fn pictures_of_entries_not_chosen_or_purged_are_not_in_the_report() {
    let mut tv = with_initials();
    let chosen = tv.vault.add_entry(entry(EntryKind::Sighting, "Chosen sighting", "2026-02-01T08:00:00Z")).unwrap();
    tv.vault.attach(chosen, &mut &photo(200, 150, RED)[..], "chosen.jpg", "manual").unwrap();
    let other =
        tv.vault.add_entry(entry(EntryKind::Other, "Private photo not for this pack", "2026-02-02T08:00:00Z")).unwrap();
    tv.vault.attach(other, &mut &photo(200, 150, BLUE)[..], "private.jpg", "manual").unwrap();
    let purged =
        tv.vault.add_entry(entry(EntryKind::Other, "Entry the person purged", "2026-02-03T08:00:00Z")).unwrap();
    tv.vault.attach(purged, &mut &photo(200, 150, YELLOW)[..], "purged.jpg", "manual").unwrap();
    tv.vault.purge_entry(purged, Some("added by mistake")).unwrap();

    // Chosen by number: the other entry's photo is in the vault, not in the pack.
    let out = tv.dir.path().join("narrow.zip");
    let options = ExportOptions { entry_ids: vec![chosen], ..ExportOptions::default() };
    tv.vault.export(&options, None, &out, &mut |_| true).unwrap();
    let pics = pictures(&report_of(&out), &tv.dir.path().join("narrow"));
    assert_eq!(pics.len(), 1, "only the chosen entry's photo: {pics:?}");
    assert!(near(pics[0].mean, RED), "{pics:?}");

    // Everything: the purged entry's photo is gone with it.
    let out = tv.dir.path().join("all.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let pics = pictures(&report_of(&out), &tv.dir.path().join("all"));
    assert_eq!(pics.len(), 2, "{pics:?}");
    assert!(near(pics[0].mean, RED) && near(pics[1].mean, BLUE), "{pics:?}");
    assert!(pics.iter().all(|p| !near(p.mean, YELLOW)), "the purged photo is drawn: {pics:?}");
}

#[test]
fn an_advocate_pack_leaving_out_location_draws_only_the_copies_it_holds_and_nothing_it_withholds() {
    let mut tv = with_initials();
    let seen =
        tv.vault.add_entry(entry(EntryKind::Sighting, "Saw him at the station", "2026-02-01T08:00:00Z")).unwrap();
    let located = jpeg_with_gps();
    tv.vault.attach(seen, &mut &located[..], "PXL_located.jpg", "manual").unwrap();
    let park = tv.vault.add_entry(entry(EntryKind::Sighting, "Photo at the park", "2026-02-02T08:00:00Z")).unwrap();
    let webp = webp_with_gps(BLUE);
    let added = tv.vault.attach(park, &mut &webp[..], "park.webp", "manual").unwrap();
    assert!(
        added.meta.image.as_ref().and_then(|i| i.exif.as_ref()).is_some_and(|e| e.gps_latitude.is_some()),
        "the fixture's WebP must record where it was taken: {:?}",
        added.meta
    );

    let out = tv.dir.path().join("advocate.zip.age");
    let pass = Passphrase::from(export_support::ADVOCATE_PASSPHRASE);
    let options = ExportOptions { recipient: Recipient::Advocate, strip_gps: true, ..ExportOptions::default() };
    tv.vault.export(&options, Some(&pass), &out, &mut |_| true).unwrap();
    let mut pack = Pack::open(&out, Some(&pass)).unwrap();
    let names = pack.names();
    assert!(names.iter().any(|n| n == "exhibits/AB_1_1.jpg"), "the located JPEG goes in as its copy: {names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".webp")), "the located WebP is withheld: {names:?}");
    let pdf = pack.read("report.pdf", 1 << 30).unwrap();

    let pics = pictures(&pdf, &tv.dir.path().join("advocate"));
    assert_eq!(pics.len(), 1, "the copy's picture only, nothing of the withheld WebP: {pics:?}");
    assert!(pics.iter().all(|p| !near(p.mean, BLUE)), "the withheld photo is drawn: {pics:?}");
    // The picture is re-encoded from the copy: none of the original's EXIF (camera, GPS) rides along.
    assert!(!contains(&pdf, b"Exif\0\0") && !contains(&pdf, b"Pixel 8"), "the original's EXIF is in the report");
    let w = words(&pdf, &tv.dir.path().join("advocate"));
    assert!(entry_text(&w, seen).contains("Exhibit AB/1/1"), "{}", entry_text(&w, seen));
    assert!(!entry_text(&w, park).contains("Exhibit AB/2"), "{}", entry_text(&w, park));
}

#[test]
#[cfg_attr(windows, ignore = "reads its peak memory from /proc/self/status (Linux)")]
fn a_damaged_picture_or_one_claiming_a_huge_size_is_a_box_saying_why_and_the_pack_still_verifies() {
    let mut tv = with_initials();
    let id = tv.vault.add_entry(entry(EntryKind::Sighting, "Photos from the night", "2026-02-01T08:00:00Z")).unwrap();
    tv.vault.attach(id, &mut &photo(300, 200, GREEN)[..], "fine.jpg", "manual").unwrap();
    // Its header whole (it says 300 × 200), its picture data gone: cut at the start of scan.
    let whole = photo(300, 200, RED);
    let scan = whole.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    tv.vault.attach(id, &mut &whole[..scan], "cut_short.jpg", "manual").unwrap();
    tv.vault.attach(id, &mut &png_claiming_65535_square()[..], "huge.png", "manual").unwrap();

    let before = peak_rss_kib();
    let out = tv.dir.path().join("pack.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let grew = peak_rss_kib().saturating_sub(before);
    assert!(grew < 1024 * 1024, "drawing the report grew the peak memory by {grew} KiB");

    let pdf = report_of(&out);
    let dir = tv.dir.path().join("read");
    let pics = pictures(&pdf, &dir);
    assert_eq!(pics.len(), 1, "only the sound picture is drawn: {pics:?}");
    assert!(near(pics[0].mean, GREEN), "{pics:?}");
    let w = words(&pdf, &dir);
    let here = entry_text(&w, id);
    assert!(here.contains("Exhibit AB/1"), "{here}");
    assert!(
        here.contains(
            "Exhibit AB/2: image not shown (the file is damaged or cut short: its picture header could not be read)"
        ),
        "{here}"
    );
    assert!(
        here.contains(
            "Exhibit AB/3: image not shown (the picture says it is 65535×65535 pixels, beyond the limit for drawing it)"
        ),
        "{here}"
    );
    let mut report = verify_bundle(&out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.failures().collect::<Vec<_>>());
    assert_eq!(check_report(&out, None, &ReportRenderer, &mut report), Some(ReportOutcome::Same));
}

/// This process's peak resident memory (Linux).
#[cfg_attr(windows, allow(dead_code))]
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
