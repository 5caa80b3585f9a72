//! Reading values people type: times in their local zone, durations like `3m20s`, and the
//! empty value that clears a field when editing. Errors are messages for clap to show.

use casebook_core::import::{DateOrder, ImportFormat};
use casebook_core::{CallDirection, Recipient};
use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike};

/// A value that may be given as empty (or `none`) to clear a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clear<T>(pub Option<T>);

fn clearable<T>(s: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<Clear<T>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") { Ok(Clear(None)) } else { parse(t).map(|v| Clear(Some(v))) }
}

/// Now, in the local offset, to the second.
pub fn now() -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}

enum Parsed {
    Exact(DateTime<FixedOffset>),
    Day(NaiveDate),
}

const NAIVE_FORMATS: [&str; 4] = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"];
const OFFSET_FORMATS: [&str; 2] = ["%Y-%m-%d %H:%M%:z", "%Y-%m-%dT%H:%M%:z"];

fn parse_any(s: &str) -> Result<Parsed, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(Parsed::Exact(now()));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Parsed::Exact(t));
    }
    let with_z = s.replace(['Z', 'z'], "+00:00");
    for f in OFFSET_FORMATS {
        if let Ok(t) = DateTime::parse_from_str(&with_z, f) {
            return Ok(Parsed::Exact(t));
        }
    }
    for f in NAIVE_FORMATS {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, f) {
            return local(naive).map(Parsed::Exact);
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Parsed::Day(day));
    }
    Err(format!(
        "{s:?} is not a time I can read; write it like 2026-03-01 21:10 (your local time) or 2026-03-01T21:10:00+00:00"
    ))
}

/// A wall-clock time in this computer's time zone.
pub fn local(naive: NaiveDateTime) -> Result<DateTime<FixedOffset>, String> {
    match Local.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.fixed_offset()),
        // The hour repeated when the clocks went back: take the first.
        LocalResult::Ambiguous(first, _) => Ok(first.fixed_offset()),
        LocalResult::None => Err(format!(
            "{naive} did not exist here (the clocks went forward); give the offset, like {}+01:00",
            naive.format("%Y-%m-%dT%H:%M")
        )),
    }
}

/// A time; a bare date means the start of that day.
pub fn time_start(s: &str) -> Result<DateTime<FixedOffset>, String> {
    match parse_any(s)? {
        Parsed::Exact(t) => Ok(t),
        Parsed::Day(d) => local(d.and_time(chrono::NaiveTime::MIN)),
    }
}

/// An end of a range; a bare date includes the whole day (it means the next midnight).
pub fn time_end(s: &str) -> Result<DateTime<FixedOffset>, String> {
    match parse_any(s)? {
        Parsed::Exact(t) => Ok(t),
        Parsed::Day(d) => {
            let next = d.succ_opt().ok_or_else(|| format!("{d} is too far in the future"))?;
            local(next.and_time(chrono::NaiveTime::MIN))
        }
    }
}

/// `--until`: a time, or empty to clear.
pub fn clear_time(s: &str) -> Result<Clear<DateTime<FixedOffset>>, String> {
    clearable(s, time_start)
}

/// `--direction`: a call direction, or empty to clear.
pub fn clear_direction(s: &str) -> Result<Clear<CallDirection>, String> {
    clearable(s, |t| t.parse())
}

/// `--person`: a person's number, or empty to clear.
pub fn clear_person(s: &str) -> Result<Clear<u32>, String> {
    clearable(s, |t| t.parse::<u32>().map_err(|_| format!("{t:?} is not a person's number (see `casebook case show`)")))
}

/// `--duration`: seconds (`200`), units (`3m20s`, `1h5m`), or clock form (`3:20`, `1:02:03`).
pub fn clear_duration(s: &str) -> Result<Clear<u32>, String> {
    clearable(s, duration)
}

/// A duration in seconds.
pub fn duration(s: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} is not a duration; write seconds (200), 3m20s, or 3:20");
    let s = s.trim().to_ascii_lowercase().replace(' ', "");
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(n) = s.parse::<u32>() {
        return Ok(n);
    }
    let mut total: u64 = 0;
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 {
            return Err(bad());
        }
        for part in parts {
            let n: u64 = part.parse().map_err(|_| bad())?;
            total = total * 60 + n;
        }
    } else {
        let mut number = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
            let n: u64 = number.parse().map_err(|_| bad())?;
            total += n * unit;
            number.clear();
        }
        if !number.is_empty() {
            return Err(bad());
        }
    }
    u32::try_from(total).map_err(|_| bad())
}

/// `--recipient`: `police` or `advocate`.
pub fn recipient(s: &str) -> Result<Recipient, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "police" => Ok(Recipient::Police),
        "advocate" => Ok(Recipient::Advocate),
        _ => Err(format!("{s:?} is not a recipient; write police or advocate")),
    }
}

/// `--date-order`: `day-first` (3 April for 03/04) or `month-first` (4 March).
pub fn date_order(s: &str) -> Result<DateOrder, String> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "day-first" | "dmy" => Ok(DateOrder::DayFirst),
        "month-first" | "mdy" => Ok(DateOrder::MonthFirst),
        _ => Err(format!("{s:?} is not a date order; write day-first (03/04 is 3 April) or month-first (4 March)")),
    }
}

/// `--utc-offset`: `+01:00`, `-05:00`, `+0530`, or `Z`/`UTC` for `+00:00`.
pub fn utc_offset(s: &str) -> Result<FixedOffset, String> {
    let t = s.trim();
    let bad = || format!("{s:?} is not a UTC offset; write it like +01:00 or -05:00");
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) || rest.len() > 5 {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = digits[2..].parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// `--format` for `import`: `sms`, `whatsapp`, `email`, `telegram`, `x`, `instagram` or `messenger`.
pub fn import_format(s: &str) -> Result<ImportFormat, String> {
    match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
        "sms" | "sms_backup_restore" | "calls" => Ok(ImportFormat::SmsBackupRestore),
        "whatsapp" | "whatsapp_chat" => Ok(ImportFormat::WhatsAppChat),
        "email" | "eml" | "mbox" => Ok(ImportFormat::Email),
        "telegram" | "telegram_chat" => Ok(ImportFormat::TelegramChat),
        "x" | "twitter" | "x_archive" => Ok(ImportFormat::XArchive),
        "instagram" | "instagram_messages" => Ok(ImportFormat::InstagramMessages),
        "messenger" | "facebook" | "messenger_messages" => Ok(ImportFormat::MessengerMessages),
        _ => Err(format!(
            "{s:?} is not an import format; write sms, whatsapp, email, telegram, x, instagram or messenger"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_every_documented_form() {
        assert_eq!(duration("200"), Ok(200));
        assert_eq!(duration("3m20s"), Ok(200));
        assert_eq!(duration("1h 2m 3s"), Ok(3723));
        assert_eq!(duration("3:20"), Ok(200));
        assert_eq!(duration("1:02:03"), Ok(3723));
        assert_eq!(duration("45s"), Ok(45));
    }

    #[test]
    fn bad_durations_are_errors_not_zero() {
        for bad in ["", "m", "3x", "3m20", "1:2:3:4", "-5", "99999999999"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_with_an_offset_keep_it() {
        let t = time_start("2026-03-01T21:10:00+02:00").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 7200);
        let t = time_start("2026-03-01 21:10+02:00").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 7200);
        let t = time_start("2026-03-01T21:10:00Z").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 0);
    }

    #[test]
    fn local_times_read_with_space_or_t() {
        let a = time_start("2026-03-01 21:10").unwrap();
        let b = time_start("2026-03-01T21:10").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.naive_local().format("%H:%M").to_string(), "21:10");
    }

    #[test]
    fn a_bare_date_ends_at_the_next_midnight() {
        let start = time_start("2026-03-01").unwrap();
        let end = time_end("2026-03-01").unwrap();
        assert_eq!(start.naive_local().to_string(), "2026-03-01 00:00:00");
        assert_eq!(end.naive_local().to_string(), "2026-03-02 00:00:00");
    }

    #[test]
    fn nonsense_times_are_refused_with_an_example() {
        let err = time_start("yesterday-ish").unwrap_err();
        assert!(err.contains("2026-03-01 21:10"));
    }

    #[test]
    fn empty_or_none_clears() {
        assert_eq!(clear_person(""), Ok(Clear(None)));
        assert_eq!(clear_person("none"), Ok(Clear(None)));
        assert_eq!(clear_person("3"), Ok(Clear(Some(3))));
        assert!(clear_person("x").is_err());
    }

    #[test]
    fn utc_offsets_read_in_the_usual_forms() {
        let secs = |s| utc_offset(s).map(|o| o.local_minus_utc());
        assert_eq!(secs("+01:00"), Ok(3600));
        assert_eq!(secs("-05:00"), Ok(-18000));
        assert_eq!(secs("+0530"), Ok(19800));
        assert_eq!(secs("Z"), Ok(0));
        for bad in ["", "1", "+1", "+25:00", "+01:60", "01:00", "+01:00:00", "+aa:bb"] {
            assert!(utc_offset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_orders_and_recipients_read_plainly() {
        assert_eq!(date_order("day-first"), Ok(DateOrder::DayFirst));
        assert_eq!(date_order("Month_First"), Ok(DateOrder::MonthFirst));
        assert!(date_order("first").is_err());
        assert_eq!(recipient("Advocate"), Ok(Recipient::Advocate));
        assert!(recipient("press").is_err());
    }
}
