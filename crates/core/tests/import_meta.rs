//! Instagram's and Facebook Messenger's "Download your information" in JSON (issue 15, item 1).
//! The fixtures follow Meta's writer: two spaces of indent, `"key": value`, every non-ASCII
//! character's UTF-8 bytes written one `\u00XX` escape each (so an emoji is four escapes), the
//! newest message first; Instagram's 2024 layout (`your_instagram_activity/messages/...`, with a
//! message request), Messenger's older one (`messages/inbox/...`, a chat in two files, `type` and
//! `thread_type`). The zip and the media are made here, as the tests need them. The same flow
//! as the other importers: the preview by sender with the case's people ticked, only the chosen
//! people's items, nothing twice, one transaction, each entry's excerpt.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use casebook_core::import::{CorrespondentKind, ImportError, ImportFormat, ImportOptions, ImportSettings, preview};
use casebook_core::{CallDirection, EntrySource, Identifier, IdentifierKind, ImportReport};
use common::imported::{all_entries, import_checked, sha256_hex, titled};
use common::*;

const IG_CHAT: &str = "your_instagram_activity/messages/inbox/jondoe_17841400000000001/message_1.json";
const IG_PHOTO: &str = "your_instagram_activity/messages/inbox/jondoe_17841400000000001/photos/1234567890123456.jpg";
const LUCJA: &str = "Łucja Wiśniewska";
const MARYAM: &str = "مريم حداد";

fn fixture_dir(name: &str) -> PathBuf {
    import_fixture(name)
}

/// Every file under `dir`, by its name relative to it (`/`-separated), in name order.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// Instagram's download as Meta names it, with the photo Jon sent (his voice message is not in it).
fn instagram_zip(dir: &Path) -> PathBuf {
    let mut files = files_under(&fixture_dir("instagram-lucja"));
    files.push((IG_PHOTO.to_owned(), images::jpeg_with_exif(16, 12, "2026:03:13 08:02:31")));
    let path = dir.join("instagram-lucja.wisniewska-2026-03-15-Ab12Cd34.zip");
    write_zip(&path, &files);
    path
}

/// Facebook's download as Meta names it: Messenger's older layout, no media.
fn messenger_zip(dir: &Path) -> PathBuf {
    let path = dir.join("facebook-lucjawisniewska-21_03_2026-Ef56Gh78.zip");
    write_zip(&path, &files_under(&fixture_dir("messenger-lucja")));
    path
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

fn import(tv: &mut TestVault, path: &Path, options: &ImportOptions) -> ImportReport {
    import_checked(tv, path, options)
}

#[test]
fn meta_instagram_preview_lists_each_sender_by_name_decoded_with_jon_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let p = preview(&instagram_zip(dir.path()), &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, ImportFormat::InstagramMessages);
    // Jon's chat (6), Maryam's (2) and a message request from a new account (1).
    assert_eq!((p.total_items, p.unreadable, p.skipped, p.media_files), (9, 0, 0, 2));
    let names: Vec<(&str, u64, bool)> =
        p.correspondents.iter().map(|c| (c.display.as_str(), c.items, c.selected_by_default)).collect();
    assert_eq!(names, [("Jon Doe", 5, true), (LUCJA, 2, false), ("jd_2026", 1, false), (MARYAM, 1, false)]);
    let jon = &p.correspondents[0];
    assert_eq!((jon.key.kind, jon.person_id), (CorrespondentKind::Name, Some(1)));
    // The new account's name becomes a handle of the person, so the next export ticks it.
    let new_account = p.correspondents.iter().find(|c| c.display == "jd_2026").unwrap();
    assert_eq!(new_account.identifier, Some(Identifier { kind: IdentifierKind::Handle, value: "jd_2026".into() }));
    assert_eq!(p.first_at, Some(t("2026-03-01T21:14:00+00:00")));
    assert_eq!(p.last_at, Some(t("2026-03-14T23:59:00+00:00")));
}

#[test]
fn meta_instagram_zip_imports_jons_messages_with_the_photo_and_their_excerpts_once() {
    let dir = tempfile::tempdir().unwrap();
    let zip = instagram_zip(dir.path());
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &zip, &options());
    let c = &report.counts;
    assert_eq!(
        (c.items_in_file, c.imported, c.not_selected, c.media_attached, c.media_missing),
        (9, 5, 4, 1, 1),
        "{c:?}"
    );
    let list = all_entries(&tv);
    let angry = titled(&list, "Instagram message from Jon Doe: Answer me");
    assert_eq!(angry.fields.narrative, "Answer me \u{1F621}\u{1F621}");
    assert_eq!(angry.fields.channel.as_deref(), Some("Instagram"));
    assert_eq!(angry.fields.person_id, Some(1));
    assert_eq!(angry.fields.occurred.start, t("2026-03-13T08:10:00+00:00"));
    let first = titled(&list, "Instagram message from Jon Doe: Cześć Łucja");
    assert_eq!(
        first.fields.narrative,
        format!("Cześć Łucja \u{1F600} I know you're reading this\n\n[Reactions: \u{2764}\u{fe0f} by {LUCJA}]")
    );
    let shared = list.iter().find(|e| e.fields.narrative.contains("instagram.com/p/")).unwrap();
    assert!(shared.fields.narrative.contains("Nice café, isn't it? \u{2615}"), "{}", shared.fields.narrative);
    let photo = list
        .iter()
        .find(|e| e.fields.occurred.start == t("2026-03-13T08:02:31+00:00"))
        .unwrap_or_else(|| panic!("no photo entry"));
    let files = tv.vault.attachments_of(photo.id).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].meta.original_name, "1234567890123456.jpg");
    let voice = list.iter().find(|e| e.fields.narrative.contains("aaaabbbbccccdddd.mp4")).unwrap();
    assert!(voice.fields.narrative.contains("not in this export"), "{}", voice.fields.narrative);

    // Each entry keeps its message's own bytes, in the chat file inside the zip.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut chat = Vec::new();
    archive.by_name(IG_CHAT).unwrap().read_to_end(&mut chat).unwrap();
    let mut spans = 0;
    for e in list.iter().filter(|e| e.fields.title.starts_with("Instagram message")) {
        let EntrySource::Import { span: Some(span), .. } = &e.fields.source else { panic!("no span: {e:?}") };
        assert_eq!(span.member.as_deref(), Some(IG_CHAT));
        let excerpt = &chat[span.start as usize..span.end as usize];
        assert_eq!(sha256_hex(excerpt), span.sha256);
        let v: serde_json::Value = serde_json::from_slice(excerpt).unwrap();
        assert_eq!(v["sender_name"], "Jon Doe");
        spans += 1;
    }
    assert_eq!(spans, 5, "every message carries its excerpt");

    // Again: nothing twice.
    let again = tv.vault.import(&zip, &options(), &mut |_, _| true).unwrap();
    assert_eq!((again.counts.imported, again.counts.duplicates, again.import_id), (0, 5, None));
    // The new account, picked: its one message comes in, the rest were there already.
    let key = preview(&zip, &case_with_jon(), &utc_import_settings())
        .unwrap()
        .correspondents
        .into_iter()
        .find(|c| c.display == "jd_2026")
        .unwrap()
        .key;
    let jon = ImportOptions { correspondents: Some(vec![key]), ..options() };
    let r = import(&mut tv, &zip, &jon);
    assert_eq!((r.counts.imported, r.counts.not_selected), (1, 8));
}

/// One chat file of an unpacked export: its photo is found from the export's top folder.
#[test]
fn meta_one_chat_file_of_an_unpacked_export_reads_with_its_photo() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files_under(&fixture_dir("instagram-lucja")) {
        let path = dir.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let photo = dir.path().join(IG_PHOTO);
    std::fs::create_dir_all(photo.parent().unwrap()).unwrap();
    std::fs::write(&photo, images::jpeg_with_exif(16, 12, "2026:03:13 08:02:31")).unwrap();
    let chat = dir.path().join(IG_CHAT);
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &chat, &options());
    assert_eq!(report.format, ImportFormat::InstagramMessages);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.media_attached, c.media_missing), (6, 5, 1, 1), "{c:?}");
    let bytes = std::fs::read(&chat).unwrap();
    for e in all_entries(&tv).iter().filter(|e| e.fields.title.starts_with("Instagram message")) {
        let EntrySource::Import { span: Some(span), .. } = &e.fields.source else { panic!("no span") };
        assert_eq!(span.member, None);
        assert_eq!(sha256_hex(&bytes[span.start as usize..span.end as usize]), span.sha256);
    }
    // The same messages from the whole download are already there.
    let again = tv.vault.import(&instagram_zip(dir.path()), &options(), &mut |_, _| true).unwrap();
    assert_eq!((again.counts.imported, again.counts.duplicates), (0, 5));
}

/// Messenger: a chat in two files, calls (missed and answered), an unsent message, a sticker and
/// a video the export lacks, a shared link, and someone added to the chat (a notice, not an item).
#[test]
fn meta_messenger_reads_calls_unsent_messages_and_notices() {
    let dir = tempfile::tempdir().unwrap();
    let zip = messenger_zip(dir.path());
    let p = preview(&zip, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, ImportFormat::MessengerMessages);
    assert_eq!((p.total_items, p.skipped, p.unreadable), (7, 1, 0));
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &zip, &options());
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.not_selected, c.media_missing), (7, 6, 1, 2), "{c:?}");
    assert_eq!(report.lines_not_taken, 1);
    let list = all_entries(&tv);
    let missed = titled(&list, "Missed call from Jon Doe");
    assert_eq!(missed.fields.call.as_ref().unwrap().direction, Some(CallDirection::Missed));
    assert_eq!(missed.fields.channel.as_deref(), Some("Messenger"));
    let unsent = list.iter().find(|e| e.fields.narrative.contains("unsent")).unwrap();
    assert_eq!(unsent.fields.title, "Messenger message from Jon Doe");
    titled(&list, "Messenger message from Jon Doe: Zażółć gęślą jaźń \u{1F440}");
    titled(&list, "Messenger message from Jon Doe: https://maps.example.com/?q=your+street");
}

/// Which platform: Meta's names for its downloads and folders, else the person's choice of format,
/// else a chat file's `thread_type` (Messenger's alone).
#[test]
fn meta_the_platform_is_told_by_names_or_the_persons_choice() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("message_1.json");
    std::fs::copy(fixture_dir("messenger-lucja/messages/inbox/jondoe_10158000000000001/message_1.json"), &plain)
        .unwrap();
    let p = preview(&plain, &case_with_jon(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, ImportFormat::MessengerMessages, "by its thread_type");
    let instagram = ImportSettings { expected_format: Some(ImportFormat::InstagramMessages), ..utc_import_settings() };
    assert_eq!(preview(&plain, &case_with_jon(), &instagram).unwrap().format, ImportFormat::InstagramMessages);
    // Said by the names: the other platform is refused, naming what it is.
    let messenger = ImportSettings { expected_format: Some(ImportFormat::MessengerMessages), ..utc_import_settings() };
    let err = preview(&instagram_zip(dir.path()), &case_with_jon(), &messenger).unwrap_err();
    assert!(matches!(err, ImportError::WrongFormat { found: Some(ImportFormat::InstagramMessages), .. }), "{err}");
}

/// A message without a sender or a time is an unreadable item named by its place in the file;
/// every message is accounted for.
#[test]
fn meta_a_message_without_a_sender_or_time_is_named_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture_dir(&format!("instagram-lucja/{IG_CHAT}"))).unwrap();
    let text = text.replacen("\"sender_name\": \"Jon Doe\",\n      \"timestamp_ms\": 1773389400000,", "", 1).replacen(
        "\"timestamp_ms\": 1773389100000,",
        "\"timestamp_ms\": \"yesterday\",",
        1,
    );
    let path = dir.path().join("message_1.json");
    std::fs::write(&path, text).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let report = import(&mut tv, &path, &options());
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.not_selected, c.unreadable), (6, 4, 0, 2), "{c:?}");
    let places: Vec<String> = c.unreadable_items.iter().map(ToString::to_string).collect();
    assert_eq!(
        places,
        [
            "message 1 (on line 11): it has no sender_name",
            "message 2 (on line 17): it has no timestamp_ms, or one that is not a time"
        ]
    );
}

/// Cancel: nothing written.
#[test]
fn meta_a_cancelled_import_leaves_the_vault_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let zip = instagram_zip(dir.path());
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let head = tv.vault.head().unwrap();
    let err = tv.vault.import(&zip, &options(), &mut |done, _| done == 0).unwrap_err();
    assert!(matches!(err, ImportError::Cancelled), "{err}");
    assert_eq!(tv.vault.head().unwrap(), head);
}

/// Bad files: each refused with one sentence naming the file and the place, the vault unchanged.
#[test]
fn meta_bad_exports_are_refused_by_file_and_place_and_the_vault_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture_dir(&format!("instagram-lucja/{IG_CHAT}"))).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case_with_jon()).unwrap();
    let head = tv.vault.head().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let instagram = ImportSettings { expected_format: Some(ImportFormat::InstagramMessages), ..utc_import_settings() };
    let with = |settings: &ImportSettings| ImportOptions { settings: settings.clone(), ..ImportOptions::default() };
    let mut refuse = |path: &Path, settings: &ImportSettings| {
        let err = tv.vault.import(path, &with(settings), &mut |_, _| true).unwrap_err();
        let text = err.to_string();
        assert!(!text.contains('\n') && text.ends_with("nothing was imported"), "{text}");
        err
    };

    // Cut short, as an interrupted download: named by file and line.
    let cut = write("message_1.json", &good.as_bytes()[..good.len() / 2]);
    let err = refuse(&cut, &instagram);
    assert!(
        matches!(err, ImportError::Malformed { .. })
            && err.to_string().contains("message_1.json ends in the middle, at line 42"),
        "{err}"
    );
    // The same inside a zip: named by its path there.
    let zip = dir.path().join("instagram-cut.zip");
    write_zip(&zip, &[(IG_CHAT.to_owned(), good.as_bytes()[..good.len() / 2].to_vec())]);
    let err = refuse(&zip, &utc_import_settings());
    assert!(err.to_string().contains(&format!("{IG_CHAT} ends in the middle")), "{err}");

    // A wrong shape: "messages" an object, not a list.
    let shape = write(
        "message_1.json",
        br#"{"participants": [{"name": "Jon Doe"}], "messages": {"sender_name": "Jon Doe", "timestamp_ms": 1}}"#,
    );
    let err = refuse(&shape, &instagram);
    assert!(err.to_string().contains("message_1.json is not laid out as a chat file is at line 1, column"), "{err}");
    // A list at the top: not a chat file at all.
    let list = write("list.json", br#"[{"sender_name": "Jon Doe", "timestamp_ms": 1772399640000}]"#);
    assert!(matches!(refuse(&list, &instagram), ImportError::WrongFormat { found: None, .. }));

    // Another platform's export, given as Instagram's: named for what it is.
    let telegram = import_fixture("telegram-jon/result.json");
    let err = refuse(&telegram, &instagram);
    assert!(matches!(err, ImportError::WrongFormat { found: Some(ImportFormat::TelegramChat), .. }), "{err}");
    let whatsapp = import_fixture("whatsapp-android-en-GB.txt");
    let err = refuse(&whatsapp, &instagram);
    assert!(matches!(err, ImportError::WrongFormat { found: Some(ImportFormat::WhatsAppChat), .. }), "{err}");

    // An account without chats: its export holds no chat file; a chat file without messages.
    let empty = dir.path().join("instagram-empty-2026-03-15.zip");
    write_zip(
        &empty,
        &[
            ("personal_information/personal_information/personal_information.json".into(), b"{}".to_vec()),
            ("your_instagram_activity/likes/liked_posts.json".into(), b"{}".to_vec()),
        ],
    );
    let err = refuse(&empty, &utc_import_settings());
    assert!(err.to_string().contains("instagram-empty-2026-03-15.zip holds no messages"), "{err}");
    let none = write("message_1.json", b"{\n  \"participants\": [],\n  \"messages\": []\n}");
    let err = refuse(&none, &instagram);
    assert!(err.to_string().contains("message_1.json holds no messages"), "{err}");

    // One message of 20 MB (over the 16 MiB a message may be), written a chunk at a time: refused
    // by its place, never read whole.
    let huge = dir.path().join("huge").join("message_1.json");
    std::fs::create_dir(huge.parent().unwrap()).unwrap();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        f.write_all(b"{\n  \"participants\": [\n    {\n      \"name\": \"Jon Doe\"\n    }\n  ],\n  \"messages\": [\n    {\n      \"sender_name\": \"Jon Doe\",\n      \"timestamp_ms\": 1772399640000,\n      \"content\": \"").unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        for _ in 0..20 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\"\n    }\n  ]\n}").unwrap();
    }
    let err = refuse(&huge, &instagram);
    assert!(
        matches!(err, ImportError::TooLarge { .. }) && err.to_string().contains("message 1 of message_1.json"),
        "{err}"
    );

    // Invalid UTF-8 inside a message's text: named by line.
    let mut bad = good.clone().into_bytes();
    let at = good.find("Please stop").unwrap();
    bad[at] = 0xff;
    let err = refuse(&write("message_1.json", &bad), &instagram);
    assert!(
        err.to_string().contains("message_1.json holds bytes that are not UTF-8 text at line 21, column 19"),
        "{err}"
    );

    // A zip whose names point outside the export.
    let slip = dir.path().join("instagram-slip.zip");
    write_zip(
        &slip,
        &[
            (IG_CHAT.to_owned(), good.clone().into_bytes()),
            ("your_instagram_activity/messages/inbox/jondoe_1/../../../../../.bashrc".into(), b"x".to_vec()),
        ],
    );
    let err = refuse(&slip, &utc_import_settings());
    assert!(matches!(err, ImportError::UnsafeZipPath { .. }) && err.to_string().contains(".bashrc"), "{err}");

    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    assert!(tv.vault.imports().unwrap().is_empty());
}
