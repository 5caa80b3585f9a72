//! Orders and breaches (`casebook_core::order`): recorded as sealed ledger records, read back
//! with their history, refused when they do not make sense, and caught by `check` when the
//! file is changed.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use casebook_core::order::ServiceStatus;
use casebook_core::{BreachInput, EntryKind, OrderInput, OrderKind, TermInput, TermPreset, VaultError};
use chrono::NaiveDate;
use common::*;
use rusqlite::{Connection, params};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const COURT: &str = "Anytown Magistrates' Court";
const ZONE: &str = "Acacia Avenue between Elm Road and the station";
const REFERENCE: &str = "SPO/2026/00417";

/// An interim SPO made on 1 February 2026 with three terms; not yet served.
fn interim_spo() -> OrderInput {
    OrderInput {
        kind: OrderKind::InterimSpo,
        court: COURT.into(),
        made_on: day("2026-02-01"),
        served_on: None,
        expires_on: Some(day("2026-08-01")),
        reference: Some(REFERENCE.into()),
        terms: vec![
            TermInput::preset(TermPreset::NoContact, None),
            TermInput::preset(TermPreset::ExclusionZone, Some(ZONE)),
            TermInput::free("Not to publish anything about the protected person's children"),
        ],
    }
}

fn breach(entry_id: i64, term_ids: &[u32]) -> BreachInput {
    BreachInput { entry_id, order_id: 1, term_ids: term_ids.to_vec(), reported: false, police_reference: None }
}

fn refused(result: casebook_core::Result<impl std::fmt::Debug>, words: &str) {
    match result {
        Err(VaultError::InvalidInput(m)) => assert!(m.contains(words), "{m}"),
        other => panic!("expected a refusal mentioning {words:?}, got {other:?}"),
    }
}

#[test]
fn an_order_its_service_variation_and_discharge_read_back_after_reopening() {
    let mut tv = new_vault();
    assert_eq!(tv.vault.add_order(interim_spo()).unwrap(), 1);
    tv.vault.serve_order(1, day("2026-02-03")).unwrap();
    // Varied on 20 February: the children term removed, no contact kept, one added.
    let mut varied = interim_spo();
    varied.terms = vec![
        TermInput { id: Some(1), preset: None, text: None },
        TermInput { id: Some(2), preset: None, text: None },
        TermInput::preset(TermPreset::KeepAway, Some("100 metres of 12 Acacia Avenue")),
    ];
    tv.vault.vary_order(1, day("2026-02-20"), "hearing on 20 February", varied).unwrap();
    // The full order replaces the interim one: a second order.
    let mut full = interim_spo();
    full.kind = OrderKind::FullSpo;
    full.made_on = day("2026-02-25");
    full.served_on = Some(day("2026-02-25"));
    assert_eq!(tv.vault.add_order(full).unwrap(), 2);
    tv.vault.discharge_order(1, day("2026-02-25"), "replaced by the full order").unwrap();

    let tv = tv.reopen();
    let orders = tv.vault.orders().unwrap();
    assert_eq!(orders.len(), 2);
    let first = &orders[0];
    assert_eq!(first.served_on(), Some(day("2026-02-03")));
    assert_eq!(first.versions.len(), 2);
    let ids = |v: &casebook_core::order::OrderVersion| v.details.terms.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(&first.versions[0]), [1, 2, 3]);
    assert_eq!(ids(&first.versions[1]), [1, 2, 4], "a removed term's number is not reused");
    assert_eq!(first.versions[0].details.terms[1].text, format!("Not to enter the exclusion zone: {ZONE}"));
    assert!(first.in_force_on(day("2026-02-10")).is_some_and(|v| v.from == day("2026-02-01")));
    assert!(first.in_force_on(day("2026-02-21")).is_some_and(|v| v.from == day("2026-02-20")));
    assert!(first.in_force_on(day("2026-02-25")).is_none(), "discharged that day");
    assert_eq!(first.discharged.as_ref().map(|d| d.on), Some(day("2026-02-25")));
    assert_eq!(orders[1].current().kind, OrderKind::FullSpo);
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn dates_that_cannot_be_are_refused_and_nothing_is_written() {
    let mut tv = new_vault();
    let mut o = interim_spo();
    o.served_on = Some(day("2026-01-30"));
    refused(tv.vault.add_order(o), "served (2026-01-30) before it was made");
    let mut o = interim_spo();
    o.expires_on = Some(day("2026-01-01"));
    refused(tv.vault.add_order(o), "end (2026-01-01) before it was made");
    let mut o = interim_spo();
    o.made_on = day("2026-04-01");
    refused(tv.vault.add_order(o), "in the future");
    let mut o = interim_spo();
    o.court = "  ".into();
    refused(tv.vault.add_order(o), "court");
    let mut o = interim_spo();
    o.terms.clear();
    refused(tv.vault.add_order(o), "at least one term");
    let mut o = interim_spo();
    o.terms = vec![TermInput::preset(TermPreset::ExclusionZone, None)];
    refused(tv.vault.add_order(o), "zone described");
    assert!(tv.vault.orders().unwrap().is_empty());

    // An order that has already ended can be recorded (breaches during it still count).
    let mut ended = interim_spo();
    ended.expires_on = Some(day("2026-02-10"));
    tv.vault.add_order(ended).unwrap();
    refused(tv.vault.serve_order(1, day("2026-01-20")), "before it was made");
    tv.vault.serve_order(1, day("2026-02-02")).unwrap();
    refused(tv.vault.serve_order(1, day("2026-02-04")), "already recorded as served");
    let mut other_kind = interim_spo();
    other_kind.kind = OrderKind::Restraining;
    refused(tv.vault.vary_order(1, day("2026-02-05"), "r", other_kind), "new order");
    refused(tv.vault.vary_order(1, day("2026-02-05"), "  ", interim_spo()), "reason");
    tv.vault.discharge_order(1, day("2026-02-06"), "the court ended it").unwrap();
    refused(tv.vault.vary_order(1, day("2026-02-07"), "r", interim_spo()), "discharged");
    refused(tv.vault.discharge_order(1, day("2026-02-07"), "again"), "already discharged");
    assert!(matches!(tv.vault.serve_order(7, day("2026-02-07")), Err(VaultError::UnknownOrder(7))));
}

#[test]
fn nothing_of_an_order_or_a_breach_is_readable_in_the_vault_file() {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Sighting, "seen outside", "2026-02-10T08:00:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    tv.vault
        .mark_breach(BreachInput { police_reference: Some("CAD-4471-0210".into()), reported: true, ..breach(id, &[2]) })
        .unwrap();
    let path = tv.path.clone();
    let bytes = all_vault_bytes(&path);
    for secret in
        [COURT, ZONE, REFERENCE, "CAD-4471-0210", "exclusion zone", "order_made", "breach_marked", "interim_spo"]
    {
        assert!(!contains(&bytes, secret.as_bytes()), "{secret:?} is readable in the vault file");
    }
    drop(tv);
}

/// Locks, runs `sql` against the file, reopens and checks.
fn tampered(tv: TestVault, sql: impl FnOnce(&Connection)) -> casebook_core::CheckReport {
    let TestVault { dir, path, clock, vault, .. } = tv;
    vault.lock();
    let c = Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    sql(&c);
    drop(c);
    let report = unlock(&path, PASSPHRASE, &clock).unwrap().check().unwrap();
    drop(dir);
    report
}

/// An entry (seq 2), the order (3), its service (4), a breach (5), another entry (6).
fn with_order() -> TestVault {
    let mut tv = new_vault();
    let id = tv.vault.add_entry(entry(EntryKind::Call, "a call", "2026-02-10T08:00:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    tv.vault.serve_order(1, day("2026-02-03")).unwrap();
    tv.vault.mark_breach(breach(id, &[1])).unwrap();
    tv.vault.add_entry(entry(EntryKind::Call, "another call", "2026-02-11T08:00:00+00:00")).unwrap();
    assert!(tv.vault.check().unwrap().is_ok());
    tv
}

#[test]
fn a_changed_order_record_is_named_by_check() {
    let report = tampered(with_order(), |c| {
        let mut sealed: Vec<u8> = c.query_row("SELECT sealed FROM ledger WHERE seq = 3", [], |r| r.get(0)).unwrap();
        sealed[60] ^= 1;
        c.execute("UPDATE ledger SET sealed = ?1 WHERE seq = 3", params![sealed]).unwrap();
    });
    assert_eq!(report.first_broken_seq(), Some(3), "{:?}", report.problems);
}

#[test]
fn an_order_record_moved_to_the_place_of_its_service_is_named_by_check() {
    // The sealed order put where its service was: it does not open there (bound to its seq).
    let report = tampered(with_order(), |c| {
        c.execute("UPDATE ledger SET sealed = (SELECT sealed FROM ledger WHERE seq = 3) WHERE seq = 4", []).unwrap();
    });
    assert_eq!(report.first_broken_seq(), Some(4), "{:?}", report.problems);
}

#[test]
fn a_deleted_order_record_is_named_by_check() {
    let report = tampered(with_order(), |c| {
        c.execute("DELETE FROM ledger WHERE seq = 3", []).unwrap();
    });
    assert_eq!(report.first_broken_seq(), Some(3), "{:?}", report.problems);
}

#[test]
fn a_deleted_last_order_record_is_caught() {
    let mut tv = with_order();
    tv.vault.discharge_order(1, day("2026-02-20"), "ended").unwrap();
    let report = tampered(tv, |c| {
        c.execute("DELETE FROM ledger WHERE seq = 7", []).unwrap();
    });
    assert!(!report.is_ok(), "removing the newest record (the discharge) is seen");
}

#[test]
fn a_breach_is_refused_outside_the_orders_period_or_for_a_term_it_did_not_have() {
    let mut tv = new_vault();
    let before = tv.vault.add_entry(entry(EntryKind::Call, "before", "2026-01-20T08:00:00+00:00")).unwrap();
    let after_end = tv.vault.add_entry(entry(EntryKind::Call, "after", "2026-02-25T08:00:00+00:00")).unwrap();
    let during = tv.vault.add_entry(entry(EntryKind::Call, "during", "2026-02-05T08:00:00+00:00")).unwrap();
    let mut o = interim_spo();
    o.expires_on = Some(day("2026-02-20"));
    tv.vault.add_order(o).unwrap();
    refused(tv.vault.mark_breach(breach(before, &[1])), "was made on 2026-02-01, after 2026-01-20");
    refused(tv.vault.mark_breach(breach(after_end, &[1])), "ended on 2026-02-20");
    refused(tv.vault.mark_breach(breach(during, &[9])), "no term 9");
    refused(tv.vault.mark_breach(breach(during, &[])), "at least one term");
    assert!(matches!(tv.vault.mark_breach(breach(404, &[1])), Err(VaultError::UnknownEntry(404))));
    assert!(matches!(
        tv.vault.mark_breach(BreachInput { order_id: 2, ..breach(during, &[1]) }),
        Err(VaultError::UnknownOrder(2))
    ));
    tv.vault.retract_entry(before, "wrong person").unwrap();
    refused(tv.vault.mark_breach(breach(before, &[1])), "retracted");
    assert!(tv.vault.breaches().unwrap().is_empty());
}

#[test]
fn breaches_say_whether_they_came_before_service_and_keep_a_term_later_varied() {
    let mut tv = new_vault();
    let e1 = tv.vault.add_entry(entry(EntryKind::Call, "call", "2026-02-02T20:00:00+00:00")).unwrap();
    let e2 = tv.vault.add_entry(entry(EntryKind::Sighting, "seen", "2026-02-03T09:00:00+00:00")).unwrap();
    let e3 = tv.vault.add_entry(entry(EntryKind::TextMessage, "text", "2026-02-10T23:30:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    // Not served yet.
    let v = tv.vault.mark_breach(breach(e1, &[1])).unwrap();
    assert_eq!(v.service, ServiceStatus::NotServed);
    tv.vault.serve_order(1, day("2026-02-03")).unwrap();
    tv.vault.mark_breach(breach(e2, &[2])).unwrap();
    tv.vault
        .mark_breach(BreachInput { reported: true, police_reference: Some(" CAD 1 ".into()), ..breach(e3, &[3, 1, 3]) })
        .unwrap();
    // Term 3 removed from 15 February.
    let mut varied = interim_spo();
    varied.terms =
        vec![TermInput { id: Some(1), preset: None, text: None }, TermInput { id: Some(2), preset: None, text: None }];
    tv.vault.vary_order(1, day("2026-02-15"), "hearing", varied).unwrap();

    let tv = tv.reopen();
    let all = tv.vault.breaches().unwrap();
    let got: Vec<_> = all.iter().map(|b| (b.breach.entry_id, b.service, b.breach.term_ids.clone())).collect();
    assert_eq!(
        got,
        [
            (e1, ServiceStatus::BeforeService, vec![1]),
            (e2, ServiceStatus::DayOfService, vec![2]),
            (e3, ServiceStatus::AfterService, vec![1, 3]),
        ]
    );
    assert_eq!(all[0].service.flag(), "before the order was served");
    let e3_terms = &all[2].terms;
    assert!(e3_terms[1].text.contains("children") && e3_terms[1].later_varied, "{e3_terms:?}");
    assert!(!e3_terms[0].later_varied);
    assert_eq!((all[2].breach.reported, all[2].breach.police_reference.as_deref()), (true, Some("CAD 1")));
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn a_later_mark_replaces_the_earlier_and_an_unmark_withdraws_it() {
    let mut tv = new_vault();
    let e = tv.vault.add_entry(entry(EntryKind::Call, "call", "2026-02-05T20:00:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    tv.vault.mark_breach(breach(e, &[1])).unwrap();
    tv.vault
        .mark_breach(BreachInput { reported: true, police_reference: Some("CAD 9".into()), ..breach(e, &[1, 2]) })
        .unwrap();
    let all = tv.vault.breaches().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].breach.term_ids.clone(), all[0].breach.reported), (vec![1, 2], true));
    tv.vault.unmark_breach(e, 1).unwrap();
    assert!(tv.vault.breaches().unwrap().is_empty());
    refused(tv.vault.unmark_breach(e, 1), "not marked");
    // The marks are the entry's own records: its history is otherwise unchanged.
    assert_eq!(tv.vault.entry(e).unwrap().versions.len(), 1);
    assert!(tv.vault.check().unwrap().is_ok());
}

#[test]
fn a_purged_entry_takes_its_breach_with_it() {
    let mut tv = new_vault();
    let e = tv.vault.add_entry(entry(EntryKind::Call, "call", "2026-02-05T20:00:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    let seq = tv.vault.mark_breach(breach(e, &[1])).unwrap().breach.seq;
    tv.vault.purge_entry(e, Some("mistake")).unwrap();
    assert!(tv.vault.breaches().unwrap().is_empty());
    assert!(tv.vault.check().unwrap().is_ok());
    let path = tv.path.clone();
    tv.vault.lock();
    let c = Connection::open(&path).unwrap();
    let blank: bool = c.query_row("SELECT sealed IS NULL FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    assert!(blank, "the breach record's body and salt were erased with the entry");
}

#[test]
fn suggestions_come_from_the_entrys_kind_among_orders_in_force() {
    let mut tv = new_vault();
    let call = tv.vault.add_entry(entry(EntryKind::Call, "call", "2026-02-05T20:00:00+00:00")).unwrap();
    let seen = tv.vault.add_entry(entry(EntryKind::Sighting, "seen", "2026-02-05T21:00:00+00:00")).unwrap();
    let early = tv.vault.add_entry(entry(EntryKind::Call, "early", "2026-01-05T21:00:00+00:00")).unwrap();
    let note = tv.vault.add_entry(entry(EntryKind::Other, "note", "2026-02-05T21:00:00+00:00")).unwrap();
    tv.vault.add_order(interim_spo()).unwrap();
    let terms =
        |id| tv.vault.breach_suggestions(id).unwrap().iter().map(|s| (s.order_id, s.term_id)).collect::<Vec<_>>();
    assert_eq!(terms(call), [(1, 1)]);
    assert_eq!(terms(seen), [(1, 2), (1, 1)]);
    assert!(terms(early).is_empty(), "no order in force then");
    assert!(terms(note).is_empty());
}
