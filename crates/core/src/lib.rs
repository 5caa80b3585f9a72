//! Casebook's core: the encrypted evidence vault, with no knowledge of any user interface.
//!
//! A [`Vault`] is one SQLite file. Every value about the person's life is sealed with
//! XChaCha20-Poly1305 under a master key that only their passphrase (or printed recovery
//! key) unwraps. Every change is a record in a hash chain (the ledger), so an officer can
//! later check that nothing was edited, removed or back-dated without trace.
//!
//! The CLI and the desktop app call the same functions with the same types.
//!
//! ```
//! use casebook_core::{EntryFields, EntryKind, KdfPolicy, ManualClock, Vault};
//! use casebook_crypto::Passphrase;
//! # let dir = tempfile::tempdir()?;
//! let clock = ManualClock::new("2026-03-01T21:14:00Z".parse()?);
//! let path = dir.path().join("vault.casebook");
//! let (mut vault, recovery_key) =
//!     Vault::create(&path, Passphrase::from("a long passphrase"), KdfPolicy::InsecureTestOnly, Box::new(clock))?;
//! let at = "2026-03-01T21:10:00+00:00".parse()?;
//! let id = vault.add_entry(EntryFields::new(EntryKind::Call, "Withheld number, 3 rings", at))?;
//! assert_eq!(vault.entry(id)?.versions.len(), 1);
//! assert!(vault.check()?.is_ok());
//! # drop(recovery_key);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod anchor;
// One alphabet for typed codes, shared with the pack's witness codes.
use casebook_pack::base32;
pub mod attachments;
mod backup;
pub mod case_change;
mod check;
mod clock;
mod diary;
pub mod effect;
mod error;
pub mod export;
pub mod identity;
pub mod import;
mod keycard;
pub mod ledger;
pub mod model;
pub mod newfile;
pub mod order;
pub mod person;
pub mod process;
mod purge;
pub mod qr;
mod query;
pub mod recipient;
pub mod statement;
mod vault;
pub mod verify;
pub mod witness;

pub use anchor::{Anchor, AnchorError, AnchorRequest};
pub use attachments::AttachmentInfo;
pub use check::{CheckReport, Problem};
pub use clock::{Clock, ManualClock, SystemClock};
pub use diary::EntryId;
pub use effect::{Effect, EffectDetails, EffectKind};
pub use error::{Result, VaultError, io_words};
pub use export::{ExportError, ExportOptions, ExportPreview, ExportReport, Progress, Recipient, Stage, Treatment};
pub use import::{ImportError, ImportOptions, ImportPreview, ImportReport, ImportSettings};
pub use keycard::{KeyCard, KeyCardGiven};
pub use model::*;
pub use order::{BreachInput, BreachView, Order, OrderInput, OrderKind, TermInput, TermPreset};
pub use purge::{PurgePreview, SourceFate};
pub use query::{
    DayOrder, DiaryCursor, DiaryPage, EntryFilter, EntryHistory, EntrySummary, EntryVersion, Gap, PatternSummary,
    Purge, Retraction, Trend, WeekCounts, busiest_week, pattern_summary, weekly_counts_of,
};
pub use vault::{
    Credential, FORMAT_VERSION, KdfPolicy, Migration, MigrationOffer, MigrationStop, OLDEST_READABLE_FORMAT,
    RecoveryKey, Vault, VaultInfo, default_vault_path,
};
#[cfg(feature = "test-kdf")]
pub use vault::{INSECURE_TEST_KDF_ENV, insecure_test_kdf_requested};

// The tests make throw-away vaults with the insecure test KDF, which only `test-kdf` builds have.
#[cfg(all(test, not(feature = "test-kdf")))]
compile_error!("casebook-core's tests need `--features test-kdf` (the Makefile passes it)");
pub use verify::{Expected, Verdict, VerifyReport, verify_bundle, verify_bundle_expecting};
pub use witness::{MadeWitnessCode, WitnessCheck, WitnessCode, WitnessCodeError, WitnessOutcome, WitnessShare};
