//! The direct messages of an X (Twitter) archive (issue 15, item 3), as X writes them (the
//! fixture `x-jon/data/` follows the archive's files: the `window.YTD.direct_messages.part0 = `
//! wrapper around one JSON list, two spaces of indent and `"key" : value`, `messageCreate`
//! with its keys in X's order, groups without `recipientId`, `joinConversation`,
//! `conversationNameUpdate` and `participantsLeave` notices, `account.js` with the owner's id).
//! The same flow as the other importers: the preview by correspondent (the sender's id is the
//! key) with the case's people ticked, only the chosen people's items, nothing twice, one
//! transaction, each entry's excerpt; from the .zip as downloaded or the unpacked folder.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use casebook_core::import::{CorrespondentKind, ImportError, ImportFormat, ImportOptions, ImportSettings, preview};
use casebook_core::{CaseDetails, EntrySource, Identifier, IdentifierKind, ImportReport};
use common::imported::{all_entries, import_checked, sha256_hex, titled};
use common::*;

const JON_ID: &str = "x:2222222222";
const PHOTO: &str = "1767000000000000004-Qm3kPzT1.jpg";

fn data(name: &str) -> Vec<u8> {
    std::fs::read(import_fixture("x-jon/data").join(name)).unwrap()
}

/// Jon, known by his X account's id as well as his number.
fn case() -> CaseDetails {
    let mut case = case_with_jon();
    case.persons[0].identifiers.push(Identifier { kind: IdentifierKind::Handle, value: "X:2222222222".into() });
    case
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

fn x_only() -> ImportSettings {
    ImportSettings { expected_format: Some(ImportFormat::XArchive), ..utc_import_settings() }
}

fn write_zip(path: &Path, files: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn photo() -> Vec<u8> {
    images::jpeg_with_exif(16, 12, "2026:03:03 23:02:11")
}

/// The archive as X's download gives it: a .zip with `data/` and its media inside.
fn archive(dir: &Path) -> PathBuf {
    let path = dir.join("twitter-2026-03-06-abc123.zip");
    let photo = photo();
    write_zip(
        &path,
        &[
            ("Your archive.html", b"<!DOCTYPE html><title>Your archive</title>"),
            ("data/account.js", &data("account.js")),
            ("data/direct-messages.js", &data("direct-messages.js")),
            ("data/direct-messages-group.js", &data("direct-messages-group.js")),
            (&format!("data/direct_messages_media/{PHOTO}"), &photo),
        ],
    );
    path
}

/// The unpacked archive's `data/` folder, with the photo beside the messages.
fn unpacked(dir: &Path) -> PathBuf {
    let data_dir = dir.join("data");
    std::fs::create_dir_all(data_dir.join("direct_messages_media")).unwrap();
    for name in ["account.js", "direct-messages.js", "direct-messages-group.js"] {
        std::fs::write(data_dir.join(name), data(name)).unwrap();
    }
    std::fs::write(data_dir.join("direct_messages_media").join(PHOTO), photo()).unwrap();
    data_dir.join("direct-messages.js")
}

fn import(tv: &mut TestVault, path: &Path) -> ImportReport {
    import_checked(tv, path, &options())
}

#[test]
fn x_preview_lists_accounts_by_their_ids_with_the_case_person_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let p = preview(&unpacked(dir.path()), &case(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, ImportFormat::XArchive);
    assert_eq!((p.total_items, p.unreadable, p.skipped, p.media_files), (5, 0, 0, 1));
    // The owner (1111111111, from account.js) is never a correspondent: a one-to-one
    // conversation is with the other person, both ways.
    let keys: Vec<_> = p.correspondents.iter().map(|c| c.key.value.as_str()).collect();
    assert_eq!(keys, [JON_ID, "x:4444444444"]);
    let jon = &p.correspondents[0];
    assert_eq!((jon.key.kind, jon.items, jon.person_id), (CorrespondentKind::Account, 4, Some(1)));
    assert!(jon.selected_by_default && !p.correspondents[1].selected_by_default);
    assert_eq!(jon.identifier, Some(Identifier { kind: IdentifierKind::Handle, value: JON_ID.into() }));
    assert_eq!(p.first_at, Some(t("2026-02-27T17:30:00+00:00")));
    assert_eq!(p.last_at, Some(t("2026-03-04T22:41:07.512+00:00")));
    // Without his id among Jon's identifiers, nothing is ticked: an id has no name to match.
    let p = preview(&unpacked(dir.path()), &case_with_jon(), &utc_import_settings()).unwrap();
    assert!(p.correspondents.iter().all(|c| !c.selected_by_default));
}

#[test]
fn x_archive_zip_imports_both_files_with_media_and_excerpts_once() {
    let dir = tempfile::tempdir().unwrap();
    let zip = archive(dir.path());
    let p = preview(&zip, &case(), &utc_import_settings()).unwrap();
    // 5 one-to-one messages, 2 in the group; its 3 notices (joined, renamed, left) are not items.
    assert_eq!((p.total_items, p.skipped, p.correspondents.len()), (7, 3, 3), "{:?}", p.correspondents);
    assert!(p.notes.iter().any(|n| n.starts_with("3 notices")), "{:?}", p.notes);

    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let report = import(&mut tv, &zip);
    let c = &report.counts;
    assert_eq!((c.items_in_file, c.imported, c.not_selected, c.unreadable), (7, 5, 2, 0), "{c:?}");
    assert_eq!((c.media_attached, c.media_missing, report.lines_not_taken), (1, 0, 3));

    let list = all_entries(&tv);
    let first = titled(&list, "X message from Jon Doe: You blocked me");
    assert_eq!(first.fields.occurred.start, t("2026-03-01T21:14:00.250+00:00"));
    assert_eq!(first.fields.channel.as_deref(), Some("X"));
    assert_eq!(first.fields.identifier.as_deref(), Some(JON_ID), "the id is recorded");
    assert_eq!(first.fields.person_id, Some(1));
    assert!(first.fields.narrative.starts_with("You blocked me on WhatsApp so I'm here now \u{1F620}"));
    assert!(first.fields.narrative.contains("Reaction \"sad\" from x:1111111111"), "{}", first.fields.narrative);
    titled(&list, "X message to Jon Doe: Please stop contacting me.");
    let link = titled(&list, "X message from Jon Doe: Nice car.");
    assert!(link.fields.narrative.contains("https://t.co/AbCd1234Ef leads to https://example.com/where-you-park"));
    titled(&list, "X message from Jon Doe: Everyone here knows what you did");
    let photo = titled(&list, "X message from Jon Doe: Look outside");
    let files = tv.vault.attachments_of(photo.id).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].meta.original_name, PHOTO);

    // Each entry keeps its message's own bytes, in the file inside the zip.
    let mut spans = 0;
    for e in list.iter().filter(|e| e.fields.channel.as_deref() == Some("X")) {
        if let EntrySource::Import { span: Some(span), .. } = &e.fields.source {
            let member = span.member.as_deref().unwrap();
            let bytes = data(member.trim_start_matches("data/"));
            let excerpt = &bytes[span.start as usize..span.end as usize];
            assert_eq!(sha256_hex(excerpt), span.sha256);
            let v: serde_json::Value = serde_json::from_slice(excerpt).unwrap();
            assert!(v["messageCreate"]["id"].as_str().is_some(), "{v}");
            spans += 1;
        }
    }
    assert_eq!(spans, 5, "every message carries its excerpt");

    // Again, and from the unpacked folder: the same messages by their ids, nothing twice.
    let again = tv.vault.import(&zip, &options(), &mut |_, _| true).unwrap();
    assert_eq!((again.counts.imported, again.counts.duplicates, again.import_id), (0, 5, None));
    let folder = tv.vault.import(&unpacked(dir.path()), &options(), &mut |_, _| true).unwrap();
    assert_eq!((folder.counts.imported, folder.counts.duplicates), (0, 4));
}

#[test]
fn x_unpacked_folder_imports_one_file_with_its_media_and_excerpts() {
    let dir = tempfile::tempdir().unwrap();
    let path = unpacked(dir.path());
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let report = import(&mut tv, &path);
    assert_eq!((report.counts.imported, report.counts.media_attached), (4, 1), "{:?}", report.counts);
    let bytes = std::fs::read(&path).unwrap();
    let mut spans = 0;
    for e in all_entries(&tv).iter().filter(|e| e.fields.channel.as_deref() == Some("X")) {
        // The "export imported" entry holds the file, not one message.
        let EntrySource::Import { span: Some(span), .. } = &e.fields.source else { continue };
        assert_eq!(span.member, None);
        assert_eq!(sha256_hex(&bytes[span.start as usize..span.end as usize]), span.sha256);
        spans += 1;
    }
    assert_eq!(spans, 4);
    // The group file on its own: two messages, the owner's id from account.js beside it.
    let group = tv.vault.import(&path.with_file_name("direct-messages-group.js"), &options(), &mut |_, _| true);
    assert_eq!(group.unwrap().counts.imported, 1, "Jon's group message");
}

/// Without account.js the owner is unknown: each message is listed under its sender, and the
/// preview says why.
#[test]
fn x_without_account_js_lists_each_message_under_its_sender() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("direct-messages.js");
    std::fs::write(&path, data("direct-messages.js")).unwrap();
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    assert!(p.notes.iter().any(|n| n.contains("account.js was not found")), "{:?}", p.notes);
    let keys: Vec<_> = p.correspondents.iter().map(|c| c.key.value.as_str()).collect();
    assert_eq!(keys, [JON_ID, "x:1111111111", "x:4444444444"]);
}

/// Events X writes that are neither messages nor known notices, and messages without a date or
/// sender, are unreadable items named by file and line; the accounting still holds.
#[test]
fn x_unknown_events_and_undated_messages_are_named_unreadable_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = unpacked(dir.path());
    let text = String::from_utf8(data("direct-messages.js")).unwrap();
    let text =
        text.replacen("\"createdAt\" : \"2026-03-04T22:41:07.512Z\"", "\"createdAt\" : \"yesterday\"", 1).replacen(
            "\"messages\" : [\n",
            "\"messages\" : [\n        {\n          \"messageHide\" : { \"createdAt\" : \"x\" }\n        },\n",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let c = import(&mut tv, &path).counts;
    assert_eq!((c.items_in_file, c.imported, c.unreadable), (6, 3, 2), "{c:?}");
    assert_eq!(c.unreadable_items[0].place, "direct-messages.js, the event on line 6");
    assert_eq!(c.unreadable_items[0].reason, "it is of a kind Casebook does not know (\"messageHide\")");
    assert_eq!(c.unreadable_items[1].place, "direct-messages.js, message 1767000000000000005 (on line 9)");
    assert!(c.unreadable_items[1].reason.contains("no date"));
}

/// Bad archives: each refused with one sentence naming the file and the place, the vault
/// unchanged.
#[test]
fn x_bad_archives_are_refused_naming_the_file_and_the_vault_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good = String::from_utf8(data("direct-messages.js")).unwrap();
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let head = tv.vault.head().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let sub = dir.path().join(format!("{}", bytes.len()));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let refused = |tv: &mut TestVault, path: &Path| {
        let err = tv.vault.import(path, &ImportOptions { settings: x_only(), ..options() }, &mut |_, _| true);
        err.unwrap_err()
    };

    // Cut short, as an interrupted copy.
    let err = refused(&mut tv, &write("direct-messages.js", &good.as_bytes()[..good.len() / 2]));
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("direct-messages.js stops in the middle at line 43"), "{err}");

    // Broken in the middle: named by file, line and column.
    let err = refused(
        &mut tv,
        &write("direct-messages.js", good.replacen("\"urls\" : [ ],", "\"urls\" : [ ],,", 1).as_bytes()),
    );
    assert!(
        err.to_string().contains("direct-messages.js breaks the rules of X's format at line 28, column 26"),
        "{err}"
    );

    // Invalid UTF-8 inside a message's text.
    let mut bad = good.clone().into_bytes();
    bad[good.find("Please stop").unwrap()] = 0xff;
    let err = refused(&mut tv, &write("direct-messages.js", &bad));
    assert!(
        err.to_string().contains("direct-messages.js breaks the rules of X's format at line 43, column 23"),
        "{err}"
    );

    // The wrapper missing (the bare list), or another file of the archive.
    let bare = good.replacen("window.YTD.direct_messages.part0 = ", "", 1);
    let err = refused(&mut tv, &write("direct-messages.js", bare.as_bytes()));
    assert!(err.to_string().contains("direct-messages.js does not start as X writes it"), "{err}");
    let err = refused(&mut tv, &write("account.js", &data("account.js")));
    assert!(matches!(err, ImportError::NoMessages { .. }), "{err}");
    assert!(err.to_string().contains("account.js holds the archive's \"account\" (line 1)"), "{err}");

    // A Telegram export given as X's.
    let telegram = import_fixture("telegram-jon/result.json");
    let err = refused(&mut tv, &telegram);
    assert!(matches!(err, ImportError::WrongFormat { found: Some(ImportFormat::TelegramChat), .. }), "{err}");

    // The archive of an account without direct messages.
    let empty = write("direct-messages.js", b"window.YTD.direct_messages.part0 = [ ]\n");
    let err = refused(&mut tv, &empty);
    assert!(matches!(err, ImportError::NoMessages { .. }), "{err}");
    assert!(err.to_string().contains("direct-messages.js is an empty list"), "{err}");

    // A zip whose names escape the archive.
    for evil in ["../../.bashrc", "data/../../x.js", "/etc/cron.d/x"] {
        let zip = dir.path().join("evil.zip");
        write_zip(&zip, &[("data/direct-messages.js", good.as_bytes()), (evil, b"x")]);
        let err = refused(&mut tv, &zip);
        assert!(matches!(&err, ImportError::UnsafeZipPath { name } if name == evil), "{evil}: {err}");
    }

    // One message of 20 MB: refused, not read into memory whole.
    let huge = good.replacen("Please stop contacting me.", &"x".repeat(20 * 1024 * 1024), 1);
    let err = refused(&mut tv, &write("direct-messages.js", huge.as_bytes()));
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");

    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    assert!(tv.vault.imports().unwrap().is_empty());
}
