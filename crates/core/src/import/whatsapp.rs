//! WhatsApp "Export chat", as the phone writes it.
//!
//! - Android: `01/03/2026, 21:14 - Jon Doe: text` (`3/1/26, 9:14 PM - ...` in US English,
//!   `01.03.26, 21:14 - ...` in German); media as `IMG-20260301-WA0001.jpg (file
//!   attached)`, or `<Media omitted>` when exported without media; system lines have no
//!   `Name:` ("Messages and calls are end-to-end encrypted...").
//! - iPhone: `[01/03/2026, 21:14:03] Jon Doe: text`, lines often starting with U+200E;
//!   media as `<attached: 00000012-PHOTO-2026-03-01-21-14-03.jpg>`, or `image omitted`;
//!   system lines are attributed to the chat and start with U+200E, as do media-omitted,
//!   deleted-message, call and poll lines: such a line is a message unless it is a notice
//!   listed in `whatsapp_phrases.rs` (in any language it is not listed in, it stays a message).
//! - 12-hour clocks write `9:14 PM`, `9:14 pm`, `9:14 p.m.`, often with U+202F (narrow
//!   no-break space) before the marker.
//! - A line without a timestamp continues the message above (multi-line messages).
//! - Dates are day-first or month-first by locale, and the file does not say which: a
//!   day above 12 anywhere decides; otherwise the person is asked.
//! - Times are the phone's clock, with no zone: they are placed in the caller's zone.
//!
//! The `.zip` export holds the text as `_chat.txt` (iPhone) or `WhatsApp Chat with X.txt`
//! (Android) beside the media files.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::item::ItemSpan;
use super::item::{Direction, Item, Media, MediaData, MediaSource, NoMedia, item_key};
use super::text::{clean, decode_text_exact};
use super::whatsapp_phrases::Means;
use super::zipsafe::{MAX_CHAT_BYTES, SafeZip};
use super::{DateOrder, DateOrderQuestion, Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::EntryKind;

const FORMAT: ImportFormat = ImportFormat::WhatsAppChat;

/// A chat exported as text alone.
pub(crate) fn read_txt(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_CHAT_BYTES {
        return Err(ImportError::TooLarge { what: "the chat text".into(), limit: MAX_CHAT_BYTES });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(path)?.take(MAX_CHAT_BYTES).read_to_end(&mut bytes)?;
    let (text, skip) = decode_text_exact(&bytes);
    let origin = skip.map(|skip| Origin { member: None, skip });
    read_chat(&text, origin, ctx, sink, &mut NoMedia)
}

/// A chat exported with media, as a zip.
pub(crate) fn read_zip(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let mut zip = SafeZip::open(path)?;
    let (text, skip) = decode_text_exact(&zip.read_chat()?);
    let member = zip.chat_name();
    let origin = skip.filter(|_| member.is_some()).map(|skip| Origin { member, skip });
    read_chat(&text, origin, ctx, sink, &mut zip)
}

/// Where the chat text's bytes are: a file inside the zip (or the export file itself), after
/// a byte-order mark of `skip` bytes. Only for text that needed no conversion.
struct Origin {
    member: Option<String>,
    skip: usize,
}

impl MediaSource for SafeZip {
    fn has(&self, name: &str) -> bool {
        self.contains(name)
    }

    fn open(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        self.open_file(name)
    }
}

/// A message's timestamp line, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header<'a> {
    /// The date as written, for the date-order question.
    date_text: &'a str,
    /// The date's three numbers in the order written.
    fields: [u32; 3],
    /// The first field is a four-digit year (`2026-03-01`).
    year_first: bool,
    time: NaiveTime,
    /// `[date, time] Name: text` (iPhone) rather than `date, time - Name: text` (Android).
    ios: bool,
    /// What follows the timestamp: `Name: text`, or a system notice.
    rest: &'a str,
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
    c.optional(',');
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

impl<'a> Cursor<'a> {
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let len = self.0.bytes().take(max + 1).take_while(u8::is_ascii_digit).count();
        if len < min || len > max {
            return None;
        }
        let n = self.0[..len].parse().ok()?;
        self.0 = &self.0[len..];
        Some((n, len))
    }

    fn one_of(&mut self, options: &[char]) -> Option<char> {
        let c = self.0.chars().next().filter(|c| options.contains(c))?;
        self.0 = &self.0[c.len_utf8()..];
        Some(c)
    }

    fn exact(&mut self, want: char) -> Option<()> {
        self.one_of(&[want]).map(|_| ())
    }

    fn optional(&mut self, want: char) {
        let _ = self.exact(want);
    }

    fn spaces(&mut self) {
        self.0 = self.0.trim_start_matches([' ', '\u{202f}', '\u{a0}', '\t']);
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

    /// AM/PM in the spellings phones use: `AM`, `am`, `a.m.`, `a. m.` (Spanish), `vorm.` and
    /// `nachm.` (German); `Some(true)` for PM.
    fn am_pm(&mut self) -> Option<bool> {
        let lower: String = self.0.chars().take(6).collect::<String>().to_ascii_lowercase();
        for (spelling, pm) in [
            ("a. m.", false),
            ("p. m.", true),
            ("a.m.", false),
            ("p.m.", true),
            ("vorm.", false),
            ("nachm.", true),
            ("am", false),
            ("pm", true),
        ] {
            if lower.starts_with(spelling) {
                self.0 = &self.0[spelling.len()..];
                return Some(pm);
            }
        }
        None
    }
}

/// One message before dates are resolved.
struct Raw<'a> {
    header: Header<'a>,
    text: String,
    /// Its lines' byte range in the chat text (line ends between them, not after the last).
    start: usize,
    end: usize,
}

fn read_chat(
    text: &str,
    origin: Option<Origin>,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
    media: &mut dyn MediaSource,
) -> Result<Facts, ImportError> {
    let mut raws: Vec<Raw<'_>> = Vec::new();
    let mut facts = Facts { times_without_zone: true, ..Facts::default() };
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let start = offset;
        offset += raw_line.len();
        // As str::lines: without "\n" or "\r\n".
        let line = raw_line.strip_suffix('\n').map_or(raw_line, |l| l.strip_suffix('\r').unwrap_or(l));
        let end = start + line.len();
        match parse_header(line) {
            Some(header) => {
                let text = header.rest.to_owned();
                raws.push(Raw { header, text, start, end });
            }
            None => match raws.last_mut() {
                Some(last) => {
                    last.text.push('\n');
                    last.text.push_str(line);
                    last.end = end;
                }
                None if line.trim().is_empty() => {}
                None => facts.skipped += 1,
            },
        }
    }
    if raws.is_empty() {
        return Err(ImportError::WrongFormat { expected: FORMAT, found: None });
    }
    let order = decide_order(&raws, ctx, &mut facts)?;
    facts.date_order = Some(order);
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    for raw in &raws {
        let Some(naive) = naive_datetime(&raw.header, order) else {
            facts.skipped += 1;
            continue;
        };
        let Some(at) = ctx.zone.local(naive) else {
            facts.skipped += 1;
            continue;
        };
        let Some(message) = split_message(&raw.header, &raw.text) else {
            facts.skipped += 1;
            continue;
        };
        let party = ctx.normaliser.sender(message.sender);
        let body = clean(&message.body);
        let stamp = naive.format("%Y-%m-%dT%H:%M:%S").to_string();
        let base = item_key(&["whatsapp", &party.key.value, &stamp, &body, message.attached.as_deref().unwrap_or("")]);
        let n = occurrences.entry(base.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 { base } else { item_key(&[&base, &n.to_string()]) };
        let mut notes = Vec::new();
        if message.omitted {
            let what = message.label.unwrap_or("photo, video or file");
            notes.push(format!("The chat was exported without media; this message's {what} is not included."));
        }
        if let Some(note) = message.note {
            notes.push(note);
        }
        let item = Item {
            kind: EntryKind::TextMessage,
            at,
            parties: vec![party],
            contact_name: None,
            direction: Direction::FromSender,
            call: None,
            picture: false,
            subject: None,
            body,
            media: message
                .attached
                .map(|name| vec![Media { data: MediaData::InZip(name.clone()), name }])
                .unwrap_or_default(),
            notes,
            key,
            span: origin.as_ref().filter(|_| ctx.want_media).map(|o| {
                ItemSpan::of(o.member.as_deref(), (o.skip + raw.start) as u64, &text.as_bytes()[raw.start..raw.end])
            }),
        };
        sink(item, media)?;
    }
    Ok(facts)
}

/// Decides day-first or month-first from the whole file.
fn decide_order(raws: &[Raw<'_>], ctx: &ReadCtx, facts: &mut Facts) -> Result<DateOrder, ImportError> {
    let mut day_first: Option<&str> = None;
    let mut month_first: Option<&str> = None;
    let mut ambiguous: Option<&Header<'_>> = None;
    for raw in raws.iter().filter(|r| !r.header.year_first) {
        let [a, b, _] = raw.header.fields;
        if a > 12 && day_first.is_none() {
            day_first = Some(raw.header.date_text);
        }
        if b > 12 && month_first.is_none() {
            month_first = Some(raw.header.date_text);
        }
        if a != b && a <= 12 && b <= 12 && ambiguous.is_none() {
            ambiguous = Some(&raw.header);
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

fn naive_datetime(h: &Header<'_>, order: DateOrder) -> Option<NaiveDateTime> {
    Some(date(h, order)?.and_time(h.time))
}

/// A message's sender, text and media reference.
struct Message<'a> {
    sender: &'a str,
    body: String,
    attached: Option<String>,
    omitted: bool,
    /// What a fixed phrase of WhatsApp's said, in plain English ("picture", "a poll").
    label: Option<&'static str>,
    /// A note for the entry about a line WhatsApp wrote itself.
    note: Option<String>,
}

/// iPhone notices that are not messages start with U+200E; so do its media lines.
const IOS_MARK: char = '\u{200e}';

/// Localised forms of Android's "(file attached)".
const FILE_ATTACHED: [&str; 7] = [
    " (file attached)",
    " (Datei angehängt)",
    " (archivo adjunto)",
    " (fichier joint)",
    " (file allegato)",
    " (arquivo anexado)",
    " (bestand bijgevoegd)",
];

/// `None` for a system notice.
///
/// Which lines are messages is decided by structure, not by words: a line with a sender and a
/// body is a message in any language. Android writes its notices without a sender. The iPhone
/// attributes its notices to the chat and marks them with U+200E, as it marks media lines,
/// deleted messages, calls and polls; a marked line is a notice only when it is one of the
/// notices in [`whatsapp_phrases`](super::whatsapp_phrases), and otherwise a message with a note.
fn split_message<'a>(h: &Header<'a>, text: &'a str) -> Option<Message<'a>> {
    let first_line = text.lines().next().unwrap_or_default();
    let (sender, first_len) = match first_line.split_once(": ") {
        Some((sender, _)) => (sender, sender.len() + 2),
        // A sender with an empty body (an iPhone album's header line). Android writes notices
        // without a sender, and one ending in ':' must not pass for a name with spaces.
        None if first_line.ends_with(':') && (h.ios || !first_line.contains(' ')) => {
            (&first_line[..first_line.len() - 1], first_line.len())
        }
        None => return None, // Android system notice: no "Name:"
    };
    if sender.is_empty() || sender.chars().count() > 80 {
        return None;
    }
    let content = text.get(first_len..).unwrap_or_default();
    let marked = content.starts_with(IOS_MARK);
    let content: String = content.lines().map(|l| l.trim_start_matches(IOS_MARK)).collect::<Vec<_>>().join("\n");
    let trimmed = content.trim();
    let mut attached = None;
    let mut omitted = false;
    let mut label = None;
    let mut note = None;
    let mut body = content.clone();
    if let Some(start) = content.find("<attached: ")
        && let Some(len) = content[start..].find('>')
    {
        attached = Some(content[start + "<attached: ".len()..start + len].trim().to_owned());
        body = format!("{}{}", &content[..start], &content[start + len + 1..]).trim().to_owned();
    } else if ["<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>"].contains(&trimmed) {
        omitted = true;
        body = String::new();
    } else if let Some(first) = content.lines().next()
        && let Some(suffix) = FILE_ATTACHED.iter().find(|s| first.ends_with(**s))
    {
        attached = Some(first[..first.len() - suffix.len()].trim().to_owned());
        body = content.lines().skip(1).collect::<Vec<_>>().join("\n");
    } else if h.ios && marked {
        match super::whatsapp_phrases::lookup(trimmed).map(|r| (r.means, r.lang)) {
            Some((Means::Notice, _)) => return None,
            Some((Means::Omitted(what), lang)) => {
                omitted = true;
                label = Some(what);
                body = String::new();
                // The words as written, where they are not the English the label repeats.
                if lang != "en" {
                    note = Some(format!("WhatsApp wrote: \"{trimmed}\"."));
                }
            }
            Some((Means::Event(what), _)) => {
                label = Some(what);
                note = Some(format!("WhatsApp wrote this line itself: it records {what}."));
            }
            None if is_ios_omitted(trimmed) => {
                omitted = true;
                body = String::new();
            }
            None => {
                note = Some(
                    "WhatsApp wrote this line itself (it carries WhatsApp's mark): it records something that \
                     happened in the chat, such as media, a call, a poll or a deleted message."
                        .to_owned(),
                );
            }
        }
    }
    Some(Message { sender, body, attached, omitted, label, note })
}

fn is_ios_omitted(text: &str) -> bool {
    ["image omitted", "video omitted", "audio omitted", "sticker omitted", "GIF omitted", "document omitted"]
        .iter()
        .any(|s| text.eq_ignore_ascii_case(s))
        || (text.ends_with(" omitted") && text.len() < 40)
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
        ];
        for (line, fields, time, ios) in cases {
            let h = parse_header(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((h.fields, h.time, h.ios), (fields, time, ios), "{line}");
            assert!(h.rest.starts_with("Jon: "), "{line}");
        }
    }

    #[test]
    fn continuation_lines_and_prose_are_not_timestamps() {
        for line in ["and then he said", "12/03 at the station", "2026 was bad", "[note] x", "01/03/2026 hello"] {
            assert!(parse_header(line).is_none(), "{line}");
        }
    }
}
