//! Email: one message (`.eml`, RFC 5322) or a mailbox (`.mbox`, as Thunderbird and Gmail
//! Takeout write it). mail-parser does MIME, transfer and character encodings; bodies in
//! HTML only are turned into plain text here (never rendered); attachments go to their
//! message's entry.
//!
//! An mbox is read one message at a time, each capped in size, so a large mailbox never
//! sits in memory whole. `>From ` quoting (mboxrd) is undone.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, NaiveDateTime};
use mail_parser::{MessageParser, MimeHeaders, PartType};

use casebook_crypto::{Sha256, hash::Digest};

use super::item::{Direction, Item, ItemSpan, Media, MediaData, NoMedia, item_key};
use super::party::{Party, email_party};
use super::text::{clean, html_to_text};
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::EntryKind;

const FORMAT: ImportFormat = ImportFormat::Email;
/// The largest single message read (Gmail's own limit is 25 MB; encoded, a little more).
pub(crate) const MAX_MESSAGE_BYTES: u64 = 128 * 1024 * 1024;

/// One message in a file.
pub(crate) fn read_eml(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_MESSAGE_BYTES {
        return Err(ImportError::TooLarge { what: "the message".into(), limit: MAX_MESSAGE_BYTES });
    }
    let mut raw = Vec::with_capacity(size as usize);
    File::open(path)?.take(MAX_MESSAGE_BYTES).read_to_end(&mut raw)?;
    let mut facts = Facts::default();
    match message(&raw, None, ctx) {
        Ok(mut item) => {
            // The message is the whole file.
            item.span = ctx.want_media.then(|| ItemSpan::of(None, 0, &raw));
            sink(item, &mut NoMedia)?
        }
        Err(reason) => facts.unreadable.add("the message (the whole file)", reason),
    }
    Ok(facts)
}

/// Every message of a mailbox, in order.
pub(crate) fn read_mbox(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let mut reader = BufReader::with_capacity(256 * 1024, File::open(path)?);
    let mut facts = Facts::default();
    let mut current: Option<(Vec<u8>, Option<i64>, Original)> = None;
    // Messages met so far, and where the current one's "From " line starts: its place, should
    // it be unreadable.
    let mut number = 0u64;
    let mut from_line_at = 0u64;
    let mut line = Vec::with_capacity(1024);
    // Bytes of the file read so far: where each message's own bytes start.
    let mut offset = 0u64;
    loop {
        line.clear();
        let n = (&mut reader).take(MAX_MESSAGE_BYTES).read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        offset += n as u64;
        if line.starts_with(b"From ") {
            if let Some((raw, from_date, original)) = current.take() {
                let place = Place { number, from_line_at };
                emit(&raw, from_date, original.span(ctx), place, ctx, sink, &mut facts)?;
            }
            number += 1;
            from_line_at = offset - n as u64;
            current = Some((Vec::new(), from_line_date(&line), Original::at(offset)));
            continue;
        }
        let Some((raw, _, original)) = current.as_mut() else {
            return Err(ImportError::malformed(FORMAT, "the mailbox does not start with a \"From \" line"));
        };
        // mboxrd: ">From " and ">>From " lose one ">".
        let unquoted = match line.iter().position(|b| *b != b'>') {
            Some(i) if i > 0 && line[i..].starts_with(b"From ") => &line[1..],
            _ => &line[..],
        };
        raw.extend_from_slice(unquoted);
        if ctx.want_media {
            original.add(&line);
        }
        if raw.len() as u64 > MAX_MESSAGE_BYTES {
            return Err(ImportError::TooLarge { what: "a message in the mailbox".into(), limit: MAX_MESSAGE_BYTES });
        }
    }
    if let Some((raw, from_date, original)) = current {
        let place = Place { number, from_line_at };
        emit(&raw, from_date, original.span(ctx), place, ctx, sink, &mut facts)?;
    }
    Ok(facts)
}

/// A mailbox message's place, as a person can find it: its number in the mailbox (from 1) and
/// the byte its `From ` separator line starts at.
#[derive(Clone, Copy)]
struct Place {
    number: u64,
    from_line_at: u64,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "message {} (its \"From \" line at byte {})", self.number, self.from_line_at)
    }
}

/// A mailbox message's own bytes as the file has them (still `>From `-quoted), from after
/// its `From ` separator line to the next one: hashed as they are read, for its span.
struct Original {
    start: u64,
    len: u64,
    hasher: Sha256,
}

impl Original {
    fn at(start: u64) -> Self {
        Original { start, len: 0, hasher: Sha256::new() }
    }

    fn add(&mut self, line: &[u8]) {
        self.hasher.update(line);
        self.len += line.len() as u64;
    }

    fn span(self, ctx: &ReadCtx) -> Option<ItemSpan> {
        ctx.want_media.then(|| ItemSpan {
            member: None,
            start: self.start,
            end: self.start + self.len,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }
}

fn emit(
    raw: &[u8],
    from_date: Option<i64>,
    span: Option<ItemSpan>,
    place: Place,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
    facts: &mut Facts,
) -> Result<(), ImportError> {
    match message(raw, from_date, ctx) {
        Ok(mut item) => {
            item.span = span;
            sink(item, &mut NoMedia)
        }
        Err(reason) => {
            facts.unreadable.add(place.to_string(), reason);
            Ok(())
        }
    }
}

/// The date on an mbox separator line: `From sender Sat Mar  1 21:14:00 2026`, or Gmail
/// Takeout's `From 1234@xxx Sat Mar 01 21:14:00 +0000 2026`. Seconds since the epoch.
fn from_line_date(line: &[u8]) -> Option<i64> {
    let text = String::from_utf8_lossy(line);
    let rest = text.trim_end().strip_prefix("From ")?;
    let (_, date) = rest.split_once(' ')?;
    let date = date.split_whitespace().collect::<Vec<_>>().join(" ");
    DateTime::parse_from_str(&date, "%a %b %d %H:%M:%S %z %Y")
        .map(|d| d.timestamp())
        .or_else(|_| NaiveDateTime::parse_from_str(&date, "%a %b %d %H:%M:%S %Y").map(|d| d.and_utc().timestamp()))
        .ok()
}

/// Why a message is not an item, in plain words.
const NO_HEADERS: &str = "its headers cannot be read";
const NO_DATE: &str = "it has no date (no readable Date: header, and no date on its \"From \" line)";

/// One message as an item, or why it cannot be one.
fn message(raw: &[u8], from_date: Option<i64>, ctx: &mut ReadCtx) -> Result<Item, &'static str> {
    let Some(msg) = MessageParser::default().parse(raw) else {
        return Err(NO_HEADERS);
    };
    let seconds = msg.date().filter(|d| d.is_valid()).map(|d| d.to_timestamp()).or(from_date);
    let Some(at) = seconds.and_then(|s| ctx.zone.instant_ms(s.saturating_mul(1000))) else {
        return Err(NO_DATE);
    };
    let mut parties: Vec<Party> = Vec::new();
    let mut push = |p: Party| {
        if !parties.iter().any(|q| q.key == p.key) {
            parties.push(p);
        }
    };
    let from = msg.from().and_then(|a| a.first());
    let from_party = from.and_then(|a| a.address()).map(|addr| email_party(addr, from.and_then(|a| a.name())));
    let contact_name = from.and_then(|a| a.name()).map(clean).filter(|n| !n.is_empty());
    match &from_party {
        Some(p) => push(p.clone()),
        None => push(email_party("unknown-sender", None)),
    }
    for addr in msg.to().into_iter().chain(msg.cc()).flat_map(|a| a.iter()) {
        if let Some(address) = addr.address() {
            push(email_party(address, addr.name()));
        }
    }
    let mut bodies = Vec::new();
    for part in msg.text_bodies() {
        match &part.body {
            PartType::Text(t) => bodies.push(clean(t)),
            PartType::Html(h) => bodies.push(clean(&html_to_text(h))),
            _ => {}
        }
    }
    let body = bodies.join("\n\n").trim().to_owned();
    let subject = msg.subject().map(clean).filter(|s| !s.trim().is_empty());
    let mut media = Vec::new();
    for (n, part) in msg.attachments().enumerate() {
        let name =
            part.attachment_name().map(clean).filter(|n| !n.trim().is_empty()).unwrap_or_else(|| match &part.body {
                PartType::Message(_) => format!("attached-message-{}.eml", n + 1),
                _ => format!("attachment-{}", n + 1),
            });
        let data = if ctx.want_media { part.contents().to_vec() } else { Vec::new() };
        media.push(Media { name, data: MediaData::Bytes(data) });
    }
    let key = match msg.message_id().map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => item_key(&["email-id", &id.to_lowercase()]),
        None => item_key(&[
            "email",
            &parties[0].key.value,
            &seconds.unwrap_or_default().to_string(),
            subject.as_deref().unwrap_or(""),
            &body,
        ]),
    };
    Ok(Item {
        kind: EntryKind::Email,
        at,
        parties,
        contact_name,
        direction: Direction::FromSender,
        call: None,
        picture: false,
        subject,
        body,
        media,
        notes: Vec::new(),
        key,
        span: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_separator_dates_both_layouts() {
        assert_eq!(from_line_date(b"From jon@example.com Sun Mar  1 21:14:00 2026\n"), Some(1_772_399_640));
        assert_eq!(from_line_date(b"From 1826@xxx Sun Mar 01 21:14:00 +0000 2026\n"), Some(1_772_399_640));
        assert_eq!(from_line_date(b"From nobody\n"), None);
    }
}
