//! What the person checking a pack already knows about who made it, and the check against it.
//!
//! A pack's signature proves only that the holder of *some* key signed it: anyone can make a
//! new key, rewrite a pack and sign it again, and every internal check still passes. The key
//! means something only once it is anchored outside the pack: the fingerprint on the person's
//! key card, or a witness code they sent earlier. [`Expected`] carries those anchors;
//! [`apply`] adds the `anchor` check and turns a valid pack signed by another key into
//! [`Verdict::KeyMismatch`], and one that does not pass through a witness code's checkpoint
//! into [`Verdict::WitnessMismatch`].
//!
//! A witness code is an anchor on its own: it binds the signing key *and* the chain up to its
//! record, and it was sent by a channel that keeps its own date. A pack that matches every code
//! given is anchored even without a fingerprint (its records up to the code's number existed,
//! unchanged, when the code was sent).
//!
//! Without any expectation, the report's `anchored` is false and every front end must say
//! that the pack is internally consistent and signed by a key that nothing yet ties to a person.

use std::collections::BTreeMap;

use casebook_crypto::VerifyingKey;

use super::words::Anchors;
use super::{Check, Verdict, VerifyReport};
use crate::witness::{WitnessCheck, WitnessCode, WitnessCodeError};

/// A key fingerprint as typed: 64 hex digits, in any case, with any spaces, colons or dashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// Parses a fingerprint as it is printed on a key card or in `casebook info`.
    pub fn parse(text: &str) -> Result<Fingerprint, ExpectError> {
        let digits: String =
            text.chars().filter(|c| !c.is_whitespace() && *c != ':' && *c != '-').collect::<String>().to_lowercase();
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ExpectError::MalformedFingerprint);
        }
        let grouped = digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned());
        Ok(Fingerprint(grouped.collect::<Vec<_>>().join(" ")))
    }

    /// In the form every report prints: 16 groups of four lower-case hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why an expectation could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExpectError {
    /// Not 64 hex digits.
    #[error("that is not a key fingerprint: it must be 64 hex digits (0-9, a-f), as on the key card, spaces allowed")]
    MalformedFingerprint,
    /// A witness code that cannot be read (the sentence says why).
    #[error("{0}")]
    MalformedWitness(#[from] WitnessCodeError),
    /// A time-stamp reply that cannot be read (the sentence says why).
    #[error("that is not a Casebook time-stamp: {0}")]
    MalformedTimestamp(String),
    /// A time-stamp whose authority's signature or certificate does not hold.
    #[error("that time-stamp cannot be relied on: {0}")]
    UnsignedTimestamp(#[from] crate::anchor::SignatureError),
}

/// What the checker expects of the pack, from a source outside it. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Expected {
    /// The signing key's fingerprint, from the person's key card (or told by them in person).
    pub fingerprint: Option<Fingerprint>,
    /// Witness codes the person sent earlier (by text, email ...), in the order given.
    pub witnesses: Vec<WitnessCode>,
    /// RFC 3161 time-stamps of the diary the checker holds from before, each signed by the
    /// certificate it carries (whether that TSA is one to trust is `openssl ts -verify`'s), in
    /// the order given.
    pub timestamps: Vec<crate::anchor::tsp::Reply>,
}

impl Expected {
    /// Expects the pack to be signed by the key with this fingerprint (as typed).
    pub fn with_fingerprint(mut self, text: &str) -> Result<Expected, ExpectError> {
        self.fingerprint = Some(Fingerprint::parse(text)?);
        Ok(self)
    }

    /// Expects the pack's chain and key to be those this RFC 3161 reply (DER TimeStampResp, as
    /// `casebook anchor import` takes it) time-stamped, at some record. Refuses a reply whose
    /// authority's signature does not verify with the certificate it carries.
    pub fn with_timestamp(mut self, bytes: &[u8]) -> Result<Expected, ExpectError> {
        use crate::anchor::{signer, tsp};
        let malformed = |e: tsp::TspError| ExpectError::MalformedTimestamp(e.to_string());
        let reply = tsp::parse_reply(bytes).map_err(malformed)?;
        if reply.hash_algorithm != tsp::SHA256 {
            return Err(ExpectError::MalformedTimestamp("it time-stamps a digest other than SHA-256".into()));
        }
        signer::check(&tsp::signed_data(bytes).map_err(malformed)?, reply.gen_time)?;
        self.timestamps.push(reply);
        Ok(self)
    }

    /// Expects the pack's chain to pass through this witness code's checkpoint (as typed).
    pub fn with_witness(mut self, text: &str) -> Result<Expected, ExpectError> {
        self.witnesses.push(WitnessCode::parse(text)?);
        Ok(self)
    }

    /// Whether anything is expected at all (otherwise the key is unanchored).
    pub fn is_empty(&self) -> bool {
        self.fingerprint.is_none() && self.witnesses.is_empty() && self.timestamps.is_empty()
    }
}

/// The pack's key and chain as its checks read them, for comparing with what is expected.
#[derive(Debug, Clone, Default)]
pub(crate) struct Carried {
    /// The key named in the manifest, when it is a valid key.
    pub key: Option<VerifyingKey>,
    /// Every record's link, by sequence number, as ledger.json carries it.
    pub links: BTreeMap<i64, [u8; 32]>,
}

/// Adds the `anchor` check when something is expected, fills the report's `witnesses`, and
/// settles `verdict` and `anchored`.
///
/// Precedence: a pack that fails any internal check stays [`Verdict::Invalid`] (it is damaged
/// whoever made it, and its links are not compared with any code); an intact pack signed by
/// another key than the expected fingerprint is [`Verdict::KeyMismatch`]; an intact pack that
/// does not pass through every witness code is [`Verdict::WitnessMismatch`]. verify.html's
/// `anchor` function is this one in JavaScript: keep them the same.
pub(crate) fn apply(report: &mut VerifyReport, expected: &Expected, carried: &Carried) {
    report.anchored = false;
    report.key_matched = false;
    report.witnesses.clear();
    let mut anchors = Anchors::default();
    if expected.is_empty() || report.verdict == Verdict::NotAPack {
        super::words::settle(report, &anchors);
        return;
    }
    let intact = report.verdict == Verdict::Valid;
    let mut problems = Vec::new();
    let mut matched = Vec::new();
    let mut key_ok = true;
    if let Some(want) = &expected.fingerprint {
        match &carried.key {
            Some(key) if key.fingerprint() == want.as_str() => {
                matched.push(format!("the signing key is the expected one ({})", want.as_str()))
            }
            Some(key) => problems.push(format!(
                "the pack is signed by key {}, not by the expected key {}",
                key.fingerprint(),
                want.as_str()
            )),
            None => problems.push("the pack names no valid signing key to compare with the expected one".into()),
        }
        key_ok = problems.is_empty();
        report.key_matched = key_ok;
        anchors.key = key_ok;
    }
    if !expected.witnesses.is_empty() {
        if intact {
            let key = carried.key.as_ref().map(VerifyingKey::to_bytes);
            report.witnesses =
                expected.witnesses.iter().map(|c| crate::witness::check(c, key.as_ref(), &carried.links)).collect();
            for w in &report.witnesses {
                if w.matched() {
                    matched.push(format!("witness code {} matches record {}", w.code, w.seq));
                } else {
                    anchors.witness_mismatch = true;
                    problems.push(format!("witness code {} does not match this pack's record {}", w.code, w.seq));
                }
            }
            anchors.witnessed = witnessed_up_to(&report.witnesses);
        } else {
            anchors.witness_mismatch = true;
            problems.push("witness codes were not compared: the pack failed its own checks".into());
        }
    }
    if !expected.timestamps.is_empty() {
        if intact {
            let key = carried.key.as_ref().map(VerifyingKey::to_bytes);
            for t in &expected.timestamps {
                let at = t.gen_time.format("%-d %B %Y, %H:%M:%S UTC");
                // The record it time-stamped, if this pack's chain and key give that anchor file.
                let found = key.and_then(|k| {
                    carried.links.iter().find_map(|(seq, link)| {
                        (casebook_crypto::sha256(&crate::anchor::anchor_data(&k, *seq, link))[..] == t.imprint[..])
                            .then_some(*seq)
                    })
                });
                match found {
                    Some(seq) => {
                        if anchors.stamped.as_ref().is_none_or(|(n, _)| seq > *n) {
                            anchors.stamped = Some((seq, at.to_string()));
                        }
                        matched.push(format!(
                            "the time-stamp of {at} (serial {}) matches record {seq}: records 1 to {seq} existed by then",
                            t.serial
                        ))
                    }
                    None => {
                        anchors.stamp_mismatch = true;
                        problems.push(format!(
                        "the time-stamp of {at} (serial {}) matches no record of this pack: its chain or key is not \
                         the one time-stamped (rebuilt or back-dated after it, or another diary's), or it ends before",
                        t.serial
                    ));
                    }
                }
            }
        } else {
            anchors.stamp_mismatch = true;
            problems.push("time-stamps were not compared: the pack failed its own checks".into());
        }
    }
    let ok = problems.is_empty();
    let detail = if ok { matched.join("; ") } else { problems.join("; ") };
    report.checks.push(Check { name: "anchor".into(), ok, detail });
    match report.verdict {
        Verdict::Valid if ok => report.anchored = true,
        Verdict::Valid if !key_ok => report.verdict = Verdict::KeyMismatch,
        Verdict::Valid => report.verdict = Verdict::WitnessMismatch,
        _ => {}
    }
    super::words::settle(report, &anchors);
}

/// The newest record every matching witness code vouches for: "records 1 to N existed,
/// unchanged, when the code was sent". None when no code matched.
pub fn witnessed_up_to(witnesses: &[WitnessCheck]) -> Option<i64> {
    witnesses.iter().filter(|w| w.matched()).map(|w| w.seq).max()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a panic is the failure report

    use super::*;

    #[test]
    fn a_fingerprint_is_read_however_it_is_spaced_and_a_wrong_one_is_refused() {
        let want = "0a1b 2c3d 4e5f 6789 0a1b 2c3d 4e5f 6789 0a1b 2c3d 4e5f 6789 0a1b 2c3d 4e5f 6789";
        for typed in [want, &want.replace(' ', ""), &want.to_uppercase().replace(' ', ":"), &format!("  {want}\n")] {
            assert_eq!(Fingerprint::parse(typed).unwrap().as_str(), want, "{typed}");
        }
        for bad in ["", "0a1b", &want.replace('0', "g"), &format!("{want} 0")] {
            assert_eq!(Fingerprint::parse(bad), Err(ExpectError::MalformedFingerprint), "{bad}");
        }
        assert!(Expected::default().is_empty());
        assert!(!Expected::default().with_fingerprint(want).unwrap().is_empty());
    }
}
