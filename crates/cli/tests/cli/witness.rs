//! `casebook witness`: make a code, record that it was sent, list what was sent; and every
//! kind of bad code refused with one sentence and exit 2, writing nothing.

use crate::common::*;

#[test]
fn witness_makes_a_code_records_its_sharing_and_lists_it() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let text = env.ok(&["witness"]).stdout;
    assert!(text.contains("Witness code (signed checkpoint, record 3)"), "{text}");
    let code = text.lines().map(str::trim).find(|l| l.starts_with("W-3-")).unwrap().to_owned();
    assert!(text.contains("Please keep this message") && text.contains("witness shared"), "{text}");

    let made = env.json(&["witness"]);
    assert_eq!(made["seq"], 4);
    let second = made["code"].as_str().unwrap().to_owned();

    let r = env.ok(&["witness", "shared", &code.to_lowercase(), "--to", "PC 1234, Leeds", "--how", "email"]);
    assert!(r.stdout.contains(&format!("Recorded as record 5: {code} sent to PC 1234, Leeds (email).")), "{r:?}");
    env.ok(&["witness", "shared", &second, "--to", "myself", "--how", "text message"]);
    let list = env.json(&["witness", "list"]);
    let listed: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(listed, [code.as_str(), second.as_str()]);
    assert!(env.ok(&["witness", "list"]).stdout.contains("to myself (text message)"));
    assert_eq!(env.json(&["check"])["checkpoints_verified"], 2);
}

#[test]
fn bad_or_foreign_witness_codes_are_refused_with_exit_2_and_nothing_written() {
    let env = Env::new();
    env.init();
    let code = env.json(&["witness"])["code"].as_str().unwrap().to_owned();
    let other = Env::new();
    other.init();
    other.ok(&["add", "--kind", "call", "--title", "x", "--at", "2026-11-20 21:14"]);
    other.ok(&["add", "--kind", "call", "--title", "y", "--at", "2026-11-20 21:15"]);
    let foreign = other.json(&["witness"])["code"].as_str().unwrap().to_owned();
    let records = env.json(&["info"])["records"].clone();

    let mut typo = code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'A' { 'B' } else { 'A' });
    for (bad, says) in [
        ("", "no witness code"),
        ("hello", "starts with W-"),
        ("W-2-ABCD", "20 letters"),
        ("W-2-ABCD-EFGH-IJKL-MNOP-QRS9", "only letters A-Z and digits 2-7"),
        (typo.as_str(), "mistyped"),
        (foreign.as_str(), "not made by this diary"),
    ] {
        let r = env.run(&["witness", "shared", bad, "--to", "Sam", "--how", "text"]);
        assert_eq!(r.code, 2, "{bad:?}: {r:?}");
        assert!(r.stderr.contains(says), "{bad:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "one sentence: {}", r.stderr);
    }
    let r = env.run(&["witness", "shared", &code, "--to", " ", "--how", "text"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(env.json(&["info"])["records"], records, "nothing was written");
    assert!(env.json(&["witness", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn key_card_writes_a_new_pdf_and_records_who_was_given_it() {
    let env = Env::new();
    env.init();
    let fingerprint = env.json(&["info"])["fingerprint"].as_str().unwrap().to_owned();
    let card = env.path("card.pdf");
    let r = env.ok(&["key-card", "--out", card.to_str().unwrap()]);
    assert!(r.stdout.contains(&format!("Fingerprint: {fingerprint}")), "{r:?}");
    assert!(std::fs::read(&card).unwrap().starts_with(b"%PDF-"));
    let r = env.run(&["key-card", "--out", card.to_str().unwrap()]);
    assert_eq!(r.code, 2, "an existing file is never replaced: {r:?}");
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    let r = env.run(&["key-card"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--out CARD.pdf"), "{}", r.stderr);

    let r = env.ok(&["key-card", "given", "--to", "PC 1234, Leeds"]);
    assert!(r.stdout.contains("key card given to PC 1234, Leeds."), "{r:?}");
    let r = env.run(&["key-card", "given", "--to", ""]);
    assert_eq!(r.code, 2, "{r:?}");
    let listed = env.json(&["key-card", "list"]);
    assert_eq!(listed[0]["to"], "PC 1234, Leeds");
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn verify_with_witness_codes_says_what_a_match_proves_and_exits_8_on_a_mismatch() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let code = env.json(&["witness"])["code"].as_str().unwrap().to_owned();
    env.ok(&["add", "--kind", "call", "--title", "Again", "--at", "2026-11-21 21:14"]);
    let pack = env.path("pack.zip");
    env.ok(&["export", "--out", pack.to_str().unwrap()]);

    let other = Env::new();
    other.init();
    // The same record number as the real code (3), under another key: a forgery.
    other.ok(&["add", "--kind", "call", "--title", "Forged", "--at", "2026-11-20 21:14"]);
    let foreign = other.json(&["witness"])["code"].as_str().unwrap().to_owned();

    let r = env.run(&["verify", pack.to_str().unwrap(), "--witness", &code]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("MATCH") && r.stdout.contains("existed, unchanged, when the code was sent"), "{r:?}");
    // A matching code alone anchors the pack: the headline says what it proves, not "unanchored".
    let headline = r.stdout.lines().next().unwrap();
    assert!(headline.starts_with("VALID: This pack matches the witness code you gave"), "{r:?}");
    assert!(headline.contains("records 1 to 3 existed, unchanged, when the code was sent"), "{headline}");
    assert!(!r.stdout.contains("proves nothing about who made it"), "{r:?}");
    assert_eq!(env.json(&["verify", pack.to_str().unwrap(), "--witness", &code])["anchored"], true);

    let r = env.run(&["verify", pack.to_str().unwrap(), "--witness", &code, "--witness", &foreign]);
    assert_eq!(r.code, 8, "{r:?}");
    assert!(r.stdout.contains("NO MATCH") && r.stdout.contains("WITNESS MISMATCH"), "{r:?}");
    assert!(r.stdout.starts_with("WITNESS MISMATCH: This pack does not match a witness code you gave"), "{r:?}");
    assert!(r.stdout.contains("forged after the code was sent"), "{r:?}");
    let r = env.run(&["verify", pack.to_str().unwrap(), "--witness", &foreign, "--json"]);
    assert_eq!(r.code, 8, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["witnesses"][0]["outcome"], "mismatched");
    assert_eq!(v["verdict"], "witness_mismatch");

    let r = env.run(&["verify", pack.to_str().unwrap(), "--witness", "W-3-NOPE"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("20 letters"), "{}", r.stderr);
}
