//! Checking a pack's chain against witness codes: what `casebook verify --witness`, verify.html
//! and the app's Check a pack report, one line per code.

use std::collections::BTreeMap;
use std::path::Path;

use casebook_crypto::Passphrase;
use serde::{Deserialize, Serialize};

use super::WitnessCode;
use crate::chain::Hash;
use crate::format::{LedgerFile, Manifest, names};
use crate::verify::Pack;

/// Largest manifest.json or ledger.json read (the same bound as the pack's checks).
const MAX_JSON: u64 = 1 << 30;

/// Compares the pack at `path` with each code. Meaningful only for a pack that `verify_bundle`
/// found valid (its links recompute and its manifest is signed); a pack that cannot be read
/// gives every code [`WitnessOutcome::NotReached`].
pub fn check_pack(path: &Path, passphrase: Option<&Passphrase>, codes: &[WitnessCode]) -> Vec<WitnessCheck> {
    let (key, links) = read_key_and_links(path, passphrase).unwrap_or_default();
    codes.iter().map(|code| check(code, key.as_ref(), &links)).collect()
}

/// A pack's public key (when well formed) and every record's link, by seq.
type KeyAndLinks = (Option<[u8; 32]>, BTreeMap<i64, Hash>);

fn read_key_and_links(path: &Path, passphrase: Option<&Passphrase>) -> Option<KeyAndLinks> {
    let mut pack = Pack::open(path, passphrase).ok()?;
    let manifest: Manifest = serde_json::from_slice(&pack.read(names::MANIFEST, MAX_JSON).ok()?).ok()?;
    let ledger: LedgerFile = serde_json::from_slice(&pack.read(names::LEDGER, MAX_JSON).ok()?).ok()?;
    let key = hex::decode(&manifest.public_key).ok().and_then(|k| k.try_into().ok());
    let links =
        ledger.records.iter().filter_map(|r| Some((r.seq, hex::decode(&r.link).ok()?.try_into().ok()?))).collect();
    Some((key, links))
}

/// How one code compares with a pack.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WitnessOutcome {
    /// The pack's record `seq` and key give exactly this code.
    Matched,
    /// They do not: the pack's history up to `seq`, or its key, differs from the one the code
    /// was made from.
    Mismatched,
    /// The pack ends before the code's record, so it cannot show it.
    NotReached,
}

/// One code's result, in plain words.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessCheck {
    /// The code, as written.
    pub code: String,
    /// The record it vouches for.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// How it compares.
    pub outcome: WitnessOutcome,
    /// What that means, in one or two sentences.
    pub detail: String,
}

impl WitnessCheck {
    /// Whether the pack passes through the code's checkpoint.
    pub fn matched(&self) -> bool {
        self.outcome == WitnessOutcome::Matched
    }
}

/// Compares `code` with a pack whose manifest names `public_key` and whose ledger.json gives
/// `links` (every record's link, by seq). Only meaningful for a pack whose other checks pass.
pub fn check(code: &WitnessCode, public_key: Option<&[u8; 32]>, links: &BTreeMap<i64, Hash>) -> WitnessCheck {
    let seq = code.seq();
    let last = links.keys().next_back().copied().unwrap_or(0);
    let (outcome, detail) = match (public_key, links.get(&seq)) {
        (_, None) => (
            WitnessOutcome::NotReached,
            format!(
                "{code}: this pack ends at record {last}, before the code's record {seq}, so it cannot show that \
                 those records are the ones the code fixed. If this pack was made after the code was sent, its \
                 newest records were cut."
            ),
        ),
        (Some(key), Some(link)) if code.matches(key, link) => (
            WitnessOutcome::Matched,
            format!(
                "{code} matches: this pack's records 1 to {seq} are exactly those the code was made from, signed \
                 with the same key, so they existed, unchanged, when the code was sent."
            ),
        ),
        _ => (
            WitnessOutcome::Mismatched,
            format!(
                "{code} does NOT match: this pack's records 1 to {seq}, or its signing key, differ from those the \
                 code was made from. Either they were changed, rebuilt or forged after the code was sent, or the \
                 code belongs to another diary."
            ),
        ),
    };
    WitnessCheck { code: code.to_string(), seq, outcome, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_only_its_own_key_and_link_and_needs_the_record() {
        let (key, link) = ([7u8; 32], [9u8; 32]);
        let code = WitnessCode::compute(&key, 3, &link);
        let links: BTreeMap<i64, Hash> = [(1, [1; 32]), (2, [2; 32]), (3, link)].into();
        assert_eq!(check(&code, Some(&key), &links).outcome, WitnessOutcome::Matched);
        assert_eq!(check(&code, Some(&[8; 32]), &links).outcome, WitnessOutcome::Mismatched, "a new key");
        assert_eq!(check(&code, None, &links).outcome, WitnessOutcome::Mismatched, "no valid key");
        let rebuilt: BTreeMap<i64, Hash> = [(1, [1; 32]), (2, [5; 32]), (3, [6; 32]), (4, link)].into();
        assert_eq!(check(&code, Some(&key), &rebuilt).outcome, WitnessOutcome::Mismatched, "a rebuilt chain");
        let short: BTreeMap<i64, Hash> = [(1, [1; 32]), (2, [2; 32])].into();
        let c = check(&code, Some(&key), &short);
        assert_eq!(c.outcome, WitnessOutcome::NotReached);
        assert!(c.detail.contains("ends at record 2"), "{}", c.detail);
    }
}
