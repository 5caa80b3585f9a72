//! The pack's JSON files, exactly as export writes them and verify reads them (bundle
//! format v1, docs/FORMAT.md "Evidence bundle format").
//!
//! Struct fields are declared in alphabetical order, so the JSON keys come out sorted; every
//! list is sorted; nothing depends on the wall clock. The same vault state and options
//! therefore give the same bytes.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CaseDetails, EntryKind};
use crate::query::{EntryVersion, Retraction};

/// `format` of manifest.json.
pub const MANIFEST_FORMAT: &str = "casebook.bundle.v2";
/// `format` of ledger.json.
pub const LEDGER_FORMAT: &str = "casebook.ledger.v1";
/// `format` of entries.json.
pub const ENTRIES_FORMAT: &str = "casebook.entries.v1";

/// Names of the fixed files in a pack.
pub mod names {
    /// For the officer: what this is and how to check it.
    pub const README: &str = "README.txt";
    /// The report.
    pub const REPORT: &str = "report.pdf";
    /// Disclosed entries in plain JSON.
    pub const ENTRIES: &str = "entries.json";
    /// Every link; disclosed bodies and salts.
    pub const LEDGER: &str = "ledger.json";
    /// What the pack holds, signed.
    pub const MANIFEST: &str = "manifest.json";
    /// Raw 64-byte Ed25519 signature over manifest.json.
    pub const SIGNATURE: &str = "manifest.sig";
    /// The vault's public key, SubjectPublicKeyInfo PEM.
    pub const PUBLIC_KEY: &str = "public-key.pem";
    /// coreutils `sha256sum` lines for every other file.
    pub const SUMS: &str = "SHA256SUMS";
    /// The offline verifier page.
    pub const VERIFY_HTML: &str = "verify.html";
    /// Folder of exhibit files.
    pub const EXHIBITS_DIR: &str = "exhibits/";
    /// Folder of imported items' original excerpts (`excerpts/entry-<id>.txt`).
    pub const EXCERPTS_DIR: &str = "excerpts/";

    /// The excerpt file of entry `id`.
    pub fn excerpt(id: i64) -> String {
        format!("{EXCERPTS_DIR}entry-{id}.txt")
    }
    /// Every fixed file, in the order they are written.
    pub const FIXED: [&str; 9] = [README, REPORT, ENTRIES, LEDGER, PUBLIC_KEY, VERIFY_HTML, MANIFEST, SIGNATURE, SUMS];
}

/// manifest.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// How many of what.
    pub counts: Counts,
    /// Each disclosed imported item's exact bytes from its export file, by entry (bundle
    /// format v2; absent from v1 packs).
    #[serde(default)]
    pub excerpts: Vec<ManifestExcerpt>,
    /// Every exhibit file, by mark.
    pub exhibits: Vec<ManifestExhibit>,
    /// The vault clock when the export started.
    pub exported_at: DateTime<Utc>,
    /// SHA-256 and size of every file except manifest.json, manifest.sig and SHA256SUMS.
    pub files: BTreeMap<String, FileDigest>,
    /// The signing key's fingerprint, as the app and the report show it.
    pub fingerprint: String,
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The last record in the pack.
    pub head: Head,
    /// What was asked for.
    pub options: OptionsSummary,
    /// The vault's Ed25519 public key, hex.
    pub public_key: String,
    /// `police` or `advocate`.
    pub recipient: String,
    /// The program that made the pack.
    pub tool: String,
    /// The vault id, hex.
    pub vault_id: String,
}

/// Counts stated in the manifest (and checked by verify against ledger.json).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Exhibit files that are copies made for this pack (location removed).
    pub derived_exhibits: u64,
    /// Records whose body and salt are included.
    pub disclosed_records: u64,
    /// Entries disclosed.
    pub entries: u64,
    /// Exhibit files in the pack (originals and derived copies).
    pub exhibits: u64,
    /// Records whose body was erased in the vault by a purge.
    pub purged_records: u64,
    /// Every record in the chain up to the head.
    pub records: u64,
    /// Records present only as links.
    pub withheld_records: u64,
}

/// The chain head a pack carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Its link, hex.
    pub link: String,
    /// Its sequence number.
    pub seq: i64,
}

/// A file's digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// One exhibit file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestExhibit {
    /// For a derived copy: the mark of the original it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Path inside the pack.
    pub file: String,
    /// The exhibit mark (`AB_1`, `AB_1_1` for a copy).
    pub mark: String,
    /// For a file stored as `.bin` (an active or unrecognised type, so that it cannot run
    /// with a double click): the name it was attached under, so the recipient knows what it
    /// was. Absent for files that keep a viewer's extension, and in packs made before this
    /// field existed; readers that do not know it ignore it (the signature covers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_name: Option<String>,
    /// For a derived copy: the original's SHA-256 as the vault recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_sha256: Option<String>,
    /// For an original: its `attachment_added` record, which commits to its SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    /// SHA-256 of the file in the pack, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// One excerpt file in the manifest: an imported item's bytes `start..end` of the export
/// file whose SHA-256 is `source_sha256` (of `member` inside it, for a ZIP export). The
/// entry's record `seq` commits to all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestExcerpt {
    /// One past the last byte.
    pub end: u64,
    /// The entry it is the item of.
    pub entry_id: i64,
    /// Path inside the pack.
    pub file: String,
    /// The file inside a ZIP export that the offsets are in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The disclosed `entry_created` or `entry_revised` record whose `source.span` commits
    /// to this excerpt.
    pub seq: i64,
    /// SHA-256 of the excerpt, hex.
    pub sha256: String,
    /// Its size in bytes (`end - start`).
    pub size: u64,
    /// SHA-256 of the whole export file, hex.
    pub source_sha256: String,
    /// The first byte, from 0.
    pub start: u64,
}

/// The export options as recorded in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionsSummary {
    /// Only these entries, if any were named.
    pub entry_ids: Vec<i64>,
    /// Entries that happened at or after.
    pub from: Option<DateTime<FixedOffset>>,
    /// Whether whole export files were chosen to go in.
    #[serde(default)]
    pub include_sources: bool,
    /// Only these kinds, if any were named.
    pub kinds: Vec<EntryKind>,
    /// Only entries about these people, if any were named.
    pub persons: Vec<u32>,
    /// Whether location data was removed from photo copies.
    pub strip_gps: bool,
    /// Entries that happened before.
    pub to: Option<DateTime<FixedOffset>>,
}

/// ledger.json: every link, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerFile {
    /// [`LEDGER_FORMAT`].
    pub format: String,
    /// Record 1 to the head.
    pub records: Vec<LedgerEntry>,
}

/// Whether a record's body is in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Body (base64 of the exact committed bytes) and salt included.
    Disclosed,
    /// Only the link: the body exists in the vault but is not part of this pack.
    Withheld,
    /// Only the link: the body was erased in the vault by a purge.
    Purged,
}

/// One record of ledger.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Base64 (standard, padded) of the exact committed body bytes, when disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `SHA-256("casebook.commit.v1" ‖ salt ‖ body)`, hex.
    pub commitment: String,
    /// `SHA-256("casebook.link.v1" ‖ seq u64 BE ‖ prev_link ‖ commitment)`, hex.
    pub link: String,
    /// The previous record's link, hex (zeros for record 1).
    pub prev_link: String,
    /// The 32-byte salt, hex, when disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Sequence number, from 1.
    pub seq: i64,
    /// Disclosed, withheld or purged.
    pub status: Status,
}

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

/// One exhibit of an entry, as entries.json lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExhibitOut {
    /// For a derived copy: the original's mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Path inside the pack; none when the exhibit is withheld.
    pub file: Option<String>,
    /// The exhibit mark.
    pub mark: String,
    /// The type sniffed from the original's bytes.
    pub media_type: String,
    /// What the vault recorded: original name, size, SHA-256, image facts. Location
    /// coordinates are left out when they were removed from the copy.
    pub original: OriginalOut,
    /// SHA-256 of the file in the pack (for an original, the same as `original.sha256`).
    pub sha256: Option<String>,
    /// Its size.
    pub size: Option<u64>,
    /// Why the file is not in the pack, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// What the vault recorded about an original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginalOut {
    /// EXIF capture time as written by the camera.
    pub captured_at: Option<String>,
    /// Camera or phone.
    pub device: Option<String>,
    /// The file's name as given.
    pub name: String,
    /// Its `attachment_added` record, when disclosed.
    pub seq: Option<i64>,
    /// SHA-256 of the original, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Serialises a pack JSON file: pretty, two-space indent, trailing newline.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_else(|_| unreachable!("pack JSON always serialises"));
    out.push(b'\n');
    out
}
