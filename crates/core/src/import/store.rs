//! The import transaction: the export file (stored once), one entry per new item with its
//! media, and one `import_done` record, all committed together or not at all.
//!
//! De-duplication needs no plaintext index: the keys of items already imported are read
//! from the sealed bodies of the entries listed in `imported_entries` (ids only). A purged
//! entry's key went with its content, so the same item imported again comes back as new.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use casebook_crypto::{Sha256, hash::Digest};
use rusqlite::{CachedStatement, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::detect::{self, Detected};
use super::item::{MediaData, MediaSource};
use super::party::{CorrespondentKey, Matcher, Normaliser};
use super::{
    DateOrder, ImportCounts, ImportError, ImportFormat, ImportOptions, ImportPreview, ImportReport, ImportSettings,
    ReadCtx, Zone, preview_with, read_items,
};
use crate::diary::{EntryId, NewEntries};
use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body};
use crate::model::{EntryFields, EntryKind, EntrySource, MAX_TITLE_CHARS};
use crate::vault::Vault;

/// Where an imported entry came from: its import and the export file kept with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ImportSource {
    /// The import's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub import_id: i64,
    /// Its `import_done` ledger record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ledger_seq: i64,
    /// The format read.
    pub format: String,
    /// The export file's name.
    pub source_name: String,
    /// The export file's SHA-256, hex, as imported.
    pub source_sha256: String,
    /// The attachment holding the export file: byte-exact, or, once an entry made from it
    /// was purged, the copy re-cut without that item (or a purged attachment, when the
    /// whole file had to go).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub source_attachment_id: i64,
    /// The "export imported" entry it is attached to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_entry_id: i64,
    /// When the import was committed (the vault clock).
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// The first and last entries made for items.
    #[cfg_attr(feature = "ts", ts(type = "[number, number] | null"))]
    pub entries: Option<(i64, i64)>,
    /// The correspondents picked.
    pub correspondents: Vec<String>,
    /// What came in and what did not.
    pub counts: ImportCounts,
}

/// How often (in items) progress is reported.
const PROGRESS_EVERY: u64 = 256;

/// The de-duplication key of an item of `format`.
pub(crate) fn dedup_key(format: ImportFormat, item_key: &str) -> String {
    format!("{}:{item_key}", format.as_str())
}

impl Vault {
    /// [`super::preview`] against this vault's case, also counting, per correspondent, the
    /// items not yet in the vault. Writes nothing.
    pub fn preview_import(&self, path: &Path, settings: &ImportSettings) -> Result<ImportPreview, ImportError> {
        let existing = self.imported_keys()?;
        preview_with(path, &self.case()?, settings, Some(&existing))
    }

    /// Imports the picked correspondents' items from `path` as diary entries, in one
    /// transaction, and returns what happened.
    ///
    /// The file is read in full (validated, counted) before anything is written, then read
    /// again to write. The export file is stored once as an attachment of an "export
    /// imported" entry (reused if the same file was imported before); each new item
    /// becomes an entry with its media attached; one `import_done` ledger record carries
    /// the file's SHA-256 and the counts. Items already in the vault are skipped, so
    /// importing the same or an overlapping export twice adds nothing twice. When nothing
    /// is new, nothing is written (`import_id` is `None`).
    ///
    /// `progress(done, total)` is called as items are processed; returning `false`
    /// cancels: the transaction is rolled back and [`ImportError::Cancelled`] returned.
    pub fn import(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ImportReport, ImportError> {
        let settings = &options.settings;
        let file = detect::detect(path, settings.expected_format)?;
        let case = self.case()?;
        let zone = Zone::from_settings(settings);
        let mut ctx = ReadCtx {
            normaliser: Normaliser::new(settings.region(&case)),
            zone,
            date_order: settings.date_order,
            provisional_dates: false,
            want_media: false,
            who_only: true,
        };
        let matcher = Matcher::new(&case, &mut ctx.normaliser);

        // Pass 1: the whole file, before anything is written.
        let mut total = 0u64;
        let mut matched: BTreeSet<CorrespondentKey> = BTreeSet::new();
        let mut displays: HashMap<CorrespondentKey, String> = HashMap::new();
        // The case person of each correspondent who is one (by key, or an account by its name).
        let mut people: HashMap<CorrespondentKey, u32> = HashMap::new();
        let facts = read_items(&file, &mut ctx, &mut |item, _| {
            total += 1;
            for p in &item.parties {
                if let Some(person) = matcher.person_of(p) {
                    matched.insert(p.key.clone());
                    people.insert(p.key.clone(), person);
                }
                if !displays.contains_key(&p.key) {
                    displays.insert(p.key.clone(), p.display.clone());
                }
            }
            Ok(())
        })?;
        if total == 0
            && let Some(first) = facts.unreadable.listed.first()
        {
            return Err(ImportError::malformed(
                file.format,
                format!("none of its items could be read (the first, {first})"),
            ));
        }
        let selected: BTreeSet<CorrespondentKey> = match &options.correspondents {
            Some(keys) => keys.iter().cloned().collect(),
            None => matched,
        };
        if selected.is_empty() {
            return Err(ImportError::NothingSelected);
        }
        if !progress(0, total) {
            return Err(ImportError::Cancelled);
        }
        let existing = self.imported_keys()?;
        let (sha256, size) = sha256_of(&file.path)?;
        let stored = self.stored_source(&sha256)?;

        // Pass 2: one transaction, through the rollback journal where the vault can be
        // switched to it (its new pages written once, not to the WAL and again at the
        // checkpoint: vault/journal.rs).
        let this: &Vault = self;
        let _bulk = crate::vault::journal::Bulk::enter(&this.conn);
        let tx = Transaction::new_unchecked(&this.conn, TransactionBehavior::Immediate).map_err(VaultError::from)?;
        // Every record of the import is appended in this one transaction: carry the chain
        // head from one to the next instead of reading back the previous record each time.
        let _batch = this.begin_batch(&tx)?;
        // Statements held for the whole import; returned to the cache before the commit.
        let mut new_entries = NewEntries::start(&tx)?;
        let import_id: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM imports", [], |r| r.get(0)).map_err(VaultError::from)?;
        let persons: BTreeSet<u32> = selected.iter().filter_map(|k| people.get(k).copied()).collect();
        // The "export imported" entry when this import makes it (listed with the item entries).
        let mut new_record_entry: Option<EntryId> = None;
        let (record_entry_id, source_attachment_id) = match stored {
            Some(ids) => ids,
            None => {
                let single_person = if persons.len() == 1 { persons.first().copied() } else { None };
                let fields = record_entry(&file, &sha256, size, zone, this.clock.now(), single_person)?;
                let entry = new_entries.create(&tx, this, fields)?;
                new_record_entry = Some(entry);
                let mut source = std::fs::File::open(&file.path)?;
                let info = this.attach_in(&tx, entry, &mut source, &file.name, file.format.as_str())?;
                if info.meta.sha256 != sha256 {
                    return Err(ImportError::Io(std::io::Error::other(
                        "the export file changed while it was being imported; nothing was imported",
                    )));
                }
                (entry, info.id)
            }
        };

        let mut ctx = ReadCtx { want_media: true, who_only: false, ..ctx };
        let mut counts = ImportCounts {
            items_in_file: total + facts.unreadable.count,
            unreadable: facts.unreadable.count,
            unreadable_items: facts.unreadable.listed.clone(),
            ..ImportCounts::default()
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut entry_ids: Vec<EntryId> = Vec::new();
        let mut done = 0u64;
        let format = file.format;
        read_items(&file, &mut ctx, &mut |item, media: &mut dyn MediaSource| {
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) && !progress(done, total) {
                return Err(ImportError::Cancelled);
            }
            let Some(party) = item.parties.iter().find(|p| selected.contains(&p.key)) else {
                counts.not_selected += 1;
                return Ok(());
            };
            counts.selected += 1;
            let key = dedup_key(format, &item.key);
            if existing.contains(&key) || !seen.insert(key) {
                counts.duplicates += 1;
                return Ok(());
            }
            let person_id = item
                .parties
                .iter()
                .filter(|p| selected.contains(&p.key))
                .find_map(|p| people.get(&p.key).copied())
                .or_else(|| people.get(&party.key).copied());
            let who = person_id
                .and_then(|id| matcher.name(id))
                .map(str::to_owned)
                .or_else(|| item.contact_name.clone())
                .unwrap_or_else(|| party.display.clone());
            let missing: Vec<&str> = item
                .media
                .iter()
                .filter_map(|m| match &m.data {
                    MediaData::InZip(name) if !media.has(name) => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            let note = (!missing.is_empty())
                .then(|| format!("The chat refers to {}, which is not in this export.", missing.join(", ")));
            counts.media_missing += missing.len() as u64;
            let fields = item.to_entry(format, party, &who, person_id, note, &sha256).validate()?;
            let kind = fields.kind;
            let id = new_entries.create(&tx, this, fields)?;
            for m in &item.media {
                match &m.data {
                    MediaData::Bytes(bytes) => {
                        this.attach_in(&tx, id, &mut bytes.as_slice(), &m.name, format.as_str())?;
                        counts.media_attached += 1;
                    }
                    MediaData::InZip(name) => {
                        if let Some(mut reader) = media.open(name)? {
                            this.attach_in(&tx, id, &mut reader, &m.name, format.as_str())?;
                            counts.media_attached += 1;
                        }
                    }
                }
            }
            counts.imported += 1;
            *counts.by_kind.entry(kind.as_str().to_owned()).or_default() += 1;
            entry_ids.push(id);
            Ok(())
        })?;
        drop(new_entries);
        if !progress(total, total) {
            return Err(ImportError::Cancelled);
        }
        let mut report = ImportReport {
            import_id: None,
            format,
            source_sha256: sha256.clone(),
            source_attachment_id: None,
            record_entry_id: None,
            ledger_seq: None,
            counts,
            lines_not_taken: facts.skipped,
            lines: facts.lines,
            entry_ids,
        };
        if report.counts.imported == 0 {
            // Nothing new: roll back (the export file too, if it was new) and say so.
            drop(tx);
            return Ok(report);
        }
        let correspondents: Vec<String> =
            selected.iter().map(|k| displays.get(k).cloned().unwrap_or_else(|| k.value.clone())).collect();
        let event = Event::ImportDone {
            import_id,
            format: format.as_str().to_owned(),
            source_name: file.name.clone(),
            source_sha256: sha256,
            source_size: size,
            source_attachment_id,
            record_entry_id,
            entries: report.entry_ids.first().zip(report.entry_ids.last()).map(|(a, b)| (*a, *b)),
            correspondents,
            counts: report.counts.clone(),
            assumed_zone: facts.times_without_zone.then(|| match settings.utc_offset {
                Some(off) => format!("UTC{off}"),
                None => "local".to_owned(),
            }),
            date_order: facts.date_order.map(|o| {
                match o {
                    DateOrder::DayFirst => "day_first",
                    DateOrder::MonthFirst => "month_first",
                }
                .to_owned()
            }),
        };
        let rec = this.append(&tx, event)?;
        tx.execute(
            "INSERT INTO imports (id, seq, record_entry_id, source_attachment_id) VALUES (?1, ?2, ?3, ?4)",
            params![import_id, rec.seq, record_entry_id, source_attachment_id],
        )
        .map_err(VaultError::from)?;
        // The entries are listed as this import's only now that its row exists. Listed as they
        // were made, each row would point at an import not yet written: a deferred foreign-key
        // violation outstanding for the whole import, and while one is, SQLite answers every
        // ledger record appended by scanning `attachments` (no index on `seq`) for rows naming
        // it: a cost per message that grew with the vault's attachments (issue 15: an
        // Instagram export's 5,000 photos made its import five times slower).
        let mut mark = tx
            .prepare_cached("INSERT INTO imported_entries (entry_id, import_id) VALUES (?1, ?2)")
            .map_err(VaultError::from)?;
        for id in new_record_entry.iter().chain(&report.entry_ids) {
            mark_imported(&mut mark, *id, import_id)?;
        }
        drop(mark);
        crate::vault::head::write(&tx, &this.sealer)?;
        tx.commit().map_err(VaultError::from)?;
        report.import_id = Some(import_id);
        report.source_attachment_id = Some(source_attachment_id);
        report.record_entry_id = Some(record_entry_id);
        report.ledger_seq = Some(rec.seq);
        Ok(report)
    }

    /// The import an entry came from, with the export file kept for it; `None` for an
    /// entry that was not imported.
    pub fn import_source_of(&self, entry_id: EntryId) -> Result<Option<ImportSource>> {
        let row: Option<(i64, i64, i64)> = self
            .conn
            .query_row(
                "SELECT i.id, i.seq, i.source_attachment_id FROM imported_entries ie JOIN imports i ON i.id = ie.import_id
                 WHERE ie.entry_id = ?1",
                [entry_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        let Some((import_id, seq, attachment)) = row else { return Ok(None) };
        self.import_source(import_id, seq, attachment).map(Some)
    }

    /// Every import so far, oldest first, as its `import_done` record tells it.
    pub fn imports(&self) -> Result<Vec<ImportSource>> {
        let rows: Vec<(i64, i64, i64)> = self
            .conn
            .prepare("SELECT id, seq, source_attachment_id FROM imports ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(|(id, seq, attachment)| self.import_source(id, seq, attachment)).collect()
    }

    /// An import as its record tells it, with the attachment that holds its export file
    /// now (`attachment`, from the index: a purge may have re-cut the file since).
    fn import_source(&self, import_id: i64, seq: i64, attachment: i64) -> Result<ImportSource> {
        let Some(rec) = read_body(&self.conn, &self.sealer, seq)? else {
            return Err(VaultError::Corrupt { seq: Some(seq), detail: "the import record was erased".into() });
        };
        match rec.body.event {
            Event::ImportDone {
                format,
                source_name,
                source_sha256,
                record_entry_id,
                entries,
                correspondents,
                counts,
                ..
            } => Ok(ImportSource {
                import_id,
                ledger_seq: seq,
                format,
                source_name,
                source_sha256,
                source_attachment_id: attachment,
                record_entry_id,
                recorded_at: rec.body.recorded_at,
                entries,
                correspondents,
                counts,
            }),
            _ => {
                Err(VaultError::Corrupt { seq: Some(seq), detail: "the import record is not an import record".into() })
            }
        }
    }

    /// The keys of every item imported so far (from the sealed entry bodies).
    fn imported_keys(&self) -> Result<HashSet<String>> {
        let seqs: Vec<i64> = self
            .conn
            .prepare(
                "SELECT e.created_seq FROM imported_entries ie JOIN entries e ON e.id = ie.entry_id
                 WHERE e.purge_seq IS NULL",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut keys = HashSet::with_capacity(seqs.len());
        for seq in seqs {
            if let Some(Event::EntryCreated { entry, .. }) =
                read_body(&self.conn, &self.sealer, seq)?.map(|r| r.body.event)
                && let EntrySource::Import { format, item_key, .. } = entry.source
            {
                keys.insert(format!("{format}:{item_key}"));
            }
        }
        Ok(keys)
    }

    /// The (record entry, attachment) already holding an export file with this SHA-256.
    /// Compared with the attachment's own hash: a copy re-cut by a purge is not the file
    /// imported again, which comes in whole.
    fn stored_source(&self, sha256: &str) -> Result<Option<(EntryId, i64)>> {
        let rows: Vec<(i64, i64)> = self
            .conn
            .prepare(
                "SELECT DISTINCT i.record_entry_id, i.source_attachment_id FROM imports i
                 JOIN attachments a ON a.id = i.source_attachment_id WHERE a.purged = 0 ORDER BY i.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (entry, attachment) in rows {
            if self.attachment(attachment)?.meta.sha256 == sha256 {
                return Ok(Some((entry, attachment)));
            }
        }
        Ok(None)
    }
}

/// Lists an entry as made by an import (`mark` inserts into `imported_entries`).
fn mark_imported(mark: &mut CachedStatement<'_>, entry_id: EntryId, import_id: i64) -> Result<()> {
    mark.execute(params![entry_id, import_id])?;
    Ok(())
}

/// The "export imported" entry that holds the export file.
fn record_entry(
    file: &Detected,
    sha256: &str,
    size: u64,
    zone: Zone,
    now: chrono::DateTime<chrono::Utc>,
    person_id: Option<u32>,
) -> Result<EntryFields> {
    let at = zone
        .instant_ms(now.timestamp_millis())
        .ok_or_else(|| VaultError::InvalidInput("the clock is out of range".into()))?;
    let what = match file.format {
        ImportFormat::SmsBackupRestore => "SMS Backup & Restore file",
        ImportFormat::WhatsAppChat => "WhatsApp chat export",
        ImportFormat::Email => "Email file",
        ImportFormat::TelegramChat => "Telegram chat export",
        ImportFormat::XArchive => "X archive",
        ImportFormat::InstagramMessages => "Instagram export",
        ImportFormat::MessengerMessages => "Facebook Messenger export",
    };
    let name: String = file.name.chars().filter(|c| !c.is_control()).take(MAX_TITLE_CHARS - 60).collect();
    let mut fields = EntryFields::new(EntryKind::Other, format!("{what} imported: {name}"), at);
    fields.narrative = format!(
        "The export file \"{name}\" ({size} bytes, SHA-256 {sha256}) was imported. It is attached to this entry \
         exactly as it was; the entries made from it were recorded with this import."
    );
    fields.channel = Some(file.format.channel(EntryKind::Other).to_owned());
    fields.person_id = person_id;
    fields.tags = vec!["import".to_owned()];
    fields.source = EntrySource::Import {
        format: file.format.as_str().to_owned(),
        item_key: format!("export-file:{sha256}"),
        span: None,
    };
    fields.validate()
}

/// SHA-256 and size of a file, streamed.
fn sha256_of(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1024 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}
