//! The pattern summary's arithmetic: incidents per week and kind, first and last, busiest
//! week, and whether contact is escalating (the last four weeks against the first four).
//! Retracted entries do not count.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::export::plan::Entry;
use crate::model::EntryKind;

/// One week (Monday to Sunday, in the offset each entry was given with).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Week {
    pub start: NaiveDate,
    pub by_kind: BTreeMap<EntryKind, u32>,
}

impl Week {
    pub fn total(&self) -> u32 {
        self.by_kind.values().sum()
    }
}

/// The pattern of the counted entries.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    /// Every week from the first incident's to the last's, empty weeks included.
    pub weeks: Vec<Week>,
    pub by_kind: BTreeMap<EntryKind, u32>,
    pub counted: u32,
    pub retracted: u32,
}

impl Pattern {
    pub fn of(entries: &[Entry]) -> Self {
        let mut weeks: BTreeMap<NaiveDate, Week> = BTreeMap::new();
        let mut by_kind = BTreeMap::new();
        let (mut counted, mut retracted) = (0, 0);
        for e in entries {
            if e.retraction.is_some() {
                retracted += 1;
                continue;
            }
            let f = &e.current().fields;
            let start = week_start(f.occurred.start.date_naive());
            let w = weeks.entry(start).or_insert_with(|| Week { start, by_kind: BTreeMap::new() });
            *w.by_kind.entry(f.kind).or_default() += 1;
            *by_kind.entry(f.kind).or_default() += 1;
            counted += 1;
        }
        if let (Some(&first), Some(&last)) = (weeks.keys().next(), weeks.keys().next_back()) {
            let mut day = first;
            while day <= last {
                weeks.entry(day).or_insert_with(|| Week { start: day, by_kind: BTreeMap::new() });
                day += Duration::days(7);
            }
        }
        Self { weeks: weeks.into_values().collect(), by_kind, counted, retracted }
    }

    /// Incidents per week over the first and the last four weeks (fewer if the span is
    /// shorter), and the busiest week.
    pub fn escalation(&self) -> Option<Escalation> {
        if self.weeks.is_empty() {
            return None;
        }
        let n = self.weeks.len().min(4);
        let avg = |ws: &[Week]| ws.iter().map(|w| w.total() as f32).sum::<f32>() / ws.len() as f32;
        let first = avg(&self.weeks[..n]);
        let last = avg(&self.weeks[self.weeks.len() - n..]);
        let busiest = self.weeks.iter().max_by_key(|w| (w.total(), std::cmp::Reverse(w.start)))?.clone();
        Some(Escalation { window: n, first_per_week: first, last_per_week: last, busiest })
    }
}

/// First weeks against last weeks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Escalation {
    pub window: usize,
    pub first_per_week: f32,
    pub last_per_week: f32,
    pub busiest: Week,
}

impl Escalation {
    /// Plain words for the trend.
    pub fn words(&self) -> String {
        let (a, b) = (self.first_per_week, self.last_per_week);
        let trend = crate::query::pattern::direction(a, b);
        format!(
            "{a:.1} incidents per week in the first {w} week(s), {b:.1} per week in the last {w}: {trend}.",
            w = self.window
        )
    }
}

/// The Monday on or before `day`.
pub(crate) fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}
