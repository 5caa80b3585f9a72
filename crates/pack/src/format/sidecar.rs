//! The exhibit sidecar (docs/FORMAT.md, "Exhibits for upload portals"): a small JSON file
//! written beside each exhibit of a police pack's upload folder, so that one file uploaded on
//! its own to a police portal can be tied back to the signed pack it came from
//! (`casebook verify-exhibit`, [`crate::verify::verify_exhibit`]).
//!
//! ```text
//! {"check":"casebook verify-exhibit AB_1.jpg --pack ...","entry_id":3,"exported_at":...,
//!  "file":"AB_1.jpg","fingerprint":"...","format":"casebook-exhibit-sidecar/1","mark":"AB_1",
//!  "pack_file":"casebook-pack-for-police-2026-12-03.zip","pack_manifest_sha256":"...",
//!  "sha256":"...","size":123}
//! ```
//!
//! The sidecar is not signed: it is a pointer, not a proof. What proves the file is the signed
//! pack's manifest, which lists the exhibit's SHA-256 under its mark; the sidecar says which
//! pack (its manifest's SHA-256 and key fingerprint) and which mark and entry to look at.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// This layout's name and version, the sidecar's `format`. A file without it (or with another
/// version) is refused as not a sidecar this program reads.
pub const SIDECAR_FORMAT: &str = "casebook-exhibit-sidecar/1";

/// What a sidecar's file name ends with, after the exhibit's own name (`AB_1.jpg.sidecar.json`).
pub const SIDECAR_SUFFIX: &str = ".sidecar.json";

/// A sidecar is a few hundred bytes; anything far larger is not one and is not parsed.
pub const MAX_SIDECAR_BYTES: u64 = 16 * 1024;

/// One exhibit's sidecar. Fields in alphabetical order (sorted JSON keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExhibitSidecar {
    /// The command that checks it, for whoever opens the sidecar in a text editor.
    pub check: String,
    /// The entry the exhibit belongs to (its number in the diary and in the pack's report).
    pub entry_id: i64,
    /// When the pack was made (the manifest's `exported_at`).
    pub exported_at: DateTime<Utc>,
    /// The exhibit's file name in the upload folder.
    pub file: String,
    /// The pack's key fingerprint (the manifest's), as the key card shows it.
    pub fingerprint: String,
    /// [`SIDECAR_FORMAT`].
    pub format: String,
    /// The exhibit mark (`AB_1`), as the report names it.
    pub mark: String,
    /// The pack's file name as it was written.
    pub pack_file: String,
    /// SHA-256 of the pack's manifest.json, hex: which pack this exhibit belongs to.
    pub pack_manifest_sha256: String,
    /// SHA-256 of the exhibit file, hex (the manifest lists the same under the mark).
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Why a file is not a sidecar this program reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SidecarError {
    /// Not JSON, or not the sidecar's fields.
    #[error("this is not a Casebook exhibit sidecar (it could not be read as one: {0})")]
    Malformed(String),
    /// JSON with a `format` of something else: another Casebook file, or a later version.
    #[error("this is not an exhibit sidecar this program reads: its format is {0:?}, not {SIDECAR_FORMAT:?}")]
    OtherFormat(String),
    /// Larger than any sidecar.
    #[error("this file is far larger than an exhibit sidecar, so it is not one")]
    TooLarge,
}

impl ExhibitSidecar {
    /// Reads a sidecar, refusing anything that is not exactly this format and version.
    pub fn parse(bytes: &[u8]) -> Result<ExhibitSidecar, SidecarError> {
        if bytes.len() as u64 > MAX_SIDECAR_BYTES {
            return Err(SidecarError::TooLarge);
        }
        // The marker first, so another Casebook file (a recipient card, a manifest) is named as
        // such rather than as a list of missing fields.
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| SidecarError::Malformed(e.to_string()))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(SIDECAR_FORMAT) => {}
            Some(other) => return Err(SidecarError::OtherFormat(other.to_owned())),
            None => return Err(SidecarError::Malformed("it has no \"format\"".into())),
        }
        let sidecar: ExhibitSidecar =
            serde_json::from_value(value).map_err(|e| SidecarError::Malformed(e.to_string()))?;
        let hex64 = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex64(&sidecar.sha256) || !hex64(&sidecar.pack_manifest_sha256) {
            return Err(SidecarError::Malformed("a SHA-256 is not 64 lowercase hex digits".into()));
        }
        Ok(sidecar)
    }

    /// The sidecar's bytes: sorted keys, two-space indent, a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("a sidecar always serialises");
        out.push(b'\n');
        out
    }

    /// The sidecar's file name for an exhibit named `file`.
    pub fn name_for(file: &str) -> String {
        format!("{file}{SIDECAR_SUFFIX}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ExhibitSidecar {
        ExhibitSidecar {
            check: "casebook verify-exhibit AB_1.jpg".into(),
            entry_id: 3,
            exported_at: "2026-12-03T10:00:00Z".parse().unwrap(),
            file: "AB_1.jpg".into(),
            fingerprint: "abcd".into(),
            format: SIDECAR_FORMAT.into(),
            mark: "AB_1".into(),
            pack_file: "pack.zip".into(),
            pack_manifest_sha256: "a".repeat(64),
            sha256: "b".repeat(64),
            size: 5,
        }
    }

    #[test]
    fn a_sidecar_round_trips() {
        let s = sample();
        assert_eq!(ExhibitSidecar::parse(&s.to_bytes()).unwrap(), s);
    }

    #[test]
    fn a_file_of_another_format_or_version_is_refused_by_name() {
        let text =
            String::from_utf8(sample().to_bytes()).unwrap().replace(SIDECAR_FORMAT, "casebook-exhibit-sidecar/2");
        assert_eq!(
            ExhibitSidecar::parse(text.as_bytes()),
            Err(SidecarError::OtherFormat("casebook-exhibit-sidecar/2".into()))
        );
        let card = br#"{"format":"casebook-recipient-card/1","recipient":"age1..."}"#;
        assert!(matches!(ExhibitSidecar::parse(card), Err(SidecarError::OtherFormat(_))));
    }

    #[test]
    fn malformed_sidecars_are_refused_not_guessed() {
        assert!(matches!(ExhibitSidecar::parse(b"not json"), Err(SidecarError::Malformed(_))));
        assert!(matches!(ExhibitSidecar::parse(b"{}"), Err(SidecarError::Malformed(_))));
        let short = String::from_utf8(sample().to_bytes()).unwrap().replace(&"b".repeat(64), "bbbb");
        assert!(matches!(ExhibitSidecar::parse(short.as_bytes()), Err(SidecarError::Malformed(_))));
        let extra = String::from_utf8(sample().to_bytes()).unwrap().replacen('{', "{\"extra\":1,", 1);
        assert!(matches!(ExhibitSidecar::parse(extra.as_bytes()), Err(SidecarError::Malformed(_))));
        assert_eq!(ExhibitSidecar::parse(&vec![b' '; 20_000]), Err(SidecarError::TooLarge));
    }
}
