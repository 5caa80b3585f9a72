//! Purge means gone, for imported entries too: the export file an import kept (SMS Backup &
//! Restore XML, a WhatsApp chat .zip, a mailbox) holds the purged item as well. After the
//! purge, a marker that was only in that item must be nowhere: not in the vault file or its
//! WAL, not in a backup made afterwards, not in any file still attached (the export file
//! included, as `extract` would give it), not in a pack that carries the export files. The
//! other entries' excerpts, cut from the re-cut file at the offsets they recorded, still verify.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::io::Write;
use std::path::{Path, PathBuf};

use casebook_core::import::{CorrespondentKey, CorrespondentKind, ImportOptions, ImportSettings};
use casebook_core::verify::{Verdict, verify_bundle};
use casebook_core::{CaseDetails, EntryFilter, EntrySource, ExportOptions, SourceFate, Vault};
use common::*;
use export_support::read_zip;

/// Only in the purged item.
const MARKER: &str = "CANARY-PURGE-5529";
/// Only in the purged item's photo (inside the chat .zip).
const PHOTO_MARKER: &str = "CANARY-PHOTO-8817";

/// Jon Doe, known by his phone number and his email address.
fn case() -> CaseDetails {
    case_with_jon_and_his_email()
}

fn options(only: Option<CorrespondentKey>) -> ImportOptions {
    ImportOptions {
        settings: ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() },
        correspondents: only.map(|k| vec![k]),
    }
}

fn sms_line(date_ms: u64, address: &str, body: &str) -> String {
    format!(
        "  <sms protocol=\"0\" address=\"{address}\" date=\"{date_ms}\" type=\"1\" subject=\"null\" body=\"{body}\" \
         toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" \
         sub_id=\"1\" readable_date=\"\" contact_name=\"Jon\" />\n"
    )
}

/// Jon's texts, the second one carrying the marker, and one from someone else.
fn sms_xml(jon_texts: usize, marked: usize) -> String {
    let mut xml = String::from("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n");
    for i in 0..jon_texts {
        let body = if i == marked { format!("Open the door {MARKER}") } else { format!("Message number {i}") };
        xml += &sms_line(1_772_399_640_000 + i as u64 * 60_000, "+447700900123", &body);
    }
    xml += &sms_line(1_772_399_000_000, "+447700900555", "Hello from Mum");
    xml += "</smses>\n";
    xml
}

const CHAT_TXT: &str = "13/03/2026, 21:15 - Jon Doe: I know where you live\r\n\
and I will find you\r\n\
13/03/2026, 21:16 - Mum: See you Friday\r\n\
13/03/2026, 21:17 - Jon Doe: IMG-20260313-WA0002.jpg (file attached)\r\n\
Look what I have CANARY-PURGE-5529\r\n\
13/03/2026, 21:18 - Jon Doe: Answer me\r\n";

fn chat_zip(dir: &Path) -> PathBuf {
    let path = dir.join("WhatsApp Chat with Jon Doe.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("WhatsApp Chat with Jon Doe.txt", deflated).unwrap();
    zip.write_all(CHAT_TXT.as_bytes()).unwrap();
    zip.start_file("IMG-20260313-WA0002.jpg", stored).unwrap();
    zip.write_all(format!("not really a photo {PHOTO_MARKER}").as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

fn jon_by_name() -> Option<CorrespondentKey> {
    Some(CorrespondentKey { kind: CorrespondentKind::Name, value: "jon doe".into() })
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every byte of every file still attached anywhere in `v`, unzipped where it is a ZIP.
fn attached_bytes(v: &Vault) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in v.list_entries(&EntryFilter::default()).unwrap() {
        for a in v.attachments_of(e.id).unwrap() {
            let mut bytes = Vec::new();
            v.read_attachment(a.id, &mut bytes).unwrap();
            if bytes.starts_with(b"PK\x03\x04") {
                for (name, data) in read_zip(&bytes) {
                    out.push((format!("{}!{name}", a.meta.original_name), data));
                }
            }
            out.push((a.meta.original_name.clone(), bytes));
        }
    }
    out
}

/// The entry whose current text holds `needle`.
fn entry_with(v: &Vault, needle: &str) -> i64 {
    v.list_entries(&EntryFilter::default())
        .unwrap()
        .into_iter()
        .find(|e| e.fields.title.contains(needle) || e.fields.narrative.contains(needle))
        .map(|e| e.id)
        .unwrap_or_else(|| panic!("no entry holds {needle}"))
}

/// The marker is nowhere a person, a thief or a recipient could reach after the purge.
fn assert_gone(tv: &mut TestVault, markers: &[&str]) {
    let report = tv.vault.check().unwrap();
    assert!(report.is_ok(), "check after the purge: {:#?}", report.problems);
    let raw = all_vault_bytes(&tv.path);
    let attached = attached_bytes(&tv.vault);
    let backup = tv.dir.path().join("after.casebook");
    tv.vault.backup_to(&backup).unwrap();
    let backup_raw = std::fs::read(&backup).unwrap();
    let backup_vault = unlock(&backup, PASSPHRASE, &tv.clock).unwrap();
    let backup_attached = attached_bytes(&backup_vault);
    drop(backup_vault);
    let pack = tv.dir.path().join("pack.zip");
    let options = ExportOptions { include_sources: true, ..ExportOptions::default() };
    tv.vault.export(&options, None, &pack, &mut |_| true).unwrap();
    let report = verify_bundle(&pack, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    let mut in_pack = Vec::new();
    for (name, data) in read_zip(&std::fs::read(&pack).unwrap()) {
        if data.starts_with(b"PK\x03\x04") {
            in_pack.extend(read_zip(&data).into_iter().map(|(n, d)| (format!("{name}!{n}"), d)));
        }
        in_pack.push((name, data));
    }
    for marker in markers {
        assert!(!contains(&raw, marker), "{marker} is in the vault file or its WAL");
        assert!(!contains(&backup_raw, marker), "{marker} is in the backup file");
        for (place, files) in [("vault", &attached), ("backup", &backup_attached), ("pack", &in_pack)] {
            for (name, data) in files.iter() {
                assert!(!contains(data, marker), "{marker} is in {name}, in the {place}");
            }
        }
    }
}

/// Each imported entry's excerpt, cut from the export file now attached at the offsets its
/// record gives, still has the SHA-256 it recorded.
fn excerpts_still_verify(v: &Vault) -> usize {
    let sources: Vec<Vec<u8>> = attached_bytes(v).into_iter().map(|(_, d)| d).collect();
    let mut n = 0;
    for e in v.list_entries(&EntryFilter::default()).unwrap() {
        if let EntrySource::Import { span: Some(span), .. } = &e.fields.source {
            let found = sources.iter().any(|s| {
                s.get(span.start as usize..span.end as usize).is_some_and(|b| {
                    use casebook_crypto::hash::{Digest, Sha256};
                    hex::encode(Sha256::digest(b)) == span.sha256
                })
            });
            assert!(found, "entry {}'s excerpt no longer matches the export file", e.id);
            n += 1;
        }
    }
    n
}

#[test]
fn a_purged_text_message_is_gone_from_the_sms_export_it_came_from() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = tv.dir.path().join("sms.xml");
    std::fs::write(&path, sms_xml(3, 1)).unwrap();
    tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    let victim = entry_with(&tv.vault, MARKER);

    let preview = tv.vault.purge_preview(victim).unwrap();
    assert!(matches!(preview.source, Some(SourceFate::Recut { .. })), "{preview:?}");
    tv.vault.purge_entry(victim, Some("typed by mistake")).unwrap();

    let history = tv.vault.entry(victim).unwrap();
    assert!(history.purge.is_some());
    assert_gone(&mut tv, &[MARKER]);
    assert_eq!(excerpts_still_verify(&tv.vault), 2);
}

#[test]
fn a_purged_chat_message_and_its_photo_are_gone_from_the_chat_zip() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = chat_zip(tv.dir.path());
    tv.vault.import(&path, &options(jon_by_name()), &mut |_, _| true).unwrap();
    let victim = entry_with(&tv.vault, MARKER);
    assert_eq!(tv.vault.attachments_of(victim).unwrap().len(), 1, "the photo came in with the message");

    tv.vault.purge_entry(victim, None).unwrap();

    assert_gone(&mut tv, &[MARKER, PHOTO_MARKER]);
    let files = attached_bytes(&tv.vault);
    assert!(files.iter().any(|(n, _)| n.ends_with("!WhatsApp Chat with Jon Doe.txt")), "the chat text stays");
    assert!(!files.iter().any(|(n, _)| n.ends_with("IMG-20260313-WA0002.jpg")), "the photo left the zip");
}

#[test]
fn a_purged_email_takes_its_whole_file_after_saying_so() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = tv.dir.path().join("jon.eml");
    std::fs::write(
        &path,
        format!(
            "From: Jon Doe <jon.doe@example.com>\nTo: Alex <alex@example.org>\nSubject: Last chance\n\
             Date: Sun, 1 Mar 2026 21:14:00 +0000\nMessage-ID: <jon-1@example.com>\n\
             Content-Type: text/plain; charset=utf-8\n\nYou will regret it {MARKER}\n"
        ),
    )
    .unwrap();
    tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    let victim = entry_with(&tv.vault, MARKER);
    let preview = tv.vault.purge_preview(victim).unwrap();
    match &preview.source {
        Some(SourceFate::Whole { source_name, other_entries, .. }) => {
            assert_eq!(source_name, "jon.eml");
            assert!(other_entries.is_empty(), "{other_entries:?}");
        }
        other => panic!("the file is the message: it goes whole, and the preview says so: {other:?}"),
    }
    tv.vault.purge_entry(victim, None).unwrap();
    assert_gone(&mut tv, &[MARKER]);
}

#[test]
fn purging_one_of_many_texts_recuts_the_shared_export_and_the_others_still_verify() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = tv.dir.path().join("many.xml");
    std::fs::write(&path, sms_xml(2_000, 1_234)).unwrap();
    tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    let victim = entry_with(&tv.vault, MARKER);
    tv.vault.purge_entry(victim, None).unwrap();
    assert_eq!(excerpts_still_verify(&tv.vault), 1_999);
    assert_gone(&mut tv, &[MARKER]);
}

#[test]
fn the_same_export_imported_again_after_a_purge_is_stored_whole_again() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = tv.dir.path().join("sms.xml");
    std::fs::write(&path, sms_xml(3, 1)).unwrap();
    tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    let victim = entry_with(&tv.vault, MARKER);
    tv.vault.purge_entry(victim, None).unwrap();
    // The person chooses to bring it back: the original comes in again, and every excerpt
    // (the re-imported one too) can be cut.
    let report = tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    assert_eq!(report.counts.imported, 1);
    assert_eq!(excerpts_still_verify(&tv.vault), 3);
    let pack = tv.dir.path().join("again.zip");
    tv.vault.export(&ExportOptions::default(), None, &pack, &mut |_| true).unwrap();
    assert_eq!(verify_bundle(&pack, None).verdict, Verdict::Valid);
    assert!(tv.vault.check().unwrap().is_ok());
}

/// Bad input: one text among 10,000 others from the same export. The purge re-cuts the file
/// once (blanking one span: the work is the file's size, not the others' count), every other
/// excerpt still cuts and verifies, and the preview says plainly what happens. When the file
/// cannot be re-cut (here: the import's own entry was retracted), the preview names how many
/// other entries lose their original excerpts, as a list the front ends count, not print.
/// The time it takes is measured in `make bench` (purge_bench), not asserted here.
#[test]
fn purging_one_text_of_ten_thousand_recuts_their_export_once_and_says_so_plainly() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let path = tv.dir.path().join("ten-thousand.xml");
    std::fs::write(&path, sms_xml(10_001, 5_000)).unwrap();
    let report = tv.vault.import(&path, &options(None), &mut |_, _| true).unwrap();
    let record = report.record_entry_id.unwrap();
    let victim = entry_with(&tv.vault, MARKER);
    let preview = tv.vault.purge_preview(victim).unwrap();
    assert_eq!(preview.source, Some(SourceFate::Recut { source_name: "ten-thousand.xml".into() }));
    let fate = tv.vault.purge_entry(victim, None).unwrap();
    assert_eq!(fate, preview.source);
    assert_eq!(excerpts_still_verify(&tv.vault), 10_000);
    assert!(!contains(&all_vault_bytes(&tv.path), MARKER), "the marker is in the vault file or its WAL");
    for (name, data) in attached_bytes(&tv.vault) {
        assert!(!contains(&data, MARKER), "the marker is in {name}");
    }

    // The same file, when it cannot be re-cut: the 9,999 others are counted for the person.
    tv.vault.retract_entry(record, "imported the wrong file").unwrap();
    let second = entry_with(&tv.vault, "Message number 7");
    match tv.vault.purge_preview(second).unwrap().source {
        Some(SourceFate::Whole { why, other_entries, .. }) => {
            assert!(why.contains("retracted"), "{why}");
            assert_eq!(other_entries.len(), 9_999);
        }
        other => panic!("a file attached to a retracted entry goes whole, and the preview says so: {other:?}"),
    }
}
