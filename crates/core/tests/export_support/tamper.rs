//! Ways to change a pack after it was made, each with the checks that must catch it.

use base64::Engine;
use casebook_core::ledger::chain;
use casebook_crypto::{SigningKey, sha256};
use serde_json::Value;

use super::{get, read_zip, set, write_zip};

pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// verify_bundle checks that must fail (others may fail too).
    pub caught_by: &'static [&'static str],
    pub sha256sum_catches: bool,
    pub openssl_catches: bool,
}

type Files = Vec<(String, Vec<u8>)>;

fn json(files: &Files, name: &str) -> Value {
    serde_json::from_slice(get(files, name)).unwrap()
}

fn put_json(files: &mut Files, name: &str, v: &Value) {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap();
    bytes.push(b'\n');
    set(files, name, bytes);
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn body_of(record: &Value) -> Value {
    serde_json::from_slice(&b64().decode(record["body"].as_str().unwrap()).unwrap()).unwrap()
}

/// Index of the first disclosed record of this kind.
fn find(ledger: &Value, kind: &str) -> usize {
    ledger["records"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["status"] == "disclosed" && body_of(r)["kind"] == kind)
        .unwrap()
}

/// Recomputes every link from record `from` (0-based) on, and the manifest's head.
fn relink(ledger: &mut Value, manifest: &mut Value, from: usize) {
    let records = ledger["records"].as_array_mut().unwrap();
    for i in from..records.len() {
        let prev: [u8; 32] = if i == 0 {
            chain::GENESIS
        } else {
            hex::decode(records[i - 1]["link"].as_str().unwrap()).unwrap().try_into().unwrap()
        };
        let commitment: [u8; 32] = hex::decode(records[i]["commitment"].as_str().unwrap()).unwrap().try_into().unwrap();
        let seq = records[i]["seq"].as_i64().unwrap();
        records[i]["prev_link"] = hex::encode(prev).into();
        records[i]["link"] = hex::encode(chain::link(seq, &prev, &commitment)).into();
    }
    manifest["head"]["link"] = records.last().unwrap()["link"].clone();
}

/// Updates the manifest's digest of `name` and rewrites SHA256SUMS, as a forger with no key would.
fn rehash(files: &mut Files, manifest: &mut Value, name: &str) {
    let data = get(files, name);
    manifest["files"][name] = serde_json::json!({ "sha256": hex::encode(sha256(data)), "size": data.len() });
}

fn rewrite_sums(files: &mut Files) {
    let mut lines: Vec<String> = files
        .iter()
        .filter(|(n, _)| n != "SHA256SUMS")
        .map(|(n, d)| format!("{}  {n}\n", hex::encode(sha256(d))))
        .collect();
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    set(files, "SHA256SUMS", lines.concat().into_bytes());
}

pub fn cases(original: &[u8]) -> Vec<Case> {
    let pristine = read_zip(original);
    let mut out = Vec::new();

    // A disclosed body changed (the entry's title), nothing else.
    let mut f = pristine.clone();
    let mut ledger = json(&f, "ledger.json");
    let i = find(&ledger, "entry_created");
    let mut body = get_body_bytes(&ledger, i);
    let at = find_bytes(&body, b"Missed call").unwrap();
    body[at] = b'K';
    ledger["records"][i]["body"] = b64().encode(&body).into();
    put_json(&mut f, "ledger.json", &ledger);
    out.push(Case {
        name: "changed-body",
        bytes: write_zip(&f),
        caught_by: &["commitments", "files", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: false,
    });

    // One byte of an exhibit.
    let mut f = pristine.clone();
    let mut photo = get(&f, "exhibits/AB_1.jpg").to_vec();
    let mid = photo.len() / 2;
    photo[mid] ^= 0x01;
    set(&mut f, "exhibits/AB_1.jpg", photo);
    out.push(Case {
        name: "changed-exhibit-byte",
        bytes: write_zip(&f),
        caught_by: &["files", "exhibits", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: false,
    });

    // A link of a withheld record.
    let mut f = pristine.clone();
    let mut ledger = json(&f, "ledger.json");
    let w = ledger["records"].as_array().unwrap().iter().position(|r| r["status"] == "withheld").unwrap();
    let link = ledger["records"][w]["link"].as_str().unwrap().to_owned();
    let flipped = format!("{}{}", if link.starts_with('0') { '1' } else { '0' }, &link[1..]);
    ledger["records"][w]["link"] = flipped.into();
    put_json(&mut f, "ledger.json", &ledger);
    out.push(Case {
        name: "changed-link",
        bytes: write_zip(&f),
        caught_by: &["chain", "files", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: false,
    });

    // The manifest edited (fewer records said to be withheld).
    let mut f = pristine.clone();
    let mut manifest = json(&f, "manifest.json");
    let n = manifest["counts"]["withheld_records"].as_u64().unwrap();
    manifest["counts"]["withheld_records"] = (n - 1).into();
    put_json(&mut f, "manifest.json", &manifest);
    out.push(Case {
        name: "edited-manifest",
        bytes: write_zip(&f),
        caught_by: &["signature", "counts", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: true,
    });

    // The marks pointed at other attachments: two exhibits' attachment numbers swapped in the
    // manifest, SHA256SUMS redone, by a forger without the key.
    let mut f = pristine.clone();
    let mut manifest = json(&f, "manifest.json");
    let first = manifest["exhibits"][0]["attachment_id"].clone();
    manifest["exhibits"][0]["attachment_id"] = manifest["exhibits"][1]["attachment_id"].clone();
    manifest["exhibits"][1]["attachment_id"] = first;
    put_json(&mut f, "manifest.json", &manifest);
    rewrite_sums(&mut f);
    out.push(Case {
        name: "swapped-attachment-ids",
        bytes: write_zip(&f),
        caught_by: &["signature", "exhibits"],
        sha256sum_catches: false,
        openssl_catches: true,
    });

    // The same in entries.json, its digest in the manifest and SHA256SUMS redone.
    let mut f = pristine.clone();
    let mut entries = json(&f, "entries.json");
    let x = entries["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|e| e["exhibits"].as_array_mut().unwrap().iter_mut())
        .find(|x| x["original"]["seq"].is_i64())
        .unwrap();
    x["attachment_id"] = (x["attachment_id"].as_i64().unwrap() + 100).into();
    put_json(&mut f, "entries.json", &entries);
    let mut manifest = json(&f, "manifest.json");
    rehash(&mut f, &mut manifest, "entries.json");
    put_json(&mut f, "manifest.json", &manifest);
    rewrite_sums(&mut f);
    out.push(Case {
        name: "changed-attachment-id-in-entries",
        bytes: write_zip(&f),
        caught_by: &["signature", "entries"],
        sha256sum_catches: false,
        openssl_catches: true,
    });

    // entries.json rewritten and the pack re-signed with another key, SHA256SUMS redone:
    // the standard tools are satisfied, but the key is not the vault's.
    let mut f = pristine.clone();
    let mut entries = json(&f, "entries.json");
    entries["entries"][0]["versions"][0]["fields"]["title"] = "Nothing happened".into();
    put_json(&mut f, "entries.json", &entries);
    let mut manifest = json(&f, "manifest.json");
    rehash(&mut f, &mut manifest, "entries.json");
    let forger = SigningKey::generate();
    let key = forger.verifying_key();
    manifest["public_key"] = hex::encode(key.to_bytes()).into();
    manifest["fingerprint"] = key.fingerprint().into();
    set(&mut f, "public-key.pem", key.to_pem().into_bytes());
    rehash(&mut f, &mut manifest, "public-key.pem");
    put_json(&mut f, "manifest.json", &manifest);
    let sig = forger.sign(get(&f, "manifest.json")).to_vec();
    set(&mut f, "manifest.sig", sig);
    rewrite_sums(&mut f);
    out.push(Case {
        name: "re-signed",
        bytes: write_zip(&f),
        caught_by: &["key", "checkpoints"],
        sha256sum_catches: false,
        openssl_catches: false,
    });

    // An exhibit removed.
    let f: Files = pristine.iter().filter(|(n, _)| n != "exhibits/AB_2.png").cloned().collect();
    out.push(Case {
        name: "removed-exhibit",
        bytes: write_zip(&f),
        caught_by: &["files", "exhibits", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: false,
    });

    // Two records swapped.
    let mut f = pristine.clone();
    let mut ledger = json(&f, "ledger.json");
    ledger["records"].as_array_mut().unwrap().swap(3, 4);
    put_json(&mut f, "ledger.json", &ledger);
    out.push(Case {
        name: "swapped-records",
        bytes: write_zip(&f),
        caught_by: &["chain", "files", "sha256sums"],
        sha256sum_catches: true,
        openssl_catches: false,
    });

    // A recorded time moved earlier by a careful forger: commitment, every later link, the
    // manifest's head and digests and SHA256SUMS all recomputed. Only the signature (and the
    // times themselves) can tell.
    let mut f = pristine.clone();
    let mut ledger = json(&f, "ledger.json");
    let mut manifest = json(&f, "manifest.json");
    let i = find(&ledger, "entry_revised");
    let mut body = body_of(&ledger["records"][i]);
    body["recorded_at"] = "2025-12-01T09:00:00Z".into();
    let body_bytes = serde_json::to_vec(&body).unwrap();
    let salt: [u8; 32] = hex::decode(ledger["records"][i]["salt"].as_str().unwrap()).unwrap().try_into().unwrap();
    ledger["records"][i]["body"] = b64().encode(&body_bytes).into();
    ledger["records"][i]["commitment"] = hex::encode(chain::commitment(&salt, &body_bytes)).into();
    relink(&mut ledger, &mut manifest, i);
    put_json(&mut f, "ledger.json", &ledger);
    rehash(&mut f, &mut manifest, "ledger.json");
    put_json(&mut f, "manifest.json", &manifest);
    rewrite_sums(&mut f);
    out.push(Case {
        name: "backdated",
        bytes: write_zip(&f),
        caught_by: &["signature", "times"],
        sha256sum_catches: false,
        openssl_catches: true,
    });
    out
}

fn get_body_bytes(ledger: &Value, i: usize) -> Vec<u8> {
    b64().decode(ledger["records"][i]["body"].as_str().unwrap()).unwrap()
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The whole forgery a defence expert would try: change the first entry's narrative in both
/// its committed record and entries.json, make a new Ed25519 key, put it in record 1, re-sign
/// every checkpoint, recompute every commitment and link, re-sign the manifest and rewrite
/// SHA256SUMS. Every internal check passes; only the key differs. Returns the forged pack and
/// the forger's fingerprint.
pub fn forge(original: &[u8], narrative: &str) -> (Vec<u8>, String) {
    forge_with(original, narrative, true)
}

/// [`forge`], changing the narrative only in entries.json (what a reader sees) when
/// `in_ledger` is false: the committed body still says the original.
pub fn forge_with(original: &[u8], narrative: &str, in_ledger: bool) -> (Vec<u8>, String) {
    forge_and(original, narrative, in_ledger, |_, _, _| Vec::new())
}

/// [`forge_with`], letting `more` rewrite further files before everything is re-signed: it gets
/// the files, the forger's public key and the forged chain's links, and returns the names of
/// the files it changed (they must be in the manifest already).
pub fn forge_and(
    original: &[u8],
    narrative: &str,
    in_ledger: bool,
    more: impl FnOnce(&mut Files, &[u8; 32], &std::collections::BTreeMap<i64, [u8; 32]>) -> Vec<String>,
) -> (Vec<u8>, String) {
    let mut f = read_zip(original);
    let forger = SigningKey::generate();
    let key = forger.verifying_key();
    let mut ledger = json(&f, "ledger.json");
    let mut manifest = json(&f, "manifest.json");
    let vault_id: [u8; 16] = hex::decode(manifest["vault_id"].as_str().unwrap()).unwrap().try_into().unwrap();
    let mut forged_entry = None;
    let records = ledger["records"].as_array_mut().unwrap();
    let mut prev = chain::GENESIS;
    let mut links = std::collections::BTreeMap::new();
    for r in records.iter_mut() {
        let seq = r["seq"].as_i64().unwrap();
        if r["status"] == "disclosed" {
            let mut body = body_of(r);
            let changed = match body["kind"].as_str().unwrap() {
                "vault_created" => {
                    body["public_key"] = hex::encode(key.to_bytes()).into();
                    true
                }
                "entry_created" if forged_entry.is_none() => {
                    forged_entry = body["entry_id"].as_i64();
                    if in_ledger {
                        body["entry"]["narrative"] = narrative.into();
                    }
                    in_ledger
                }
                "checkpoint" => {
                    let head_seq = body["head_seq"].as_i64().unwrap();
                    let head_link: [u8; 32] = links[&head_seq];
                    body["head_link"] = hex::encode(head_link).into();
                    let sig = forger.sign(&chain::checkpoint_message(&vault_id, head_seq, &head_link));
                    body["signature"] = hex::encode(sig).into();
                    true
                }
                _ => false,
            };
            if changed {
                let bytes = serde_json::to_vec(&body).unwrap();
                let salt: [u8; 32] = hex::decode(r["salt"].as_str().unwrap()).unwrap().try_into().unwrap();
                r["body"] = b64().encode(&bytes).into();
                r["commitment"] = hex::encode(chain::commitment(&salt, &bytes)).into();
            }
        }
        let commitment: [u8; 32] = hex::decode(r["commitment"].as_str().unwrap()).unwrap().try_into().unwrap();
        let link = chain::link(seq, &prev, &commitment);
        r["prev_link"] = hex::encode(prev).into();
        r["link"] = hex::encode(link).into();
        links.insert(seq, link);
        prev = link;
    }
    manifest["head"]["link"] = hex::encode(prev).into();
    put_json(&mut f, "ledger.json", &ledger);
    let forged_entry = forged_entry.unwrap();
    let mut entries = json(&f, "entries.json");
    for e in entries["entries"].as_array_mut().unwrap() {
        if e["id"].as_i64() == Some(forged_entry) {
            e["versions"][0]["fields"]["narrative"] = narrative.into();
        }
    }
    put_json(&mut f, "entries.json", &entries);
    manifest["public_key"] = hex::encode(key.to_bytes()).into();
    manifest["fingerprint"] = key.fingerprint().into();
    set(&mut f, "public-key.pem", key.to_pem().into_bytes());
    let changed = more(&mut f, &key.to_bytes(), &links);
    for name in ["ledger.json", "entries.json", "public-key.pem"].into_iter().chain(changed.iter().map(String::as_str))
    {
        rehash(&mut f, &mut manifest, name);
    }
    put_json(&mut f, "manifest.json", &manifest);
    let sig = forger.sign(get(&f, "manifest.json")).to_vec();
    set(&mut f, "manifest.sig", sig);
    rewrite_sums(&mut f);
    (write_zip(&f), key.fingerprint())
}
