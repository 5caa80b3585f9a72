//! Telegram Desktop's "Export chat history" in machine-readable JSON (`result.json`), as its
//! exporter writes it (`export_output_json.cpp` in Telegram Desktop's source):
//!
//! - One chat: the root object is the chat, `{"name", "type" ("personal_chat", "private_group",
//!   "private_supergroup", "public_supergroup", "private_channel", "public_channel",
//!   "bot_chat", "saved_messages"), "id", "messages": [...]}`. A whole account's export
//!   ("Export Telegram data") holds chats as `"chats": {"about", "list": [chat, ...]}` (and
//!   `"left_chats"` the same), beside `about`, `personal_information`, `contacts` and more.
//! - A message: `{"id", "type": "message", "date" (local clock, no zone), "date_unixtime"
//!   (seconds, as a string), "edited", "edited_unixtime", "from" (a name, or null), "from_id"
//!   (`user123`, `channel123` or `chat123`), "forwarded_from", "reply_to_message_id",
//!   "photo" / "file" (a path beside result.json, or "(File not included. ...)"),
//!   "media_type", "sticker_emoji", "text", "text_entities"}`. `text` is a string, or a list
//!   of strings (plain parts) and objects `{"type", "text", "href" | "user_id" | ...}` (bold,
//!   links, mentions). A service message (`"type": "service"`) has `actor`, `actor_id` and an
//!   `action`: `phone_call` (`duration_seconds`, `discard_reason`: `missed`, `busy`, `hangup`,
//!   `disconnect`) becomes a call; the others (joined, pinned, title changed) are notices,
//!   not items. `"type": "unsupported"` is a message the exporter could not write.
//!
//! The file is streamed with serde_json, one message at a time (each capped in size): a
//! gigabyte export never sits in memory. A message the reader's buffer holds whole is cut out
//! of it and parsed once, from there; any other is checked on the stream and copied as it is
//! read (`tracked.rs`). Either way its exact bytes are at hand for the excerpt an entry keeps,
//! in the same single pass. The sender's `from_id` is their key (`telegram:user123`): names
//! change, ids do not.
//!
//! People zip the export's folder to move it: a .zip holding `result.json` at its top or one
//! folder down, with the media folders beside it, reads the same (through `zipsafe.rs`).

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::telegram_msg::{IsObject, Msg};

use super::item::{Direction, Item, ItemSpan, Media, MediaData, MediaSource, item_key};
use super::party::{Party, account_party};
use super::text::clean;
use super::tracked::{FAST_DEPTH, Track, Tracked};
use super::zipsafe::SafeZip;
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::{CallDetails, CallDirection, EntryKind};

const FORMAT: ImportFormat = ImportFormat::TelegramChat;
/// The largest single message read (a message's text is at most 4,096 characters; with its
/// entities and fields, a few tens of kilobytes).
pub(crate) const MAX_MESSAGE_BYTES: u64 = 16 * 1024 * 1024;

/// What Telegram writes in place of a file it did not export.
const NOT_INCLUDED: &str = "(File not included";
const UNAVAILABLE: &str = "(File unavailable";
const TOO_BIG: &str = "(File exceeds maximum size";

/// Reads every message of every chat in `path`, in file order.
pub(crate) fn read(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let mut media = Folder::beside(path);
    let file = BufReader::with_capacity(256 * 1024, File::open(path)?);
    read_json(file, None, &mut media, ctx, sink)
}

/// The export's folder as a .zip: its `result.json` (at the top, or one folder down), with the
/// media read from the zip.
pub(crate) fn read_zip(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    // Two readers of the zip: one streams result.json, the other hands out media meanwhile.
    let mut files = SafeZip::open(path)?;
    let Some(name) = result_json_in(&files) else {
        return Err(ImportError::WrongFormat { expected: FORMAT, found: None });
    };
    let folder = name.strip_suffix("result.json").unwrap_or_default().to_owned();
    let mut media = ZipFolder { zip: SafeZip::open(path)?, folder };
    let Some(reader) = files.open_member(&name)? else {
        return Err(ImportError::WrongFormat { expected: FORMAT, found: None });
    };
    read_json(BufReader::with_capacity(256 * 1024, reader), Some(&name), &mut media, ctx, sink)
}

/// `result.json` at the zip's top or one folder down (the folder `ChatExport_2026-03-14`
/// zipped whole), if there is exactly one such.
pub(crate) fn result_json_in(zip: &SafeZip) -> Option<String> {
    let mut found = zip.names().filter(|n| match n.split_once('/') {
        None => *n == "result.json",
        Some((folder, rest)) => !folder.is_empty() && rest == "result.json",
    });
    let first = found.next()?.to_owned();
    found.next().is_none().then_some(first)
}

fn read_json(
    reader: impl Read,
    member: Option<&str>,
    media: &mut dyn MediaSource,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
) -> Result<Facts, ImportError> {
    read_json_with(Tracked::new(reader), member, media, ctx, sink, true).0
}

/// [`read_json`] through a given reader; `fast`: whether a message the reader's buffer holds
/// whole is parsed from there ([`OneMessage::fast`]) rather than checked on the stream,
/// copied and parsed from its copy (only the tests read without, to compare). With how many
/// messages were read fast.
fn read_json_with(
    (reader, track): (Tracked<impl Read>, Rc<Track>),
    member: Option<&str>,
    media: &mut dyn MediaSource,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
    fast: bool,
) -> (Result<Facts, ImportError>, u64) {
    let mut facts = Facts::default();
    let mut state = State {
        ctx,
        sink,
        media,
        member,
        facts: &mut facts,
        track: track.clone(),
        shape: Shape::Other,
        error: None,
        fast: fast.then_some(0),
        depth: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = (&mut de).deserialize_map(ChatVisitor { state: &mut state }).and_then(|()| de.end());
    let (shape, stopped, fast) = (state.shape, state.error.take(), state.fast.unwrap_or_default());
    (outcome(result, shape, stopped, &track).map(|()| facts), fast)
}

/// What a read came to, from the parser's result and what the visitors saw.
fn outcome(
    result: Result<(), serde_json::Error>,
    shape: Shape,
    stopped: Option<ImportError>,
    track: &Track,
) -> Result<(), ImportError> {
    if let Some(err) = stopped {
        return Err(err);
    }
    if track.too_large() {
        return Err(ImportError::TooLarge { what: "a message in the export".into(), limit: MAX_MESSAGE_BYTES });
    }
    match result {
        _ if shape == Shape::Other => Err(ImportError::WrongFormat { expected: FORMAT, found: None }),
        Ok(()) => Ok(()),
        Err(e) if e.is_eof() => Err(ImportError::Truncated { format: FORMAT }),
        Err(e) if e.is_io() => Err(ImportError::Io(std::io::Error::other(e.to_string()))),
        // The parser's line and column are the file's: a message read fast was handed to it
        // as its line ends and indent (`tracked.rs`).
        Err(e) => Err(ImportError::malformed(
            FORMAT,
            format!("the JSON breaks its rules at line {}, column {}", e.line(), e.column()),
        )),
    }
}

/// Whether the root object has shown itself to be Telegram's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Nothing Telegram writes has been seen yet.
    Other,
    /// A chat with one of Telegram's chat types, or a whole account's export.
    Telegram,
}

/// The chat types Telegram Desktop writes (`TypeString` in its exporter); `detect.rs` knows a
/// Telegram export by them too.
pub(super) const CHAT_TYPES: [&str; 9] = [
    "saved_messages",
    "replies",
    "personal_chat",
    "bot_chat",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
];

/// Everything the visitors share while the file is read.
struct State<'s, 'k> {
    ctx: &'s mut ReadCtx,
    sink: &'s mut ItemSink<'k>,
    media: &'s mut dyn MediaSource,
    /// `result.json`'s path inside a zip, for excerpts (`None`: the export file itself).
    member: Option<&'s str>,
    facts: &'s mut Facts,
    track: Rc<Track>,
    shape: Shape,
    /// An error from the sink (cancel, a vault write), kept so it is not lost in serde's.
    error: Option<ImportError>,
    /// Messages read fast ([`OneMessage::fast`]); `None`: none may be.
    fast: Option<u64>,
    /// JSON containers open around the list of messages being read.
    depth: usize,
}

/// The chat a message belongs to, as far as the export has said before its messages (Telegram
/// writes `name`, `type` and `id` first).
#[derive(Default, Clone)]
struct Chat {
    name: Option<String>,
    kind: Option<String>,
    id: Option<i64>,
}

impl Chat {
    /// The other person of a one-to-one chat: the chat's id is their user id.
    fn partner(&self) -> Option<Party> {
        if !matches!(self.kind.as_deref(), Some("personal_chat" | "bot_chat")) {
            return None;
        }
        let id = self.id?;
        Some(account_party("telegram", &format!("user{id}"), self.name.as_deref()))
    }
}

/// The root object (a chat, or a whole account's export), or one chat of `chats.list`.
struct ChatVisitor<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> Visitor<'de> for ChatVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Telegram chat export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.state.depth += 1;
        let mut chat = Chat::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => chat.name = map.next_value::<Option<Value>>()?.and_then(|v| v.as_str().map(clean)),
                "type" => {
                    chat.kind = map.next_value::<Value>()?.as_str().map(str::to_owned);
                    if chat.kind.as_deref().is_some_and(|k| CHAT_TYPES.contains(&k)) {
                        self.state.shape = Shape::Telegram;
                    }
                }
                "id" => chat.id = map.next_value::<Value>()?.as_i64(),
                "messages" => {
                    if self.state.shape != Shape::Telegram {
                        // Other platforms' exports have a "messages" list too (Instagram's).
                        return Err(serde::de::Error::custom("not a Telegram chat"));
                    }
                    map.next_value_seed(Messages { state: &mut *self.state, chat: chat.clone() })?;
                }
                "chats" | "left_chats" => map.next_value_seed(ChatList { state: &mut *self.state })?,
                "personal_information" => {
                    self.state.shape = Shape::Telegram;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.state.depth -= 1;
        Ok(())
    }
}

/// `"chats": {"about": "...", "list": [chat, ...]}` of a whole account's export.
struct ChatList<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for ChatList<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatList<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Telegram's list of chats")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.state.depth += 1;
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                self.state.shape = Shape::Telegram;
                map.next_value_seed(EachChat { state: &mut *self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        self.state.depth -= 1;
        Ok(())
    }
}

/// The chats of `chats.list`, one at a time.
struct EachChat<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for EachChat<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EachChat<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of Telegram chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.state.depth += 1;
        while seq.next_element_seed(OneChat { state: &mut *self.state })?.is_some() {}
        self.state.depth -= 1;
        Ok(())
    }
}

struct OneChat<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for OneChat<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(ChatVisitor { state: self.state })
    }
}

/// A chat's `messages`, one at a time.
struct Messages<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
    chat: Chat,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of Telegram messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let partner = self.chat.partner();
        self.state.depth += 1;
        while seq
            .next_element_seed(OneMessage { state: &mut *self.state, chat: &self.chat, partner: &partner })?
            .is_some()
        {}
        self.state.depth -= 1;
        Ok(())
    }
}

/// One message: read whole (it is capped in size), located in the file, and handed on.
struct OneMessage<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
    chat: &'v Chat,
    partner: &'v Option<Party>,
}

impl<'de> DeserializeSeed<'de> for OneMessage<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        let track = self.state.track.clone();
        // The parser has read the value's first byte (`{`) to know what it is.
        let start = track.bytes().saturating_sub(1);
        let line = track.line();
        let done = match self.state.fast.and_then(|_| self.fast(&track, start, line)) {
            Some(done) => {
                // The parser is handed the message as an empty object (see `fast`).
                d.deserialize_ignored_any(IgnoredAny)?;
                done
            }
            None => {
                track.start_copy(b'{', MAX_MESSAGE_BYTES);
                // The stream is only checked here (nothing is built); the message's own bytes
                // are then read into borrowed fields, which is several times cheaper than a
                // Value from the stream.
                let checked = d.deserialize_any(IsObject);
                let bytes = track.take_copy();
                let object = checked?;
                let parsed = if object { serde_json::from_slice::<Msg<'_>>(&bytes).map(Some) } else { Ok(None) };
                self.state.message(self.chat, self.partner.as_ref(), Located { start, line, bytes: &bytes }, parsed)
            }
        };
        if let Err(e) = done {
            self.state.error = Some(e);
            return Err(serde::de::Error::custom("the import stopped"));
        }
        Ok(())
    }
}

impl OneMessage<'_, '_, '_> {
    /// A message the reader's buffer holds whole, cut out of it by a structural scan, parsed
    /// once from there and handed on; the parser is then handed only its line ends and the
    /// indent before its `}` (`tracked.rs`), so it reads an empty object and still counts
    /// lines and columns as in the file. `None` (nothing read) for any other message (split
    /// by the buffer's end, nested deep, or one the slice parse refuses: broken, or with a
    /// field named twice), which is then read as before: checked on the stream, copied, and
    /// parsed from its copy, so it is refused, or set aside, as it always was.
    fn fast(&mut self, track: &Track, start: u64, line: u64) -> Option<Result<(), ImportError>> {
        // Few enough containers, around and inside, that the parser's nesting limit (128) is
        // far off: the stream would not have refused the message for its depth.
        let inside = FAST_DEPTH.checked_sub(self.state.depth)?;
        let bytes = track.object_in_buffer(inside)?;
        let msg = serde_json::from_slice::<Msg<'_>>(&bytes).ok()?;
        let len = bytes.len();
        let done =
            self.state.message(self.chat, self.partner.as_ref(), Located { start, line, bytes: &bytes }, Ok(Some(msg)));
        drop(bytes);
        track.pass_over(len);
        self.state.fast = self.state.fast.map(|n| n + 1);
        Some(done)
    }
}

/// Where a message is in the file: its bytes, from `start`, and the line its `{` is on.
struct Located<'b> {
    start: u64,
    line: u64,
    bytes: &'b [u8],
}

/// Why a message is not an item, in plain words.
const UNSUPPORTED: &str = "Telegram Desktop could not export it (it wrote \"type\": \"unsupported\")";
const NO_DATE: &str = "it has no date (no date_unixtime or date Telegram can write)";
const NO_SENDER: &str = "it has no sender (no from_id, and the chat has no id)";
const BAD_TEXT: &str = "its text is neither a string nor a list of parts";
const NOT_OBJECT: &str = "it is not a message (not a JSON object of fields, or a field named twice)";

impl State<'_, '_> {
    /// One message of `chat`, as an item, a notice, or an unreadable item.
    /// `parsed`: the message's fields, `None` if it is not a JSON object.
    fn message(
        &mut self,
        chat: &Chat,
        partner: Option<&Party>,
        at: Located<'_>,
        parsed: Result<Option<Msg<'_>>, serde_json::Error>,
    ) -> Result<(), ImportError> {
        let v = match parsed {
            Ok(Some(v)) => v,
            // Bytes the stream's check let through (invalid UTF-8 in an ignored string): the file
            // breaks JSON's rules there.
            Err(e) if e.classify() == serde_json::error::Category::Syntax => {
                return Err(ImportError::malformed(
                    FORMAT,
                    format!("the JSON breaks its rules at line {}", at.line + e.line() as u64 - 1),
                ));
            }
            Ok(None) | Err(_) => {
                self.facts.unreadable.add(format!("the message on line {}", at.line), NOT_OBJECT);
                return Ok(());
            }
        };
        let id = v.id.as_i64();
        // Written only for an unreadable message: most are read.
        let place = || match id {
            Some(id) => format!("message {id} (on line {})", at.line),
            None => format!("the message on line {}", at.line),
        };
        let kind = v.kind.as_str().unwrap_or("message");
        if kind == "unsupported" {
            self.facts.unreadable.add(place(), UNSUPPORTED);
            return Ok(());
        }
        let Some(when) = self.when(&v) else {
            self.facts.unreadable.add(place(), NO_DATE);
            return Ok(());
        };
        let item = match kind {
            "service" => match v.action.as_str() {
                Some("phone_call") => self.call(&v, chat, partner, when),
                _ => {
                    // Joined, pinned, title changed: a notice, not an item.
                    self.facts.skipped += 1;
                    return Ok(());
                }
            },
            "message" => self.text(&v, chat, partner, when),
            other => {
                let other: String = clean(other).chars().take(40).collect();
                self.facts.unreadable.add(place(), format!("it is of a kind Casebook does not know ({other:?})"));
                return Ok(());
            }
        };
        let mut item = match item {
            Ok(item) => item,
            Err(reason) => {
                self.facts.unreadable.add(place(), reason);
                return Ok(());
            }
        };
        if item.key.is_empty() && !self.ctx.who_only {
            item.key = match id {
                Some(id) => item_key(&["telegram", &chat.id.unwrap_or_default().to_string(), &id.to_string()]),
                None => item_key(&["telegram", &item.parties[0].key.value, &when.0.to_rfc3339(), &item.body]),
            };
        }
        if self.ctx.want_media && at.bytes.last() == Some(&b'}') {
            item.span = Some(ItemSpan::of(self.member, at.start, at.bytes));
        }
        (self.sink)(item, &mut *self.media)
    }

    /// When a message was sent: `date_unixtime` (an instant), or, in exports made before Telegram
    /// wrote it, `date` (the computer's clock, no zone). The bool says whether the zone was assumed.
    fn when(&mut self, v: &Msg<'_>) -> Option<(chrono::DateTime<chrono::FixedOffset>, bool)> {
        if let Some(secs) = v.date_unixtime.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
            return self.ctx.zone.instant_ms(secs.checked_mul(1000)?).map(|t| (t, false));
        }
        let text = v.date.as_str()?;
        let naive = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S").ok()?;
        self.facts.times_without_zone = true;
        self.ctx.zone.local(naive).map(|t| (t, true))
    }

    /// Who sent a message: their `from_id` (`user123`), named by `from`.
    fn sender(&self, v: &Msg<'_>, actor: bool, chat: &Chat) -> Option<Party> {
        let (id, name) = if actor { (&v.actor_id, &v.actor) } else { (&v.from_id, &v.from) };
        let name = name.as_str();
        match id.as_str().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => Some(account_party("telegram", id, name)),
            // A channel's post without a signature: the channel.
            None => chat.id.map(|id| account_party("telegram", &format!("channel{id}"), chat.name.as_deref())),
        }
    }

    /// The correspondent of an item and its direction: in a one-to-one chat, the other person
    /// (incoming when they sent it); elsewhere the sender.
    fn who(sender: Party, partner: Option<&Party>) -> (Party, Direction) {
        match partner {
            Some(p) if p.key != sender.key => (p.clone(), Direction::Outgoing),
            Some(p) => (p.clone(), Direction::FromSender),
            None => (sender, Direction::FromSender),
        }
    }

    fn text(
        &mut self,
        v: &Msg<'_>,
        chat: &Chat,
        partner: Option<&Party>,
        when: (chrono::DateTime<chrono::FixedOffset>, bool),
    ) -> Result<Item, &'static str> {
        let sender = self.sender(v, false, chat).ok_or(NO_SENDER)?;
        if self.ctx.who_only {
            // The import's first pass: who it involves, and whether it can be read.
            if !v.text.is_readable() {
                return Err(BAD_TEXT);
            }
            let (party, direction) = Self::who(sender, partner);
            return Ok(Item::who(EntryKind::TextMessage, when.0, party, direction));
        }
        let body = v.text.flatten().ok_or(BAD_TEXT)?;
        let mut notes = Vec::new();
        let mut media = Vec::new();
        let what = v.media_type.as_str().map(|m| m.replace('_', " "));
        for (field, value) in [("photo", &v.photo), ("file", &v.file)] {
            let Some(path) = value.as_str() else { continue };
            let thing =
                if field == "photo" { "photo".to_owned() } else { what.clone().unwrap_or_else(|| "file".into()) };
            if path.starts_with(NOT_INCLUDED) || path.starts_with(TOO_BIG) || path.starts_with(UNAVAILABLE) {
                notes.push(format!(
                    "The export does not include this message's {thing}: Telegram wrote \"{}\"",
                    clean(path)
                ));
            } else if !path.trim().is_empty() {
                let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned();
                media.push(Media { name, data: MediaData::InZip(path.to_owned()) });
            }
        }
        if let Some(emoji) = v.sticker_emoji.as_str() {
            notes.push(format!("A sticker: {}", clean(emoji)));
        }
        if let Some(from) = v.forwarded_from.as_str() {
            notes.push(format!("Forwarded from {}.", clean(from)));
        }
        if let Some(edited) = v.edited.as_str() {
            notes.push(format!("Edited at {} (as Telegram wrote it).", clean(edited)));
        }
        let place = &v.location_information;
        if let (Some(lat), Some(lon)) = (place.latitude.as_f64(), place.longitude.as_f64()) {
            notes.push(format!("A location: {lat}, {lon}."));
        }
        if let Some(q) = v.poll.question.as_str() {
            notes.push(format!("A poll: {}", clean(q)));
        }
        if when.1 {
            notes.push("The export gives this message's time without a time zone.".to_owned());
        }
        let contact_name = sender.display.clone();
        let (party, direction) = Self::who(sender, partner);
        Ok(Item {
            kind: EntryKind::TextMessage,
            at: when.0,
            parties: vec![party],
            contact_name: (direction == Direction::FromSender).then_some(contact_name),
            direction,
            call: None,
            picture: false,
            subject: None,
            body: clean(&body),
            media,
            notes,
            key: String::new(),
            span: None,
        })
    }

    fn call(
        &mut self,
        v: &Msg<'_>,
        chat: &Chat,
        partner: Option<&Party>,
        when: (chrono::DateTime<chrono::FixedOffset>, bool),
    ) -> Result<Item, &'static str> {
        let actor = self.sender(v, true, chat).ok_or(NO_SENDER)?;
        let (party, direction) = Self::who(actor, partner);
        let outgoing = direction == Direction::Outgoing;
        let duration = v.duration_seconds.as_u64().map(|d| d.min(u64::from(u32::MAX)) as u32);
        let call_direction = match (outgoing, v.discard_reason.as_str()) {
            (true, _) => CallDirection::Outgoing,
            (false, Some("missed")) => CallDirection::Missed,
            (false, Some("busy")) => CallDirection::Rejected,
            (false, _) => CallDirection::Incoming,
        };
        Ok(Item {
            kind: EntryKind::Call,
            at: when.0,
            parties: vec![party],
            contact_name: None,
            direction,
            call: Some(CallDetails { direction: Some(call_direction), duration_secs: duration }),
            picture: false,
            subject: None,
            body: String::new(),
            media: Vec::new(),
            notes: vec!["A Telegram call.".to_owned()],
            key: String::new(),
            span: None,
        })
    }
}

/// The files beside `result.json` (`photos/`, `files/`, `voice_messages/` ...), reached only by
/// relative paths that stay inside that folder: no `..`, no absolute path, no link out.
pub(crate) struct Folder {
    root: Option<PathBuf>,
}

impl Folder {
    pub(crate) fn beside(path: &Path) -> Self {
        Folder {
            root: path
                .parent()
                .and_then(|p| std::fs::canonicalize(if p.as_os_str().is_empty() { Path::new(".") } else { p }).ok()),
        }
    }

    /// The files under `root` (another export's top folder), by the same rule.
    pub(crate) fn at(root: &Path) -> Self {
        Folder { root: std::fs::canonicalize(root).ok() }
    }

    fn resolve(&self, name: &str) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let relative = Path::new(name);
        if name.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
            return None;
        }
        let full = std::fs::canonicalize(root.join(relative)).ok()?;
        (full.starts_with(root) && full.is_file()).then_some(full)
    }
}

/// The files beside `result.json` in a zip: the same relative paths, checked the same way, then
/// looked up in the zip (whose names were all checked when it was opened).
struct ZipFolder {
    zip: SafeZip,
    /// `result.json`'s folder in the zip, with its `/` (`""` at the top).
    folder: String,
}

impl ZipFolder {
    fn member(&self, name: &str) -> Option<String> {
        let relative = Path::new(name);
        if name.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
            return None;
        }
        let parts: Vec<&str> = name.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
        Some(format!("{}{}", self.folder, parts.join("/")))
    }
}

impl MediaSource for ZipFolder {
    fn has(&self, name: &str) -> bool {
        self.member(name).is_some_and(|m| self.zip.has_member(&m))
    }

    fn open(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        match self.member(name) {
            Some(member) => self.zip.open_member(&member),
            None => Ok(None),
        }
    }
}

impl MediaSource for Folder {
    fn has(&self, name: &str) -> bool {
        self.resolve(name).is_some()
    }

    fn open(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        match self.resolve(name) {
            Some(path) => Ok(Some(Box::new(File::open(path)?))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
#[path = "telegram_fast_tests.rs"]
mod fast_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_paths_stay_inside_the_export_folder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("photos")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("photos/p.jpg"), b"x").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap_or_else(|e| panic!("{e}"));
        let inner = dir.path().join("export");
        std::fs::create_dir(&inner).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(inner.join("photos")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(inner.join("photos/p.jpg"), b"x").unwrap_or_else(|e| panic!("{e}"));
        let folder = Folder::beside(&inner.join("result.json"));
        assert!(folder.has("photos/p.jpg"));
        for hostile in ["../secret.txt", "/etc/passwd", "photos/../../secret.txt", ""] {
            assert!(!folder.has(hostile), "{hostile}");
        }
    }
}
