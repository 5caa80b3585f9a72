//! Checking an evidence pack, as whoever receives one would: `casebook verify PACK.zip`,
//! the app's "Check a pack", and (in the browser, with the same checks and the same names)
//! the pack's own verify.html.
//!
//! Nothing here needs the vault: only the pack (this crate links no SQLite and no casebook-core). Every check runs, even after one fails, so
//! the report says everything that is wrong; the verdict is [`Verdict::Valid`] only if every
//! check passed.
//!
//! | check | what it proves |
//! | --- | --- |
//! | `pack` | a ZIP of Stored files with exactly the expected names, none twice |
//! | `signature` | manifest.sig is the manifest's key's Ed25519 signature over manifest.json; public-key.pem is that key |
//! | `key` | record 1 (the vault's creation) names the same key and vault id |
//! | `files` | every file's SHA-256 and size match the manifest, and the manifest lists every file |
//! | `sha256sums` | SHA256SUMS lists every file with its right SHA-256 (what `sha256sum -c` checks) |
//! | `chain` | every link recomputes, each links to the one before, the head is the manifest's |
//! | `commitments` | each disclosed body and salt give its record's commitment |
//! | `checkpoints` | each disclosed checkpoint is signed by the key and names a link in the chain |
//! | `exhibits` | each original's SHA-256 and size match its committed `attachment_added` record |
//! | `timestamps` | each RFC 3161 reply in `timestamps/` is over its anchor file, the anchor file is this pack's key and link at that record, and the token is signed by the certificate it carries, valid then and made for time-stamping (whether that TSA is one to trust: `openssl ts -verify -CAfile`) |
//! | `times` | recorded times never go backwards, unless the vault itself flagged it at the time |
//! | `counts` | the disclosed, withheld and purged records are as the manifest states |
//! | `entries` | entries.json (what the app and the report show) says exactly what the committed bodies say |
//! | `report` | only from [`check_report`] (`casebook verify`, the app), given a [`RedrawReport`]: report.pdf drawn again from the disclosed records is the pack's, byte for byte (same version only) |
//! | `anchor` | only when something is expected ([`Expected`]): the key is the expected one, and the chain passes through every witness code's checkpoint |
//!
//! Every check but `anchor` proves only that the pack is internally consistent and signed by
//! the key it names: a forger who rewrites a pack and signs it with a key of their own passes
//! them all. Only `anchor` ties the key to a person (see expect.rs); without it the report's
//! `anchored` is false and no front end may call the pack "exactly as Casebook made it".
//!
//! Exit codes for the CLI ([`Verdict::exit_code`]): 0 valid, 3 wrong or missing passphrase
//! for an encrypted pack, 4 not a Casebook pack, 5 invalid (tampered or damaged), 6 signed by
//! another key than the expected one, 7 refused as hostile or over the limits, 8 intact but not
//! passing through a witness code's checkpoint.

mod checks;
mod entries;
mod exhibit;
mod expect;
mod hostile;
mod pack;
mod report;
mod stamps;
mod words;

pub use exhibit::{ExhibitReport, ExhibitVerdict, verify_exhibit};
pub use expect::{ExpectError, Expected, Fingerprint, witnessed_up_to};
pub use hostile::MAX_DIRECTORY_BYTES;
pub use pack::{MAX_FILES, OpenError, PACK_SCRYPT_LOG_N, Pack, PackKey, ReadSeek, is_encrypted, is_locked_to_key};
pub use report::{RedrawReport, ReportOutcome, check_report, check_report_in, compare as compare_report};

use std::path::Path;

use casebook_crypto::Passphrase;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::witness::WitnessCheck;

/// The outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed.
    Valid,
    /// At least one check failed: the pack was changed after it was made, or is damaged.
    Invalid,
    /// Not a Casebook pack (not a ZIP, or no readable manifest.json).
    NotAPack,
    /// An encrypted pack, and no passphrase was given.
    NeedsPassphrase,
    /// An encrypted pack, and the passphrase does not open it.
    WrongPassphrase,
    /// A pack encrypted to a recipient's key, and no identity file was given.
    NeedsKey,
    /// A pack encrypted to another recipient's key than the identity given.
    WrongKey,
    /// Every internal check passed, but the pack is signed by another key than the expected
    /// one: it was not made by the diary whose key card the checker holds.
    KeyMismatch,
    /// Every internal check passed, but the chain does not pass through a witness code's
    /// checkpoint (or ends before it): its records up to that code's number, or its key, were
    /// changed, rebuilt or forged after the code was sent, or the code is another diary's.
    WitnessMismatch,
    /// Refused unread: the file is built to exhaust the checker (too many entries, overlapping
    /// entries, an encryption work factor above Casebook's own ...).
    Refused,
}

impl Verdict {
    /// The process exit code `casebook verify` uses: 0 valid, 3 passphrase needed or wrong,
    /// 4 not a pack, 5 invalid, 6 another key than expected, 7 refused, 8 a witness code that
    /// does not match. (2 is a usage error.)
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Valid => 0,
            Verdict::NeedsPassphrase | Verdict::WrongPassphrase | Verdict::NeedsKey | Verdict::WrongKey => 3,
            Verdict::NotAPack => 4,
            Verdict::Invalid => 5,
            Verdict::KeyMismatch => 6,
            Verdict::Refused => 7,
            Verdict::WitnessMismatch => 8,
        }
    }

    /// One word for the verdict line, as verify.html shows it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Valid => "VALID",
            Verdict::Invalid => "INVALID",
            Verdict::NotAPack => "NOT A PACK",
            Verdict::NeedsPassphrase => "ENCRYPTED",
            Verdict::WrongPassphrase => "WRONG PASSPHRASE",
            Verdict::NeedsKey => "FOR A RECIPIENT'S KEY",
            Verdict::WrongKey => "ANOTHER RECIPIENT'S KEY",
            Verdict::KeyMismatch => "NOT THE EXPECTED KEY",
            Verdict::Refused => "REFUSED",
            Verdict::WitnessMismatch => "WITNESS MISMATCH",
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Check {
    /// Stable name (`signature`, `chain` ...), the same in verify.html.
    pub name: String,
    /// Whether it passed.
    pub ok: bool,
    /// What was found, in plain words.
    pub detail: String,
}

/// Facts about the pack, as its manifest states them (trust them only if the verdict is valid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PackFacts {
    /// `police` or `advocate`.
    pub recipient: String,
    /// When it was made (the vault clock).
    pub exported_at: DateTime<Utc>,
    /// The signing key's fingerprint: compare it with the one the person's app shows.
    pub fingerprint: String,
    /// The chain head the pack carries.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub head_seq: i64,
    /// Entries disclosed.
    pub entries: u64,
    /// Exhibit files.
    pub exhibits: u64,
    /// Records disclosed, withheld, purged.
    pub disclosed_records: u64,
    /// Records present only as links.
    pub withheld_records: u64,
    /// Records erased by purges.
    pub purged_records: u64,
    /// Whether the pack was encrypted.
    pub encrypted: bool,
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct VerifyReport {
    /// The outcome.
    pub verdict: Verdict,
    /// One line per check, in a fixed order.
    pub checks: Vec<Check>,
    /// What the manifest says, when there is one.
    pub facts: Option<PackFacts>,
    /// Whether the pack was compared with something from outside it (an expected fingerprint
    /// or witness code) and matched. False means: internally consistent at best, made by
    /// whoever holds the key it names.
    pub anchored: bool,
    /// Whether an expected fingerprint was given and the pack's key is that one (so a front end
    /// can say so beside a matching witness code without reading the `anchor` check's words).
    #[serde(default)]
    pub key_matched: bool,
    /// One result per witness code given, in the order given; empty when none was given or
    /// the pack failed its own checks (a damaged pack's links are not compared).
    #[serde(default)]
    pub witnesses: Vec<WitnessCheck>,
    /// The verdict in one sentence, from what was given and what matched: every front end
    /// shows this one (words.rs), never wording of its own.
    #[serde(default)]
    pub headline: String,
    /// What a match proves, or what a mismatch means (may be empty).
    #[serde(default)]
    pub meaning: String,
}

impl VerifyReport {
    /// Whether the pack is valid.
    pub fn is_valid(&self) -> bool {
        self.verdict == Verdict::Valid
    }

    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }

    fn single(verdict: Verdict, detail: String) -> Self {
        let mut report = VerifyReport {
            verdict,
            checks: vec![Check { name: "pack".into(), ok: false, detail }],
            facts: None,
            anchored: false,
            key_matched: false,
            witnesses: Vec::new(),
            headline: String::new(),
            meaning: String::new(),
        };
        words::settle(&mut report, &words::Anchors::default());
        report
    }
}

/// Verifies the pack at `path` (decrypting it with `passphrase` if it is an encrypted
/// advocate pack) with nothing expected, so the report is never `anchored`. Never fails:
/// problems are in the report.
pub fn verify_bundle(path: &Path, passphrase: Option<&Passphrase>) -> VerifyReport {
    verify_bundle_expecting(path, &Expected::default(), passphrase)
}

/// Verifies the pack at `path` and compares it with what the checker `expected` from a
/// source outside the pack (a key card's fingerprint, witness codes). Never fails.
pub fn verify_bundle_expecting(path: &Path, expected: &Expected, passphrase: Option<&Passphrase>) -> VerifyReport {
    open_and_verify(path, expected, passphrase).0
}

/// The report, and the opened pack when it could be opened (for reading it afterwards: the
/// app's view of what a valid pack discloses, casebook-core's `check_and_read`).
pub fn open_and_verify(
    path: &Path,
    expected: &Expected,
    passphrase: Option<&Passphrase>,
) -> (VerifyReport, Option<Pack>) {
    open_and_verify_with(path, expected, passphrase.into())
}

/// [`open_and_verify`] with any [`PackKey`]: a passphrase, or a recipient's identity.
pub fn open_and_verify_with(path: &Path, expected: &Expected, key: PackKey<'_>) -> (VerifyReport, Option<Pack>) {
    match Pack::open_with(path, key) {
        Ok(mut pack) => (verify_pack_expecting(&mut pack, expected), Some(pack)),
        Err(OpenError::NeedsPassphrase) => {
            (VerifyReport::single(Verdict::NeedsPassphrase, OpenError::NeedsPassphrase.to_string()), None)
        }
        Err(OpenError::WrongPassphrase) => {
            (VerifyReport::single(Verdict::WrongPassphrase, OpenError::WrongPassphrase.to_string()), None)
        }
        Err(e @ OpenError::NeedsIdentity) => (VerifyReport::single(Verdict::NeedsKey, e.to_string()), None),
        Err(e @ OpenError::WrongIdentity) => (VerifyReport::single(Verdict::WrongKey, e.to_string()), None),
        Err(OpenError::Refused(sentence)) => (VerifyReport::single(Verdict::Refused, sentence), None),
        // Damaged in transit (or edited): the pack inside cannot be the one that was made.
        Err(OpenError::DamagedPage(sentence)) => (VerifyReport::single(Verdict::Invalid, sentence), None),
        Err(e) => (VerifyReport::single(Verdict::NotAPack, e.to_string()), None),
    }
}

/// Verifies an opened pack, with nothing expected.
pub fn verify_pack(pack: &mut Pack) -> VerifyReport {
    verify_pack_expecting(pack, &Expected::default())
}

/// Verifies an opened pack against what is expected of it.
pub fn verify_pack_expecting(pack: &mut Pack, expected: &Expected) -> VerifyReport {
    let (mut report, carried) = checks::run(pack);
    expect::apply(&mut report, expected, &carried);
    report
}
