//! Exhibit marks are numbered within the pack: a narrowed pack's exhibits run AB_1 … AB_n with
//! no gap (files first, withheld ones after), whatever the vault's attachment numbers, and the
//! signed manifest and entries.json map each mark to its stable attachment number, which verify
//! checks against the committed `attachment_added` record.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::verify::{ReportOutcome, ReportRenderer, check_report};
use casebook_core::{CaseDetails, EntryKind, ExportOptions, Recipient, Treatment, Verdict, verify_bundle};
use common::*;
use export_support::{get, read_zip, text, tool};
use serde_json::Value;

/// Six entries, each with a screenshot, the fourth with a second file (attachment numbers 1 to 7).
fn diary() -> (TestVault, Vec<i64>, Vec<i64>) {
    let mut tv = new_vault();
    tv.vault.set_case(CaseDetails { victim_initials: "AB".into(), ..Default::default() }).unwrap();
    let mut entries = Vec::new();
    let mut attachments = Vec::new();
    for day in 1..=6 {
        let id = tv
            .vault
            .add_entry(entry(EntryKind::TextMessage, &format!("Message {day}"), &format!("2026-02-0{day}T10:00:00Z")))
            .unwrap();
        entries.push(id);
        let png = common::images::png(4 + day as u32, 4);
        attachments.push(tv.vault.attach(id, &mut &png[..], &format!("screenshot-{day}.png"), "paste").unwrap().id);
        if day == 4 {
            let note = format!("Transcript of message {day}");
            attachments.push(tv.vault.attach(id, &mut note.as_bytes(), "transcript.txt", "manual").unwrap().id);
        }
    }
    (tv, entries, attachments)
}

fn manifest_and_entries(files: &[(String, Vec<u8>)]) -> (Value, Value) {
    (
        serde_json::from_slice(get(files, "manifest.json")).unwrap(),
        serde_json::from_slice(get(files, "entries.json")).unwrap(),
    )
}

#[test]
fn a_narrowed_pack_numbers_its_exhibits_from_1_without_gaps_and_maps_each_mark_to_its_attachment() {
    let (mut tv, entries, attachments) = diary();
    // The second, fourth and sixth entries: attachments 2, 4, 5 and 7 in the vault.
    let chosen = vec![entries[1], entries[3], entries[5]];
    let options = ExportOptions { entry_ids: chosen, ..ExportOptions::default() };
    let out = tv.dir.path().join("narrow.zip");
    tv.vault.export(&options, None, &out, &mut |_| true).unwrap();
    let files = read_zip(&std::fs::read(&out).unwrap());
    let (manifest, entries_json) = manifest_and_entries(&files);

    let listed: Vec<(String, i64)> = manifest["exhibits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["mark"].as_str().unwrap().to_owned(), x["attachment_id"].as_i64().unwrap()))
        .collect();
    let expected = vec![
        ("AB_1".to_owned(), attachments[1]),
        ("AB_2".to_owned(), attachments[3]),
        ("AB_3".to_owned(), attachments[4]),
        ("AB_4".to_owned(), attachments[6]),
    ];
    assert_eq!(listed, expected, "marks run 1 to 4 in the order the entries happened, each with its attachment");
    let mut in_folder: Vec<&str> =
        files.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("exhibits/")).collect();
    in_folder.sort_unstable();
    assert_eq!(in_folder, ["exhibits/AB_1.png", "exhibits/AB_2.png", "exhibits/AB_3.txt", "exhibits/AB_4.png"]);

    // entries.json gives the same marks and attachment numbers under each entry.
    let from_entries: Vec<(String, i64)> = entries_json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["exhibits"].as_array().unwrap().iter())
        .map(|x| (x["mark"].as_str().unwrap().to_owned(), x["attachment_id"].as_i64().unwrap()))
        .collect();
    assert_eq!(from_entries, expected);
    assert_eq!(manifest["format"], "casebook.bundle.v3");

    // It verifies, and the report is the one this version draws from the pack alone.
    let mut report = verify_bundle(&out, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert_eq!(check_report(&out, None, &ReportRenderer, &mut report), Some(ReportOutcome::Same));

    // The report's exhibit list and entries give the marks as officers write them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.pdf"), get(&files, "report.pdf")).unwrap();
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], dir.path());
    assert!(t.status.success(), "{}", text(&t));
    let pdf = String::from_utf8(t.stdout).unwrap();
    for mark in ["AB/1", "AB/2", "AB/3", "AB/4"] {
        assert!(pdf.contains(mark), "{mark} missing from the report");
    }
    assert!(!pdf.contains("AB/5") && !pdf.contains("AB/7"), "no vault numbers as marks");
}

#[test]
fn withheld_exhibits_are_numbered_after_the_files_so_the_folder_has_no_gap() {
    let (mut tv, entries, attachments) = diary();
    // For an advocate with location removal a ZIP is withheld (photos inside it keep theirs):
    // attached to the earlier entry, it still comes after the later entry's file.
    let zip = export_support::write_zip(&[("a.txt".to_owned(), b"inside".to_vec())]);
    tv.vault.attach(entries[1], &mut &zip[..], "photos.zip", "manual").unwrap();
    let options = ExportOptions {
        recipient: Recipient::Advocate,
        strip_gps: true,
        entry_ids: vec![entries[1], entries[2]],
        ..ExportOptions::default()
    };
    let preview = tv.vault.export_preview(&options).unwrap();
    let marks: Vec<(&str, &str, Treatment)> =
        preview.exhibits.iter().map(|x| (x.mark.as_str(), x.original_name.as_str(), x.treatment)).collect();
    assert_eq!(
        marks,
        [
            ("AB_1", "screenshot-2.png", Treatment::Original),
            ("AB_3", "photos.zip", Treatment::Withheld),
            ("AB_2", "screenshot-3.png", Treatment::Original),
        ],
        "attachments {attachments:?}"
    );
}
