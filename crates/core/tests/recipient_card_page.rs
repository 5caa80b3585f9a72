//! The recipient card's printable page and QR code (issue 16). The QR code is read back from the
//! rendered page by a real QR reader (zbarimg, as a phone's camera would read the printed page):
//! it holds the card file's text byte for byte, and Casebook checks that text as it checks the
//! file. The attack first: one byte changed anywhere in the card's text (the file, or the QR
//! code's payload) is refused, unless it is in the name, which leaves the key and the fingerprint
//! the original's (the fingerprint binds the key, which is all a pack is encrypted to), or is
//! white space the reader ignores (the last line end made a space).
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::ffi::OsStr;

use casebook_core::recipient::{QrModules, RecipientCard, load_card, new_recipient_in};

fn made_at() -> chrono::DateTime<chrono::Utc> {
    "2026-12-03T10:00:00Z".parse().unwrap()
}

/// The one QR code zbarimg finds in `png`: its payload, without the line end zbarimg adds.
fn read_qr(png: &std::path::Path) -> Vec<u8> {
    let args = [
        OsStr::new("--raw"),
        OsStr::new("-q"),
        OsStr::new("-Sdisable"),
        OsStr::new("-Sqrcode.enable"),
        png.as_os_str(),
    ];
    let out = casebook_testtools::output("zbarimg", args, None, None).unwrap();
    assert!(out.status.success(), "zbarimg found no QR code in {}: {out:?}", png.display());
    // --raw prints each payload followed by a newline; the card's text itself ends with one.
    let text = out.stdout;
    assert!(text.ends_with(b"\n\n"), "one card payload expected: {:?}", String::from_utf8_lossy(&text));
    text[..text.len() - 1].to_vec()
}

#[test]
fn the_printed_qr_code_reads_back_as_the_card_and_a_changed_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let made = new_recipient_in("Anytown Advocacy Service", dir.path(), made_at()).unwrap();
    let card_text = std::fs::read(&made.card_path).unwrap();
    let card = RecipientCard::parse(&card_text).unwrap();
    assert_eq!(made.qr, QrModules::encode(&card.to_text()).unwrap(), "the app draws the card's own QR code");

    // The page: a PDF, with the name, fingerprint and key, and nothing secret.
    let page = std::fs::read(&made.page_path).unwrap();
    assert!(page.starts_with(b"%PDF-"), "not a PDF");
    let text =
        casebook_testtools::output("pdftotext", [made.page_path.as_os_str(), OsStr::new("-")], None, None).unwrap();
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for want in ["Anytown Advocacy Service", &card.fingerprint(), &card.recipient] {
        assert!(text.contains(want), "the page lacks {want:?}: {text}");
    }
    let identity = std::fs::read_to_string(&made.identity_path).unwrap();
    let secret = identity.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap();
    assert!(!text.contains("AGE-SECRET-KEY") && !text.contains(&secret[20..40]), "the secret is on the page");

    // The printed QR code, read by a QR reader, is the card file byte for byte.
    let prefix = dir.path().join("page");
    let args = [OsStr::new("-r"), OsStr::new("150"), OsStr::new("-png"), OsStr::new("-singlefile")];
    let args = args.into_iter().chain([made.page_path.as_os_str(), prefix.as_os_str()]);
    let st = casebook_testtools::output("pdftoppm", args, None, None).unwrap();
    assert!(st.status.success(), "{st:?}");
    let payload = read_qr(&dir.path().join("page.png"));
    assert_eq!(payload, card_text, "the QR code does not hold the card's text");
    let scanned = dir.path().join("scanned.txt");
    std::fs::write(&scanned, &payload).unwrap();
    assert_eq!(load_card(&scanned).unwrap().fingerprint, made.fingerprint, "the scanned card loads as the card");

    // Every one-byte change of the payload: refused, or (in the name only) the same key.
    let name_line = {
        let start = card_text.windows(6).position(|w| w == b"\nname:").unwrap() + 1;
        start..start + card_text[start..].iter().position(|&b| b == b'\n').unwrap()
    };
    let (mut refused, mut renamed) = (0, 0);
    for i in 0..card_text.len() {
        for to in [b'0', b'a', b'q', b'Z', b' ', b':', b'\n', 0xff] {
            if card_text[i] == to {
                continue;
            }
            let mut changed = card_text.clone();
            changed[i] = to;
            match RecipientCard::parse(&changed) {
                Err(_) => refused += 1,
                Ok(c) => {
                    // Read as the same card (a line end the reader ignores), or renamed only.
                    assert!(
                        c == card
                            || (name_line.contains(&i)
                                && c.recipient == card.recipient
                                && c.fingerprint() == card.fingerprint()),
                        "byte {i} changed to {to:#x} was accepted as {c:?}"
                    );
                    renamed += usize::from(c != card);
                }
            }
        }
    }
    println!("one-byte changes of the card's text: {refused} refused, {renamed} renamed it (key kept)");
    assert!(refused > 7 * (card_text.len() - name_line.len()) - 50, "{refused}");
}

#[test]
fn a_card_page_is_never_written_over_a_file_and_a_failed_page_leaves_no_card() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(casebook_core::recipient::CARD_PAGE_FILE), b"mine").unwrap();
    let err = new_recipient_in("Anytown Advocacy Service", dir.path(), made_at()).unwrap_err();
    assert!(matches!(err, casebook_core::VaultError::AlreadyExists(_)), "{err:?}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "a card or identity was written beside a refused page: {left:?}");
}
