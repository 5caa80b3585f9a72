//! The diary's timeline one page at a time, in the order the screen shows it.
//!
//! A 10,000-entry diary is about 4 MB of entries: sent whole to the screen after each save it
//! took longer than the save itself (issue 13). The screen shows a page; the next one is asked
//! for with the cursor the last one ended on. The cursor is the last entry's place in the order
//! (its day, instant and number), not a count of entries already shown: an entry added, withdrawn
//! or erased between two pages then never makes the next page repeat or skip one.
//!
//! The order is the timeline's own (`ui/src/lib/logic/timeline.ts`): days newest first by
//! default (a victim wants what they just logged at the top) or oldest first, each day read in
//! the order it happened (then by entry number). The day is the date as the person wrote the
//! time, in its own offset.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{EntryFilter, EntryRow, EntrySummary};
use crate::diary::EntryId;
use crate::error::{Result, VaultError};
use crate::ledger::Version;
use crate::model::EntryFields;
use crate::vault::Vault;

/// Which way the diary's days run. Within a day, entries always read in the order they happened.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// The most recent day first.
    #[default]
    NewestFirst,
    /// The first day first.
    OldestFirst,
}

/// An entry's place in the diary's order: where a page ended, and the next one starts after.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiaryCursor {
    /// The day it happened, as written (in its own offset).
    pub day: NaiveDate,
    /// The instant it happened.
    pub at: DateTime<Utc>,
    /// The entry's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: EntryId,
}

impl DiaryCursor {
    /// Where an entry with these fields stands in the order.
    pub fn of(id: EntryId, fields: &EntryFields) -> Self {
        let start = fields.occurred.start;
        Self { day: start.date_naive(), at: start.with_timezone(&Utc), id }
    }

    /// How `self` and `other` compare in `order` (`Less`: `self` comes first).
    pub fn cmp_in(&self, other: &Self, order: DayOrder) -> Ordering {
        let days = match order {
            DayOrder::NewestFirst => other.day.cmp(&self.day),
            DayOrder::OldestFirst => self.day.cmp(&other.day),
        };
        days.then(self.at.cmp(&other.at)).then(self.id.cmp(&other.id))
    }
}

/// One page of the diary.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryPage {
    /// The page's entries, in the order asked for.
    pub entries: Vec<EntrySummary>,
    /// How many entries the filter picks in all (every page).
    pub total: u32,
    /// How many come after this page.
    pub remaining: u32,
    /// Ask for the next page after this (none when this page is the last).
    pub next: Option<DiaryCursor>,
}

/// A matching entry not yet shown: its place, its row, its current version.
type Found = (DiaryCursor, EntryRow, Arc<Version>);

impl Vault {
    /// Up to `limit` entries that `filter` picks, in `order`, starting after `after` (from the
    /// start when `None`). Retracted entries are included and marked unless the filter hides
    /// them; purged ones are not. Every entry is matched and sorted here; only the page's own
    /// lines are built and sent.
    pub fn diary_page(
        &self,
        filter: &EntryFilter,
        order: DayOrder,
        after: Option<&DiaryCursor>,
        limit: usize,
    ) -> Result<DiaryPage> {
        if limit == 0 {
            return Err(VaultError::InvalidInput("a page of the diary holds at least one entry".into()));
        }
        let mut total = 0usize;
        let mut ahead: Vec<Found> = Vec::new();
        self.each_match(filter, |row, head| {
            total += 1;
            let place = DiaryCursor::of(row.id, &head.fields);
            if after.is_none_or(|a| place.cmp_in(a, order) == Ordering::Greater) {
                ahead.push((place, row, head));
            }
            Ok(())
        })?;
        let cmp = |a: &Found, b: &Found| a.0.cmp_in(&b.0, order);
        // Only the page needs sorting: the rest is set apart first (a linear pass).
        if ahead.len() > limit {
            ahead.select_nth_unstable_by(limit, cmp);
        }
        let later = ahead.len().saturating_sub(limit);
        ahead.truncate(limit);
        ahead.sort_unstable_by(cmp);
        let next = if later > 0 { ahead.last().map(|(place, ..)| *place) } else { None };
        let attachments = self.attachment_counts()?;
        let entries = ahead
            .into_iter()
            .map(|(_, row, head)| self.summary_line(row, head, &attachments))
            .collect::<Result<Vec<_>>>()?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(DiaryPage { entries, total: count(total), remaining: count(later), next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unwrap_used)] // a test helper: a panic is the failure report
    fn place(day: &str, at: &str, id: EntryId) -> DiaryCursor {
        DiaryCursor { day: day.parse().unwrap(), at: at.parse().unwrap(), id }
    }

    /// Days run either way; within a day the order is always the order it happened, then number.
    #[test]
    fn days_turn_round_but_a_day_reads_forwards() {
        let monday_late = place("2026-03-02", "2026-03-02T22:00:00Z", 5);
        let monday_early = place("2026-03-02", "2026-03-02T07:00:00Z", 9);
        let monday_early_too = place("2026-03-02", "2026-03-02T07:00:00Z", 10);
        let sunday = place("2026-03-01", "2026-03-01T23:00:00Z", 1);
        let mut v = vec![sunday, monday_late, monday_early_too, monday_early];
        v.sort_by(|a, b| a.cmp_in(b, DayOrder::NewestFirst));
        assert_eq!(v, [monday_early, monday_early_too, monday_late, sunday]);
        v.sort_by(|a, b| a.cmp_in(b, DayOrder::OldestFirst));
        assert_eq!(v, [sunday, monday_early, monday_early_too, monday_late]);
    }
}
