//! The course of conduct at scale and on bad input, through a real vault: the pattern figures
//! of a fixture diary checked against ones worked out by hand, a ten-year diary (520 weeks), and
//! a person with 500 identifiers whose matching stays right.
//!
//! Already covered elsewhere and not repeated here: withheld markers ("Unknown", "No caller ID",
//! "Private", "Withheld") never matching anyone, and `07700 900123` / `+44 7700 900123` being one
//! identifier (`identity.rs`'s unit tests and `tests/diary.rs`); they are checked again below only
//! against the 500-identifier person.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod pattern_support;

use casebook_core::identity::IdentifierMatch;
use casebook_core::{
    CaseDetails, EntryFields, EntryFilter, EntryKind, Identifier, IdentifierKind, Person, busiest_week,
};
use common::*;
use pattern_support::*;

fn fields((at, kind, channel): (&str, &str, Option<&str>)) -> EntryFields {
    let mut f = entry(kind.parse::<EntryKind>().unwrap(), "incident", at);
    f.channel = channel.map(str::to_owned);
    f
}

fn eight_week_vault() -> TestVault {
    let mut tv = new_vault();
    tv.vault.add_entries(EIGHT_WEEKS.iter().copied().map(fields).collect()).unwrap();
    let retracted = tv.vault.add_entry(fields(RETRACTED)).unwrap();
    tv.vault.retract_entry(retracted, "Entered twice").unwrap();
    tv
}

/// Every figure of the eight-week fixture (see `pattern_support`), worked out by hand.
#[test]
fn the_eight_week_diary_has_the_figures_worked_out_by_hand() {
    let tv = eight_week_vault();
    let (s, weeks) = tv.vault.pattern_with_weeks(&EntryFilter::default()).unwrap();
    assert_eq!(weeks.iter().map(|w| w.total).collect::<Vec<_>>(), EIGHT_WEEKS_TOTALS, "the retracted one is left out");
    assert_eq!(weeks, tv.vault.weekly_counts(&EntryFilter::default()).unwrap());
    assert_eq!(s, tv.vault.pattern_summary(&EntryFilter::default()).unwrap());
    assert_eq!(s.incidents, 19);
    let channels: Vec<(&str, u32)> = s.by_channel.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    assert_eq!(channels, [("phone", 12), ("WhatsApp", 4), ("in person", 2), ("", 1)]);
    for (day, hour, n) in EIGHT_WEEKS_GRID {
        assert_eq!(s.grid[day][hour], n, "day {day} hour {hour}");
    }
    assert_eq!(s.grid.iter().flatten().sum::<u32>(), 19, "no other cell has any");
    let halves = s.halves.clone().unwrap();
    assert_eq!((halves.weeks, halves.before_per_week, halves.after_per_week), (4, 1.0, 3.75));
    assert_eq!(halves.direction, "increasing");
    assert_eq!(s.last_4_weeks, Some(halves));
    assert_eq!(s.last_12_weeks, None, "under 24 weeks");
    let gap = s.longest_gap.clone().unwrap();
    assert_eq!((gap.days, gap.from, gap.to), (9, t(EIGHT_WEEKS[0].0), t(EIGHT_WEEKS[1].0)));
    assert_eq!(s.words, EIGHT_WEEKS_WORDS);
    // The last week by kind and by channel.
    let last = weeks.last().unwrap();
    assert_eq!(last.week_start.to_string(), "2026-02-23");
    let by_kind: Vec<(&str, u32)> = last.by_kind.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(by_kind, [("call", 4), ("sighting", 1), ("text_message", 1)]);
    let by_channel: Vec<(&str, u32)> = last.by_channel.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    assert_eq!(by_channel, [("WhatsApp", 1), ("in person", 1), ("phone", 4)]);
    assert_eq!(busiest_week(&weeks).map(|w| (w.week_start.to_string(), w.total)), Some(("2026-02-23".into(), 6)));
    // A filter narrows the pattern the same way it narrows the list: only the sightings.
    let sightings = EntryFilter { kinds: vec![EntryKind::Sighting], ..EntryFilter::default() };
    let s = tv.vault.pattern_summary(&sightings).unwrap();
    assert_eq!((s.incidents, s.grid[5][14]), (2, 2));
    assert_eq!(s.longest_gap.map(|g| g.days), Some(14));
}

/// Ten years of weeks through the vault: every week is there, and the trends and the gap are
/// the ones worked out by hand.
#[test]
fn a_ten_year_diary_gives_520_weeks_and_the_figures_worked_out_by_hand() {
    let mut tv = new_vault();
    let times = ten_years();
    tv.vault.add_entries(times.iter().map(|at| fields((at, "call", Some("phone")))).collect()).unwrap();
    let (s, weeks) = tv.vault.pattern_with_weeks(&EntryFilter::default()).unwrap();
    assert_eq!(weeks.len(), 520);
    assert_eq!(weeks[0].week_start.to_string(), "2016-01-04");
    assert_eq!(weeks[519].week_start.to_string(), "2025-12-15");
    assert_eq!(weeks.iter().filter(|w| w.total == 0).count(), 10, "the ten empty weeks are kept");
    assert_eq!(s.incidents, 534);
    assert_eq!(s.words, TEN_YEARS_WORDS);
    let halves = s.halves.unwrap();
    assert_eq!((halves.before_per_week, halves.after_per_week), (250.0 / 260.0, 284.0 / 260.0));
    let last_12 = s.last_12_weeks.unwrap();
    assert_eq!((last_12.weeks, last_12.before_per_week, last_12.after_per_week), (12, 1.0, 3.0));
    assert_eq!((s.grid[0][10], s.grid[0][21], s.grid[2][21], s.grid[4][21]), (498, 12, 12, 12));
    assert_eq!(s.by_channel, [("phone".to_owned(), 534)]);
    assert_eq!(busiest_week(&weeks).map(|w| (w.week_start.to_string(), w.total)), Some(("2025-09-29".into(), 3)));
}

fn phone(value: String) -> Identifier {
    Identifier { kind: IdentifierKind::Phone, value }
}

/// `+44 7700 900NNN` (Ofcom's range for drama): the person's `n`th number.
fn number(n: u32) -> String {
    format!("+44 7700 900{n:03}")
}

/// A person with 500 identifiers (400 numbers stored in international form, 100 handles) and
/// a second person: typed local forms match the right one, withheld markers match no one,
/// adding a number already held in another form adds nothing, and the person page and the
/// pattern over their incidents count each identifier right.
#[test]
fn a_person_with_500_identifiers_is_matched_right_and_their_page_and_pattern_are_right() {
    let mut tv = new_vault();
    let mut identifiers: Vec<Identifier> = (0..400).map(|n| phone(number(n))).collect();
    identifiers.extend((0..100).map(|n| Identifier { kind: IdentifierKind::Handle, value: format!("@jon_{n}") }));
    let jon = Person { id: 1, name: "Jon".into(), relationship: None, description: None, identifiers };
    let sam = Person {
        id: 2,
        name: "Sam".into(),
        relationship: None,
        description: None,
        identifiers: vec![phone("07700 900777".into())],
    };
    tv.vault.set_case(CaseDetails { persons: vec![jon, sam], ..CaseDetails::default() }).unwrap();

    let matched = |typed: &str| match tv.vault.match_identifier(typed).unwrap() {
        IdentifierMatch::Person { person_id, matched, .. } => Some((person_id, matched.value)),
        IdentifierMatch::Withheld => Some((0, "withheld".into())),
        _ => None,
    };
    assert_eq!(matched("07700 900000"), Some((1, number(0))));
    assert_eq!(matched("07700900399"), Some((1, number(399))), "the last number, written locally");
    assert_eq!(matched("+447700900250"), Some((1, number(250))));
    assert_eq!(matched("JON_99"), Some((1, "@jon_99".into())));
    assert_eq!(matched("+44 7700 900777"), Some((2, "07700 900777".into())), "Sam's, not one of Jon's");
    assert_eq!(matched("07700 900400"), None, "one past Jon's numbers");
    assert_eq!(matched("@jon_100"), None);
    for marker in ["Unknown", "No caller ID", "Private", "Withheld"] {
        assert_eq!(matched(marker), Some((0, "withheld".into())), "{marker}");
    }
    assert_eq!(tv.vault.add_identifiers(1, &[phone("07700 900123".into()), phone("Unknown".into())]).unwrap(), 0);
    assert_eq!(tv.vault.person_page(1).unwrap().identifiers.len(), 500);

    // 3 incidents from each of the first 100 numbers (written locally), one week apart each
    // round, and 5 from a number first seen in the last round.
    let mut entries = Vec::new();
    for round in 0..3i64 {
        for n in 0..100u32 {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Duration::weeks(round);
            let mut f = entry(EntryKind::Call, "call", &format!("{day}T{:02}:{:02}:00+00:00", n / 60, n % 60));
            f.person_id = Some(1);
            f.identifier = Some(format!("07700 900{n:03}"));
            f.channel = Some("phone".into());
            entries.push(f);
        }
    }
    for d in 0..5 {
        let mut f = entry(EntryKind::Call, "new number", &format!("2026-01-2{d}T22:00:00+00:00"));
        f.person_id = Some(1);
        f.identifier = Some("07700 900999".into());
        entries.push(f);
    }
    tv.vault.add_entries(entries).unwrap();
    let page = tv.vault.person_page(1).unwrap();
    assert_eq!(page.incidents, 305);
    assert_eq!(page.identifiers.len(), 501, "500 listed and one only seen in entries");
    let first = &page.identifiers[0];
    assert_eq!((first.identifier.value.as_str(), first.count, first.new_identifier), ("+44 7700 900000", 3, false));
    assert_eq!(first.last_seen, Some(t("2026-01-19T00:00:00+00:00")));
    assert_eq!(page.identifiers[99].count, 3);
    assert_eq!(page.identifiers[100].count, 0, "a number never seen in an entry");
    let seen = page.identifiers.last().unwrap();
    assert_eq!(
        (seen.identifier.value.as_str(), seen.listed, seen.count, seen.new_identifier),
        ("07700 900999", false, 5, true)
    );
    let s = tv.vault.pattern_summary(&EntryFilter { person_id: Some(1), ..EntryFilter::default() }).unwrap();
    assert_eq!(s.incidents, 305);
    assert_eq!(s.by_channel, [("phone".to_owned(), 300), ("".to_owned(), 5)]);
    assert_eq!(s.grid[0].iter().sum::<u32>(), 300, "every round on a Monday");
}
