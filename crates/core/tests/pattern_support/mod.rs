//! Two diaries whose pattern figures were worked out by hand, shared by core's pattern and
//! report tests and the CLI's `pattern` test (included there by path), so all three check the
//! same numbers.
//!
//! EIGHT_WEEKS: 19 incidents over the 8 weeks from Monday 5 January 2026, 1, 1, 1, 1, 2, 3, 4
//! and 6 a week, and one more on Sunday 1 March that is retracted.
//! - Halves: the first 4 weeks 4 incidents (1.0 a week), the last 4 weeks 15 (3.75, printed
//!   3.8): increasing (above 1.25 times, and by at least half an incident a week). The last 4
//!   weeks against the 4 before are the same two windows. No 12-week trend (under 24 weeks).
//! - Longest gap: Monday 5 January to Wednesday 14 January, 9 days (then 8, 8, 3, ...).
//! - By channel: phone 12, WhatsApp 4, in person 2, none given 1.
//! - Grid (day, hour: n): Mon 23: 6, Tue 23: 3, Wed 23: 2, Thu 23: 1, Wed 08: 2, Thu 08: 2,
//!   Fri 12: 1, Sat 14: 2.
//! - Busiest week: 23 February 2026, 6 incidents.
//!
//! TEN_YEARS: 520 weeks from Monday 4 January 2016: one incident each Monday at 10:00, none in
//! weeks 100 to 109, and three a week (Monday, Wednesday, Friday at 21:00) in the last 12 weeks.
//! - 534 incidents (498 + 36).
//! - Halves: 250 in the first 260 weeks (0.96 a week, printed 1.0), 284 in the last 260
//!   (1.09, printed 1.1): about the same (under 1.25 times).
//! - Last 4 weeks: 3.0 against 3.0: about the same. Last 12 weeks: 3.0 against 1.0: increasing.
//! - Longest gap: Monday 27 November 2017 to Monday 12 February 2018, 77 days.
//! - Grid: Mon 10: 498, Mon 21: 12, Wed 21: 12, Fri 21: 12.
//! - Busiest week: 29 September 2025, 3 incidents.
#![allow(dead_code)]

/// One incident: when (RFC 3339), its kind's machine name, its channel.
pub type Incident = (&'static str, &'static str, Option<&'static str>);

pub const EIGHT_WEEKS: &[Incident] = &[
    ("2026-01-05T23:30:00+00:00", "call", Some("phone")),
    ("2026-01-14T23:10:00+00:00", "call", Some("phone")),
    ("2026-01-22T08:00:00+00:00", "text_message", Some("WhatsApp")),
    ("2026-01-30T12:00:00+00:00", "other", None),
    ("2026-02-02T23:00:00+00:00", "call", Some("phone")),
    ("2026-02-03T23:15:00+00:00", "call", Some("phone")),
    ("2026-02-09T23:05:00+00:00", "call", Some("phone")),
    ("2026-02-11T08:30:00+00:00", "text_message", Some("WhatsApp")),
    ("2026-02-14T14:00:00+00:00", "sighting", Some("in person")),
    ("2026-02-16T23:20:00+00:00", "call", Some("phone")),
    ("2026-02-17T23:40:00+00:00", "call", Some("phone")),
    ("2026-02-18T23:00:00+00:00", "call", Some("phone")),
    ("2026-02-19T08:10:00+00:00", "text_message", Some("WhatsApp")),
    ("2026-02-23T23:05:00+00:00", "call", Some("phone")),
    ("2026-02-23T23:45:00+00:00", "call", Some("phone")),
    ("2026-02-24T23:10:00+00:00", "call", Some("phone")),
    ("2026-02-25T08:00:00+00:00", "text_message", Some("WhatsApp")),
    ("2026-02-26T23:30:00+00:00", "call", Some("phone")),
    ("2026-02-28T14:30:00+00:00", "sighting", Some("in person")),
];

/// Added after [`EIGHT_WEEKS`] and then retracted: it must not count anywhere.
pub const RETRACTED: Incident = ("2026-03-01T10:00:00+00:00", "call", Some("phone"));

/// The weekly totals of [`EIGHT_WEEKS`].
pub const EIGHT_WEEKS_TOTALS: [u32; 8] = [1, 1, 1, 1, 2, 3, 4, 6];

/// The trend and gap sentences for [`EIGHT_WEEKS`].
pub const EIGHT_WEEKS_WORDS: [&str; 3] = [
    "First half (4 weeks): 1.0 incidents per week; last half: 3.8 per week: increasing.",
    "Last 4 weeks: 3.8 incidents per week, against 1.0 in the 4 before: increasing.",
    "Longest gap: no incidents for 9 days, 2026-01-05 to 2026-01-14.",
];

/// (day 0 = Monday, hour, incidents): every non-empty cell of [`EIGHT_WEEKS`]' grid.
pub const EIGHT_WEEKS_GRID: [(usize, usize, u32); 8] =
    [(0, 23, 6), (1, 23, 3), (2, 23, 2), (3, 23, 1), (2, 8, 2), (3, 8, 2), (4, 12, 1), (5, 14, 2)];

/// [`TEN_YEARS`]' incidents: (RFC 3339 time), all calls by phone.
pub fn ten_years() -> Vec<String> {
    let first = chrono::NaiveDate::from_ymd_opt(2016, 1, 4).expect("a date");
    let mut out = Vec::new();
    for week in 0..520i64 {
        let monday = first + chrono::Duration::weeks(week);
        if (100..110).contains(&week) {
            continue;
        }
        if week >= 508 {
            for day in [0, 2, 4] {
                out.push(format!("{}T21:00:00+00:00", monday + chrono::Duration::days(day)));
            }
        } else {
            out.push(format!("{monday}T10:00:00+00:00"));
        }
    }
    out
}

/// The trend and gap sentences for the ten-year diary.
pub const TEN_YEARS_WORDS: [&str; 4] = [
    "First half (260 weeks): 1.0 incidents per week; last half: 1.1 per week: about the same.",
    "Last 4 weeks: 3.0 incidents per week, against 3.0 in the 4 before: about the same.",
    "Last 12 weeks: 3.0 incidents per week, against 1.0 in the 12 before: increasing.",
    "Longest gap: no incidents for 77 days, 2017-11-27 to 2018-02-12.",
];
