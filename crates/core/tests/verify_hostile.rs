//! Files built to exhaust or mislead a checker are refused, in one sentence, before the checks
//! read them: `Verdict::Refused`, exit code 7. (Each is refused in bounded time and memory:
//! nothing but the ZIP's end record, directory and local headers, or the age header, is read.)
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::io::{Cursor, Write};

use casebook_core::verify::{MAX_FILES, PACK_SCRYPT_LOG_N};
use casebook_core::{Verdict, verify_bundle};
use casebook_crypto::Passphrase;
use export_support::*;

fn refused(dir: &std::path::Path, name: &str, bytes: &[u8], pass: Option<&Passphrase>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let report = verify_bundle(&path, pass);
    assert_eq!(report.verdict, Verdict::Refused, "{name}: {:#?}", report.checks);
    assert_eq!(report.verdict.exit_code(), 7);
    assert_eq!(report.checks.len(), 1);
    let sentence = report.checks[0].detail.clone();
    assert!(!sentence.contains('\n') && sentence.ends_with(|c: char| c.is_alphanumeric() || c == ')'), "{sentence}");
    sentence
}

#[test]
fn a_zip_of_seventy_thousand_entries_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..70_000 {
            zip.start_file(format!("exhibits/AB_{i}"), opts).unwrap();
        }
        zip.finish().unwrap();
    }
    let sentence = refused(dir.path(), "many.zip", &out.into_inner(), None);
    assert!(sentence.contains("70000 entries") && sentence.contains(&MAX_FILES.to_string()), "{sentence}");
}

#[test]
fn duplicate_names_symlinks_compressed_and_overlapping_entries_are_refused() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let original = std::fs::read(&pack).unwrap();
    let dir = s.tv.dir.path().to_owned();
    let files = read_zip(&original);

    // Two entries named README.txt: written as README.tx2, then renamed in both headers.
    let mut twice = files.clone();
    twice.push(("README.tx2".into(), b"Nothing to see here.".to_vec()));
    let mut bytes = write_zip(&twice);
    while let Some(at) = bytes.windows(10).position(|w| w == b"README.tx2") {
        bytes[at + 9] = b't';
    }
    assert!(refused(&dir, "twice.zip", &bytes, None).contains("same name"));

    // A symbolic link among the exhibits.
    let mut out = Cursor::new(write_zip(&files));
    {
        let mut zip = zip::ZipWriter::new_append(&mut out).unwrap();
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.add_symlink("exhibits/AB_9", "/etc/passwd", opts).unwrap();
        zip.finish().unwrap();
    }
    assert!(refused(&dir, "symlink.zip", &out.into_inner(), None).contains("symbolic link"));

    // A compressed entry (it could expand without bound).
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in &files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(refused(&dir, "deflated.zip", &out.into_inner(), None).contains("compressed"));

    // The first entry's sizes in the directory grown over the next entry's header.
    let mut bytes = original.clone();
    let cd = bytes.windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]).unwrap();
    for field in [cd + 20, cd + 24] {
        let n = u32::from_le_bytes(bytes[field..field + 4].try_into().unwrap()) + 100;
        bytes[field..field + 4].copy_from_slice(&n.to_le_bytes());
    }
    assert!(refused(&dir, "overlap.zip", &bytes, None).contains("overlaps"));
}

#[test]
fn an_advocate_pack_demanding_more_scrypt_work_than_casebook_uses_is_refused_before_any_work() {
    let mut s = scenario();
    let options = advocate_options(&s);
    let pack = export(&mut s, &options, "advocate.html");
    // The age file inside the page, on its own (tests/advocate_page.rs: the same in a page).
    let page = std::fs::read(&pack).unwrap();
    let (mut bytes, _) = casebook_pack::format::advocate::read_payload(&mut &page[..]).unwrap();
    // The scrypt stanza: "-> scrypt SALT 18"; ask for 2^40 instead.
    let stanza = bytes.windows(10).position(|w| w == b"-> scrypt ").unwrap();
    let eol = stanza + bytes[stanza..].iter().position(|b| *b == b'\n').unwrap();
    let own = format!(" {PACK_SCRYPT_LOG_N}");
    assert_eq!(&bytes[eol - own.len()..eol], own.as_bytes(), "packs are made with Casebook's own work factor");
    bytes.splice(eol - 2..eol, *b"40");
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let sentence = refused(s.tv.dir.path(), "greedy.zip.age", &bytes, Some(&pass));
    assert!(sentence.contains("2^40") && sentence.contains("nothing was decrypted"), "{sentence}");
}
