//! The pack's files, exactly as export writes them and every verifier reads them (bundle
//! format v2, docs/FORMAT.md "Evidence bundle format").
//!
//! Struct fields are declared in alphabetical order, so the JSON keys come out sorted; every
//! list is sorted; nothing depends on the wall clock. The same vault state and options
//! therefore give the same bytes.

pub mod advocate;
mod card;
mod exhibit;
mod json;
mod ledger;
mod manifest;
pub mod names;
mod sidecar;
pub mod stamps;
pub mod sums;

pub use card::{CARD_FORMAT, CARD_PURPOSE, CardError, MAX_CARD_BYTES, RecipientCard, fingerprint_of};
pub use exhibit::{ENTRIES_FORMAT, ExhibitOut, OriginalOut};
pub use json::to_json;
pub use ledger::{LEDGER_FORMAT, LedgerEntry, LedgerFile, Status};
pub use manifest::{
    Counts, FileDigest, Head, MANIFEST_FORMAT, Manifest, ManifestExcerpt, ManifestExhibit, OptionsSummary,
};
pub use sidecar::{ExhibitSidecar, MAX_SIDECAR_BYTES, SIDECAR_FORMAT, SIDECAR_SUFFIX, SidecarError};
