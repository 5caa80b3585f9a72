//! The checks, in a fixed order. verify.html runs the same checks with the same names; keep
//! the two in step (tests/verify_html.rs runs both on the same packs).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use base64::Engine;
use casebook_crypto::{Sha256, VerifyingKey, hash::Digest, verify};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::expect::Carried;
use super::{Check, Pack, PackFacts, Verdict, VerifyReport};
use crate::chain;
use crate::format::{FileDigest, LedgerFile, Manifest, Status, names};

/// Largest JSON file read into memory (ledger.json of a very large diary is well below).
const MAX_JSON: u64 = 1 << 30;
/// How many problems one check lists before saying "and N more".
const LIST: usize = 5;

struct Checks(Vec<Check>);

impl Checks {
    fn add(&mut self, name: &str, problems: Vec<String>, ok_detail: String) {
        let (ok, detail) = if problems.is_empty() {
            (true, ok_detail)
        } else {
            let more = problems.len().saturating_sub(LIST);
            let mut d = problems.into_iter().take(LIST).collect::<Vec<_>>().join("; ");
            if more > 0 {
                d.push_str(&format!("; and {more} more"));
            }
            (false, d)
        };
        self.0.push(Check { name: name.into(), ok, detail });
    }
}

/// A disclosed record, decoded.
pub(super) struct Disclosed {
    pub(super) body: Option<Value>,
}

pub(super) fn run(pack: &mut Pack) -> (VerifyReport, Carried) {
    let mut checks = Checks(Vec::new());

    // pack: names, storage, duplicates; and every file's digest, streamed.
    let mut problems = Vec::new();
    let mut digests: BTreeMap<String, FileDigest> = BTreeMap::new();
    let mut kept: BTreeMap<&'static str, Vec<u8>> = BTreeMap::new();
    // Time-stamp files (replies and anchor files, a few KiB each), for the `timestamps` check.
    let mut stamp_files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    // Bytes of them held so far: a hostile pack with thousands of large ones is not read into memory.
    let mut stamp_bytes = 0u64;
    for i in 0..pack.zip.len() {
        let mut f = match pack.zip.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("file {} cannot be read ({e})", i + 1));
                continue;
            }
        };
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        // Duplicate names and compressed entries never get here: opening refuses them
        // (super::hostile).
        if !expected_name(&name) {
            problems.push(format!("unexpected file {name:?}"));
        }
        let keep = names::FIXED.iter().find(|n| **n == name && **n != names::REPORT && **n != names::VERIFY_HTML);
        let stamp = name.starts_with(crate::format::stamps::DIR) && stamp_bytes < super::stamps::MAX_STAMPS_TOTAL;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        let mut body = Vec::new();
        let mut failed = false;
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                    size += n as u64;
                    if (keep.is_some() && size <= MAX_JSON) || (stamp && size <= super::stamps::MAX_STAMP_BYTES) {
                        body.extend_from_slice(&buf[..n]);
                    }
                }
                Err(e) => {
                    problems.push(format!("{name} cannot be read ({e})"));
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            continue;
        }
        if let Some(k) = keep {
            kept.insert(k, body);
        } else if stamp {
            stamp_bytes += body.len() as u64;
            stamp_files.insert(name.clone(), body);
        }
        digests.insert(name, FileDigest { sha256: hex::encode(hasher.finalize()), size });
    }
    for required in names::FIXED {
        if !digests.contains_key(required) {
            problems.push(format!("{required} is missing"));
        }
    }

    let manifest_bytes = kept.get(names::MANIFEST).cloned().unwrap_or_default();
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            let detail = if manifest_bytes.is_empty() {
                "there is no manifest.json: this is not a Casebook pack".to_owned()
            } else {
                format!("manifest.json is not a Casebook manifest ({e})")
            };
            return (VerifyReport::single(Verdict::NotAPack, detail), Carried::default());
        }
    };
    let file_count = digests.len();
    checks.add("pack", problems, format!("{file_count} files, all expected, none twice"));

    // signature
    let key = hex::decode(&manifest.public_key).ok().and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let mut problems = Vec::new();
    match &key {
        None => problems.push("the manifest's public key is not a valid Ed25519 key".into()),
        Some(key) => {
            let sig = kept.get(names::SIGNATURE).cloned().unwrap_or_default();
            if verify(key, &manifest_bytes, &sig).is_err() {
                problems.push("manifest.sig is not a valid signature over manifest.json by the manifest's key".into());
            }
            let pem = kept.get(names::PUBLIC_KEY).cloned().unwrap_or_default();
            if pem != key.to_pem().as_bytes() {
                problems.push("public-key.pem is not the key named in manifest.json".into());
            }
            if key.fingerprint() != manifest.fingerprint {
                problems.push("the fingerprint in manifest.json is not the key's".into());
            }
        }
    }
    checks.add("signature", problems, format!("manifest.json is signed by key {}", manifest.fingerprint));

    // The ledger, decoded once for the checks below.
    let ledger: Option<LedgerFile> = kept.get(names::LEDGER).and_then(|b| serde_json::from_slice(b).ok());
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut disclosed: BTreeMap<i64, Disclosed> = BTreeMap::new();
    let mut commitment_problems = Vec::new();
    if let Some(ledger) = &ledger {
        for r in ledger.records.iter().filter(|r| r.status == Status::Disclosed) {
            let body = r.body.as_deref().and_then(|b| b64.decode(b).ok());
            let salt: Option<[u8; 32]> =
                r.salt.as_deref().and_then(|s| hex::decode(s).ok()).and_then(|s| s.try_into().ok());
            let (Some(body), Some(salt)) = (body, salt) else {
                commitment_problems.push(format!("record {}: body or salt missing or malformed", r.seq));
                disclosed.insert(r.seq, Disclosed { body: None });
                continue;
            };
            if hex::encode(chain::commitment(&salt, &body)) != r.commitment {
                commitment_problems.push(format!("record {}: the body does not match its commitment", r.seq));
            }
            let value: Option<Value> = serde_json::from_slice(&body).ok();
            if value.is_none() {
                commitment_problems.push(format!("record {}: the body is not JSON", r.seq));
            }
            disclosed.insert(r.seq, Disclosed { body: value });
        }
    }

    // key
    let mut problems = Vec::new();
    match disclosed.get(&1).and_then(|d| d.body.as_ref()) {
        Some(b) if str_at(b, "kind") == Some("vault_created") => {
            if str_at(b, "public_key") != Some(manifest.public_key.as_str()) {
                problems.push("the manifest's key is not the key the vault was created with (record 1)".into());
            }
            if str_at(b, "vault_id") != Some(manifest.vault_id.as_str()) {
                problems.push("the manifest's vault id is not the one in record 1".into());
            }
        }
        _ => problems.push("record 1 (the vault's creation) is not disclosed".into()),
    }
    checks.add("key", problems, "the signing key is the one the vault was created with (record 1)".into());

    // files
    let mut problems = Vec::new();
    for (name, want) in &manifest.files {
        match digests.get(name) {
            None => problems.push(format!("{name} is missing")),
            Some(have) if have != want => problems.push(format!("{name} has changed (SHA-256 or size differs)")),
            _ => {}
        }
    }
    for name in digests.keys() {
        let unsigned = [names::MANIFEST, names::SIGNATURE, names::SUMS].contains(&name.as_str());
        if !unsigned && !manifest.files.contains_key(name) {
            problems.push(format!("{name} is not listed in the manifest"));
        }
    }
    checks.add("files", problems, format!("{} files match the SHA-256 in the manifest", manifest.files.len()));

    // sha256sums
    let mut problems = Vec::new();
    let sums = String::from_utf8(kept.get(names::SUMS).cloned().unwrap_or_default()).unwrap_or_default();
    let mut listed = BTreeSet::new();
    for line in sums.lines() {
        let Some((hash, name)) = line.split_once("  ") else {
            problems.push(format!("SHA256SUMS has a malformed line {line:?}"));
            continue;
        };
        listed.insert(name.to_owned());
        match digests.get(name) {
            None => problems.push(format!("SHA256SUMS lists {name}, which is missing")),
            Some(d) if d.sha256 != hash => problems.push(format!("{name}: SHA-256 differs from SHA256SUMS")),
            _ => {}
        }
    }
    for name in digests.keys().filter(|n| n.as_str() != names::SUMS) {
        if !listed.contains(name) {
            problems.push(format!("SHA256SUMS does not list {name}"));
        }
    }
    checks.add("sha256sums", problems, format!("SHA256SUMS matches all {} other files", listed.len()));

    // chain
    let mut problems = Vec::new();
    let mut links: BTreeMap<i64, String> = BTreeMap::new();
    match &ledger {
        None => problems.push("ledger.json is missing or not understood".into()),
        Some(ledger) => {
            let mut prev = chain::GENESIS;
            for (i, r) in ledger.records.iter().enumerate() {
                let want_seq = i as i64 + 1;
                if r.seq != want_seq {
                    problems.push(format!("record {want_seq} is missing or out of order (found {})", r.seq));
                }
                let (Some(p), Some(c), Some(l)) = (hash32(&r.prev_link), hash32(&r.commitment), hash32(&r.link)) else {
                    problems.push(format!("record {}: a hash is malformed", r.seq));
                    continue;
                };
                if p != prev {
                    problems.push(format!("record {} does not link to the record before it", r.seq));
                }
                if chain::link(r.seq, &p, &c) != l {
                    problems.push(format!("record {}: its link hash is wrong", r.seq));
                }
                links.insert(r.seq, r.link.clone());
                prev = l;
            }
            match ledger.records.last() {
                Some(last) if last.seq == manifest.head.seq && last.link == manifest.head.link => {}
                _ => problems.push("the chain's last record is not the head named in the manifest".into()),
            }
        }
    }
    checks.add(
        "chain",
        problems,
        format!(
            "{} links recompute, up to head {} (record {})",
            links.len(),
            short(&manifest.head.link),
            manifest.head.seq
        ),
    );

    // commitments
    let n = disclosed.len();
    checks.add("commitments", commitment_problems, format!("{n} disclosed records match their commitments"));

    // checkpoints
    let mut problems = Vec::new();
    let mut verified = 0;
    let vault_id: Option<[u8; 16]> = hex::decode(&manifest.vault_id).ok().and_then(|v| v.try_into().ok());
    for (seq, d) in &disclosed {
        let Some(b) = d.body.as_ref().filter(|b| str_at(b, "kind") == Some("checkpoint")) else { continue };
        let head_seq = b.get("head_seq").and_then(Value::as_i64).unwrap_or(-1);
        let head_link = str_at(b, "head_link").unwrap_or("");
        let signature = str_at(b, "signature").and_then(|s| hex::decode(s).ok()).unwrap_or_default();
        let signed = match (&key, vault_id, hash32(head_link)) {
            (Some(key), Some(vid), Some(link)) => {
                verify(key, &chain::checkpoint_message(&vid, head_seq, &link), &signature).is_ok()
            }
            _ => false,
        };
        let in_chain = links.get(&head_seq).map(String::as_str) == Some(head_link);
        if signed && in_chain {
            verified += 1;
        } else {
            problems.push(format!("record {seq}: the signed checkpoint does not match the chain or the key"));
        }
    }
    checks.add("checkpoints", problems, format!("{verified} signed checkpoint(s) verified"));

    // exhibits
    let mut problems = Vec::new();
    let (mut originals, mut copies) = (0, 0);
    let listed: BTreeSet<&str> = manifest.exhibits.iter().map(|x| x.file.as_str()).collect();
    for x in &manifest.exhibits {
        match digests.get(&x.file) {
            None => problems.push(format!("exhibit {} ({}) is missing", x.mark, x.file)),
            Some(d) if d.sha256 != x.sha256 || d.size != x.size => {
                problems.push(format!("exhibit {} has changed", x.mark))
            }
            _ => {}
        }
        match (x.seq, &x.derived_from) {
            (Some(seq), _) => {
                let rec = disclosed.get(&seq).and_then(|d| d.body.as_ref());
                let file = rec.filter(|b| str_at(b, "kind") == Some("attachment_added")).and_then(|b| b.get("file"));
                match file {
                    None => {
                        problems.push(format!("exhibit {}: record {seq} is not a disclosed attachment record", x.mark))
                    }
                    Some(f) => {
                        let same_hash = f.get("sha256").and_then(Value::as_str) == Some(x.sha256.as_str());
                        let same_size = f.get("size").and_then(Value::as_u64) == Some(x.size);
                        // The mark is the pack's own number; the attachment it stands for is the record's.
                        let committed_id = rec.and_then(|b| b.get("attachment_id")).and_then(Value::as_i64);
                        if let Some(id) = x.attachment_id.filter(|id| Some(*id) != committed_id) {
                            problems.push(format!(
                                "exhibit {}: the manifest says attachment {id}, record {seq} is attachment {}",
                                x.mark,
                                committed_id.map_or("?".to_owned(), |c| c.to_string())
                            ));
                        } else if same_hash && same_size {
                            originals += 1;
                        } else {
                            problems.push(format!(
                                "exhibit {}: its SHA-256 or size is not what record {seq} committed",
                                x.mark
                            ));
                        }
                    }
                }
            }
            (None, Some(_)) => copies += 1,
            (None, None) => problems.push(format!("exhibit {} names no record", x.mark)),
        }
    }
    for name in digests.keys().filter(|n| n.starts_with(names::EXHIBITS_DIR)) {
        if !listed.contains(name.as_str()) {
            problems.push(format!("{name} is not an exhibit listed in the manifest"));
        }
    }
    let copies_words = if copies > 0 {
        format!("; {copies} cop(ies) without location data, covered by the signature")
    } else {
        String::new()
    };
    checks.add("exhibits", problems, format!("{originals} original(s) match their committed records{copies_words}"));

    // excerpts
    let problems = excerpt_problems(&manifest, &digests, &disclosed);
    let n = manifest.excerpts.len();
    checks.add("excerpts", problems, format!("{n} original excerpt(s) match what their entries committed"));

    // timestamps: only in packs that carry some (verify.html runs it the same way).
    if !stamp_files.is_empty() {
        let public_key = key.as_ref().map(VerifyingKey::to_bytes);
        let (mut problems, detail) = super::stamps::check(public_key, &links, &stamp_files);
        if stamp_bytes >= super::stamps::MAX_STAMPS_TOTAL {
            problems.insert(
                0,
                format!(
                    "the time-stamp files exceed {} MiB in all; the rest were not read",
                    super::stamps::MAX_STAMPS_TOTAL >> 20
                ),
            );
        }
        checks.add("timestamps", problems, detail);
    }

    // times
    let mut problems = Vec::new();
    let mut flagged = Vec::new();
    let mut last: Option<(i64, DateTime<Utc>)> = None;
    for (seq, d) in &disclosed {
        let Some(b) = &d.body else { continue };
        let Some(at) = str_at(b, "recorded_at").and_then(|t| t.parse::<DateTime<Utc>>().ok()) else {
            problems.push(format!("record {seq} has no readable recorded time"));
            continue;
        };
        if let Some((prev_seq, prev)) = last
            && at < prev
        {
            if b.get("clock_went_backwards").and_then(Value::as_bool) == Some(true) {
                flagged.push(seq.to_string());
            } else {
                problems.push(format!("record {seq} is recorded earlier than record {prev_seq} (back-dated?)"));
            }
        }
        last = Some((*seq, at));
    }
    let flagged_words = if flagged.is_empty() {
        String::new()
    } else {
        format!("; the vault itself flagged its clock going back at record(s) {}", flagged.join(", "))
    };
    checks.add("times", problems, format!("recorded times never go backwards{flagged_words}"));

    // counts
    let mut problems = Vec::new();
    let (mut d, mut w, mut p) = (0u64, 0u64, 0u64);
    if let Some(ledger) = &ledger {
        for r in &ledger.records {
            match r.status {
                Status::Disclosed => d += 1,
                Status::Withheld => w += 1,
                Status::Purged => p += 1,
            }
            if r.status != Status::Disclosed && (r.body.is_some() || r.salt.is_some()) {
                problems.push(format!("record {} is marked {:?} but carries a body", r.seq, r.status));
            }
        }
        let c = &manifest.counts;
        if (c.records, c.disclosed_records, c.withheld_records, c.purged_records)
            != (ledger.records.len() as u64, d, w, p)
        {
            problems.push("the manifest's record counts do not match ledger.json".into());
        }
        if c.exhibits != manifest.exhibits.len() as u64 {
            problems.push("the manifest's exhibit count does not match its list".into());
        }
    }
    checks.add("counts", problems, format!("{} records: {d} disclosed, {w} withheld, {p} purged", d + w + p));

    // entries
    let entries_json = kept.get(names::ENTRIES).map(Vec::as_slice).unwrap_or_default();
    let (problems, n) = super::entries::check(entries_json, &disclosed, manifest.counts.entries);
    checks.add("entries", problems, format!("entries.json matches the committed records of all {n} entries"));

    let verdict = if checks.0.iter().all(|c| c.ok) { Verdict::Valid } else { Verdict::Invalid };
    let c = &manifest.counts;
    let carried = Carried { key, links: links.iter().filter_map(|(seq, l)| Some((*seq, hash32(l)?))).collect() };
    let report = VerifyReport {
        verdict,
        anchored: false,
        key_matched: false,
        witnesses: Vec::new(),
        headline: String::new(),
        meaning: String::new(),
        checks: checks.0,
        facts: Some(PackFacts {
            recipient: manifest.recipient.clone(),
            exported_at: manifest.exported_at,
            fingerprint: manifest.fingerprint.clone(),
            head_seq: manifest.head.seq,
            entries: c.entries,
            exhibits: c.exhibits,
            disclosed_records: c.disclosed_records,
            withheld_records: c.withheld_records,
            purged_records: c.purged_records,
            encrypted: pack.encrypted,
        }),
    };
    (report, carried)
}

/// Each excerpt file is in the pack with its digest, and the disclosed entry record it names
/// commits (in `entry.source.span`) to the same export file, offsets and SHA-256; nothing
/// else is under `excerpts/`.
fn excerpt_problems(
    manifest: &Manifest,
    digests: &BTreeMap<String, FileDigest>,
    disclosed: &BTreeMap<i64, Disclosed>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let listed: BTreeSet<&str> = manifest.excerpts.iter().map(|x| x.file.as_str()).collect();
    for x in &manifest.excerpts {
        let what = format!("the excerpt of entry {}", x.entry_id);
        if x.file != names::excerpt(x.entry_id) {
            problems.push(format!("{what} is not at {}", names::excerpt(x.entry_id)));
        }
        match digests.get(&x.file) {
            None => problems.push(format!("{what} ({}) is missing", x.file)),
            Some(d) if d.sha256 != x.sha256 || d.size != x.size => problems.push(format!("{what} has changed")),
            _ => {}
        }
        let body = disclosed.get(&x.seq).and_then(|d| d.body.as_ref());
        let about_entry = body.filter(|b| {
            matches!(str_at(b, "kind"), Some("entry_created" | "entry_revised"))
                && b.get("entry_id").and_then(Value::as_i64) == Some(x.entry_id)
        });
        let Some(span) = about_entry.and_then(|b| b.pointer("/entry/source/span")) else {
            problems.push(format!("{what}: record {} is not a disclosed record of that entry with a span", x.seq));
            continue;
        };
        let same = str_at(span, "sha256") == Some(x.sha256.as_str())
            && str_at(span, "source_sha256") == Some(x.source_sha256.as_str())
            && span.get("start").and_then(Value::as_u64) == Some(x.start)
            && span.get("end").and_then(Value::as_u64) == Some(x.end)
            && str_at(span, "member") == x.member.as_deref()
            && x.end.checked_sub(x.start) == Some(x.size);
        if !same {
            problems.push(format!("{what} is not what record {} committed", x.seq));
        }
    }
    for name in digests.keys().filter(|n| n.starts_with(names::EXCERPTS_DIR)) {
        if !listed.contains(name.as_str()) {
            problems.push(format!("{name} is not an excerpt listed in the manifest"));
        }
    }
    problems
}

/// Fixed names, `breaches.csv`, `excerpts/entry-<id>.txt`, `timestamps/anchor-<seq>.{txt,tsr}`, and `exhibits/<mark>[.ext]` with a plain mark
/// and extension.
fn expected_name(name: &str) -> bool {
    if names::FIXED.contains(&name) || name == names::BREACHES || crate::format::stamps::parse_name(name).is_some() {
        return true;
    }
    if let Some(id) = name.strip_prefix(names::EXCERPTS_DIR).and_then(|f| f.strip_prefix("entry-")) {
        return id
            .strip_suffix(".txt")
            .is_some_and(|n| !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()));
    }
    let Some(file) = name.strip_prefix(names::EXHIBITS_DIR) else { return false };
    let (stem, ext) = file.split_once('.').unwrap_or((file, ""));
    let mut parts = stem.split('_');
    let initials_ok = parts.next().is_some_and(|i| !i.is_empty() && i.chars().all(char::is_alphabetic));
    let numbers: Vec<&str> = parts.collect();
    initials_ok
        && !numbers.is_empty()
        && numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && ext.len() <= 8
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn hash32(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text).ok().and_then(|v| v.try_into().ok())
}

fn short(link: &str) -> String {
    link.chars().take(12).collect()
}
