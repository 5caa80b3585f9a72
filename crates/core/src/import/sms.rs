//! SMS Backup & Restore (SyncTech) XML, streamed with quick-xml: files of hundreds of
//! megabytes are never held whole, and each picture-message part is decoded on its own.
//!
//! The format (synctech.com.au, "Fields in XML Backup Files"):
//! - `<smses>` holds `<sms>`: `address`, `date` (epoch ms), `type` (1 received, 2 sent,
//!   3 draft, 4 outbox, 5 failed, 6 queued), `body`, `contact_name`, `readable_date`...;
//!   and `<mms>`: `date`, `msg_box` (1 inbox, 2 sent, 3 draft, 4 outbox), `address`
//!   (`~` between several), `m_id`, `sub`, with `<parts><part seq ct name chset cd fn cid
//!   cl text data/></parts>` (media as base64 in `data`) and `<addrs><addr address
//!   type charset/></addrs>` (type 137 from, 151 to, 130 cc, 129 bcc).
//! - `<calls>` holds `<call>`: `number`, `duration` (s), `date` (epoch ms), `type`
//!   (1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked), `presentation`
//!   (1 allowed, 2 restricted, 3 unknown, 4 payphone), `contact_name`.
//!
//! With "store emoji" on, the app writes each emoji as two numeric references to UTF-16
//! surrogate halves (`&#55357;&#56832;`): invalid XML, produced by the real app, combined
//! here. Values the phone did not have are written as the text `null`.

use std::borrow::Cow;
use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use base64::Engine;
use quick_xml::events::{BytesStart, Event};

use super::item::{Direction, Item, ItemSpan, Media, MediaData, NoMedia, item_key};
use super::party::{Party, withheld_party};
use super::text::{Utf8Reader, clean, sniff_encoding, xml_unescape};
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::{CallDetails, CallDirection, EntryKind};

const FORMAT: ImportFormat = ImportFormat::SmsBackupRestore;

/// Reads every `<sms>`, `<mms>` and `<call>` in file order.
pub(crate) fn read(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let mut file = File::open(path)?;
    let mut head = [0u8; 512];
    let n = read_up_to(&mut file, &mut head)?;
    let (encoding, skip) = sniff_encoding(&head[..n]);
    let mut file = File::open(path)?;
    std::io::copy(&mut (&mut file).take(skip as u64), &mut std::io::sink())?;
    // Importing reads each item's exact bytes back from the file, for its span; only where
    // the parser sees the file's own bytes (UTF-8), so its offsets are the file's.
    let mut spans = match (ctx.want_media, encoding) {
        (true, None) => Some(Spans { file: File::open(path)?, skip: skip as u64 }),
        _ => None,
    };
    let eof = Rc::new(Cell::new(false));
    let source = EofFlag { inner: Utf8Reader::new(file, encoding), eof: eof.clone() };
    let mut reader = quick_xml::Reader::from_reader(LineEnds::new(BufReader::with_capacity(256 * 1024, source)));
    reader.config_mut().trim_text(true);
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut depth: usize = 0;
    let mut root_seen = false;
    let mut mms: Option<MmsBuilder> = None;
    let mut facts = Facts::default();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                if eof.get() {
                    return Err(ImportError::Truncated { format: FORMAT });
                }
                let at = reader.error_position();
                return Err(ImportError::malformed(FORMAT, format!("the XML breaks its rules near byte {at} ({e})")));
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if root_seen {
                    let end = reader.buffer_position();
                    let at =
                        Tag { start: end.saturating_sub(e.len() as u64 + 2), end, line: reader.get_ref().line_of(&e) };
                    element(&e, at, spans.as_mut(), ctx, &mut mms, sink, &mut facts)?;
                } else {
                    check_root(&e)?;
                    root_seen = true;
                }
            }
            Event::Empty(e) => {
                if root_seen {
                    let end = reader.buffer_position();
                    let at =
                        Tag { start: end.saturating_sub(e.len() as u64 + 3), end, line: reader.get_ref().line_of(&e) };
                    element(&e, at, spans.as_mut(), ctx, &mut mms, sink, &mut facts)?;
                    if e.name().as_ref() == b"mms" {
                        finish_mms(&mut mms, end, spans.as_mut(), ctx, sink, &mut facts)?;
                    }
                } else {
                    // An empty root (`<smses/>`) is a backup with nothing in it.
                    check_root(&e)?;
                    root_seen = true;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.name().as_ref() == b"mms" {
                    finish_mms(&mut mms, reader.buffer_position(), spans.as_mut(), ctx, sink, &mut facts)?;
                }
            }
            Event::Eof => {
                if !root_seen {
                    return Err(ImportError::WrongFormat { expected: FORMAT, found: None });
                }
                if depth > 0 {
                    return Err(ImportError::Truncated { format: FORMAT });
                }
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(facts)
}

fn check_root(e: &BytesStart<'_>) -> Result<(), ImportError> {
    match e.name().as_ref() {
        b"smses" | b"calls" => Ok(()),
        _ => Err(ImportError::WrongFormat { expected: FORMAT, found: None }),
    }
}

fn finish_mms(
    mms: &mut Option<MmsBuilder>,
    end: u64,
    spans: Option<&mut Spans>,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
    facts: &mut Facts,
) -> Result<(), ImportError> {
    let Some(builder) = mms.take() else { return Ok(()) };
    let (start, line) = (builder.start, builder.line);
    match builder.finish(ctx) {
        Ok(mut item) => {
            item.span = match spans {
                Some(s) => s.span(Tag { start, end, line })?,
                None => None,
            };
            sink(item, &mut NoMedia)?;
        }
        Err(reason) => facts.unreadable.add(place("mms", line), reason),
    }
    Ok(())
}

/// Where an element is in the text the parser read: from its `<` to one past its `>`, and the
/// line its `<` is on (from 1).
#[derive(Clone, Copy)]
struct Tag {
    start: u64,
    end: u64,
    line: u64,
}

/// An element's place as a person finds it in the file: `the <sms> element on line 7`.
fn place(name: &str, line: u64) -> String {
    format!("the <{name}> element on line {line}")
}

/// The parser's input, counting the line ends it has consumed: quick-xml consumes exactly up
/// to the end of each event it returns, so the line an element starts on is known without
/// keeping the text.
struct LineEnds<R> {
    inner: BufReader<R>,
    consumed: u64,
}

impl<R: Read> LineEnds<R> {
    fn new(inner: BufReader<R>) -> Self {
        LineEnds { inner, consumed: 0 }
    }

    /// The line (from 1) the tag `e` starts on, just after the parser returned it.
    fn line_of(&self, e: &BytesStart<'_>) -> u64 {
        1 + self.consumed - line_ends(e)
    }
}

fn line_ends(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += line_ends(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> BufRead for LineEnds<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        let buffered = self.inner.buffer();
        self.consumed += line_ends(&buffered[..amt.min(buffered.len())]);
        self.inner.consume(amt);
    }
}

/// The export file again, to read each item's exact bytes for its span.
struct Spans {
    file: File,
    /// The byte-order mark skipped before parsing: parser offsets plus this are file offsets.
    skip: u64,
}

impl Spans {
    /// The span of one element; `None` if the bytes there are not a whole element (never
    /// expected: then the entry simply has no excerpt).
    fn span(&mut self, at: Tag) -> Result<Option<ItemSpan>, ImportError> {
        use std::io::{Seek, SeekFrom};
        let (start, end) = (at.start + self.skip, at.end + self.skip);
        if end <= start || end - start > super::email::MAX_MESSAGE_BYTES {
            return Ok(None);
        }
        self.file.seek(SeekFrom::Start(start))?;
        let mut bytes = Vec::with_capacity((end - start) as usize);
        (&mut self.file).take(end - start).read_to_end(&mut bytes)?;
        if bytes.first() != Some(&b'<') || bytes.last() != Some(&b'>') || bytes.len() as u64 != end - start {
            return Ok(None);
        }
        Ok(Some(ItemSpan::of(None, start, &bytes)))
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Remembers whether the underlying reader has reached its end, so a parse error there
/// is reported as a cut-off file rather than bad XML.
struct EofFlag<R> {
    inner: R,
    eof: Rc<Cell<bool>>,
}

impl<R: Read> Read for EofFlag<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof.set(true);
        }
        Ok(n)
    }
}

/// One element's attributes, raw (still escaped).
struct Attrs<'a>(Vec<(&'a [u8], Cow<'a, [u8]>)>);

impl<'a> Attrs<'a> {
    fn of(e: &'a BytesStart<'a>) -> Self {
        let mut out = Vec::with_capacity(24);
        for a in e.attributes().with_checks(false).flatten() {
            out.push((a.key.into_inner(), a.value));
        }
        Attrs(out)
    }

    fn raw(&self, key: &str) -> Option<&[u8]> {
        self.0.iter().find(|(k, _)| *k == key.as_bytes()).map(|(_, v)| v.as_ref()).filter(|v| *v != b"null")
    }

    /// The unescaped value; `None` for missing, empty or the literal `null`.
    fn text(&self, key: &str) -> Option<String> {
        self.raw(key).map(xml_unescape).filter(|s| !s.is_empty())
    }

    fn int(&self, key: &str) -> Option<i64> {
        self.raw(key).and_then(|v| std::str::from_utf8(v).ok()).and_then(|s| s.trim().parse().ok())
    }
}

fn element(
    e: &BytesStart<'_>,
    at: Tag,
    spans: Option<&mut Spans>,
    ctx: &mut ReadCtx,
    mms: &mut Option<MmsBuilder>,
    sink: &mut ItemSink<'_>,
    facts: &mut Facts,
) -> Result<(), ImportError> {
    let item = match e.name().as_ref() {
        b"sms" => Some(sms(&Attrs::of(e), ctx)),
        b"call" => Some(call(&Attrs::of(e), ctx)),
        _ => None,
    };
    if let Some(item) = item {
        let mut item = match item {
            Ok(item) => item,
            Err(reason) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                facts.unreadable.add(place(&name, at.line), reason);
                return Ok(());
            }
        };
        item.span = match spans {
            Some(s) => s.span(at)?,
            None => None,
        };
        return sink(item, &mut NoMedia);
    }
    match e.name().as_ref() {
        b"mms" => {
            let a = Attrs::of(e);
            *mms = Some(MmsBuilder {
                start: at.start,
                line: at.line,
                date: a.int("date"),
                msg_box: a.int("msg_box").unwrap_or(1),
                address: a.text("address"),
                contact_name: contact_name(&a),
                m_id: a.text("m_id"),
                subject: a.text("sub"),
                texts: Vec::new(),
                media: Vec::new(),
                media_count: 0,
                broken_media: 0,
                from: Vec::new(),
                to: Vec::new(),
            });
        }
        b"part" => {
            if let Some(b) = mms.as_mut() {
                b.part(&Attrs::of(e), ctx.want_media);
            }
        }
        b"addr" => {
            if let Some(b) = mms.as_mut() {
                let a = Attrs::of(e);
                if let Some(address) = a.text("address").filter(|s| s != "insert-address-token") {
                    match a.int("type") {
                        Some(137) => b.from.push(address),
                        Some(151 | 130 | 129) => b.to.push(address),
                        _ => {}
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn contact_name(a: &Attrs<'_>) -> Option<String> {
    a.text("contact_name").map(|s| clean(&s)).filter(|s| !s.is_empty() && s != "(Unknown)")
}

/// Why an element is not an item, in plain words.
const NO_DATE: &str = "it has no date attribute (or one that is not a number)";
const IMPOSSIBLE_DATE: &str = "its date attribute is not a possible time";

/// An element's `date` (epoch milliseconds), or why it has none.
fn date(a: &Attrs<'_>, ctx: &ReadCtx) -> Result<chrono::DateTime<chrono::FixedOffset>, &'static str> {
    ctx.zone.instant_ms(a.int("date").ok_or(NO_DATE)?).ok_or(IMPOSSIBLE_DATE)
}

fn sms(a: &Attrs<'_>, ctx: &mut ReadCtx) -> Result<Item, &'static str> {
    let at = date(a, ctx)?;
    let party = ctx.normaliser.phone(&a.text("address").unwrap_or_default());
    let sms_type = a.int("type").unwrap_or(1);
    let direction = match sms_type {
        1 => Direction::Incoming,
        2 => Direction::Outgoing,
        _ => Direction::Unsent,
    };
    let body = a.text("body").map(|b| clean(&b)).unwrap_or_default();
    let bucket = match direction {
        Direction::Incoming => "in",
        Direction::Outgoing => "out",
        _ => "unsent",
    };
    let ms = a.int("date").unwrap_or_default().to_string();
    let key = item_key(&["sms", &party.key.value, &ms, bucket, &body]);
    let mut notes = Vec::new();
    if sms_type >= 3 {
        let state = match sms_type {
            3 => "a draft",
            4 => "in the outbox",
            5 => "failed to send",
            _ => "queued",
        };
        notes.push(format!("The phone lists this text as {state}."));
    }
    Ok(Item {
        kind: EntryKind::TextMessage,
        at,
        parties: vec![party],
        contact_name: contact_name(a),
        direction,
        call: None,
        picture: false,
        subject: a.text("subject"),
        body,
        media: Vec::new(),
        notes,
        key,
        span: None,
    })
}

fn call(a: &Attrs<'_>, ctx: &mut ReadCtx) -> Result<Item, &'static str> {
    let at = date(a, ctx)?;
    let number = a.text("number").unwrap_or_default();
    let presentation = a.int("presentation").unwrap_or(1);
    let party: Party = match (presentation, number.trim()) {
        (2..=4, _) => withheld_party(presentation),
        (_, "" | "-2") => withheld_party(2),
        (_, "-1") => withheld_party(3),
        (_, "-3") => withheld_party(4),
        (_, n) => ctx.normaliser.phone(n),
    };
    let call_type = a.int("type").unwrap_or(1);
    let duration = a.int("duration").unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
    let (kind, direction) = match call_type {
        2 => (EntryKind::Call, Some(CallDirection::Outgoing)),
        3 => (EntryKind::Call, Some(CallDirection::Missed)),
        4 => (EntryKind::Voicemail, None),
        5 => (EntryKind::Call, Some(CallDirection::Rejected)),
        6 => (EntryKind::Call, Some(CallDirection::Blocked)),
        _ => (EntryKind::Call, Some(CallDirection::Incoming)),
    };
    let ms = a.int("date").unwrap_or_default().to_string();
    let key = item_key(&["call", &party.key.value, &ms, &call_type.to_string(), &duration.to_string()]);
    let mut notes = Vec::new();
    if call_type == 7 {
        notes.push("The phone lists this call as answered on another device.".to_owned());
    }
    Ok(Item {
        kind,
        at,
        parties: vec![party],
        contact_name: contact_name(a),
        direction: if call_type == 2 { Direction::Outgoing } else { Direction::Incoming },
        call: Some(CallDetails { direction, duration_secs: Some(duration) }),
        picture: false,
        subject: None,
        body: String::new(),
        media: Vec::new(),
        notes,
        key,
        span: None,
    })
}

/// An `<mms>` being read: its attributes, then its parts and addresses.
struct MmsBuilder {
    /// Where its start tag begins (parser offset), and its line.
    start: u64,
    line: u64,
    date: Option<i64>,
    msg_box: i64,
    address: Option<String>,
    contact_name: Option<String>,
    m_id: Option<String>,
    subject: Option<String>,
    texts: Vec<String>,
    media: Vec<Media>,
    media_count: usize,
    broken_media: usize,
    from: Vec<String>,
    to: Vec<String>,
}

impl MmsBuilder {
    fn part(&mut self, a: &Attrs<'_>, want_media: bool) {
        let ct = a.text("ct").unwrap_or_default().to_ascii_lowercase();
        if ct == "application/smil" {
            return;
        }
        if ct == "text/plain" {
            if let Some(t) = a.text("text") {
                self.texts.push(clean(&t));
            }
            return;
        }
        let Some(data) = a.raw("data") else {
            if let Some(t) = a.text("text") {
                self.texts.push(clean(&t));
            }
            return;
        };
        self.media_count += 1;
        let name = a
            .text("cl")
            .or_else(|| a.text("name"))
            .or_else(|| a.text("fn"))
            .unwrap_or_else(|| format!("part-{}.{}", self.media_count, extension(&ct)));
        if !want_media {
            self.media.push(Media { name, data: MediaData::Bytes(Vec::new()) });
            return;
        }
        let compact: Vec<u8> = data.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(&compact) {
            Ok(bytes) => self.media.push(Media { name, data: MediaData::Bytes(bytes) }),
            Err(_) => self.broken_media += 1,
        }
    }

    fn finish(self, ctx: &mut ReadCtx) -> Result<Item, &'static str> {
        let ms = self.date.ok_or(NO_DATE)?;
        // MMS dates are milliseconds in the backup; some writers keep the database's seconds.
        let ms = if ms < 100_000_000_000 { ms.saturating_mul(1000) } else { ms };
        let at = ctx.zone.instant_ms(ms).ok_or(IMPOSSIBLE_DATE)?;
        let direction = match self.msg_box {
            1 => Direction::Incoming,
            2 => Direction::Outgoing,
            _ => Direction::Unsent,
        };
        let addresses: Vec<String> = match direction {
            Direction::Incoming if !self.from.is_empty() => self.from.clone(),
            Direction::Outgoing | Direction::Unsent if !self.to.is_empty() => self.to.clone(),
            _ => self.address.as_deref().unwrap_or_default().split('~').map(str::to_owned).collect(),
        };
        let mut parties: Vec<Party> = Vec::new();
        for a in addresses.iter().filter(|a| !a.trim().is_empty()) {
            let p = ctx.normaliser.phone(a);
            if !parties.iter().any(|q| q.key == p.key) {
                parties.push(p);
            }
        }
        if parties.is_empty() {
            parties.push(ctx.normaliser.phone(""));
        }
        let body = self.texts.join("\n");
        let picture = self.media.iter().any(|m| is_image(&m.name));
        let mut party_keys: Vec<&str> = parties.iter().map(|p| p.key.value.as_str()).collect();
        party_keys.sort_unstable();
        let bucket = if direction == Direction::Incoming { "in" } else { "out" };
        let key = item_key(&[
            "mms",
            self.m_id.as_deref().unwrap_or(""),
            &ms.to_string(),
            bucket,
            &party_keys.join(","),
            &body,
        ]);
        let mut notes = Vec::new();
        if self.broken_media > 0 {
            notes.push(format!("{} attached file(s) in the backup could not be decoded.", self.broken_media));
        }
        Ok(Item {
            kind: EntryKind::TextMessage,
            at,
            parties,
            contact_name: self.contact_name,
            direction,
            call: None,
            picture,
            subject: self.subject,
            body,
            media: self.media,
            notes,
            key,
            span: None,
        })
    }
}

fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp"].iter().any(|e| lower.ends_with(e))
}

fn extension(ct: &str) -> &'static str {
    match ct {
        "image/jpeg" | "image/jpg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "audio/amr" => "amr",
        "audio/mpeg" => "mp3",
        "text/x-vcard" | "text/vcard" => "vcf",
        _ => "bin",
    }
}
