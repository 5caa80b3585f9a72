//! The sealed head: dropping the newest records (with their index rows), an attachment's row,
//! or one chunk passes every per-record check, because what remains still links up. `check`
//! names each against the head sealed at the end of the last transaction. A whole-file
//! rollback to an older copy is, by design, caught only against a head that left the device.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::EntryKind;
use common::*;
use rusqlite::Connection;

/// Entries at seqs 2, 3, 4; a 3-chunk attachment at seq 5 (attachment 1, on entry 1); two
/// more entries at seqs 6 and 7.
fn prepared() -> TestVault {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "first", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::TextMessage, "second", "2026-03-01T11:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::Sighting, "third", "2026-03-01T12:00:00+00:00")).unwrap();
    let original: Vec<u8> = (0..(2 * 1024 * 1024 + 512 * 1024)).map(|i: u32| (i % 251) as u8).collect();
    let info = tv.vault.attach(id, &mut &original[..], "photo.bin", "manual").unwrap();
    assert_eq!(info.seq, 5);
    tv.vault.add_entry(entry(EntryKind::Threat, "fourth", "2026-03-02T10:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::ApproachVisit, "fifth", "2026-03-02T11:00:00+00:00")).unwrap();
    assert!(tv.vault.check().unwrap().is_ok());
    tv
}

/// Locks, changes the file with SQL, reopens and checks: (first named seq, every detail).
fn tamper(tv: TestVault, sql: &str) -> (Option<i64>, Vec<String>) {
    let TestVault { dir, path, clock, vault, .. } = tv;
    vault.lock();
    let c = Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    c.execute_batch(sql).unwrap();
    drop(c);
    let v = unlock(&path, PASSPHRASE, &clock).unwrap();
    let report = v.check().unwrap();
    drop(dir);
    (report.first_broken_seq(), report.problems.iter().map(|p| p.detail.clone()).collect())
}

#[test]
fn dropping_the_newest_records_with_their_index_rows_is_named() {
    let (seq, details) = tamper(
        prepared(),
        "DELETE FROM entry_records WHERE seq >= 6; DELETE FROM entries WHERE created_seq >= 6; \
         DELETE FROM ledger WHERE seq >= 6;",
    );
    assert_eq!(seq, Some(6), "{details:?}");
    assert!(details.iter().any(|d| d.contains("records 6 to 7") && d.contains("removed")), "{details:?}");
}

#[test]
fn dropping_an_attachments_row_and_chunks_is_named_by_its_record() {
    let (seq, details) = tamper(
        prepared(),
        "DELETE FROM attachment_chunks WHERE attachment_id = 1; DELETE FROM attachments WHERE id = 1;",
    );
    assert_eq!(seq, Some(5), "{details:?}");
    assert!(details.iter().any(|d| d.contains("attachment 1") && d.contains("missing")), "{details:?}");
}

#[test]
fn dropping_one_chunk_is_named_by_its_record() {
    let (seq, details) = tamper(prepared(), "DELETE FROM attachment_chunks WHERE attachment_id = 1 AND idx = 2;");
    assert_eq!(seq, Some(5), "{details:?}");
}

#[test]
fn a_removed_or_altered_sealed_head_is_named() {
    let (_, details) = tamper(prepared(), "UPDATE vault_meta SET head = NULL;");
    assert!(details.iter().any(|d| d.contains("sealed head is missing")), "{details:?}");
    let (_, details) = tamper(prepared(), "UPDATE vault_meta SET head = zeroblob(length(head));");
    assert!(details.iter().any(|d| d.contains("sealed head does not open")), "{details:?}");
}

/// The limit, pinned so the threat model stays true: an older copy of the whole file is a
/// consistent vault. Only a head that left the device (a witness code, a pack) shows the loss.
#[test]
fn a_whole_file_rollback_to_an_older_copy_is_not_caught_by_check_alone() {
    let tv = prepared();
    let TestVault { dir, path, clock, vault, recovery } = tv;
    vault.lock();
    let older = std::fs::read(&path).unwrap();
    let mut tv = TestVault { vault: unlock(&path, PASSPHRASE, &clock).unwrap(), dir, path, clock, recovery };
    tv.vault.add_entry(entry(EntryKind::Other, "sixth", "2026-03-03T10:00:00+00:00")).unwrap();
    let TestVault { dir, path, clock, vault, .. } = tv;
    vault.lock();
    std::fs::write(&path, older).unwrap();
    let v = unlock(&path, PASSPHRASE, &clock).unwrap();
    assert!(v.check().unwrap().is_ok());
    drop(dir);
}

/// An SMS backup imported for Jon Doe (7 of his 9 items) on top of `prepared()`: the
/// "export imported" entry, its file, 7 entries and the `import_done` record.
fn imported() -> (TestVault, casebook_core::ImportReport) {
    use casebook_core::import::{ImportOptions, ImportSettings};
    let mut tv = prepared();
    tv.vault.set_case(common::case_with_jon()).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sms-20260301213000.xml");
    let options = ImportOptions {
        settings: ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() },
        ..ImportOptions::default()
    };
    let report = tv.vault.import(&path, &options, &mut |_, _| true).unwrap();
    assert_eq!(report.entry_ids.len(), 7);
    assert!(tv.vault.check().unwrap().is_ok());
    (tv, report)
}

/// The record that created entry `id`.
fn created_seq(tv: &TestVault, id: i64) -> i64 {
    let c = Connection::open(&tv.path).unwrap();
    c.query_row("SELECT created_seq FROM entries WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

#[test]
fn deleting_an_import_row_is_named_by_its_import_record() {
    let (tv, report) = imported();
    let (seq, details) = tamper(tv, "DELETE FROM imports;");
    assert_eq!(seq, report.ledger_seq, "{details:?}");
    assert!(details.iter().any(|d| d.contains("import 1 is missing")), "{details:?}");
}

#[test]
fn repointing_an_import_at_another_attachment_is_named_by_its_import_record() {
    let (tv, report) = imported();
    let (seq, details) = tamper(tv, "UPDATE imports SET source_attachment_id = 1;");
    assert_eq!(seq, report.ledger_seq, "{details:?}");
}

#[test]
fn deleting_an_imported_entry_row_is_named_by_the_entry_record() {
    let (tv, report) = imported();
    let entry = report.entry_ids[3];
    let want = created_seq(&tv, entry);
    let (seq, details) = tamper(tv, &format!("DELETE FROM imported_entries WHERE entry_id = {entry};"));
    assert_eq!(seq, Some(want), "{details:?}");
    assert!(details.iter().any(|d| d.contains(&format!("entry {entry}"))), "{details:?}");
}

#[test]
fn moving_an_imported_entry_to_another_import_is_named() {
    let (tv, report) = imported();
    let entry = report.entry_ids[0];
    let want = created_seq(&tv, entry);
    let (seq, details) = tamper(
        tv,
        &format!(
            "INSERT INTO imports (id, seq, record_entry_id, source_attachment_id) SELECT 2, seq, record_entry_id, \
             source_attachment_id FROM imports; UPDATE imported_entries SET import_id = 2 WHERE entry_id = {entry};"
        ),
    );
    assert!(seq.is_some_and(|s| s <= want), "{details:?}");
    assert!(details.iter().any(|d| d.contains("import 2")), "{details:?}");
}

#[test]
fn deleting_an_attachment_row_but_not_its_chunks_is_named_by_its_record() {
    let (seq, details) = tamper(prepared(), "DELETE FROM attachments WHERE id = 1;");
    assert_eq!(seq, Some(5), "{details:?}");
}

#[test]
fn deleting_the_export_files_chunk_is_named_by_its_record() {
    let (tv, report) = imported();
    let attachment = report.source_attachment_id.unwrap();
    let c = Connection::open(&tv.path).unwrap();
    let want: i64 = c.query_row("SELECT seq FROM attachments WHERE id = ?1", [attachment], |r| r.get(0)).unwrap();
    drop(c);
    let (seq, details) =
        tamper(tv, &format!("DELETE FROM attachment_chunks WHERE attachment_id = {attachment} AND idx = 0;"));
    assert_eq!(seq, Some(want), "{details:?}");
}

/// The newest import taken out whole: its records and every row it wrote in every table.
#[test]
fn dropping_the_newest_import_with_every_row_it_wrote_is_named() {
    let (tv, report) = imported();
    let first = created_seq(&tv, report.record_entry_id.unwrap());
    let (seq, details) = tamper(
        tv,
        &format!(
            "DELETE FROM imported_entries; DELETE FROM imports; \
             DELETE FROM attachment_chunks WHERE attachment_id IN (SELECT id FROM attachments WHERE seq >= {first}); \
             DELETE FROM attachments WHERE seq >= {first}; DELETE FROM entry_records WHERE seq >= {first}; \
             DELETE FROM entries WHERE created_seq >= {first}; DELETE FROM ledger WHERE seq >= {first};"
        ),
    );
    assert_eq!(seq, Some(first), "{details:?}");
    assert!(details.iter().any(|d| d.contains("removed")), "{details:?}");
}
