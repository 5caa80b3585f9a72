//! Importing what the phone already holds: SMS Backup & Restore XML (texts, picture
//! messages, call logs), WhatsApp "Export chat" (.txt or .zip with media), email
//! (.eml, .mbox, Gmail Takeout), Telegram Desktop's chat export (`result.json`), the direct
//! messages of an X (Twitter) archive, and the chats of Instagram's and Facebook Messenger's
//! "Download your information" (JSON, .zip or one chat file).
//!
//! Two calls, so any front end is a thin adapter:
//!
//! 1. [`preview`] (or [`Vault::preview_import`], which also counts what is new) reads the
//!    file without writing anything: its format, how many items, who they are from
//!    (phone numbers normalised to E.164, addresses and names compared without case),
//!    which correspondents are people in the case, and the one question the file may
//!    leave open (whether `03/04/26` is 3 April or 4 March).
//! 2. [`Vault::import`] writes the chosen correspondents' items as diary entries, in ONE
//!    transaction: the export file itself (stored once, byte-exact, as an attachment of an
//!    "export imported" entry), one entry per item with its media attached, and one
//!    `import_done` ledger record carrying the file's SHA-256. Items already in the vault
//!    (from this or an overlapping export) are skipped. Cancel or any error leaves the
//!    vault exactly as it was.
//!
//! By default only the person responsible's items come in (correspondents matched to a
//! case person); [`ImportOptions::correspondents`] picks others.
//! [`Vault::add_identifiers`] adds a number or address seen in an import to a case person
//! in one call, so the next preview matches it.
//!
//! ```
//! use casebook_core::import::{ImportOptions, ImportSettings, preview};
//! use casebook_core::{CaseDetails, EntryFilter, Identifier, IdentifierKind, KdfPolicy, ManualClock, Person, Vault};
//! use casebook_crypto::Passphrase;
//! # let dir = tempfile::tempdir()?;
//! let calls = dir.path().join("calls-20260301.xml");
//! std::fs::write(&calls, r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
//! <calls count="2" backup_set="b1" backup_date="1772400600000" type="full">
//!   <call number="07700 900123" duration="0" date="1772399640000" type="3" presentation="1"
//!         subscription_id="1" readable_date="1 Mar 2026 21:14:00" contact_name="(Unknown)" />
//!   <call number="+447700900555" duration="65" date="1772399700000" type="2" presentation="1"
//!         subscription_id="1" readable_date="1 Mar 2026 21:15:00" contact_name="Mum" />
//! </calls>"#)?;
//! let clock = ManualClock::new("2026-03-02T09:00:00Z".parse()?);
//! let (mut vault, _recovery) = Vault::create(&dir.path().join("v.casebook"), Passphrase::from("pass phrase"),
//!     KdfPolicy::InsecureTestOnly, Box::new(clock))?;
//! vault.set_case(CaseDetails {
//!     persons: vec![Person { id: 1, name: "Jon Doe".into(), relationship: None, description: None,
//!         identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "+44 7700 900123".into() }] }],
//!     ..CaseDetails::default()
//! })?;
//! let settings = ImportSettings { utc_offset: Some("+00:00".parse()?), ..ImportSettings::default() };
//! let seen = preview(&calls, &vault.case()?, &settings)?;
//! assert_eq!(seen.total_items, 2);
//! assert_eq!(seen.correspondents.iter().filter(|c| c.selected_by_default).count(), 1);
//!
//! let options = ImportOptions { settings, ..ImportOptions::default() };
//! let report = vault.import(&calls, &options, &mut |_done, _total| true)?;
//! assert_eq!(report.counts.imported, 1); // only Jon's call; Mum's stays out
//! let entries = vault.list_entries(&EntryFilter { person_id: Some(1), ..EntryFilter::default() })?;
//! assert!(entries.iter().any(|e| e.fields.title == "Missed call from Jon Doe"));
//! // Importing the same file again adds nothing.
//! assert_eq!(vault.import(&calls, &options, &mut |_, _| true)?.counts.imported, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod detect;
mod email;
mod error;
#[cfg(test)]
mod fast_test_support;
mod item;
mod lines;
mod meta;
pub(crate) mod party;
mod sms;
mod store;
mod telegram;
mod telegram_msg;
mod text;
mod tracked;
mod unreadable;
mod whatsapp;
mod whatsapp_dates;
mod whatsapp_phrases;
mod x;
mod zipsafe;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub use error::{ImportError, OwnFile};
pub use lines::{ChatLines, LineKind, LineSample};
pub use party::{CorrespondentKey, CorrespondentKind};
pub use store::ImportSource;
pub use unreadable::{UNREADABLE_LISTED, UnreadableItem};

use crate::model::{CaseDetails, EntryKind, Identifier};
use item::{Item, MediaSource};
use party::{Matcher, Normaliser};
use unreadable::Unreadable;

/// The export formats Casebook reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// SyncTech's SMS Backup & Restore for Android: `sms-*.xml` (texts and picture
    /// messages) and `calls-*.xml` (the call log).
    SmsBackupRestore,
    /// WhatsApp's "Export chat", Android or iPhone, as the `.txt` or the `.zip` with media.
    WhatsAppChat,
    /// Email: one message (`.eml`) or a mailbox (`.mbox`, Gmail Takeout).
    Email,
    /// Telegram Desktop's "Export chat history" as machine-readable JSON (`result.json`, with
    /// its media folders beside it), one chat or a whole account.
    TelegramChat,
    /// The direct messages of an X (Twitter) archive ("Download an archive of your data"):
    /// the archive's .zip, or `data/direct-messages.js` / `direct-messages-group.js` of the
    /// unpacked folder.
    XArchive,
    /// Instagram's "Download your information" in JSON: the chats
    /// (`messages/inbox/<chat>/message_N.json`), from the .zip or one chat file.
    InstagramMessages,
    /// Facebook's "Download your information" in JSON: the Messenger chats, as for Instagram.
    MessengerMessages,
}

impl ImportFormat {
    /// The machine name, as stored in each entry's source.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::SmsBackupRestore => "sms_backup_restore",
            ImportFormat::WhatsAppChat => "whatsapp_chat",
            ImportFormat::Email => "email",
            ImportFormat::TelegramChat => "telegram_chat",
            ImportFormat::XArchive => "x_archive",
            ImportFormat::InstagramMessages => "instagram_messages",
            ImportFormat::MessengerMessages => "messenger_messages",
        }
    }

    /// "an SMS Backup & Restore file", for messages.
    pub fn described(self) -> &'static str {
        match self {
            ImportFormat::SmsBackupRestore => "an SMS Backup & Restore file",
            ImportFormat::WhatsAppChat => "a WhatsApp chat export",
            ImportFormat::Email => "an email file (.eml or .mbox)",
            ImportFormat::TelegramChat => "a Telegram Desktop chat export (result.json)",
            ImportFormat::XArchive => "an X (Twitter) archive (its .zip, or data/direct-messages.js)",
            ImportFormat::InstagramMessages => "an Instagram export (Download your information, JSON)",
            ImportFormat::MessengerMessages => "a Facebook Messenger export (Download your information, JSON)",
        }
    }

    fn described_capitalised(self) -> &'static str {
        match self {
            ImportFormat::SmsBackupRestore => "This SMS Backup & Restore file",
            ImportFormat::WhatsAppChat => "This WhatsApp chat export",
            ImportFormat::Email => "This email file",
            ImportFormat::TelegramChat => "This Telegram chat export",
            ImportFormat::XArchive => "This X archive",
            ImportFormat::InstagramMessages => "This Instagram export",
            ImportFormat::MessengerMessages => "This Facebook Messenger export",
        }
    }

    /// The channel recorded on each entry.
    fn channel(self, kind: EntryKind) -> &'static str {
        match (self, kind) {
            (ImportFormat::SmsBackupRestore, EntryKind::Call | EntryKind::Voicemail) => "Phone",
            (ImportFormat::SmsBackupRestore, _) => "SMS",
            (ImportFormat::WhatsAppChat, _) => "WhatsApp",
            (ImportFormat::Email, _) => "Email",
            (ImportFormat::TelegramChat, _) => "Telegram",
            (ImportFormat::XArchive, _) => "X",
            (ImportFormat::InstagramMessages, _) => "Instagram",
            (ImportFormat::MessengerMessages, _) => "Messenger",
        }
    }
}

/// Whether a date like `03/04/26` is day-first (3 April) or month-first (4 March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Day, month, year (most of the world).
    DayFirst,
    /// Month, day, year (the United States).
    MonthFirst,
}

/// How to read what the file leaves open. Shared by preview and import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[serde(default)]
pub struct ImportSettings {
    /// The country for phone numbers written without a country code (ISO 3166 code,
    /// `IE`), for this import only. `None` (the default): the case's region
    /// ([`CaseDetails::region`]).
    pub default_region: Option<String>,
    /// The UTC offset for times that carry none (WhatsApp writes local clock times), and
    /// in which exact instants (SMS, calls) are shown. `None`: this computer's time zone,
    /// per item, so summer and winter time both come out right.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[serde(with = "offset_text")]
    pub utc_offset: Option<FixedOffset>,
    /// The format the person said the file is; another format is refused with a message
    /// naming it ("this doesn't look like a WhatsApp chat export"). `None`: detect.
    pub expected_format: Option<ImportFormat>,
    /// The answer to [`ImportPreview::date_order_question`]. Import requires it when the
    /// preview asked; when the file itself decides (a day above 12, or only one reading that
    /// keeps the messages in time order), the file wins.
    pub date_order: Option<DateOrder>,
}

impl ImportSettings {
    /// The region numbers are read in: this import's, else the case's.
    pub fn region<'a>(&'a self, case: &'a CaseDetails) -> &'a str {
        self.default_region.as_deref().map(str::trim).filter(|r| !r.is_empty()).unwrap_or_else(|| case.region())
    }
}

/// What to import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[serde(default)]
pub struct ImportOptions {
    /// Region, time zone, expected format and date order.
    pub settings: ImportSettings,
    /// Whose items to import. `None`: the correspondents matched to a person in the case
    /// (an error if there are none).
    pub correspondents: Option<Vec<CorrespondentKey>>,
}

/// What a file holds, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ImportPreview {
    /// The detected format.
    pub format: ImportFormat,
    /// The file's name (no directories).
    pub file_name: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub file_size: u64,
    /// Items that would become entries if every correspondent were picked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_items: u64,
    /// Items by entry kind.
    #[cfg_attr(feature = "ts", ts(type = "Partial<Record<import(\"./EntryKind\").EntryKind, number>>"))]
    pub by_kind: BTreeMap<EntryKind, u64>,
    /// The earliest item.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_at: Option<DateTime<FixedOffset>>,
    /// The latest item.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_at: Option<DateTime<FixedOffset>>,
    /// Who the items involve, most items first.
    pub correspondents: Vec<CorrespondentSummary>,
    /// Files referred to by items (MMS parts, chat media, email attachments).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub media_files: u64,
    /// Set when the dates read both day-first and month-first: import needs the answer.
    pub date_order_question: Option<DateOrderQuestion>,
    /// The date order the file decided (chat exports only).
    pub date_order: Option<DateOrder>,
    /// Set when no day in the file is above 12 and the order was decided because only one
    /// reading keeps the messages in time order (said in `notes` too).
    pub date_order_by_time: bool,
    /// The file's times carry no time zone (WhatsApp); they are read in the offset of
    /// [`ImportSettings::utc_offset`], or this computer's zone. See `notes`.
    pub times_without_zone: bool,
    /// Items in the file that could not be read (an email without a date, an SMS element
    /// without one, a chat message whose date does not exist), not in `total_items`: the file
    /// holds `total_items + unreadable` items, as the import's `items_in_file` says.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unreadable: u64,
    /// Where and why, the first [`UNREADABLE_LISTED`] of them (the import reports the same).
    pub unreadable_items: Vec<UnreadableItem>,
    /// What a chat export holds that is not a message: for WhatsApp, [`ChatLines::not_taken`]
    /// of `lines` (notices such as "Messages and calls are end-to-end encrypted", and unreadable
    /// lines); for Telegram, its service notices (a pinned message, someone joining). 0 for
    /// other formats.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skipped: u64,
    /// Where every line of a chat export went (chat exports only): messages, continuations,
    /// notices and unreadable lines, with samples. The import reports the same.
    pub lines: Option<ChatLines>,
    /// Plain sentences for the person (how times were read, what was skipped).
    pub notes: Vec<String>,
}

/// One correspondent in a preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct CorrespondentSummary {
    /// Pass this in [`ImportOptions::correspondents`] to pick them.
    pub key: CorrespondentKey,
    /// As a person reads it: `+44 7700 900123`, `Jon Doe`, `jon@example.com`.
    pub display: String,
    /// Names the export gives them (a phone's contact names), up to three.
    pub contact_names: Vec<String>,
    /// Items involving them.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items: u64,
    /// Of those, not yet in the vault (only from [`Vault::preview_import`]).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub new_items: Option<u64>,
    /// Their items by entry kind.
    #[cfg_attr(feature = "ts", ts(type = "Partial<Record<import(\"./EntryKind\").EntryKind, number>>"))]
    pub by_kind: BTreeMap<EntryKind, u64>,
    /// The earliest item.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_at: Option<DateTime<FixedOffset>>,
    /// The latest item.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_at: Option<DateTime<FixedOffset>>,
    /// The case person they are, when an identifier or name matches.
    pub person_id: Option<u32>,
    /// That person's name.
    pub person_name: Option<String>,
    /// Imported unless the person picks otherwise (matched to a case person).
    pub selected_by_default: bool,
    /// What [`Vault::add_identifiers`] would add to a person for them (none for a
    /// withheld number).
    pub identifier: Option<Identifier>,
}

/// The question a chat export can leave open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DateOrderQuestion {
    /// A date as the file writes it, for example `03/04/26`.
    pub example: String,
    /// What it means day-first.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub day_first: NaiveDate,
    /// What it means month-first.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month_first: NaiveDate,
}

/// What an import did. Also recorded, with the file's SHA-256, in the `import_done`
/// ledger record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ImportReport {
    /// The import's number; `None` when there was nothing new, and nothing was written.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub import_id: Option<i64>,
    /// The format read.
    pub format: ImportFormat,
    /// SHA-256 of the export file, hex.
    pub source_sha256: String,
    /// The attachment holding the export file (stored once, even if imported again).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub source_attachment_id: Option<i64>,
    /// The "export imported" entry the export file is attached to.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub record_entry_id: Option<i64>,
    /// The `import_done` ledger record.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ledger_seq: Option<i64>,
    /// What came in and what did not.
    pub counts: ImportCounts,
    /// What a chat export holds that is not an item: WhatsApp's notice lines ("messages are
    /// encrypted") and lines that could not be read, or Telegram's service notices. The preview
    /// gives the same number (`skipped`). 0 for other formats, whose unreadable items are in
    /// `counts`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub lines_not_taken: u64,
    /// Where every line of a chat export went, as the preview showed it (chat exports only).
    pub lines: Option<ChatLines>,
    /// The entries made for items, in file order.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub entry_ids: Vec<i64>,
}

/// Counts of one import. Every item of the file is counted once:
/// `items_in_file = imported + duplicates + not_selected + unreadable` ([`Self::accounted`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportCounts {
    /// Items in the file, readable or not.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items_in_file: u64,
    /// Items of the picked correspondents.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub selected: u64,
    /// New entries made.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub imported: u64,
    /// Picked items already in the vault (or twice in the file), skipped.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duplicates: u64,
    /// Items of correspondents not picked.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub not_selected: u64,
    /// Media files attached to the new entries.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub media_attached: u64,
    /// Media the items refer to that the export does not contain.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub media_missing: u64,
    /// New entries by kind (machine names).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub by_kind: BTreeMap<String, u64>,
    /// Items that could not be read, left out. Absent from a record when 0, and in records
    /// written before it was counted (then the file's unreadable items were not counted in
    /// `items_in_file` either).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unreadable: u64,
    /// Where and why, the first [`UNREADABLE_LISTED`] of them. Absent from a record when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_items: Vec<UnreadableItem>,
}

impl ImportCounts {
    /// The four places an item of the file can go: imported, already there (or twice in the
    /// file), of someone not picked, or unreadable.
    pub fn accounted(&self) -> u64 {
        self.imported + self.duplicates + self.not_selected + self.unreadable
    }

    /// Whether every item of the file is accounted for exactly once, and the picked ones add up.
    pub fn holds(&self) -> bool {
        self.accounted() == self.items_in_file && self.selected == self.imported + self.duplicates
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A UTC offset as text (`+01:00`) in JSON.
mod offset_text {
    use chrono::FixedOffset;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(offset: &Option<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        match offset {
            Some(o) => s.serialize_some(&o.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FixedOffset>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| t.parse().map_err(|_| serde::de::Error::custom(format!("{t:?} is not a UTC offset like +01:00"))))
            .transpose()
    }
}

/// How times are placed in a zone.
#[derive(Clone, Copy)]
pub(crate) enum Zone {
    Fixed(FixedOffset),
    Local,
}

impl Zone {
    fn from_settings(settings: &ImportSettings) -> Self {
        settings.utc_offset.map_or(Zone::Local, Zone::Fixed)
    }

    /// An exact instant (epoch milliseconds), shown in this zone.
    pub fn instant_ms(self, ms: i64) -> Option<DateTime<FixedOffset>> {
        let utc = DateTime::<Utc>::from_timestamp_millis(ms)?;
        Some(match self {
            Zone::Fixed(off) => utc.with_timezone(&off),
            Zone::Local => utc.with_timezone(&Local).fixed_offset(),
        })
    }

    /// A clock time without a zone, placed in this zone.
    pub fn local(self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Fixed(off) => off.from_local_datetime(&naive).single(),
            Zone::Local => Local
                .from_local_datetime(&naive)
                .earliest()
                // A time skipped by the spring change: read it an hour on.
                .or_else(|| Local.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())
                .map(|d| d.fixed_offset()),
        }
    }
}

/// What a format reader needs besides the file.
pub(crate) struct ReadCtx {
    pub normaliser: Normaliser,
    pub zone: Zone,
    pub date_order: Option<DateOrder>,
    /// Preview: read the dates even if the order is ambiguous (assuming day-first) and
    /// report the question instead of failing.
    pub provisional_dates: bool,
    /// Decode media (import) or only count it (preview).
    pub want_media: bool,
    /// Only who each item involves is wanted, and the file's facts: the import's first pass,
    /// which counts items and matches correspondents before anything is written. A reader
    /// may then leave an item's body, key and notes empty (the WhatsApp reader does, rather
    /// than clean, hash and copy every message twice).
    pub who_only: bool,
}

/// Facts a reader learns about the whole file.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub date_order: Option<DateOrder>,
    /// The date order was decided by the messages' time order: no day is above 12, and only
    /// one reading keeps the chat in order.
    pub date_order_by_time: bool,
    pub question: Option<DateOrderQuestion>,
    pub times_without_zone: bool,
    /// A chat export's notice and unreadable lines.
    pub skipped: u64,
    /// A chat export's line accounting.
    pub lines: Option<ChatLines>,
    /// Items that could not be read, with their places.
    pub unreadable: Unreadable,
    /// Sentences for the preview about how the file was read.
    pub notes: Vec<String>,
}

/// Called for each item, with access to the export's media.
pub(crate) type ItemSink<'a> = dyn FnMut(Item, &mut dyn MediaSource) -> Result<(), ImportError> + 'a;

/// Reads every item of `file` in order.
pub(crate) fn read_items(
    file: &detect::Detected,
    ctx: &mut ReadCtx,
    sink: &mut ItemSink<'_>,
) -> Result<Facts, ImportError> {
    match file.container {
        detect::Container::SmsXml => sms::read(&file.path, ctx, sink),
        detect::Container::WhatsAppTxt => whatsapp::read_txt(&file.path, ctx, sink),
        detect::Container::WhatsAppZip => whatsapp::read_zip(&file.path, ctx, sink),
        detect::Container::Eml => email::read_eml(&file.path, ctx, sink),
        detect::Container::Mbox => email::read_mbox(&file.path, ctx, sink),
        detect::Container::TelegramJson => telegram::read(&file.path, ctx, sink),
        detect::Container::TelegramZip => telegram::read_zip(&file.path, ctx, sink),
        detect::Container::XJs => x::read_js(&file.path, ctx, sink),
        detect::Container::XZip => x::read_zip(&file.path, ctx, sink),
        detect::Container::MetaJson => meta::read_json(&file.path, file.format, ctx, sink),
        detect::Container::MetaZip => meta::read_zip(&file.path, file.format, ctx, sink),
    }
}

/// Reads `path` and says what it holds and who it involves, matched against `case`.
/// Writes nothing. Detects the format from the first bytes (a 1 GB file of junk is
/// refused at once), then reads the whole file once, streaming.
pub fn preview(path: &Path, case: &CaseDetails, settings: &ImportSettings) -> Result<ImportPreview, ImportError> {
    preview_with(path, case, settings, None)
}

/// The preview, optionally checking items against keys already in a vault.
pub(crate) fn preview_with(
    path: &Path,
    case: &CaseDetails,
    settings: &ImportSettings,
    existing: Option<&std::collections::HashSet<String>>,
) -> Result<ImportPreview, ImportError> {
    let file = detect::detect(path, settings.expected_format)?;
    let mut ctx = ReadCtx {
        normaliser: Normaliser::new(settings.region(case)),
        zone: Zone::from_settings(settings),
        date_order: settings.date_order,
        provisional_dates: true,
        want_media: false,
        who_only: false,
    };
    let matcher = Matcher::new(case, &mut ctx.normaliser);
    let mut seen_keys = std::collections::HashSet::new();
    let mut summaries: BTreeMap<CorrespondentKey, CorrespondentSummary> = BTreeMap::new();
    let mut total = 0u64;
    let mut by_kind: BTreeMap<EntryKind, u64> = BTreeMap::new();
    let (mut first_at, mut last_at) = (None::<DateTime<FixedOffset>>, None::<DateTime<FixedOffset>>);
    let mut media_files = 0u64;
    let format = file.format;
    let facts = read_items(&file, &mut ctx, &mut |item, _media| {
        total += 1;
        *by_kind.entry(item.kind).or_default() += 1;
        media_files += item.media.len() as u64;
        first_at = Some(first_at.map_or(item.at, |f| f.min(item.at)));
        last_at = Some(last_at.map_or(item.at, |l| l.max(item.at)));
        let is_new = existing.map(|set| {
            let key = store::dedup_key(format, &item.key);
            !set.contains(&key) && seen_keys.insert(key)
        });
        for party in &item.parties {
            let s = summaries.entry(party.key.clone()).or_insert_with(|| {
                let person_id = matcher.person_of(party);
                CorrespondentSummary {
                    key: party.key.clone(),
                    display: party.display.clone(),
                    contact_names: Vec::new(),
                    items: 0,
                    new_items: existing.map(|_| 0),
                    by_kind: BTreeMap::new(),
                    first_at: None,
                    last_at: None,
                    person_id,
                    person_name: person_id.and_then(|id| matcher.name(id)).map(str::to_owned),
                    selected_by_default: person_id.is_some(),
                    identifier: party.key.to_identifier(&party.display),
                }
            });
            s.items += 1;
            if is_new == Some(true) {
                *s.new_items.get_or_insert(0) += 1;
            }
            *s.by_kind.entry(item.kind).or_default() += 1;
            s.first_at = Some(s.first_at.map_or(item.at, |f| f.min(item.at)));
            s.last_at = Some(s.last_at.map_or(item.at, |l| l.max(item.at)));
            if let Some(name) = &item.contact_name
                && s.contact_names.len() < 3
                && !s.contact_names.contains(name)
            {
                s.contact_names.push(name.clone());
            }
        }
        Ok(())
    })?;
    let mut correspondents: Vec<_> = summaries.into_values().collect();
    correspondents.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.display.cmp(&b.display)));
    let mut notes = facts.notes;
    if facts.times_without_zone {
        let zone = match settings.utc_offset {
            Some(off) => format!("UTC{off}"),
            None => "this computer's time zone".to_owned(),
        };
        notes.push(format!("The chat's times have no time zone; they are read as {zone}."));
    }
    if facts.date_order_by_time
        && let Some(order) = facts.date_order
    {
        let (read, other) = match order {
            DateOrder::DayFirst => ("day/month", "month/day"),
            DateOrder::MonthFirst => ("month/day", "day/month"),
        };
        notes.push(format!(
            "Dates read as {read}: the only order that keeps the chat in time order (read as {other}, \
             messages would come days or months before the ones above them)."
        ));
    }
    if facts.skipped > 0 && facts.lines.is_none() {
        let n = facts.skipped;
        let (what, verb) = if n == 1 { ("notice", "is not a message") } else { ("notices", "are not messages") };
        notes.push(format!(
            "{n} {what} in the chat (such as a pinned message or someone joining) {verb} and {} left out.",
            if n == 1 { "is" } else { "are" }
        ));
    }
    if let Some(q) = &facts.question {
        notes.push(format!(
            "Dates such as {} could mean {} or {}; please say which.",
            q.example,
            q.day_first.format("%-d %B %Y"),
            q.month_first.format("%-d %B %Y")
        ));
    }
    Ok(ImportPreview {
        format,
        file_name: file.name.clone(),
        file_size: file.size,
        total_items: total,
        by_kind,
        first_at,
        last_at,
        correspondents,
        media_files,
        date_order_question: facts.question,
        date_order: facts.date_order,
        date_order_by_time: facts.date_order_by_time,
        times_without_zone: facts.times_without_zone,
        unreadable: facts.unreadable.count,
        unreadable_items: facts.unreadable.listed,
        skipped: facts.skipped,
        lines: facts.lines,
        notes,
    })
}
