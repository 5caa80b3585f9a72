//! Creating, unlocking, locking, re-keying and backing up vaults, and refusing what is not
//! a vault, without ever changing a file it cannot open.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::{Credential, EntryKind, KdfPolicy, RecoveryKey, SystemClock, Vault, VaultError};
use casebook_crypto::Passphrase;
use common::*;

fn open_with(path: &std::path::Path, cred: Credential, policy: KdfPolicy) -> casebook_core::Result<Vault> {
    Vault::unlock(path, cred, policy, Box::new(SystemClock))
}

#[test]
fn a_new_vault_unlocks_with_its_passphrase_and_with_its_recovery_key() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "Withheld number", "2026-03-01T20:55:00+00:00")).unwrap();
    let recovery = RecoveryKey::parse(&tv.recovery.expose_display()).unwrap();
    let tv = tv.reopen();
    assert_eq!(tv.vault.entry(id).unwrap().versions[0].fields.title, "Withheld number");
    let path = tv.path.clone();
    tv.vault.lock();
    let v = open_with(&path, Credential::RecoveryKey(recovery), KdfPolicy::InsecureTestOnly).unwrap();
    assert_eq!(v.list_entries(&Default::default()).unwrap().len(), 1);
}

#[test]
fn the_first_record_says_the_vault_was_created_at_the_clock_time() {
    let tv = new_vault();
    let info = tv.vault.info().unwrap();
    assert_eq!(info.records, 1);
    assert!(info.insecure_test_kdf);
    assert_eq!(info.fingerprint.split(' ').count(), 16);
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn wrong_passphrase_is_refused_and_the_file_is_byte_identical() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Sighting, "Outside work", "2026-03-01T08:00:00+00:00")).unwrap();
    let path = tv.path.clone();
    tv.vault.lock();
    let before = std::fs::read(&path).unwrap();
    for _ in 0..3 {
        let err = unlock(&path, "wrong guess", &tv.clock).unwrap_err();
        assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "a failed unlock changed the vault file");
    assert!(unlock(&path, PASSPHRASE, &tv.clock).is_ok(), "failed attempts must never lock the owner out");
}

#[test]
fn a_missing_vault_is_not_created_by_unlocking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing-here.casebook");
    let err = open_with(&path, Credential::Passphrase("x".into()), KdfPolicy::InsecureTestOnly).unwrap_err();
    assert!(matches!(err, VaultError::NotFound(_)), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn foreign_files_and_plain_sqlite_databases_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("photo.jpg");
    std::fs::write(&junk, b"\xff\xd8\xff\xe0 not a vault at all, but a person's file").unwrap();
    let empty = dir.path().join("empty");
    std::fs::write(&empty, b"").unwrap();
    let plain = dir.path().join("plain.sqlite");
    {
        let c = rusqlite::Connection::open(&plain).unwrap();
        c.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('keep me');").unwrap();
    }
    for path in [&junk, &empty, &plain] {
        let before = std::fs::read(path).unwrap();
        let err = open_with(path, Credential::Passphrase("x".into()), KdfPolicy::InsecureTestOnly).unwrap_err();
        assert!(matches!(err, VaultError::NotAVault(_)), "{}: {err:?}", path.display());
        assert_eq!(std::fs::read(path).unwrap(), before, "{} was modified", path.display());
    }
}

#[test]
fn creating_over_an_existing_file_is_refused_and_it_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("existing");
    std::fs::write(&path, b"precious").unwrap();
    let err = Vault::create(&path, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(SystemClock)).unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists(_)), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");
}

#[test]
fn an_insecure_test_vault_refuses_to_open_without_the_switch() {
    let tv = new_vault();
    let path = tv.path.clone();
    tv.vault.lock();
    let err = open_with(&path, Credential::Passphrase(PASSPHRASE.into()), KdfPolicy::Standard).unwrap_err();
    assert!(matches!(err, VaultError::InsecureTestVault), "{err:?}");
    assert!(!err.to_string().contains("CASEBOOK_INSECURE_TEST_KDF"), "the refusal must not name the switch");
}

#[test]
fn a_vault_whose_kdf_was_weakened_is_refused() {
    let tv = new_vault();
    let path = tv.path.clone();
    tv.vault.lock();
    // Pretend to be a normal vault: clear the test flag. Its slots are below the floor.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE vault_meta SET insecure_test_kdf = 0", []).unwrap();
    drop(c);
    let err = open_with(&path, Credential::Passphrase(PASSPHRASE.into()), KdfPolicy::Standard).unwrap_err();
    assert!(matches!(err, VaultError::WeakKdf), "{err:?}");
}

#[test]
fn tampered_slot_parameters_do_not_unwrap() {
    let tv = new_vault();
    let path = tv.path.clone();
    tv.vault.lock();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE key_slots SET t_cost = t_cost + 1 WHERE kind = 'passphrase'", []).unwrap();
    drop(c);
    let err = unlock(&path, PASSPHRASE, &tv.clock).unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
}

#[test]
fn a_real_vault_uses_argon2id_at_256_mib() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real.casebook");
    let (vault, _) =
        Vault::create(&path, "a real passphrase".into(), KdfPolicy::Standard, Box::new(SystemClock)).unwrap();
    assert!(!vault.info().unwrap().insecure_test_kdf);
    vault.lock();
    let c = rusqlite::Connection::open(&path).unwrap();
    let (m, t, p): (u32, u32, u32) = c
        .query_row("SELECT m_kib, t_cost, p_cost FROM key_slots WHERE kind = 'passphrase'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((m, t, p), (256 * 1024, 3, 1));
}

#[test]
fn changing_the_passphrase_keeps_the_data_and_the_recovery_key() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Threat, "Voicemail threat", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.change_passphrase(Passphrase::from("a new passphrase")).unwrap();
    let path = tv.path.clone();
    let recovery = RecoveryKey::parse(&tv.recovery.expose_display()).unwrap();
    tv.vault.lock();
    assert!(matches!(unlock(&path, PASSPHRASE, &tv.clock).unwrap_err(), VaultError::WrongPassphrase));
    let v = unlock(&path, "a new passphrase", &tv.clock).unwrap();
    assert_eq!(v.list_entries(&Default::default()).unwrap().len(), 1);
    assert!(v.check().unwrap().is_ok());
    v.lock();
    assert!(open_with(&path, Credential::RecoveryKey(recovery), KdfPolicy::InsecureTestOnly).is_ok());
}

#[test]
fn rekey_reencrypts_everything_and_replaces_the_recovery_key() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "Call at night", "2026-03-01T02:00:00+00:00")).unwrap();
    tv.vault.attach(id, &mut &b"voicemail transcript, several lines"[..], "transcript.txt", "manual").unwrap();
    let old_recovery = RecoveryKey::parse(&tv.recovery.expose_display()).unwrap();
    // Every sealed blob as it is before re-keying.
    let old_blobs: Vec<Vec<u8>> = {
        let c = rusqlite::Connection::open(&tv.path).unwrap();
        let mut s = c.prepare("SELECT sealed FROM ledger UNION ALL SELECT data FROM attachment_chunks").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let new_recovery = RecoveryKey::generate();
    tv.vault.rekey(Passphrase::from(PASSPHRASE), &new_recovery).unwrap();
    assert!(tv.vault.check().unwrap().is_ok());
    let path = tv.path.clone();
    let clock = tv.clock.clone();
    tv.vault.lock();
    let on_disk = all_vault_bytes(&path);
    for blob in &old_blobs {
        assert!(!contains(&on_disk, &blob[1..33]), "old ciphertext survived the re-key");
    }
    let err = open_with(&path, Credential::RecoveryKey(old_recovery), KdfPolicy::InsecureTestOnly).unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
    let v = open_with(&path, Credential::RecoveryKey(new_recovery), KdfPolicy::InsecureTestOnly).unwrap();
    let h = v.entry(id).unwrap();
    assert_eq!(h.versions[0].fields.title, "Call at night");
    let mut out = Vec::new();
    v.read_attachment(h.attachments[0].id, &mut out).unwrap();
    assert_eq!(out, b"voicemail transcript, several lines");
    v.lock();
    assert!(unlock(&path, PASSPHRASE, &clock).is_ok());
}

#[test]
fn rekey_with_the_wrong_passphrase_changes_nothing() {
    let mut tv = new_vault();
    let before = tv.vault.info().unwrap();
    let err = tv.vault.rekey(Passphrase::from("not it"), &RecoveryKey::generate()).unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
    assert_eq!(tv.vault.info().unwrap(), before);
    let _ = tv.reopen();
}

#[test]
fn a_backup_opens_like_any_vault_and_refuses_to_overwrite() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Email, "Email from new address", "2026-02-27T12:00:00+00:00")).unwrap();
    let out = tv.dir.path().join("backup.casebook");
    tv.vault.backup_to(&out).unwrap();
    let err = tv.vault.backup_to(&out).unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists(_)), "{err:?}");
    let b = unlock(&out, PASSPHRASE, &tv.clock).unwrap();
    assert_eq!(b.list_entries(&Default::default()).unwrap()[0].fields.title, "Email from new address");
    assert!(b.check().unwrap().is_ok());
    assert_eq!(b.info().unwrap().head, tv.vault.info().unwrap().head);
}

#[test]
fn two_connections_to_one_vault_write_safely_in_turn() {
    let mut tv = new_vault();
    let mut other = unlock(&tv.path, PASSPHRASE, &tv.clock).unwrap();
    let a = tv.vault.add_entry(entry(EntryKind::Call, "from the app", "2026-03-01T09:00:00+00:00")).unwrap();
    let b = other.add_entry(entry(EntryKind::Call, "from the CLI", "2026-03-01T09:01:00+00:00")).unwrap();
    assert_ne!(a, b);
    assert!(tv.vault.check().unwrap().is_ok());
    assert_eq!(tv.vault.list_entries(&Default::default()).unwrap().len(), 2);
}

#[test]
fn a_held_write_lock_is_reported_as_busy_not_as_damage() {
    let mut tv = new_vault();
    let holder = rusqlite::Connection::open(&tv.path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // The vault waits up to its busy timeout; shorten the wait for the test via a second handle.
    let started = std::time::Instant::now();
    let err = tv.vault.add_entry(entry(EntryKind::Call, "blocked", "2026-03-01T09:00:00+00:00")).unwrap_err();
    assert!(matches!(err, VaultError::Busy), "{err:?}");
    assert!(started.elapsed().as_secs() >= 1);
    holder.execute_batch("ROLLBACK").unwrap();
    tv.vault.add_entry(entry(EntryKind::Call, "now fine", "2026-03-01T09:00:00+00:00")).unwrap();
}

/// Windows: the vault's default place is the local application data folder, never the roaming
/// one, which a domain profile copies to the employer's or school's servers (issue 19).
#[cfg(windows)]
#[test]
fn on_windows_the_default_vault_is_in_local_app_data_not_the_roaming_profile() {
    let path = casebook_core::default_vault_path().unwrap();
    let local = std::path::PathBuf::from(std::env::var_os("LOCALAPPDATA").unwrap());
    let roaming = std::path::PathBuf::from(std::env::var_os("APPDATA").unwrap());
    assert!(path.starts_with(&local), "{} is not under {}", path.display(), local.display());
    assert!(!path.starts_with(&roaming), "{} is under the roaming {}", path.display(), roaming.display());
    assert!(path.ends_with("casebook\\data\\vault.casebook"), "{}", path.display());
}
