//! manifest.json: what a pack holds, signed by the diary's key (manifest.sig).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::kind::EntryKind;

/// `format` of manifest.json.
pub const MANIFEST_FORMAT: &str = "casebook.bundle.v3";

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
    /// The diary's attachment number of the file (of the original, for a derived copy): the
    /// same in every pack, where the mark is numbered within each pack (bundle format v3;
    /// absent from earlier packs, whose marks carried it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<i64>,
    /// For a derived copy: the mark of the original it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Path inside the pack.
    pub file: String,
    /// The exhibit mark (`AB_1`, `AB_1_1` for a copy): numbered 1, 2, 3 … within the pack.
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
    /// Whether the person left out the changes to their life they noted (absent: not left out).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leave_out_effects: bool,
    /// Only entries about these people, if any were named.
    pub persons: Vec<u32>,
    /// Whether location data was removed from photo copies.
    pub strip_gps: bool,
    /// Entries that happened before.
    pub to: Option<DateTime<FixedOffset>>,
}
