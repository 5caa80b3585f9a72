//! How the stalking has affected the person (`casebook_core::effect`): dated records read back
//! with their withdrawals, refused when they make no sense, and in a pack only as the person
//! chose: in force, within the pack's period, never once withdrawn or left out, and the report
//! drawn again from the pack says the same.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use base64::Engine as _;
use casebook_core::verify::{ReportOutcome, ReportRenderer, check_report};
use casebook_core::{EffectDetails, EffectKind, EntryKind, ExportOptions, VaultError, Verdict, verify_bundle};
use chrono::NaiveDate;
use common::*;
use export_support::{get, read_zip, text, tool};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn effect(kind: EffectKind, from: &str, until: Option<&str>, words: &str) -> EffectDetails {
    EffectDetails { kind, from: day(from), until: until.map(day), description: words.into() }
}

fn refused(result: casebook_core::Result<impl std::fmt::Debug>, words: &str) {
    match result {
        Err(VaultError::InvalidInput(m)) => assert!(m.contains(words), "{m}"),
        other => panic!("expected a refusal mentioning {words:?}, got {other:?}"),
    }
}

const COUNSELLING: &str = "Started counselling with the GP's referral, weekly";
const CAMERAS: &str = "Fitted a doorbell camera and a chain";
const ROUTE: &str = "Take the bus instead of walking past the station";

/// A diary with three entries and three changes: a route changed in January (ended in
/// February), cameras fitted in February, counselling from March; plus one withdrawn.
fn fixture() -> TestVault {
    let mut tv = new_vault();
    for (title, at) in [
        ("Followed from the station", "2026-01-10T18:00:00+00:00"),
        ("Outside my door", "2026-02-05T22:00:00+00:00"),
        ("Calls all night", "2026-02-27T02:00:00+00:00"),
    ] {
        tv.vault.add_entry(entry(EntryKind::Sighting, title, at)).unwrap();
    }
    let v = &mut tv.vault;
    assert_eq!(v.note_effect(effect(EffectKind::ChangedRoutine, "2026-01-12", Some("2026-02-01"), ROUTE)).unwrap(), 1);
    assert_eq!(v.note_effect(effect(EffectKind::Security, "2026-02-06", None, CAMERAS)).unwrap(), 2);
    assert_eq!(v.note_effect(effect(EffectKind::MovedHome, "2026-02-07", None, "Moved out by mistake")).unwrap(), 3);
    v.withdraw_effect(3, "typed in the wrong diary").unwrap();
    assert_eq!(v.note_effect(effect(EffectKind::HealthSupport, "2026-03-01", None, COUNSELLING)).unwrap(), 4);
    tv
}

#[test]
fn effects_and_their_withdrawal_read_back_after_reopening() {
    let tv = fixture().reopen();
    let effects = tv.vault.effects().unwrap();
    assert_eq!(effects.len(), 4);
    assert_eq!(effects[0].details.kind, EffectKind::ChangedRoutine);
    assert_eq!(effects[0].details.until, Some(day("2026-02-01")));
    let withdrawn = effects[2].withdrawn.as_ref().unwrap();
    assert_eq!(withdrawn.reason, "typed in the wrong diary");
    assert!(effects.iter().filter(|e| e.id != 3).all(|e| e.withdrawn.is_none()));
    assert_eq!(effects[3].recorded_at, "2026-03-01T21:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn changes_that_make_no_sense_are_refused_and_nothing_is_written() {
    let mut tv = new_vault();
    let before = tv.vault.check().unwrap().records;
    let v = &mut tv.vault;
    refused(v.note_effect(effect(EffectKind::MovedHome, "2026-02-10", Some("2026-02-01"), "x")), "before it began");
    // The vault clock says 1 March 2026; a day's grace for time zones.
    refused(v.note_effect(effect(EffectKind::MovedHome, "2026-03-03", None, "x")), "in the future");
    refused(v.note_effect(effect(EffectKind::MovedHome, "2026-02-01", Some("2026-03-05"), "x")), "in the future");
    refused(v.note_effect(effect(EffectKind::MovedHome, "2026-02-01", None, "  \n ")), "what changed");
    refused(v.note_effect(effect(EffectKind::Other, "2026-02-01", None, &"&".repeat(2001))), "longer than 2000");
    assert!(matches!(v.withdraw_effect(1, "reason"), Err(VaultError::UnknownEffect(1))));
    assert_eq!(v.check().unwrap().records, before, "no record was written");
    // A day ahead of the vault's UTC date is someone's today elsewhere.
    v.note_effect(effect(EffectKind::MovedHome, "2026-03-02", None, "Moved")).unwrap();
    refused(v.withdraw_effect(1, "  "), "reason");
    v.withdraw_effect(1, "duplicate").unwrap();
    refused(v.withdraw_effect(1, "again"), "already withdrawn");
    assert_eq!("time-off-work".parse::<EffectKind>().unwrap(), EffectKind::TimeOffWork);
    assert!("holiday".parse::<EffectKind>().unwrap_err().contains("moved-home"));
}

fn export(tv: &mut TestVault, options: &ExportOptions, name: &str) -> (std::path::PathBuf, Vec<(String, Vec<u8>)>) {
    let out = tv.dir.path().join(name);
    tv.vault.export(options, None, &out, &mut |_| true).unwrap();
    let files = read_zip(&std::fs::read(&out).unwrap());
    (out, files)
}

fn report_text(files: &[(String, Vec<u8>)], dir: &Path) -> String {
    std::fs::write(dir.join("report.pdf"), get(files, "report.pdf")).unwrap();
    let out = tool("pdftotext", &["report.pdf", "report.txt"], dir);
    assert!(out.status.success(), "{}", text(&out));
    // One line per paragraph: the table wraps cells, so join lines before looking for words.
    std::fs::read_to_string(dir.join("report.txt")).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every disclosed record body in ledger.json, decoded, joined.
fn disclosed_bodies(files: &[(String, Vec<u8>)]) -> String {
    let ledger: serde_json::Value = serde_json::from_slice(get(files, "ledger.json")).unwrap();
    ledger["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["body"].as_str())
        .map(|b| String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b).unwrap()).unwrap())
        .collect()
}

/// `words` appears nowhere in the pack: no file, no disclosed record, not the report's text.
fn nowhere(files: &[(String, Vec<u8>)], report: &str, words: &str) {
    assert!(!report.contains(words), "{words:?} in the report");
    assert!(!disclosed_bodies(files).contains(words), "{words:?} in a disclosed record");
    for (name, data) in files {
        assert!(!common::contains(data, words.as_bytes()), "{words:?} in {name}");
    }
}

fn verifies_and_redraws(out: &Path) {
    let mut report = verify_bundle(out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert_eq!(
        check_report(out, None, &ReportRenderer, &mut report),
        Some(ReportOutcome::Same),
        "the report is drawn again from the pack: {:#?}",
        report.checks
    );
}

#[test]
fn a_whole_pack_shows_the_effects_in_force_and_never_the_withdrawn_one() {
    let mut tv = fixture();
    let preview = tv.vault.export_preview(&ExportOptions::default()).unwrap();
    assert!(preview.warnings.iter().any(|w| w.contains("includes 3 change(s) to your life")), "{:?}", preview.warnings);
    let (out, files) = export(&mut tv, &ExportOptions::default(), "pack.zip");
    verifies_and_redraws(&out);
    let dir = tempfile::tempdir().unwrap();
    let pdf = report_text(&files, dir.path());
    for words in
        ["How this has affected the person", ROUTE, CAMERAS, COUNSELLING, "Medical or counselling help", "continuing"]
    {
        assert!(pdf.contains(words), "{words:?} missing from the report");
    }
    assert!(pdf.contains("12 Jan 2026 1 Feb 2026 Changed routes or times"), "{pdf}");
    // Withdrawn: neither the change nor the withdrawal's reason is disclosed.
    nowhere(&files, &pdf, "Moved out by mistake");
    nowhere(&files, &pdf, "typed in the wrong diary");
}

#[test]
fn a_pack_for_a_period_shows_only_the_changes_under_way_in_it() {
    let mut tv = fixture();
    // February only: the route change (ended 1 February) and the cameras; not counselling (March).
    let options = ExportOptions {
        from: Some("2026-02-01T00:00:00+00:00".parse().unwrap()),
        to: Some("2026-03-01T00:00:00+00:00".parse().unwrap()),
        ..ExportOptions::default()
    };
    let (out, files) = export(&mut tv, &options, "february.zip");
    verifies_and_redraws(&out);
    let dir = tempfile::tempdir().unwrap();
    let pdf = report_text(&files, dir.path());
    assert!(pdf.contains(ROUTE) && pdf.contains(CAMERAS), "{pdf}");
    nowhere(&files, &pdf, COUNSELLING);
}

#[test]
fn a_pack_the_person_left_the_effects_out_of_holds_none_of_them() {
    let mut tv = fixture();
    let options = ExportOptions { leave_out_effects: true, ..ExportOptions::default() };
    let preview = tv.vault.export_preview(&options).unwrap();
    assert!(!preview.warnings.iter().any(|w| w.contains("change(s) to your life")), "{:?}", preview.warnings);
    let (out, files) = export(&mut tv, &options, "without.zip");
    verifies_and_redraws(&out);
    let dir = tempfile::tempdir().unwrap();
    let pdf = report_text(&files, dir.path());
    assert!(!pdf.contains("How this has affected the person"));
    for words in [ROUTE, CAMERAS, COUNSELLING, "Moved out by mistake"] {
        nowhere(&files, &pdf, words);
    }
    let manifest: serde_json::Value = serde_json::from_slice(get(&files, "manifest.json")).unwrap();
    assert_eq!(manifest["options"]["leave_out_effects"], true, "the manifest says they were left out");
    // An advocate's pack follows the same choice.
    let advocate = ExportOptions {
        recipient: casebook_core::Recipient::Advocate,
        leave_out_effects: true,
        ..ExportOptions::default()
    };
    let preview = tv.vault.export_preview(&advocate).unwrap();
    assert!(!preview.warnings.iter().any(|w| w.contains("change(s) to your life")));
}
