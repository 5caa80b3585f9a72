//! The KDF-downgrade attack: whoever holds a copy of the vault file flips the plain
//! `vault_meta.insecure_test_kdf` mark, hoping the vault then opens, or gets a new passphrase
//! slot, with the brute-forceable test parameters. Neither may happen, and no message may tell
//! them which switch a test build listens to.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::path::Path;

use casebook_core::{Credential, KdfPolicy, SystemClock, Vault, VaultError};
use casebook_crypto::Passphrase;

const REAL_PASSPHRASE: &str = "a real passphrase for a real vault";

fn real_vault(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("real.casebook");
    let (vault, _) = Vault::create(&path, REAL_PASSPHRASE.into(), KdfPolicy::Standard, Box::new(SystemClock)).unwrap();
    vault.lock();
    path
}

fn mark_as_test_vault(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute("UPDATE vault_meta SET insecure_test_kdf = 1", []).unwrap();
}

fn slot_params(path: &Path) -> (u32, u32, u32) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT m_kib, t_cost, p_cost FROM key_slots WHERE kind = 'passphrase'", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .unwrap()
}

fn open(path: &Path, policy: KdfPolicy) -> casebook_core::Result<Vault> {
    Vault::unlock(path, Credential::Passphrase(REAL_PASSPHRASE.into()), policy, Box::new(SystemClock))
}

#[test]
fn a_real_vault_marked_as_a_test_vault_is_refused_without_naming_any_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = real_vault(dir.path());
    mark_as_test_vault(&path);
    let err = open(&path, KdfPolicy::Standard).unwrap_err();
    assert!(matches!(err, VaultError::InsecureTestVault), "{err:?}");
    let message = err.to_string();
    assert!(!message.contains("CASEBOOK_") && !message.contains('='), "the refusal names a switch: {message}");
}

#[test]
fn a_real_vault_marked_as_a_test_vault_does_not_open_even_in_a_test_build() {
    let dir = tempfile::tempdir().unwrap();
    let path = real_vault(dir.path());
    mark_as_test_vault(&path);
    let before = std::fs::read(&path).unwrap();
    // The right passphrase, and a process that allows test vaults: the slot was wrapped under
    // associated data that says "real vault", so the forged mark makes it fail to unwrap.
    let err = open(&path, KdfPolicy::InsecureTestOnly).unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "a refused unlock changed the file");
}

#[test]
fn a_passphrase_change_in_a_test_process_keeps_a_real_vault_at_full_cost() {
    let dir = tempfile::tempdir().unwrap();
    let path = real_vault(dir.path());
    let mut vault = open(&path, KdfPolicy::InsecureTestOnly).unwrap();
    vault.change_passphrase(Passphrase::from("the new one")).unwrap();
    vault.lock();
    assert_eq!(slot_params(&path), (256 * 1024, 3, 1));
}

#[test]
fn a_test_vault_unmarked_by_hand_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.casebook");
    let (vault, _) = Vault::create(&path, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(SystemClock)).unwrap();
    vault.lock();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE vault_meta SET insecure_test_kdf = 0", []).unwrap();
    // Even with the slot's parameters raised to pass the floor check, the associated data
    // (parameters and kind of vault) no longer matches.
    c.execute("UPDATE key_slots SET m_kib = 262144, t_cost = 3", []).unwrap();
    drop(c);
    let err = Vault::unlock(&path, Credential::Passphrase("pw".into()), KdfPolicy::Standard, Box::new(SystemClock))
        .unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase), "{err:?}");
}
