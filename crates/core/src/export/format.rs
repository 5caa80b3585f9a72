//! The pack's JSON files, exactly as export writes them and verify reads them (bundle
//! format v2, docs/FORMAT.md "Evidence bundle format").
//!
//! Everything but entries.json's entry records is defined in casebook-pack (the format a verifier
//! needs, with no vault); the entry records are the diary's own model (versions, retraction,
//! case details), so they are typed here.

pub use casebook_pack::format::{
    Counts, ENTRIES_FORMAT, ExhibitOut, ExhibitSidecar, FileDigest, Head, LEDGER_FORMAT, LedgerEntry, LedgerFile,
    MANIFEST_FORMAT, MAX_SIDECAR_BYTES, Manifest, ManifestExcerpt, ManifestExhibit, OptionsSummary, OriginalOut,
    SIDECAR_FORMAT, Status, names, sums, to_json,
};
use serde::{Deserialize, Serialize};

use crate::model::CaseDetails;
use crate::query::{EntryVersion, Retraction};

/// entries.json: the disclosed entries in plain JSON (a convenience view of the disclosed
/// ledger bodies, which are authoritative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntriesFile {
    /// The case details as the newest disclosed case record states them.
    pub case: Option<CaseDetails>,
    /// In the order they happened.
    pub entries: Vec<EntryOut>,
    /// [`ENTRIES_FORMAT`].
    pub format: String,
}

/// One disclosed entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryOut {
    /// Its exhibits.
    pub exhibits: Vec<ExhibitOut>,
    /// The entry's number in the vault.
    pub id: i64,
    /// Set when the entry was withdrawn.
    pub retraction: Option<Retraction>,
    /// Every version, oldest first.
    pub versions: Vec<EntryVersion>,
}
