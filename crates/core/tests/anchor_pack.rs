//! Time-stamps in packs: each stored RFC 3161 reply travels with the anchor file it covers, so
//! `openssl ts -verify` checks the authority's signature and `verify` checks that the anchor is
//! this pack's chain. A chain rebuilt after the time-stamp (history rewritten, re-signed) cannot
//! carry the earlier time-stamp.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;
mod tsa_support;

use casebook_core::anchor::anchor_data;
use casebook_core::{Anchor, Verdict, VerifyReport, verify_bundle};
use export_support::*;
use tsa_support::Tsa;

/// The scenario diary with one time-stamp stored, and the authority that made it.
fn anchored() -> (Scenario, Tsa, Anchor) {
    let mut s = scenario();
    let tsa = Tsa::new();
    let req = s.tv.vault.anchor_request().unwrap();
    let anchor = s.tv.vault.anchor_import(&tsa.reply(&req.der)).unwrap();
    (s, tsa, anchor)
}

fn check<'r>(report: &'r VerifyReport, name: &str) -> &'r casebook_core::verify::Check {
    report.checks.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} check: {:#?}", report.checks))
}

#[test]
fn a_pack_carries_each_time_stamp_which_openssl_and_verify_accept() {
    let (mut s, tsa, anchor) = anchored();
    let cp = anchor.checkpoint_seq;
    let pack = export(&mut s, &police_options(), "pack.zip");
    let bytes = std::fs::read(&pack).unwrap();
    let files = read_zip(&bytes);
    let data = get(&files, &format!("timestamps/anchor-{cp}.txt"));
    let (_, reply) = s.tv.vault.anchor_replies().unwrap().remove(0);
    assert_eq!(get(&files, &format!("timestamps/anchor-{cp}.tsr")), reply, "the reply byte for byte");
    assert!(std::str::from_utf8(data).unwrap().starts_with(&format!(
        "casebook.anchor.v1\npublic_key {}\nseq {cp}\n",
        hex::encode(s.tv.vault.public_key().to_bytes())
    )));

    let report = verify_bundle(&pack, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    let stamps = check(&report, "timestamps");
    assert!(stamps.ok && stamps.detail.contains(&format!("records 1 to {cp} existed by")), "{}", stamps.detail);
    assert!(stamps.detail.contains(&anchor.serial), "{}", stamps.detail);

    // The report, with its time-stamp section, is drawn again byte for byte from the pack.
    let mut again = verify_bundle(&pack, None);
    assert_eq!(
        casebook_core::verify::check_report(&pack, None, &casebook_core::verify::ReportRenderer, &mut again),
        Some(casebook_core::verify::ReportOutcome::Same)
    );

    // The officer's check, exactly as README.txt gives it.
    let command = format!(
        "openssl ts -verify -data timestamps/anchor-{cp}.txt -in timestamps/anchor-{cp}.tsr -CAfile TSA-CA.pem"
    );
    let readme = String::from_utf8(get(&files, "README.txt").to_vec()).unwrap();
    assert!(readme.contains(&command), "{readme}");
    let dir = s.tv.dir.path().join("unzipped");
    unzip_to(&bytes, &dir);
    std::fs::copy(tsa.path("ca.pem"), dir.join("TSA-CA.pem")).unwrap();
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let out = tool("openssl", &args, &dir);
    assert!(out.status.success() && text(&out).contains("Verification: OK"), "{}", text(&out));

    // The report lists it, with the same command.
    let out = tool("pdftotext", &["-layout", "report.pdf", "-"], &dir);
    let report_text = text(&out);
    assert!(report_text.contains("Trusted time-stamps (RFC 3161)"), "{report_text}");
    assert!(report_text.contains(&command), "{report_text}");

    // A pack from a diary without time-stamps has no such check (verify.html lists the same checks).
    let mut plain = scenario();
    let plain_pack = export(&mut plain, &police_options(), "plain.zip");
    assert!(verify_bundle(&plain_pack, None).checks.iter().all(|c| c.name != "timestamps"));
}

#[test]
fn a_rebuilt_chain_fails_against_the_time_stamp_made_before_it() {
    let (mut s, tsa, anchor) = anchored();
    let cp = anchor.checkpoint_seq;
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let (data_name, reply_name) = (format!("timestamps/anchor-{cp}.txt"), format!("timestamps/anchor-{cp}.tsr"));

    // History rewritten before the time-stamped record, every link recomputed and re-signed,
    // the time-stamp kept: every other check passes, the time-stamp does not.
    let (forged, _) = tamper::forge(&genuine, "Nothing happened; I made it up.");
    let path = s.tv.dir.path().join("forged.zip");
    std::fs::write(&path, &forged).unwrap();
    let report = verify_bundle(&path, None);
    assert_eq!(report.verdict, Verdict::Invalid, "{:#?}", report.checks);
    let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!(failed, ["timestamps"], "{:#?}", report.checks);
    assert!(check(&report, "timestamps").detail.contains("over another chain or key"), "{:#?}", report.checks);

    // The forger also rewrites the anchor file to their chain: now it is not what the
    // authority signed, and verify and openssl both say so.
    let (forged, _) = tamper::forge_and(&genuine, "Nothing happened; I made it up.", true, |f, key, links| {
        set(f, &data_name, anchor_data(key, cp, &links[&cp]));
        vec![data_name.clone()]
    });
    let path = s.tv.dir.path().join("forged-anchor.zip");
    std::fs::write(&path, &forged).unwrap();
    let report = verify_bundle(&path, None);
    assert_eq!(report.verdict, Verdict::Invalid, "{:#?}", report.checks);
    let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!(failed, ["timestamps"], "{:#?}", report.checks);
    assert!(check(&report, "timestamps").detail.contains("time-stamps another digest"), "{:#?}", report.checks);
    let dir = s.tv.dir.path().join("forged-unzipped");
    unzip_to(&forged, &dir);
    let (ok, out) = tsa.verify_in(&dir, &data_name, &reply_name);
    assert!(!ok && !out.contains("Verification: OK"), "openssl must refuse it too: {out}");
}

/// Where the DER element at `at` puts its content: (start, length). Definite lengths only.
fn der_content(b: &[u8], at: usize) -> (usize, usize) {
    let first = b[at + 1] as usize;
    if first < 0x80 {
        return (at + 2, first);
    }
    let n = first & 0x7f;
    let len = b[at + 2..at + 2 + n].iter().fold(0usize, |l, x| (l << 8) | *x as usize);
    (at + 2 + n, len)
}

/// The TSTInfo inside a reply: where it starts and how long it is (after the eContentType OID
/// id-ct-TSTInfo come `[0] { OCTET STRING { TSTInfo } }`).
fn tst_info(reply: &[u8]) -> (usize, usize) {
    let oid = hex::decode("060b2a864886f70d0109100104").unwrap();
    let at = reply.windows(oid.len()).position(|w| w == oid).unwrap() + oid.len();
    let (octets, _) = der_content(reply, at);
    der_content(reply, octets)
}

fn replace_once(bytes: &mut [u8], old: &[u8], new: &[u8]) {
    let at = bytes.windows(old.len()).position(|w| w == old).unwrap();
    assert!(bytes[at + 1..].windows(old.len()).all(|w| w != old), "found once");
    bytes[at..at + new.len()].copy_from_slice(new);
}

#[test]
fn a_token_rewritten_to_fit_a_forged_chain_fails_on_the_authority_s_signature() {
    use casebook_crypto::sha256;
    let (mut s, tsa, anchor) = anchored();
    let cp = anchor.checkpoint_seq;
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let (data_name, reply_name) = (format!("timestamps/anchor-{cp}.txt"), format!("timestamps/anchor-{cp}.tsr"));
    let files = read_zip(&genuine);
    let genuine_imprint = sha256(get(&files, &data_name));
    let genuine_reply = get(&files, &reply_name).to_vec();

    // The forger's chain (a new key, the narrative changed, everything re-signed), and the
    // genuine token's TSTInfo rewritten so its imprint is the forged anchor file's digest: the
    // digest check passes, and the pack would claim "records 1 to N existed by" the TSA's time.
    // Only the authority's signature (its messageDigest attribute) gives it away.
    let forge_with_token = |name: &str, also: &dyn Fn(&mut Vec<u8>)| {
        let (forged, _) = tamper::forge_and(&genuine, "Nothing happened; I made it up.", true, |f, key, links| {
            let data = anchor_data(key, cp, &links[&cp]);
            let mut reply = genuine_reply.clone();
            replace_once(&mut reply, &genuine_imprint, &sha256(&data));
            also(&mut reply);
            set(f, &data_name, data);
            set(f, &reply_name, reply);
            vec![data_name.clone(), reply_name.clone()]
        });
        let path = s.tv.dir.path().join(name);
        std::fs::write(&path, &forged).unwrap();
        (path, forged)
    };
    let (path, forged) = forge_with_token("rewritten.zip", &|_| {});
    let report = verify_bundle(&path, None);
    assert_eq!(report.verdict, Verdict::Invalid, "{:#?}", report.checks);
    let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!(failed, ["timestamps"], "{:#?}", report.checks);
    let detail = &check(&report, "timestamps").detail;
    assert!(
        detail.contains(&format!("the time-stamp of record {cp} ({reply_name}) cannot be relied on"))
            && detail.contains("signature on it does not verify, so it was altered or is not a genuine time-stamp"),
        "{detail}"
    );
    assert!(!detail.contains("existed by"), "no claim from a token that does not verify: {detail}");
    // openssl agrees.
    let dir = s.tv.dir.path().join("rewritten-unzipped");
    unzip_to(&forged, &dir);
    let (ok, out) = tsa.verify_in(&dir, &data_name, &reply_name);
    assert!(!ok, "openssl must refuse it too: {out}");

    // Thorough: the TSTInfo's time moved a year back too, and the signed messageDigest attribute
    // recomputed over the rewritten TSTInfo, so that only the signature bytes are wrong.
    let (path, _) = forge_with_token("back-dated-token.zip", &|reply: &mut Vec<u8>| {
        let (start, len) = tst_info(&genuine_reply);
        let old_digest = sha256(&genuine_reply[start..start + len]);
        let year = anchor.gen_time.format("%Y").to_string();
        let earlier = (year.parse::<i32>().unwrap() - 1).to_string();
        let tst = &mut reply[start..start + len];
        let at = tst.windows(4).position(|w| w == year.as_bytes()).unwrap();
        tst[at..at + 4].copy_from_slice(earlier.as_bytes());
        let new_digest = sha256(&reply[start..start + len]);
        replace_once(reply, &old_digest, &new_digest);
    });
    let report = verify_bundle(&path, None);
    let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!((report.verdict, failed), (Verdict::Invalid, vec!["timestamps"]), "{:#?}", report.checks);
    assert!(check(&report, "timestamps").detail.contains("signature on it does not verify"), "{:#?}", report.checks);
}

#[test]
fn a_damaged_or_incomplete_time_stamp_fails_the_pack() {
    let (mut s, _tsa, anchor) = anchored();
    let cp = anchor.checkpoint_seq;
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let reply_name = format!("timestamps/anchor-{cp}.tsr");
    let run = |files: &[(String, Vec<u8>)], name: &str| {
        let path = s.tv.dir.path().join(name);
        std::fs::write(&path, write_zip(files)).unwrap();
        verify_bundle(&path, None)
    };

    let mut files = read_zip(&genuine);
    let mut reply = get(&files, &reply_name).to_vec();
    reply.truncate(reply.len() - 10);
    set(&mut files, &reply_name, reply);
    let report = run(&files, "cut.zip");
    let stamps = check(&report, "timestamps");
    assert!(!stamps.ok && stamps.detail.contains("not an RFC 3161 time-stamp reply"), "{}", stamps.detail);

    let files: Vec<_> = read_zip(&genuine).into_iter().filter(|(n, _)| *n != reply_name).collect();
    let report = run(&files, "no-reply.zip");
    let stamps = check(&report, "timestamps");
    assert!(!stamps.ok && stamps.detail.contains("lacks its reply"), "{}", stamps.detail);

    let mut files = read_zip(&genuine);
    files.push(("timestamps/anchor-9999.tsr".into(), get(&files, &reply_name).to_vec()));
    files.push(("timestamps/anchor-9999.txt".into(), b"x".to_vec()));
    let report = run(&files, "beyond.zip");
    assert!(check(&report, "timestamps").detail.contains("does not reach"), "{:#?}", report.checks);
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn thousands_of_large_time_stamp_files_are_not_read_into_memory() {
    let (mut s, _tsa, _) = anchored();
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let mut files = read_zip(&genuine);
    for i in 1000..1140 {
        files.push((format!("timestamps/anchor-{i}.tsr"), vec![0x30; 256 * 1024]));
    }
    let path = s.tv.dir.path().join("heavy.zip");
    std::fs::write(&path, write_zip(&files)).unwrap();
    let report = verify_bundle(&path, None);
    let stamps = check(&report, "timestamps");
    assert!(!stamps.ok && stamps.detail.starts_with("the time-stamp files exceed 32 MiB"), "{}", stamps.detail);
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_time_stamp_held_outside_the_pack_exposes_a_back_dated_pack_that_leaves_it_out() {
    use casebook_core::verify::{ExpectError, Expected};
    use casebook_core::{EntryKind, verify_bundle_expecting};
    use common::{PASSPHRASE, entry, unlock};
    let mut s = scenario();
    // A copy of the diary from before the time-stamp: what a back-dater starts from.
    let earlier = s.tv.dir.path().join("earlier.casebook");
    s.tv.vault.backup_to(&earlier).unwrap();
    s.tv.vault.add_entry(entry(EntryKind::Call, "Call after the copy", "2026-02-20T09:00:00+00:00")).unwrap();
    let tsa = Tsa::new();
    let req = s.tv.vault.anchor_request().unwrap();
    let anchor = s.tv.vault.anchor_import(&tsa.reply(&req.der)).unwrap();
    let (_, token) = s.tv.vault.anchor_replies().unwrap().remove(0);
    let expected = Expected::default().with_timestamp(&token).unwrap();

    let genuine = export(&mut s, &police_options(), "genuine.zip");
    let report = verify_bundle_expecting(&genuine, &expected, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert!(report.anchored);
    assert!(check(&report, "anchor").detail.contains(&format!("matches record {}", anchor.checkpoint_seq)));

    // The same key, the chain rebuilt from the earlier copy with an entry slipped in, and no
    // time-stamp in the pack: valid on its own, exposed by the time-stamp the officer holds.
    let mut back = unlock(&earlier, PASSPHRASE, &s.tv.clock).unwrap();
    back.add_entry(entry(EntryKind::Threat, "Slipped in", "2026-02-01T09:00:00+00:00")).unwrap();
    for _ in 0..4 {
        back.add_entry(entry(EntryKind::Call, "Filler", "2026-02-02T09:00:00+00:00")).unwrap();
    }
    assert_eq!(back.public_key(), s.tv.vault.public_key(), "the same key");
    let rebuilt = s.tv.dir.path().join("rebuilt.zip");
    back.export(&police_options(), None, &rebuilt, &mut |_| true).unwrap();
    assert_eq!(verify_bundle(&rebuilt, None).verdict, Verdict::Valid, "internally the rebuilt pack is fine");
    let report = verify_bundle_expecting(&rebuilt, &expected, None);
    assert_eq!(report.verdict, Verdict::WitnessMismatch, "{:#?}", report.checks);
    assert_eq!(report.verdict.exit_code(), 8);
    assert!(!report.anchored);
    assert!(check(&report, "anchor").detail.contains("matches no record of this pack"), "{:#?}", report.checks);

    assert!(matches!(Expected::default().with_timestamp(b"nonsense"), Err(ExpectError::MalformedTimestamp(_))));
    // A token held outside the pack is checked for its authority's signature too.
    let mut altered = token.clone();
    *altered.last_mut().unwrap() ^= 0x01;
    let err = Expected::default().with_timestamp(&altered).unwrap_err();
    assert!(matches!(err, ExpectError::UnsignedTimestamp(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("that time-stamp cannot be relied on: the time-stamp authority's signature"),
        "{err}"
    );
}
