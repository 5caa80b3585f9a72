//! WhatsApp exports in the languages people in the UK export in (issue 18): no message is
//! dropped as a notice, WhatsApp's fixed phrases are labelled in plain words, and dates in each
//! language's form (native digits, right-to-left marks, local AM/PM words) are read.
//!
//! Two kinds of test: exports written by hand line for line as the phones write them (the
//! attacks: German, Polish and Arabic media, deleted and edited lines, album headers, a phone
//! switched language mid-chat, a sender named like a notice, ambiguous Arabic-Indic dates), and
//! one export per language and platform built from every row of `whatsapp_phrases.tsv`, whose
//! counts and labels are checked row by row. Those exports' date forms follow each language's
//! date pattern as phones format it (CLDR); the Arabic iPhone one follows a real sample.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use casebook_core::import::{ImportOptions, preview};
use casebook_core::{EntryFilter, EntrySummary, Vault};
use common::*;

fn entries(v: &Vault) -> Vec<EntrySummary> {
    v.list_entries(&EntryFilter::default()).unwrap().into_iter().filter(|e| e.fields.tags.is_empty()).collect()
}

/// Imports `path` into a new vault: (vault, entries, report). The preview must agree on what
/// was not taken.
fn import(path: &Path) -> (TestVault, Vec<EntrySummary>, casebook_core::ImportReport) {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let p = preview(path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert!(p.date_order_question.is_none(), "{}: {:?}", path.display(), p.date_order_question);
    let options = ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() };
    let report = tv.vault.import(path, &options, &mut |_, _| true).unwrap();
    assert_eq!(p.skipped, report.lines_not_taken, "preview and import agree");
    assert_eq!(p.total_items + p.unreadable, report.counts.items_in_file, "preview and import agree");
    let list = entries(&tv.vault);
    (tv, list, report)
}

fn at<'a>(list: &'a [EntrySummary], when: &str) -> &'a str {
    let found = list.iter().find(|e| e.fields.occurred.start == t(when));
    &found.unwrap_or_else(|| panic!("no entry at {when}")).fields.narrative
}

// --- Exports written by hand ---

/// A Polish Android export: media left out, a deleted message (two forms), an edited message
/// and an attached photo with its caption are messages, labelled; only the encryption notice
/// (no sender) stays out.
#[test]
fn whatsapp_polish_android_media_deleted_and_edited_lines_are_kept_and_labelled() {
    let (_tv, list, report) = import(&import_fixture("whatsapp-android-pl-PL.txt"));
    assert_eq!((report.counts.imported, report.lines_not_taken), (6, 1));
    let media = at(&list, "2026-10-13T07:32:00+00:00");
    assert!(media.contains("photo, video or file is not included"), "{media}");
    assert!(media.contains("WhatsApp wrote: \"<Pominięto multimedia>\""), "{media}");
    assert_eq!(report.counts.media_missing, 1, "the photo named, not in a .txt export");
    assert!(at(&list, "2026-10-13T07:33:00+00:00").starts_with("Pod twoim domem"));
    for when in ["2026-10-13T07:34:00+00:00", "2026-10-13T07:36:00+00:00"] {
        let deleted = at(&list, when);
        assert!(deleted.contains("it records a deleted message"), "{deleted}");
    }
    let edited = at(&list, "2026-10-13T07:35:00+00:00");
    assert!(edited.starts_with("Nie ignoruj mnie <Ta wiadomość została zmieniona>"), "{edited}");
    assert!(edited.contains("an edited message"), "{edited}");
}

/// A Polish iPhone export: marked picture, sticker, deleted and missed-call lines are
/// messages; an album header (a sender, an empty body, the photo's marker on the next line) is
/// one, with its photo; the encryption notice is not.
#[test]
fn whatsapp_polish_iphone_marked_lines_and_an_album_header_are_messages() {
    let (_tv, list, report) = import(&import_fixture("whatsapp-ios-pl-PL-album.txt"));
    assert_eq!((report.counts.imported, report.lines_not_taken), (6, 1));
    assert!(at(&list, "2026-10-13T07:32:00+00:00").contains("picture is not included"));
    assert!(at(&list, "2026-10-13T07:32:30+00:00").contains("sticker is not included"));
    assert!(at(&list, "2026-10-13T07:33:00+00:00").contains("a deleted message"));
    assert!(at(&list, "2026-10-13T07:34:00+00:00").contains("a missed voice call"));
    at(&list, "2026-10-13T07:35:00+00:00");
    assert_eq!(report.counts.media_missing, 1, "the album's photo, named in Polish");
    assert!(!list.iter().any(|e| e.fields.narrative.contains("zaszyfrowane")));
}

/// A German Android export: `<Medien ausgeschlossen>` with the file's name on the next line is
/// a message keeping that name; the deleted line is labelled.
#[test]
fn whatsapp_german_android_media_left_out_keeps_the_name_on_the_next_line() {
    let (_tv, list, report) = import(&import_fixture("whatsapp-android-de-DE.txt"));
    assert_eq!((report.counts.imported, report.lines_not_taken), (4, 1));
    let media = at(&list, "2026-04-02T15:12:00+00:00");
    assert!(media.starts_with("Vertrag.pdf") && media.contains("is not included"), "{media}");
    assert!(at(&list, "2026-04-02T15:13:00+00:00").contains("a deleted message"));
}

/// An Arabic iPhone export: Arabic-Indic digits, right-to-left marks, the Arabic comma and
/// `ص`/`م` for AM/PM; its media, deleted, missed-call and attached lines are messages.
#[test]
fn whatsapp_arabic_iphone_with_arabic_indic_digits_and_marks() {
    let (_tv, list, report) = import(&import_fixture("whatsapp-ios-ar.txt"));
    assert_eq!((report.counts.imported, report.lines_not_taken), (6, 1));
    assert_eq!(at(&list, "2026-09-15T20:46:00+00:00"), "أعرف أين تسكن");
    assert!(at(&list, "2026-09-15T20:47:00+00:00").contains("picture is not included"));
    assert!(at(&list, "2026-09-15T20:48:00+00:00").contains("a deleted message"));
    assert!(at(&list, "2026-09-16T09:00:00+00:00").contains("is not included"));
    assert!(at(&list, "2026-09-16T09:01:00+00:00").contains("a missed voice call"));
    at(&list, "2026-09-16T09:02:00+00:00");
    assert_eq!(report.counts.media_missing, 1, "the photo named by <المُرفق: …>");
    assert!(!list.iter().any(|e| e.fields.narrative.contains('\u{200f}') || e.fields.narrative.contains('\u{200e}')));
}

/// A phone switched from English to Arabic mid-chat: both halves read (ASCII digits with the
/// Arabic comma, then Arabic-Indic digits with marks); a sender named like the encryption
/// notice is a sender, not a notice.
#[test]
fn whatsapp_a_chat_switching_language_midway_and_a_sender_named_like_a_notice() {
    let (_tv, list, report) = import(&import_fixture("whatsapp-android-en-ar-switched.txt"));
    assert_eq!(report.lines_not_taken, 1, "the real notice only");
    assert_eq!(report.counts.items_in_file, 7);
    assert_eq!((report.counts.imported, report.counts.not_selected), (6, 1));
    assert!(at(&list, "2026-09-15T20:41:00+00:00").contains("is not included"));
    assert!(at(&list, "2026-09-15T20:46:00+00:00").contains("WhatsApp wrote: \"<تم استبعاد الوسائط>\""));
    assert!(at(&list, "2026-09-15T20:47:00+00:00").contains("a deleted message"));
    assert_eq!(at(&list, "2026-09-16T09:00:00+00:00"), "أعرف أين تسكن");
    at(&list, "2026-09-16T21:01:00+00:00");
    assert_eq!(report.counts.media_missing, 1);
}

/// Dates in Arabic-Indic digits that read both ways ask, as ASCII ones do.
#[test]
fn whatsapp_ambiguous_arabic_indic_dates_ask_which_order() {
    let p =
        preview(&import_fixture("whatsapp-ambiguous-dates-ar.txt"), &case_with_jon(), &utc_import_settings()).unwrap();
    let q = p.date_order_question.unwrap();
    assert_eq!(q.example, "٠٣/٠٤/٢٠٢٦");
    assert_eq!((q.day_first.to_string(), q.month_first.to_string()), ("2026-04-03".into(), "2026-03-04".into()));
}

// --- One export per language and platform, from the phrase table ---

/// The table's rows: (lang, platform, match, means, phrase).
fn table() -> Vec<[String; 5]> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import/whatsapp_phrases.tsv"));
    text.unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            [c[0], c[1], c[2], c[3], c[4]].map(str::to_owned)
        })
        .collect()
}

/// What an entry's note says for a meaning.
fn label(means: &str) -> String {
    let what = match means {
        "picture" | "video" | "audio" | "sticker" | "document" => means,
        "gif" => "GIF",
        "contact" => "contact card",
        "media" => "photo, video or file",
        "deleted" => return "it records a deleted message".into(),
        "missed-voice" => return "it records a missed voice call".into(),
        "missed-video" => return "it records a missed video call".into(),
        "missed-group-voice" => return "it records a missed group voice call".into(),
        "poll" => return "it records a poll".into(),
        "edited" => return "it records an edited message".into(),
        other => panic!("no label for {other}"),
    };
    format!("this message's {what} is not included")
}

const LANGS: [&str; 16] =
    ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "ro", "tr", "ar", "ur", "hi", "bn", "pa", "gu"];

/// A message line's start in `lang` on 13 March 2026 at `h:m` (24-hour), as the phone writes it.
fn header(lang: &str, ios: bool, h: u32, m: u32) -> String {
    let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
    let pm = h >= 12;
    let (time, time12) = if ios {
        (format!("{h:02}:{m:02}:00"), format!("{h12}:{m:02}:00"))
    } else {
        (format!("{h:02}:{m:02}"), format!("{h12}:{m:02}"))
    };
    let (date, clock) = match lang {
        "en" => ("13/03/2026, ".to_owned(), time),
        "de" => ("13.03.26, ".to_owned(), time),
        "fr" | "pt" if !ios => ("13/03/2026 ".to_owned(), time),
        "fr" => ("13/03/2026 ".to_owned(), time),
        "pt" => ("13/03/2026, ".to_owned(), time),
        "it" => ("13/03/26, ".to_owned(), time),
        "nl" => ("13-03-2026 ".to_owned(), time),
        "pl" | "ro" => ("13.03.2026, ".to_owned(), time),
        "tr" => ("13.03.2026 ".to_owned(), time),
        "es" => ("13/3/26, ".to_owned(), format!("{time12}\u{a0}{}", if pm { "p.\u{a0}m." } else { "a.\u{a0}m." })),
        "ar" => {
            let marker = if pm { 'م' } else { 'ص' };
            let date =
                if ios { "١٣/٠٣/٢٠٢٦، ".to_owned() } else { "١٣\u{200f}/٣\u{200f}/٢٠٢٦، ".to_owned() };
            (date, format!("{} {marker}", digits(&time12, '\u{660}')))
        }
        "bn" => {
            (digits("13/3/26 ", '\u{9e6}'), format!("{} {}", digits(&time12, '\u{9e6}'), if pm { "PM" } else { "AM" }))
        }
        "hi" => ("13/3/26, ".to_owned(), format!("{time12} {}", if pm { "pm" } else { "am" })),
        "pa" => ("13/3/26, ".to_owned(), format!("{time12} {}", if pm { "ਬਾ.ਦੁ." } else { "ਪੂ.ਦੁ." })),
        "ur" => ("13/03/2026, ".to_owned(), format!("{time12} {}", if pm { "PM" } else { "AM" })),
        "gu" => ("13/3/26, ".to_owned(), format!("{time12} {}", if pm { "PM" } else { "AM" })),
        other => panic!("no date form for {other}"),
    };
    if ios { format!("[{date}{clock}] ") } else { format!("{date}{clock} - ") }
}

/// For every language and platform the table covers: an export holding each of its phrases as
/// a line, a plain message and a notice. Every line with a sender is a message, each phrase
/// labelled; only notices stay out; the preview's numbers are the import's. Prints the tally.
#[test]
fn whatsapp_every_language_and_platform_in_the_table_keeps_and_labels_its_phrases() {
    let rows = table();
    let dir = tempfile::tempdir().unwrap();
    let mut tally: BTreeMap<(usize, &str), (usize, usize, u64, u64)> = BTreeMap::new();
    for (li, lang) in LANGS.iter().enumerate() {
        for platform in ["android", "ios"] {
            let ios = platform == "ios";
            let mine: Vec<_> = rows.iter().filter(|r| r[0] == *lang && r[1] == platform).collect();
            if mine.is_empty() {
                // Only where the table says why (Punjabi on iPhone).
                let table = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/import/whatsapp_phrases.tsv"),
                );
                assert!(
                    table.unwrap().contains(&format!("# unsourced {lang} {platform}:")),
                    "{lang} {platform}: no rows"
                );
                continue;
            }
            let mark = if ios { "\u{200e}" } else { "" };
            let mut text = String::new();
            let mut expect: Vec<(String, String)> = Vec::new();
            let (mut messages, mut notices) = (0u64, 0u64);
            let when = |i: usize| -> (u32, u32, String) {
                let (h, m) = (if i.is_multiple_of(2) { 9 } else { 21 }, (i / 2) as u32);
                (h, m, format!("2026-03-13T{h:02}:{m:02}:00+00:00"))
            };
            for (i, r) in mine.iter().enumerate() {
                let (h, m, stamp) = when(i);
                let body = match r[2].as_str() {
                    "ending" => format!("Your code changed. {}", r[4]),
                    "first-line" => format!("{}\nWhere are you?\nOPTION: Home (1 vote)", r[4]),
                    _ => r[4].clone(),
                };
                text.push_str(&format!("{}Jon Doe: {mark}{body}\n", header(lang, ios, h, m)));
                if r[3] == "notice" {
                    notices += 1;
                } else {
                    messages += 1;
                    expect.push((stamp, label(&r[3])));
                }
            }
            let (h, m, stamp) = when(mine.len());
            text.push_str(&format!("{}Jon Doe: plain words in {lang}\n", header(lang, ios, h, m)));
            messages += 1;
            expect.push((stamp, format!("plain words in {lang}")));
            if !ios {
                // Android's notices have no sender.
                let (h, m, _) = when(mine.len() + 1);
                text.push_str(&format!("{}Messages and calls are end-to-end encrypted.\n", header(lang, ios, h, m)));
                notices += 1;
            }
            let path = dir.path().join(format!("WhatsApp Chat {lang} {platform}.txt"));
            std::fs::write(&path, &text).unwrap();
            let (_tv, list, report) = import(&path);
            assert_eq!(report.counts.imported, messages, "{lang} {platform}:\n{text}");
            assert_eq!(report.lines_not_taken, notices, "{lang} {platform}");
            assert_eq!(
                report.counts.items_in_file + report.lines_not_taken,
                (mine.len() + if ios { 1 } else { 2 }) as u64,
                "{lang} {platform}: every line is a message or a notice"
            );
            for (stamp, want) in &expect {
                let got = at(&list, stamp);
                assert!(got.contains(want.as_str()), "{lang} {platform} {stamp}: want {want:?} in {got:?}");
            }
            let phrases = mine.iter().filter(|r| r[3] != "notice").count();
            tally.insert((li, platform), (mine.len(), phrases, messages, notices));
        }
    }
    eprintln!("lang platform rows labels messages notices");
    for ((li, platform), (rows, labels, messages, notices)) in &tally {
        eprintln!("{} {platform} {rows} {labels} {messages} {notices}", LANGS[*li]);
    }
    assert_eq!(tally.len(), 31, "16 languages on both platforms, less Punjabi on iPhone");
}
