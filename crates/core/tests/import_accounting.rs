//! Every item of an export accounted for, in every importer (issue 15, item 5): the preview, the
//! import's result and its `import_done` record all say
//! `items in the file = imported + already there + not chosen + unreadable`, and name each
//! unreadable item by its place in the format's own terms (an mbox message's number and the byte
//! its `From ` line starts at, an SMS Backup & Restore element's line, a WhatsApp line number) and
//! the reason. A third-party mailbox with one message that could not be read used to import as
//! "1 item in the file" and never mention the other.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};

use casebook_core::import::{ImportCounts, ImportOptions, ImportPreview, UnreadableItem, preview};
use casebook_core::{CaseDetails, ImportReport};
use common::*;

/// Jon Doe, known by his phone number, his email address and his X account's id.
fn case() -> CaseDetails {
    let mut case = case_with_jon_and_his_email();
    let x = casebook_core::Identifier { kind: casebook_core::IdentifierKind::Handle, value: "x:2222222222".into() };
    case.persons[0].identifiers.push(x);
    case
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

/// Previews and imports `path` into a new vault with Jon in the case, checks that the preview,
/// the result and the ledger's import record agree and that the identity holds in each, and
/// returns the preview and the result.
fn import(path: &Path) -> (ImportPreview, ImportReport) {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let p = preview(path, &case(), &utc_import_settings()).unwrap();
    let report = tv.vault.import(path, &options(), &mut |_, _| true).unwrap();
    let c = &report.counts;
    assert!(c.holds(), "{}: the identity fails: {c:?}", path.display());
    assert_eq!(
        c.items_in_file,
        c.imported + c.duplicates + c.not_selected + c.unreadable,
        "{}: items in the file = imported + already there + not chosen + unreadable",
        path.display()
    );
    assert_eq!(p.total_items + p.unreadable, c.items_in_file, "{}: the preview and the result agree", path.display());
    assert_eq!(p.unreadable_items, c.unreadable_items, "{}: the same places, the same reasons", path.display());
    assert_eq!(c.unreadable, c.unreadable_items.len() as u64, "{}: each one named", path.display());
    if c.imported > 0 {
        let recorded = tv.vault.imports().unwrap().pop().unwrap();
        assert_eq!(&recorded.counts, c, "{}: the ledger's record says the same", path.display());
    }
    (p, report)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A mailbox as a mail program other than Gmail wrote it: two messages from Jon, the second with
/// a Date: header no reader can take and a separator line whose date is not in the mbox layout.
fn mbox_with_an_undatable_message() -> (String, u64) {
    let first = "From jon.doe@example.com Sun Mar  1 21:14:00 2026\n\
                 Date: Sun, 1 Mar 2026 21:14:00 +0000\n\
                 Message-ID: <one@mail.example.com>\n\
                 Subject: We need to talk\n\
                 From: Jon Doe <jon.doe@example.com>\n\
                 To: alice@example.org\n\
                 Content-Type: text/plain; charset=\"UTF-8\"\n\
                 \n\
                 You blocked my number so I'm writing here.\n\
                 \n";
    let second = "From jon.doe@example.com 05/03/2026\n\
                  Date: Thursday afternoon\n\
                  Message-ID: <two@mail.example.com>\n\
                  Subject: Answer me\n\
                  From: Jon Doe <jon.doe@example.com>\n\
                  To: alice@example.org\n\
                  Content-Type: text/plain; charset=\"UTF-8\"\n\
                  \n\
                  I was outside again.\n";
    (format!("{first}{second}"), first.len() as u64)
}

#[test]
fn mbox_a_message_that_cannot_be_read_is_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (text, second_at) = mbox_with_an_undatable_message();
    let path = write(dir.path(), "thunderbird-inbox.mbox", &text);
    let (p, report) = import(&path);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.unreadable), (2, 1, 1), "{c:?}");
    let item = &c.unreadable_items[0];
    assert_eq!(item.place, format!("message 2 (its \"From \" line at byte {second_at})"));
    assert!(item.reason.contains("no date"), "{item:?}");
    assert_eq!(&text[second_at as usize..second_at as usize + 5], "From ", "the byte named is the message's");
    // The preview says it in the mailbox's words, not a chat's.
    assert_eq!((p.total_items, p.unreadable), (1, 1));
    assert!(!p.notes.iter().any(|n| n.contains("lines are not messages")), "{:?}", p.notes);
    assert_eq!((p.skipped, report.lines_not_taken), (0, 0), "an email file has no chat lines");
}

#[test]
fn mbox_with_no_readable_message_is_refused_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (text, second_at) = mbox_with_an_undatable_message();
    let path = write(dir.path(), "only-the-bad-one.mbox", &text[second_at as usize..]);
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let err = tv.vault.import(&path, &options(), &mut |_, _| true).unwrap_err().to_string();
    assert!(err.contains("none of its items could be read") && err.contains("message 1"), "{err}");
    assert!(tv.vault.imports().unwrap().is_empty());
}

#[test]
fn eml_without_a_date_is_named_as_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "undated.eml",
        "From: Jon Doe <jon.doe@example.com>\nTo: alice@example.org\nSubject: x\nDate: soon\n\nhello\n",
    );
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    assert_eq!((p.total_items, p.unreadable), (0, 1));
    assert_eq!(p.unreadable_items[0].place, "the message (the whole file)");
}

/// An SMS Backup & Restore file with one `<sms>` whose date is missing (written as the app writes
/// a value the phone did not have: `null`), one `<call>` whose date is not a possible time, and
/// one `<mms>` without a date: three items that cannot be placed in time, each named by its line.
#[test]
fn sms_xml_a_broken_element_is_counted_and_named_by_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.003 on 01/03/2026 23:30:00-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
<smses count="4" backup_set="4c6f8e34-2d1b-4b8e-9a51-0d6b5f3d1a11" backup_date="1772407800000" type="full">
  <sms protocol="0" address="+447700900123" date="1772399640000" type="1" subject="null" body="You can't ignore me forever" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="1772399638000" sub_id="1" readable_date="1 Mar 2026 21:14:00" contact_name="Jon" />
  <sms protocol="0" address="+447700900123" date="null" type="1" subject="null" body="Answer me" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="null" contact_name="Jon" />
  <sms protocol="0" address="+447700900123"
       date="9223372036854775807" type="1" subject="null" body="Still here" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="null" contact_name="Jon" />
  <mms rr="null" sub="null" ct_t="application/vnd.wap.multipart.related" read_status="null" seen="1" msg_box="1" address="+447700900123" m_id="mavodi-1-89-3a-2-54-1e0a8d2-4b2f" date_sent="0" read="1" m_type="132" readable_date="null" contact_name="Jon">
    <parts>
      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="Look outside" />
    </parts>
    <addrs>
      <addr address="+447700900123" type="137" charset="106" />
    </addrs>
  </mms>
</smses>
"#;
    let path = write(dir.path(), "sms-20260301213000.xml", text);
    let (p, report) = import(&path);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.unreadable), (4, 1, 3), "{c:?}");
    let places: Vec<&str> = c.unreadable_items.iter().map(|u| u.place.as_str()).collect();
    assert_eq!(
        places,
        ["the <sms> element on line 6", "the <sms> element on line 7", "the <mms> element on line 9"],
        "each element by the line its tag starts on"
    );
    for (n, line) in [(0, 6), (1, 7), (2, 9)] {
        let written = text.lines().nth(line - 1).unwrap().trim_start();
        let name = &places[n][5..places[n].find('>').unwrap()];
        assert!(written.starts_with(&format!("<{name} ")), "line {line}: {written}");
    }
    assert!(c.unreadable_items[0].reason.contains("no date"), "{:?}", c.unreadable_items[0]);
    assert!(c.unreadable_items[1].reason.contains("not a possible time"), "{:?}", c.unreadable_items[1]);
    assert_eq!((p.total_items, p.unreadable), (1, 3));
}

/// A WhatsApp chat with a message whose date does not exist: one unreadable item, named by its
/// line, built on the line accounting (its lines are the accounting's unreadable lines).
#[test]
fn whatsapp_an_unreadable_message_is_an_item_named_by_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "13/03/2026, 21:14 - Jon Doe: You can't hide from me\n\
                13/03/2026, 21:15 - Alice Smith: Please stop messaging me.\n\
                31/02/2026, 21:16 - Jon Doe: I saw you at the station\n\
                with your sister\n\
                14/03/2026, 08:02 - Jon Doe: Answer me\n";
    let path = write(dir.path(), "WhatsApp Chat with Jon Doe.txt", text);
    let (_p, report) = import(&path);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.not_selected, c.unreadable), (4, 2, 1, 1), "{c:?}");
    assert_eq!(
        c.unreadable_items,
        [UnreadableItem { place: "lines 3–4".into(), reason: "a date that does not exist (31/02/2026)".into() }]
    );
    let lines = report.lines.unwrap();
    assert_eq!((lines.unreadable_lines, lines.message_lines), (2, 3), "the line accounting is the same as before");
}

#[test]
fn whatsapp_text_before_the_first_dated_line_is_one_item_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let text = "with your sister\ndon't pretend\n\nI saw you\n13/03/2026, 21:14 - Jon Doe: You can't hide from me\n";
    let path = write(dir.path(), "WhatsApp Chat with Jon Doe.txt", text);
    let (_p, report) = import(&path);
    let places: Vec<&str> = report.counts.unreadable_items.iter().map(|u| u.place.as_str()).collect();
    assert_eq!(places, ["lines 1–2", "line 4"]);
    assert_eq!((report.counts.items_in_file, report.counts.imported), (3, 1));
}

/// The identity holds for every fixture of every importer, with nothing unreadable in them.
#[test]
fn every_fixture_of_every_importer_accounts_for_every_item() {
    for name in [
        "sms-20260301213000.xml",
        "calls-20260301213000.xml",
        "jon-20260303.eml",
        "takeout-jon.mbox",
        "whatsapp-android-en-GB.txt",
        "whatsapp-ios-en-US.txt",
        "whatsapp-android-pl-PL.txt",
        "telegram-jon/result.json",
        "x-jon/data/direct-messages.js",
        "x-jon/data/direct-messages-group.js",
        "instagram-lucja/your_instagram_activity/messages/inbox/jondoe_17841400000000001/message_1.json",
        "messenger-lucja/messages/inbox/jondoe_10158000000000001/message_1.json",
    ] {
        let (_p, report) = import(&import_fixture(name));
        assert!(report.counts.imported > 0, "{name}");
    }
}

/// The identity is a real check: an item dropped without a word, or counted twice, fails it.
#[test]
fn an_item_dropped_without_a_word_fails_the_identity() {
    let good = ImportCounts {
        items_in_file: 5,
        selected: 3,
        imported: 2,
        duplicates: 1,
        not_selected: 1,
        unreadable: 1,
        ..ImportCounts::default()
    };
    assert!(good.holds());
    assert!(!ImportCounts { unreadable: 0, ..good.clone() }.holds());
    assert!(!ImportCounts { imported: 3, ..good.clone() }.holds());
    assert!(!ImportCounts { selected: 2, ..good }.holds());
}

/// An `import_done` record written before unreadable items were counted reads as none; a record
/// with none writes exactly as before (the fields are left out), so its bytes do not change.
#[test]
fn old_import_records_still_read_and_new_ones_without_unreadable_items_are_unchanged() {
    let old = r#"{"items_in_file":9,"selected":7,"imported":7,"duplicates":0,"not_selected":2,"media_attached":1,"media_missing":0,"by_kind":{"text_message":7}}"#;
    let counts: ImportCounts = serde_json::from_str(old).unwrap();
    assert_eq!((counts.unreadable, counts.unreadable_items.len()), (0, 0));
    assert_eq!(serde_json::to_string(&counts).unwrap(), old);
    let with = ImportCounts {
        unreadable: 1,
        unreadable_items: vec![UnreadableItem { place: "line 3".into(), reason: "r".into() }],
        ..counts
    };
    let json = serde_json::to_string(&with).unwrap();
    assert!(json.ends_with(r#""unreadable":1,"unreadable_items":[{"place":"line 3","reason":"r"}]}"#), "{json}");
    assert_eq!(serde_json::from_str::<ImportCounts>(&json).unwrap(), with);
}

/// The import's first pass reads only who each message involves (issue 15's speed work), yet
/// finds the same unreadable messages as the preview and the pass that writes: a Telegram text
/// that is neither a string nor a list of parts, a list with a number among its parts, a
/// message Telegram could not export and one without a date are each counted once, by place.
#[test]
fn telegram_unreadable_texts_are_found_by_the_import_as_by_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let message = |id: u32, text: &str| {
        format!(
            r#"{{"id": {id}, "type": "message", "date": "2026-03-13T08:0{id}:00", "date_unixtime": "177338892{id}",
              "from": "Jon Doe", "from_id": "user5012345678", "text": {text}}}"#
        )
    };
    let messages = [
        message(1, r#""Answer me""#),
        message(2, "12"),
        message(3, r#"["Look ", 5]"#),
        r#"{"id": 4, "type": "unsupported"}"#.to_owned(),
        r#"{"id": 5, "type": "message", "from": "Jon Doe", "from_id": "user5012345678", "text": "no date"}"#.to_owned(),
        message(6, r#"["I know ", {"type": "bold", "text": "where"}]"#),
    ];
    let json = format!(
        "{{\n \"name\": \"Jon Doe\",\n \"type\": \"personal_chat\",\n \"id\": 5012345678,\n \"messages\": [\n{}\n ]\n}}",
        messages.join(",\n")
    );
    let path = write(dir.path(), "result.json", &json);
    let (_p, report) = import(&path);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.unreadable), (6, 2, 4), "{c:?}");
    let reasons: Vec<(&str, &str)> =
        c.unreadable_items.iter().map(|u| (u.place.as_str(), &u.reason[..u.reason.len().min(20)])).collect();
    assert_eq!(
        reasons,
        [
            ("message 2 (on line 8)", "its text is neither "),
            ("message 3 (on line 10)", "its text is neither "),
            ("message 4 (on line 12)", "Telegram Desktop cou"),
            ("message 5 (on line 13)", "it has no date (no d"),
        ]
    );
}
