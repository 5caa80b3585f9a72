//! Instagram's and Facebook Messenger's "Download your information" in JSON: the chats are
//! `messages/<box>/<chat>/message_N.json` (`<box>`: `inbox`, `message_requests`,
//! `archived_threads`, `filtered_threads`), under `your_instagram_activity/` or
//! `your_facebook_activity/` in exports made since 2023, at the top before. Read from the .zip as
//! downloaded (every chat of the account, one file at a time), or one `message_N.json` of an
//! unpacked export (its photos found from the export's top folder).
//!
//! A chat file, as Meta writes it:
//!
//! ```text
//! {"participants": [{"name": "Jon Doe"}, ...],
//!  "messages": [{"sender_name", "timestamp_ms", "content", "photos" | "videos" | "audio_files" |
//!                "gifs" | "files": [{"uri", "creation_timestamp"}], "sticker": {"uri"},
//!                "share": {"link", "share_text"}, "reactions": [{"reaction", "actor"}],
//!                "call_duration", "is_unsent", "type" (Messenger: "Generic", "Share", "Call",
//!                "Subscribe", "Unsubscribe")}, ...],   newest first
//!  "title", "is_still_participant", "thread_path" ("inbox/jondoe_123..."), ...}
//! ```
//!
//! Every string is UTF-8 whose bytes were each written as a `\u00XX` escape ("mojibake":
//! `"\u00f0\u009f\u0098\u0080"` is one emoji), undone by [`unmangle`]. The exports carry no
//! account ids, only the names people show: a sender's name is their key, as in a WhatsApp chat.
//! A uri is relative to the export's top folder. Each message is streamed (capped in size, its
//! exact bytes kept for the excerpt an entry carries), so a gigabyte export never sits in memory.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::item::{Direction, Item, ItemSpan, Media, MediaData, MediaSource, NoMedia, item_key};
use super::telegram::Folder;
use super::text::clean;
use super::tracked::{FAST_DEPTH, Track, Tracked};
use super::zipsafe::SafeZip;
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::{CallDetails, CallDirection, EntryKind};

/// The largest single message read: Meta caps a message's text at a few thousand characters;
/// with its reactions and media, a few kilobytes.
pub(crate) const MAX_MESSAGE_BYTES: u64 = 16 * 1024 * 1024;

/// The folders a chat's folder sits in under `messages/`.
const BOXES: [&str; 5] = ["inbox", "message_requests", "archived_threads", "filtered_threads", "e2ee_cutover"];

/// The top folders of a Meta export without its messages (an account with no chats): an
/// export is known by them, and then refused for holding no messages rather than called unknown.
const TOP_FOLDERS: [&str; 8] = [
    "your_instagram_activity",
    "your_facebook_activity",
    "personal_information",
    "connections",
    "logged_information",
    "security_and_login_information",
    "ads_information",
    "preferences",
];

/// Undoes Meta's escaping: each character of `s` is one byte of the UTF-8 text. Text with a
/// character above U+00FF, or whose bytes are not UTF-8, was not escaped this way and is kept.
pub(crate) fn unmangle(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || s.chars().any(|c| u32::from(c) > 0xFF) {
        return Cow::Borrowed(s);
    }
    let bytes: Vec<u8> = s.chars().map(|c| u32::from(c) as u8).collect();
    match String::from_utf8(bytes) {
        Ok(text) => Cow::Owned(text),
        Err(_) => Cow::Borrowed(s),
    }
}

/// A string field, unescaped and cleaned.
fn text(v: &Value, field: &str) -> Option<String> {
    v.get(field).and_then(Value::as_str).map(|s| clean(&unmangle(s)))
}

/// Whether `name` (a path inside the export, `/`-separated) is a chat file:
/// `.../messages/<box>/<chat>/message_N.json`.
pub(crate) fn is_chat_file(name: &str) -> bool {
    let parts: Vec<&str> = name.split(['/', '\\']).collect();
    let n = parts.len();
    n >= 4
        && parts[n - 4] == "messages"
        && BOXES.contains(&parts[n - 3])
        && !parts[n - 2].is_empty()
        && chat_file_number(parts[n - 1]).is_some()
}

/// `N` of `message_N.json`.
fn chat_file_number(base: &str) -> Option<u32> {
    base.strip_prefix("message_")?.strip_suffix(".json")?.parse().ok()
}

/// Whether a zip's names are a Meta export's: a chat file, or one of its top folders.
pub(crate) fn is_export_zip(zip: &SafeZip) -> bool {
    zip.names().any(|n| {
        is_chat_file(n) || n.split('/').next().is_some_and(|top| TOP_FOLDERS.contains(&top) || top == "messages")
    })
}

/// Whether the first bytes of a JSON file are a Meta chat file's: its `participants` and
/// `messages`, or a message's `sender_name` and `timestamp_ms`. Compared without whitespace.
pub(crate) fn looks_like_chat_json(body: &str) -> bool {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.contains("\"sender_name\":\"") && compact.contains("\"timestamp_ms\":"))
        || (compact.contains("\"participants\":[") && compact.contains("\"messages\":["))
}

/// Which platform an export is from, and whether something in it says so (rather than a guess):
/// its file names (Meta names the download `instagram-<user>-<date>.zip` or
/// `facebook-<user>-<date>.zip`, and its folders `your_instagram_activity/`...), or the uris in
/// the first bytes of a chat file.
pub(crate) fn platform(names: &[&str], head: &str) -> (ImportFormat, bool) {
    let named = |needle: &str| names.iter().any(|n| n.to_ascii_lowercase().contains(needle));
    let folder = |folder: &str| named(&format!("{folder}/")) || head.contains(&format!("{folder}/"));
    if folder("your_instagram_activity") {
        (ImportFormat::InstagramMessages, true)
    } else if folder("your_facebook_activity") {
        (ImportFormat::MessengerMessages, true)
    } else if named("instagram") {
        (ImportFormat::InstagramMessages, true)
    } else if named("facebook") || named("messenger") {
        (ImportFormat::MessengerMessages, true)
    } else if head.contains("\"thread_type\"") {
        // Messenger writes each chat's thread_type ("Regular", "RegularGroup"); Instagram does not.
        (ImportFormat::MessengerMessages, false)
    } else {
        (ImportFormat::InstagramMessages, false)
    }
}

/// A chat file's path from the folder its export was unpacked into (`instagram-jon-2026-03-15/
/// your_instagram_activity/messages/inbox/...`): what says which platform it is, without the
/// folders above, which are the person's own.
pub(crate) fn export_path(path: &Path) -> String {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let from =
        parts.iter().rposition(|p| p == "messages").map_or(parts.len().saturating_sub(1), |at| at.saturating_sub(2));
    parts[from..].join("/")
}

/// One chat file of an unpacked export.
pub(crate) fn read_json(
    path: &Path,
    format: ImportFormat,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
) -> Result<Facts, ImportError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut media: Box<dyn MediaSource> = match export_root(path) {
        Some(root) => Box::new(Folder::at(&root)),
        None => Box::new(NoMedia),
    };
    let mut facts = Facts::default();
    let mut reader = Reader { format, ctx, sink, facts: &mut facts, messages: 0, fast: Some(0) };
    reader.chat(File::open(path)?, &name, None, "", media.as_mut())?;
    if reader.messages == 0 {
        return Err(no_messages(format, &name));
    }
    Ok(facts)
}

/// Every chat file of a downloaded export, in name order.
pub(crate) fn read_zip(
    path: &Path,
    format: ImportFormat,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
) -> Result<Facts, ImportError> {
    // Two views of the zip: one streams a chat file while the other hands out its media.
    let mut chats = SafeZip::open(path)?;
    let mut media = ZipMedia(SafeZip::open(path)?);
    let mut files: Vec<(String, u32, String)> = chats
        .names()
        .filter(|n| is_chat_file(n))
        .map(|n| {
            let (dir, base) = n.rsplit_once('/').unwrap_or(("", n));
            (dir.to_owned(), chat_file_number(base).unwrap_or(0), n.to_owned())
        })
        .collect();
    files.sort();
    let mut facts = Facts::default();
    let mut reader = Reader { format, ctx, sink, facts: &mut facts, messages: 0, fast: Some(0) };
    for (_, _, name) in files {
        let Some(file) = chats.open_member(&name)? else { continue };
        // What is above `messages/<box>/<chat>/message_N.json`, where the uris start from.
        let parts: Vec<&str> = name.split(['/', '\\']).collect();
        let root: String = parts[..parts.len().saturating_sub(4)].iter().map(|p| format!("{p}/")).collect();
        reader.chat(file, &name, Some(&name), &root, &mut media)?;
    }
    if reader.messages == 0 {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return Err(no_messages(format, &name));
    }
    Ok(facts)
}

fn no_messages(format: ImportFormat, name: &str) -> ImportError {
    ImportError::malformed(
        format,
        format!(
            "{name} holds no messages (no messages/inbox/<chat>/message_1.json with a message in it: an account \
             without chats, or an export made without Messages ticked)"
        ),
    )
}

/// The top folder of an unpacked export, from one of its chat files: the folder `messages` is in.
fn export_root(path: &Path) -> Option<PathBuf> {
    let full = std::fs::canonicalize(path).ok()?;
    let mut dir = full.parent()?;
    while dir.file_name()? != "messages" {
        dir = dir.parent()?;
    }
    dir.parent().map(Path::to_owned)
}

/// A uri of the export (`your_instagram_activity/messages/inbox/jon_1/photos/1.jpg`) as a name
/// under `root`, the part of the chat file's name before its `messages/` (so an export re-zipped
/// inside a folder, or one whose uris lack the `your_..._activity/` its files have, still reads).
fn media_name(root: &str, uri: &str) -> String {
    let uri = uri.trim_start_matches("./");
    let tail = match uri.split('/').position(|p| p == "messages") {
        Some(at) => uri.split('/').skip(at).collect::<Vec<_>>().join("/"),
        None => uri.to_owned(),
    };
    format!("{root}{tail}")
}

/// The zip's files by their full names.
struct ZipMedia(SafeZip);

impl MediaSource for ZipMedia {
    fn has(&self, name: &str) -> bool {
        self.0.has_member(name)
    }

    fn open(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        self.0.open_member(name)
    }
}

/// Reads chat files, handing each message on.
struct Reader<'r, 'k> {
    format: ImportFormat,
    ctx: &'r mut ReadCtx,
    sink: &'r mut ItemSink<'k>,
    facts: &'r mut Facts,
    /// Messages met in every file so far, items or not.
    messages: u64,
    /// Messages read fast ([`OneMessage::fast`]); `None`: none may be (only the tests read
    /// without, to compare).
    fast: Option<u64>,
}

/// One chat file being read.
struct Chat<'c, 'r, 'k> {
    reader: &'c mut Reader<'r, 'k>,
    /// Its path inside the zip, for spans.
    member: Option<&'c str>,
    /// The export's top folder inside the zip (media names are under it).
    root: &'c str,
    media: &'c mut dyn MediaSource,
    track: Rc<Track>,
    /// Messages of this file so far.
    count: u64,
    saw_messages: bool,
    /// An error from the sink (cancel, a vault write), kept so it is not lost in serde's.
    error: Option<ImportError>,
}

impl<'r, 'k> Reader<'r, 'k> {
    fn chat(
        &mut self,
        file: impl Read,
        name: &str,
        member: Option<&str>,
        root: &str,
        media: &mut dyn MediaSource,
    ) -> Result<(), ImportError> {
        self.chat_tracked(Tracked::new(BufReader::with_capacity(256 * 1024, file)), name, member, root, media)
    }

    /// [`Reader::chat`] through a given reader.
    fn chat_tracked(
        &mut self,
        (tracked, track): (Tracked<impl Read>, Rc<Track>),
        name: &str,
        member: Option<&str>,
        root: &str,
        media: &mut dyn MediaSource,
    ) -> Result<(), ImportError> {
        let format = self.format;
        let mut chat = Chat {
            reader: self,
            member,
            root,
            media,
            track: track.clone(),
            count: 0,
            saw_messages: false,
            error: None,
        };
        let mut de = serde_json::Deserializer::from_reader(tracked);
        let result = (&mut de).deserialize_map(ChatFile { chat: &mut chat }).and_then(|()| de.end());
        if let Some(err) = chat.error.take() {
            return Err(err);
        }
        let line = track.line();
        if track.too_large() {
            return Err(ImportError::TooLarge {
                what: format!("message {} of {name} (from line {line})", chat.count + 1),
                limit: MAX_MESSAGE_BYTES,
            });
        }
        match result {
            Ok(()) if !chat.saw_messages => {
                Err(ImportError::malformed(format, format!("{name} has no \"messages\" list, as a chat file has")))
            }
            Ok(()) => Ok(()),
            Err(e) if e.is_eof() => Err(ImportError::malformed(
                format,
                format!("{name} ends in the middle, at line {line}, as if the copy or download was cut short"),
            )),
            Err(e) if e.is_io() => Err(ImportError::Io(std::io::Error::other(e.to_string()))),
            // The parser's line and column are the file's: a message read fast was handed to it
            // as its line ends and indent (`tracked.rs`).
            Err(e) => {
                let what = if e.is_data() {
                    "is not laid out as a chat file is"
                } else if e.to_string().contains("unicode") || e.to_string().contains("UTF-8") {
                    "holds bytes that are not UTF-8 text"
                } else {
                    "breaks JSON's rules"
                };
                Err(ImportError::malformed(
                    format,
                    format!("{name} {what} at line {}, column {}", e.line(), e.column()),
                ))
            }
        }
    }
}

/// The chat file's root object.
struct ChatFile<'v, 'c, 'r, 'k> {
    chat: &'v mut Chat<'c, 'r, 'k>,
}

impl<'de> Visitor<'de> for ChatFile<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a chat file of a Meta export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "messages" {
                self.chat.saw_messages = true;
                map.next_value_seed(Messages { chat: &mut *self.chat })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `messages`, one at a time.
struct Messages<'v, 'c, 'r, 'k> {
    chat: &'v mut Chat<'c, 'r, 'k>,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(OneMessage { chat: &mut *self.chat })?.is_some() {}
        Ok(())
    }
}

/// One message: read whole (it is capped in size) with its bytes, and handed on.
struct OneMessage<'v, 'c, 'r, 'k> {
    chat: &'v mut Chat<'c, 'r, 'k>,
}

impl<'de> DeserializeSeed<'de> for OneMessage<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        let track = self.chat.track.clone();
        // The parser has read the value's first byte (`{`) to know what it is.
        let start = track.bytes().saturating_sub(1);
        let line = track.line();
        let done = match self.chat.reader.fast.and_then(|_| self.fast(&track, start, line)) {
            Some(done) => {
                // The parser is handed the message as an empty object (see `fast`).
                d.deserialize_ignored_any(IgnoredAny)?;
                done
            }
            None => {
                track.start_copy(b'{', MAX_MESSAGE_BYTES);
                let value = Value::deserialize(d);
                let bytes = track.take_copy();
                let value = value?;
                self.handle(&value, start, line, &bytes)
            }
        };
        if let Err(e) = done {
            self.chat.error = Some(e);
            return Err(serde::de::Error::custom("the import stopped"));
        }
        Ok(())
    }
}

impl OneMessage<'_, '_, '_, '_> {
    /// A message the reader's buffer holds whole, cut out of it and parsed from there, then
    /// handed on; the parser is handed only its line ends and indent (`tracked.rs`). `None`
    /// (nothing read) for any other message (split by the buffer's end, or one the slice parse
    /// refuses), which is then read from the stream as before, so it is refused as it always
    /// was. Only a slice the parse takes whole is taken: that is the message the stream holds.
    fn fast(&mut self, track: &Track, start: u64, line: u64) -> Option<Result<(), ImportError>> {
        // The file's object and its `messages`.
        let bytes = track.object_in_buffer(FAST_DEPTH - 2)?;
        let value = serde_json::from_slice::<Value>(&bytes).ok()?;
        let len = bytes.len();
        let done = self.handle(&value, start, line, &bytes);
        drop(bytes);
        track.pass_over(len);
        self.chat.reader.fast = self.chat.reader.fast.map(|n| n + 1);
        Some(done)
    }

    /// One message, read, with its bytes from `start`: counted, and handed on.
    fn handle(&mut self, value: &Value, start: u64, line: u64, bytes: &[u8]) -> Result<(), ImportError> {
        self.chat.count += 1;
        self.chat.reader.messages += 1;
        let span = (self.chat.reader.ctx.want_media && bytes.first() == Some(&b'{') && bytes.last() == Some(&b'}'))
            .then(|| ItemSpan::of(self.chat.member, start, bytes));
        self.chat.message(value, line, span)
    }
}

/// Why a message is not an item, in the export's own terms.
const NO_SENDER: &str = "it has no sender_name";
const NO_TIME: &str = "it has no timestamp_ms, or one that is not a time";
const NOT_OBJECT: &str = "it is not a message object ({...})";

/// The media lists a message can carry, and what each holds.
const MEDIA_FIELDS: [(&str, &str); 5] =
    [("photos", "photo"), ("videos", "video"), ("audio_files", "voice message"), ("gifs", "GIF"), ("files", "file")];

impl Chat<'_, '_, '_> {
    fn message(&mut self, v: &Value, line: u64, span: Option<ItemSpan>) -> Result<(), ImportError> {
        // Written only for an unreadable message: most are read.
        let (member, count) = (self.member, self.count);
        let place = move || match member {
            Some(member) => format!("message {count} of {member} (on line {line})"),
            None => format!("message {count} (on line {line})"),
        };
        if !v.is_object() {
            self.reader.facts.unreadable.add(place(), NOT_OBJECT);
            return Ok(());
        }
        let Some(sender) = v.get("sender_name").and_then(Value::as_str).map(|s| unmangle(s).into_owned()) else {
            self.reader.facts.unreadable.add(place(), NO_SENDER);
            return Ok(());
        };
        let ms = v.get("timestamp_ms").and_then(Value::as_i64);
        let Some(at) = ms.and_then(|ms| self.reader.ctx.zone.instant_ms(ms)) else {
            self.reader.facts.unreadable.add(place(), NO_TIME);
            return Ok(());
        };
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("Generic");
        if matches!(kind, "Subscribe" | "Unsubscribe") {
            // Someone added to or leaving a group: a notice, not a message.
            self.reader.facts.skipped += 1;
            return Ok(());
        }
        let party = self.reader.ctx.normaliser.sender(&sender);
        if self.reader.ctx.who_only {
            // The import's first pass: who it involves.
            let kind = if kind == "Call" { EntryKind::Call } else { EntryKind::TextMessage };
            return (self.reader.sink)(Item::who(kind, at, party, Direction::FromSender), &mut *self.media);
        }
        let body = text(v, "content").unwrap_or_default();
        let mut notes = Vec::new();
        let mut media = Vec::new();
        let mut uris = Vec::new();
        let mut add_media = |uri: &str, what: &str, notes: &mut Vec<String>| {
            uris.push(uri.to_owned());
            if uri.starts_with("http://") || uri.starts_with("https://") {
                notes.push(format!("A {what} on the web: {}", clean(uri)));
            } else if !uri.trim().is_empty() {
                let name = uri.rsplit('/').next().unwrap_or(uri).to_owned();
                media.push(Media { name, data: MediaData::InZip(media_name(self.root, uri)) });
            }
        };
        for (field, what) in MEDIA_FIELDS {
            for one in v.get(field).and_then(Value::as_array).into_iter().flatten() {
                if let Some(uri) = one.get("uri").and_then(Value::as_str) {
                    add_media(uri, what, &mut notes);
                }
            }
        }
        if let Some(uri) = v.get("sticker").and_then(|s| s.get("uri")).and_then(Value::as_str) {
            add_media(uri, "sticker", &mut notes);
        }
        if let Some(share) = v.get("share") {
            let link = text(share, "link").filter(|l| !l.is_empty());
            let words = text(share, "share_text").filter(|t| !t.is_empty());
            match (link, words) {
                (Some(link), Some(words)) => notes.push(format!("Shared {link}: {words}")),
                (Some(link), None) => notes.push(format!("Shared {link}")),
                (None, Some(words)) => notes.push(format!("Shared: {words}")),
                (None, None) => {}
            }
        }
        if v.get("is_unsent").and_then(Value::as_bool) == Some(true) {
            notes.push("The sender unsent (deleted) this message; the export keeps only what is shown.".to_owned());
        }
        let reactions: Vec<String> = v
            .get("reactions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let what = text(r, "reaction")?;
                Some(match text(r, "actor") {
                    Some(actor) => format!("{what} by {actor}"),
                    None => what,
                })
            })
            .collect();
        if !reactions.is_empty() {
            notes.push(format!("Reactions: {}", reactions.join(", ")));
        }
        let call = (kind == "Call").then(|| {
            let secs = v.get("call_duration").and_then(Value::as_u64).map(|d| d.min(u64::from(u32::MAX)) as u32);
            let direction = if secs == Some(0) { CallDirection::Missed } else { CallDirection::Incoming };
            CallDetails { direction: Some(direction), duration_secs: secs }
        });
        let key = item_key(&[
            self.reader.format.as_str(),
            &sender,
            &ms.unwrap_or_default().to_string(),
            &body,
            &uris.join("\n"),
        ]);
        let item = Item {
            kind: if call.is_some() { EntryKind::Call } else { EntryKind::TextMessage },
            at,
            contact_name: Some(party.display.clone()),
            parties: vec![party],
            direction: Direction::FromSender,
            call,
            picture: false,
            subject: None,
            body,
            media,
            notes,
            key,
            span,
        };
        (self.reader.sink)(item, &mut *self.media)
    }
}

#[cfg(test)]
#[path = "meta_fast_tests.rs"]
mod fast_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_escaped_utf8_is_read_as_the_text_it_was() {
        assert_eq!(unmangle("\u{f0}\u{9f}\u{98}\u{80}"), "😀");
        // "Łukasz" and "مرحبا", as Meta writes them.
        assert_eq!(unmangle("\u{c5}\u{81}ukasz"), "Łukasz");
        assert_eq!(unmangle("\u{d9}\u{85}\u{d8}\u{b1}\u{d8}\u{ad}\u{d8}\u{a8}\u{d8}\u{a7}"), "مرحبا");
        // Not escaped that way: kept as it is.
        assert_eq!(unmangle("café"), "café");
        assert_eq!(unmangle("Łukasz"), "Łukasz");
        assert_eq!(unmangle("plain"), "plain");
    }

    #[test]
    fn chat_files_are_known_by_their_place() {
        assert!(is_chat_file("your_instagram_activity/messages/inbox/jondoe_1234/message_1.json"));
        assert!(is_chat_file("messages/inbox/jondoe_1234/message_12.json"));
        assert!(is_chat_file("messages/message_requests/x_1/message_1.json"));
        assert!(!is_chat_file("messages/inbox/jondoe_1234/photos/message_1.json.jpg"));
        assert!(!is_chat_file("messages/inbox/message_1.json"));
        assert!(!is_chat_file("messages/inbox/jondoe_1234/result.json"));
    }

    #[test]
    fn media_are_named_under_the_chat_files_top_folder() {
        let uri = "your_instagram_activity/messages/inbox/jon_1/photos/1.jpg";
        assert_eq!(media_name("your_instagram_activity/", uri), uri);
        assert_eq!(media_name("", "messages/inbox/jon_1/photos/1.jpg"), "messages/inbox/jon_1/photos/1.jpg");
        assert_eq!(media_name("x/your_instagram_activity/", uri), format!("x/{uri}"));
    }
}
