//! Writing to stdout: plain lines for people, JSON for scripts, and times in local time.

use std::io::Write;

use chrono::{DateTime, Local, TimeZone};
use serde::Serialize;

use crate::exit::CliError;

/// Where results go. Errors never come here; they go to stderr from `main`.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
}

impl Output {
    /// Text for people, or JSON when `json` is set.
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether the person asked for JSON.
    pub fn json(&self) -> bool {
        self.json
    }

    /// Writes one line and flushes it, so a script (or a person) sees it at once.
    pub fn line(&self, text: impl std::fmt::Display) -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{text}")?;
        out.flush()?;
        Ok(())
    }

    /// Writes a value as pretty JSON followed by a newline.
    pub fn value<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::other(format!("could not write JSON output: {e}")))?;
        self.line(text)
    }
}

/// A time in this computer's zone, to the minute, with its offset: `2026-03-01 21:10 +00:00`.
pub fn time<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M %:z").to_string()
}

/// A time in this computer's zone, to the second, with its offset.
pub fn time_long<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// At most `max` characters, with `…` when cut. Newlines become spaces.
pub fn truncate(text: &str, max: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Pads with spaces to `width` characters (by `char`, which is right for most scripts).
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// `1 attachment`, `2 attachments`.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A byte count for people: `812 bytes`, `4.2 KB`, `1.3 MB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return plural(bytes, "byte", "bytes");
    }
    let mut value = bytes as f64;
    let mut unit = "";
    for u in UNITS {
        value /= 1000.0;
        unit = u;
        if value < 1000.0 {
            break;
        }
    }
    format!("{value:.1} {unit}")
}

/// One attachment on one line: number, name, type, size, SHA-256.
pub fn attachment_line(a: &casebook_core::AttachmentInfo) -> String {
    format!(
        "attachment {}: {} ({}, {}) sha256 {}",
        a.id,
        truncate(&a.meta.original_name, 60),
        a.meta.media_type,
        size(a.meta.size),
        a.meta.sha256
    )
}

/// A call direction in words.
pub fn direction(d: casebook_core::CallDirection) -> &'static str {
    use casebook_core::CallDirection as D;
    match d {
        D::Incoming => "incoming (answered)",
        D::Outgoing => "outgoing",
        D::Missed => "missed",
        D::Rejected => "rejected",
        D::Blocked => "blocked by the phone",
    }
}

/// Seconds as `3m 20s`.
pub fn duration(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s}s"),
        _ => format!("{h}h {m}m {s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo wörld", 5), "héll…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a\nb", 10), "a b");
    }

    #[test]
    fn sizes_and_durations_read_naturally() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(4200), "4.2 KB");
        assert_eq!(duration(200), "3m 20s");
        assert_eq!(duration(3723), "1h 2m 3s");
    }
}
