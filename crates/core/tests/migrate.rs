//! Vault format 1 → 2 (`Vault::migrate_format`, `casebook migrate`): from every committed
//! format-1 fixture nothing a person can see changes, no stored value or record changes, the
//! chain continues with one `vault_migrated` record, and `check` passes; a backup is made
//! first and opens as the old vault; a stop at any phase leaves a vault that opens; and a
//! vault from a newer Casebook is refused without a byte written.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::Cursor;

use casebook_core::{EntryKind, FORMAT_VERSION, MigrationStop, Vault, VaultError};
use common::vaults::*;
use common::*;

fn open(path: &std::path::Path) -> Vault {
    unlock(path, PASSPHRASE, &fixture_clock()).unwrap()
}

fn assert_checks(vault: &Vault, what: &str) {
    let report = vault.check().unwrap();
    assert!(report.is_ok(), "{what}: {:?}", report.problems);
}

#[test]
fn every_fixture_migrates_with_nothing_lost_and_the_chain_continuing() {
    for name in FIXTURES {
        let (dir, path) = copy_fixture(name);
        let mut vault = open(&path);
        assert_eq!(vault.format_version(), 1, "{name}");
        assert!(vault.needs_migration());
        let seen = snapshot(&vault);
        let (records, head) = vault.head().unwrap();
        let before = stored_rows(&path);

        let done = vault.migrate_format().unwrap();
        assert_eq!((done.from, done.to), (1, FORMAT_VERSION), "{name}");
        assert_eq!(done.seq, Some(records + 1), "{name}: one record, right after the old head");
        assert_eq!(vault.format_version(), FORMAT_VERSION);
        assert_checks(&vault, name);
        assert_eq!(snapshot(&vault), seen, "{name}: what a person sees changed");
        vault.lock();

        let after = stored_rows(&path);
        for ((sql, old), (_, new)) in before.iter().zip(&after) {
            if sql.contains("FROM ledger") {
                assert_eq!(&new[..old.len()], &old[..], "{name}: an old ledger row changed");
                assert_eq!(new.len(), old.len() + 1, "{name}");
            } else {
                assert_eq!(new, old, "{name}: {sql}");
            }
        }
        let conn = rusqlite::Connection::open(&path).unwrap();
        let prev: Vec<u8> =
            conn.query_row("SELECT prev_link FROM ledger WHERE seq = ?1", [records + 1], |r| r.get(0)).unwrap();
        assert_eq!(prev, head, "{name}: the new record links to the old head");
        drop(conn);

        let vault = open(&path);
        assert_eq!(vault.format_version(), FORMAT_VERSION, "{name}: reopened");
        assert_checks(&vault, name);
        assert_eq!(snapshot(&vault), seen);
        assert_eq!(stored_format(&path), FORMAT_VERSION);

        let backup = done.backup.unwrap();
        assert_eq!(backup.parent(), Some(dir.path()), "the backup is next to the vault");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(stored_format(&backup), 1);
        let old = open(&backup);
        assert_eq!(old.format_version(), 1);
        assert_checks(&old, "the backup");
        assert_eq!(snapshot(&old), seen, "{name}: the backup holds the old vault");
    }
}

#[test]
fn migrating_a_current_vault_does_nothing_and_writes_nothing() {
    let (dir, path) = copy_fixture("format1-new.casebook");
    let mut vault = open(&path);
    vault.migrate_format().unwrap();
    let head = vault.head().unwrap();
    let again = vault.migrate_format().unwrap();
    assert_eq!((again.from, again.to, again.backup, again.seq), (FORMAT_VERSION, FORMAT_VERSION, None, None));
    assert_eq!(vault.head().unwrap(), head);
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| { e.as_ref().unwrap().file_name().to_string_lossy().contains("backup") })
            .count(),
        1,
        "no second backup"
    );
}

/// The diary fixture with a 2.5 MiB attachment added, so there are several chunks to move.
fn diary_with_big_attachment() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let (dir, path) = copy_fixture("format1-diary.casebook");
    let mut vault = open(&path);
    let id = vault.add_entry(entry(EntryKind::Other, "A long recording", "2026-03-05T10:00:00+00:00")).unwrap();
    let bytes: Vec<u8> = (0..(5 * 1024 * 1024 / 2)).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    vault.attach(id, &mut Cursor::new(bytes), "recording.bin", "manual").unwrap();
    let seen = snapshot(&vault);
    vault.lock();
    (dir, path, seen)
}

#[test]
fn a_stop_at_any_phase_leaves_the_old_vault_which_opens_and_then_migrates() {
    for stop in [
        MigrationStop::AfterBackup,
        MigrationStop::AfterFirstChunk,
        MigrationStop::AfterSwap,
        MigrationStop::BeforeCommit,
    ] {
        let (_dir, path, seen) = diary_with_big_attachment();
        let rows = stored_rows(&path);
        let mut vault = open(&path);
        let err = vault.migrate_format_stopping_at(stop).unwrap_err();
        assert!(err.to_string().contains("stopped on purpose"), "{stop:?}: {err}");
        // What a killed process leaves is what SQLite's WAL makes of an uncommitted
        // transaction: nothing. Dropping the connection mid-transaction is that case.
        drop(vault);
        assert_eq!(stored_format(&path), 1, "{stop:?}");
        assert_eq!(stored_rows(&path), rows, "{stop:?}: the old vault is exactly as it was");
        let mut vault = open(&path);
        assert_eq!(vault.format_version(), 1, "{stop:?}");
        assert_checks(&vault, "after the stop");
        assert_eq!(snapshot(&vault), seen, "{stop:?}");
        vault.migrate_format().unwrap();
        assert_checks(&vault, "migrated after the stop");
        assert_eq!(snapshot(&vault), seen, "{stop:?}");
    }
}

#[test]
fn a_vault_from_a_newer_casebook_is_refused_naming_the_format_and_nothing_is_written() {
    let tv = new_vault();
    let path = tv.path.clone();
    tv.vault.lock();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE vault_meta SET format_version = ?1", [FORMAT_VERSION + 1]).unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let err = unlock(&path, PASSPHRASE, &tv.clock).unwrap_err();
    assert!(matches!(err, VaultError::UnsupportedFormat { found, .. } if found == FORMAT_VERSION + 1), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&format!("format {}", FORMAT_VERSION + 1)), "{message}");
    assert!(!message.trim_end_matches('.').contains(". "), "one sentence: {message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "a refused vault was written to");

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("UPDATE vault_meta SET format_version = {FORMAT_VERSION}; PRAGMA user_version = 99;"))
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let err = unlock(&path, PASSPHRASE, &tv.clock).unwrap_err();
    assert!(matches!(err, VaultError::NewerSchema { found: 99, .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "a refused vault was written to");
}

#[test]
fn a_format1_vault_made_by_the_test_constructor_works_and_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.casebook");
    let clock = fixture_clock();
    let (mut vault, _) = Vault::create_old_format(
        &path,
        PASSPHRASE.into(),
        casebook_core::KdfPolicy::InsecureTestOnly,
        Box::new(clock.clone()),
        1,
    )
    .unwrap();
    fill_diary(&mut vault, &clock);
    assert_eq!(vault.format_version(), 1);
    assert_checks(&vault, "format 1 as made");
    let seen = snapshot(&vault);
    vault.migrate_format().unwrap();
    assert_checks(&vault, "migrated");
    assert_eq!(snapshot(&vault), seen);
    let new = new_vault();
    assert_eq!(new.vault.format_version(), FORMAT_VERSION, "new vaults are made in the current format");
    assert_checks(&new.vault, "a new vault");
}

#[test]
fn the_offer_names_the_backup_the_migration_then_makes_and_is_gone_after() {
    let (_dir, path) = copy_fixture(FIXTURES[0]);
    let mut vault = open(&path);
    let offer = vault.migration_offer().unwrap().expect("a format-1 vault is offered the migration");
    assert_eq!((offer.from, offer.to), (1, FORMAT_VERSION));
    let folder = std::fs::canonicalize(path.parent().unwrap()).unwrap();
    assert_eq!(offer.backup_folder, folder, "the backup goes beside the vault");
    let done = vault.migrate_format().unwrap();
    let made = done.backup.unwrap();
    assert_eq!(made.file_name().unwrap().to_string_lossy(), offer.backup_name, "the offer named another file");
    assert!(vault.migration_offer().unwrap().is_none(), "offered again after migrating");
}
