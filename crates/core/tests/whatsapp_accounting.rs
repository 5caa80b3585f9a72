//! Where every line of a WhatsApp chat went (issue 18, item 4): the accounting the preview and
//! the import both state,
//! `lines_read = message_lines + continuation_lines + notice_lines + unreadable_lines + blank_lines`,
//! checked against each file's own line count: for a chat with every kind of line, for every
//! WhatsApp fixture, for an export of every phrase in `whatsapp_phrases.tsv` per language and
//! platform, for a 100,000-line Arabic chat; and the check itself fails when a line is dropped.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::path::Path;

use casebook_core::import::{ChatLines, ImportOptions, ImportSettings, preview};
use common::*;

/// Imports `path` into a new vault: (vault, (), report). The preview states the same accounting,
/// and the identity holds against the file.
fn import(path: &Path) -> (TestVault, (), casebook_core::ImportReport) {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let p = preview(path, &case_with_jon(), &utc_import_settings()).unwrap();
    let options = ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() };
    let report = tv.vault.import(path, &options, &mut |_, _| true).unwrap();
    assert_eq!(p.lines, report.lines, "preview and import agree on every line");
    assert_eq!(p.skipped, report.lines_not_taken);
    let lines = report.lines.as_ref().unwrap();
    // Items that could not be read are items of the file too, but not message lines.
    every_line_accounted_for(path, lines, report.counts.items_in_file - report.counts.unreadable);
    assert_eq!(report.lines_not_taken, lines.not_taken());
    assert!(report.counts.holds(), "{:?}", report.counts);
    (tv, (), report)
}

/// The accounting identity, against the file itself: its lines counted here, independently of
/// the reader, are each in exactly one place; every message line is an item; the kinds add up.
fn every_line_accounted_for(path: &Path, lines: &ChatLines, items: u64) {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let in_file = text.split_inclusive('\n').count() as u64;
    assert_eq!(lines.lines_read, in_file, "{}: every line read", path.display());
    assert_eq!(
        lines.message_lines
            + lines.continuation_lines
            + lines.notice_lines
            + lines.unreadable_lines
            + lines.blank_lines,
        in_file,
        "{}: lines read = messages + continuations + notices + unreadable + blank: {lines:?}",
        path.display()
    );
    assert!(lines.holds(), "{}: {lines:?}", path.display());
    assert_eq!(lines.message_lines, items, "{}: one message line per item", path.display());
    for kind in lines.notices.iter().chain(&lines.unreadable).chain(&lines.labelled) {
        assert!(!kind.samples.is_empty() && kind.samples.len() as u64 <= kind.count, "{kind:?}");
        for s in &kind.samples {
            let line = text.lines().nth((s.line - 1) as usize).unwrap();
            let plain: String = line.chars().filter(|c| !matches!(c, '\u{200e}' | '\u{200f}')).collect();
            let start: String = s.text.chars().take(10).collect();
            assert!(plain.contains(&start), "{}: sample {s:?} is line {}: {line}", path.display(), s.line);
        }
    }
}

// --- Where every line went ---

/// Every kind of line in one chat: blank and stray lines before the first dated one, a security
/// notice and a group notice (no sender), a message running over four lines (a blank one among
/// them), a dated line whose date does not exist (with a continuation), one with no sender, fixed
/// phrases, a notice over two lines, and a last line without a line end. Each line is counted
/// once, in the place it belongs, with samples and line numbers; the import says the same.
#[test]
fn whatsapp_every_line_is_accounted_for_once_with_samples() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("WhatsApp Chat with Jon Doe.txt");
    let text = "\n\
        Chat exported by a phone\n\
        \n\
        01/03/2026, 21:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even \
        WhatsApp, can read or listen to them. Tap to learn more.\n\
        01/03/2026, 21:01 - Ann created group \"Us\"\n\
        01/03/2026, 21:02 - Jon Doe: first line\n\
        second line\n\
        \n\
        third\n\
        31/02/2026, 21:03 - Jon Doe: a date that never was\n\
        and its second line\n\
        01/03/2026, 21:04 - : nobody\n\
        01/03/2026, 21:05 - Jon Doe: <Media omitted>\n\
        01/03/2026, 21:06 - Jon Doe: This message was deleted\n\
        01/03/2026, 21:07 - Jon Doe added Ann\n\
        and Bob\n\
        01/03/2026, 21:08 - Jon Doe: the end, with no line end";
    std::fs::write(&path, text).unwrap();
    let (_tv, _, report) = import(&path);
    let lines = report.lines.unwrap();
    assert_eq!(lines.lines_read, 17);
    assert_eq!(
        (lines.message_lines, lines.continuation_lines, lines.notice_lines, lines.unreadable_lines, lines.blank_lines),
        (4, 3, 4, 4, 2),
        "{lines:#?}"
    );
    assert_eq!(report.counts.imported, 4);
    let kinds = |list: &[casebook_core::import::LineKind]| -> Vec<(String, u64, Vec<u64>)> {
        list.iter().map(|k| (k.kind.clone(), k.count, k.samples.iter().map(|s| s.line).collect())).collect()
    };
    assert_eq!(
        kinds(&lines.notices),
        [
            ("security or blocking notice".to_owned(), 1, vec![4]),
            ("notice without a sender (a group or system notice)".to_owned(), 3, vec![5, 15]),
        ]
    );
    assert_eq!(
        kinds(&lines.unreadable),
        [
            ("text before the first dated line".to_owned(), 1, vec![2]),
            ("a date that does not exist".to_owned(), 2, vec![10]),
            ("a sender that cannot be read (empty, or longer than 80 characters)".to_owned(), 1, vec![12]),
        ]
    );
    assert_eq!(
        kinds(&lines.labelled),
        [
            ("media not included in the export: photo, video or file".to_owned(), 1, vec![13]),
            ("a deleted message".to_owned(), 1, vec![14]),
        ]
    );
    assert_eq!(lines.unreadable[0].samples[0].text, "Chat exported by a phone");
    assert_eq!(report.lines_not_taken, 8);
}

/// The identity is a real check: the same chat's accounting with one line dropped without a
/// word (a continuation line lost, or a notice counted but not said) fails it.
#[test]
fn whatsapp_a_line_dropped_without_a_word_fails_the_identity() {
    let path = import_fixture("whatsapp-ios-pl-PL-album.txt");
    let (_tv, _, report) = import(&path);
    let good = report.lines.unwrap();
    let items = report.counts.items_in_file - report.counts.unreadable;
    let mut dropped = good.clone();
    dropped.notice_lines -= 1;
    dropped.notices[0].count -= 1;
    let mut unsaid = good.clone();
    unsaid.notices.clear();
    let mut lost = good;
    lost.lines_read += 1;
    for bad in [dropped, unsaid, lost] {
        let caught = std::panic::catch_unwind(|| every_line_accounted_for(&path, &bad, items));
        assert!(caught.is_err(), "not caught: {bad:?}");
    }
}

/// The identity holds for every WhatsApp fixture, in every language and from both phones.
#[test]
fn whatsapp_every_fixture_accounts_for_every_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("whatsapp-") && name.ends_with(".txt")) {
            continue;
        }
        let settings =
            ImportSettings { date_order: Some(casebook_core::import::DateOrder::DayFirst), ..utc_import_settings() };
        let p = preview(&path, &case_with_jon(), &settings).unwrap();
        let lines = p.lines.unwrap_or_else(|| panic!("{name}: no accounting"));
        every_line_accounted_for(&path, &lines, p.total_items);
        assert_eq!(p.skipped, lines.not_taken(), "{name}");
        checked += 1;
    }
    assert!(checked >= 14, "{checked} fixtures");
}

/// For every language and platform in the phrase table: an export holding each phrase as a
/// message line (a notice row on the iPhone as WhatsApp marks it), one plain message and, on
/// Android, a notice without a sender. Every line is in its place; each labelled phrase is
/// counted by its label, each notice by its kind.
#[test]
fn whatsapp_every_phrase_of_every_language_is_accounted_for() {
    let table =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import/whatsapp_phrases.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    pairs.sort();
    pairs.dedup();
    for (lang, platform) in &pairs {
        let ios = *platform == "ios";
        let mine: Vec<_> = rows.iter().filter(|r| r[0] == *lang && r[1] == *platform).collect();
        let mut text = String::new();
        let (mut notices, mut labelled) = (0u64, 0u64);
        for (i, r) in mine.iter().enumerate() {
            let body = match r[2] {
                "ending" => format!("Your code changed. {}", r[4]),
                "first-line" => format!("{}\nWhere are you?", r[4]),
                _ => r[4].to_owned(),
            };
            let (h, m) = (9 + i / 60, i % 60);
            if ios {
                text.push_str(&format!("[13/03/2026, {h:02}:{m:02}:00] Jon Doe: \u{200e}{body}\n"));
            } else {
                text.push_str(&format!("13/03/2026, {h:02}:{m:02} - Jon Doe: {body}\n"));
            }
            if r[3] == "notice" && ios {
                notices += 1;
            } else if r[3] != "notice" {
                labelled += 1;
            }
        }
        text.push_str("13/03/2026, 23:58 - Jon Doe: plain words\n");
        if !ios {
            text.push_str("13/03/2026, 23:59 - Messages and calls are end-to-end encrypted.\n");
            notices += 1;
        }
        let path = dir.path().join(format!("WhatsApp Chat {lang} {platform}.txt"));
        std::fs::write(&path, &text).unwrap();
        let (_tv, _, report) = import(&path);
        let lines = report.lines.unwrap();
        assert_eq!(lines.notice_lines, notices, "{lang} {platform}: {lines:?}");
        let counted: u64 = lines.labelled.iter().map(|k| k.count).sum();
        assert_eq!(counted, labelled, "{lang} {platform}: each phrase counted by its label: {lines:?}");
    }
    assert!(pairs.len() >= 31, "{} language and platform pairs", pairs.len());
}

/// Bad input: a 100,000-line chat in Arabic (Arabic-Indic digits and marks on every line, a
/// notice at the top) is read whole in one pass: every line with a sender an item, the notice
/// the one line not taken. (Speed is measured by `make bench` on 45,000 lines.)
#[test]
fn whatsapp_a_100000_line_arabic_chat_accounts_for_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("WhatsApp Chat with Jon Doe.txt");
    let mut text = String::from("١٣\u{200f}/٣\u{200f}/٢٠٢٦، ٩:٠٠ ص - الرسائل والمكالمات مشفرة تمامًا بين الطرفين.\n");
    for i in 0..99_999u32 {
        let (day, minute) = (13 + (i / 1440) % 16, i % 1440);
        let (h, m) = (minute / 60, minute % 60);
        let (h12, marker) = (if h.is_multiple_of(12) { 12 } else { h % 12 }, if h < 12 { 'ص' } else { 'م' });
        let body = if i % 20 == 0 { "<تم استبعاد الوسائط>" } else { "أين أنت الآن" };
        let stamp = format!("{day}\u{200f}/{}\u{200f}/2026، {h12}:{m:02} {marker}", 1 + i / (1440 * 16));
        text.push_str(&format!("{} - Jon Doe: {body}\n", digits(&stamp, '\u{660}')));
    }
    std::fs::write(&path, &text).unwrap();
    let p = preview(&path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!((p.total_items, p.skipped), (99_999, 1));
    assert!(p.date_order_question.is_none());
    let lines = p.lines.unwrap();
    every_line_accounted_for(&path, &lines, p.total_items);
    assert_eq!((lines.lines_read, lines.notice_lines, lines.continuation_lines), (100_000, 1, 0));
    assert_eq!(lines.notices[0].kind, "notice without a sender (a group or system notice)");
    assert_eq!(lines.labelled[0].count, 5_000, "every twentieth line: media left out");
}
