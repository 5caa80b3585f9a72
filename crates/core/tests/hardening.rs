//! Hardening found in review: each property named, each tested.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use casebook_core::{Credential, EntryKind, KdfPolicy, RecoveryKey, Vault, VaultError};
use casebook_crypto::Passphrase;
use common::*;
use rusqlite::Connection;

fn tamper(path: &std::path::Path, sql: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    c.execute_batch(sql).unwrap();
}

#[cfg(unix)]
#[test]
fn vault_and_backup_files_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let tv = new_vault();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&tv.path), 0o600);
    let out = tv.dir.path().join("copy.casebook");
    tv.vault.backup_to(&out).unwrap();
    assert_eq!(mode(&out), 0o600);
    let nested = tv.dir.path().join("new-dir").join("v.casebook");
    let (v, _) =
        Vault::create(&nested, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(casebook_core::SystemClock)).unwrap();
    drop(v);
    assert_eq!(mode(nested.parent().unwrap()), 0o700);
}

#[test]
fn a_slot_asking_for_absurd_memory_is_refused_before_the_kdf_runs() {
    let tv = new_vault();
    let path = tv.path.clone();
    tv.vault.lock();
    tamper(&path, "UPDATE key_slots SET m_kib = 1073741824 WHERE kind = 'passphrase';");
    let err = unlock(&path, PASSPHRASE, &tv.clock).unwrap_err();
    assert!(matches!(err, VaultError::Corrupt { .. }), "{err:?}");
}

#[test]
fn recovery_keys_must_have_exactly_32_characters() {
    let tv = new_vault();
    let shown = tv.recovery.expose_display().to_string();
    assert!(RecoveryKey::parse(&shown).is_ok());
    assert!(RecoveryKey::parse(&format!("{shown}A")).is_err());
    assert!(RecoveryKey::parse(&shown[..shown.len() - 1]).is_err());
}

#[test]
fn files_cannot_be_added_to_a_retracted_entry() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "x", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.retract_entry(id, "mistake").unwrap();
    let err = tv.vault.attach(id, &mut &b"late"[..], "late.txt", "manual").unwrap_err();
    assert!(matches!(err, VaultError::InvalidInput(_)), "{err:?}");
}

#[test]
fn a_real_vault_keeps_full_strength_slots_whatever_switch_the_process_has() {
    // A real vault opened by a process that may make test vaults must not get weak slots.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real.casebook");
    let (v, _) =
        Vault::create(&path, "first passphrase".into(), KdfPolicy::Standard, Box::new(casebook_core::SystemClock))
            .unwrap();
    v.lock();
    let mut v = Vault::unlock(
        &path,
        Credential::Passphrase("first passphrase".into()),
        KdfPolicy::InsecureTestOnly,
        Box::new(casebook_core::SystemClock),
    )
    .unwrap();
    v.change_passphrase(Passphrase::from("second passphrase")).unwrap();
    drop(v);
    let m: u32 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT m_kib FROM key_slots WHERE kind = 'passphrase'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(m, 256 * 1024);
}

#[test]
fn a_failed_unlock_after_a_crash_leaves_the_main_file_byte_identical() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "pending in the WAL", "2026-03-01T10:00:00+00:00")).unwrap();
    // Simulate a crash: copy the files while the WAL still holds the last commit.
    let crashed = tv.dir.path().join("crashed.casebook");
    for suffix in ["", "-wal"] {
        std::fs::copy(format!("{}{suffix}", tv.path.display()), format!("{}{suffix}", crashed.display())).unwrap();
    }
    assert!(std::fs::metadata(format!("{}-wal", crashed.display())).unwrap().len() > 0);
    let before = std::fs::read(&crashed).unwrap();
    assert!(matches!(unlock(&crashed, "wrong", &tv.clock).unwrap_err(), VaultError::WrongPassphrase));
    assert_eq!(std::fs::read(&crashed).unwrap(), before);
    let v = unlock(&crashed, PASSPHRASE, &tv.clock).unwrap();
    assert_eq!(v.list_entries(&Default::default()).unwrap()[0].fields.title, "pending in the WAL");
}

#[test]
fn check_names_an_index_pointer_moved_to_another_entrys_record() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "a", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::Call, "b", "2026-03-01T11:00:00+00:00")).unwrap();
    let path = tv.path.clone();
    tv.vault.lock();
    // Entry 2 now shows entry 1's content.
    tamper(&path, "UPDATE entries SET head_seq = 2 WHERE id = 2;");
    let report = unlock(&path, PASSPHRASE, &tv.clock).unwrap().check().unwrap();
    assert!(!report.is_ok());
    assert!(report.problems.iter().any(|p| p.detail.contains("entry 2")), "{:?}", report.problems);
}

#[test]
fn check_names_an_entry_hidden_by_a_fake_purge_and_a_blanked_body() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Threat, "threat", "2026-03-01T10:00:00+00:00")).unwrap();
    let path = tv.path.clone();
    tv.vault.lock();
    tamper(&path, "UPDATE entries SET purge_seq = 1 WHERE id = 1; UPDATE ledger SET sealed = NULL WHERE seq = 2;");
    let report = unlock(&path, PASSPHRASE, &tv.clock).unwrap().check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(2), "{:?}", report.problems);
    assert!(report.problems.iter().any(|p| p.detail.contains("no purge record")), "{:?}", report.problems);
}
