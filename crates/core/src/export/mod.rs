//! Evidence packs: one ZIP that police, a court or an advocate can rely on and check with
//! tools they already have (docs/FORMAT.md, "Evidence bundle format").
//!
//! ```text
//! README.txt  report.pdf  entries.json  ledger.json  exhibits/AB_1.jpg ...
//! public-key.pem  verify.html  manifest.json  manifest.sig  SHA256SUMS
//! ```
//!
//! The front ends are thin: [`Vault::export_preview`] says what a pack would disclose and
//! withhold; [`Vault::export`] writes it (progress and cancel through a callback) and records
//! it in the ledger; [`crate::verify::verify_bundle`] checks one.
//!
//! **What is disclosed.** The records about each chosen entry (created, revised, retracted,
//! attachment added), the vault's first record (its id and public key), every checkpoint,
//! every earlier export (the continuity log), and the case details: for the police every
//! case record (the case's history), for an advocate only the current one. Everything else
//! is withheld: its link is in ledger.json, its body and salt are not. Purged records have
//! no body to disclose.
//!
//! **Advocate packs** are narrowed the same way and encrypted as a whole with a passphrase in
//! the age format (scrypt), so `age -d` opens them. With `strip_gps`, a photo whose EXIF
//! records where it was taken goes in as a copy without its metadata (`AB_3_1`, beside the
//! original's hash); the original and its record (which holds the coordinates) stay out.
//!
//! **Deterministic.** The same vault state and options give byte-identical manifest.json
//! and report (fixed ZIP timestamps, sorted keys, the export time from the vault clock).

mod excerpts;
mod format;
#[cfg(test)]
mod no_hard_links_tests;
pub(crate) mod pdf;
mod plan;
mod readme;
pub(crate) mod replay;
pub(crate) mod stamps;
mod strip;
mod zipout;

pub use format::*;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use casebook_crypto::{Passphrase, Sha256, hash::Digest};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::diary::EntryId;
use crate::error::VaultError;
use crate::ledger::Event;
use crate::model::EntryKind;
use crate::newfile::NewFile;
use crate::vault::Vault;
use plan::{Handling, Plan};
use zipout::{HashingWriter, PackWriter};

/// The offline verifier page embedded in every pack.
pub const VERIFY_HTML: &str = include_str!("../../../../assets/verify/verify.html");

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

/// How an exhibit goes into a pack, as the preview states it (the front ends branch on it, so
/// it is a type, not a word to compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Treatment {
    /// The original, byte for byte.
    Original,
    /// A copy with its location data removed (`<mark>_1`); the original stays out.
    LocationRemoved,
    /// Not in the pack; the preview's note says why.
    Withheld,
}

/// One exhibit as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PreviewExhibit {
    /// The mark of the file that goes in (`AB_3`, or `AB_3_1` for a copy without location).
    pub mark: String,
    /// The entry it belongs to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: EntryId,
    /// The file's name as it was attached.
    pub original_name: String,
    /// Its size.
    pub size: u64,
    /// How it goes in.
    pub treatment: Treatment,
    /// Why it is withheld, when it is.
    pub note: Option<String>,
}

/// An export file kept by an import, as the preview lists it: disclosing it whole would
/// disclose everyone else's messages in it too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewSource {
    /// Its exhibit mark.
    pub mark: String,
    /// The export file's name.
    pub original_name: String,
    /// Its size.
    pub size: u64,
    /// Messages or calls in it of people who were not imported.
    pub other_people_items: u64,
    /// Whether it goes in (only when export files are chosen).
    pub included: bool,
}

/// What a pack would disclose and withhold: shown to the person before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ExportPreview {
    /// Who it is for.
    pub recipient: Recipient,
    /// The entries that would go in, in the order they happened.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub entry_ids: Vec<EntryId>,
    /// Of which retracted (they go in, marked as retracted).
    pub retracted: u64,
    /// Exhibit files.
    pub exhibits: Vec<PreviewExhibit>,
    /// Whole export files among the exhibits: withheld unless chosen.
    pub sources: Vec<PreviewSource>,
    /// Imported items that go in as their own original excerpt.
    pub excerpts: u64,
    /// Bytes of exhibit files to copy.
    pub exhibit_bytes: u64,
    /// Records disclosed in full.
    pub disclosed_records: u64,
    /// Records present only as links, by kind (`entry_created`: 12 ...). For the person's
    /// eyes: the pack itself never says what kind a withheld record is.
    pub withheld_by_kind: std::collections::BTreeMap<String, u64>,
    /// Records withheld in total.
    pub withheld_records: u64,
    /// Records erased by purges (no content to disclose).
    pub purged_records: u64,
    /// Earlier packs listed in the continuity log.
    pub earlier_exports: u64,
    /// Things the person should know (no initials for exhibit marks, ...).
    pub warnings: Vec<String>,
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
    /// SHA-256 of the file as written, when encrypted.
    pub encrypted_sha256: Option<String>,
    /// SHA-256 of manifest.json.
    pub manifest_sha256: String,
    /// Size of the file written.
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
    /// Pages in report.pdf.
    pub report_pages: u32,
    /// Whether report.pdf passed krilla's PDF/A-2b validation (false only when some text
    /// defeated it; the report is then plain PDF 1.7).
    pub report_pdfa: bool,
}

/// Why an export did not happen. Nothing is left behind: no pack file, no ledger record.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ExportError {
    /// No entry matches what was chosen.
    #[error("no entries match what was chosen; nothing was exported")]
    NothingSelected,
    /// An advocate pack was asked for without a passphrase to encrypt it with.
    #[error("an advocate pack needs a passphrase to encrypt it with")]
    PassphraseNeeded,
    /// The advocate pack's passphrase is empty or blank.
    #[error("the passphrase for the advocate pack cannot be empty")]
    EmptyPassphrase,
    /// A passphrase was given for a police pack, which is never encrypted.
    #[error("police packs are not encrypted, so officers can check them with standard tools")]
    PoliceNotEncrypted,
    /// Location removal was asked for a police pack, which carries originals untouched.
    #[error("police packs carry originals untouched; location removal is for advocate packs")]
    PoliceKeepsLocation,
    /// Location removal was asked for an exhibit whose type it cannot handle or whose bytes
    /// it cannot read as that type.
    #[error(
        "exhibit {mark} could not be read as {media_type} to remove its location data; leave out location removal \
         or that entry"
    )]
    LocationNotRemovable {
        /// The exhibit's mark.
        mark: String,
        /// Its sniffed type.
        media_type: String,
    },
    /// A location-free copy came out different when made again for the pack than when
    /// planned, so the manifest could not vouch for it.
    #[error("the copy of {mark} came out differently twice")]
    UnstableCopy {
        /// The exhibit's mark.
        mark: String,
    },
    /// An imported chat export is too large to read into memory to cut excerpts from.
    #[error("an imported chat export is too large to cut excerpts from")]
    SourceTooLarge,
    /// An entry's original excerpt is not where its record says in the export file.
    #[error(
        "entry {entry_id}'s original excerpt is not where its record says in the export file kept in the vault; \
         run a check of the vault"
    )]
    ExcerptMismatch {
        /// The entry.
        entry_id: i64,
    },
    /// The person cancelled. Nothing was written.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    /// The report could not be written.
    #[error("the report could not be written: {0}")]
    Report(String),
    /// The pack could not be written into the chosen folder (read-only, full, not allowed).
    /// No `export_made` record was written and nothing is left in the folder.
    #[error(
        "the pack could not be saved in {}: {}; no pack was made there and nothing was recorded",
        folder.display(),
        not_saved_words(source)
    )]
    NotSaved {
        /// The folder chosen.
        folder: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
    /// The vault failed a read or a check (a damaged record or exhibit stops the export).
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Why a pack could not be saved, in words (the common cases; otherwise the system's).
fn not_saved_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ReadOnlyFilesystem => "the folder is read-only (a write-protected disk or stick?)".into(),
        K::StorageFull => "the disk is full".into(),
        K::QuotaExceeded => "the disk quota is used up".into(),
        K::PermissionDenied => "Casebook is not allowed to write there".into(),
        K::FileTooLarge => "the disk cannot hold a file this large (FAT32 stops at 4 GB)".into(),
        K::NotFound => "the folder does not exist".into(),
        _ if e.raw_os_error() == Some(5) => {
            "the disk reported an input/output error (a failing disk, or a stick taken out?)".into()
        }
        _ => crate::error::io_words(e),
    }
}

/// A failure to write the pack file, as [`ExportError::NotSaved`]; any other error as it is.
fn not_saved(out: &Path, err: ExportError) -> ExportError {
    match err {
        ExportError::Vault(VaultError::Io(source)) => {
            let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
            ExportError::NotSaved { folder, source }
        }
        other => other,
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Vault(VaultError::Io(e))
    }
}

impl ExportError {
    /// A stable machine code for front ends (never match on the message).
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::NothingSelected => "nothing_selected",
            // Refusals of what was asked, and what a check of the vault should look at: one
            // code, since no front end tells them apart (the message says which).
            ExportError::PassphraseNeeded
            | ExportError::EmptyPassphrase
            | ExportError::PoliceNotEncrypted
            | ExportError::PoliceKeepsLocation
            | ExportError::LocationNotRemovable { .. }
            | ExportError::UnstableCopy { .. }
            | ExportError::SourceTooLarge
            | ExportError::ExcerptMismatch { .. } => "invalid",
            ExportError::Cancelled => "cancelled",
            ExportError::Report(_) => "report",
            ExportError::NotSaved { .. } => "not_saved",
            ExportError::Vault(_) => "vault",
        }
    }
}

impl Vault {
    /// What a pack with these options would disclose and withhold. Reads only.
    pub fn export_preview(&self, options: &ExportOptions) -> Result<ExportPreview, ExportError> {
        let plan = plan::plan(self, options, self.clock.now())?;
        let exhibits = plan
            .exhibits
            .iter()
            .map(|x| PreviewExhibit {
                mark: x.file_mark(),
                entry_id: x.entry_id,
                original_name: x.meta.original_name.clone(),
                size: x.meta.size,
                treatment: x.handling.treatment(),
                note: match &x.handling {
                    Handling::Withheld(reason) => Some(reason.clone()),
                    _ => None,
                },
            })
            .collect();
        let sources = plan
            .exhibits
            .iter()
            .filter_map(|x| {
                let source = plan.sources.get(&x.attachment_id)?;
                Some(PreviewSource {
                    mark: x.mark.clone(),
                    original_name: x.meta.original_name.clone(),
                    size: x.meta.size,
                    other_people_items: source.others,
                    included: x.file().is_some(),
                })
            })
            .collect();
        Ok(ExportPreview {
            recipient: options.recipient,
            entry_ids: plan.entries.iter().map(|e| e.id).collect(),
            retracted: plan.entries.iter().filter(|e| e.retraction.is_some()).count() as u64,
            exhibits,
            sources,
            excerpts: plan.excerpts.len() as u64,
            exhibit_bytes: plan.exhibit_bytes(),
            disclosed_records: plan.disclosed.len() as u64,
            withheld_by_kind: plan.withheld_kinds.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect(),
            withheld_records: plan.withheld(),
            purged_records: plan.purged,
            earlier_exports: plan.earlier_exports.len() as u64,
            warnings: plan.warnings.clone(),
        })
    }

    /// Writes a pack to `out` and records it in the ledger.
    ///
    /// The pack is written privately beside `out` (`newfile`: unnamed where the file system
    /// allows, else a 0600 temporary name), synced, then put in place without replacing
    /// anything; `out` is never left half-written and an existing file there is refused.
    /// Exhibits are decrypted chunk by chunk straight into the ZIP, each checked against its
    /// recorded SHA-256. Advocate packs need `passphrase` and are encrypted with it (age,
    /// scrypt); police packs are never encrypted. `progress` is called often; returning
    /// `false` cancels and removes everything written.
    ///
    /// The `export_made` record is committed only after the pack is in place, so the
    /// continuity log never lists a pack that does not exist (a failed link or copy, on a
    /// full or read-only stick, leaves neither). If that commit fails, the placed pack is
    /// removed again.
    pub fn export(
        &mut self,
        options: &ExportOptions,
        passphrase: Option<&Passphrase>,
        out: &Path,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ExportReport, ExportError> {
        match (options.recipient, passphrase) {
            (Recipient::Advocate, None) => {
                return Err(ExportError::PassphraseNeeded);
            }
            (Recipient::Advocate, Some(p)) if p.expose_secret().trim().is_empty() => {
                return Err(ExportError::EmptyPassphrase);
            }
            (Recipient::Police, Some(_)) => {
                return Err(ExportError::PoliceNotEncrypted);
            }
            _ => {}
        }
        if out.exists() {
            return Err(VaultError::AlreadyExists(out.to_owned()).into());
        }
        self.export_to(options, passphrase, out, progress)
    }

    fn export_to(
        &mut self,
        options: &ExportOptions,
        passphrase: Option<&Passphrase>,
        out: &Path,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ExportReport, ExportError> {
        let mut tick = |stage: Stage, done: u64, total: u64| -> Result<(), ExportError> {
            if progress(Progress { stage, done, total }) { Ok(()) } else { Err(ExportError::Cancelled) }
        };
        tick(Stage::Reading, 0, 1)?;
        let exported_at = self.clock.now();
        let plan = plan::plan(self, options, exported_at)?;
        if plan.entries.is_empty() {
            return Err(ExportError::NothingSelected);
        }
        let copies = self.location_free_copies(&plan)?;
        let mut manifest = manifest_for(self, &plan, &copies);
        tick(Stage::Report, 0, plan.entries.len() as u64)?;
        let mut cancelled = false;
        let rendered = pdf::render(&pdf::ReportFacts { plan: &plan, manifest: &manifest }, &mut || {
            cancelled = !progress(Progress { stage: Stage::Report, done: 0, total: plan.entries.len() as u64 });
            !cancelled
        })
        .map_err(ExportError::Report)?
        .ok_or(ExportError::Cancelled)?;
        let mut tick = |stage: Stage, done: u64, total: u64| -> Result<(), ExportError> {
            if progress(Progress { stage, done, total }) { Ok(()) } else { Err(ExportError::Cancelled) }
        };
        tick(Stage::Report, plan.entries.len() as u64, plan.entries.len() as u64)?;

        let file = NewFile::create(out).map_err(|e| not_saved(out, e.into()))?;
        let buffered = BufWriter::with_capacity(1 << 20, file);
        let (buffered, bundle_sha256, encrypted_sha256, bytes) = match passphrase {
            // A police pack's file is the ZIP itself: its digest and size are the bundle's,
            // already hashed once on the way out, so the file is not hashed a second time.
            None => {
                let (buffered, sha, size) = self
                    .write_pack(&plan, &mut manifest, &rendered.bytes, buffered, &mut tick)
                    .map_err(|e| not_saved(out, e))?;
                (buffered, sha, None, size)
            }
            Some(p) => {
                let secret = age::secrecy::SecretString::from(p.expose_secret().to_owned());
                // A fixed work factor, not age's per-device one: verifiers refuse anything above
                // it, so a pack made on a fast machine must still open everywhere.
                let mut recipient = age::scrypt::Recipient::new(secret);
                recipient.set_work_factor(crate::verify::PACK_SCRYPT_LOG_N);
                let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                let writer =
                    encryptor.wrap_output(HashingWriter::new(buffered)).map_err(|e| not_saved(out, e.into()))?;
                let (writer, sha, _) = self
                    .write_pack(&plan, &mut manifest, &rendered.bytes, writer, &mut tick)
                    .map_err(|e| not_saved(out, e))?;
                let (buffered, file_sha256, bytes) = writer.finish().map_err(|e| not_saved(out, e.into()))?.finish();
                (buffered, sha, Some(file_sha256), bytes)
            }
        };
        let file = buffered.into_inner().map_err(|e| not_saved(out, e.into_error().into()))?;
        tick(Stage::Finishing, 1, 2)?;

        let manifest_bytes = to_json(&manifest);
        let manifest_sha256 = hex::encode(Sha256::digest(&manifest_bytes));
        let (head_seq, head_link) = plan.head();
        let entry_ids: Vec<i64> = plan.entries.iter().map(|e| e.id).collect();
        let event = Event::ExportMade {
            exported_at,
            recipient: options.recipient.as_str().to_owned(),
            bundle_sha256: bundle_sha256.clone(),
            manifest_sha256: manifest_sha256.clone(),
            encrypted_sha256: encrypted_sha256.clone(),
            head_seq,
            head_link: hex::encode(head_link),
            entry_ids: entry_ids.clone(),
            disclosed_seqs: ranges(plan.disclosed.keys().copied()),
            exhibits: manifest.counts.exhibits,
            gps_removed: manifest.counts.derived_exhibits > 0,
        };
        // In place first (fsynced, never replacing), then logged: a pack the log lists exists.
        file.place().map_err(|e| not_saved(out, e.into()))?;
        let record_seq = match self.write(|tx, v| v.append(tx, event).map(|a| a.seq)) {
            Ok(seq) => seq,
            Err(e) => {
                // We made this file a moment ago; unlogged, it must not stay.
                let _ = std::fs::remove_file(out);
                return Err(e.into());
            }
        };
        let _ = tick(Stage::Finishing, 2, 2); // logged and in place: too late to cancel
        Ok(ExportReport {
            path: out.to_owned(),
            recipient: options.recipient,
            bundle_sha256,
            encrypted_sha256,
            manifest_sha256,
            bytes,
            entries: entry_ids.len() as u64,
            exhibits: manifest.counts.exhibits,
            disclosed_records: manifest.counts.disclosed_records,
            withheld_records: manifest.counts.withheld_records,
            head_seq,
            record_seq,
            report_pages: rendered.pages,
            report_pdfa: rendered.archival,
        })
    }

    /// Makes each location-free copy once to learn its digest (the report lists it before
    /// the copy is written); the copy is made again, identically, when the pack is written.
    fn location_free_copies(&self, plan: &Plan) -> Result<Vec<(String, FileDigest)>, ExportError> {
        let mut out = Vec::new();
        for x in plan.exhibits.iter().filter(|x| x.handling == Handling::LocationRemoved) {
            let bytes = self.location_free_copy(x)?;
            out.push((
                x.file_mark(),
                FileDigest { sha256: hex::encode(Sha256::digest(&bytes)), size: bytes.len() as u64 },
            ));
        }
        Ok(out)
    }

    fn location_free_copy(&self, x: &plan::Exhibit) -> Result<Vec<u8>, ExportError> {
        let mut original = zeroize::Zeroizing::new(Vec::with_capacity(x.meta.size as usize));
        self.read_attachment(x.attachment_id, &mut *original)?;
        let not_removable =
            || ExportError::LocationNotRemovable { mark: x.mark.clone(), media_type: x.meta.media_type.clone() };
        let kind = strip::kind_of(&x.meta.media_type).ok_or_else(not_removable)?;
        strip::strip(kind, &original).ok_or_else(not_removable)
    }

    /// Writes every file of the pack into `out` and returns it with the ZIP's SHA-256.
    fn write_pack<W: Write>(
        &self,
        plan: &Plan,
        manifest: &mut Manifest,
        report: &[u8],
        out: W,
        tick: &mut dyn FnMut(Stage, u64, u64) -> Result<(), ExportError>,
    ) -> Result<(W, String, u64), ExportError> {
        let mut zip = PackWriter::new(out, plan.exported_at);
        let readme = readme::readme(manifest) + &stamps::readme_section(plan);
        zip.add(names::README, readme.as_bytes())?;
        zip.add(names::REPORT, report)?;
        zip.add(names::ENTRIES, &to_json(&entries_file(plan, manifest)))?;
        zip.add(names::LEDGER, &to_json(&ledger_file(plan)))?;
        let total = plan.exhibit_bytes();
        let mut done = 0u64;
        for x in plan.exhibits.iter() {
            let Some(file) = x.file() else { continue };
            match x.handling {
                Handling::LocationRemoved => {
                    let copy = self.location_free_copy(x)?;
                    let digest = zip.add(&file, &copy)?;
                    let expected = manifest.exhibits.iter().find(|m| m.file == file).map(|m| &m.sha256);
                    if expected != Some(&digest.sha256) {
                        return Err(ExportError::UnstableCopy { mark: x.mark.clone() });
                    }
                }
                _ => {
                    // read_attachment checks every chunk and the whole file's SHA-256 against
                    // the record, and fails before the pack is finished if anything differs.
                    let digest = FileDigest { sha256: x.meta.sha256.clone(), size: x.meta.size };
                    zip.add_known(&file, digest, |w| -> Result<(), ExportError> {
                        let mut w = ProgressWriter { inner: w, done: &mut done, total, tick: &mut *tick, failed: None };
                        let r = self.read_attachment(x.attachment_id, &mut w);
                        if let Some(e) = w.failed.take() {
                            return Err(e);
                        }
                        r?;
                        Ok(())
                    })?;
                }
            }
        }
        self.write_excerpts(plan, &mut zip)?;
        stamps::write(plan, &self.public_key.to_bytes(), &mut zip)?;
        zip.add(names::PUBLIC_KEY, self.public_key.to_pem().as_bytes())?;
        zip.add(names::VERIFY_HTML, VERIFY_HTML.as_bytes())?;
        tick(Stage::Finishing, 0, 2)?;
        manifest.files = zip.files.clone();
        let manifest_bytes = to_json(manifest);
        let signature = self.signing_key()?.sign(&manifest_bytes);
        zip.add(names::MANIFEST, &manifest_bytes)?;
        zip.add(names::SIGNATURE, &signature)?;
        zip.add(names::SUMS, sums::render(&zip.files).as_bytes())?;
        Ok(zip.finish()?)
    }
}

/// Passes exhibit bytes into the ZIP, reporting progress per chunk and stopping on cancel.
struct ProgressWriter<'a> {
    inner: &'a mut dyn Write,
    done: &'a mut u64,
    total: u64,
    tick: &'a mut dyn FnMut(Stage, u64, u64) -> Result<(), ExportError>,
    failed: Option<ExportError>,
}

impl Write for ProgressWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        *self.done += n as u64;
        if let Err(e) = (self.tick)(Stage::Exhibits, *self.done, self.total) {
            self.failed = Some(e);
            return Err(std::io::Error::other("cancelled"));
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The manifest, without the file digests (filled in as the pack is written).
fn manifest_for(vault: &Vault, plan: &Plan, copies: &[(String, FileDigest)]) -> Manifest {
    let (head_seq, head_link) = plan.head();
    let mut exhibits = Vec::new();
    for x in &plan.exhibits {
        let Some(file) = x.file() else { continue };
        // A `.bin` name says nothing of what the file was: the manifest says it.
        let original_name = (plan::extension(&x.meta) == ".bin").then(|| x.meta.original_name.clone());
        match x.handling {
            Handling::LocationRemoved => {
                let mark = x.file_mark();
                let digest = copies.iter().find(|(m, _)| *m == mark).map(|(_, d)| d.clone());
                let digest = digest.unwrap_or(FileDigest { sha256: String::new(), size: 0 });
                exhibits.push(ManifestExhibit {
                    derived_from: Some(x.mark.clone()),
                    file,
                    mark,
                    original_name,
                    original_sha256: Some(x.meta.sha256.clone()),
                    seq: None,
                    sha256: digest.sha256,
                    size: digest.size,
                });
            }
            _ => exhibits.push(ManifestExhibit {
                derived_from: None,
                file,
                mark: x.mark.clone(),
                original_name,
                original_sha256: None,
                seq: Some(x.seq),
                sha256: x.meta.sha256.clone(),
                size: x.meta.size,
            }),
        }
    }
    exhibits.sort_by_key(|a| mark_order(&a.mark));
    let excerpts = plan
        .excerpts
        .iter()
        .map(|x| ManifestExcerpt {
            end: x.span.end,
            entry_id: x.entry_id,
            file: x.file(),
            member: x.span.member.clone(),
            seq: x.seq,
            sha256: x.span.sha256.clone(),
            size: x.span.end - x.span.start,
            source_sha256: x.span.source_sha256.clone(),
            start: x.span.start,
        })
        .collect();
    let o = &plan.options;
    let mut entry_ids = o.entry_ids.clone();
    entry_ids.sort_unstable();
    entry_ids.dedup();
    let mut kinds = o.kinds.clone();
    kinds.sort();
    kinds.dedup();
    let mut persons = o.persons.clone();
    persons.sort_unstable();
    persons.dedup();
    Manifest {
        counts: Counts {
            derived_exhibits: exhibits.iter().filter(|e| e.derived_from.is_some()).count() as u64,
            disclosed_records: plan.disclosed.len() as u64,
            entries: plan.entries.len() as u64,
            exhibits: exhibits.len() as u64,
            purged_records: plan.purged,
            records: plan.links.len() as u64,
            withheld_records: plan.withheld(),
        },
        excerpts,
        exhibits,
        exported_at: plan.exported_at,
        files: Default::default(),
        fingerprint: vault.public_key.fingerprint(),
        format: MANIFEST_FORMAT.to_owned(),
        head: Head { link: hex::encode(head_link), seq: head_seq },
        options: OptionsSummary {
            entry_ids,
            from: o.from,
            include_sources: o.include_sources,
            kinds,
            persons,
            strip_gps: o.strip_gps,
            to: o.to,
        },
        public_key: hex::encode(vault.public_key.to_bytes()),
        recipient: o.recipient.as_str().to_owned(),
        tool: replay::tool(),
        vault_id: hex::encode(vault.vault_id()),
    }
}

/// Sort key for marks: `AB_2` before `AB_10`, a copy right after its original.
fn mark_order(mark: &str) -> Vec<u64> {
    mark.split('_').skip(1).map(|n| n.parse().unwrap_or(u64::MAX)).collect()
}

fn ledger_file(plan: &Plan) -> LedgerFile {
    let b64 = base64::engine::general_purpose::STANDARD;
    let records = plan
        .links
        .iter()
        .map(|l| {
            let disclosed = plan.disclosed.get(&l.seq);
            LedgerEntry {
                body: disclosed.map(|r| b64.encode(&r.body_bytes[..])),
                commitment: hex::encode(l.commitment),
                link: hex::encode(l.link),
                prev_link: hex::encode(l.prev_link),
                salt: disclosed.map(|r| hex::encode(r.salt)),
                seq: l.seq,
                status: if disclosed.is_some() {
                    Status::Disclosed
                } else if l.purged {
                    Status::Purged
                } else {
                    Status::Withheld
                },
            }
        })
        .collect();
    LedgerFile { format: LEDGER_FORMAT.to_owned(), records }
}

fn entries_file(plan: &Plan, manifest: &Manifest) -> EntriesFile {
    let entries = plan
        .entries
        .iter()
        .map(|e| EntryOut {
            exhibits: e
                .exhibits
                .iter()
                .map(|&i| {
                    let x = &plan.exhibits[i];
                    let file = x.file();
                    let in_pack = file.as_ref().and_then(|f| manifest.exhibits.iter().find(|m| &m.file == f));
                    let exif = x.meta.image.as_ref().and_then(|i| i.exif.as_ref());
                    ExhibitOut {
                        derived_from: (x.handling == Handling::LocationRemoved).then(|| x.mark.clone()),
                        file,
                        mark: x.file_mark(),
                        media_type: x.meta.media_type.clone(),
                        original: OriginalOut {
                            captured_at: exif.and_then(|e| e.captured_at.clone()),
                            device: exif.and_then(|e| e.device.clone()),
                            name: x.meta.original_name.clone(),
                            seq: (x.handling == Handling::Original).then_some(x.seq),
                            sha256: x.meta.sha256.clone(),
                            size: x.meta.size,
                        },
                        sha256: in_pack.map(|m| m.sha256.clone()),
                        size: in_pack.map(|m| m.size),
                        withheld: match &x.handling {
                            Handling::Withheld(reason) => Some(reason.clone()),
                            _ => None,
                        },
                    }
                })
                .collect(),
            id: e.id,
            retraction: e.retraction.clone(),
            versions: e.versions.clone(),
        })
        .collect();
    EntriesFile { case: plan.case.clone(), entries, format: ENTRIES_FORMAT.to_owned() }
}

/// Sorted numbers as inclusive `[first, last]` ranges.
fn ranges(seqs: impl Iterator<Item = i64>) -> Vec<[i64; 2]> {
    let mut out: Vec<[i64; 2]> = Vec::new();
    for s in seqs {
        match out.last_mut() {
            Some(r) if r[1] + 1 == s => r[1] = s,
            _ => out.push([s, s]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_runs() {
        assert_eq!(ranges([1, 2, 3, 5, 7, 8].into_iter()), vec![[1, 3], [5, 5], [7, 8]]);
        assert!(ranges(std::iter::empty()).is_empty());
    }

    #[test]
    fn marks_sort_numerically_with_copies_after_originals() {
        let mut marks = vec!["AB_10", "AB_2_1", "AB_2", "AB_1"];
        marks.sort_by_key(|m| mark_order(m));
        assert_eq!(marks, vec!["AB_1", "AB_2", "AB_2_1", "AB_10"]);
    }
}
