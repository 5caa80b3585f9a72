//! Bad input gets a clear error and writes nothing: other formats, cut-off XML, odd
//! encodings (decoded, not refused), control characters, hostile zips, a gigabyte of junk.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::Write;
use std::path::Path;

use casebook_core::import::{ImportError, ImportFormat, ImportOptions, ImportSettings, preview};
use casebook_core::{CaseDetails, EntryFilter, Identifier, IdentifierKind, Person};
use common::*;

fn case() -> CaseDetails {
    CaseDetails {
        victim_initials: "AS".into(),
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: None,
            description: None,
            identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() }],
        }],
        order_terms: None,
        default_region: None,
    }
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

/// Tries to import `path`; asserts the vault is byte-for-byte where it was (same head,
/// no entries) and returns the error.
fn refused(path: &Path, options: &ImportOptions) -> ImportError {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let head = tv.vault.head().unwrap();
    let err = tv.vault.import(path, options, &mut |_, _| true).unwrap_err();
    assert_eq!(tv.vault.head().unwrap(), head, "nothing may be written: {err}");
    assert!(tv.vault.list_entries(&EntryFilter::default()).unwrap().is_empty());
    assert!(preview(path, &case(), &options.settings).is_err(), "the preview refuses it too");
    err
}

fn imported(path: &Path) -> Vec<casebook_core::EntrySummary> {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let report = tv.vault.import(path, &options(), &mut |_, _| true).unwrap();
    assert!(report.counts.imported > 0);
    tv.vault.list_entries(&EntryFilter::default()).unwrap().into_iter().filter(|e| e.fields.tags.is_empty()).collect()
}

#[test]
fn a_file_of_another_format_is_named_for_what_it_is_not() {
    let want_whatsapp = ImportOptions {
        settings: ImportSettings { expected_format: Some(ImportFormat::WhatsAppChat), ..utc_import_settings() },
        ..ImportOptions::default()
    };
    let err = refused(&import_fixture("sms-20260301213000.xml"), &want_whatsapp);
    assert!(matches!(err, ImportError::WrongFormat { expected: ImportFormat::WhatsAppChat, .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("doesn't look like a WhatsApp chat export"), "{text}");
    assert!(text.contains("SMS Backup & Restore"), "{text}");
    assert_eq!(err.code(), "wrong_format");

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("statement.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n").unwrap();
    let err = refused(&pdf, &options());
    assert!(matches!(err, ImportError::UnknownFormat), "{err}");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Shopping list\nmilk\neggs\n").unwrap();
    assert!(matches!(refused(&notes, &options()), ImportError::UnknownFormat));
    let other_xml = dir.path().join("feed.xml");
    std::fs::write(&other_xml, "<?xml version=\"1.0\"?>\n<rss><channel/></rss>\n").unwrap();
    assert!(matches!(refused(&other_xml, &options()), ImportError::UnknownFormat));
    let empty = dir.path().join("empty.xml");
    std::fs::write(&empty, "").unwrap();
    assert!(matches!(refused(&empty, &options()), ImportError::UnknownFormat));
}

#[test]
fn truncated_xml_is_reported_as_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read(import_fixture("sms-20260301213000.xml")).unwrap();
    for cut in [full.len() / 2, full.len() - 12, full.len() - 400] {
        let path = dir.path().join(format!("cut-{cut}.xml"));
        std::fs::write(&path, &full[..cut]).unwrap();
        let err = refused(&path, &options());
        assert!(
            matches!(err, ImportError::Truncated { format: ImportFormat::SmsBackupRestore }),
            "cut at {cut}: {err}"
        );
        assert!(err.to_string().contains("ends in the middle"));
    }
}

#[test]
fn broken_xml_in_the_middle_is_reported_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(import_fixture("sms-20260301213000.xml")).unwrap();
    let path = dir.path().join("broken.xml");
    std::fs::write(&path, text.replacen("</parts>", "</partz>", 1)).unwrap();
    let err = refused(&path, &options());
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("near byte"), "{err}");
}

#[test]
fn utf16_sms_backups_decode_like_utf8_ones() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(import_fixture("sms-20260301213000.xml")).unwrap().replace("UTF-8", "UTF-16");
    let utf8 = imported(&import_fixture("sms-20260301213000.xml"));
    for (name, bom, le) in [("le.xml", true, true), ("be.xml", true, false), ("le-nobom.xml", false, true)] {
        let mut bytes: Vec<u8> = Vec::new();
        if bom {
            bytes.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let utf16 = imported(&path);
        let titles = |l: &[casebook_core::EntrySummary]| l.iter().map(|e| e.fields.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&utf16), titles(&utf8), "{name}");
    }
}

#[test]
fn latin1_and_utf16_chat_exports_decode() {
    let dir = tempfile::tempdir().unwrap();
    let chat = "01/03/2026, 21:14 - +44 7700 900123: Caf\u{e9} at 9? \u{a3}20 says you come\n13/03/2026, 08:02 - +44 7700 900123: R\u{e9}ponds\n";
    let latin1: Vec<u8> = chat.chars().map(|c| c as u32 as u8).collect();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, latin1).unwrap();
    let list = imported(&path);
    assert_eq!(list[0].fields.narrative, "Caf\u{e9} at 9? \u{a3}20 says you come");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(chat.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let path = dir.path().join("utf16.txt");
    std::fs::write(&path, utf16).unwrap();
    assert_eq!(imported(&path)[1].fields.narrative, "R\u{e9}ponds");
}

#[test]
fn control_characters_are_stripped_from_bodies_but_lines_and_tabs_stay() {
    let dir = tempfile::tempdir().unwrap();
    let chat = "01/03/2026, 21:14 - +44 7700 900123: bell\u{7} and \u{1b}[31mred\u{1b}[0m\ttab\r\nnext line\u{0}\n13/03/2026, 08:02 - +44 7700 900123: x\n";
    let path = dir.path().join("ctrl.txt");
    std::fs::write(&path, chat).unwrap();
    let list = imported(&path);
    assert_eq!(list[0].fields.narrative, "bell and [31mred[0m\ttab\nnext line");
    assert!(!list[0].fields.title.chars().any(|c| c.is_control()));
}

fn write_zip(path: &Path, files: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn zips_with_names_that_escape_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let chat = std::fs::read(import_fixture("whatsapp-android-en-GB.txt")).unwrap();
    for evil in ["../../.bashrc", "/etc/cron.d/x", "media/../../x.jpg", "C:\\Windows\\x.dll"] {
        let path = dir.path().join("evil.zip");
        write_zip(&path, &[("WhatsApp Chat with Jon Doe.txt", &chat), (evil, b"x")]);
        let err = refused(&path, &options());
        assert!(matches!(&err, ImportError::UnsafeZipPath { name } if name == evil), "{evil}: {err}");
    }
}

#[test]
fn zip_bombs_are_refused_by_ratio_and_by_total_size() {
    let dir = tempfile::tempdir().unwrap();
    let chat = std::fs::read(import_fixture("whatsapp-android-en-GB.txt")).unwrap();
    let zeros = vec![0u8; 24 * 1024 * 1024];
    let path = dir.path().join("bomb.zip");
    write_zip(&path, &[("WhatsApp Chat with Jon Doe.txt", &chat), ("IMG-20260313-WA0001.jpg", &zeros)]);
    assert!(std::fs::metadata(&path).unwrap().len() < 200 * 1024, "the bomb is small on disk");
    let err = refused(&path, &options());
    assert!(matches!(err, ImportError::ZipBomb { .. }), "{err}");
}

#[test]
#[cfg_attr(windows, ignore = "counts this thread's reads in /proc/thread-self/io (Linux)")]
fn a_gigabyte_of_junk_is_refused_from_its_first_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.xml");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let head: Vec<u8> = (0..65_536)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    file.write_all(&head).unwrap();
    file.set_len(1024 * 1024 * 1024).unwrap(); // sparse: quick to make, 1 GiB to read
    drop(file);
    // Bounded by construction, not by luck: counted in bytes this thread read, not in seconds.
    let before = bytes_read_by_this_thread();
    let err = refused(&path, &options());
    assert!(matches!(err, ImportError::UnknownFormat), "{err}");
    let read = bytes_read_by_this_thread() - before;
    assert!(read < 16 * 1024 * 1024, "read {read} bytes of a 1 GiB file to refuse it");
    assert!(read >= 65_536, "the count must see the import's own reads (read {read})");
    // A gigabyte of zeros, too.
    let zeros = dir.path().join("zeros.txt");
    std::fs::File::create(&zeros).unwrap().set_len(1024 * 1024 * 1024).unwrap();
    let before = bytes_read_by_this_thread();
    assert!(matches!(refused(&zeros, &options()), ImportError::UnknownFormat));
    let read = bytes_read_by_this_thread() - before;
    assert!(read < 16 * 1024 * 1024, "read {read} bytes of 1 GiB of zeros to refuse it");
}

/// Bytes this thread has read through read(2) and friends (Linux's per-thread I/O counters).
fn bytes_read_by_this_thread() -> u64 {
    let io = std::fs::read_to_string("/proc/thread-self/io").unwrap();
    io.lines().find_map(|l| l.strip_prefix("rchar: ")).unwrap().trim().parse().unwrap()
}

#[test]
fn a_zip_without_a_chat_is_not_a_whatsapp_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photos.zip");
    write_zip(&path, &[("a.jpg", b"\xff\xd8\xff"), ("b.jpg", b"\xff\xd8\xff")]);
    assert!(matches!(refused(&path, &options()), ImportError::UnknownFormat));
}

/// Casebook's own files given as a phone's export (issue 10, bad input): a police pack (its one
/// `.txt`, README.txt, was taken for a chat), an advocate pack (a web page carrying an age file), a vault and a backup of
/// one. Each is named for what it is, in one sentence, and nothing is written.
#[test]
fn a_casebook_pack_or_vault_given_as_an_export_is_named_for_what_it_is() {
    use casebook_core::{ExportOptions, Recipient};
    use casebook_crypto::Passphrase;

    let mut made = new_vault();
    made.vault
        .add_entry(entry(casebook_core::EntryKind::TextMessage, "He texted at 21:04", "2026-03-01T21:04:00+00:00"))
        .unwrap();
    let dir = made.dir.path().to_owned();
    let police = dir.join("police-pack.zip");
    made.vault.export(&ExportOptions::default(), None, &police, &mut |_| true).unwrap();
    let advocate = dir.join("casebook-pack-for-advocate-2026-03-02.html");
    let options = ExportOptions { recipient: Recipient::Advocate, ..ExportOptions::default() };
    made.vault.export(&options, Some(&Passphrase::from("advocate passphrase")), &advocate, &mut |_| true).unwrap();
    let backup = dir.join("backup.casebook");
    made.vault.backup_to(&backup).unwrap();
    let vault_path = made.path.clone();
    made.vault.lock();

    for (path, what) in [
        (&police, "a Casebook evidence pack"),
        (&advocate, "a Casebook advocate pack"),
        (&vault_path, "a Casebook vault"),
        (&backup, "a Casebook vault"),
    ] {
        for options in [options_for(None), options_for(Some(ImportFormat::WhatsAppChat))] {
            let err = refused(path, &options);
            assert!(matches!(err, ImportError::CasebookFile { .. }), "{}: {err:?}", path.display());
            assert_eq!(err.code(), "casebook_file");
            let text = err.to_string();
            assert!(text.starts_with(&format!("this is {what}")), "{}: {text}", path.display());
            assert!(text.contains("nothing was imported"), "{text}");
            assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
        }
    }
}

fn options_for(expected: Option<ImportFormat>) -> ImportOptions {
    ImportOptions {
        settings: ImportSettings { expected_format: expected, ..utc_import_settings() },
        ..ImportOptions::default()
    }
}

#[test]
fn a_damaged_zip_is_called_a_damaged_zip_whatever_export_it_held() {
    // An Instagram download cut short in the browser: the zip's directory at its end is gone.
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.zip");
    write_zip(&whole, &[("your_instagram_activity/messages/inbox/jon_1/message_1.json", br#"{"participants":[]}"#)]);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("instagram-jon-2026-12-01.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = refused(&cut, &options());
    let words = err.to_string();
    assert!(!words.contains("WhatsApp"), "it was never said to be a WhatsApp export: {words}");
    assert!(words.contains("this .zip file is damaged or cut short"), "{words}");
    assert_eq!(err.code(), "malformed", "the app treats it as any damaged file");
}
