//! Times, gaps and sizes in the words the report prints.

use chrono::{DateTime, FixedOffset, Utc};

/// How the report marks a time the person gave as approximate: a word, which every font
/// shows (the sign ≈ is in none of the embedded fonts).
pub(super) const APPROXIMATE: &str = "about";

pub(super) fn day(t: DateTime<FixedOffset>) -> String {
    t.format("%-d %B %Y").to_string()
}

pub(super) fn when(t: DateTime<FixedOffset>) -> String {
    format!("{} ({})", t.format("%a %-d %b %Y, %H:%M"), offset_words(t))
}

/// A time as the chronology and the breach schedule print it, "about" on a line of its own
/// above it when approximate (the time fills the column's width).
pub(super) fn table_time(t: DateTime<FixedOffset>, approximate: bool) -> String {
    let at = t.format("%Y-%m-%d %H:%M");
    if approximate { format!("{APPROXIMATE}\n{at}") } else { at.to_string() }
}

pub(super) fn utc(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y %H:%M UTC").to_string()
}

pub(super) fn offset_words(t: DateTime<FixedOffset>) -> String {
    let secs = t.offset().local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The time from `occurred` to `recorded`, in the largest sensible unit.
pub(super) fn gap(recorded: DateTime<Utc>, occurred: DateTime<FixedOffset>) -> String {
    let secs = (recorded - occurred.with_timezone(&Utc)).num_seconds();
    let (sign, s) = if secs < 0 { ("-", -secs) } else { ("", secs) };
    let words = if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    };
    format!("{sign}{words}")
}

pub(super) fn size_words(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else {
        format!("{:.2} GiB", b / KIB / KIB / KIB)
    }
}

pub(super) fn short_fingerprint(fp: &str) -> String {
    fp.split(' ').take(4).collect::<Vec<_>>().join(" ")
}
