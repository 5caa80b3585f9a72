//! Purge: erasing an entry's content for good, and with it every copy the vault holds.
//!
//! An imported entry has a second copy: the export file its import kept (an SMS backup, a
//! chat .zip, a mailbox), which also holds everyone else's items. That file is re-cut
//! without the purged item ([`recut`]): the item's bytes are blanked where they were, so
//! every other entry's excerpt stays at the offsets its record committed to, and its media
//! leave the .zip. Where a re-cut is impossible (the file is the item, or its record does
//! not say where the item is), the whole file goes, and [`Vault::purge_preview`] says so
//! first, naming the entries whose original excerpts go with it.

mod recut;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::diary::{EntryId, entry_row};
use crate::error::{Result, VaultError};
use crate::ledger::{Event, Recut, SourcePurged, read_body};
use crate::model::EntrySource;
use crate::vault::Vault;

/// What a purge will do (or did) to the export file an imported entry came from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum SourceFate {
    /// The file is re-cut without the item (and its media); everything else in it stays.
    Recut {
        /// The export file's name.
        source_name: String,
    },
    /// The whole file goes: it cannot be re-cut.
    Whole {
        /// The export file's name.
        source_name: String,
        /// Why it cannot be re-cut, in plain words.
        why: String,
        /// The other entries imported from it: they stay, but packs can no longer carry
        /// their original excerpts.
        #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
        other_entries: Vec<EntryId>,
    },
}

/// What purging an entry will erase, before it is done.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgePreview {
    /// The entry.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: EntryId,
    /// How many files are attached to it (all go).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachments: u64,
    /// For an imported entry: what happens to the export file it came from.
    pub source: Option<SourceFate>,
}

/// The export file an imported entry came from, as the index has it now.
pub(super) struct HeldSource {
    pub record_entry_id: EntryId,
    pub attachment_id: i64,
    pub attachment_seq: i64,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub source: String,
}

impl Vault {
    /// What [`Vault::purge_entry`] would erase. Writes nothing.
    pub fn purge_preview(&self, id: EntryId) -> Result<PurgePreview> {
        let row = entry_row(&self.conn, id)?;
        if row.purge_seq.is_some() {
            return Err(VaultError::Purged(id));
        }
        let attachments: i64 =
            self.conn
                .query_row("SELECT count(*) FROM attachments WHERE entry_id = ?1 AND purged = 0", [id], |r| r.get(0))?;
        let source = match self.held_source(id)? {
            None => None,
            Some(held) => Some(match recut::why_not(self, id, &held)? {
                None => SourceFate::Recut { source_name: held.name },
                Some(why) => {
                    SourceFate::Whole { other_entries: self.other_entries(id, &held)?, source_name: held.name, why }
                }
            }),
        };
        Ok(PurgePreview { entry_id: id, attachments: attachments as u64, source })
    }

    /// Erases an entry's content for good: every record's body and salt, every attached
    /// file with its thumbnail, and, for an imported entry, its copy in the export file the
    /// import kept (re-cut without it, or purged whole where it cannot be; see
    /// [`Vault::purge_preview`]). A record of the purge remains; the chain still verifies.
    /// Returns what became of the export file, for an imported entry.
    pub fn purge_entry(&mut self, id: EntryId, reason: Option<&str>) -> Result<Option<SourceFate>> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
        let fate = self.write(|tx, v| {
            let row = entry_row(tx, id)?;
            if row.purge_seq.is_some() {
                return Err(VaultError::Purged(id));
            }
            // The source first: a re-cut reads the entry's spans and its media's names
            // from records erased below.
            let (source, fate) = match v.held_source(id)? {
                None => (None, None),
                Some(held) => {
                    let (purged, fate) = v.purge_source(tx, id, held)?;
                    (Some(purged), Some(fate))
                }
            };
            let mut seqs: Vec<i64> = tx
                .prepare("SELECT seq FROM entry_records WHERE entry_id = ?1 ORDER BY seq")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let attachment_seqs: Vec<i64> = tx
                .prepare("SELECT seq FROM attachments WHERE entry_id = ?1 ORDER BY seq")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            // Attachment records are also listed in entry_records; each seq once.
            seqs.extend(attachment_seqs);
            seqs.sort_unstable();
            seqs.dedup();
            for seq in &seqs {
                tx.execute("UPDATE ledger SET sealed = NULL WHERE seq = ?1", [seq])?;
            }
            purge_files(tx, "entry_id", id)?;
            // Which import the entry came from is not needed once its content is gone.
            tx.execute("DELETE FROM imported_entries WHERE entry_id = ?1", [id])?;
            let rec = v.append(tx, Event::EntryPurged { entry_id: id, purged_seqs: seqs, reason, source })?;
            tx.execute("UPDATE entries SET purge_seq = ?2 WHERE id = ?1", params![id, rec.seq])?;
            tx.execute("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)", params![id, rec.seq])?;
            Ok(fate)
        })?;
        // The erased versions must not outlive their records in memory either.
        self.decoded.clear();
        self.scrub();
        Ok(fate)
    }

    /// The export file `id` was imported from, while it is still held (not for the
    /// "export imported" entry itself: its file goes as one of its own attachments).
    fn held_source(&self, id: EntryId) -> Result<Option<HeldSource>> {
        let row: Option<(i64, i64, i64)> = self
            .conn
            .query_row(
                "SELECT i.record_entry_id, a.id, a.seq FROM imported_entries ie
                 JOIN imports i ON i.id = ie.import_id
                 JOIN attachments a ON a.id = i.source_attachment_id
                 WHERE ie.entry_id = ?1 AND a.purged = 0",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((record_entry_id, attachment_id, attachment_seq)) = row else { return Ok(None) };
        if record_entry_id == id {
            return Ok(None);
        }
        let meta = self.attachment(attachment_id)?.meta;
        Ok(Some(HeldSource {
            record_entry_id,
            attachment_id,
            attachment_seq,
            name: meta.original_name,
            sha256: meta.sha256,
            size: meta.size,
            media_type: meta.media_type,
            source: meta.source,
        }))
    }

    /// The other live entries imported from the same file (the "export imported" entry not
    /// counted).
    fn other_entries(&self, id: EntryId, held: &HeldSource) -> Result<Vec<EntryId>> {
        Ok(self
            .conn
            .prepare(
                "SELECT ie.entry_id FROM imported_entries ie
                 JOIN imports i ON i.id = ie.import_id
                 JOIN entries e ON e.id = ie.entry_id
                 WHERE i.source_attachment_id = ?1 AND e.purge_seq IS NULL
                   AND ie.entry_id <> ?2 AND ie.entry_id <> i.record_entry_id
                 ORDER BY ie.entry_id",
            )?
            .query_map(params![held.attachment_id, id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Re-cuts the export file without entry `id`'s item, or purges it whole where that is
    /// impossible, inside the purge's transaction.
    fn purge_source(&self, tx: &Transaction<'_>, id: EntryId, held: HeldSource) -> Result<(SourcePurged, SourceFate)> {
        let recut = match recut::why_not(self, id, &held)? {
            Some(why) => Err(why),
            None => recut::recut(self, id, &held)?,
        };
        let (recut, fate) = match recut {
            Ok(bytes) => {
                let info = self.attach_in(tx, held.record_entry_id, &mut bytes.as_slice(), &held.name, &held.source)?;
                tx.execute(
                    "UPDATE imports SET source_attachment_id = ?2 WHERE source_attachment_id = ?1",
                    params![held.attachment_id, info.id],
                )?;
                let recut = Recut { attachment_id: info.id, sha256: info.meta.sha256 };
                (Some(recut), SourceFate::Recut { source_name: held.name.clone() })
            }
            Err(why) => {
                let other_entries = self.other_entries(id, &held)?;
                (None, SourceFate::Whole { source_name: held.name.clone(), why, other_entries })
            }
        };
        tx.execute("UPDATE ledger SET sealed = NULL WHERE seq = ?1", [held.attachment_seq])?;
        purge_files(tx, "id", held.attachment_id)?;
        let purged = SourcePurged {
            entry_id: held.record_entry_id,
            attachment_id: held.attachment_id,
            sha256: held.sha256,
            purged_seq: held.attachment_seq,
            recut,
        };
        Ok((purged, fate))
    }

    /// The spans entry `id`'s versions recorded, each once.
    fn spans_of(&self, id: EntryId) -> Result<Vec<crate::model::SourceSpan>> {
        let seqs: Vec<i64> = self
            .conn
            .prepare("SELECT seq FROM entry_records WHERE entry_id = ?1 ORDER BY seq")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut spans = Vec::new();
        for seq in seqs {
            let fields = match read_body(&self.conn, &self.sealer, seq)?.map(|r| r.body.event) {
                Some(Event::EntryCreated { entry, .. } | Event::EntryRevised { entry, .. }) => entry,
                _ => continue,
            };
            if let EntrySource::Import { span: Some(span), .. } = fields.source
                && !spans.contains(&span)
            {
                spans.push(span);
            }
        }
        Ok(spans)
    }
}

/// Deletes the chunks and thumbnails of the attachments whose `column` is `value` and marks
/// them purged; their rows stay (the sealed head counts them), without their sizes.
fn purge_files(tx: &Transaction<'_>, column: &str, value: i64) -> Result<()> {
    debug_assert!(matches!(column, "id" | "entry_id"));
    tx.execute(
        &format!(
            "DELETE FROM attachment_chunks WHERE attachment_id IN (SELECT id FROM attachments WHERE {column} = ?1)"
        ),
        [value],
    )?;
    tx.execute(
        &format!("UPDATE attachments SET thumbnail = NULL, purged = 1, size = 0, chunk_count = 0 WHERE {column} = ?1"),
        [value],
    )?;
    Ok(())
}
