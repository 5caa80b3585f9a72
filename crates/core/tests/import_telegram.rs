//! Telegram Desktop's "Export chat history" in machine-readable JSON (issue 15, item 2), as its
//! exporter writes it (the fixture `telegram-jon/result.json` follows `export_output_json.cpp`
//! byte for byte: one space of indent per level, `"key": value`, `text` a string when it is one
//! plain part and a list of strings and entity objects otherwise, `text_entities` always a list,
//! `date` the computer's clock and `date_unixtime` the instant, service messages with an
//! `actor` and an `action`). The same flow as the other importers: the preview by correspondent
//! with the case's people ticked (the account's id is the key; its name matches the case), only
//! the chosen people's items, nothing twice, one transaction, each entry's excerpt.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};

use casebook_core::import::{
    CorrespondentKind, ImportError, ImportFormat, ImportOptions, ImportSettings, UnreadableItem, preview,
};
use casebook_core::{CallDirection, EntryKind, EntrySource, Identifier, IdentifierKind, ImportReport};
use common::imported::{all_entries, import_checked, sha256_hex, titled};
use common::*;

const JON_ID: &str = "telegram:user5012345678";

fn fixture() -> PathBuf {
    import_fixture("telegram-jon/result.json")
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

/// The fixture copied into a folder of its own, with the photo message 5 refers to beside it.
fn export_with_photo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    std::fs::copy(fixture(), &result).unwrap();
    std::fs::create_dir(dir.path().join("photos")).unwrap();
    std::fs::write(
        dir.path().join("photos/photo_1@13-03-2026_08-02-31.jpg"),
        images::jpeg_with_exif(16, 12, "2026:03:13 08:02:31"),
    )
    .unwrap();
    (dir, result)
}

fn import(tv: &mut TestVault, path: &Path) -> ImportReport {
    import_checked(tv, path, &options())
}

#[test]
fn telegram_preview_lists_the_account_by_its_id_ticked_because_the_name_matches_the_case() {
    let p = preview(&fixture(), &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, ImportFormat::TelegramChat);
    // 6 messages and 2 calls; the pinned-message notice is not an item; message 8 could not be
    // exported by Telegram.
    assert_eq!((p.total_items, p.unreadable, p.skipped), (8, 1, 1));
    assert_eq!(p.unreadable_items[0].place, "message 8 (on line 145)");
    assert_eq!(p.by_kind.get(&EntryKind::Call), Some(&2));
    assert_eq!(p.correspondents.len(), 1, "a one-to-one chat: everything is with Jon");
    let jon = &p.correspondents[0];
    assert_eq!(
        (jon.key.kind, jon.key.value.as_str(), jon.display.as_str()),
        (CorrespondentKind::Account, JON_ID, "Jon Doe")
    );
    assert!(jon.selected_by_default && jon.person_id == Some(1));
    assert_eq!(jon.identifier, Some(Identifier { kind: IdentifierKind::Handle, value: JON_ID.into() }));
    assert_eq!(p.first_at, Some(t("2026-03-01T21:10:00+00:00")));
    assert!(
        p.notes.contains(
            &"1 notice in the chat (such as a pinned message or someone joining) is not a message and is left out."
                .to_owned()
        ),
        "{:?}",
        p.notes
    );
}

#[test]
fn telegram_imports_messages_and_calls_with_their_media_once() {
    let (_dir, path) = export_with_photo();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &path);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.unreadable, c.media_attached), (9, 8, 1, 1), "{c:?}");
    assert_eq!(
        c.unreadable_items,
        [UnreadableItem {
            place: "message 8 (on line 145)".into(),
            reason: "Telegram Desktop could not export it (it wrote \"type\": \"unsupported\")".into()
        }]
    );
    let list = all_entries(&tv);
    let missed = titled(&list, "Missed call from Jon Doe");
    assert_eq!(missed.fields.call.as_ref().unwrap().direction, Some(CallDirection::Missed));
    assert_eq!(missed.fields.channel.as_deref(), Some("Telegram"));
    assert_eq!(missed.fields.identifier.as_deref(), Some(JON_ID), "the id, not the name, is recorded");
    let first = titled(&list, "Telegram message from Jon Doe: You blocked me");
    assert_eq!(first.fields.occurred.start, t("2026-03-01T21:14:00+00:00"));
    assert_eq!(first.fields.narrative, "You blocked me on WhatsApp so I'm here now \u{1F620}");
    assert_eq!(first.fields.person_id, Some(1));
    titled(&list, "Telegram message to Jon Doe: Please stop contacting me.");
    let entities = titled(&list, "Telegram message from Jon Doe: I know where you live");
    assert_eq!(
        entities.fields.narrative,
        "I know where you live: Flat 2, see this (https://maps.example.com/?q=flat2) https://example.com/photos"
    );
    let photo = titled(&list, "Telegram message from Jon Doe: Outside your work");
    let files = tv.vault.attachments_of(photo.id).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].meta.original_name, "photo_1@13-03-2026_08-02-31.jpg");
    let voice = list.iter().find(|e| e.fields.narrative.contains("voice message")).unwrap();
    assert!(voice.fields.narrative.contains("File not included"), "{}", voice.fields.narrative);
    let edited = titled(&list, "Telegram message from Jon Doe: Answer me. Now.");
    assert!(edited.fields.narrative.contains("Edited at 2026-03-13T08:06:12"), "{}", edited.fields.narrative);
    let call = titled(&list, "Call to Jon Doe (42 s)");
    assert_eq!(call.fields.call.as_ref().unwrap().direction, Some(CallDirection::Outgoing));

    // Each entry keeps its message's own bytes: a JSON object with its id.
    let bytes = std::fs::read(&path).unwrap();
    let mut spans = 0;
    for e in list.iter().filter(|e| e.fields.channel.as_deref() == Some("Telegram")) {
        if let EntrySource::Import { span: Some(span), .. } = &e.fields.source {
            let excerpt = &bytes[span.start as usize..span.end as usize];
            assert_eq!(sha256_hex(excerpt), span.sha256);
            let v: serde_json::Value = serde_json::from_slice(excerpt).unwrap();
            assert!(v["id"].as_i64().is_some(), "{v}");
            spans += 1;
        }
    }
    assert_eq!(spans, 8, "every message and call carries its excerpt");

    // Again: nothing twice.
    let again = tv.vault.import(&path, &options(), &mut |_, _| true).unwrap();
    assert_eq!((again.counts.imported, again.counts.duplicates, again.import_id), (0, 8, None));
}

/// The account's id, once it is a person's identifier, matches whatever name the export shows.
#[test]
fn telegram_the_account_id_as_an_identifier_matches_a_renamed_account() {
    let mut case = case_with_jon();
    case.persons[0].name = "J. D.".into();
    case.persons[0]
        .identifiers
        .push(Identifier { kind: IdentifierKind::Handle, value: "Telegram:User5012345678".into() });
    let p = preview(&fixture(), &case, &utc_import_settings()).unwrap();
    assert!(p.correspondents[0].selected_by_default, "{:?}", p.correspondents[0]);
    let unmatched = casebook_core::CaseDetails { persons: vec![], ..case_with_jon() };
    let p = preview(&fixture(), &unmatched, &utc_import_settings()).unwrap();
    assert!(!p.correspondents[0].selected_by_default);
}

/// A whole account's export ("Export Telegram data"): chats under `chats.list`, beside the
/// account's own details; the same chat reads the same.
#[test]
fn telegram_a_whole_account_export_reads_its_chats() {
    let chat = std::fs::read_to_string(fixture()).unwrap();
    let chat = chat.replace("\n", "\n   ");
    let text = format!(
        "{{\n \"about\": \"Here is the data you requested. Remember: Telegram is ad free, it doesn't use your data for \
         ad targeting and doesn't sell it to others. Telegram only keeps the information it needs to function as a \
         secure and feature-rich cloud service.\",\n \"personal_information\": {{\n  \"user_id\": 1234567890,\n  \
         \"first_name\": \"Alice\",\n  \"last_name\": \"Smith\",\n  \"phone_number\": \"+44 7700 900999\",\n  \
         \"bio\": \"\"\n }},\n \"chats\": {{\n  \"about\": \"This page lists all chats from this export.\",\n  \
         \"list\": [\n   {chat}\n  ]\n }}\n}}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, text).unwrap();
    let p = preview(&path, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!((p.total_items, p.unreadable), (8, 1));
    assert_eq!(p.correspondents[0].key.value, JON_ID);
}

/// Bad files: each refused with one sentence naming the file's problem and its place, the vault
/// unchanged.
#[test]
fn telegram_bad_exports_are_refused_and_the_vault_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture()).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let head = tv.vault.head().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let telegram = ImportSettings { expected_format: Some(ImportFormat::TelegramChat), ..utc_import_settings() };

    // Cut short, as an interrupted copy.
    let cut = write("cut.json", &good.as_bytes()[..good.len() / 2]);
    let err = tv.vault.import(&cut, &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::Truncated { .. }), "{err}");

    // Broken in the middle: named by line and column.
    let broken = write("broken.json", good.replacen("\"id\": 4,", "\"id\": 4,,", 1).as_bytes());
    let err = tv.vault.import(&broken, &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::Malformed { .. }) && err.to_string().contains("line 49"), "{err}");

    // Invalid UTF-8 inside a message's text.
    let mut bad = good.clone().into_bytes();
    let at = good.find("Please stop").unwrap();
    bad[at] = 0xff;
    let err = tv.vault.import(&write("utf8.json", &bad), &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");

    // Another platform's JSON (Instagram's message_1.json), given as a Telegram export.
    let instagram = write(
        "message_1.json",
        br#"{"participants": [{"name": "Jon Doe"}, {"name": "Alice Smith"}], "messages": [{"sender_name": "Jon Doe", "timestamp_ms": 1772399640000, "content": "hi"}], "title": "Jon Doe", "is_still_participant": true, "thread_path": "inbox/jondoe_123"}"#,
    );
    let err = preview(&instagram, &case_with_jon(), &telegram).unwrap_err();
    assert!(matches!(err, ImportError::WrongFormat { found: Some(ImportFormat::InstagramMessages), .. }), "{err}");

    // A wrong top-level shape: a list, not an object.
    let list = write("list.json", b"[{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1772399640\"}]");
    assert!(preview(&list, &case_with_jon(), &telegram).is_err());

    // One message of 20 MB: refused, not read into memory whole.
    let huge = good.replacen("Please stop contacting me.", &"x".repeat(20 * 1024 * 1024), 1);
    let err = tv.vault.import(&write("huge.json", huge.as_bytes()), &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");

    // An empty chat: nothing to import.
    let empty = write(
        "empty.json",
        b"{\n \"name\": \"Jon Doe\",\n \"type\": \"personal_chat\",\n \"id\": 5012345678,\n \"messages\": []\n}",
    );
    let p = preview(&empty, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!((p.total_items, p.correspondents.len()), (0, 0));

    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    assert!(tv.vault.imports().unwrap().is_empty());
}

/// A media path that points outside the export's folder is never read: the entry says the file
/// is missing instead.
#[test]
fn telegram_a_media_path_outside_the_export_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), b"not part of the export").unwrap();
    let inner = dir.path().join("export");
    std::fs::create_dir(&inner).unwrap();
    let text =
        std::fs::read_to_string(fixture()).unwrap().replace("photos/photo_1@13-03-2026_08-02-31.jpg", "../secret.txt");
    let path = inner.join("result.json");
    std::fs::write(&path, text).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &path);
    assert_eq!((report.counts.media_attached, report.counts.media_missing), (0, 1));
    let list = all_entries(&tv);
    let photo = titled(&list, "Telegram message from Jon Doe: Outside your work");
    assert!(tv.vault.attachments_of(photo.id).unwrap().is_empty());
}

fn write_zip(path: &Path, files: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// The export's folder zipped to move it (issue 15): `result.json` one folder down with its
/// photo beside it reads as the folder does, media and excerpts from inside the zip, and the same
/// messages are not taken twice from the folder afterwards.
#[test]
fn telegram_export_folder_zipped_imports_with_media_and_excerpts_once() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("ChatExport_2026-03-14.zip");
    let json = std::fs::read(fixture()).unwrap();
    let photo = images::jpeg_with_exif(16, 12, "2026:03:13 08:02:31");
    write_zip(
        &zip,
        &[
            ("ChatExport_2026-03-14/result.json", &json),
            ("ChatExport_2026-03-14/photos/photo_1@13-03-2026_08-02-31.jpg", &photo),
            ("ChatExport_2026-03-14/messages.html", b"<html></html>"),
        ],
    );
    let p = preview(&zip, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!((p.format, p.total_items, p.unreadable, p.media_files), (ImportFormat::TelegramChat, 8, 1, 1));
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &zip);
    let c = &report.counts;
    assert_eq!((c.imported, c.unreadable, c.media_attached, c.media_missing), (8, 1, 1, 0), "{c:?}");
    let list = all_entries(&tv);
    let photo_entry = titled(&list, "Telegram message from Jon Doe: Outside your work");
    assert_eq!(
        tv.vault.attachments_of(photo_entry.id).unwrap()[0].meta.original_name,
        "photo_1@13-03-2026_08-02-31.jpg"
    );
    let mut spans = 0;
    for e in list.iter().filter(|e| e.fields.channel.as_deref() == Some("Telegram")) {
        // The "export imported" entry holds the file, not one message.
        let EntrySource::Import { span: Some(span), .. } = &e.fields.source else { continue };
        assert_eq!(span.member.as_deref(), Some("ChatExport_2026-03-14/result.json"));
        assert_eq!(sha256_hex(&json[span.start as usize..span.end as usize]), span.sha256);
        spans += 1;
    }
    assert_eq!(spans, 8);
    assert_eq!(tv.vault.import(&zip, &options(), &mut |_, _| true).unwrap().counts.imported, 0);
    let (_dir, folder) = export_with_photo();
    let again = tv.vault.import(&folder, &options(), &mut |_, _| true).unwrap();
    assert_eq!((again.counts.imported, again.counts.duplicates), (0, 8));

    // result.json at the zip's top reads too.
    let top = dir.path().join("top.zip");
    write_zip(&top, &[("result.json", &json)]);
    assert_eq!(preview(&top, &case_with_jon(), &utc_import_settings()).unwrap().total_items, 8);
}

/// A zipped export that reaches outside itself: a name with `../` is refused before anything is
/// read, and a message's media path with `../` is not followed inside the zip either.
#[test]
fn telegram_zipped_export_paths_stay_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read(fixture()).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let head = tv.vault.head().unwrap();
    let evil = dir.path().join("evil.zip");
    write_zip(&evil, &[("export/result.json", &json), ("export/../../.bashrc", b"x")]);
    let err = tv.vault.import(&evil, &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(&err, ImportError::UnsafeZipPath { name } if name == "export/../../.bashrc"), "{err}");
    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");

    let text = String::from_utf8(json).unwrap().replace("photos/photo_1@13-03-2026_08-02-31.jpg", "../secret.jpg");
    let outside = dir.path().join("outside.zip");
    write_zip(&outside, &[("export/result.json", text.as_bytes()), ("secret.jpg", b"not part of the export")]);
    let report = import(&mut tv, &outside);
    assert_eq!((report.counts.media_attached, report.counts.media_missing), (0, 1));
}
