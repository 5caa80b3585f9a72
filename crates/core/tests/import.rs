//! Importing phone and mail exports: each format as the real apps write it, matching
//! correspondents to the case, de-duplication, cancel, and the one-transaction record.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::Write;
use std::path::Path;

use casebook_core::import::{
    CorrespondentKey, CorrespondentKind, DateOrder, ImportError, ImportOptions, ImportSettings, preview,
};
use casebook_core::{
    CallDirection, CaseDetails, EntryFilter, EntryKind, EntrySource, EntrySummary, Identifier, IdentifierKind, Person,
    Vault,
};
use casebook_crypto::hash::{Digest, Sha256};
use common::*;

fn jon() -> Person {
    Person {
        id: 1,
        name: "Jon Doe".into(),
        relationship: Some("ex-partner".into()),
        description: None,
        identifiers: vec![
            // Written as the victim would type it: national format, spaces.
            Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() },
            Identifier { kind: IdentifierKind::Email, value: "jon.doe@example.com".into() },
        ],
    }
}

fn case() -> CaseDetails {
    CaseDetails { victim_initials: "AS".into(), persons: vec![jon()], order_terms: None, default_region: None }
}

fn options() -> ImportOptions {
    ImportOptions { settings: utc_import_settings(), ..ImportOptions::default() }
}

fn vault_with_case() -> TestVault {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    tv
}

fn import(v: &mut Vault, path: &Path, options: &ImportOptions) -> casebook_core::ImportReport {
    v.import(path, options, &mut |_, _| true).unwrap()
}

fn entries(v: &Vault) -> Vec<EntrySummary> {
    v.list_entries(&EntryFilter::default()).unwrap()
}

fn titled<'a>(list: &'a [EntrySummary], title: &str) -> &'a EntrySummary {
    list.iter().find(|e| e.fields.title == title).unwrap_or_else(|| {
        let titles: Vec<_> = list.iter().map(|e| e.fields.title.as_str()).collect();
        panic!("no entry titled {title:?}; have {titles:#?}")
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn phone_key(v: &str) -> CorrespondentKey {
    CorrespondentKey { kind: CorrespondentKind::Phone, value: v.into() }
}

/// Every correspondent the preview lists.
fn everyone(path: &Path) -> Vec<CorrespondentKey> {
    preview(path, &case(), &utc_import_settings()).unwrap().correspondents.into_iter().map(|c| c.key).collect()
}

#[test]
fn sms_backup_texts_and_picture_messages_become_entries_of_the_person_responsible() {
    let mut tv = vault_with_case();
    let path = import_fixture("sms-20260301213000.xml");
    let report = import(&mut tv.vault, &path, &options());
    assert_eq!(report.counts.items_in_file, 9);
    assert_eq!((report.counts.imported, report.counts.not_selected), (7, 2), "Mum and the bank stay out");
    assert_eq!(report.counts.media_attached, 1);
    let list = entries(&tv.vault);

    let first = titled(&list, "Text from Jon Doe: You can't ignore me forever \u{1F620}");
    assert_eq!(first.fields.occurred.start, t("2026-03-01T21:14:00+00:00"));
    assert_eq!(first.fields.kind, EntryKind::TextMessage);
    assert_eq!(first.fields.channel.as_deref(), Some("SMS"));
    assert_eq!(first.fields.identifier.as_deref(), Some("+447700900123"));
    assert_eq!(first.fields.person_id, Some(1));
    assert!(matches!(&first.fields.source, EntrySource::Import { format, item_key, .. }
        if format == "sms_backup_restore" && item_key.len() == 32));
    assert_eq!(first.recorded_at, utc("2026-03-01T21:00:00Z"), "recorded_at is the vault clock");

    titled(&list, "Text to Jon Doe: Please stop contacting me.");
    let multi = list.iter().find(|e| e.fields.title.starts_with("Text from Jon Doe: I know where you are")).unwrap();
    assert_eq!(multi.fields.narrative, "I know where you are\nI saw your car outside[0m", "ESC stripped, newline kept");
    let draft = titled(&list, "Unsent text to Jon Doe: I will call the police if you come here again");
    assert!(draft.fields.narrative.contains("as a draft"));

    let mms = titled(&list, "Picture message from Jon Doe: Look who I saw today \u{1F440}");
    assert_eq!(mms.attachments, 1);
    let media = &tv.vault.entry(mms.id).unwrap().attachments[0];
    assert_eq!((media.meta.original_name.as_str(), media.meta.media_type.as_str()), ("IMG_0001.png", "image/png"));
    assert_eq!(media.meta.image.as_ref().map(|i| (i.width, i.height)), Some((4, 3)));
    titled(&list, "Text to Jon Doe: Leave me alone.");

    // The export itself, byte-exact, once, on the "export imported" entry.
    let bytes = std::fs::read(&path).unwrap();
    let mut stored = Vec::new();
    let info = tv.vault.read_attachment(report.source_attachment_id.unwrap(), &mut stored).unwrap();
    assert_eq!(stored, bytes);
    assert_eq!(info.meta.sha256, sha256_hex(&bytes));
    assert_eq!(report.source_sha256, sha256_hex(&bytes));
    let record = tv.vault.entry(report.record_entry_id.unwrap()).unwrap();
    let record = &record.current().unwrap().fields;
    assert_eq!(record.title, "SMS Backup & Restore file imported: sms-20260301213000.xml");
    assert_eq!(record.person_id, Some(1));

    // Each entry points to its import and the export file.
    let source = tv.vault.import_source_of(first.id).unwrap().unwrap();
    assert_eq!(source.source_attachment_id, report.source_attachment_id.unwrap());
    assert_eq!(source.source_sha256, sha256_hex(&bytes));
    let manual = record_id_of_manual(&mut tv.vault);
    assert!(tv.vault.import_source_of(manual).unwrap().is_none());

    // One ledger record for the import, last, with the file's SHA-256.
    let (head, _) = tv.vault.head().unwrap();
    assert_eq!(report.ledger_seq, Some(head - 1), "the manual entry above came after the import");
    assert!(tv.vault.check().unwrap().is_ok());
    let by_person = tv.vault.list_entries(&EntryFilter { person_id: Some(1), ..EntryFilter::default() }).unwrap();
    assert_eq!(by_person.len(), 8, "7 items and the export-imported entry");
}

fn record_id_of_manual(v: &mut Vault) -> i64 {
    v.add_entry(casebook_core::EntryFields::new(EntryKind::Sighting, "Car outside", t("2026-03-02T08:00:00+00:00")))
        .unwrap()
}

#[test]
fn the_import_done_record_carries_the_source_hash_and_counts() {
    let mut tv = vault_with_case();
    let path = import_fixture("calls-20260301213000.xml");
    let report = import(&mut tv.vault, &path, &options());
    let seq = report.ledger_seq.unwrap();
    assert_eq!(tv.vault.head().unwrap().0, seq);
    let imports = tv.vault.imports().unwrap();
    assert_eq!(imports.len(), 1);
    let done = &imports[0];
    assert_eq!(done.ledger_seq, seq);
    assert_eq!(done.source_sha256, sha256_hex(&std::fs::read(&path).unwrap()));
    assert_eq!((done.format.as_str(), done.source_name.as_str()), ("sms_backup_restore", "calls-20260301213000.xml"));
    assert_eq!(done.counts, report.counts);
    assert_eq!(done.counts.imported, 6);
    assert_eq!(done.entries, Some((report.entry_ids[0], *report.entry_ids.last().unwrap())));
    assert_eq!(Some(done.source_attachment_id), report.source_attachment_id);
    assert_eq!(done.correspondents, ["+44 7700 900123"]);
    assert_eq!(done.recorded_at, utc("2026-03-01T21:00:00Z"));
}

#[test]
fn calls_of_every_type_with_direction_duration_and_withheld_numbers() {
    let mut tv = vault_with_case();
    let path = import_fixture("calls-20260301213000.xml");
    let all = ImportOptions { correspondents: Some(everyone(&path)), ..options() };
    let report = import(&mut tv.vault, &path, &all);
    assert_eq!(report.counts.imported, 8);
    let list = entries(&tv.vault);
    let call = |title: &str| titled(&list, title).fields.clone();
    let incoming = call("Call from Jon Doe (34 s)");
    assert_eq!(incoming.kind, EntryKind::Call);
    assert_eq!(incoming.channel.as_deref(), Some("Phone"));
    let details = incoming.call.unwrap();
    assert_eq!((details.direction, details.duration_secs), (Some(CallDirection::Incoming), Some(34)));
    assert_eq!(call("Call to Jon Doe (1 min 5 s)").call.unwrap().direction, Some(CallDirection::Outgoing));
    assert_eq!(call("Missed call from Jon Doe").call.unwrap().direction, Some(CallDirection::Missed));
    assert_eq!(call("Voicemail from Jon Doe").kind, EntryKind::Voicemail);
    assert_eq!(call("Rejected call from Jon Doe").call.unwrap().direction, Some(CallDirection::Rejected));
    assert_eq!(call("Blocked call from Jon Doe").call.unwrap().direction, Some(CallDirection::Blocked));
    let withheld = call("Missed call from a withheld number");
    assert_eq!((withheld.person_id, withheld.identifier.as_deref()), (None, Some("a withheld number")));
    assert_eq!(call("Call from Mum (5 min)").person_id, None);
    assert_eq!(call("Missed call from Jon Doe").occurred.start, t("2026-03-01T21:25:00+00:00"));
}

#[test]
fn preview_counts_per_correspondent_and_matches_numbers_written_differently() {
    let p = preview(&import_fixture("sms-20260301213000.xml"), &case(), &utc_import_settings()).unwrap();
    assert_eq!(p.format, casebook_core::import::ImportFormat::SmsBackupRestore);
    assert_eq!((p.total_items, p.media_files), (9, 1));
    assert_eq!(p.by_kind.get(&EntryKind::TextMessage), Some(&9));
    let jon = &p.correspondents[0];
    assert_eq!(jon.key, phone_key("+447700900123"), "07700 900123, 07700900123 and +447700900123 are one");
    assert_eq!((jon.items, jon.person_id, jon.person_name.as_deref()), (7, Some(1), Some("Jon Doe")));
    assert!(jon.selected_by_default);
    assert_eq!(jon.display, "+44 7700 900123");
    assert_eq!(jon.contact_names, ["Jon"]);
    let mum = p.correspondents.iter().find(|c| c.key == phone_key("+447700900555")).unwrap();
    assert_eq!((mum.items, mum.person_id, mum.selected_by_default), (1, None, false));
    assert_eq!(mum.contact_names, ["Mum"]);
    let bank = p.correspondents.iter().find(|c| c.display == "BANK").unwrap();
    assert_eq!(bank.key.kind, CorrespondentKind::Name);
    assert_eq!(p.first_at, Some(t("2026-03-01T21:14:00+00:00")));
    assert!(p.date_order_question.is_none() && !p.times_without_zone);
}

#[test]
fn importing_the_same_export_twice_adds_nothing_and_writes_nothing() {
    let mut tv = vault_with_case();
    let path = import_fixture("sms-20260301213000.xml");
    import(&mut tv.vault, &path, &options());
    let count = entries(&tv.vault).len();
    let head = tv.vault.head().unwrap();
    let again = import(&mut tv.vault, &path, &options());
    assert_eq!((again.counts.imported, again.counts.duplicates, again.import_id), (0, 7, None));
    assert_eq!(entries(&tv.vault).len(), count);
    assert_eq!(tv.vault.head().unwrap(), head, "nothing new: no ledger record");
    let seen = tv.vault.preview_import(&path, &utc_import_settings()).unwrap();
    assert_eq!(seen.correspondents[0].new_items, Some(0));
}

#[test]
fn an_overlapping_export_brings_only_the_new_items_and_reuses_nothing_it_should_not() {
    let mut tv = vault_with_case();
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(import_fixture("sms-20260301213000.xml")).unwrap();
    // An earlier backup: the last text is not in it yet.
    let cut = original.rfind("  <sms protocol=\"0\" address=\"+447700900123\" date=\"1772403600000\"").unwrap();
    let earlier = format!("{}</smses>\n", &original[..cut]);
    let earlier_path = dir.path().join("sms-earlier.xml");
    std::fs::write(&earlier_path, earlier).unwrap();
    let first = import(&mut tv.vault, &earlier_path, &options());
    assert_eq!(first.counts.imported, 6);
    // A later backup: everything, plus one more text.
    let extra = r#"  <sms protocol="0" address="+447700900123" date="1772490000000" type="1" subject="null" body="New day, same me" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="2 Mar 2026 22:20:00" contact_name="Jon" />
</smses>"#;
    let later_path = dir.path().join("sms-later.xml");
    std::fs::write(&later_path, original.replace("</smses>", extra)).unwrap();
    let preview = tv.vault.preview_import(&later_path, &utc_import_settings()).unwrap();
    assert_eq!(preview.correspondents[0].new_items, Some(2));
    let second = import(&mut tv.vault, &later_path, &options());
    assert_eq!((second.counts.imported, second.counts.duplicates), (2, 6));
    assert_ne!(second.source_attachment_id, first.source_attachment_id, "a different file is stored too");
    let jon_items = entries(&tv.vault).iter().filter(|e| e.fields.tags.is_empty()).count();
    assert_eq!(jon_items, 8);
}

#[test]
fn the_same_file_picked_again_for_someone_else_is_stored_once() {
    let mut tv = vault_with_case();
    let path = import_fixture("calls-20260301213000.xml");
    let first = import(&mut tv.vault, &path, &options());
    let mum = ImportOptions { correspondents: Some(vec![phone_key("+447700900555")]), ..options() };
    let second = import(&mut tv.vault, &path, &mum);
    assert_eq!(second.counts.imported, 1);
    assert_eq!(second.source_attachment_id, first.source_attachment_id);
    assert_eq!(second.record_entry_id, first.record_entry_id);
    assert_eq!(tv.vault.attachments_of(first.record_entry_id.unwrap()).unwrap().len(), 1);
}

#[test]
fn cancel_at_any_point_leaves_the_vault_exactly_as_it_was() {
    let mut tv = vault_with_case();
    let path = import_fixture("sms-20260301213000.xml");
    let head = tv.vault.head().unwrap();
    let before = entries(&tv.vault).len();
    for stop_at in [0u64, 9] {
        let mut calls = Vec::new();
        let err = tv
            .vault
            .import(&path, &options(), &mut |done, total| {
                calls.push((done, total));
                done < stop_at
            })
            .unwrap_err();
        assert!(matches!(err, ImportError::Cancelled), "{err}");
        assert_eq!(calls.last().map(|c| c.1), Some(9), "total is known from the first call");
        assert_eq!(tv.vault.head().unwrap(), head);
        assert_eq!(entries(&tv.vault).len(), before);
    }
    assert!(tv.vault.check().unwrap().is_ok());
    // And it still imports afterwards.
    assert_eq!(import(&mut tv.vault, &path, &options()).counts.imported, 7);
}

#[test]
fn nothing_matched_and_nothing_picked_is_refused() {
    let mut tv = new_vault();
    let err = tv.vault.import(&import_fixture("sms-20260301213000.xml"), &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::NothingSelected), "{err}");
    assert_eq!(err.code(), "nothing_selected");
}

#[test]
fn an_identifier_seen_in_an_import_is_added_to_a_person_with_one_call() {
    let mut tv = new_vault();
    let mut person = jon();
    person.identifiers.clear();
    tv.vault.set_case(CaseDetails { persons: vec![person], ..CaseDetails::default() }).unwrap();
    let path = import_fixture("calls-20260301213000.xml");
    let before = tv.vault.preview_import(&path, &utc_import_settings()).unwrap();
    let number = before.correspondents.iter().find(|c| c.key == phone_key("+447700900123")).unwrap();
    assert_eq!(number.person_id, None);
    let ident = number.identifier.clone().unwrap();
    assert_eq!(ident, Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() });
    assert_eq!(tv.vault.add_identifiers(1, &[ident]).unwrap(), 1);
    // The same number written another way is already there.
    let local = Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() };
    assert_eq!(tv.vault.add_identifiers(1, &[local]).unwrap(), 0);
    assert!(tv.vault.add_identifiers(9, &[]).is_err());
    let after = tv.vault.preview_import(&path, &utc_import_settings()).unwrap();
    let number = after.correspondents.iter().find(|c| c.key == phone_key("+447700900123")).unwrap();
    assert_eq!((number.person_id, number.selected_by_default), (Some(1), true));
    assert!(before.correspondents.iter().all(|c| c.identifier.is_some() || c.key.kind == CorrespondentKind::Withheld));
}

// --- WhatsApp ---

fn import_chat(file: &str, expected: usize) -> (TestVault, Vec<EntrySummary>, casebook_core::ImportReport) {
    let mut tv = vault_with_case();
    let path = import_fixture(file);
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    assert!(p.times_without_zone && p.date_order_question.is_none(), "{file}");
    assert!(p.notes.iter().any(|n| n.contains("no time zone") && n.contains("UTC+00:00")), "{:?}", p.notes);
    let report = import(&mut tv.vault, &path, &options());
    assert_eq!(report.counts.imported as usize, expected, "{file}");
    let list: Vec<_> = entries(&tv.vault).into_iter().filter(|e| e.fields.tags.is_empty()).collect();
    assert!(list.iter().all(|e| e.fields.channel.as_deref() == Some("WhatsApp") && e.fields.person_id == Some(1)));
    (tv, list, report)
}

#[test]
fn whatsapp_android_24_hour_day_first_with_multiline_media_and_system_lines() {
    let (_tv, list, report) = import_chat("whatsapp-android-en-GB.txt", 6);
    assert_eq!(report.counts.not_selected, 1, "Alice's own message");
    let same: Vec<_> =
        list.iter().filter(|e| e.fields.title == "WhatsApp message from Jon Doe: You can't hide from me").collect();
    assert_eq!(same.len(), 2, "the same words sent twice in a minute are two messages");
    let multi = list.iter().find(|e| e.fields.title.starts_with("WhatsApp message from Jon Doe: I saw you")).unwrap();
    assert_eq!(multi.fields.narrative, "I saw you at the station\nwith your sister\ndon't pretend you didn't see me");
    assert_eq!(multi.fields.occurred.start, t("2026-03-01T21:16:00+00:00"));
    let omitted = list.iter().find(|e| e.fields.occurred.start == t("2026-03-01T21:17:00+00:00")).unwrap();
    assert_eq!(omitted.fields.title, "WhatsApp message from Jon Doe");
    assert!(omitted.fields.narrative.contains("exported without media"));
    let photo = list.iter().find(|e| e.fields.occurred.start == t("2026-03-13T08:02:00+00:00")).unwrap();
    assert_eq!(photo.fields.title, "WhatsApp message from Jon Doe: Outside your work");
    assert!(photo.fields.narrative.contains("IMG-20260313-WA0001.jpg, which is not in this export"));
    assert_eq!(report.counts.media_missing, 1);
    assert!(
        list.iter().any(|e| e.fields.narrative.starts_with("This message was deleted")
            && e.fields.narrative.contains("it records a deleted message")),
        "kept and labelled on Android too"
    );
    assert!(!list.iter().any(|e| e.fields.narrative.contains("end-to-end")));
}

#[test]
fn whatsapp_android_12_hour_month_first_with_narrow_spaces_and_a_number_for_a_name() {
    let (_tv, list, _) = import_chat("whatsapp-android-en-US.txt", 4);
    assert!(list.iter().all(|e| e.fields.identifier.as_deref() == Some("+447700900123")));
    let times: Vec<_> = list.iter().map(|e| e.fields.occurred.start).collect();
    assert_eq!(
        times,
        [
            t("2026-03-01T21:14:00+00:00"),
            t("2026-03-01T23:59:00+00:00"),
            t("2026-03-13T08:02:00+00:00"),
            t("2026-03-13T12:30:00+00:00")
        ]
    );
}

#[test]
fn whatsapp_iphone_with_seconds_marks_and_omitted_media() {
    let (_tv, list, report) = import_chat("whatsapp-ios-en-GB.txt", 5);
    assert_eq!(report.counts.media_missing, 1);
    let first = &list[0];
    assert_eq!(first.fields.occurred.start, t("2026-03-01T21:14:03+00:00"));
    assert_eq!(first.fields.narrative, "You can't hide from me");
    let multi = list.iter().find(|e| e.fields.occurred.start == t("2026-03-13T08:02:31+00:00")).unwrap();
    assert_eq!(multi.fields.narrative, "I know your new address\nand your new car");
    assert!(list.iter().any(|e| e.fields.narrative.contains("exported without media")));
    assert!(list.iter().any(|e| e.fields.narrative.contains("00000012-PHOTO-2026-03-13-08-03-05.jpg")));
    assert!(list.iter().any(|e| e.fields.narrative
        == "This message was deleted.\n\n[WhatsApp wrote this line itself: it records a deleted message.]"));
    assert!(!list.iter().any(|e| e.fields.narrative.contains('\u{200e}')));
}

/// A German iPhone export: the lines saying a picture, video, sticker, audio or document was
/// left out, a deleted message, and a location WhatsApp wrote itself are messages (by their
/// structure: a time, a sender, a body), labelled in plain words with the German kept; only
/// the encryption notice is a notice.
#[test]
fn whatsapp_iphone_german_media_omitted_and_deleted_lines_are_messages() {
    let (_tv, list, report) = import_chat("whatsapp-ios-de-DE-media-omitted.txt", 8);
    assert_eq!(report.counts.not_selected, 1, "Alice's own deletion");
    assert_eq!(report.lines_not_taken, 1, "the encryption notice, and nothing else");
    assert!(!list.iter().any(|e| e.fields.narrative.contains("Ende-zu-Ende")), "the notice stays out");
    let at = |s: &str| list.iter().find(|e| e.fields.occurred.start == t(s)).unwrap_or_else(|| panic!("{s}"));
    let picture = &at("2026-03-01T21:16:02+00:00").fields.narrative;
    assert!(picture.contains("this message's picture is not included"), "{picture}");
    assert!(picture.contains("WhatsApp wrote: \"Bild weggelassen\""), "{picture}");
    assert!(at("2026-03-01T21:16:40+00:00").fields.narrative.contains("message's video is not included"));
    assert!(at("2026-03-01T21:17:05+00:00").fields.narrative.contains("message's sticker is not included"));
    assert!(at("2026-03-02T07:50:00+00:00").fields.narrative.contains("message's audio is not included"));
    assert!(at("2026-03-13T08:02:31+00:00").fields.narrative.contains("message's document is not included"));
    let deleted = &at("2026-03-01T21:18:00+00:00").fields.narrative;
    assert!(
        deleted.starts_with("Diese Nachricht wurde gelöscht.") && deleted.contains("a deleted message"),
        "{deleted}"
    );
    let place = &at("2026-03-02T07:52:10+00:00").fields.narrative;
    assert!(
        place.starts_with("Standort: https://maps.google.com/") && place.contains("WhatsApp wrote this line"),
        "{place}"
    );
    assert!(!list.iter().any(|e| e.fields.narrative.contains('\u{200e}')));
}

/// A US iPhone export: a poll and an album's header line (a sender with an empty body, the
/// name with a space) are messages, as is a missed call; the notice is not.
#[test]
fn whatsapp_iphone_polls_album_headers_and_missed_calls_are_messages() {
    let (_tv, list, report) = import_chat("whatsapp-ios-en-US-poll-album.txt", 6);
    assert_eq!(report.counts.media_missing, 2, "the album's two photos are not in a .txt export");
    assert_eq!(report.lines_not_taken, 1, "the encryption notice, and nothing else");
    let at = |s: &str| list.iter().find(|e| e.fields.occurred.start == t(s)).unwrap_or_else(|| panic!("{s}"));
    let poll = &at("2026-03-01T21:20:11+00:00").fields.narrative;
    assert!(
        poll.starts_with("POLL:\nWhere will you be tonight?\nOPTION: Home (0 votes)\nOPTION: Out (1 vote)"),
        "{poll}"
    );
    assert!(poll.contains("it records a poll"), "{poll}");
    at("2026-03-01T21:25:40+00:00");
    let call = &at("2026-03-13T00:02:31+00:00").fields.narrative;
    assert!(call.starts_with("Missed voice call") && call.contains("a missed voice call"), "{call}");
    assert!(!list.iter().any(|e| e.fields.narrative.contains("end-to-end")));
}

#[test]
fn whatsapp_iphone_12_hour_and_german_exports() {
    let (_tv, list, _) = import_chat("whatsapp-ios-en-US.txt", 2);
    assert_eq!(list[1].fields.occurred.start, t("2026-03-13T00:02:31+00:00"), "12 AM is midnight");
    let (_tv, list, _) = import_chat("whatsapp-ios-de-DE.txt", 2);
    assert_eq!(list[1].fields.occurred.start, t("2026-03-13T08:02:31+00:00"));
    assert_eq!(list[1].fields.narrative, "Ich weiß, wo du wohnst \u{1F620}");
}

#[test]
fn whatsapp_dates_that_read_both_ways_need_an_answer() {
    let mut tv = vault_with_case();
    let path = import_fixture("whatsapp-ambiguous-dates.txt");
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    let q = p.date_order_question.unwrap();
    assert_eq!(q.example, "03/04/2026");
    assert_eq!((q.day_first.to_string(), q.month_first.to_string()), ("2026-04-03".into(), "2026-03-04".into()));
    let head = tv.vault.head().unwrap();
    let err = tv.vault.import(&path, &options(), &mut |_, _| true).unwrap_err();
    assert!(matches!(err, ImportError::DateOrderNeeded { .. }), "{err}");
    assert_eq!(tv.vault.head().unwrap(), head);
    let answer = ImportSettings { date_order: Some(DateOrder::MonthFirst), ..utc_import_settings() };
    let answered_preview = preview(&path, &case(), &answer).unwrap();
    assert!(answered_preview.date_order_question.is_none());
    assert_eq!(answered_preview.first_at, Some(t("2026-03-04T10:00:00+00:00")));
    let answered = ImportOptions { settings: answer, ..ImportOptions::default() };
    let report = import(&mut tv.vault, &path, &answered);
    assert_eq!(report.counts.imported, 2);
    let list = entries(&tv.vault);
    assert!(list.iter().any(|e| e.fields.occurred.start == t("2026-03-04T10:00:00+00:00")));
}

#[test]
fn whatsapp_times_take_the_offset_the_caller_gives() {
    let mut tv = vault_with_case();
    let opts = ImportOptions {
        settings: ImportSettings { utc_offset: Some("+01:00".parse().unwrap()), ..utc_import_settings() },
        ..ImportOptions::default()
    };
    import(&mut tv.vault, &import_fixture("whatsapp-ios-en-GB.txt"), &opts);
    let list = entries(&tv.vault);
    assert!(list.iter().any(|e| e.fields.occurred.start == t("2026-03-01T21:14:03+01:00")));
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(16, 12, image::Rgb([40, 90, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
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

#[test]
fn whatsapp_zip_exports_attach_their_media_to_the_right_messages() {
    let dir = tempfile::tempdir().unwrap();
    let photo = jpeg();
    let android = dir.path().join("WhatsApp Chat with Jon Doe.zip");
    let text = std::fs::read(import_fixture("whatsapp-android-en-GB.txt")).unwrap();
    write_zip(&android, &[("WhatsApp Chat with Jon Doe.txt", &text), ("IMG-20260313-WA0001.jpg", &photo)]);
    let ios = dir.path().join("WhatsApp Chat - Jon Doe.zip");
    let text = std::fs::read(import_fixture("whatsapp-ios-en-GB.txt")).unwrap();
    write_zip(&ios, &[("_chat.txt", &text), ("00000012-PHOTO-2026-03-13-08-03-05.jpg", &photo)]);
    for (zip, at) in [(&android, "2026-03-13T08:02:00+00:00"), (&ios, "2026-03-13T08:03:05+00:00")] {
        let mut tv = vault_with_case();
        let p = preview(zip, &case(), &utc_import_settings()).unwrap();
        assert_eq!(p.format, casebook_core::import::ImportFormat::WhatsAppChat);
        let report = import(&mut tv.vault, zip, &options());
        assert_eq!((report.counts.media_attached, report.counts.media_missing), (1, 0));
        let list = entries(&tv.vault);
        let with_photo = list.iter().find(|e| e.fields.occurred.start == t(at)).unwrap();
        let history = tv.vault.entry(with_photo.id).unwrap();
        assert_eq!(history.attachments.len(), 1);
        assert_eq!(history.attachments[0].meta.media_type, "image/jpeg");
        assert_eq!(history.attachments[0].meta.sha256, sha256_hex(&photo));
        let mut stored = Vec::new();
        tv.vault.read_attachment(report.source_attachment_id.unwrap(), &mut stored).unwrap();
        assert_eq!(stored, std::fs::read(zip).unwrap(), "the zip itself is kept byte-exact");
        assert!(tv.vault.check().unwrap().is_ok());
    }
}

// --- Email ---

#[test]
fn mbox_from_gmail_takeout_with_an_attachment_and_an_html_only_message() {
    let mut tv = vault_with_case();
    let path = import_fixture("takeout-jon.mbox");
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    assert_eq!(p.total_items, 3);
    let jon = p.correspondents.iter().find(|c| c.person_id == Some(1)).unwrap();
    assert_eq!((jon.key.value.as_str(), jon.items), ("jon.doe@example.com", 2), "addresses compare without case");
    let report = import(&mut tv.vault, &path, &options());
    assert_eq!((report.counts.imported, report.counts.media_attached), (2, 1));
    let list = entries(&tv.vault);
    let first = titled(&list, "Email from Jon Doe: We need to talk");
    assert_eq!(first.fields.kind, EntryKind::Email);
    assert_eq!(first.fields.channel.as_deref(), Some("Email"));
    assert_eq!(first.fields.occurred.start, t("2026-03-01T21:14:00+00:00"));
    assert_eq!(
        first.fields.narrative,
        "You blocked my number so I'm writing here. I will keep writing until you answer. \u{1F620}\nFrom now on I will write every day."
    );
    let car = &tv.vault.entry(first.id).unwrap().attachments[0];
    assert_eq!((car.meta.original_name.as_str(), car.meta.media_type.as_str()), ("car.png", "image/png"));
    let html = titled(&list, "Email from Jon Doe: Don\u{2019}t ignore this");
    assert_eq!(html.fields.narrative, "I waited outside your work.\n>From here on I will be there every day.\nJon");
    assert!(!html.fields.narrative.contains("track") && !html.fields.narrative.contains("color"));
    // Importing the mailbox again adds nothing (Message-ID).
    assert_eq!(import(&mut tv.vault, &path, &options()).counts.imported, 0);
}

#[test]
fn a_single_eml_in_latin_1_with_a_cc() {
    let mut tv = vault_with_case();
    let path = import_fixture("jon-20260303.eml");
    let p = preview(&path, &case(), &utc_import_settings()).unwrap();
    assert_eq!(p.correspondents.len(), 3, "from, to and cc");
    let report = import(&mut tv.vault, &path, &options());
    assert_eq!(report.counts.imported, 1);
    let e = &entries(&tv.vault).into_iter().find(|e| e.fields.kind == EntryKind::Email).unwrap();
    assert_eq!(e.fields.title, "Email from Jon Doe: Your sister");
    assert_eq!(e.fields.narrative, "I saw you both at the café today.\nI will tell everyone what you did.");
    assert_eq!(e.fields.occurred.start, t("2026-03-03T23:45:10+00:00"));
    assert_eq!(e.fields.identifier.as_deref(), Some("jon.doe@example.com"));
}

#[test]
fn progress_reports_every_item_up_to_the_total() {
    let mut tv = vault_with_case();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xml");
    let mut xml = String::from("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1000\">\n");
    for i in 0..1000 {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"07700 900123\" date=\"{}\" type=\"1\" subject=\"null\" body=\"Message {i}\" read=\"1\" status=\"-1\" locked=\"0\" contact_name=\"Jon\" />\n",
            1_772_399_640_000i64 + i * 60_000
        ));
    }
    xml.push_str("</smses>\n");
    std::fs::write(&path, xml).unwrap();
    let mut seen = Vec::new();
    let report = tv
        .vault
        .import(&path, &options(), &mut |done, total| {
            seen.push((done, total));
            true
        })
        .unwrap();
    assert_eq!(report.counts.imported, 1000);
    assert_eq!(seen.first(), Some(&(0, 1000)));
    assert_eq!(seen.last(), Some(&(1000, 1000)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(seen.len() >= 4);
}
