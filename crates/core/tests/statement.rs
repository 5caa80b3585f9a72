//! The draft witness statement (`casebook_core::statement`): opened by a DOCX reader other than
//! ours (pandoc), it holds every exhibit mark a police pack with the same choices has, every
//! breach (the one before service said so), the order and the changes to the person's life,
//! "DRAFT" on every page, no withdrawn entry; hostile text stays text and cannot break the
//! file; a 5,000-entry diary drafts whole; nothing chosen or an existing file is refused.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use casebook_core::{EffectDetails, EffectKind, EntryKind, ExportOptions, VaultError};
use common::orders::{REFS, interim_spo_with_breaches};
use common::*;
use export_support::{get, read_zip, text, tool};

/// Text of a .docx as pandoc reads it, whitespace joined.
fn docx_text(path: &Path) -> String {
    let dir = path.parent().unwrap();
    let out = tool("pandoc", &["--from", "docx", "--to", "plain", "--wrap", "none", path.to_str().unwrap()], dir);
    assert!(out.status.success(), "pandoc could not read the statement: {}", text(&out));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The XML parts of a .docx whose names start with `prefix`, joined.
fn parts(path: &Path, prefix: &str) -> String {
    read_zip(&std::fs::read(path).unwrap())
        .into_iter()
        .filter(|(n, _)| n.starts_with(prefix))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect()
}

/// The orders fixture (`common::orders`: an interim SPO served 3 February 2026, ten entries,
/// four breaches, one before service), with two screenshots, a withdrawn entry and a change to
/// the person's life.
fn fixture() -> TestVault {
    let mut tv = new_vault();
    let ids = interim_spo_with_breaches(&mut tv, "A post about me");
    tv.vault.attach(ids[2], &mut &common::images::png(8, 8)[..], "screenshot.png", "paste").unwrap();
    tv.vault.attach(ids[8], &mut &common::images::png(9, 9)[..], "street.png", "manual").unwrap();
    tv.vault.retract_entry(ids[1], "not about him").unwrap();
    let moved = EffectDetails {
        kind: EffectKind::MovedHome,
        from: "2026-02-16".parse().unwrap(),
        until: None,
        description: "Moved in with my sister".into(),
    };
    tv.vault.note_effect(moved).unwrap();
    tv
}

#[test]
fn the_draft_holds_every_exhibit_mark_of_the_pack_every_breach_the_order_and_the_effects() {
    let mut tv = fixture();
    let out = tv.dir.path().join("draft.docx");
    let report = tv.vault.write_statement(&ExportOptions::default(), &out).unwrap();
    assert_eq!((report.entries, report.exhibits, report.breaches, report.effects), (9, 2, 4, 1), "{report:?}");
    let draft = docx_text(&out);

    // Every mark the police pack with the same choices gives its exhibits.
    let pack = tv.dir.path().join("pack.zip");
    tv.vault.export(&ExportOptions::default(), None, &pack, &mut |_| true).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(get(&read_zip(&std::fs::read(&pack).unwrap()), "manifest.json")).unwrap();
    let marks: Vec<String> = manifest["exhibits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["mark"].as_str().unwrap().replace('_', "/"))
        .collect();
    assert_eq!(marks.len(), 2);
    for mark in &marks {
        assert!(draft.contains(&format!("as exhibit {mark}.")), "{mark} is not produced in:\n{draft}");
    }
    assert!(draft.contains("I produce a screenshot (screenshot.png) as exhibit"), "{draft}");

    // Every breach, in the person's words; the one before service said so.
    assert_eq!(draft.matches("I believe this breached term").count(), 4, "{draft}");
    assert_eq!(draft.matches("This was before the order was served.").count(), 1, "{draft}");
    for reference in REFS {
        assert!(draft.contains(&format!("I reported it to the police (reference {reference}).")), "{reference}");
    }
    for words in [
        "On 1 February 2026, Anytown Magistrates' Court made an Interim Stalking Protection Order (reference SPO/2026/00417).",
        "It was served on 3 February 2026.",
        "2. Not to enter the exclusion zone: Acacia Avenue and the station.",
        "On Monday 2 February 2026 at 23:10, withheld call at night.",
        "On Tuesday 10 February 2026 at 21:00, a post about me.",
        "Since 16 February 2026 (moved home or stayed elsewhere): Moved in with my sister.",
        "This statement (consisting of [number] page(s) each signed by me) is true",
        "Statement of: [your full name] (initials AB)",
    ] {
        assert!(draft.contains(words), "{words:?} missing from:\n{draft}");
    }
    // A withdrawn entry is not part of the person's account.
    assert!(!draft.contains("note to self") && !draft.contains("Note to self"), "{draft}");
    // DRAFT on every page: in the header and footer parts every section uses.
    assert!(parts(&out, "word/header").contains("DRAFT: not a signed statement"));
    assert!(parts(&out, "word/footer").contains("DRAFT: not a signed statement"));
}

#[test]
fn hostile_text_stays_text_and_cannot_break_the_document() {
    let mut tv = new_vault();
    let title = "</w:t></w:r><w:r><w:t>INJECTED & <b>bold</b> \u{1}\u{b}\u{1b}[31m";
    let mut fields = entry(EntryKind::TextMessage, title, "2026-02-05T18:30:00+00:00");
    fields.narrative = format!("{}\nline two \u{FFFF}", "&".repeat(50_000));
    tv.vault.add_entry(fields).unwrap();
    let out = tv.dir.path().join("draft.docx");
    tv.vault.write_statement(&ExportOptions::default(), &out).unwrap();
    let draft = docx_text(&out);
    assert!(
        draft.contains("</w:t></w:r><w:r><w:t>INJECTED & <b>bold</b> [31m"),
        "as typed, less controls:\n{}",
        &draft[..300]
    );
    assert!(draft.contains(&"&".repeat(50_000)) && draft.contains("line two"));
    let body = parts(&out, "word/document.xml");
    assert!(!body.contains("<w:t>INJECTED"), "the title did not become markup");
    assert!(!body.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')), "no control character");
}

#[test]
fn a_five_thousand_entry_diary_drafts_whole() {
    let mut tv = new_vault();
    let start: chrono::DateTime<chrono::FixedOffset> = "2016-01-01T20:00:00+00:00".parse().unwrap();
    for i in 0..5_000 {
        let at = (start + chrono::Duration::hours(17 * i)).to_rfc3339();
        tv.vault.add_entry(entry(EntryKind::Call, &format!("Call number {i}"), &at)).unwrap();
    }
    let out = tv.dir.path().join("draft.docx");
    let report = tv.vault.write_statement(&ExportOptions::default(), &out).unwrap();
    assert_eq!(report.entries, 5_000);
    let draft = docx_text(&out);
    assert_eq!(draft.matches(", call number ").count(), 5_000);
    assert!(draft.contains("call number 4999."));
}

#[test]
fn nothing_chosen_or_an_existing_file_is_refused_and_nothing_is_written() {
    let mut tv = fixture();
    let out = tv.dir.path().join("draft.docx");
    let none = ExportOptions { kinds: vec![EntryKind::PropertyDamage], ..ExportOptions::default() };
    match tv.vault.write_statement(&none, &out) {
        Err(VaultError::InvalidInput(m)) => assert!(m.contains("no entries match"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(!out.exists());
    std::fs::write(&out, b"the person's own edits").unwrap();
    assert!(matches!(tv.vault.write_statement(&ExportOptions::default(), &out), Err(VaultError::AlreadyExists(_))));
    assert_eq!(std::fs::read(&out).unwrap(), b"the person's own edits", "an edited draft is never overwritten");
    let _ = &mut tv;
}
