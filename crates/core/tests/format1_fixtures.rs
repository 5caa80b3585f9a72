//! The committed format-1 vaults (`tests/fixtures/vaults/`) still open and pass `check`,
//! and hold what they were made with. They were made by the code of the commit that added
//! them, with `remake_format1_fixtures` below (see the README in that folder); the
//! migration tests start from them.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::{Credential, EntryFilter, KdfPolicy, RecoveryKey, Vault};
use common::vaults::*;
use common::*;

#[test]
fn every_committed_format1_vault_opens_and_passes_check() {
    for name in FIXTURES {
        let (_dir, path) = copy_fixture(name);
        let clock = fixture_clock();
        let vault = unlock(&path, PASSPHRASE, &clock).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = vault.check().unwrap();
        assert!(report.is_ok(), "{name}: {:?}", report.problems);
        assert!(report.records >= 1, "{name}");
    }
}

#[test]
fn the_diary_fixture_holds_its_entries_attachment_import_purge_and_checkpoint() {
    let (_dir, path) = copy_fixture("format1-diary.casebook");
    let recovery = std::fs::read_to_string(fixtures_dir().join("format1-diary.recovery")).unwrap();
    let clock = fixture_clock();
    let vault = Vault::unlock(
        &path,
        Credential::RecoveryKey(RecoveryKey::parse(recovery.trim()).unwrap()),
        KdfPolicy::InsecureTestOnly,
        Box::new(clock.clone()),
    )
    .unwrap();
    let list = vault.list_entries(&EntryFilter::default()).unwrap();
    let titles: Vec<&str> = list.iter().map(|e| e.fields.title.as_str()).collect();
    assert!(titles.contains(&"Saw him by the side entrance of work"), "{titles:?}");
    assert!(!titles.contains(&"A message I later removed"), "the purged entry is gone");
    assert!(list.iter().any(|e| e.retracted.is_some()), "the retracted entry is listed as retracted");
    let seen = list.iter().find(|e| e.fields.title == "Saw him by the side entrance of work").unwrap();
    let att = &vault.attachments_of(seen.id).unwrap()[0];
    let mut bytes = Vec::new();
    vault.read_attachment(att.id, &mut bytes).unwrap();
    assert_eq!(bytes, diary_png());
    assert!(vault.thumbnail(att.id).unwrap().is_some());
    assert_eq!(vault.imports().unwrap().len(), 1);
    // Case details written before the case had a region read as GB's.
    assert_eq!((vault.case().unwrap().default_region, vault.case().unwrap().region()), (None, "GB"));
    let purged = vault.entry(3).unwrap();
    assert!(purged.purge.is_some() && purged.versions.is_empty(), "entry 3 was purged: {purged:?}");
    let report = vault.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(vault.info().unwrap().format_version, 1);
}

/// Remakes the committed fixtures. They were made by a build that wrote format 1; since format
/// 2, this makes format 1 through `Vault::create_old_format`. Run by hand:
/// `cargo test -p casebook-core --features test-kdf --test format1_fixtures -- --ignored`.
#[test]
#[ignore = "remakes the committed fixtures; run by hand (see tests/fixtures/vaults/README.md)"]
fn remake_format1_fixtures() {
    let dir = fixtures_dir();
    for name in FIXTURES {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let clock = std::sync::Arc::new(casebook_core::ManualClock::new(utc("2026-03-01T21:00:00Z")));
    let (vault, _) = create_format1_at(&dir.join("format1-new.casebook"), &clock);
    vault.lock();
    let (mut vault, recovery) = create_format1_at(&dir.join("format1-diary.casebook"), &clock);
    fill_diary(&mut vault, &clock);
    vault.lock();
    std::fs::write(dir.join("format1-diary.recovery"), format!("{recovery}\n")).unwrap();
    for name in FIXTURES {
        for suffix in ["-wal", "-shm"] {
            assert!(!dir.join(format!("{name}{suffix}")).exists(), "{name}{suffix} left behind");
        }
    }
}
