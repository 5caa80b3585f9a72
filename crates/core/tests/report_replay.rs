//! report.pdf is reproducible: `casebook verify` draws it again from the records the pack
//! discloses and compares bytes, so a report that says something the records do not fails,
//! even when the pack around it was re-signed consistently.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::export::REPORT_DRAWING;
use casebook_core::verify::{Pack, ReportOutcome, ReportRenderer, check_report, compare_report};
use casebook_core::{EntryKind, ExportOptions, Verdict, verify_bundle};
use casebook_crypto::Passphrase;
use common::entry;
use export_support::*;

fn outcome(path: &std::path::Path, pass: Option<&Passphrase>) -> (Verdict, Option<ReportOutcome>, String) {
    let mut report = verify_bundle(path, pass);
    let outcome = check_report(path, pass, &ReportRenderer, &mut report);
    let detail = report.checks.iter().find(|c| c.name == "report").map(|c| c.detail.clone()).unwrap_or_default();
    (report.verdict, outcome, detail)
}

#[test]
fn the_report_is_drawn_again_byte_for_byte_from_every_kind_of_pack() {
    let mut s = scenario();
    let police = export(&mut s, &police_options(), "police.zip");
    let (v, o, detail) = outcome(&police, None);
    assert_eq!((v, o), (Verdict::Valid, Some(ReportOutcome::Same)), "{detail}");
    assert!(detail.contains("byte for byte"), "{detail}");

    // An advocate pack: narrowed, encrypted, a photo copied without its location (its record withheld).
    let options = advocate_options(&s);
    let advocate = export(&mut s, &options, "advocate.age");
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let (v, o, detail) = outcome(&advocate, Some(&pass));
    assert_eq!((v, o), (Verdict::Valid, Some(ReportOutcome::Same)), "{detail}");

    // Everything, after an earlier pack (the continuity log), a witness code and a key card,
    // with options given twice and out of order.
    let made = s.tv.vault.make_witness_code().unwrap();
    s.tv.vault.record_witness_shared(&made.code.parse().unwrap(), "my advocate", "email").unwrap();
    s.tv.vault.record_key_card_given("PC 1234").unwrap();
    s.tv.vault.add_entry(entry(EntryKind::Call, "Later", "2026-03-05T09:00:00+00:00")).unwrap();
    let options = ExportOptions {
        kinds: vec![EntryKind::Sighting, EntryKind::Call, EntryKind::Call],
        ..ExportOptions::default()
    };
    let all = export(&mut s, &options, "all.zip");
    let (v, o, detail) = outcome(&all, None);
    assert_eq!((v, o), (Verdict::Valid, Some(ReportOutcome::Same)), "{detail}");
}

#[test]
fn a_swapped_report_fails_even_in_a_consistently_re_signed_pack() {
    let mut s = scenario();
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let other = {
        let o = ExportOptions { kinds: vec![EntryKind::Call], ..police_options() };
        read_zip(&std::fs::read(export(&mut s, &o, "other.zip")).unwrap())
    };
    let other_report = get(&other, "report.pdf").to_vec();

    // Re-signed consistently under a key of the forger's: the records as they were (the first
    // entry's narrative "changed" to what it already says), another report in their place.
    let same = first_narrative(&genuine);
    let (forged, _) = tamper::forge_and(&genuine, &same, true, |f, _, _| {
        set(f, "report.pdf", other_report.clone());
        vec!["report.pdf".into()]
    });
    let path = s.tv.dir.path().join("swapped.zip");
    std::fs::write(&path, &forged).unwrap();
    let (v, o, detail) = outcome(&path, None);
    assert_eq!(o, Some(ReportOutcome::Different), "{detail}");
    assert_eq!(v, Verdict::Invalid);
    assert!(detail.contains("not the report these records give"), "{detail}");
    // The app's Check a pack draws it again too, and shows nothing of such a pack.
    let checked = casebook_core::verify::check_and_read(&path, None);
    let failed: Vec<&str> = checked.report.failures().map(|c| c.name.as_str()).collect();
    assert_eq!((checked.report.verdict, failed, checked.contents), (Verdict::Invalid, vec!["report"], None));

    // The records rewritten and re-signed, the report left as it was: it no longer matches.
    let (forged, _) = tamper::forge(&genuine, "Nothing happened; I made it up.");
    let path = s.tv.dir.path().join("rewritten.zip");
    std::fs::write(&path, &forged).unwrap();
    let (v, o, detail) = outcome(&path, None);
    assert_eq!((v, o), (Verdict::Invalid, Some(ReportOutcome::Different)), "{detail}");

    // Just altered (not re-signed): the signed digests already fail it; not drawn again.
    let mut files = read_zip(&genuine);
    let mut report = get(&files, "report.pdf").to_vec();
    let at = report.len() / 2;
    report[at] ^= 1;
    set(&mut files, "report.pdf", report);
    let path = s.tv.dir.path().join("altered.zip");
    std::fs::write(&path, write_zip(&files)).unwrap();
    let (v, o, _) = outcome(&path, None);
    assert_eq!((v, o), (Verdict::Invalid, None));
    assert_eq!(compare_report(&mut Pack::open(&path, None).unwrap(), &ReportRenderer).0, ReportOutcome::Different);
}

/// The attack: "Casebook's own check calls my client's genuine pack altered". A pack made
/// before the report drew pictures says plain `casebook 0.1.0`, the same version number; this
/// build draws its photos, so its report would differ. It must be "not compared", not
/// "different" (which makes the verdict Invalid).
#[test]
fn a_pack_drawn_before_a_change_to_the_report_within_one_version_is_not_called_altered() {
    let mut s = scenario();
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let mut files = read_zip(&genuine);
    let manifest = String::from_utf8(get(&files, "manifest.json").to_vec()).unwrap();
    let ours = format!("casebook {}+report.{REPORT_DRAWING}", env!("CARGO_PKG_VERSION"));
    let before = format!("casebook {}", env!("CARGO_PKG_VERSION"));
    set(&mut files, "manifest.json", manifest.replace(&ours, &before).into_bytes());
    // What an older drawing made: report.pdf without what this one adds.
    set(&mut files, "report.pdf", b"%PDF-1.7 drawn by an earlier build".to_vec());
    let path = s.tv.dir.path().join("earlier.zip");
    std::fs::write(&path, write_zip(&files)).unwrap();
    let (outcome, detail) = compare_report(&mut Pack::open(&path, None).unwrap(), &ReportRenderer);
    assert_eq!(outcome, ReportOutcome::OtherVersion, "{detail}");
}

#[test]
fn another_version_says_it_could_not_re_create_the_report_and_why_that_is_not_a_failure() {
    let mut s = scenario();
    let genuine = std::fs::read(export(&mut s, &police_options(), "genuine.zip")).unwrap();
    let mut files = read_zip(&genuine);
    let manifest = String::from_utf8(get(&files, "manifest.json").to_vec()).unwrap();
    let tool = format!("casebook {}+report.{REPORT_DRAWING}", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&format!("\"tool\": \"{tool}\"")));
    set(&mut files, "manifest.json", manifest.replace(&tool, "casebook 0.0.9").into_bytes());
    let path = s.tv.dir.path().join("older.zip");
    std::fs::write(&path, write_zip(&files)).unwrap();
    let (outcome, detail) = compare_report(&mut Pack::open(&path, None).unwrap(), &ReportRenderer);
    assert_eq!(outcome, ReportOutcome::OtherVersion);
    assert!(
        detail.contains("could not re-create report.pdf with this version") && detail.contains("not a failure"),
        "{detail}"
    );
    assert!(detail.contains("casebook 0.0.9"), "{detail}");
}

/// The narrative of the first disclosed `entry_created` record, as committed.
fn first_narrative(pack: &[u8]) -> String {
    use base64::Engine as _;
    let files = read_zip(pack);
    let ledger: serde_json::Value = serde_json::from_slice(get(&files, "ledger.json")).unwrap();
    for r in ledger["records"].as_array().unwrap() {
        let Some(body) = r["body"].as_str() else { continue };
        let body: serde_json::Value =
            serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(body).unwrap()).unwrap();
        if body["kind"] == "entry_created" {
            return body["entry"]["narrative"].as_str().unwrap().to_owned();
        }
    }
    panic!("no entry_created record disclosed")
}
