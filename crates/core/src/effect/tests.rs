//! Records no front end writes, put straight into the ledger (what only a forger or a bug
//! could do): a withdrawal naming another vault's effect, an effect number out of sequence.
//! Every reader refuses them and `check` names them.

use chrono::NaiveDate;

use super::{EffectDetails, EffectKind, EffectRef};
use crate::ledger::Event;
use crate::{KdfPolicy, ManualClock, Vault, VaultError};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn moved() -> EffectDetails {
    EffectDetails {
        kind: EffectKind::MovedHome,
        from: day("2026-02-01"),
        until: None,
        description: "Moved to my sister's".into(),
    }
}

fn vault(dir: &tempfile::TempDir, name: &str) -> Vault {
    let clock = Box::new(ManualClock::new("2026-03-01T21:00:00Z".parse().unwrap()));
    Vault::create(&dir.path().join(name), "pw".into(), KdfPolicy::InsecureTestOnly, clock).unwrap().0
}

#[test]
fn a_withdrawal_naming_an_effect_of_another_vault_is_refused_and_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = vault(&dir, "a.casebook");
    let mut b = vault(&dir, "b.casebook");
    for v in [&mut a, &mut b] {
        assert_eq!(v.note_effect(moved()).unwrap(), 1);
    }
    let a_ref = a.effects().unwrap()[0].reference.clone();
    let b_ref = b.effects().unwrap()[0].reference.clone();
    assert_eq!((a_ref.effect_id, a_ref.seq), (b_ref.effect_id, b_ref.seq));
    assert_ne!(a_ref.link, b_ref.link, "each vault's chain is its own");

    let seq = b.write(|tx, v| Ok(v.append(tx, Event::EffectWithdrawn { of: a_ref, reason: "x".into() })?.seq)).unwrap();
    assert!(matches!(b.effects(), Err(VaultError::Corrupt { seq: Some(s), .. }) if s == seq));
    assert!(matches!(b.withdraw_effect(1, "mistake"), Err(VaultError::Corrupt { .. })));
    let report = b.check().unwrap();
    assert_eq!(report.first_broken_seq(), Some(seq), "{:?}", report.problems);
    assert!(report.problems.iter().any(|p| p.detail.contains("not an effect of this vault")));
}

#[test]
fn an_effect_number_out_of_sequence_in_a_vault_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = vault(&dir, "b.casebook");
    b.note_effect(moved()).unwrap();
    // Effect 5 after effect 1: a pack may skip numbers (it discloses some), a vault may not.
    let seq = b.write(|tx, v| Ok(v.append(tx, Event::EffectNoted { effect_id: 5, effect: moved() })?.seq)).unwrap();
    assert_eq!(b.check().unwrap().first_broken_seq(), Some(seq));
    let made_up = EffectRef { effect_id: 1, seq: 99, link: "00".repeat(32) };
    let mut c = vault(&dir, "c.casebook");
    let seq =
        c.write(|tx, v| Ok(v.append(tx, Event::EffectWithdrawn { of: made_up, reason: "x".into() })?.seq)).unwrap();
    assert_eq!(c.check().unwrap().first_broken_seq(), Some(seq));
}
