//! The orders fixture of issue 12, shared by the pack and the draft-statement tests: an interim
//! Stalking Protection Order with three terms, served on 3 February 2026, over ten entries, four
//! of them marked as breaches (the first before service), each reported with a reference.

use casebook_core::{BreachInput, CaseDetails, EntryKind, OrderInput, OrderKind, TermInput, TermPreset};

use super::{TestVault, entry};

/// The police references of the four breaches, in the order of their entries.
pub const REFS: [&str; 4] = ["CAD-0202-A", "CAD-0205-B", "CAD-0210-C", "CAD-0214-D"];

/// Records the case (initials AB), the ten entries (the seventh titled `seventh_title`), the order
/// and the four breaches in `tv`. Returns the ten entries' numbers; the breaches are on the 1st,
/// 3rd, 4th and 7th.
pub fn interim_spo_with_breaches(tv: &mut TestVault, seventh_title: &str) -> Vec<i64> {
    tv.vault.set_case(CaseDetails { victim_initials: "AB".into(), ..Default::default() }).unwrap();
    let times = [
        (EntryKind::Call, "Withheld call at night", "2026-02-02T23:10:00+00:00"),
        (EntryKind::Other, "Note to self", "2026-02-03T09:00:00+00:00"),
        (EntryKind::TextMessage, "Text: I will wait for you", "2026-02-05T18:30:00+00:00"),
        (EntryKind::Sighting, "Outside the station again", "2026-02-07T08:05:00+00:00"),
        (EntryKind::Email, "Email from an unknown address", "2026-02-08T12:00:00+00:00"),
        (EntryKind::Report, "Reported to police", "2026-02-09T10:00:00+00:00"),
        (EntryKind::SocialMedia, seventh_title, "2026-02-10T21:00:00+00:00"),
        (EntryKind::Other, "Called the helpline", "2026-02-11T10:00:00+00:00"),
        (EntryKind::Following, "Followed home", "2026-02-14T17:45:00+00:00"),
        (EntryKind::Other, "Slept badly", "2026-02-15T07:00:00+00:00"),
    ];
    let ids: Vec<i64> = times.iter().map(|(k, title, at)| tv.vault.add_entry(entry(*k, title, at)).unwrap()).collect();
    tv.vault
        .add_order(OrderInput {
            kind: OrderKind::InterimSpo,
            court: "Anytown Magistrates' Court".into(),
            made_on: "2026-02-01".parse().unwrap(),
            served_on: Some("2026-02-03".parse().unwrap()),
            expires_on: None,
            reference: Some("SPO/2026/00417".into()),
            terms: vec![
                TermInput::preset(TermPreset::NoContact, None),
                TermInput::preset(TermPreset::ExclusionZone, Some("Acacia Avenue and the station")),
                TermInput::preset(TermPreset::NoSocialMedia, None),
            ],
        })
        .unwrap();
    let marked = [(ids[0], vec![1]), (ids[2], vec![1]), (ids[3], vec![2]), (ids[6], vec![3])];
    for ((entry_id, term_ids), reference) in marked.iter().zip(REFS) {
        let input = BreachInput {
            entry_id: *entry_id,
            order_id: 1,
            term_ids: term_ids.clone(),
            reported: true,
            police_reference: Some(reference.into()),
        };
        tv.vault.mark_breach(input).unwrap();
    }
    ids
}
