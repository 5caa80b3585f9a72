//! The forgery a defence expert would try, and what stops it: a pack rewritten and re-signed
//! with a new key passes every internal check, so a signature alone proves nothing about who
//! made the pack. Only comparing the key with one known from outside the pack (the person's
//! key card) tells the forgery from the real pack.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::verify::{ExpectError, Expected};
use casebook_core::{Verdict, verify_bundle, verify_bundle_expecting};
use export_support::*;

#[test]
fn a_rewritten_and_re_signed_pack_is_internally_valid_but_not_anchored() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let real = verify_bundle(&pack, None).facts.unwrap().fingerprint;
    let (forged, forger) = tamper::forge(&std::fs::read(&pack).unwrap(), "Nothing happened; I made it up.");
    let path = s.tv.dir.path().join("forged.zip");
    std::fs::write(&path, forged).unwrap();

    // Nothing expected: every internal check passes, and the report says it is not anchored.
    let report = verify_bundle(&path, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert!(!report.anchored);
    assert_eq!(report.facts.as_ref().unwrap().fingerprint, forger);
    assert!(report.checks.iter().all(|c| c.name != "anchor"));

    // The person's key card says otherwise: refused, with both keys named.
    let expected = Expected::default().with_fingerprint(&real).unwrap();
    let report = verify_bundle_expecting(&path, &expected, None);
    assert_eq!(report.verdict, Verdict::KeyMismatch, "{:#?}", report.checks);
    assert_eq!(report.verdict.exit_code(), 6);
    assert!(!report.anchored);
    let anchor = report.checks.iter().find(|c| c.name == "anchor").unwrap();
    assert!(!anchor.ok);
    assert!(anchor.detail.contains(&forger) && anchor.detail.contains(&real), "{}", anchor.detail);

    // The real pack, against the same card: valid and anchored.
    let report = verify_bundle_expecting(&pack, &expected, None);
    assert_eq!((report.verdict, report.anchored), (Verdict::Valid, true), "{:#?}", report.checks);
    assert!(report.checks.iter().any(|c| c.name == "anchor" && c.ok));
}

#[test]
fn a_changed_pack_stays_invalid_whatever_key_is_expected() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let mut bytes = std::fs::read(&pack).unwrap();
    let at = bytes.windows(11).position(|w| w == b"Missed call").unwrap();
    bytes[at] = b'K';
    let path = s.tv.dir.path().join("changed.zip");
    std::fs::write(&path, bytes).unwrap();
    let other = "0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 aaaa bbbb cccc dddd eeee ffff";
    let expected = Expected::default().with_fingerprint(other).unwrap();
    let report = verify_bundle_expecting(&path, &expected, None);
    assert_eq!((report.verdict, report.anchored), (Verdict::Invalid, false));
}

#[test]
fn a_malformed_fingerprint_is_refused_before_any_pack_is_read() {
    assert_eq!(Expected::default().with_fingerprint("1234 abcd").unwrap_err(), ExpectError::MalformedFingerprint);
}

#[test]
fn an_entries_json_that_differs_from_the_committed_bodies_fails_even_when_re_signed() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let (forged, _) = tamper::forge_with(&std::fs::read(&pack).unwrap(), "Nothing happened.", false);
    let path = s.tv.dir.path().join("entries-only.zip");
    std::fs::write(&path, forged).unwrap();
    let report = verify_bundle(&path, None);
    assert_eq!(report.verdict, Verdict::Invalid, "{:#?}", report.checks);
    let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!(failed, ["entries"], "only entries.json differs: {:#?}", report.checks);
    let entries = report.checks.iter().find(|c| c.name == "entries").unwrap();
    assert!(entries.detail.contains("differs from what record"), "{}", entries.detail);
}
