//! Shared helpers for the core scenario tests: temp vaults with a hand-set clock.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

pub mod audio;
pub mod images;
pub mod imported;
pub mod orders;
pub mod vaults;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use casebook_core::{Credential, EntryFields, EntryKind, KdfPolicy, ManualClock, RecoveryKey, Vault};
use casebook_crypto::Passphrase;
use chrono::{DateTime, Duration, FixedOffset, Utc};

pub const PASSPHRASE: &str = "correct horse battery staple";

pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub clock: Arc<ManualClock>,
    pub vault: Vault,
    pub recovery: RecoveryKey,
}

pub fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid RFC 3339 in test")
}

pub fn utc(s: &str) -> DateTime<Utc> {
    t(s).with_timezone(&Utc)
}

/// The case most import tests use: initials "AS" and one person, Jon Doe, known by the
/// phone number the fixtures' messages come from (written as the victim would type it).
pub fn case_with_jon() -> casebook_core::CaseDetails {
    use casebook_core::{CaseDetails, Identifier, IdentifierKind, Person};
    let jon = Person {
        id: 1,
        name: "Jon Doe".into(),
        relationship: None,
        description: None,
        identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() }],
    };
    CaseDetails { victim_initials: "AS".into(), persons: vec![jon], order_terms: None, default_region: None }
}

/// [`case_with_jon`] with Jon's email address too (for the mail and mixed-source tests).
pub fn case_with_jon_and_his_email() -> casebook_core::CaseDetails {
    use casebook_core::{Identifier, IdentifierKind};
    let mut case = case_with_jon();
    case.persons[0].identifiers.push(Identifier { kind: IdentifierKind::Email, value: "jon.doe@example.com".into() });
    case
}

/// A file under `tests/fixtures/import` (the stand-ins for phone exports).
pub fn import_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

/// Import settings with the phone's clock taken as UTC, so the fixtures' times read as written.
pub fn utc_import_settings() -> casebook_core::import::ImportSettings {
    casebook_core::import::ImportSettings {
        utc_offset: Some("+00:00".parse().unwrap()),
        ..casebook_core::import::ImportSettings::default()
    }
}

/// `s` with its ASCII digits written in another script's digits, from that script's zero
/// (e.g. U+0660 for Arabic-Indic), as a phone set to that language writes them.
pub fn digits(s: &str, zero: char) -> String {
    s.chars().map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(zero as u32 + d).unwrap_or(c))).collect()
}

/// A fresh test vault (tiny KDF) whose clock starts at 2026-03-01 21:00 UTC.
pub fn new_vault() -> TestVault {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("vault.casebook");
    let clock = Arc::new(ManualClock::new(utc("2026-03-01T21:00:00Z")));
    let (vault, recovery) =
        Vault::create(&path, Passphrase::from(PASSPHRASE), KdfPolicy::InsecureTestOnly, Box::new(clock.clone()))
            .expect("create vault");
    TestVault { dir, path, clock, vault, recovery }
}

impl TestVault {
    /// Locks and unlocks again with the passphrase.
    pub fn reopen(self) -> TestVault {
        let TestVault { dir, path, clock, vault, recovery } = self;
        vault.lock();
        let vault = unlock(&path, PASSPHRASE, &clock).expect("reopen");
        TestVault { dir, path, clock, vault, recovery }
    }

    pub fn tick(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }
}

pub fn unlock(path: &Path, passphrase: &str, clock: &Arc<ManualClock>) -> casebook_core::Result<Vault> {
    Vault::unlock(
        path,
        Credential::Passphrase(Passphrase::from(passphrase)),
        KdfPolicy::InsecureTestOnly,
        Box::new(clock.clone()),
    )
}

pub fn entry(kind: EntryKind, title: &str, at: &str) -> EntryFields {
    EntryFields::new(kind, title, t(at))
}

/// Every byte of the vault file and its WAL/SHM/rollback-journal siblings, concatenated.
pub fn all_vault_bytes(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if let Ok(bytes) = std::fs::read(p) {
            out.extend(bytes);
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
