//! What people run: a build without the `test-kdf` feature. The Makefile runs this file on
//! its own, without the feature and with the test switch set
//! (`CASEBOOK_INSECURE_TEST_KDF=1 cargo test -p casebook-core --test without_test_kdf`); in
//! `test-kdf` builds it is empty.
#![cfg(not(feature = "test-kdf"))]
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use casebook_core::{Credential, KdfPolicy, SystemClock, Vault, VaultError};

#[test]
fn the_test_switch_is_not_read_and_a_marked_vault_is_refused_without_naming_it() {
    // The Makefile runs this with CASEBOOK_INSECURE_TEST_KDF=1 set: a build without the feature
    // must not listen to it.
    assert_eq!(KdfPolicy::from_env(), KdfPolicy::Standard);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.casebook");
    let (vault, _) = Vault::create(&path, "a passphrase".into(), KdfPolicy::from_env(), Box::new(SystemClock)).unwrap();
    assert!(!vault.info().unwrap().insecure_test_kdf, "a build without the feature made a test vault");
    vault.lock();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE vault_meta SET insecure_test_kdf = 1", []).unwrap();
    drop(c);
    let err = Vault::unlock(
        &path,
        Credential::Passphrase("a passphrase".into()),
        KdfPolicy::from_env(),
        Box::new(SystemClock),
    )
    .unwrap_err();
    assert!(matches!(err, VaultError::InsecureTestVault), "{err:?}");
    assert!(!err.to_string().contains("CASEBOOK_"), "{err}");
}
