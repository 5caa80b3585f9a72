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

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::item::ItemSpan;
use super::item::{Direction, Item, Media, MediaData, MediaSource, NoMedia, item_key};
use super::lines::ChatLines;
use super::text::{clean, decode_text_exact};
use super::whatsapp_phrases::{Match, Means, Platform};
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
        // Folded char for char (no-break spaces to spaces, ASCII lower case), so a spelling's
        // length in chars is its length in the line.
        let folded: String = self
            .0
            .chars()
            .take(12)
            .map(|c| {
                if c == '\u{a0}' || c == '\u{202f}' {
                    return ' ';
                }
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            })
            .collect();
        let ends = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        for (spelling, pm) in AM_PM {
            if let Some(rest) = folded.strip_prefix(spelling)
                && ends(rest)
            {
                let bytes: usize = self.0.chars().take(spelling.chars().count()).map(char::len_utf8).sum();
                self.0 = &self.0[bytes..];
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

/// One message before dates are resolved.
struct Raw<'a> {
    header: Header<'a>,
    text: String,
    /// Its lines' byte range in the chat text (line ends between them, not after the last).
    start: usize,
    end: usize,
    /// Its first line's number in the chat text (from 1), that line, and how many lines it has.
    line_no: u64,
    first_line: &'a str,
    lines: u64,
}

/// Why a dated line is not a message, in plain words for the import's accounting.
const NO_DATE: &str = "a date that does not exist";
const NO_TIME: &str = "a time that does not exist in the time zone it is read in";
const BEFORE_FIRST: &str = "text before the first dated line";

fn read_chat(
    text: &str,
    origin: Option<Origin>,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
    media: &mut dyn MediaSource,
) -> Result<Facts, ImportError> {
    let mut raws: Vec<Raw<'_>> = Vec::new();
    let mut facts = Facts { times_without_zone: true, ..Facts::default() };
    let mut lines = ChatLines::default();
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let start = offset;
        offset += raw_line.len();
        lines.lines_read += 1;
        // As str::lines: without "\n" or "\r\n".
        let line = raw_line.strip_suffix('\n').map_or(raw_line, |l| l.strip_suffix('\r').unwrap_or(l));
        let end = start + line.len();
        match parse_header(line) {
            Some(header) => {
                let text = header.rest.to_owned();
                raws.push(Raw { header, text, start, end, line_no: lines.lines_read, first_line: line, lines: 1 });
            }
            None => match raws.last_mut() {
                Some(last) => {
                    last.text.push('\n');
                    last.text.push_str(line);
                    last.end = end;
                    last.lines += 1;
                }
                None if line.trim().is_empty() => lines.blank_lines += 1,
                None => {
                    lines.unreadable_lines += 1;
                    ChatLines::add(&mut lines.unreadable, BEFORE_FIRST, 1, lines.lines_read, line);
                }
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
        let unreadable = |lines: &mut ChatLines, why: &str| {
            lines.unreadable_lines += raw.lines;
            ChatLines::add(&mut lines.unreadable, why, raw.lines, raw.line_no, raw.first_line);
        };
        let Some(naive) = naive_datetime(&raw.header, order) else {
            unreadable(&mut lines, NO_DATE);
            continue;
        };
        let Some(at) = ctx.zone.local(naive) else {
            unreadable(&mut lines, NO_TIME);
            continue;
        };
        let message = match split_message(&raw.header, &raw.text) {
            Split::Message(m) => m,
            Split::Notice(kind) => {
                lines.notice_lines += raw.lines;
                ChatLines::add(&mut lines.notices, kind, raw.lines, raw.line_no, raw.first_line);
                continue;
            }
            Split::Unreadable(why) => {
                unreadable(&mut lines, why);
                continue;
            }
        };
        lines.message_lines += 1;
        lines.continuation_lines += raw.lines - 1;
        if let Some(kind) = message.kind() {
            ChatLines::add(&mut lines.labelled, &kind, 1, raw.line_no, raw.first_line);
        }
        let party = ctx.normaliser.sender(message.sender);
        let body = clean(&message.body);
        let stamp = key_stamp(naive);
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
    facts.skipped = lines.not_taken();
    facts.lines = Some(lines);
    Ok(facts)
}

/// A message's time in its item key, as `%Y-%m-%dT%H:%M:%S` writes it (years here have four
/// digits), without running chrono's format parser on every message. The key must not change:
/// it is how a message imported before is known again.
fn key_stamp(naive: NaiveDateTime) -> String {
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
    /// An iPhone line with WhatsApp's mark that no phrase in the table names.
    marked: bool,
}

impl Message<'_> {
    /// What WhatsApp's own words on this line mean, for the accounting: `None` for a person's
    /// words (or a file attached by name).
    fn kind(&self) -> Option<String> {
        if self.omitted {
            return Some(format!("media not included in the export: {}", self.label.unwrap_or("photo, video or file")));
        }
        if let Some(label) = self.label {
            return Some(label.to_owned());
        }
        self.marked.then(|| "a line WhatsApp marked as its own, in words the phrase table does not list".to_owned())
    }
}

/// What a dated line is.
enum Split<'a> {
    Message(Message<'a>),
    /// A notice of WhatsApp's, of this kind.
    Notice(&'static str),
    /// Not readable, for this reason.
    Unreadable(&'static str),
}

/// An Android line without a sender: named by the iPhone's notice phrases where one matches
/// (the encryption notice reads the same), otherwise a group or system notice.
fn notice_kind(text: &str) -> &'static str {
    match super::whatsapp_phrases::lookup(text.trim(), Platform::Ios).map(|r| r.means) {
        Some(Means::Notice(kind)) => kind,
        _ => "notice without a sender (a group or system notice)",
    }
}

/// iPhone notices that are not messages start with U+200E; so do its media lines.
const IOS_MARK: char = '\u{200e}';

/// Localised forms of Android's "(file attached)", from WhatsApp for Android's strings
/// (`email_file_attached`, as collected by an open-source export parser) and, for Polish's
/// newer form, an export sample (`IMG-20261007-WA0003.jpg (plik załączony)`).
const FILE_ATTACHED: [&str; 20] = [
    " (file attached)",
    " (Datei angehängt)",
    " (archivo adjunto)",
    " (fichier joint)",
    " (file allegato)",
    " (arquivo anexado)",
    " (ficheiro anexado)",
    " (bestand bijgevoegd)",
    " (plik załączony)",
    " (załączony plik)",
    " (fișier atașat)",
    " (dosya ekli)",
    " (الملف مرفق)",
    " (پیوستہ فائل)",
    " (फाइल अटैच कर दी गई है)",
    " (फाइल संलग्न)",
    " (ফাইল সংযুক্ত হয়েছে)",
    " (ਅਟੈਚ ਕੀਤੀ ਫਾਇਲ)",
    " (ફાઇલ જોડાયેલ)",
    " (archivo adjuntado)",
];

/// Localised forms of the iPhone's `<attached: NAME>`, from WhatsApp for iPhone's strings
/// (key `zQ+5d`, as collected by the same parser).
const IOS_ATTACHED: [&str; 16] = [
    "attached",
    "Anhang",
    "pièce jointe",
    "adjunto",
    "anexo",
    "anexado",
    "allegato",
    "bijgevoegd",
    "załączono",
    "atașare",
    "eklendi",
    "المُرفق",
    "پیوستہ",
    "अटैच किया गया",
    "જોડાયેલ",
    "संलग्न केले",
];

/// The iPhone's `<attached: NAME>` in any listed language: (start, end after `>`, name).
fn ios_attachment(content: &str) -> Option<(usize, usize, String)> {
    if !content.contains('<') {
        return None;
    }
    IOS_ATTACHED.iter().find_map(|word| {
        let open = format!("<{word}: ");
        let start = content.find(&open)?;
        let len = content[start..].find('>')?;
        let name = content[start + open.len()..start + len].trim().to_owned();
        Some((start, start + len + 1, name))
    })
}

/// A message, a notice, or a line whose sender cannot be read.
///
/// Which lines are messages is decided by structure, not by words: a line with a sender and a
/// body is a message in any language. Android writes its notices without a sender. The iPhone
/// attributes its notices to the chat and marks them with U+200E, as it marks media lines,
/// deleted messages, calls and polls; a marked line is a notice only when it is one of the
/// notices in [`whatsapp_phrases`](super::whatsapp_phrases), and otherwise a message with a note.
/// Fixed phrases (media left out, deleted, missed calls, polls, edited) are labelled on both
/// platforms; on Android, where nothing is marked, a notice's words from a sender stay a message.
fn split_message<'a>(h: &Header<'a>, text: &'a str) -> Split<'a> {
    let first_line = text.lines().next().unwrap_or_default();
    let (sender, first_len) = match first_line.split_once(": ") {
        Some((sender, _)) => (sender, sender.len() + 2),
        // A sender with an empty body (an iPhone album's header line). Android writes notices
        // without a sender, and one ending in ':' must not pass for a name with spaces.
        None if first_line.ends_with(':') && (h.ios || !first_line.contains(' ')) => {
            (&first_line[..first_line.len() - 1], first_line.len())
        }
        None => return Split::Notice(notice_kind(text)), // Android system notice: no "Name:"
    };
    let sender = sender.trim_matches(super::whatsapp_phrases::is_bidi_mark);
    if sender.is_empty() || sender.chars().count() > 80 {
        return Split::Unreadable("a sender that cannot be read (empty, or longer than 80 characters)");
    }
    let content = text.get(first_len..).unwrap_or_default();
    let marked = content.starts_with(IOS_MARK) || content.starts_with('\u{200f}');
    // Direction marks off each line's start. Most bodies have none (nor a CR, nor an empty last
    // line, which `lines` would also change): those are used as they are, without a copy.
    let content: std::borrow::Cow<'_, str> =
        if content.ends_with('\n') || content.contains(|c| c == '\r' || super::whatsapp_phrases::is_bidi_mark(c)) {
            content
                .lines()
                .map(|l| l.trim_start_matches(super::whatsapp_phrases::is_bidi_mark))
                .collect::<Vec<_>>()
                .join("\n")
                .into()
        } else {
            content.into()
        };
    let trimmed = content.trim();
    let mut attached = None;
    let mut omitted = false;
    let mut label = None;
    let mut note = None;
    let mut generic = false;
    // The body when it is not the content as written.
    let mut body: Option<String> = None;
    let platform = if h.ios { Platform::Ios } else { Platform::Android };
    // The iPhone marks what WhatsApp wrote; Android marks nothing, so its phrases are looked up
    // on every line (a person typing one exactly is labelled too, with their words kept).
    let mut phrase = if !h.ios || marked { super::whatsapp_phrases::lookup(trimmed, platform) } else { None };
    let mut said = trimmed;
    // Android puts a left-out file's name or caption on the line after its media phrase.
    let mut caption = String::new();
    if phrase.is_none()
        && !h.ios
        && let Some((first, rest)) = trimmed.split_once('\n')
        && let Some(row) = super::whatsapp_phrases::lookup(first.trim(), platform)
        && matches!(row.means, Means::Omitted(_))
    {
        phrase = Some(row);
        said = first.trim();
        caption = rest.trim().to_owned();
    }
    if let Some((start, end, name)) = ios_attachment(&content) {
        attached = Some(name);
        body = Some(format!("{}{}", &content[..start], &content[end..]).trim().to_owned());
    } else if let Some(first) = content.lines().next()
        && let Some(suffix) = FILE_ATTACHED.iter().find(|s| first.ends_with(**s))
    {
        attached = Some(first[..first.len() - suffix.len()].trim().to_owned());
        body = Some(content.lines().skip(1).collect::<Vec<_>>().join("\n"));
    } else if let Some(row) = phrase {
        match row.means {
            // Only a marked iPhone line is WhatsApp's notice; on Android a sender wrote it.
            Means::Notice(kind) if h.ios => return Split::Notice(kind),
            Means::Notice(_) => {}
            Means::Omitted(what) => {
                omitted = true;
                label = Some(what);
                body = Some(std::mem::take(&mut caption));
                // The words as written, where they are not the English the note repeats.
                if row.lang != "en" {
                    note = Some(format!("WhatsApp wrote: \"{said}\"."));
                }
            }
            Means::Event(what) if row.matching == Match::Ending => {
                label = Some(what);
                note = Some(format!("WhatsApp added a mark to this message: it records {what}."));
            }
            Means::Event(what) => {
                label = Some(what);
                note = Some(format!("WhatsApp wrote this line itself: it records {what}."));
            }
        }
    } else if h.ios && marked {
        if is_ios_omitted(trimmed) {
            omitted = true;
            body = Some(String::new());
        } else {
            generic = true;
            note = Some(
                "WhatsApp wrote this line itself (it carries WhatsApp's mark): it records something that \
                 happened in the chat, such as media, a call, a poll or a deleted message."
                    .to_owned(),
            );
        }
    }
    let body = body.unwrap_or_else(|| content.into_owned());
    Split::Message(Message { sender, body, attached, omitted, label, note, marked: generic })
}

/// An English iPhone "… omitted" line of a kind the table does not list.
fn is_ios_omitted(text: &str) -> bool {
    text.ends_with(" omitted") && text.len() < 40
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
