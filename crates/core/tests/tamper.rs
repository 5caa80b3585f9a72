//! Tampering with the vault file is detected, and the first broken record is named.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::{EntryKind, Vault};
use common::*;
use rusqlite::{Connection, params};

/// A vault with three entries (seqs 2, 3, 4) and one 2.5 MiB attachment (3 chunks) on the
/// first entry (seq 5), closed so everything is in the main file.
fn prepared() -> (TestVault, Vec<u8>) {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "first", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::TextMessage, "second", "2026-03-01T11:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::Sighting, "third", "2026-03-01T12:00:00+00:00")).unwrap();
    let original: Vec<u8> =
        (0..(2 * 1024 * 1024 + 512 * 1024)).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let info = tv.vault.attach(id, &mut &original[..], "photo.bin", "manual").unwrap();
    assert_eq!(info.seq, 5);
    (tv, original)
}

/// Locks, changes the file with SQL, reopens and checks; returns the first broken seq.
fn tamper_with_sql(tv: TestVault, sql: &str) -> (Option<i64>, Vec<String>) {
    let TestVault { dir, path, clock, vault, .. } = tv;
    vault.lock();
    let c = Connection::open(&path).unwrap();
    // Whoever tampers is free to switch off SQLite's own consistency rules.
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    c.execute_batch(sql).unwrap();
    drop(c);
    let v = unlock(&path, PASSPHRASE, &clock).unwrap();
    let report = v.check().unwrap();
    drop(dir);
    (report.first_broken_seq(), report.problems.iter().map(|p| p.detail.clone()).collect())
}

fn locked_path(tv: TestVault) -> (tempfile::TempDir, std::path::PathBuf, std::sync::Arc<casebook_core::ManualClock>) {
    let TestVault { dir, path, clock, vault, .. } = tv;
    vault.lock();
    (dir, path, clock)
}

fn sealed_of(path: &std::path::Path, seq: i64) -> Vec<u8> {
    let c = Connection::open(path).unwrap();
    c.query_row("SELECT sealed FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).unwrap()
}

fn flip_in_file(path: &std::path::Path, needle: &[u8], offset_in_needle: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.windows(needle.len()).position(|w| w == needle).expect("value is in the main file");
    bytes[at + offset_in_needle] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn an_untouched_vault_checks_clean() {
    let (tv, original) = prepared();
    let report = tv.vault.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!((report.records, report.attachments_verified), (5, 1));
    let mut out = Vec::new();
    tv.vault.read_attachment(1, &mut out).unwrap();
    assert_eq!(out, original);
}

#[test]
fn a_flipped_byte_in_a_sealed_record_is_named_by_seq() {
    let (tv, _) = prepared();
    let (_dir, path, clock) = locked_path(tv);
    let sealed = sealed_of(&path, 3);
    flip_in_file(&path, &sealed, 40);
    let report = unlock(&path, PASSPHRASE, &clock).unwrap().check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(3), "{:?}", report.problems);
}

#[test]
fn a_flipped_byte_in_a_stored_commitment_is_named_by_seq() {
    let (tv, _) = prepared();
    let (_dir, path, clock) = locked_path(tv);
    let commitment: Vec<u8> = Connection::open(&path)
        .unwrap()
        .query_row("SELECT commitment FROM ledger WHERE seq = 2", [], |r| r.get(0))
        .unwrap();
    flip_in_file(&path, &commitment, 5);
    let report = unlock(&path, PASSPHRASE, &clock).unwrap().check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(2), "{:?}", report.problems);
}

#[test]
fn a_flipped_byte_in_an_attachment_chunk_is_named() {
    let (tv, _) = prepared();
    let (_dir, path, clock) = locked_path(tv);
    let chunk: Vec<u8> = Connection::open(&path)
        .unwrap()
        .query_row("SELECT data FROM attachment_chunks WHERE attachment_id = 1 AND idx = 1", [], |r| r.get(0))
        .unwrap();
    flip_in_file(&path, &chunk[..64], 50);
    let v = unlock(&path, PASSPHRASE, &clock).unwrap();
    let report = v.check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(5), "{:?}", report.problems);
    assert!(report.problems[0].detail.contains("chunk 1"), "{:?}", report.problems);
    assert!(v.read_attachment(1, &mut Vec::new()).is_err(), "a damaged original is never handed out as good");
}

#[test]
fn an_envelope_moved_to_another_row_is_named() {
    let (tv, _) = prepared();
    let (first, _) =
        tamper_with_sql(tv, "UPDATE ledger SET sealed = (SELECT sealed FROM ledger WHERE seq = 2) WHERE seq = 4;");
    assert_eq!(first, Some(4));
}

#[test]
fn an_envelope_moved_to_another_column_is_named() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(
        tv,
        "UPDATE attachments SET thumbnail = (SELECT data FROM attachment_chunks WHERE attachment_id = 1 AND idx = 0) WHERE id = 1;",
    );
    assert_eq!(first, Some(5), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("thumbnail")));
}

#[test]
fn a_record_body_swapped_with_its_commitment_still_breaks_the_links() {
    let (tv, _) = prepared();
    // Swap records 3 and 4 wholesale (body and commitment): the links no longer agree.
    let (first, _) = tamper_with_sql(
        tv,
        "UPDATE ledger SET seq = -3 WHERE seq = 3; UPDATE ledger SET seq = 3 WHERE seq = 4; UPDATE ledger SET seq = 4 WHERE seq = -3;",
    );
    assert_eq!(first, Some(3));
}

#[test]
fn a_deleted_record_is_named() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(tv, "DELETE FROM ledger WHERE seq = 3;");
    assert_eq!(first, Some(3), "{problems:?}");
}

#[test]
fn a_changed_link_is_named() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(tv, "UPDATE ledger SET link = zeroblob(32) WHERE seq = 2;");
    assert_eq!(first, Some(2), "{problems:?}");
}

#[test]
fn a_changed_commitment_is_named() {
    let (tv, _) = prepared();
    let (first, _) = tamper_with_sql(tv, "UPDATE ledger SET commitment = zeroblob(32) WHERE seq = 2;");
    assert_eq!(first, Some(2));
}

#[test]
fn reordered_chunks_are_detected() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(
        tv,
        "UPDATE attachment_chunks SET idx = -1 WHERE attachment_id = 1 AND idx = 0;
         UPDATE attachment_chunks SET idx = 0 WHERE attachment_id = 1 AND idx = 1;
         UPDATE attachment_chunks SET idx = 1 WHERE attachment_id = 1 AND idx = -1;",
    );
    assert_eq!(first, Some(5), "{problems:?}");
}

#[test]
fn a_dropped_last_chunk_is_detected() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(
        tv,
        "DELETE FROM attachment_chunks WHERE attachment_id = 1 AND idx = 2; UPDATE attachments SET chunk_count = 2;",
    );
    assert_eq!(first, Some(5), "{problems:?}");
}

#[test]
fn a_dropped_middle_chunk_is_detected() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(tv, "DELETE FROM attachment_chunks WHERE attachment_id = 1 AND idx = 1;");
    assert_eq!(first, Some(5), "{problems:?}");
}

#[test]
fn a_duplicated_chunk_is_detected() {
    let (tv, _) = prepared();
    let (first, problems) = tamper_with_sql(
        tv,
        "INSERT INTO attachment_chunks (attachment_id, idx, data)
           SELECT attachment_id, 3, data FROM attachment_chunks WHERE attachment_id = 1 AND idx = 2;
         UPDATE attachments SET chunk_count = 4;",
    );
    assert_eq!(first, Some(5), "{problems:?}");
    let (tv, _) = prepared();
    let (first, _) = tamper_with_sql(
        tv,
        "UPDATE attachment_chunks SET data = (SELECT data FROM attachment_chunks WHERE attachment_id = 1 AND idx = 0)
         WHERE attachment_id = 1 AND idx = 1;",
    );
    assert_eq!(first, Some(5));
}

#[test]
fn a_signing_key_swapped_in_from_another_vault_is_refused_on_unlock() {
    let (tv, _) = prepared();
    let other = new_vault();
    let other_path = other.path.clone();
    other.vault.lock();
    let foreign: Vec<u8> = Connection::open(&other_path)
        .unwrap()
        .query_row("SELECT signing_key FROM vault_meta", [], |r| r.get(0))
        .unwrap();
    let (_dir, path, clock) = locked_path(tv);
    Connection::open(&path).unwrap().execute("UPDATE vault_meta SET signing_key = ?1", params![foreign]).unwrap();
    let err = unlock(&path, PASSPHRASE, &clock).unwrap_err();
    assert!(err.to_string().contains("damaged or was tampered"), "{err}");
}

#[test]
fn a_truncated_vault_file_is_refused_or_reported_never_silently_accepted() {
    let (tv, _) = prepared();
    let (_dir, path, clock) = locked_path(tv);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    match unlock(&path, PASSPHRASE, &clock) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(v) => assert!(!v.check().unwrap().is_ok()),
    }
    let _ = Vault::unlock; // the API under test
}

#[test]
fn a_trigger_added_to_the_schema_is_named() {
    let (tv, _) = prepared();
    let (seq, details) = tamper_with_sql(
        tv,
        "CREATE TRIGGER quietly AFTER INSERT ON ledger BEGIN UPDATE entries SET head_seq = 1; END;",
    );
    assert_eq!(seq, None);
    assert!(details.iter().any(|d| d.contains("schema") && d.contains("quietly")), "{details:?}");
}

#[test]
fn a_changed_default_in_the_stored_schema_is_named() {
    // A byte flip in a CREATE statement changes what later writes do, while every stored
    // value still opens: here new attachments would be born purged, and so never checked.
    let (tv, _) = prepared();
    let (seq, details) = tamper_with_sql(
        tv,
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = replace(sql, 'DEFAULT 0', 'DEFAULT 1') WHERE name = 'attachments';
         PRAGMA writable_schema = OFF;",
    );
    assert_eq!(seq, None);
    assert!(details.iter().any(|d| d.contains("schema") && d.contains("attachments")), "{details:?}");
}
