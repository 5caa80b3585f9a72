//! The `entries` check: entries.json says exactly what the committed record bodies say.
//!
//! entries.json is what people read (the app's view, a script, the report is made from the
//! same data): it is covered by the signature, but a pack signed by whoever rewrote it would
//! pass every other check with an entries.json that differs from the chain. Here every entry,
//! version, retraction, exhibit and the case details are compared with the disclosed bodies,
//! field by field, and every disclosed entry record must appear. verify.html does the same.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::checks::Disclosed;

fn kind(b: &Value) -> &str {
    b.get("kind").and_then(Value::as_str).unwrap_or("")
}

/// Problems found, and how many entries were compared.
pub(super) fn check(entries_json: &[u8], disclosed: &BTreeMap<i64, Disclosed>, said: u64) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let Ok(file) = serde_json::from_slice::<Value>(entries_json) else {
        return (vec!["entries.json is missing or not JSON".into()], 0);
    };
    let entries = file.get("entries").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let body = |seq: Option<i64>| seq.and_then(|s| disclosed.get(&s)).and_then(|d| d.body.as_ref());

    // What the bodies say each entry's records are.
    let mut committed: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    let mut retracted: BTreeSet<i64> = BTreeSet::new();
    let mut case = None;
    for (seq, d) in disclosed {
        let Some(b) = &d.body else { continue };
        let entry = b.get("entry_id").and_then(Value::as_i64);
        match (kind(b), entry) {
            ("entry_created" | "entry_revised", Some(id)) => {
                committed.entry(id).or_default().insert(*seq);
            }
            ("entry_retracted", Some(id)) => {
                retracted.insert(id);
            }
            ("case_updated", _) => case = b.get("case"),
            _ => {}
        }
    }

    let mut listed = BTreeSet::new();
    for e in entries {
        let Some(id) = e.get("id").and_then(Value::as_i64) else {
            problems.push("entries.json has an entry without a number".into());
            continue;
        };
        listed.insert(id);
        let mut seqs = BTreeSet::new();
        for v in e.get("versions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let seq = v.get("seq").and_then(Value::as_i64);
            seqs.extend(seq);
            let revision = v.get("revision").and_then(Value::as_u64).unwrap_or(0);
            let want_kind = if revision == 1 { "entry_created" } else { "entry_revised" };
            let Some(b) = body(seq).filter(|b| kind(b) == want_kind) else {
                problems.push(format!("entry {id}: version {revision} is not a disclosed {want_kind} record"));
                continue;
            };
            let same = b.get("entry_id").and_then(Value::as_i64) == Some(id)
                && same_value(b.get("entry"), v.get("fields"))
                && same_value(b.get("recorded_at"), v.get("recorded_at"))
                && flag(b) == v.get("clock_went_backwards").and_then(Value::as_bool).unwrap_or(false)
                && (revision == 1 || b.get("revision").and_then(Value::as_u64) == Some(revision))
                && same_value(b.get("reason"), v.get("reason"));
            if !same {
                problems.push(format!(
                    "entry {id}: version {revision} differs from what record {} committed",
                    seq.unwrap_or(0)
                ));
            }
        }
        if committed.get(&id).is_some_and(|c| *c != seqs) {
            problems.push(format!("entry {id}: its versions are not the records the chain holds for it"));
        }
        match e.get("retraction").filter(|r| !r.is_null()) {
            Some(r) => {
                let b = body(r.get("seq").and_then(Value::as_i64)).filter(|b| kind(b) == "entry_retracted");
                let same = b.is_some_and(|b| {
                    b.get("entry_id").and_then(Value::as_i64) == Some(id)
                        && same_value(b.get("reason"), r.get("reason"))
                        && same_value(b.get("recorded_at"), r.get("recorded_at"))
                });
                if !same {
                    problems.push(format!("entry {id}: its withdrawal differs from the committed record"));
                }
            }
            None if retracted.contains(&id) => {
                problems.push(format!("entry {id}: the chain withdraws it, entries.json does not say so"))
            }
            None => {}
        }
        for x in e.get("exhibits").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let original = x.get("original");
            // Copies and withheld originals leave their attachment record withheld (it holds the
            // location data), so only an original with a disclosed record can be compared.
            let Some(seq) = original.and_then(|o| o.get("seq")).and_then(Value::as_i64) else { continue };
            let mark = x.get("mark").and_then(Value::as_str).unwrap_or("?");
            let file = body(Some(seq))
                .filter(|b| kind(b) == "attachment_added" && b.get("entry_id").and_then(Value::as_i64) == Some(id))
                .and_then(|b| b.get("file"));
            let committed_id = body(Some(seq)).and_then(|b| b.get("attachment_id"));
            let same_id = x.get("attachment_id").is_none_or(|id| Some(id) == committed_id);
            let same = same_id
                && file.is_some_and(|f| {
                    let o = original.unwrap_or(&Value::Null);
                    same_value(f.get("original_name"), o.get("name"))
                        && same_value(f.get("sha256"), o.get("sha256"))
                        && same_value(f.get("size"), o.get("size"))
                        && same_value(f.get("media_type"), x.get("media_type"))
                });
            if !same {
                problems.push(format!("exhibit {mark}: entries.json differs from record {seq}"));
            }
        }
    }
    for id in committed.keys().filter(|id| !listed.contains(id)) {
        problems.push(format!("entry {id} is in the chain's disclosed records but not in entries.json"));
    }
    if !same_value(file.get("case"), case) {
        problems.push("the case details in entries.json differ from the last committed case record".into());
    }
    if said != entries.len() as u64 {
        problems.push(format!("the manifest says {said} entries, entries.json has {}", entries.len()));
    }
    (problems, entries.len())
}

fn flag(b: &Value) -> bool {
    b.get("clock_went_backwards").and_then(Value::as_bool).unwrap_or(false)
}

fn null_if_absent(v: Option<&Value>) -> &Value {
    v.unwrap_or(&Value::Null)
}

/// Equal once empty members (null, false, "", [], {}) are dropped: a body written before a
/// field existed reads back with that field's empty default, and means the same.
fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    let (a, b) = (canon(null_if_absent(a)), canon(null_if_absent(b)));
    (is_empty(&a) && is_empty(&b)) || a == b
}

fn canon(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), canon(v))).filter(|(_, v)| !is_empty(v)).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(canon).collect()),
        other => other.clone(),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}
