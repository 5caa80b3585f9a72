//! Tying one exhibit file, uploaded on its own to a police portal, back to the signed pack it
//! came from (`casebook verify-exhibit FILE`): the file, its sidecar
//! ([`crate::format::ExhibitSidecar`]) and the pack.
//!
//! The pack is checked in full first; then the sidecar must name this pack (its manifest's
//! SHA-256 and key), and the file's SHA-256 must be the one the signed manifest lists under the
//! sidecar's mark, in the entry the sidecar names. The sidecar is only a pointer: every fact
//! that matters is compared with the signed pack, so an edited sidecar can only fail.

use std::io::Read;
use std::path::Path;

use casebook_crypto::{Sha256, hash::Digest};
use serde::{Deserialize, Serialize};

use super::{Expected, OpenError, Pack, Verdict, verify_pack_expecting};
use crate::format::{ExhibitSidecar, MAX_SIDECAR_BYTES, Manifest, names};

/// How the file stands against the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ExhibitVerdict {
    /// The file is, byte for byte, the exhibit the signed pack lists under the sidecar's mark.
    Matches,
    /// The file is not the exhibit its sidecar and the pack describe (a changed byte, or
    /// another file).
    Changed,
    /// The sidecar belongs to another pack than the one given.
    ForeignSidecar,
    /// The sidecar is missing, malformed, or not a sidecar.
    BadSidecar,
    /// The pack itself did not pass its checks (or could not be opened): nothing can be tied to it.
    PackNotValid,
}

impl ExhibitVerdict {
    /// The exit code of `casebook verify-exhibit`: 0 matches, 4 no usable sidecar or pack, 5 a
    /// changed file or a pack that fails its checks, 6 a sidecar from another pack.
    pub fn exit_code(self) -> i32 {
        match self {
            ExhibitVerdict::Matches => 0,
            ExhibitVerdict::BadSidecar => 4,
            ExhibitVerdict::Changed | ExhibitVerdict::PackNotValid => 5,
            ExhibitVerdict::ForeignSidecar => 6,
        }
    }
}

/// What `verify-exhibit` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ExhibitReport {
    /// The outcome.
    pub verdict: ExhibitVerdict,
    /// The outcome in one sentence.
    pub sentence: String,
    /// The exhibit mark, once the sidecar could be read.
    pub mark: Option<String>,
    /// The entry it belongs to, once the sidecar could be read.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub entry_id: Option<i64>,
    /// The file's SHA-256, hex.
    pub sha256: String,
    /// The pack's key fingerprint (compare it with the person's key card), once the pack was read.
    pub fingerprint: Option<String>,
    /// Whether the pack's key was compared with an expected fingerprint and is that one.
    pub key_matched: bool,
}

/// Checks the exhibit file at `file` against its sidecar at `sidecar` and the pack at `pack`
/// (a police pack: a plain ZIP), comparing the pack's key with `expected` when it names one.
/// Never fails: problems are in the report.
pub fn verify_exhibit(file: &Path, sidecar: &Path, pack: &Path, expected: &Expected) -> ExhibitReport {
    let mut report = ExhibitReport {
        verdict: ExhibitVerdict::BadSidecar,
        sentence: String::new(),
        mark: None,
        entry_id: None,
        sha256: String::new(),
        fingerprint: None,
        key_matched: false,
    };
    let (verdict, sentence) = check(file, sidecar, pack, expected, &mut report);
    report.verdict = verdict;
    report.sentence = sentence;
    report
}

fn check(
    file: &Path,
    sidecar_path: &Path,
    pack_path: &Path,
    expected: &Expected,
    report: &mut ExhibitReport,
) -> (ExhibitVerdict, String) {
    use ExhibitVerdict::*;
    let (sha256, size) = match hash_file(file) {
        Ok(d) => d,
        Err(e) => return (Changed, format!("the exhibit file {} could not be read ({e})", file.display())),
    };
    report.sha256 = sha256.clone();
    let sidecar = match read_small(sidecar_path)
        .map_err(|e| e.to_string())
        .and_then(|b| ExhibitSidecar::parse(&b).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(why) => return (BadSidecar, format!("the sidecar {} cannot be used: {why}", sidecar_path.display())),
    };
    report.mark = Some(sidecar.mark.clone());
    report.entry_id = Some(sidecar.entry_id);

    let mut pack = match Pack::open(pack_path, None) {
        Ok(p) => p,
        Err(OpenError::NeedsPassphrase) => {
            return (
                PackNotValid,
                "the pack given is encrypted: exhibits are tied to a police pack (a plain ZIP)".into(),
            );
        }
        Err(e) => return (PackNotValid, format!("the pack {} cannot be opened: {e}", pack_path.display())),
    };
    let verified = verify_pack_expecting(&mut pack, expected);
    report.fingerprint = verified.facts.as_ref().map(|f| f.fingerprint.clone());
    report.key_matched = verified.key_matched;
    if verified.verdict != Verdict::Valid {
        let failed: Vec<String> = verified.failures().map(|c| format!("{}: {}", c.name, c.detail)).collect();
        return (
            PackNotValid,
            format!("the pack does not pass its own checks ({}), so nothing can be tied to it", failed.join("; ")),
        );
    }
    // Valid: manifest.json is signed and every file matches it.
    let manifest_bytes = match pack.read(names::MANIFEST, 1 << 30) {
        Ok(b) => b,
        Err(e) => return (PackNotValid, format!("manifest.json cannot be read ({e})")),
    };
    let manifest_sha256 = hex::encode(Sha256::digest(&manifest_bytes));
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&manifest_bytes) else {
        return (PackNotValid, "manifest.json cannot be read".into());
    };
    if sidecar.pack_manifest_sha256 != manifest_sha256 || sidecar.fingerprint != manifest.fingerprint {
        return (
            ForeignSidecar,
            format!(
                "this sidecar belongs to another pack: it names a pack whose manifest's SHA-256 is {} (made {}), \
                 and the pack given has {}",
                sidecar.pack_manifest_sha256, sidecar.exported_at, manifest_sha256
            ),
        );
    }
    let Some(listed) = manifest.exhibits.iter().find(|x| x.mark == sidecar.mark) else {
        return (Changed, format!("the signed pack lists no exhibit {}", sidecar.mark));
    };
    if listed.sha256 != sha256 || listed.size != size {
        return (
            Changed,
            format!(
                "this file is not exhibit {} as the signed pack lists it: its SHA-256 is {sha256}, the pack's is {} \
                 (a byte was changed, or it is another file)",
                sidecar.mark, listed.sha256
            ),
        );
    }
    if sidecar.sha256 != sha256 || sidecar.size != size {
        return (Changed, "the sidecar's SHA-256 or size is not this file's: the sidecar was edited".into());
    }
    match entry_of(&mut pack, &sidecar.mark) {
        Some(id) if id == sidecar.entry_id => {}
        Some(id) => {
            return (
                Changed,
                format!(
                    "the sidecar says entry {}, the pack lists {} under entry {id}",
                    sidecar.entry_id, sidecar.mark
                ),
            );
        }
        None => return (Changed, format!("entries.json lists no entry with exhibit {}", sidecar.mark)),
    }
    let key = if verified.key_matched { "the expected key" } else { "the key it names" };
    (
        Matches,
        format!(
            "this file is exhibit {} of entry {}, byte for byte as the pack signed by {key} lists it",
            sidecar.mark, sidecar.entry_id
        ),
    )
}

/// The entry whose exhibits list `mark`, from entries.json (which the `entries` check compared
/// with the committed bodies).
fn entry_of(pack: &mut Pack, mark: &str) -> Option<i64> {
    let bytes = pack.read(names::ENTRIES, 1 << 30).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("entries")?.as_array()?.iter().find_map(|e| {
        let listed =
            e.get("exhibits")?.as_array()?.iter().any(|x| x.get("mark").and_then(|m| m.as_str()) == Some(mark));
        if listed { e.get("id")?.as_i64() } else { None }
    })
}

fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        match f.read(&mut buf)? {
            0 => break,
            n => {
                hasher.update(&buf[..n]);
                size += n as u64;
            }
        }
    }
    Ok((hex::encode(hasher.finalize()), size))
}

fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    let mut out = Vec::new();
    f.take(MAX_SIDECAR_BYTES + 1).read_to_end(&mut out)?;
    Ok(out)
}
