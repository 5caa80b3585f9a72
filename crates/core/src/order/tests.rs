//! A record naming an order of another vault: written straight into the ledger (what only a
//! forger or a bug could do, since every front end names orders by number), it is refused by
//! every reader and named by `check`.

use chrono::NaiveDate;

use super::{OrderInput, OrderKind, OrderRef, TermInput, TermPreset};
use crate::ledger::Event;
use crate::{EntryFields, EntryKind, KdfPolicy, ManualClock, Vault, VaultError};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn spo() -> OrderInput {
    OrderInput {
        kind: OrderKind::InterimSpo,
        court: "Anytown Magistrates' Court".into(),
        made_on: day("2026-02-01"),
        served_on: Some(day("2026-02-03")),
        expires_on: None,
        reference: None,
        terms: vec![TermInput::preset(TermPreset::NoContact, None)],
    }
}

fn vault(dir: &tempfile::TempDir, name: &str) -> Vault {
    let clock = Box::new(ManualClock::new("2026-03-01T21:00:00Z".parse().unwrap()));
    Vault::create(&dir.path().join(name), "pw".into(), KdfPolicy::InsecureTestOnly, clock).unwrap().0
}

#[test]
fn a_variation_naming_an_order_of_another_vault_is_refused_and_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = vault(&dir, "a.casebook");
    let mut b = vault(&dir, "b.casebook");
    // The same history in both: an entry, then order 1 at the same seq.
    for v in [&mut a, &mut b] {
        v.add_entry(EntryFields::new(EntryKind::Call, "a call", "2026-02-10T10:00:00+00:00".parse().unwrap())).unwrap();
        assert_eq!(v.add_order(spo()).unwrap(), 1);
    }
    let a_ref = a.order(1).unwrap().reference;
    let b_ref = b.order(1).unwrap().reference;
    assert_eq!((a_ref.order_id, a_ref.seq), (b_ref.order_id, b_ref.seq));
    assert_ne!(a_ref.link, b_ref.link, "each vault's chain is its own");

    // B gets a record that names A's order 1.
    let details = a.order(1).unwrap().current().clone();
    let foreign =
        Event::OrderVaried { of: a_ref, varied_on: day("2026-02-05"), reason: "varied".into(), order: details };
    let seq = b.write(|tx, v| Ok(v.append(tx, foreign)?.seq)).unwrap();
    assert!(
        matches!(b.orders(), Err(VaultError::Corrupt { seq: Some(s), .. }) if s == seq),
        "the orders are not read past a record that names another vault's order"
    );
    assert!(matches!(b.serve_order(1, day("2026-02-05")), Err(VaultError::Corrupt { .. })));
    let report = b.check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(seq), "{:?}", report.problems);
    assert!(report.problems.iter().any(|p| p.detail.contains("not an order of this vault")));
}

#[test]
fn a_record_naming_an_order_that_was_never_made_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = vault(&dir, "b.casebook");
    let made_up = OrderRef { order_id: 1, seq: 1, link: "00".repeat(32) };
    let seq = b
        .write(|tx, v| {
            Ok(v.append(
                tx,
                Event::OrderDischarged { of: made_up, discharged_on: day("2026-02-05"), reason: "x".into() },
            )?
            .seq)
        })
        .unwrap();
    assert_eq!(b.check().unwrap().first_broken_seq(), Some(seq));
    let unserved = OrderInput { served_on: None, ..spo() };
    assert!(matches!(b.vary_order(1, day("2026-02-06"), "r", unserved), Err(VaultError::Corrupt { .. })));
}
