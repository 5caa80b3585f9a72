//! An exhibit as entries.json lists it under its entry. The entry records themselves (versions,
//! retraction, case) are the diary's model and are typed in casebook-core (`EntriesFile`); the
//! verifier reads entries.json as JSON and compares it with the committed bodies.

use serde::{Deserialize, Serialize};

/// `format` of entries.json.
pub const ENTRIES_FORMAT: &str = "casebook.entries.v1";

/// One exhibit of an entry, as entries.json lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExhibitOut {
    /// The diary's attachment number (of the original, for a copy): the same in every pack.
    /// Absent from entries.json of packs made before marks were numbered within the pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<i64>,
    /// For a derived copy: the original's mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Path inside the pack; none when the exhibit is withheld.
    pub file: Option<String>,
    /// The exhibit mark, numbered within the pack.
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
