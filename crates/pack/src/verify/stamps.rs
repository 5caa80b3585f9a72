//! The `timestamps` check: each RFC 3161 reply in the pack time-stamps its anchor file, the
//! anchor file is this pack's chain (key, record, link) at that record, and the token is signed
//! by the certificate it carries ([`crate::anchor::signer`]). A chain rebuilt after the
//! time-stamp (an entry slipped in before it, with the same key or a new one) has another link
//! there, so a reply made before cannot match it; a token rewritten to match it (its imprint or
//! its time changed) no longer carries the authority's signature.
//!
//! Whether the certificate is one of a TSA to trust is not decided here: that is `openssl ts
//! -verify`, with the TSA's CA certificate the checker obtained independently (README.txt says
//! how). A forger with a TSA of their own passes this check and fails that one.

use std::collections::BTreeMap;

use casebook_crypto::sha256;

use crate::anchor::{anchor_data, signer, tsp};
use crate::format::stamps::{parse_name, reply_name};

/// Largest time-stamp file read (a reply with its certificate chain is a few KiB).
pub(super) const MAX_STAMP_BYTES: u64 = crate::anchor::MAX_REPLY_BYTES as u64;
/// Most bytes of time-stamp files held at once (a diary time-stamped daily for years needs a
/// few MiB); a pack with more fails the check instead of filling memory.
pub(super) const MAX_STAMPS_TOTAL: u64 = 32 << 20;

/// One record's anchor file and reply, as far as the pack has them.
type Pair<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// What the check found: its problems, and the line it shows when there are none.
pub(super) fn check(
    public_key: Option<[u8; 32]>,
    links: &BTreeMap<i64, String>,
    files: &BTreeMap<String, Vec<u8>>,
) -> (Vec<String>, String) {
    let mut problems = Vec::new();
    let mut pairs: BTreeMap<i64, Pair<'_>> = BTreeMap::new();
    for (name, bytes) in files {
        match parse_name(name) {
            Some((seq, true)) => pairs.entry(seq).or_default().1 = Some(bytes),
            Some((seq, false)) => pairs.entry(seq).or_default().0 = Some(bytes),
            None => problems.push(format!("{name} is not a time-stamp file")),
        }
    }
    let mut found = Vec::new();
    for (seq, pair) in pairs {
        let (Some(data), Some(reply)) = pair else {
            problems.push(format!("the time-stamp of record {seq} lacks its reply or its anchor file"));
            continue;
        };
        let link = links.get(&seq).and_then(|l| hex::decode(l).ok()).and_then(|l| <[u8; 32]>::try_from(l).ok());
        match (public_key, link) {
            (Some(key), Some(link)) if anchor_data(&key, seq, &link) == data => {}
            (_, None) => {
                problems.push(format!("a time-stamp names record {seq}, which this pack's chain does not reach"));
                continue;
            }
            _ => {
                problems.push(format!(
                    "the time-stamp of record {seq} is over another chain or key than this pack's (rebuilt or \
                     back-dated after it was time-stamped?)"
                ));
                continue;
            }
        }
        match tsp::parse_reply(reply) {
            Err(e) => problems.push(format!("{}: {e}", reply_name(seq))),
            Ok(r) if r.hash_algorithm != tsp::SHA256 || r.imprint != sha256(data) => problems.push(format!(
                "{} time-stamps another digest than record {seq} of this pack (rebuilt or back-dated after it was \
                 time-stamped?)",
                reply_name(seq)
            )),
            Ok(r) => match tsp::signed_data(reply).map(|signed| signer::check(&signed, r.gen_time)) {
                Err(e) => problems.push(format!("{}: {e}", reply_name(seq))),
                Ok(Err(e)) => problems
                    .push(format!("the time-stamp of record {seq} ({}) cannot be relied on: {e}", reply_name(seq))),
                Ok(Ok(())) => found.push(format!(
                    "records 1 to {seq} existed by {} (the time-stamp authority's time, serial {})",
                    r.gen_time.format("%-d %B %Y, %H:%M:%S UTC"),
                    r.serial
                )),
            },
        }
    }
    let detail = if found.is_empty() {
        "no time-stamps in this pack".to_owned()
    } else {
        format!(
            "{}; each is signed by the certificate it carries, valid then and made for time-stamping; whether that \
             authority is one to trust is checked with openssl ts -verify and its CA certificate (see README.txt)",
            found.join("; ")
        )
    };
    (problems, detail)
}
