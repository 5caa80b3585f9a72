//! The diary one page at a time (issue 13: the screen no longer receives all 10,000 entries).
//! The order each test expects is worked out here from the whole list, the way the timeline
//! groups it on screen (`ui/src/lib/logic/timeline.ts`), not with core's own comparison.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::collections::BTreeMap;

use casebook_core::{DayOrder, DiaryCursor, EntryFilter, EntryKind, Vault, VaultError};
use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use common::*;

/// The ids of every entry `filter` picks, in the screen's order: days (as written) newest or
/// oldest first, each day by the instant it happened, then by number.
fn screen_order(vault: &Vault, filter: &EntryFilter, order: DayOrder) -> Vec<i64> {
    let mut days: BTreeMap<NaiveDate, Vec<(chrono::DateTime<Utc>, i64)>> = BTreeMap::new();
    for e in vault.list_entries(filter).unwrap() {
        let start = e.fields.occurred.start;
        days.entry(start.date_naive()).or_default().push((start.with_timezone(&Utc), e.id));
    }
    let mut days: Vec<_> = days.into_values().collect();
    if order == DayOrder::NewestFirst {
        days.reverse();
    }
    days.into_iter()
        .flat_map(|mut day| {
            day.sort();
            day.into_iter().map(|(_, id)| id)
        })
        .collect()
}

/// Walks every page of `limit` entries; checks each page's counts on the way.
fn all_pages(vault: &Vault, filter: &EntryFilter, order: DayOrder, limit: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after: Option<DiaryCursor> = None;
    loop {
        let page = vault.diary_page(filter, order, after.as_ref(), limit).unwrap();
        assert!(page.entries.len() <= limit);
        ids.extend(page.entries.iter().map(|e| e.id));
        assert_eq!(page.total as usize, vault.list_entries(filter).unwrap().len());
        assert_eq!(
            page.remaining as usize,
            page.total as usize - ids.len(),
            "what is left after {} entries",
            ids.len()
        );
        match page.next {
            Some(next) => {
                assert_eq!(page.entries.len(), limit, "only the last page is short");
                after = Some(next);
            }
            None => return ids,
        }
    }
}

/// A day whose entries were written in different offsets, so the day as written and the instant
/// disagree: 00:30 at +02:00 on 2 March is 22:30 UTC on 1 March, yet it belongs to 2 March.
fn mixed_offsets(tv: &mut TestVault) {
    let at = [
        (EntryKind::Call, "late call", "2026-03-01T23:00:00+00:00"),
        (EntryKind::Call, "after midnight abroad", "2026-03-02T00:30:00+02:00"),
        (EntryKind::TextMessage, "text, same instant as the next", "2026-03-02T09:00:00+00:00"),
        (EntryKind::TextMessage, "text, same instant as the last", "2026-03-02T10:00:00+01:00"),
        (EntryKind::Sighting, "car outside", "2026-03-02T07:15:00-05:00"),
        (EntryKind::Call, "early call", "2026-03-01T06:00:00+00:00"),
        (EntryKind::Sighting, "at the station", "2026-02-27T18:00:00+00:00"),
        (EntryKind::Call, "missed call", "2026-03-03T01:00:00+00:00"),
        (EntryKind::Email, "an email", "2026-02-28T12:00:00-08:00"),
    ];
    for (kind, title, when) in at {
        tv.vault.add_entry(entry(kind, title, when)).unwrap();
    }
}

#[test]
fn pages_put_together_are_the_whole_diary_in_the_screens_order_either_way() {
    let mut tv = new_vault();
    mixed_offsets(&mut tv);
    let all = EntryFilter::default();
    let newest = screen_order(&tv.vault, &all, DayOrder::NewestFirst);
    // Worked out by hand too: 3 March, then 2 March read forwards (the 00:30 abroad first), ...
    let titles = |ids: &[i64]| -> Vec<String> {
        ids.iter().map(|id| tv.vault.entry_summary(*id).unwrap().fields.title).collect()
    };
    assert_eq!(
        titles(&newest),
        [
            "missed call",
            "after midnight abroad",
            "text, same instant as the next",
            "text, same instant as the last",
            "car outside",
            "early call",
            "late call",
            "an email",
            "at the station"
        ]
    );
    for order in [DayOrder::NewestFirst, DayOrder::OldestFirst] {
        let expected = screen_order(&tv.vault, &all, order);
        for limit in [1, 2, 3, 4, 8, 9, 10, 1000] {
            assert_eq!(all_pages(&tv.vault, &all, order, limit), expected, "{order:?}, pages of {limit}");
        }
    }
}

#[test]
fn filters_are_applied_before_paging_over_the_whole_diary() {
    let mut tv = new_vault();
    mixed_offsets(&mut tv);
    let retracted = tv.vault.list_entries(&EntryFilter::default()).unwrap()[2].id;
    tv.vault.retract_entry(retracted, "logged twice").unwrap();
    let filters = [
        EntryFilter { kinds: vec![EntryKind::Call], ..Default::default() },
        EntryFilter { text: Some("TEXT".into()), ..Default::default() },
        EntryFilter {
            from: Some(t("2026-03-01T00:00:00+00:00")),
            to: Some(t("2026-03-02T12:00:00+00:00")),
            ..Default::default()
        },
        EntryFilter { hide_retracted: true, ..Default::default() },
        EntryFilter { text: Some("nowhere in the diary".into()), ..Default::default() },
    ];
    for filter in &filters {
        for order in [DayOrder::NewestFirst, DayOrder::OldestFirst] {
            let expected = screen_order(&tv.vault, filter, order);
            for limit in [1, 2, 5, 100] {
                assert_eq!(all_pages(&tv.vault, filter, order, limit), expected, "{filter:?} {order:?} {limit}");
            }
        }
    }
    let calls = EntryFilter { kinds: vec![EntryKind::Call], ..Default::default() };
    let first = tv.vault.diary_page(&calls, DayOrder::NewestFirst, None, 1).unwrap();
    assert_eq!((first.total, first.remaining), (4, 3), "the count is of every call, not of the page");
    let none = EntryFilter { text: Some("nowhere in the diary".into()), ..Default::default() };
    let empty = tv.vault.diary_page(&none, DayOrder::NewestFirst, None, 200).unwrap();
    assert_eq!((empty.entries.len(), empty.total, empty.remaining, empty.next), (0, 0, 0, None));
}

/// A page that ended on a count of entries (an offset) would repeat or skip one when the diary
/// changes between two pages; the cursor is a place in the order, so neither happens.
#[test]
fn an_entry_added_withdrawn_or_erased_between_pages_is_neither_repeated_nor_skipped() {
    let mut tv = new_vault();
    let utc = FixedOffset::east_opt(0).unwrap();
    let day = |d: i64| utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap() + Duration::days(d);
    for d in 0..10 {
        let mut f = entry(EntryKind::Call, &format!("day {d}"), "2026-03-01T10:00:00+00:00");
        f.occurred.start = day(d);
        tv.vault.add_entry(f).unwrap();
    }
    let shown = EntryFilter { hide_retracted: true, ..Default::default() };
    let before = screen_order(&tv.vault, &shown, DayOrder::NewestFirst);
    let first = tv.vault.diary_page(&shown, DayOrder::NewestFirst, None, 3).unwrap();
    let first_ids: Vec<i64> = first.entries.iter().map(|e| e.id).collect();
    assert_eq!(first_ids, before[..3]);

    // Between the pages: an entry on the first page is withdrawn (it leaves this filter), the one
    // the page ended on is erased, one is added among the days already shown and one among those
    // still to come.
    tv.vault.retract_entry(first_ids[0], "wrong person").unwrap();
    tv.vault.purge_entry(first_ids[2], None).unwrap();
    let mut shown_day = entry(EntryKind::Call, "added among the shown days", "2026-03-01T10:00:00+00:00");
    shown_day.occurred.start = day(9) + Duration::hours(1);
    tv.vault.add_entry(shown_day).unwrap();
    let mut later_day = entry(EntryKind::Call, "added among the days to come", "2026-03-01T10:00:00+00:00");
    later_day.occurred.start = day(4) + Duration::minutes(1);
    let later_id = tv.vault.add_entry(later_day).unwrap();

    let mut rest = Vec::new();
    let mut after = first.next;
    while let Some(cursor) = after {
        let page = tv.vault.diary_page(&shown, DayOrder::NewestFirst, Some(&cursor), 3).unwrap();
        rest.extend(page.entries.iter().map(|e| e.id));
        after = page.next;
    }
    // Days 6 to 0, with the added entry in day 4 after its 10:00 entry.
    let mut expected: Vec<i64> = before[3..].to_vec();
    let day_4 = expected.iter().position(|id| *id == before[5]).unwrap();
    expected.insert(day_4 + 1, later_id);
    assert_eq!(rest, expected);
}

#[test]
fn a_page_of_nothing_is_refused_and_a_huge_page_is_everything() {
    let mut tv = new_vault();
    mixed_offsets(&mut tv);
    let all = EntryFilter::default();
    match tv.vault.diary_page(&all, DayOrder::NewestFirst, None, 0) {
        Err(VaultError::InvalidInput(message)) => assert_eq!(message, "a page of the diary holds at least one entry"),
        other => panic!("expected a clear refusal, got {other:?}"),
    }
    for order in [DayOrder::NewestFirst, DayOrder::OldestFirst] {
        let page = tv.vault.diary_page(&all, order, None, usize::MAX).unwrap();
        assert_eq!(page.entries.iter().map(|e| e.id).collect::<Vec<_>>(), screen_order(&tv.vault, &all, order));
        assert_eq!((page.total, page.remaining, page.next), (9, 0, None));
    }
    // After the last entry, nothing is left, in either order.
    let last = tv.vault.diary_page(&all, DayOrder::OldestFirst, None, usize::MAX).unwrap().entries.pop().unwrap();
    let cursor = DiaryCursor::of(last.id, &last.fields);
    let beyond = tv.vault.diary_page(&all, DayOrder::OldestFirst, Some(&cursor), 5).unwrap();
    assert_eq!((beyond.entries.len(), beyond.total, beyond.remaining, beyond.next), (0, 9, 0, None));
}

/// Ten years of entries (3,653 days, one every other day at varying hours and offsets).
#[test]
fn a_ten_year_diary_pages_through_every_day() {
    let mut tv = new_vault();
    let start = Utc.with_ymd_and_hms(2016, 3, 1, 0, 0, 0).unwrap();
    let batch: Vec<_> = (0..1827i64)
        .map(|i| {
            let offset = FixedOffset::east_opt(((i % 5) as i32 - 2) * 3600).unwrap();
            let at = (start + Duration::days(i * 2) + Duration::minutes(i * 37 % 1440)).with_timezone(&offset);
            let mut f = entry(
                EntryKind::ALL[i as usize % EntryKind::ALL.len()],
                &format!("entry {i}"),
                "2026-03-01T10:00:00+00:00",
            );
            f.occurred.start = at;
            f
        })
        .collect();
    tv.vault.add_entries(batch).unwrap();
    let all = EntryFilter::default();
    for order in [DayOrder::NewestFirst, DayOrder::OldestFirst] {
        let expected = screen_order(&tv.vault, &all, order);
        assert_eq!(expected.len(), 1827);
        assert_eq!(all_pages(&tv.vault, &all, order, 200), expected, "{order:?}");
    }
    let newest = tv.vault.diary_page(&all, DayOrder::NewestFirst, None, 200).unwrap();
    assert_eq!(newest.entries[0].fields.title, "entry 1826");
    let oldest = tv.vault.diary_page(&all, DayOrder::OldestFirst, None, 200).unwrap();
    assert_eq!(oldest.entries[0].fields.title, "entry 0");
    assert_eq!((oldest.total, oldest.remaining), (1827, 1627));
}
