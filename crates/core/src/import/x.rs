//! X (formerly Twitter) "Download an archive of your data": its direct messages.
//!
//! The archive (the .zip as downloaded, or the folder it unpacks to) keeps them in
//! `data/direct-messages.js` and `data/direct-messages-group.js` (a large archive splits them:
//! `direct-messages-part1.js` ... with `.part1` ...), each a JavaScript assignment around one
//! JSON list: `window.YTD.direct_messages.part0 = [{"dmConversation": {"conversationId":
//! "111-222", "messages": [event, ...]}}, ...]` (`window.YTD.direct_messages_group.part0` for
//! group conversations). An event is an object with one key, its kind:
//!
//! - `messageCreate`: `{"recipientId" (not in groups), "reactions": [{"senderId",
//!   "reactionKey", "eventId", "createdAt"}], "urls": [{"url", "expanded", "display"}], "text",
//!   "mediaUrls", "senderId", "id", "createdAt"}` (`createdAt` ISO 8601 with milliseconds, UTC):
//!   a message, an item.
//! - `joinConversation`, `participantsJoin`, `participantsLeave`, `conversationNameUpdate`:
//!   notices (someone joined, left, renamed the group), counted, not items.
//! - anything else: an unreadable item, named by its place and kind.
//!
//! A message's media are in `data/direct_messages_media/` (`direct_messages_group_media/`),
//! named `<message id>-<name>`, the name being the last part of its media URL. The account
//! owner's id is in `data/account.js` (`window.YTD.account.part0 = [{"account": {"accountId",
//! "username", ...}}]`): in a one-to-one conversation the other person is the correspondent of
//! both directions. A sender's id is their key (`x:12345`): handles change, ids do not.
//!
//! Each file is streamed with serde_json one event at a time (each capped in size), its bytes
//! copied as they are read for the excerpt an entry keeps: a gigabyte archive never sits in
//! memory.

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::item::{Direction, Item, ItemSpan, Media, MediaData, MediaSource, item_key};
use super::party::account_party;
use super::telegram::Folder;
use super::text::clean;
use super::tracked::{FAST_DEPTH, Track, Tracked};
use super::zipsafe::SafeZip;
use super::{Facts, ImportError, ImportFormat, ItemSink, ReadCtx};
use crate::model::EntryKind;

const FORMAT: ImportFormat = ImportFormat::XArchive;
/// The largest single event read (a direct message is at most 10,000 characters; with its
/// links and reactions, a few tens of kilobytes).
pub(crate) const MAX_EVENT_BYTES: u64 = 16 * 1024 * 1024;
/// The largest `account.js` read (it holds one small object).
const MAX_ACCOUNT_BYTES: u64 = 1024 * 1024;
/// The wrapper is at most this long (`window.YTD.direct_messages_group.part12 = `).
const MAX_WRAPPER_BYTES: usize = 256;

/// The notices an X conversation holds besides messages.
const NOTICES: [&str; 4] = ["joinConversation", "participantsJoin", "participantsLeave", "conversationNameUpdate"];

/// Whether `name` (a path inside the archive, or a file name) is one of X's direct-message
/// files: `direct-messages.js`, `direct-messages-group.js`, or a `-partN` of either.
pub(crate) fn is_dm_file(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let Some(stem) = base.strip_suffix(".js") else { return false };
    let stem = stem.strip_prefix("direct-messages").unwrap_or("!");
    let stem = stem.strip_prefix("-group").unwrap_or(stem);
    stem.is_empty()
        || stem.strip_prefix("-part").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One direct-message file of an unpacked archive (`data/direct-messages.js`), with
/// `account.js` and the media folders beside it.
pub(crate) fn read_js(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut facts = Facts::default();
    let beside = path.parent().map(|p| p.join("account.js"));
    let owner = match beside.as_deref().filter(|p| p.is_file()) {
        Some(account) => {
            let mut bytes = Vec::new();
            File::open(account)?.take(MAX_ACCOUNT_BYTES).read_to_end(&mut bytes)?;
            owner_of(&bytes, "account.js", &mut facts)
        }
        None => {
            facts.notes.push(NO_ACCOUNT.to_owned());
            None
        }
    };
    let mut media = Folder::beside(path);
    let group = name.starts_with("direct-messages-group");
    let media_dir = if group { "direct_messages_group_media/" } else { "direct_messages_media/" };
    let file = Part { name: &name, member: None, media_dir, owner: owner.as_deref() };
    let events =
        file.read(BufReader::with_capacity(256 * 1024, File::open(path)?), &mut media, ctx, sink, &mut facts)?;
    if events == 0 {
        return Err(empty(&name));
    }
    Ok(facts)
}

/// The archive's .zip as downloaded: every direct-message file in it, the one-to-one
/// conversations first.
pub(crate) fn read_zip(path: &Path, ctx: &mut ReadCtx, sink: &mut ItemSink<'_>) -> Result<Facts, ImportError> {
    // Two readers of the zip: one streams the messages, the other hands out media meanwhile.
    let mut files = SafeZip::open(path)?;
    let mut media = SafeZip::open(path)?;
    let mut parts: Vec<String> = files.names().filter(|n| is_dm_file(n)).map(str::to_owned).collect();
    parts.sort_by_key(|n| (n.contains("-group"), n.len(), n.clone()));
    let mut facts = Facts::default();
    let account = files.names().find(|n| n.rsplit('/').next() == Some("account.js")).map(str::to_owned);
    let owner = match account {
        Some(account) => {
            let bytes = files.read_member(&account, MAX_ACCOUNT_BYTES)?;
            owner_of(&bytes, &account, &mut facts)
        }
        None => {
            facts.notes.push(NO_ACCOUNT.to_owned());
            None
        }
    };
    let mut events = 0;
    for name in &parts {
        let Some(reader) = files.open_member(name)? else { continue };
        let file = Part { name, member: Some(name.as_str()), media_dir: "", owner: owner.as_deref() };
        events += file.read(BufReader::with_capacity(256 * 1024, reader), &mut media, ctx, sink, &mut facts)?;
    }
    match parts.first() {
        None => Err(ImportError::WrongFormat { expected: FORMAT, found: None }),
        Some(first) if events == 0 => Err(empty(first)),
        Some(_) => Ok(facts),
    }
}

const NO_ACCOUNT: &str = "The archive's account.js was not found beside the messages, so whose archive it is \
                          is not known: each message is listed under its sender.";

fn empty(name: &str) -> ImportError {
    ImportError::NoMessages {
        format: FORMAT,
        detail: format!("{name} is an empty list (the account has no direct messages in this archive)"),
    }
}

/// The owner's account id from `account.js`; `None` (said in a note) if it cannot be read.
fn owner_of(bytes: &[u8], name: &str, facts: &mut Facts) -> Option<String> {
    let found = account_id(bytes);
    if found.is_none() {
        facts.notes.push(format!(
            "{name} does not give the account's id, so whose archive it is is not known: each message is listed \
             under its sender."
        ));
    }
    found
}

/// `window.YTD.account.part0 = [{"account": {"accountId": "123", ...}}]`: the id.
fn account_id(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (wrapper, json) = text.split_once('=')?;
    if !wrapper.trim_start_matches('\u{feff}').trim().starts_with("window.YTD.account.part") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let id = value.get(0)?.get("account")?.get("accountId")?.as_str()?.trim();
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
}

/// One direct-message file being read.
struct Part<'p> {
    /// As the person knows it: `direct-messages.js`, or its path in the zip.
    name: &'p str,
    /// Its path in the zip, for excerpts (`None`: the export file itself).
    member: Option<&'p str>,
    /// Where its media are, relative to it (`""` in a zip, where names are unique).
    media_dir: &'p str,
    owner: Option<&'p str>,
}

impl Part<'_> {
    /// Reads the file's events; returns how many there were.
    fn read(
        &self,
        reader: impl Read,
        media: &mut dyn MediaSource,
        ctx: &mut ReadCtx,
        sink: &mut ItemSink<'_>,
        facts: &mut Facts,
    ) -> Result<u64, ImportError> {
        self.read_tracked(Tracked::new(reader), media, ctx, sink, facts, true).0
    }

    /// [`Part::read`] through a given reader; `fast`: whether an event the reader's buffer
    /// holds whole is parsed from there ([`OneEvent::fast`]) rather than from the stream (only
    /// the tests read without, to compare). With how many events were read fast.
    fn read_tracked(
        &self,
        (mut reader, track): (Tracked<impl Read>, Rc<Track>),
        media: &mut dyn MediaSource,
        ctx: &mut ReadCtx,
        sink: &mut ItemSink<'_>,
        facts: &mut Facts,
        fast: bool,
    ) -> (Result<u64, ImportError>, u64) {
        if let Err(e) = self.wrapper(&mut reader) {
            return (Err(e), 0);
        }
        let fast = fast.then_some(0);
        let mut state =
            State { part: self, ctx, sink, media, facts, track: track.clone(), events: 0, error: None, fast };
        let mut de = serde_json::Deserializer::from_reader(reader);
        let result = (&mut de).deserialize_seq(Conversations { state: &mut state }).and_then(|()| de.end());
        let (events, stopped, fast) = (state.events, state.error.take(), state.fast.unwrap_or_default());
        (self.outcome(result, events, stopped, &track), fast)
    }

    /// What a read came to, from the parser's result and what the visitors saw.
    fn outcome(
        &self,
        result: Result<(), serde_json::Error>,
        events: u64,
        stopped: Option<ImportError>,
        track: &Track,
    ) -> Result<u64, ImportError> {
        if let Some(err) = stopped {
            return Err(err);
        }
        if track.too_large() {
            return Err(ImportError::TooLarge { what: format!("an event in {}", self.name), limit: MAX_EVENT_BYTES });
        }
        match result {
            Ok(()) => Ok(events),
            Err(e) if e.is_eof() => Err(ImportError::malformed(
                FORMAT,
                format!("{} stops in the middle at line {}, as if the copy was cut short", self.name, track.line()),
            )),
            Err(e) if e.is_io() => Err(ImportError::Io(std::io::Error::other(e.to_string()))),
            // The parser's line and column are the file's: an event read fast was handed to it
            // as its line ends and indent (`tracked.rs`).
            Err(e) => Err(ImportError::malformed(
                FORMAT,
                format!("{} breaks the rules of X's format at line {}, column {}", self.name, e.line(), e.column()),
            )),
        }
    }

    /// Reads `window.YTD.direct_messages.part0 =` (or the group's), refusing anything else.
    fn wrapper(&self, reader: &mut impl Read) -> Result<(), ImportError> {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while head.len() < MAX_WRAPPER_BYTES {
            if reader.read(&mut byte)? == 0 {
                break;
            }
            if byte[0] == b'=' {
                let text = String::from_utf8_lossy(&head);
                let text = text.trim_start_matches('\u{feff}').trim();
                let kind = text
                    .strip_prefix("window.YTD.")
                    .and_then(|t| t.rsplit_once(".part"))
                    .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .map(|(kind, _)| kind);
                return match kind {
                    Some("direct_messages" | "direct_messages_group") => Ok(()),
                    Some(other) => Err(ImportError::NoMessages {
                        format: FORMAT,
                        detail: format!(
                            "{} holds the archive's {:?} (line 1), not its direct messages; choose \
                             data/direct-messages.js, data/direct-messages-group.js or the archive's .zip",
                            self.name,
                            clean(other).chars().take(40).collect::<String>()
                        ),
                    }),
                    None => Err(no_wrapper(self.name)),
                };
            }
            head.push(byte[0]);
        }
        Err(no_wrapper(self.name))
    }
}

fn no_wrapper(name: &str) -> ImportError {
    ImportError::malformed(
        FORMAT,
        format!("{name} does not start as X writes it (\"window.YTD.direct_messages.part0 = [\" on line 1)"),
    )
}

/// Everything the visitors share while a file is read.
struct State<'s, 'k> {
    part: &'s Part<'s>,
    ctx: &'s mut ReadCtx,
    sink: &'s mut ItemSink<'k>,
    media: &'s mut dyn MediaSource,
    facts: &'s mut Facts,
    track: Rc<Track>,
    events: u64,
    /// An error from the sink (cancel, a vault write), kept so it is not lost in serde's.
    error: Option<ImportError>,
    /// Events read fast ([`OneEvent::fast`]); `None`: none may be.
    fast: Option<u64>,
}

/// The file's list of `{"dmConversation": ...}`.
struct Conversations<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> Visitor<'de> for Conversations<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of X conversations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Conversation { state: &mut *self.state, inner: false })?.is_some() {}
        Ok(())
    }
}

/// `{"dmConversation": {...}}` (`inner: false`), or the `{"conversationId", "messages"}` in it.
struct Conversation<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
    inner: bool,
}

impl<'de> DeserializeSeed<'de> for Conversation<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Conversation<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an X conversation")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match (self.inner, key.as_str()) {
                (false, "dmConversation") => {
                    map.next_value_seed(Conversation { state: &mut *self.state, inner: true })?;
                }
                (true, "messages") => map.next_value_seed(Events { state: &mut *self.state })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A conversation's events, one at a time.
struct Events<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for Events<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of X direct-message events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(OneEvent { state: &mut *self.state })?.is_some() {}
        Ok(())
    }
}

/// One event: read whole (it is capped in size), copied, and handed on.
struct OneEvent<'v, 's, 'k> {
    state: &'v mut State<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for OneEvent<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        let track = self.state.track.clone();
        // The parser has read the value's first byte (`{`) to know what it is.
        let start = track.bytes().saturating_sub(1);
        let line = track.line();
        let done = match self.state.fast.and_then(|_| self.fast(&track, start, line)) {
            Some(done) => {
                // The parser is handed the event as an empty object (see `fast`).
                d.deserialize_ignored_any(IgnoredAny)?;
                done
            }
            None => {
                track.start_copy(b'{', MAX_EVENT_BYTES);
                let event = d.deserialize_map(EventVisitor);
                let bytes = track.take_copy();
                let event = event?;
                self.state.events += 1;
                self.state.event(event, start, line, &bytes)
            }
        };
        if let Err(e) = done {
            self.state.error = Some(e);
            return Err(serde::de::Error::custom("the import stopped"));
        }
        Ok(())
    }
}

impl OneEvent<'_, '_, '_> {
    /// An event the reader's buffer holds whole, cut out of it and parsed from there, then
    /// handed on; the parser is handed only its line ends and indent (`tracked.rs`). `None`
    /// (nothing read) for any other event (split by the buffer's end, or one the slice parse
    /// refuses), which is then read from the stream as before, so it is refused as it always
    /// was. Only a slice the parse takes whole is taken: that is the event the stream holds.
    fn fast(&mut self, track: &Track, start: u64, line: u64) -> Option<Result<(), ImportError>> {
        // The list, the `{"dmConversation": ...}`, the conversation, its `messages`.
        let bytes = track.object_in_buffer(FAST_DEPTH - 4)?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let event = (&mut de).deserialize_map(EventVisitor).and_then(|event| de.end().map(|()| event)).ok()?;
        let len = bytes.len();
        self.state.events += 1;
        let done = self.state.event(event, start, line, &bytes);
        drop(bytes);
        track.pass_over(len);
        self.state.fast = self.state.fast.map(|n| n + 1);
        Some(done)
    }
}

/// What an event is.
enum Event {
    Message(Box<MessageCreate>),
    Notice,
    Other(String),
    Nothing,
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an X direct-message event ({\"messageCreate\": ...} or a notice)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut event = Event::Nothing;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "messageCreate" if matches!(event, Event::Nothing) => {
                    event = Event::Message(Box::new(map.next_value()?));
                }
                k if NOTICES.contains(&k) && matches!(event, Event::Nothing) => {
                    map.next_value::<IgnoredAny>()?;
                    event = Event::Notice;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    if matches!(event, Event::Nothing) {
                        event = Event::Other(key);
                    }
                }
            }
        }
        Ok(event)
    }
}

/// A message, as X writes it; every field may be missing (that makes it unreadable, not the file).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct MessageCreate {
    id: Option<String>,
    sender_id: Option<String>,
    recipient_id: Option<String>,
    text: Option<String>,
    created_at: Option<String>,
    media_urls: Vec<String>,
    urls: Vec<Link>,
    reactions: Vec<Reaction>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Link {
    url: Option<String>,
    expanded: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Reaction {
    sender_id: Option<String>,
    reaction_key: Option<String>,
    created_at: Option<String>,
}

const NO_DATE: &str = "it has no date (no createdAt X can write)";
const NO_SENDER: &str = "it has no sender (no senderId)";
const NO_ID: &str = "it has no id";

impl State<'_, '_> {
    fn event(&mut self, event: Event, start: u64, line: u64, bytes: &[u8]) -> Result<(), ImportError> {
        let m = match event {
            Event::Message(m) => m,
            Event::Notice => {
                // Someone joined, left, or renamed the group: a notice, not an item.
                self.facts.skipped += 1;
                return Ok(());
            }
            Event::Other(kind) => {
                let kind: String = clean(&kind).chars().take(40).collect();
                let place = format!("{}, the event on line {line}", self.part.name);
                self.facts.unreadable.add(place, format!("it is of a kind Casebook does not know ({kind:?})"));
                return Ok(());
            }
            Event::Nothing => {
                let place = format!("{}, the event on line {line}", self.part.name);
                self.facts.unreadable.add(place, "it is an empty object, no kind of event");
                return Ok(());
            }
        };
        let id = m.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        // Written only for an unreadable message: most are read.
        let place = || match id {
            Some(id) => format!("{}, message {} (on line {line})", self.part.name, clean(id)),
            None => format!("{}, the message on line {line}", self.part.name),
        };
        let mut item = match self.message(&m, id) {
            Ok(item) => item,
            Err(reason) => {
                self.facts.unreadable.add(place(), reason);
                return Ok(());
            }
        };
        if self.ctx.want_media && bytes.last() == Some(&b'}') {
            item.span = Some(ItemSpan::of(self.part.member, start, bytes));
        }
        (self.sink)(item, &mut *self.media)
    }

    fn message(&mut self, m: &MessageCreate, id: Option<&str>) -> Result<Item, &'static str> {
        let id = id.ok_or(NO_ID)?;
        let at = m
            .created_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t.trim()).ok())
            .and_then(|t| self.ctx.zone.instant_ms(t.timestamp_millis()))
            .ok_or(NO_DATE)?;
        let sender = m.sender_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or(NO_SENDER)?;
        let recipient = m.recipient_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        // One-to-one, and the owner known: the other person, both ways. Otherwise the sender.
        let (party, direction) = match (self.part.owner, recipient) {
            (Some(owner), Some(to)) if sender == owner => (account_party("x", to, None), Direction::Outgoing),
            _ => (account_party("x", sender, None), Direction::FromSender),
        };
        if self.ctx.who_only {
            // The import's first pass: who it involves.
            return Ok(Item::who(EntryKind::TextMessage, at, party, direction));
        }
        let mut notes = Vec::new();
        for link in &m.urls {
            if let (Some(url), Some(expanded)) = (&link.url, &link.expanded)
                && url != expanded
            {
                notes.push(format!("The link {} leads to {}.", clean(url), clean(expanded)));
            }
        }
        for r in &m.reactions {
            let who = r.sender_id.as_deref().map(|s| format!("x:{}", clean(s))).unwrap_or_else(|| "someone".into());
            let what = r.reaction_key.as_deref().map(clean).unwrap_or_else(|| "a reaction".into());
            let when = r.created_at.as_deref().map(|t| format!(" at {}", clean(t))).unwrap_or_default();
            notes.push(format!("Reaction {what:?} from {who}{when}."));
        }
        if recipient.is_none() && self.part.owner.is_some_and(|o| o == sender) {
            notes.push("Sent by the archive's owner to the group.".to_owned());
        }
        let mut media = Vec::new();
        for url in &m.media_urls {
            let name = url.split(['?', '#']).next().unwrap_or(url).rsplit('/').next().unwrap_or_default();
            if name.is_empty() {
                continue;
            }
            let file = format!("{id}-{name}");
            media.push(Media { data: MediaData::InZip(format!("{}{file}", self.part.media_dir)), name: file });
        }
        Ok(Item {
            kind: EntryKind::TextMessage,
            at,
            contact_name: None,
            parties: vec![party],
            direction,
            call: None,
            picture: false,
            subject: None,
            body: clean(m.text.as_deref().unwrap_or_default()),
            media,
            notes,
            // Message ids are unique across X: the same message in two archives is one item.
            key: item_key(&["x", id]),
            span: None,
        })
    }
}

#[cfg(test)]
#[path = "x_fast_tests.rs"]
mod fast_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_message_files_are_known_by_name() {
        for yes in ["data/direct-messages.js", "direct-messages-group.js", "a/data/direct-messages-part2.js"] {
            assert!(is_dm_file(yes), "{yes}");
        }
        for no in ["data/direct-message-headers.js", "data/account.js", "direct-messages.json", "direct-messages-x.js"]
        {
            assert!(!is_dm_file(no), "{no}");
        }
    }
}
