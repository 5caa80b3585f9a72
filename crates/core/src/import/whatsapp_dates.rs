//! The date and time that start a WhatsApp chat line, as phones write them in many languages
//! (see `whatsapp.rs` for the line formats): reading a line's timestamp, deciding from the
//! whole file whether dates are day-first or month-first, and the time as an item key writes it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::{DateOrder, DateOrderQuestion, Facts, ImportError, ReadCtx};

/// A message's timestamp line, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header<'a> {
    /// The date as written, for the date-order question.
    pub(super) date_text: &'a str,
    /// The date's three numbers in the order written.
    pub(super) fields: [u32; 3],
    /// The first field is a four-digit year (`2026-03-01`).
    pub(super) year_first: bool,
    pub(super) time: NaiveTime,
    /// `[date, time] Name: text` (iPhone) rather than `date, time - Name: text` (Android).
    pub(super) ios: bool,
    /// What follows the timestamp: `Name: text`, or a system notice.
    pub(super) rest: &'a str,
}

/// Parses the timestamp that starts a message line; `None` for a continuation line.
pub(crate) fn parse_header(line: &str) -> Option<Header<'_>> {
    let line = line.trim_start_matches(['\u{200e}', '\u{200f}', '\u{feff}']);
    let (ios, body) = match line.strip_prefix('[') {
        Some(r) => (true, r),
        None => (false, line),
    };
    let mut c = Cursor(body);
    let date_start = c.0;
    let (a, a_len) = c.number(1, 4)?;
    let sep = c.one_of(&['/', '.', '-'])?;
    let (b, _) = c.number(1, 2)?;
    c.exact(sep)?;
    let (y, y_len) = c.number(if a_len == 4 { 1 } else { 2 }, if a_len == 4 { 2 } else { 4 })?;
    if a_len == 3 || (a_len != 4 && y_len == 3) {
        return None;
    }
    c.optional('.');
    let date_text = &date_start[..date_start.len() - c.0.len()];
    // Arabic writes its own comma after the date.
    let save = c.0;
    if c.one_of(&[',', '،']).is_none() {
        c.0 = save;
    }
    c.spaces();
    if c.word("à") || c.word("um") || c.word("kl.") {
        c.spaces();
    }
    let (h, _) = c.number(1, 2)?;
    let tsep = c.one_of(&[':', '.'])?;
    let (m, _) = c.number(2, 2)?;
    let mut s = 0;
    let save = c.0;
    if c.exact(tsep).is_some() {
        match c.number(2, 2) {
            Some((sec, _)) => s = sec,
            None => c.0 = save,
        }
    }
    let save = c.0;
    c.spaces();
    let pm = c.am_pm();
    if pm.is_none() {
        c.0 = save;
    }
    let hour = match pm {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    let time = NaiveTime::from_hms_opt(hour, m, s)?;
    let rest = if ios {
        c.exact(']')?;
        c.exact(' ')?;
        c.0
    } else {
        c.spaces();
        c.one_of(&['-', '–'])?;
        c.exact(' ')?;
        c.0
    };
    Some(Header { date_text, fields: [a, b, y], year_first: a_len == 4, time, ios, rest })
}

/// A tiny forward-only reader over a line.
#[derive(Clone, Copy)]
struct Cursor<'a>(&'a str);

/// A digit's value in the scripts phones write dates in: ASCII, Arabic-Indic (Arabic),
/// Extended Arabic-Indic (Urdu, Persian), Devanagari (Hindi, Marathi), Bengali, Gurmukhi
/// (Punjabi) and Gujarati. A phone set to such a language may write its export's dates so.
fn digit_value(c: char) -> Option<u32> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{660}'..='\u{669}' => '\u{660}',
        '\u{6f0}'..='\u{6f9}' => '\u{6f0}',
        '\u{966}'..='\u{96f}' => '\u{966}',
        '\u{9e6}'..='\u{9ef}' => '\u{9e6}',
        '\u{a66}'..='\u{a6f}' => '\u{a66}',
        '\u{ae6}'..='\u{aef}' => '\u{ae6}',
        _ => return None,
    };
    Some(c as u32 - zero as u32)
}

/// AM/PM as phones write them, lower case, after [`Cursor::am_pm`]'s folding of no-break
/// spaces: `am`, `a.m.`, `a. m.` (Spanish), `vorm.`/`nachm.` (older German), `ص`/`م`
/// (Arabic), `öö`/`ös` (Turkish), `पूर्वाह्न`/`अपराह्न` (Hindi), `পূর্বাহ্ণ`/`অপরাহ্ণ` (Bengali),
/// `ਪੂ.ਦੁ.`/`ਬਾ.ਦੁ.` (Punjabi), from the locales' date formats (CLDR) that phones use;
/// `true` for PM. Longer spellings first.
const AM_PM: [(&str, bool); 16] = [
    ("a. m.", false),
    ("p. m.", true),
    ("a.m.", false),
    ("p.m.", true),
    ("vorm.", false),
    ("nachm.", true),
    ("पूर्वाह्न", false),
    ("अपराह्न", true),
    ("পূর্বাহ্ণ", false),
    ("অপরাহ্ণ", true),
    ("ਪੂ.ਦੁ.", false),
    ("ਬਾ.ਦੁ.", true),
    ("öö", false),
    ("ös", true),
    ("am", false),
    ("pm", true),
];

/// Arabic's AM and PM, single letters: only taken when nothing else of a word follows.
const AM_PM_ARABIC: [(char, bool); 2] = [('ص', false), ('م', true)];

impl<'a> Cursor<'a> {
    /// Skips the invisible direction marks right-to-left locales put around numbers.
    fn marks(&mut self) {
        self.0 = self.0.trim_start_matches(super::whatsapp_phrases::is_bidi_mark);
    }

    /// A number of `min..=max` digits in any script [`digit_value`] knows: (value, digits).
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        self.marks();
        let (mut value, mut len, mut bytes) = (0u32, 0usize, 0usize);
        for c in self.0.chars() {
            let Some(d) = digit_value(c) else { break };
            len += 1;
            if len > max {
                return None;
            }
            value = value * 10 + d;
            bytes += c.len_utf8();
        }
        if len < min {
            return None;
        }
        self.0 = &self.0[bytes..];
        Some((value, len))
    }

    fn one_of(&mut self, options: &[char]) -> Option<char> {
        self.marks();
        let c = self.0.chars().next().filter(|c| options.contains(c))?;
        self.0 = &self.0[c.len_utf8()..];
        Some(c)
    }

    fn exact(&mut self, want: char) -> Option<()> {
        self.one_of(&[want]).map(|_| ())
    }

    fn optional(&mut self, want: char) {
        let save = self.0;
        if self.exact(want).is_none() {
            self.0 = save;
        }
    }

    fn spaces(&mut self) {
        self.0 = self.0.trim_start_matches(|c: char| {
            [' ', '\u{202f}', '\u{a0}', '\t'].contains(&c) || super::whatsapp_phrases::is_bidi_mark(c)
        });
    }

    fn word(&mut self, w: &str) -> bool {
        match self.0.strip_prefix(w) {
            Some(r) if r.starts_with([' ', '\u{a0}']) => {
                self.0 = r;
                true
            }
            _ => false,
        }
    }

    /// AM/PM in the spellings of [`AM_PM`] and [`AM_PM_ARABIC`]; `Some(true)` for PM. The
    /// marker must end there (`am` of `amazing` is not one).
    fn am_pm(&mut self) -> Option<bool> {
        // Compared char for char after folding (no-break spaces to spaces, single-char lower
        // case), so a spelling's length in chars is its length in the line; nothing is copied.
        let fold = |c: char| {
            if c == '\u{a0}' || c == '\u{202f}' {
                return ' ';
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        };
        let ends = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        // The line's first character, folded once: only spellings starting with it are compared
        // (folding an Arabic letter looks it up in Unicode's tables, sixteen times a line before).
        let first = fold(self.0.chars().next()?);
        for (spelling, pm) in AM_PM {
            if !spelling.starts_with(first) {
                continue;
            }
            let mut line = self.0.chars();
            if spelling.chars().all(|want| line.next().is_some_and(|c| fold(c) == want)) && ends(line.as_str()) {
                self.0 = line.as_str();
                return Some(pm);
            }
        }
        let mut chars = self.0.chars();
        let first = chars.next()?;
        let (_, pm) = AM_PM_ARABIC.iter().find(|(c, _)| *c == first)?;
        if ends(chars.as_str()) {
            self.0 = chars.as_str();
            return Some(*pm);
        }
        None
    }
}

/// A message's time in its item key, as `%Y-%m-%dT%H:%M:%S` writes it (years here have four
/// digits), without running chrono's format parser on every message. The key must not change:
/// it is how a message imported before is known again.
pub(super) fn key_stamp(naive: NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        naive.year(),
        naive.month(),
        naive.day(),
        naive.hour(),
        naive.minute(),
        naive.second()
    )
}

/// How far a message may be dated before the latest one above it while the chat still counts as
/// in time order: a phone's clock going back an hour for winter time, or set by hand, or the
/// phone carried across time zones, moves a message back by hours. Reading dates the wrong way
/// round moves one back by about a month or more (from `12/03` to `01/04` is 12 March to 1 April
/// one way, 3 December to 4 January the other).
const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Whether reading every date `order` keeps the messages in time order (no message more than
/// [`CLOCK_SLACK`] before the latest one above it). A date that does not exist in this reading
/// is passed over: it is counted as unreadable later.
fn keeps_time_order<'h, 'a: 'h>(headers: impl Iterator<Item = &'h Header<'a>>, order: DateOrder) -> bool {
    let mut latest: Option<NaiveDateTime> = None;
    for header in headers {
        let Some(at) = naive_datetime(header, order) else { continue };
        match latest {
            Some(l) if at + CLOCK_SLACK < l => return false,
            Some(l) if at <= l => {}
            _ => latest = Some(at),
        }
    }
    true
}

/// Decides day-first or month-first from the whole file: a first field above 12 anywhere means
/// day-first, a second one month-first; where no field is above 12, the only reading that keeps
/// the messages in time order, if only one does ([`Facts::date_order_by_time`]); otherwise the
/// person's answer, or a question.
pub(super) fn decide_order<'h, 'a: 'h>(
    headers: impl Iterator<Item = &'h Header<'a>> + Clone,
    ctx: &ReadCtx,
    facts: &mut Facts,
) -> Result<DateOrder, ImportError> {
    let mut day_first: Option<&str> = None;
    let mut month_first: Option<&str> = None;
    let mut ambiguous: Option<&Header<'_>> = None;
    let dated = headers.filter(|h| !h.year_first);
    for header in dated.clone() {
        let [a, b, _] = header.fields;
        if a > 12 && day_first.is_none() {
            day_first = Some(header.date_text);
        }
        if b > 12 && month_first.is_none() {
            month_first = Some(header.date_text);
        }
        if a != b && a <= 12 && b <= 12 && ambiguous.is_none() {
            ambiguous = Some(header);
        }
    }
    match (day_first, month_first) {
        (Some(d), Some(m)) => {
            return Err(ImportError::DateOrderInconsistent { example: format!("{d} and {m}") });
        }
        (Some(_), None) => return Ok(DateOrder::DayFirst),
        (None, Some(_)) => return Ok(DateOrder::MonthFirst),
        (None, None) => {}
    }
    let Some(h) = ambiguous else { return Ok(DateOrder::DayFirst) };
    let by_time =
        match (keeps_time_order(dated.clone(), DateOrder::DayFirst), keeps_time_order(dated, DateOrder::MonthFirst)) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            // Both keep the order (a chat of a few days), or neither does (a clock set wrong):
            // the file does not decide.
            _ => None,
        };
    if let Some(order) = by_time {
        facts.date_order_by_time = true;
        return Ok(order);
    }
    if let Some(order) = ctx.date_order {
        return Ok(order);
    }
    let question = DateOrderQuestion {
        example: h.date_text.to_owned(),
        day_first: date(h, DateOrder::DayFirst).unwrap_or_default(),
        month_first: date(h, DateOrder::MonthFirst).unwrap_or_default(),
    };
    if ctx.provisional_dates {
        facts.question = Some(question);
        Ok(DateOrder::DayFirst)
    } else {
        Err(ImportError::DateOrderNeeded { example: question.example })
    }
}

fn date(h: &Header<'_>, order: DateOrder) -> Option<NaiveDate> {
    let [a, b, c] = h.fields;
    let (y, m, d) = if h.year_first {
        (a, b, c)
    } else {
        let y = if c < 100 { 2000 + c } else { c };
        match order {
            DateOrder::DayFirst => (y, b, a),
            DateOrder::MonthFirst => (y, a, b),
        }
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

pub(super) fn naive_datetime(h: &Header<'_>, order: DateOrder) -> Option<NaiveDateTime> {
    Some(date(h, order)?.and_time(h.time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap_or_default()
    }

    #[test]
    fn android_and_iphone_timestamps_in_several_locales() {
        let cases = [
            ("01/03/2026, 21:14 - Jon: hi", [1, 3, 2026], t(21, 14, 0), false),
            ("3/1/26, 9:14 PM - Jon: hi", [3, 1, 26], t(21, 14, 0), false),
            ("3/1/26, 9:14\u{202f}PM - Jon: hi", [3, 1, 26], t(21, 14, 0), false),
            ("01.03.26, 21:14 - Jon: hallo", [1, 3, 26], t(21, 14, 0), false),
            ("01/03/2026 à 21:14 - Jon: salut", [1, 3, 2026], t(21, 14, 0), false),
            ("1/3/26, 9:14 p. m. - Jon: hola", [1, 3, 26], t(21, 14, 0), false),
            ("12/03/2026, 12:05 am - Jon: x", [12, 3, 2026], t(0, 5, 0), false),
            ("[01/03/2026, 21:14:03] Jon: hi", [1, 3, 2026], t(21, 14, 3), true),
            ("\u{200e}[3/1/26, 9:14:03\u{202f}PM] Jon: hi", [3, 1, 26], t(21, 14, 3), true),
            ("[01.03.26, 21:14:03] Jon: hallo", [1, 3, 26], t(21, 14, 3), true),
            ("[01.03.26, 9:14:03\u{202f}nachm.] Jon: hallo", [1, 3, 26], t(21, 14, 3), true),
            ("01.03.26, 12:05 vorm. - Jon: hallo", [1, 3, 26], t(0, 5, 0), false),
            ("2026-03-01, 21:14 - Jon: hej", [2026, 3, 1], t(21, 14, 0), false),
            // Arabic: Arabic-Indic digits, right-to-left marks, the Arabic comma, ص/م.
            ("\u{200f}[١٥/٠٩/٢٠٢٦، ٨:٤٦:٠٠ م] Jon: x", [15, 9, 2026], t(20, 46, 0), true),
            ("١٥\u{200f}/٩\u{200f}/٢٠٢٦، ٩:٠٥ ص - Jon: x", [15, 9, 2026], t(9, 5, 0), false),
            ("1/5/2025، 09:17 - Jon: x", [1, 5, 2025], t(9, 17, 0), false),
            // Bengali and Devanagari digits; Urdu's Extended Arabic-Indic digits.
            ("১৩/৩/২৬ ৯:১৪ PM - Jon: x", [13, 3, 26], t(21, 14, 0), false),
            ("१३/३/२६, ९:१४ pm - Jon: x", [13, 3, 26], t(21, 14, 0), false),
            ("۱۳/۳/۲۶, ۹:۱۴ PM - Jon: x", [13, 3, 26], t(21, 14, 0), false),
            // Local AM/PM words: Spanish with no-break spaces, Punjabi, Turkish, Hindi.
            ("13/3/26, 9:14\u{a0}p.\u{a0}m. - Jon: x", [13, 3, 26], t(21, 14, 0), false),
            ("13/3/26, 9:14 ਬਾ.ਦੁ. - Jon: x", [13, 3, 26], t(21, 14, 0), false),
            ("[13.03.2026 9:14:00 ÖS] Jon: x", [13, 3, 2026], t(21, 14, 0), true),
            ("13/3/26, 9:14 पूर्वाह्न - Jon: x", [13, 3, 26], t(9, 14, 0), false),
            // Dutch and Turkish Android: no comma after the date.
            ("13-03-2026 21:14 - Jon: x", [13, 3, 2026], t(21, 14, 0), false),
        ];
        for (line, fields, time, ios) in cases {
            let h = parse_header(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((h.fields, h.time, h.ios), (fields, time, ios), "{line}");
            assert!(h.rest.starts_with("Jon: "), "{line}");
        }
    }

    #[test]
    fn the_key_stamp_is_what_chrono_writes() {
        for (y, mo, d, h, mi, se) in [(2026, 3, 1, 21, 14, 3), (2000, 12, 31, 0, 0, 0), (1, 1, 9, 9, 5, 59)] {
            let naive = NaiveDate::from_ymd_opt(y, mo, d).and_then(|d| d.and_hms_opt(h, mi, se)).unwrap_or_default();
            assert_eq!(key_stamp(naive), naive.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }

    #[test]
    fn continuation_lines_and_prose_are_not_timestamps() {
        for line in [
            "and then he said",
            "12/03 at the station",
            "2026 was bad",
            "[note] x",
            "01/03/2026 hello",
            "١٥/٠٩ في المحطة",
            "13/3/26, 9:14 amazing - Jon: x",
        ] {
            assert!(parse_header(line).is_none(), "{line}");
        }
    }
}
