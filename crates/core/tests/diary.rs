//! The diary as a person uses it: log, correct, withdraw, erase, search, see the pattern.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::ledger::Event;
use casebook_core::{
    CallDetails, CallDirection, CaseDetails, EntryFilter, EntryKind, Identifier, IdentifierKind, Person, VaultError,
};
use chrono::Duration;
use common::*;

fn case_with_one_person() -> CaseDetails {
    CaseDetails {
        victim_initials: "ab".into(),
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: Some("ex-partner".into()),
            description: None,
            identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "+44 7700 900123".into() }],
        }],
        order_terms: None,
        default_region: None,
    }
}

#[test]
fn recorded_at_comes_from_the_vault_clock_not_the_caller() {
    let mut tv = new_vault();
    tv.clock.set(utc("2026-03-02T07:30:00Z"));
    let id = tv.vault.add_entry(entry(EntryKind::Sighting, "Car outside", "2026-03-01T23:10:00+00:00")).unwrap();
    let s = &tv.vault.list_entries(&EntryFilter::default()).unwrap()[0];
    assert_eq!(s.id, id);
    assert_eq!(s.recorded_at, utc("2026-03-02T07:30:00Z"));
    assert_eq!(s.fields.occurred.start, t("2026-03-01T23:10:00+00:00"));
}

#[test]
fn timeline_is_in_the_order_things_happened_with_their_offsets() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "second", "2026-03-01T10:00:00+01:00")).unwrap(); // 09:00Z
    tv.vault.add_entry(entry(EntryKind::Call, "third", "2026-03-01T09:30:00+00:00")).unwrap();
    tv.vault.add_entry(entry(EntryKind::Call, "first", "2026-03-01T03:00:00-05:00")).unwrap(); // 08:00Z
    let titles: Vec<_> =
        tv.vault.list_entries(&EntryFilter::default()).unwrap().into_iter().map(|e| e.fields.title).collect();
    assert_eq!(titles, ["first", "second", "third"]);
}

#[test]
fn a_revision_keeps_every_earlier_version_with_its_reason_and_time() {
    let mut tv = new_vault();
    let mut fields = entry(EntryKind::Call, "Call from unknown number", "2026-03-01T20:00:00+00:00");
    fields.call = Some(CallDetails { direction: Some(CallDirection::Missed), duration_secs: None });
    let id = tv.vault.add_entry(fields.clone()).unwrap();
    tv.tick(30);
    fields.title = "Call from his new number".into();
    fields.identifier = Some("+447700900456".into());
    tv.vault.revise_entry(id, fields, "Found out whose number it was").unwrap();
    let h = tv.vault.entry(id).unwrap();
    assert_eq!(h.versions.len(), 2);
    assert_eq!(h.versions[0].fields.title, "Call from unknown number");
    assert_eq!(h.versions[1].revision, 2);
    assert_eq!(h.versions[1].reason.as_deref(), Some("Found out whose number it was"));
    assert_eq!(h.versions[1].recorded_at - h.versions[0].recorded_at, Duration::minutes(30));
    let s = &tv.vault.list_entries(&EntryFilter::default()).unwrap()[0];
    assert_eq!((s.revision, s.fields.title.as_str()), (2, "Call from his new number"));
    assert_eq!(s.recorded_at, h.versions[0].recorded_at, "the timeline keeps the original recorded time");
}

#[test]
fn one_entrys_summary_is_its_line_in_the_list() {
    let mut tv = new_vault();
    let mut fields = entry(EntryKind::Call, "Missed call", "2026-03-01T20:00:00+00:00");
    let revised = tv.vault.add_entry(fields.clone()).unwrap();
    tv.tick(5);
    fields.title = "Missed call from his number".into();
    tv.vault.revise_entry(revised, fields, "Knew the number").unwrap();
    let withdrawn =
        tv.vault.add_entry(entry(EntryKind::Sighting, "Outside work", "2026-03-02T08:00:00+00:00")).unwrap();
    tv.vault.retract_entry(withdrawn, "Not him after all").unwrap();
    let purged = tv.vault.add_entry(entry(EntryKind::Other, "Typed by mistake", "2026-03-03T08:00:00+00:00")).unwrap();
    tv.vault.purge_entry(purged, Some("mistake")).unwrap();

    let list = tv.vault.list_entries(&EntryFilter::default()).unwrap();
    for line in &list {
        assert_eq!(&tv.vault.entry_summary(line.id).unwrap(), line);
    }
    assert!(matches!(tv.vault.entry_summary(purged).unwrap_err(), VaultError::Purged(_)));
}

#[test]
fn edits_and_retractions_need_a_reason() {
    let mut tv = new_vault();
    let f = entry(EntryKind::Other, "x", "2026-03-01T20:00:00+00:00");
    let id = tv.vault.add_entry(f.clone()).unwrap();
    assert!(matches!(tv.vault.revise_entry(id, f, "  ").unwrap_err(), VaultError::InvalidInput(_)));
    assert!(matches!(tv.vault.retract_entry(id, "").unwrap_err(), VaultError::InvalidInput(_)));
}

#[test]
fn a_retracted_entry_stays_visible_and_marked_but_can_be_hidden() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Sighting, "Thought I saw him", "2026-03-01T12:00:00+00:00")).unwrap();
    tv.vault.retract_entry(id, "It was someone else").unwrap();
    let all = tv.vault.list_entries(&EntryFilter::default()).unwrap();
    assert_eq!(all[0].retracted.as_ref().unwrap().reason, "It was someone else");
    let hidden = tv.vault.list_entries(&EntryFilter { hide_retracted: true, ..Default::default() }).unwrap();
    assert!(hidden.is_empty());
    let again = tv.vault.retract_entry(id, "twice").unwrap_err();
    assert!(matches!(again, VaultError::InvalidInput(_)));
    let edit = tv.vault.revise_entry(id, entry(EntryKind::Sighting, "y", "2026-03-01T12:00:00+00:00"), "r");
    assert!(edit.is_err());
}

#[test]
fn a_purge_erases_content_and_attachments_but_the_chain_still_verifies() {
    let mut tv = new_vault();
    let keep = tv.vault.add_entry(entry(EntryKind::Call, "keep me", "2026-03-01T10:00:00+00:00")).unwrap();
    let mut f = entry(EntryKind::Other, "PURGE-MARKER-title", "2026-03-01T11:00:00+00:00");
    f.narrative = "PURGE-MARKER-narrative".into();
    let gone = tv.vault.add_entry(f.clone()).unwrap();
    tv.vault.revise_entry(gone, f, "PURGE-MARKER-reason").unwrap();
    tv.vault.attach(gone, &mut &b"PURGE-MARKER-attachment"[..], "note.txt", "manual").unwrap();
    let links_before = tv.vault.info().unwrap().records;
    tv.vault.purge_entry(gone, Some("Wrong diary")).unwrap();

    let h = tv.vault.entry(gone).unwrap();
    assert!(h.versions.is_empty() && h.attachments.is_empty());
    let purge = h.purge.unwrap();
    assert_eq!(purge.purged_seqs.len(), 3);
    assert_eq!(tv.vault.info().unwrap().records, links_before + 1, "links are kept, one record added");
    let report = tv.vault.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.purged_records, 3);
    assert_eq!(tv.vault.list_entries(&EntryFilter::default()).unwrap().len(), 1);
    assert!(tv.vault.entry(keep).is_ok());
    assert!(matches!(tv.vault.purge_entry(gone, None).unwrap_err(), VaultError::Purged(_)));
    // The sealed bodies are gone from the ledger rows themselves.
    let c = rusqlite::Connection::open(&tv.path).unwrap();
    let nulls: i64 = c.query_row("SELECT count(*) FROM ledger WHERE sealed IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(nulls, 3);
    let chunks: i64 = c.query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0)).unwrap();
    assert_eq!(chunks, 0);
}

#[test]
fn filters_by_time_kind_person_text_and_tag() {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_one_person()).unwrap();
    let mut a = entry(EntryKind::Call, "Missed call", "2026-02-01T10:00:00+00:00");
    a.person_id = Some(1);
    a.tags = vec!["night".into()];
    let mut b = entry(EntryKind::TextMessage, "Text: 'I know where you live'", "2026-02-10T10:00:00+00:00");
    b.person_id = Some(1);
    b.narrative = "Sent from the NEW number".into();
    let c = entry(EntryKind::Sighting, "Grey Ford Focus outside", "2026-03-01T10:00:00+00:00");
    let ids = [a, b, c].map(|f| tv.vault.add_entry(f).unwrap());
    let find = |f: EntryFilter| -> Vec<i64> { tv.vault.list_entries(&f).unwrap().into_iter().map(|e| e.id).collect() };
    assert_eq!(find(EntryFilter { kinds: vec![EntryKind::Sighting], ..Default::default() }), [ids[2]]);
    assert_eq!(find(EntryFilter { person_id: Some(1), ..Default::default() }), [ids[0], ids[1]]);
    assert_eq!(find(EntryFilter { text: Some("new NUMBER".into()), ..Default::default() }), [ids[1]]);
    assert_eq!(find(EntryFilter { tags: vec!["Night".into()], ..Default::default() }), [ids[0]]);
    let feb = EntryFilter {
        from: Some(t("2026-02-05T00:00:00+00:00")),
        to: Some(t("2026-03-01T00:00:00+00:00")),
        ..Default::default()
    };
    assert_eq!(find(feb), [ids[1]]);
}

#[test]
fn an_entry_cannot_point_to_a_person_not_in_the_case() {
    let mut tv = new_vault();
    let mut f = entry(EntryKind::Call, "x", "2026-03-01T10:00:00+00:00");
    f.person_id = Some(9);
    assert!(matches!(tv.vault.add_entry(f).unwrap_err(), VaultError::InvalidInput(_)));
}

#[test]
fn case_details_are_kept_and_every_change_is_recorded() {
    let mut tv = new_vault();
    assert_eq!(tv.vault.case().unwrap(), CaseDetails::default());
    tv.vault.set_case(case_with_one_person()).unwrap();
    let mut case = tv.vault.case().unwrap();
    assert_eq!(case.victim_initials, "AB");
    case.order_terms = Some("Must not contact the applicant directly or indirectly".into());
    tv.vault.set_case(case).unwrap();
    let tv = tv.reopen();
    assert!(tv.vault.case().unwrap().order_terms.unwrap().contains("directly"));
    let bad = CaseDetails { victim_initials: "A1".into(), ..Default::default() };
    let mut tv = tv;
    assert!(matches!(tv.vault.set_case(bad).unwrap_err(), VaultError::InvalidInput(_)));
}

/// Two writers (the app and the CLI) each add a person at once. Each reads the case inside its
/// own write transaction, so the second sees the first's person; read outside the lock (as the
/// CLI's `add_person` did: read, change, then `set_case`), the second overwrote the first.
#[test]
fn two_writers_updating_case_details_at_once_lose_nothing() {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_one_person()).unwrap();
    let mut other = unlock(&tv.path, PASSPHRASE, &tv.clock).unwrap();
    let (inside_tx, inside_rx) = std::sync::mpsc::channel();
    let second = std::thread::spawn(move || {
        // Starts once the first writer is inside its transaction, holding the write lock.
        inside_rx.recv().unwrap();
        other
            .update_case(|case| {
                let id = case.next_person_id();
                case.persons.push(Person { id, name: "Second".into(), ..case.persons[0].clone() });
                Ok(())
            })
            .unwrap();
    });
    tv.vault
        .update_case(|case| {
            inside_tx.send(()).unwrap();
            // Give the second writer every chance to read before this one commits; it must wait.
            std::thread::sleep(std::time::Duration::from_millis(300));
            let id = case.next_person_id();
            case.persons.push(Person { id, name: "First".into(), ..case.persons[0].clone() });
            Ok(())
        })
        .unwrap();
    second.join().unwrap();
    let names: Vec<String> = tv.vault.case().unwrap().persons.into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Jon Doe", "First", "Second"]);
    let ids: Vec<u32> = tv.vault.case().unwrap().persons.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn update_case_writes_nothing_when_nothing_changed_and_nothing_on_error() {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_one_person()).unwrap();
    let records = tv.vault.info().unwrap().records;
    tv.vault.update_case(|_| Ok(())).unwrap();
    let refused = tv.vault.update_case(|case| {
        case.persons.clear();
        Err::<(), _>(VaultError::InvalidInput("no".into()))
    });
    assert!(refused.is_err());
    let invalid = tv.vault.update_case(|case| {
        case.default_region = Some("XX".into());
        Ok(())
    });
    assert!(matches!(invalid.unwrap_err(), VaultError::InvalidInput(_)));
    assert_eq!(tv.vault.info().unwrap().records, records);
    assert_eq!(tv.vault.case().unwrap(), case_with_one_person().validate().unwrap());
}

/// A withheld caller never links to a person, even one given "Unknown" as a number.
#[test]
fn a_withheld_marker_is_never_added_to_a_person() {
    let mut tv = new_vault();
    tv.vault.set_case(case_with_one_person()).unwrap();
    let marker = |v: &str| Identifier { kind: IdentifierKind::Phone, value: v.into() };
    assert_eq!(
        tv.vault.add_identifiers(1, &[marker("Unknown"), marker("No caller ID"), marker("Private")]).unwrap(),
        0
    );
    assert_eq!(tv.vault.add_identifiers(1, &[marker("07700 900123")]).unwrap(), 0, "the same as +44 7700 900123");
    assert_eq!(tv.vault.case().unwrap().persons[0].identifiers.len(), 1);
}

#[test]
fn bad_entries_get_clear_messages_and_nothing_is_stored() {
    let mut tv = new_vault();
    let records = tv.vault.info().unwrap().records;
    let blank = entry(EntryKind::Call, "   ", "2026-03-01T10:00:00+00:00");
    assert!(tv.vault.add_entry(blank).unwrap_err().to_string().contains("title"));
    let mut backwards = entry(EntryKind::Following, "Followed home", "2026-03-01T10:00:00+00:00");
    backwards.occurred.end = Some(t("2026-03-01T09:00:00+00:00"));
    assert!(tv.vault.add_entry(backwards).unwrap_err().to_string().contains("end time"));
    let mut huge = entry(EntryKind::Other, "paste", "2026-03-01T10:00:00+00:00");
    huge.narrative = "x".repeat(casebook_core::MAX_TEXT_BYTES + 1);
    assert!(matches!(tv.vault.add_entry(huge).unwrap_err(), VaultError::TooLarge { .. }));
    assert!(matches!(tv.vault.entry(42).unwrap_err(), VaultError::UnknownEntry(42)));
    assert_eq!(tv.vault.info().unwrap().records, records);
}

#[test]
fn a_clock_that_went_backwards_is_flagged_on_the_record_and_by_check() {
    let mut tv = new_vault();
    let a = tv.vault.add_entry(entry(EntryKind::Call, "a", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.clock.advance(Duration::hours(-3));
    let b = tv.vault.add_entry(entry(EntryKind::Call, "b", "2026-03-01T10:05:00+00:00")).unwrap();
    assert!(!tv.vault.entry(a).unwrap().versions[0].clock_went_backwards);
    let vb = &tv.vault.entry(b).unwrap().versions[0];
    assert!(vb.clock_went_backwards);
    let report = tv.vault.check().unwrap();
    assert!(report.is_ok());
    assert_eq!(report.clock_went_backwards, vec![vb.seq]);
}

#[test]
fn signed_checkpoints_verify_and_a_forged_one_is_named() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "a", "2026-03-01T10:00:00+00:00")).unwrap();
    let seq = tv.vault.checkpoint().unwrap();
    let report = tv.vault.check().unwrap();
    assert_eq!((report.checkpoints_verified, report.is_ok()), (1, true));
    assert_eq!(tv.vault.info().unwrap().records, seq);
}

#[test]
fn many_entries_in_one_transaction() {
    let mut tv = new_vault();
    let batch: Vec<_> =
        (0..500).map(|i| entry(EntryKind::TextMessage, &format!("message {i}"), "2026-03-01T10:00:00+00:00")).collect();
    let ids = tv.vault.add_entries(batch).unwrap();
    assert_eq!(ids.len(), 500);
    assert_eq!(ids[499] - ids[0], 499);
    let mut bad = vec![entry(EntryKind::Call, "ok", "2026-03-01T10:00:00+00:00")];
    bad.push(entry(EntryKind::Call, "", "2026-03-01T10:00:00+00:00"));
    assert!(tv.vault.add_entries(bad).is_err());
    assert_eq!(tv.vault.list_entries(&EntryFilter::default()).unwrap().len(), 500, "all or nothing");
}

#[test]
fn weekly_counts_show_the_pattern_including_quiet_weeks() {
    let mut tv = new_vault();
    for at in ["2026-02-02T10:00:00+00:00", "2026-02-04T10:00:00+00:00", "2026-02-23T23:30:00+00:00"] {
        let mut f = entry(EntryKind::Call, "call", at);
        f.channel = Some("phone".into());
        tv.vault.add_entry(f).unwrap();
    }
    let s = tv.vault.add_entry(entry(EntryKind::Sighting, "seen", "2026-02-25T10:00:00+00:00")).unwrap();
    let r = tv.vault.add_entry(entry(EntryKind::Sighting, "retracted", "2026-02-25T10:00:00+00:00")).unwrap();
    tv.vault.retract_entry(r, "not him").unwrap();
    let _ = s;
    let weeks = tv.vault.weekly_counts(&EntryFilter::default()).unwrap();
    let starts: Vec<String> = weeks.iter().map(|w| w.week_start.to_string()).collect();
    assert_eq!(starts, ["2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"]);
    let totals: Vec<u32> = weeks.iter().map(|w| w.total).collect();
    assert_eq!(totals, [2, 0, 0, 2]);
    assert_eq!(weeks[3].by_kind.get("sighting"), Some(&1));
    assert_eq!(weeks[0].by_channel.get("phone"), Some(&2));
}

#[test]
fn every_change_is_a_ledger_record_with_the_exact_committed_bytes() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "a", "2026-03-01T10:00:00+00:00")).unwrap();
    tv.vault.retract_entry(id, "why").unwrap();
    let h = tv.vault.entry(id).unwrap();
    assert_eq!(h.versions[0].seq, 2);
    assert_eq!(h.retraction.unwrap().seq, 3);
    let _ = Event::PassphraseChanged;
}

/// The list keeps what it decoded (a 10,000-entry diary is read three times each time it opens):
/// a correction, a withdrawal and an erasure made after a first reading must all show on the next.
#[test]
fn changes_after_a_first_reading_show_on_the_next() {
    let mut tv = new_vault();
    let a = tv.vault.add_entry(entry(EntryKind::Call, "First words", "2026-03-01T10:00:00+00:00")).unwrap();
    let b = tv.vault.add_entry(entry(EntryKind::Call, "To withdraw", "2026-03-01T11:00:00+00:00")).unwrap();
    let c = tv.vault.add_entry(entry(EntryKind::Call, "To erase", "2026-03-01T12:00:00+00:00")).unwrap();
    let first = tv.vault.list_entries(&EntryFilter::default()).unwrap();
    assert_eq!(first.len(), 3);

    tv.vault.revise_entry(a, entry(EntryKind::Call, "Corrected words", "2026-03-01T10:05:00+00:00"), "typo").unwrap();
    tv.vault.retract_entry(b, "wrong person").unwrap();
    tv.vault.purge_entry(c, None).unwrap();

    let next = tv.vault.list_entries(&EntryFilter::default()).unwrap();
    assert_eq!(next.len(), 2);
    assert_eq!(next[0].id, a);
    assert_eq!(next[0].fields.title, "Corrected words");
    assert_eq!(next[0].revision, 2);
    assert!(next[0].revised_at.is_some());
    assert_eq!(next[1].id, b);
    assert!(next[1].retracted.is_some());
    // The same reading with a text search (which opens every record) agrees.
    let searched =
        tv.vault.list_entries(&EntryFilter { text: Some("words".into()), ..EntryFilter::default() }).unwrap();
    assert_eq!(searched.iter().map(|e| e.id).collect::<Vec<_>>(), [a]);
}
