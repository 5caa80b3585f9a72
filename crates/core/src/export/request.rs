//! What a caller asks of an export, and what it gets back: who the pack is for, what goes in,
//! progress while it is written, and what was written.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::diary::EntryId;
use crate::model::EntryKind;

/// Who a pack is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// Police (or a court): a plain ZIP, checkable with standard tools.
    #[default]
    Police,
    /// A support advocate: narrowed, optionally without photo locations, encrypted with a
    /// passphrase.
    Advocate,
}

impl Recipient {
    /// `police` or `advocate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Police => "police",
            Recipient::Advocate => "advocate",
        }
    }
}

/// What to put in a pack. Every criterion given must hold; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[serde(default)]
pub struct ExportOptions {
    /// Police or advocate.
    pub recipient: Recipient,
    /// Incidents that happened at or after.
    pub from: Option<DateTime<FixedOffset>>,
    /// Incidents that happened before.
    pub to: Option<DateTime<FixedOffset>>,
    /// Only these kinds.
    pub kinds: Vec<EntryKind>,
    /// Only entries about these people (ids in the case details).
    pub persons: Vec<u32>,
    /// Only these entries.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub entry_ids: Vec<EntryId>,
    /// Advocate packs only: put in copies of photos without their location data, and leave
    /// out files that hold other files (archives, mail, exports), which may hold photos.
    pub strip_gps: bool,
    /// Put in the whole export files that imports kept. Off by default: an export also
    /// holds other people's messages; each disclosed imported item goes in as its own
    /// excerpt (`excerpts/entry-<id>.txt`) instead.
    pub include_sources: bool,
    /// Police packs only: also write, beside the pack, a folder of its exhibits one by one,
    /// each with a sidecar that ties it back to the pack (for police upload portals that take
    /// files one at a time; `upload.rs`). The pack itself is the same with or without it.
    pub upload_folder: bool,
    /// Advocate packs only: a recipient card's text (`casebook-recipient-card/1`). The pack is
    /// then encrypted to the card's age X25519 key, with no passphrase, and written as a plain
    /// age file that the card's holder opens with their identity file (`casebook verify
    /// --identity`, Check a pack, or `age -d -i`).
    pub recipient_card: Option<String>,
    /// Leave out the changes to the person's life they noted (`crate::effect`). They go in by
    /// default (they are part of what proves stalking), but they can hold health details, so
    /// the person may keep them back from a pack.
    pub leave_out_effects: bool,
}

/// Where an export is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and checking the ledger.
    Reading,
    /// Writing the report (`done` and `total` count entries).
    Report,
    /// Copying exhibits (`done` and `total` count bytes).
    Exhibits,
    /// Signing, writing the last files, syncing to disk, recording the export.
    Finishing,
}

/// A progress report. Return `false` from the callback to cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Progress {
    /// What is happening.
    pub stage: Stage,
    /// How far, in the stage's unit.
    pub done: u64,
    /// Out of.
    pub total: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ExportReport {
    /// Where the pack is.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// Who it is for.
    pub recipient: Recipient,
    /// SHA-256 of the ZIP, hex (inside the encryption, for an advocate pack).
    pub bundle_sha256: String,
    /// SHA-256 of the age-encrypted file, for an advocate pack: the payload inside the advocate
    /// page, as the page's own digest and the ledger's `export_made` record give it.
    pub encrypted_sha256: Option<String>,
    /// SHA-256 of manifest.json.
    pub manifest_sha256: String,
    /// Size of the file written (the whole page, for an advocate pack).
    pub bytes: u64,
    /// Entries disclosed.
    pub entries: u64,
    /// Exhibit files in the pack.
    pub exhibits: u64,
    /// Records disclosed in full.
    pub disclosed_records: u64,
    /// Records withheld.
    pub withheld_records: u64,
    /// The last record in the pack.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub head_seq: i64,
    /// The `export_made` record that logs this pack.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_seq: i64,
    /// For a pack made for a recipient card: the card's fingerprint (shown again once written).
    pub card_fingerprint: Option<String>,
    /// The folder of exhibits for an upload portal, when one was asked for.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub upload_folder: Option<PathBuf>,
    /// Pages in report.pdf.
    pub report_pages: u32,
    /// Whether report.pdf passed krilla's PDF/A-2b validation (false only when some text
    /// defeated it; the report is then plain PDF 1.7).
    pub report_pdfa: bool,
}
