//! The report as an officer prints it (read with pdftotext, as a recipient would): every
//! character the report prints itself is drawn from its fonts (no replacement glyph, times the
//! person gave as approximate say "about"), earlier versions are worded like the entry (no
//! program text), every page reads "Page N of M", and the contents page gives the page each
//! section really starts on.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use casebook_core::{
    ActionsTaken, BreachInput, CallDetails, CallDirection, CaseDetails, EntryKind, ExportOptions, OrderInput,
    OrderKind, Person, TermInput, TermPreset,
};
use common::*;
use export_support::{get, read_zip, text, tool};

/// A diary that makes the report print each of its own symbols and words: approximate times (in
/// the chronology and the breach schedule), revisions of a call's direction and length, of the
/// actions taken and of the person, a retraction, a breach, and enough entries to fill pages.
fn fixture() -> TestVault {
    let mut tv = new_vault();
    tv.vault
        .set_case(CaseDetails {
            victim_initials: "AB".into(),
            persons: vec![Person {
                id: 1,
                name: "Jon Doe".into(),
                relationship: None,
                description: None,
                identifiers: vec![],
            }],
            ..Default::default()
        })
        .unwrap();
    tv.vault
        .add_order(OrderInput {
            kind: OrderKind::InterimSpo,
            court: "Anytown Magistrates' Court".into(),
            made_on: "2026-02-01".parse().unwrap(),
            served_on: Some("2026-02-03".parse().unwrap()),
            expires_on: None,
            reference: Some("SPO/2026/00417".into()),
            terms: vec![TermInput::preset(TermPreset::NoContact, None)],
        })
        .unwrap();

    // The call: approximate, a breach, then revised twice.
    let mut call = entry(EntryKind::Call, "Withheld call at night", "2026-02-05T18:30:00+00:00");
    call.occurred.approximate = true;
    call.person_id = Some(1);
    call.call = Some(CallDetails { direction: Some(CallDirection::Missed), duration_secs: Some(45) });
    let call_id = tv.vault.add_entry(call.clone()).unwrap();
    tv.vault
        .mark_breach(BreachInput {
            entry_id: call_id,
            order_id: 1,
            term_ids: vec![1],
            reported: true,
            police_reference: Some("CAD-0205-B".into()),
        })
        .unwrap();
    tv.tick(60);
    call.call = Some(CallDetails { direction: Some(CallDirection::Incoming), duration_secs: Some(65) });
    call.actions = ActionsTaken {
        blocked: true,
        reported_to: Some("Anytown police".into()),
        police_reference: Some("CAD-0205-B".into()),
        ..ActionsTaken::default()
    };
    tv.vault.revise_entry(call_id, call.clone(), "I answered it after all").unwrap();
    tv.tick(60);
    call.person_id = None;
    call.tags = vec!["night".into()];
    tv.vault.revise_entry(call_id, call, "Not sure it was him").unwrap();

    let retracted =
        tv.vault.add_entry(entry(EntryKind::Sighting, "Thought I saw his car", "2026-02-06T12:00:00Z")).unwrap();
    tv.vault.retract_entry(retracted, "Wrong car").unwrap();

    // Enough entries, with long narratives, for the report to run over many pages.
    for day in 0..60 {
        let mut f = entry(EntryKind::Sighting, &format!("Outside the office, day {day}"), "2026-02-07T08:05:00Z");
        f.occurred.start += chrono::Duration::days(day);
        f.occurred.approximate = day % 3 == 0;
        f.narrative = "He stood across the road from the entrance and watched me go in. ".repeat(12);
        tv.vault.add_entry(f).unwrap();
    }
    tv
}

/// The report's text, page by page (pdftotext ends each page with a form feed).
fn pages(files: &[(String, Vec<u8>)], dir: &Path) -> Vec<String> {
    std::fs::write(dir.join("report.pdf"), get(files, "report.pdf")).unwrap();
    let out = tool("pdftotext", &["-layout", "-enc", "UTF-8", "report.pdf", "report.txt"], dir);
    assert!(out.status.success(), "{}", text(&out));
    let all = std::fs::read_to_string(dir.join("report.txt")).unwrap();
    let mut pages: Vec<String> = all.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn export() -> (Vec<(String, Vec<u8>)>, u32) {
    let mut tv = fixture();
    let out = tv.dir.path().join("pack.zip");
    let report = tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    (read_zip(&std::fs::read(&out).unwrap()), report.report_pages)
}

fn export_pages() -> (Vec<String>, u32) {
    let (files, pages_counted) = export();
    let dir = tempfile::tempdir().unwrap();
    (pages(&files, dir.path()), pages_counted)
}

/// The report's text in reading order (each table cell's lines together), spaces collapsed.
fn reading_text() -> String {
    let (files, _) = export();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.pdf"), get(&files, "report.pdf")).unwrap();
    let out = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], dir.path());
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_prints_every_symbol_of_its_own_with_its_fonts_and_says_about_for_approximate_times() {
    let all = reading_text();
    assert!(!all.contains('\u{FFFD}'), "a replacement glyph in the report:\n{all}");
    assert!(!all.contains("could not be shown"), "the report says some characters could not be shown");
    assert!(!all.contains('≈'), "no font has ≈: the report must not print it");
    // The approximate call in the breach schedule, and in the chronology: "about" above the time.
    assert!(all.contains("about 2026-02-05 18:30 1. Withheld call at night"), "{all}");
    let (pages, _) = export_pages();
    let layout = pages.concat();
    let lines: Vec<&str> = layout.lines().collect();
    let row = lines.iter().position(|l| l.contains("Withheld call at night [revised")).expect("the chronology's row");
    assert!(
        lines[row].contains("about") && lines[row + 1].contains("2026-02-05 18:30"),
        "{}",
        lines[row..row + 2].join("\n")
    );
    assert!(all.contains("\"about\" marks a time the person gave as approximate"), "{all}");
    assert!(all.contains("[revised ×2]"), "× is in Noto Sans and stays");
}

#[test]
fn earlier_versions_are_worded_like_the_entry_without_program_text() {
    let (pages, _) = export_pages();
    let text = pages.concat();
    // The section itself, not its line in the contents.
    let entries = text.rfind("Entries in full").expect("the entries in full");
    let all = &text[entries..text.rfind("Exhibit list").expect("the exhibit list")];
    let start = all.find("Earlier versions").expect("the revised call's earlier versions");
    let versions: String = all[start..].chars().take(2500).collect();
    // What each earlier version said, in words.
    for words in ["missed, 0:45 long", "Jon Doe", "(empty)"] {
        assert!(versions.contains(words), "{words:?} missing from:\n{versions}");
    }
    // The entry as it reads now is worded from the same list.
    for words in ["incoming (answered), 1:05 long", "blocked; reported to Anytown police; police reference CAD-0205-B"]
    {
        assert!(all.contains(words), "{words:?} missing from the entry");
    }
    for debug in [
        "Some(",
        "None",
        "{",
        "}",
        "CallDetails",
        "ActionsTaken",
        "Incoming",
        "Missed",
        "direction:",
        "duration_secs",
        "reported_to",
        "blocked: ",
    ] {
        assert!(!all.contains(debug), "program text {debug:?} in the report:\n{versions}");
    }
}

#[test]
fn every_page_reads_page_n_of_m_and_the_contents_give_each_sections_first_page() {
    let (pages, counted) = export_pages();
    let m = pages.len();
    assert!(m > 8, "the fixture fills many pages: {m}");
    assert_eq!(counted as usize, m, "the export's page count is the PDF's");
    for (i, page) in pages.iter().enumerate() {
        let footer = format!("Page {} of {m}", i + 1);
        assert!(page.contains(&footer), "page {} lacks {footer:?}:\n{page}", i + 1);
    }

    // The contents page: each section with a page number, right where that section starts.
    let contents = &pages[1];
    assert!(contents.contains("Contents"), "{contents}");
    let sections = [
        "Pattern summary",
        "Orders and breaches",
        "Chronology",
        "Entries in full",
        "Exhibit list",
        "Continuity log",
        "Witness codes shared",
        "What this pack does not include",
    ];
    let mut last = 2;
    for title in sections {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("{title:?} not in the contents:\n{contents}"));
        let listed: usize = line.split_whitespace().last().unwrap().parse().unwrap_or_else(|_| panic!("{line}"));
        assert!(listed > last || (listed == last && last > 2), "{title} on page {listed} after page {last}");
        assert!(listed <= m, "{title} listed on page {listed} of {m}");
        // The heading is on that page, and on no page between the contents and it.
        let heading_on = |p: &str| p.lines().any(|l| l.trim() == title);
        assert!(heading_on(&pages[listed - 1]), "{title:?} is not on page {listed}:\n{}", pages[listed - 1]);
        assert!(!pages[2..listed - 1].iter().any(|p| heading_on(p)), "{title:?} appears before page {listed}");
        last = listed;
    }
}
