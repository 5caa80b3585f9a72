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
//!   day above 12 anywhere decides; otherwise the only reading that keeps the messages in time
//!   order, if only one does; otherwise the person is asked (`whatsapp_dates.rs`).
//! - Times are the phone's clock, with no zone: they are placed in the caller's zone.
//!
//! The `.zip` export holds the text as `_chat.txt` (iPhone) or `WhatsApp Chat with X.txt`
//! (Android) beside the media files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::item::ItemSpan;
use super::item::{Direction, Item, Media, MediaData, MediaSource, NoMedia, hex_lower, item_key, item_key_bytes};
use super::lines::ChatLines;
use super::text::{clean, decode_text_exact};
use super::whatsapp_dates::{Header, decide_order, key_stamp, naive_datetime, parse_header};
use super::whatsapp_phrases::{Match, Means, Platform};
use super::zipsafe::{MAX_CHAT_BYTES, SafeZip};
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
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

/// One message before dates are resolved.
struct Raw<'a> {
    header: Header<'a>,
    /// Where what follows the timestamp starts in the chat text.
    rest_start: usize,
    /// Its lines' byte range in the chat text (line ends between them, not after the last).
    start: usize,
    end: usize,
    /// A line end inside it is "\r\n" (its text is then its lines joined with "\n").
    crlf: bool,
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
    // The run of text lines before the first dated line being read (its first and last line
    // numbers): each run is one unreadable item, a message whose start is not in the file.
    let mut before_first: Option<(u64, u64)> = None;
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
                if let Some(run) = before_first.take() {
                    facts.unreadable.add(line_place(run.0, run.1), BEFORE_FIRST);
                }
                // `rest` is the end of the line.
                let rest_start = end - header.rest.len();
                raws.push(Raw {
                    header,
                    rest_start,
                    start,
                    end,
                    crlf: false,
                    line_no: lines.lines_read,
                    first_line: line,
                    lines: 1,
                });
            }
            None => match raws.last_mut() {
                Some(last) => {
                    // The line end before this line belongs to the message.
                    last.crlf |= text.as_bytes()[last.end] == b'\r';
                    last.end = end;
                    last.lines += 1;
                }
                None if line.trim().is_empty() => lines.blank_lines += 1,
                None => {
                    lines.unreadable_lines += 1;
                    ChatLines::add(&mut lines.unreadable, BEFORE_FIRST, 1, lines.lines_read, line);
                    let n = lines.lines_read;
                    before_first = match before_first {
                        Some((first, last)) if last + 1 == n => Some((first, n)),
                        Some(run) => {
                            facts.unreadable.add(line_place(run.0, run.1), BEFORE_FIRST);
                            Some((n, n))
                        }
                        None => Some((n, n)),
                    };
                }
            },
        }
    }
    if let Some(run) = before_first {
        facts.unreadable.add(line_place(run.0, run.1), BEFORE_FIRST);
    }
    if raws.is_empty() {
        return Err(ImportError::WrongFormat { expected: FORMAT, found: None });
    }
    let order = decide_order(raws.iter().map(|r| &r.header), ctx, &mut facts)?;
    facts.date_order = Some(order);
    let mut occurrences: HashMap<[u8; 16], u32> = HashMap::new();
    for raw in &raws {
        // An unreadable message: its lines in the accounting, and one unreadable item.
        let unreadable = |lines: &mut ChatLines, facts: &mut Facts, why: &str| {
            lines.unreadable_lines += raw.lines;
            ChatLines::add(&mut lines.unreadable, why, raw.lines, raw.line_no, raw.first_line);
            let place = line_place(raw.line_no, raw.line_no + raw.lines - 1);
            facts.unreadable.add(place, format!("{why} ({})", raw.header.date_text));
        };
        let Some(naive) = naive_datetime(&raw.header, order) else {
            unreadable(&mut lines, &mut facts, NO_DATE);
            continue;
        };
        let Some(at) = ctx.zone.local(naive) else {
            unreadable(&mut lines, &mut facts, NO_TIME);
            continue;
        };
        // What follows the timestamp, continuation lines joined with "\n": the chat text itself
        // unless a line ends in "\r\n".
        let joined: Cow<'_, str> = match &text[raw.rest_start..raw.end] {
            t if raw.crlf => {
                Cow::Owned(t.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect::<Vec<_>>().join("\n"))
            }
            t => Cow::Borrowed(t),
        };
        let message = match split_message(&raw.header, &joined) {
            Split::Message(m) => m,
            Split::Notice(kind) => {
                lines.notice_lines += raw.lines;
                ChatLines::add(&mut lines.notices, kind, raw.lines, raw.line_no, raw.first_line);
                continue;
            }
            Split::Unreadable(why) => {
                unreadable(&mut lines, &mut facts, why);
                continue;
            }
        };
        lines.message_lines += 1;
        lines.continuation_lines += raw.lines - 1;
        if let Some(kind) = message.kind() {
            ChatLines::add(&mut lines.labelled, &kind, 1, raw.line_no, raw.first_line);
        }
        let party = ctx.normaliser.sender(message.sender);
        // Import's first pass asks only who each message is from.
        let (body, key, notes) = if ctx.who_only {
            (String::new(), String::new(), Vec::new())
        } else {
            let body = clean(&message.body);
            let stamp = key_stamp(naive);
            let attached = message.attached.as_deref().unwrap_or("");
            let base = item_key_bytes(&["whatsapp", &party.key.value, &stamp, &body, attached]);
            let n = occurrences.entry(base).or_insert(0);
            *n += 1;
            let base = hex_lower(&base);
            let key = if *n == 1 { base } else { item_key(&[&base, &n.to_string()]) };
            let mut notes = Vec::new();
            if message.omitted {
                let what = message.label.unwrap_or("photo, video or file");
                notes.push(format!("The chat was exported without media; this message's {what} is not included."));
            }
            if let Some(note) = message.note {
                notes.push(note);
            }
            (body, key, notes)
        };
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

/// Lines `first..=last` of the chat text as a person finds them: `line 7`, `lines 7–9`.
fn line_place(first: u64, last: u64) -> String {
    if first == last { format!("line {first}") } else { format!("lines {first}–{last}") }
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
        if content.ends_with('\n') || super::whatsapp_phrases::has_cr_or_bidi_mark(content) {
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
