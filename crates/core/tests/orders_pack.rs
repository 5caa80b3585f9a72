//! Orders and breaches in an evidence pack: the report's order section and breach schedule,
//! `breaches.csv` (listed in the signed manifest), and a pack scoped to some entries that
//! discloses only their breaches.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use casebook_core::verify::{Pack, ReportOutcome, ReportRenderer, check_report, compare_report};
use casebook_core::{EntryKind, ExportOptions, Verdict, verify_bundle};
use common::orders::{REFS, interim_spo_with_breaches};
use common::*;
use export_support::{get, read_zip, set, text, tool, write_zip};

/// The fixture (`common::orders`), with a screenshot on the third entry. Returns the
/// vault and the breach entries' numbers.
fn fixture() -> (TestVault, Vec<i64>) {
    let mut tv = new_vault();
    let ids = interim_spo_with_breaches(&mut tv, "=HYPERLINK(\"http://x\") post about me");
    tv.vault.attach(ids[2], &mut &png(8, 8)[..], "screenshot.png", "manual").unwrap();
    (tv, vec![ids[0], ids[2], ids[3], ids[6]])
}

fn png(w: u32, h: u32) -> Vec<u8> {
    common::images::png(w, h)
}

fn export(tv: &mut TestVault, options: &ExportOptions, name: &str) -> (std::path::PathBuf, Vec<(String, Vec<u8>)>) {
    let out = tv.dir.path().join(name);
    tv.vault.export(options, None, &out, &mut |_| true).unwrap();
    let files = read_zip(&std::fs::read(&out).unwrap());
    (out, files)
}

fn report_text(files: &[(String, Vec<u8>)], dir: &Path) -> String {
    std::fs::write(dir.join("report.pdf"), get(files, "report.pdf")).unwrap();
    let out = tool("pdftotext", &["-layout", "report.pdf", "report.txt"], dir);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::read_to_string(dir.join("report.txt")).unwrap()
}

fn csv_rows(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let csv = std::str::from_utf8(get(files, "breaches.csv")).unwrap();
    assert!(csv.ends_with("\r\n"), "CRLF line ends");
    csv.split("\r\n").filter(|l| !l.is_empty()).skip(1).map(str::to_owned).collect()
}

#[test]
fn the_pack_lists_exactly_the_four_breaches_in_its_csv_and_report_and_still_verifies() {
    let (mut tv, breach_entries) = fixture();
    let (out, files) = export(&mut tv, &ExportOptions::default(), "pack.zip");
    let mut report = verify_bundle(&out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    let redrawn = check_report(&out, None, &ReportRenderer, &mut report);
    assert_eq!(redrawn, Some(ReportOutcome::Same), "the report is drawn again from the pack: {:#?}", report.checks);

    // breaches.csv: exactly the four, in the order they happened, the first flagged.
    let rows = csv_rows(&files);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    for (row, (entry_id, reference)) in rows.iter().zip(breach_entries.iter().zip(REFS)) {
        assert!(row.contains(&format!(",{entry_id},")) && row.contains(reference), "{row}");
    }
    assert!(rows[0].contains("before the order was served"), "{}", rows[0]);
    assert!(rows[1..].iter().all(|r| r.contains("after the order was served")), "{rows:#?}");
    assert!(rows[1].contains("AB/1"), "the screenshot's mark: {}", rows[1]);
    assert!(rows[3].contains("\"'=HYPERLINK"), "a formula in a title is defused: {}", rows[3]);
    // Listed in the signed manifest.
    let manifest: serde_json::Value = serde_json::from_slice(get(&files, "manifest.json")).unwrap();
    assert!(manifest["files"]["breaches.csv"]["sha256"].is_string());
    assert!(std::str::from_utf8(get(&files, "README.txt")).unwrap().contains("breaches.csv"));

    // The report: the order with its terms, and the schedule with the one before service.
    let dir = tempfile::tempdir().unwrap();
    let pdf = report_text(&files, dir.path());
    for words in [
        "Orders and breaches",
        "Order 1: Interim Stalking Protection Order",
        "SPO/2026/00417",
        "Not to enter the exclusion zone: Acacia Avenue and the station",
        "Breach schedule",
        "4 in this pack, 1 of them before the order was served",
    ] {
        assert!(pdf.contains(words), "{words:?} missing from the report");
    }
    assert_eq!(pdf.matches("before service").count(), 1, "{pdf}");
    // Each breach also beside its entry in full.
    assert_eq!(pdf.matches("of order 1 (Interim Stalking").count(), 4, "{pdf}");
    for reference in REFS {
        assert!(pdf.contains(reference), "{reference} missing from the schedule");
    }
}

#[test]
fn a_pack_scoped_to_some_entries_discloses_only_their_breaches() {
    let (mut tv, breach_entries) = fixture();
    // Two of the four breach entries, and one entry that is no breach.
    let chosen = vec![breach_entries[1], breach_entries[3], breach_entries[0] + 1];
    let preview =
        tv.vault.export_preview(&ExportOptions { entry_ids: chosen.clone(), ..ExportOptions::default() }).unwrap();
    assert!(
        preview.warnings.iter().any(|w| w.contains("includes the 1 order(s)") && w.contains("2 breach(es)")),
        "the preview says the order goes in: {:?}",
        preview.warnings
    );
    let (out, files) = export(&mut tv, &ExportOptions { entry_ids: chosen, ..ExportOptions::default() }, "narrow.zip");
    let mut report = verify_bundle(&out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert_eq!(check_report(&out, None, &ReportRenderer, &mut report), Some(ReportOutcome::Same));
    let rows = csv_rows(&files);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows[0].contains(REFS[1]) && rows[1].contains(REFS[3]), "{rows:#?}");

    // The other breaches' references are nowhere in the pack, in any file (the ledger's
    // disclosed bodies are base64: decode them too).
    let dir = tempfile::tempdir().unwrap();
    let pdf = report_text(&files, dir.path());
    let ledger: serde_json::Value = serde_json::from_slice(get(&files, "ledger.json")).unwrap();
    use base64::Engine as _;
    let bodies: String = ledger["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["body"].as_str())
        .map(|b| String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b).unwrap()).unwrap())
        .collect();
    for hidden in [REFS[0], REFS[2]] {
        assert!(!pdf.contains(hidden), "{hidden} in the report");
        assert!(!bodies.contains(hidden), "{hidden} in a disclosed record");
        for (name, data) in &files {
            assert!(!export_support_contains(data, hidden.as_bytes()), "{hidden} in {name}");
        }
    }
    // The order itself is disclosed: the breaches make no sense without it.
    assert!(bodies.contains("\"kind\":\"order_made\""));
    assert!(pdf.contains("Order 1: Interim Stalking Protection Order"));
}

fn export_support_contains(haystack: &[u8], needle: &[u8]) -> bool {
    common::contains(haystack, needle)
}

#[test]
fn a_pack_from_a_diary_without_orders_has_no_breach_file() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "a call", "2026-02-02T23:10:00+00:00")).unwrap();
    let (out, files) = export(&mut tv, &ExportOptions::default(), "plain.zip");
    assert_eq!(verify_bundle(&out, None).verdict, Verdict::Valid);
    assert!(files.iter().all(|(n, _)| n != "breaches.csv"));
}

#[test]
fn a_breach_schedule_that_is_not_what_the_records_say_is_caught_by_the_redraw() {
    let (mut tv, _) = fixture();
    let (_, files) = export(&mut tv, &ExportOptions::default(), "genuine.zip");
    let redraw = |files: &[(String, Vec<u8>)], name: &str| {
        let path = tv.dir.path().join(name);
        std::fs::write(&path, write_zip(files)).unwrap();
        compare_report(&mut Pack::open(&path, None).unwrap(), &ReportRenderer)
    };
    assert_eq!(redraw(&files, "same.zip").0, ReportOutcome::Same);

    // The before-service flag taken off the first breach: report.pdf is untouched, the CSV is not.
    let mut altered = files.clone();
    let csv = String::from_utf8(get(&files, "breaches.csv").to_vec()).unwrap();
    let quiet = csv.replacen("before the order was served", "after the order was served", 1);
    assert_ne!(csv, quiet);
    set(&mut altered, "breaches.csv", quiet.into_bytes());
    let (outcome, detail) = redraw(&altered, "altered.zip");
    assert_eq!(outcome, ReportOutcome::Different, "{detail}");
    assert!(detail.contains("breaches.csv"), "{detail}");

    // A schedule dropped from a pack whose records have an order.
    let dropped: Vec<_> = files.iter().filter(|(n, _)| n != "breaches.csv").cloned().collect();
    assert_eq!(redraw(&dropped, "dropped.zip").0, ReportOutcome::Different);

    // A schedule added to a pack from a diary without orders.
    let mut plain_vault = new_vault();
    plain_vault.vault.add_entry(entry(EntryKind::Call, "a call", "2026-02-02T23:10:00+00:00")).unwrap();
    let (_, mut plain) = export(&mut plain_vault, &ExportOptions::default(), "plain.zip");
    plain.push(("breaches.csv".into(), get(&files, "breaches.csv").to_vec()));
    assert_eq!(redraw(&plain, "added.zip").0, ReportOutcome::Different);
}
