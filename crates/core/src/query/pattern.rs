//! The course of conduct at a glance: incidents per week by kind and by channel, incidents by
//! channel, a time-of-day × day-of-week grid, escalation in words (first half against last half
//! of the span, and the last 4 and 12 weeks against the weeks before them), the busiest week and
//! the longest gap. The numbers are made here, once: the CLI, the app and the report (which
//! counts the entries of its pack, `export/pdf/pattern.rs`) only show them. Retracted entries do
//! not count.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use super::{EntryFilter, EntrySummary, WeekCounts};
use crate::error::Result;
use crate::model::EntryFields;
use crate::vault::Vault;

/// One window's incidents per week against the window before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Trend {
    /// Weeks in each window.
    pub weeks: u32,
    /// Incidents per week in the earlier window.
    pub before_per_week: f32,
    /// Incidents per week in the later window.
    pub after_per_week: f32,
    /// `increasing`, `decreasing` or `about the same`.
    pub direction: String,
}

/// The longest time with no incident between two incidents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Gap {
    /// Whole days between the two incidents' days.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days: i64,
    /// The incident before it.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: DateTime<FixedOffset>,
    /// The incident after it.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: DateTime<FixedOffset>,
}

/// The pattern of the counted entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PatternSummary {
    /// Incidents counted.
    pub incidents: u32,
    /// Incidents by channel as written (`""`: none given), most first.
    pub by_channel: Vec<(String, u32)>,
    /// Incidents by day of the week (0 Monday … 6 Sunday) and hour (0–23), in the time each
    /// entry was given in.
    pub grid: Vec<Vec<u32>>,
    /// The first half of the weeks against the last half (none under two weeks).
    pub halves: Option<Trend>,
    /// The last 4 weeks against the 4 before (none under 8 weeks).
    pub last_4_weeks: Option<Trend>,
    /// The last 12 weeks against the 12 before (none under 24 weeks).
    pub last_12_weeks: Option<Trend>,
    /// The longest gap (none under two incidents, or when they were on the same day).
    pub longest_gap: Option<Gap>,
    /// Escalation and the gap, in words.
    pub words: Vec<String>,
}

/// `increasing`, `decreasing` or `about the same`: a change of a quarter or more and of at least
/// half an incident a week (the rule the report's escalation line uses too).
pub(crate) fn direction(before: f32, after: f32) -> &'static str {
    if after > before * 1.25 && after - before >= 0.5 {
        "increasing"
    } else if after < before * 0.75 && before - after >= 0.5 {
        "decreasing"
    } else {
        "about the same"
    }
}

fn trend(before: &[WeekCounts], after: &[WeekCounts]) -> Trend {
    let per_week = |ws: &[WeekCounts]| ws.iter().map(|w| w.total as f32).sum::<f32>() / ws.len().max(1) as f32;
    let (b, a) = (per_week(before), per_week(after));
    Trend { weeks: after.len() as u32, before_per_week: b, after_per_week: a, direction: direction(b, a).to_owned() }
}

/// The Monday on or before `day`: weeks run Monday to Sunday, in the offset each entry was
/// given with.
pub(crate) fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The channel an incident counts under: as written, trimmed; `""` when none was given.
fn channel_of(fields: &EntryFields) -> String {
    fields.channel.as_deref().unwrap_or_default().trim().to_owned()
}

fn empty_week(week_start: NaiveDate) -> WeekCounts {
    WeekCounts { week_start, total: 0, by_kind: BTreeMap::new(), by_channel: BTreeMap::new() }
}

/// Incidents per week, by kind and by channel, for every week from the first of `counted` to
/// the last (weeks with none included, so gaps show). `counted` are the incidents that count
/// (retracted ones already left out), in any order.
pub fn weekly_counts_of<'a>(counted: impl IntoIterator<Item = &'a EntryFields>) -> Vec<WeekCounts> {
    let mut weeks: BTreeMap<NaiveDate, WeekCounts> = BTreeMap::new();
    for f in counted {
        let start = week_start(f.occurred.start.date_naive());
        let w = weeks.entry(start).or_insert_with(|| empty_week(start));
        w.total += 1;
        *w.by_kind.entry(f.kind.as_str().to_owned()).or_default() += 1;
        *w.by_channel.entry(channel_of(f)).or_default() += 1;
    }
    let (Some(&first), Some(&last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let mut day = first;
    while day <= last {
        weeks.entry(day).or_insert_with(|| empty_week(day));
        day += Duration::days(7);
    }
    weeks.into_values().collect()
}

/// The week with the most incidents (the earliest of equals); none without weeks.
pub fn busiest_week(weeks: &[WeekCounts]) -> Option<&WeekCounts> {
    weeks.iter().max_by_key(|w| (w.total, std::cmp::Reverse(w.week_start)))
}

/// The pattern of `entries` (any order; retracted ones left out) and their `weeks` (from
/// [`Vault::weekly_counts`] or [`weekly_counts_of`]: every week from the first to the last,
/// empty ones included).
pub fn pattern_summary(entries: &[EntrySummary], weeks: &[WeekCounts]) -> PatternSummary {
    summary_of(entries.iter().filter(|e| e.retracted.is_none()).map(|e| &e.fields), weeks)
}

/// [`pattern_summary`] of the incidents that count (retracted ones already left out).
pub(crate) fn summary_of<'a>(
    counted: impl IntoIterator<Item = &'a EntryFields>,
    weeks: &[WeekCounts],
) -> PatternSummary {
    let mut times: Vec<DateTime<FixedOffset>> = Vec::new();
    let mut channels: BTreeMap<String, u32> = BTreeMap::new();
    let mut grid = vec![vec![0u32; 24]; 7];
    for f in counted {
        let at = f.occurred.start;
        times.push(at);
        *channels.entry(channel_of(f)).or_default() += 1;
        grid[at.weekday().num_days_from_monday() as usize][at.hour() as usize] += 1;
    }
    let mut counted = times;
    counted.sort();
    let mut by_channel: Vec<(String, u32)> = channels.into_iter().collect();
    by_channel.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n = weeks.len();
    let halves = (n >= 2).then(|| trend(&weeks[..n / 2], &weeks[n - n / 2..]));
    let recent = |k: usize| (n >= 2 * k).then(|| trend(&weeks[n - 2 * k..n - k], &weeks[n - k..]));
    let longest_gap = counted
        .windows(2)
        .map(|w| Gap { days: (w[1].date_naive() - w[0].date_naive()).num_days(), from: w[0], to: w[1] })
        .filter(|g| g.days > 0)
        .max_by_key(|g| (g.days, std::cmp::Reverse(g.from)));
    let mut summary = PatternSummary {
        incidents: counted.len() as u32,
        by_channel,
        grid,
        halves,
        last_4_weeks: recent(4),
        last_12_weeks: recent(12),
        longest_gap,
        words: Vec::new(),
    };
    summary.words = words(&summary);
    summary
}

fn words(s: &PatternSummary) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &s.halves {
        out.push(format!(
            "First half ({w}): {b:.1} incidents per week; last half: {a:.1} per week: {d}.",
            w = if t.weeks == 1 { "1 week".to_owned() } else { format!("{} weeks", t.weeks) },
            b = t.before_per_week,
            a = t.after_per_week,
            d = t.direction
        ));
    }
    for t in [&s.last_4_weeks, &s.last_12_weeks].into_iter().flatten() {
        out.push(format!(
            "Last {w} weeks: {a:.1} incidents per week, against {b:.1} in the {w} before: {d}.",
            w = t.weeks,
            a = t.after_per_week,
            b = t.before_per_week,
            d = t.direction
        ));
    }
    if let Some(g) = &s.longest_gap {
        out.push(format!(
            "Longest gap: no incidents for {} days, {} to {}.",
            g.days,
            g.from.format("%Y-%m-%d"),
            g.to.format("%Y-%m-%d")
        ));
    }
    out
}

impl Vault {
    /// The pattern of the entries `filter` picks: [`pattern_summary`].
    pub fn pattern_summary(&self, filter: &EntryFilter) -> Result<PatternSummary> {
        Ok(self.pattern_with_weeks(filter)?.0)
    }

    /// [`Self::pattern_summary`] and [`Self::weekly_counts`] from one reading of the diary.
    pub fn pattern_with_weeks(&self, filter: &EntryFilter) -> Result<(PatternSummary, Vec<WeekCounts>)> {
        let filter = EntryFilter { hide_retracted: true, ..filter.clone() };
        // The counts need each entry's fields only, not its line in a list (no copies of the
        // text, no attachment counts, no look-ups of first versions).
        let mut heads = Vec::new();
        self.each_match(&filter, |_, head| {
            heads.push(head);
            Ok(())
        })?;
        let weeks = weekly_counts_of(heads.iter().map(|h| &h.fields));
        Ok((summary_of(heads.iter().map(|h| &h.fields), &weeks), weeks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntryFields, EntryKind};

    fn e(at: &str, channel: Option<&str>) -> EntrySummary {
        let mut fields = EntryFields::new(EntryKind::Call, "x", at.parse().unwrap());
        fields.channel = channel.map(str::to_owned);
        EntrySummary::unrevised(1, fields)
    }

    fn week(start: &str, total: u32) -> WeekCounts {
        WeekCounts { week_start: start.parse().unwrap(), total, by_kind: BTreeMap::new(), by_channel: BTreeMap::new() }
    }

    /// Figures worked by hand: 8 weeks of 1,1,1,1,2,3,4,6 incidents.
    #[test]
    fn escalation_channels_grid_and_gap_by_hand() {
        let totals = [1, 1, 1, 1, 2, 3, 4, 6];
        let weeks: Vec<WeekCounts> = totals
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Duration::weeks(i as i64);
                week(&day.to_string(), t)
            })
            .collect();
        let entries = vec![
            e("2026-01-05T23:30:00+00:00", Some("phone")),    // Monday 23:00
            e("2026-01-28T23:10:00+00:00", Some("phone")),    // Wednesday 23:00, 23 days later
            e("2026-01-29T08:00:00+01:00", Some("WhatsApp")), // Thursday 08:00 as given
            e("2026-01-30T12:00:00+00:00", None),
        ];
        let s = pattern_summary(&entries, &weeks);
        assert_eq!(s.incidents, 4);
        assert_eq!(s.by_channel, [("phone".to_owned(), 2), ("".to_owned(), 1), ("WhatsApp".to_owned(), 1)]);
        assert_eq!((s.grid[0][23], s.grid[2][23], s.grid[3][8], s.grid[4][12]), (1, 1, 1, 1));
        assert_eq!(s.grid.iter().flatten().sum::<u32>(), 4);
        let halves = s.halves.as_ref().unwrap();
        // First half 4 incidents / 4 weeks = 1.0; last half 15 / 4 = 3.75.
        assert_eq!(
            (halves.before_per_week, halves.after_per_week, halves.direction.as_str()),
            (1.0, 3.75, "increasing")
        );
        assert_eq!(s.last_4_weeks, Some(halves.clone()));
        assert_eq!(s.last_12_weeks, None);
        let gap = s.longest_gap.as_ref().unwrap();
        assert_eq!(gap.days, 23);
        assert_eq!(
            s.words,
            [
                "First half (4 weeks): 1.0 incidents per week; last half: 3.8 per week: increasing.",
                "Last 4 weeks: 3.8 incidents per week, against 1.0 in the 4 before: increasing.",
                "Longest gap: no incidents for 23 days, 2026-01-05 to 2026-01-28.",
            ]
        );
        assert_eq!(direction(4.0, 4.4), "about the same");
        assert_eq!(direction(4.0, 2.0), "decreasing");
        assert_eq!(direction(0.2, 0.4), "about the same", "a rise under half an incident a week");
    }

    /// Weeks run Monday to Sunday in each entry's own offset; empty weeks in between are kept;
    /// channels are trimmed; the busiest week is the earliest of equals.
    #[test]
    fn weekly_counts_by_kind_and_channel_and_the_busiest_week() {
        let mut sighting = EntryFields::new(EntryKind::Sighting, "x", "2026-01-25T23:30:00-05:00".parse().unwrap());
        sighting.channel = Some(" in person ".into());
        let entries = [
            e("2026-01-05T09:00:00+00:00", Some("phone")),
            e("2026-01-11T23:59:00+00:00", Some("phone ")), // Sunday: still the week of 5 January
            e("2026-01-26T00:30:00+01:00", None),           // Monday as given (Sunday in UTC)
            EntrySummary::unrevised(4, sighting),           // Sunday as given (Monday in UTC)
        ];
        let weeks = weekly_counts_of(entries.iter().map(|e| &e.fields));
        let starts: Vec<String> = weeks.iter().map(|w| w.week_start.to_string()).collect();
        assert_eq!(starts, ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]);
        assert_eq!(weeks.iter().map(|w| w.total).collect::<Vec<_>>(), [2, 0, 1, 1]);
        assert_eq!(weeks[0].by_channel, BTreeMap::from([("phone".to_owned(), 2)]));
        assert_eq!(weeks[0].by_kind, BTreeMap::from([("call".to_owned(), 2)]));
        assert_eq!(weeks[2].by_kind, BTreeMap::from([("sighting".to_owned(), 1)]));
        assert_eq!(weeks[2].by_channel, BTreeMap::from([("in person".to_owned(), 1)]));
        assert_eq!(weeks[3].by_channel, BTreeMap::from([("".to_owned(), 1)]));
        assert_eq!(busiest_week(&weeks).map(|w| w.week_start.to_string()), Some("2026-01-05".into()));
        let tied = [week("2026-02-02", 3), week("2026-02-09", 3)];
        assert_eq!(busiest_week(&tied).map(|w| w.week_start.to_string()), Some("2026-02-02".into()));
        assert_eq!(busiest_week(&[]), None);
        assert!(weekly_counts_of([]).is_empty());
    }

    #[test]
    fn ten_years_of_weeks_and_an_empty_diary() {
        let weeks: Vec<WeekCounts> = (0..520).map(|_| week("2016-01-04", 1)).collect();
        let s = pattern_summary(&[], &weeks);
        assert_eq!(s.last_12_weeks.as_ref().map(|t| t.direction.as_str()), Some("about the same"));
        let empty = pattern_summary(&[], &[]);
        assert_eq!((empty.incidents, empty.halves, empty.longest_gap, empty.words.len()), (0, None, None, 0));
    }
}
