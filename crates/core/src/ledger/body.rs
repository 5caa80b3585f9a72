//! What a ledger record says. Serialised once to JSON; the commitment is over those exact
//! bytes, which are stored (sealed) and exported as they are, never re-serialised.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::effect::{EffectDetails, EffectRef};
use crate::model::{CaseDetails, EntryFields};
use crate::order::{OrderDetails, OrderRef};

/// Body format version written into every record.
pub const BODY_VERSION: u32 = 1;

/// One ledger record's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordBody {
    /// Body format version (1).
    pub v: u32,
    /// The vault clock when the record was committed. Never supplied by a caller.
    pub recorded_at: DateTime<Utc>,
    /// Set when `recorded_at` is earlier than the previous record's: the clock went backwards
    /// (or was set back). Shown to whoever examines the ledger, never hidden.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clock_went_backwards: bool,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

/// The kinds of change the ledger records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// The vault was made.
    VaultCreated {
        /// The vault id, hex.
        vault_id: String,
        /// The Ed25519 public key, hex.
        public_key: String,
        /// The vault format version.
        format_version: i64,
    },
    /// The case details were set or changed; the full new state is recorded.
    CaseUpdated {
        /// The case as it now stands.
        case: CaseDetails,
    },
    /// A new diary entry.
    EntryCreated {
        /// The entry's number.
        entry_id: i64,
        /// What was recorded.
        entry: EntryFields,
    },
    /// An entry was corrected; the new version is complete, and the old one stays in the chain.
    EntryRevised {
        /// The entry's number.
        entry_id: i64,
        /// 2 for the first revision, and so on.
        revision: u32,
        /// Why it was changed, in the person's words.
        reason: String,
        /// The entry as it now reads.
        entry: EntryFields,
    },
    /// An entry was withdrawn. It stays visible as retracted.
    EntryRetracted {
        /// The entry's number.
        entry_id: i64,
        /// Why.
        reason: String,
    },
    /// An entry's content (and its attachments) were erased. The records keep their place
    /// in the chain, with body and salt gone.
    EntryPurged {
        /// The entry's number.
        entry_id: i64,
        /// The records whose bodies were erased.
        purged_seqs: Vec<i64>,
        /// Why, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// For an imported entry: what became of the export file it came from, which
        /// also held it. Absent for other entries and when that file was already gone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<SourcePurged>,
    },
    /// A file was attached to an entry.
    AttachmentAdded {
        /// The attachment's number.
        attachment_id: i64,
        /// The entry it belongs to.
        entry_id: i64,
        /// What the file is.
        file: AttachmentMeta,
    },
    /// A signed statement of the chain head at this point.
    Checkpoint {
        /// The sequence number of the head it signs (the record before this one).
        head_seq: i64,
        /// That record's link, hex.
        head_link: String,
        /// Ed25519 signature over the checkpoint message, hex.
        signature: String,
    },
    /// The passphrase was changed (the master key and data are unchanged).
    PassphraseChanged,
    /// A new master key was made and everything re-encrypted; a new recovery key was issued.
    MasterKeyRotated,
    /// An export from a phone or mailbox was imported, in one transaction: the export file
    /// (stored once, as an attachment) and one entry per new item.
    ImportDone {
        /// The import's number.
        import_id: i64,
        /// The format read (`sms_backup_restore`, `whatsapp_chat`, `email`).
        format: String,
        /// The export file's name as given (no directories).
        source_name: String,
        /// SHA-256 of the export file's exact bytes, hex.
        source_sha256: String,
        /// Its size in bytes.
        source_size: u64,
        /// The attachment holding the export file.
        source_attachment_id: i64,
        /// The entry that attachment belongs to ("export imported").
        record_entry_id: i64,
        /// The first and last entries made for items (their numbers are consecutive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entries: Option<(i64, i64)>,
        /// The correspondents picked, as shown to the person.
        correspondents: Vec<String>,
        /// What came in and what did not.
        counts: crate::import::ImportCounts,
        /// How clock times without a zone were placed (chat exports), for example
        /// `UTC+01:00` or `local`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assumed_zone: Option<String>,
        /// The date order used (chat exports): `day_first` or `month_first`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_order: Option<String>,
    },
    /// An evidence pack was made (`casebook_core::export`). Written after the pack was
    /// complete, so it can name the pack's digest; later packs list it in their continuity log.
    ExportMade {
        /// The vault clock when the export started (also in the pack's manifest).
        exported_at: DateTime<Utc>,
        /// `police` or `advocate`.
        recipient: String,
        /// SHA-256 of the ZIP, hex (for an encrypted advocate pack: of the ZIP inside).
        bundle_sha256: String,
        /// SHA-256 of the exact bytes of the pack's signed manifest.json, hex.
        manifest_sha256: String,
        /// SHA-256 of the age-encrypted file as written, hex, when the pack was encrypted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        encrypted_sha256: Option<String>,
        /// The chain head the pack carries: the last record it includes.
        head_seq: i64,
        /// That record's link, hex.
        head_link: String,
        /// The entries disclosed, by number.
        entry_ids: Vec<i64>,
        /// The records disclosed (body and salt included), as inclusive `[first, last]` ranges.
        disclosed_seqs: Vec<[i64; 2]>,
        /// Exhibit files in the pack (originals and derived copies).
        exhibits: u64,
        /// Whether location data was removed from photo copies.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        gps_removed: bool,
    },
    /// The person gave someone a witness code (`crate::witness`), by a channel that keeps its
    /// own date. The code names its checkpoint record; every report lists these records.
    WitnessShared {
        /// The code as written, `W-214-ABCD-EFGH-IJKL-MNOP-QRST`.
        code: String,
        /// Who it went to, in the person's words.
        to: String,
        /// How it was sent, in the person's words.
        how: String,
    },
    /// The vault was migrated to a newer format (`casebook migrate`), in one transaction,
    /// after a backup of the old one was made next to it. Values and records are unchanged.
    VaultMigrated {
        /// The format before.
        from_format: i64,
        /// The format after.
        to_format: i64,
        /// The backup's file name (no directories).
        backup: String,
    },
    /// The person gave someone their key card (`casebook key-card`): the signing key's
    /// fingerprint on paper. Every report lists these records in its continuity log.
    KeyCardGiven {
        /// The fingerprint on the card, 16 groups of four hex digits.
        fingerprint: String,
        /// Who it was given to, in the person's words.
        to: String,
    },
    /// A time-stamp request was made (`crate::anchor`): an RFC 3161 TimeStampReq over the anchor
    /// file of checkpoint `checkpoint_seq`, kept so that the reply can be matched to it.
    AnchorRequested {
        /// The checkpoint record the request covers.
        checkpoint_seq: i64,
        /// The request's nonce, hex (16 digits).
        nonce: String,
        /// SHA-256 of the anchor file, hex: the request's messageImprint.
        imprint: String,
    },
    /// A time-stamp authority's reply to an `anchor_requested` record was checked and stored.
    /// Every pack carries it, as `timestamps/anchor-<checkpoint_seq>.tsr`.
    AnchorImported {
        /// The checkpoint record it dates.
        checkpoint_seq: i64,
        /// The nonce it answers, hex.
        nonce: String,
        /// The TSA's genTime (fraction dropped).
        gen_time: DateTime<Utc>,
        /// The token's serial number, hex.
        serial: String,
        /// The TSA's policy, dotted OID.
        policy: String,
        /// The DER TimeStampResp exactly as received, standard base64.
        reply: String,
    },
    /// A pack was made for a recipient card (`ExportOptions::recipient_card`), committed with its
    /// `export_made` record: the card itself, so the person can make the next pack for the same
    /// recipient without the card file ("remembered recipients", `crate::recipient`). Never
    /// disclosed in a pack: which service or officer the person turns to stays in the vault.
    RecipientCardUsed {
        /// The pack's `export_made` record.
        export_seq: i64,
        /// Who the card is for, as on the card.
        name: String,
        /// The card's age X25519 recipient (`age1...`): the key the pack was encrypted to.
        recipient: String,
        /// The card's fingerprint as shown before use (8 groups of four hex digits).
        fingerprint: String,
    },
    /// An order was recorded (`crate::order`): a court order or bail conditions protecting the
    /// person, with its terms. Later records refer to it by [`OrderRef`].
    OrderMade {
        /// The order's number in this vault, from 1.
        order_id: i64,
        /// The order as made.
        order: OrderDetails,
        /// The date it was served on the person it restrains, when already known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        served_on: Option<chrono::NaiveDate>,
    },
    /// An order was varied: its complete new state, in force from `varied_on`. Terms keep their
    /// numbers; a term left out is removed from that date (breaches marked against it keep it).
    OrderVaried {
        /// The order varied.
        of: OrderRef,
        /// The date the variation took effect.
        varied_on: chrono::NaiveDate,
        /// Why, in the person's words (the court's reason, a hearing).
        reason: String,
        /// The order as it now reads.
        order: OrderDetails,
    },
    /// The order was served on the person it restrains (or they were told of it) on this date.
    OrderServed {
        /// The order served.
        of: OrderRef,
        /// The date of service.
        served_on: chrono::NaiveDate,
    },
    /// The order was discharged (ended by the court) on this date.
    OrderDischarged {
        /// The order discharged.
        of: OrderRef,
        /// The date it ended.
        discharged_on: chrono::NaiveDate,
        /// Why, in the person's words.
        reason: String,
    },
    /// An entry was marked as engaging terms of an order in force at its time. The complete
    /// state for this entry and order: a later `breach_marked` for the same pair replaces it,
    /// and one with no terms withdraws it. One of the entry's own records (purged with it).
    BreachMarked {
        /// The entry.
        entry_id: i64,
        /// The order.
        of: OrderRef,
        /// The terms the entry engages, by number.
        term_ids: Vec<u32>,
        /// Whether the person reported it to the police.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        reported: bool,
        /// The police reference for the report (crime or incident number).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        police_reference: Option<String>,
    },
    /// A change to the person's life the stalking caused (`crate::effect`): moving home, time
    /// off work, cameras fitted. Numbered from 1; later records name it by [`EffectRef`].
    EffectNoted {
        /// The effect's number in this vault.
        effect_id: i64,
        /// What changed, and when.
        effect: EffectDetails,
    },
    /// An effect was withdrawn (noted by mistake or twice). Packs disclose neither record.
    EffectWithdrawn {
        /// The effect withdrawn.
        of: EffectRef,
        /// Why, in the person's words.
        reason: String,
    },
}

/// What the ledger says about an attached file: enough to verify the original byte for byte.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    /// The file's name as given (no directories).
    pub original_name: String,
    /// The media type sniffed from the bytes (not from the name).
    pub media_type: String,
    /// Size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// SHA-256 of the original bytes, hex.
    pub sha256: String,
    /// Where it came from: `manual`, `paste`, `drop`, or an import format.
    pub source: String,
    /// For images that could be read: dimensions and EXIF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageInfo>,
    /// Why no preview was made, when none was (too large, truncated, not an image we read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An image's header facts and EXIF.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// Width in pixels, from the header.
    pub width: u32,
    /// Height in pixels, from the header.
    pub height: u32,
    /// EXIF facts, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exif: Option<ExifSummary>,
}

/// The EXIF facts that matter as evidence.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExifSummary {
    /// DateTimeOriginal as written by the camera (no zone unless OffsetTimeOriginal says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// Camera or phone make and model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Latitude in decimal degrees (south negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gps_latitude: Option<f64>,
    /// Longitude in decimal degrees (west negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gps_longitude: Option<f64>,
}

impl RecordBody {
    /// The entry this record is about, if any.
    pub fn entry_id(&self) -> Option<i64> {
        match &self.event {
            Event::EntryCreated { entry_id, .. }
            | Event::EntryRevised { entry_id, .. }
            | Event::EntryRetracted { entry_id, .. }
            | Event::EntryPurged { entry_id, .. }
            | Event::AttachmentAdded { entry_id, .. }
            | Event::BreachMarked { entry_id, .. } => Some(*entry_id),
            _ => None,
        }
    }

    /// The record kind's machine name (`entry_created`, ...).
    pub fn kind_name(&self) -> &'static str {
        match &self.event {
            Event::VaultCreated { .. } => "vault_created",
            Event::CaseUpdated { .. } => "case_updated",
            Event::EntryCreated { .. } => "entry_created",
            Event::EntryRevised { .. } => "entry_revised",
            Event::EntryRetracted { .. } => "entry_retracted",
            Event::EntryPurged { .. } => "entry_purged",
            Event::AttachmentAdded { .. } => "attachment_added",
            Event::Checkpoint { .. } => "checkpoint",
            Event::PassphraseChanged => "passphrase_changed",
            Event::MasterKeyRotated => "master_key_rotated",
            Event::ImportDone { .. } => "import_done",
            Event::ExportMade { .. } => "export_made",
            Event::WitnessShared { .. } => "witness_shared",
            Event::KeyCardGiven { .. } => "key_card_given",
            Event::AnchorRequested { .. } => "anchor_requested",
            Event::AnchorImported { .. } => "anchor_imported",
            Event::VaultMigrated { .. } => "vault_migrated",
            Event::RecipientCardUsed { .. } => "recipient_card_used",
            Event::OrderMade { .. } => "order_made",
            Event::OrderVaried { .. } => "order_varied",
            Event::OrderServed { .. } => "order_served",
            Event::OrderDischarged { .. } => "order_discharged",
            Event::BreachMarked { .. } => "breach_marked",
            Event::EffectNoted { .. } => "effect_noted",
            Event::EffectWithdrawn { .. } => "effect_withdrawn",
        }
    }
}

/// What a purge did to the export file an imported entry came from (`entry_purged.source`).
/// The file held the purged item too, so it cannot stay as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePurged {
    /// The "export imported" entry the file is attached to.
    pub entry_id: i64,
    /// The attachment that held the file until now; purged (chunks deleted, its
    /// `attachment_added` record's body erased).
    pub attachment_id: i64,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its `attachment_added` record, whose body is erased.
    pub purged_seq: i64,
    /// The re-cut copy attached in its place: the same file with the purged item's bytes
    /// blanked where they were (every other byte keeps its offset, so the other entries'
    /// excerpts still cut and verify) and its media left out. Absent when the file could not
    /// be re-cut and went whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recut: Option<Recut>,
}

/// The re-cut copy of an export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recut {
    /// Its attachment.
    pub attachment_id: i64,
    /// Its SHA-256, hex.
    pub sha256: String,
}
