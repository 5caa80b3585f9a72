//! One item from an export (a text, a call, a chat message, an email), in a shape shared
//! by every format, and how it becomes a diary entry.

use std::io::Read;

use casebook_crypto::{Sha256, hash::Digest};
use chrono::{DateTime, FixedOffset};

use super::party::Party;
use super::text::snippet;
use super::{ImportError, ImportFormat};
use crate::model::{CallDetails, CallDirection, EntryFields, EntryKind, EntrySource, MAX_TEXT_BYTES, SourceSpan};

/// Which way an item went, from the phone's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// They sent it (or called).
    Incoming,
    /// The person sent it.
    Outgoing,
    /// Written but never sent (draft, outbox, failed, queued).
    Unsent,
    /// The export does not say (chat and mail exports: the sender is named instead).
    FromSender,
}

/// A file that belongs to an item.
pub(crate) struct Media {
    pub name: String,
    pub data: MediaData,
}

pub(crate) enum MediaData {
    /// Decoded already (an MMS part, an email attachment).
    Bytes(Vec<u8>),
    /// A file in the export's zip, by its name there.
    InZip(String),
}

/// An item, normalised.
pub(crate) struct Item {
    pub kind: EntryKind,
    pub at: DateTime<FixedOffset>,
    /// Who it involves besides the person; never empty.
    pub parties: Vec<Party>,
    /// The name the export gives the correspondent (a phone's contact name).
    pub contact_name: Option<String>,
    pub direction: Direction,
    pub call: Option<CallDetails>,
    /// A picture message (MMS with an image), for the title.
    pub picture: bool,
    pub subject: Option<String>,
    pub body: String,
    pub media: Vec<Media>,
    /// Plain remarks kept in the narrative ("the photo was not included in the export").
    pub notes: Vec<String>,
    /// Stable across exports of the same item (see [`item_key`]).
    pub key: String,
    /// Where its exact bytes are in the export; `None` where they cannot be pointed at
    /// (converted text, or a reader that did not look: preview).
    pub span: Option<ItemSpan>,
}

impl Item {
    /// An item as the import's first pass wants it ([`super::ReadCtx::who_only`]): its kind,
    /// time and correspondent; no text, notes, media or key.
    pub fn who(kind: EntryKind, at: DateTime<FixedOffset>, party: Party, direction: Direction) -> Self {
        Item {
            kind,
            at,
            parties: vec![party],
            contact_name: None,
            direction,
            call: None,
            picture: false,
            subject: None,
            body: String::new(),
            media: Vec::new(),
            notes: Vec::new(),
            key: String::new(),
            span: None,
        }
    }
}

/// An item's bytes in the export file (or in `member`, a file inside a ZIP export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemSpan {
    pub member: Option<String>,
    pub start: u64,
    pub end: u64,
    /// SHA-256 of those bytes, hex.
    pub sha256: String,
}

impl ItemSpan {
    /// The span of `bytes`, which start at `start` in the file.
    pub fn of(member: Option<&str>, start: u64, bytes: &[u8]) -> Self {
        ItemSpan {
            member: member.map(str::to_owned),
            start,
            end: start + bytes.len() as u64,
            sha256: hex_lower(&Sha256::digest(bytes)),
        }
    }
}

/// Hands out the media an item refers to (the files inside a WhatsApp zip).
pub(crate) trait MediaSource {
    /// Whether the export holds the named file.
    fn has(&self, name: &str) -> bool;
    /// A reader over the named file, or `None` if the export lacks it.
    fn open(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError>;
}

/// For exports without separate media files.
pub(crate) struct NoMedia;

impl MediaSource for NoMedia {
    fn has(&self, _name: &str) -> bool {
        false
    }

    fn open(&mut self, _name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        Ok(None)
    }
}

/// A stable key from an item's identifying fields: the same message in two overlapping
/// exports gets the same key. 128 bits of SHA-256, hex.
pub(crate) fn item_key(parts: &[&str]) -> String {
    hex_lower(&item_key_bytes(parts))
}

/// [`item_key`] before it is written in hex.
pub(crate) fn item_key_bytes(parts: &[&str]) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(b"casebook.import.item.v1");
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    let mut key = [0u8; 16];
    key.copy_from_slice(&h.finalize()[..16]);
    key
}

/// Lower-case hex, as `hex::encode` writes it, in one pass without an iterator of chars (an
/// import writes three hashes per message this way).
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The longest title snippet of a message.
const SNIPPET_CHARS: usize = 60;

impl Item {
    /// The diary entry for this item. `party` is the correspondent it was selected for;
    /// `who` is how to name them (the case person's name when matched).
    pub fn to_entry(
        &self,
        format: ImportFormat,
        party: &Party,
        who: &str,
        person_id: Option<u32>,
        media_note: Option<String>,
        source_sha256: &str,
    ) -> EntryFields {
        // A contact name can be anything a phone holds; keep titles short.
        let who = snippet(who, 80);
        let mut fields = EntryFields::new(self.kind, self.title(format, party, &who), self.at);
        let mut narrative = self.body.clone();
        for note in self.notes.iter().chain(media_note.as_ref()) {
            if !narrative.is_empty() {
                narrative.push_str("\n\n");
            }
            narrative.push('[');
            narrative.push_str(note);
            narrative.push(']');
        }
        if narrative.len() > MAX_TEXT_BYTES {
            let mut cut = MAX_TEXT_BYTES - 200;
            while !narrative.is_char_boundary(cut) {
                cut -= 1;
            }
            narrative.truncate(cut);
            narrative.push_str("\n\n[cut here: the full text is in the export file kept with this import]");
        }
        fields.narrative = narrative;
        fields.channel = Some(format.channel(self.kind).to_owned());
        fields.identifier = Some(match party.key.kind {
            super::CorrespondentKind::Withheld | super::CorrespondentKind::Name => party.display.clone(),
            super::CorrespondentKind::Phone
            | super::CorrespondentKind::Email
            | super::CorrespondentKind::Url
            | super::CorrespondentKind::Vehicle
            | super::CorrespondentKind::Account => party.key.value.clone(),
        });
        fields.call = self.call.clone();
        fields.person_id = person_id;
        fields.source = EntrySource::Import {
            format: format.as_str().to_owned(),
            item_key: self.key.clone(),
            span: self.span.as_ref().map(|s| SourceSpan {
                source_sha256: source_sha256.to_owned(),
                member: s.member.clone(),
                start: s.start,
                end: s.end,
                sha256: s.sha256.clone(),
            }),
        };
        fields
    }

    fn title(&self, format: ImportFormat, party: &Party, who: &str) -> String {
        let text = snippet(&self.body, SNIPPET_CHARS);
        let with_text = |lead: String| if text.is_empty() { lead } else { format!("{lead}: {text}") };
        let from_or_to = match self.direction {
            Direction::Outgoing => "to",
            Direction::Unsent => "to",
            _ => "from",
        };
        match (format, self.kind) {
            (_, EntryKind::Call) => {
                let direction = self.call.as_ref().and_then(|c| c.direction);
                let dur = self.call.as_ref().and_then(|c| c.duration_secs).filter(|d| *d > 0).map(duration_text);
                let lead = match direction {
                    Some(CallDirection::Outgoing) => format!("Call to {who}"),
                    Some(CallDirection::Missed) => format!("Missed call from {who}"),
                    Some(CallDirection::Rejected) => format!("Rejected call from {who}"),
                    Some(CallDirection::Blocked) => format!("Blocked call from {who}"),
                    _ => format!("Call from {who}"),
                };
                match dur {
                    Some(d) => format!("{lead} ({d})"),
                    None => lead,
                }
            }
            (_, EntryKind::Voicemail) => format!("Voicemail from {who}"),
            (ImportFormat::WhatsAppChat, _) => with_text(format!("WhatsApp message from {who}")),
            (ImportFormat::TelegramChat, _) => with_text(format!("Telegram message {from_or_to} {who}")),
            (ImportFormat::XArchive, _) => with_text(format!("X message {from_or_to} {who}")),
            (ImportFormat::InstagramMessages, _) => with_text(format!("Instagram message from {who}")),
            (ImportFormat::MessengerMessages, _) => with_text(format!("Messenger message from {who}")),
            (ImportFormat::Email, _) => {
                let subject = self.subject.as_deref().map(|s| snippet(s, SNIPPET_CHARS)).filter(|s| !s.is_empty());
                let dir = if self.parties.first().is_some_and(|p| p.key == party.key) { "from" } else { "to" };
                format!("Email {dir} {who}: {}", subject.unwrap_or_else(|| "(no subject)".into()))
            }
            _ => {
                let noun = match (self.direction, self.picture) {
                    (Direction::Unsent, _) => "Unsent text",
                    (_, true) => "Picture message",
                    _ => "Text",
                };
                with_text(format!("{noun} {from_or_to} {who}"))
            }
        }
    }
}

fn duration_text(secs: u32) -> String {
    match (secs / 3600, (secs % 3600) / 60, secs % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_written_as_the_hex_crate_writes_it() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        assert_eq!(hex_lower(&bytes), hex::encode(&bytes));
        assert_eq!(hex_lower(&[]), "");
        let key = item_key_bytes(&["whatsapp", "jon doe", "2026-03-01T21:14:00", "text", ""]);
        assert_eq!(item_key(&["whatsapp", "jon doe", "2026-03-01T21:14:00", "text", ""]), hex::encode(key));
    }

    #[test]
    fn keys_depend_on_every_field_and_their_boundaries() {
        assert_eq!(item_key(&["a", "b"]), item_key(&["a", "b"]));
        assert_ne!(item_key(&["ab", ""]), item_key(&["a", "b"]));
        assert_eq!(item_key(&["x"]).len(), 32);
    }

    #[test]
    fn durations_read_plainly() {
        assert_eq!(duration_text(5), "5 s");
        assert_eq!(duration_text(125), "2 min 5 s");
        assert_eq!(duration_text(3720), "1 h 2 min");
    }
}
