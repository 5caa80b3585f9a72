//! Attachments: originals stored byte-exact in 1 MiB sealed chunks, hashed while streaming,
//! with a sealed thumbnail for images.
//!
//! Each chunk's associated data binds the attachment id, the chunk index and whether it is
//! the last one, so reordering, dropping, duplicating or truncating chunks fails to open.

mod heif;
mod image;
mod media;
mod pipeline;
pub mod range;
mod sniff;
mod stream;
#[cfg(test)]
mod tests;

use std::io::{Read, Write};
use std::path::Path;

use casebook_crypto::{Sha256, hash::Digest};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub(crate) use image::small_picture;
pub use media::playable_type;

use crate::diary::{EntryId, entry_row};
use crate::error::{Result, VaultError};
use crate::ledger::{AttachmentMeta, Event, read_body};
use crate::vault::Vault;
use crate::vault::seal::Place;

/// Plaintext bytes per chunk.
pub const CHUNK_SIZE: usize = 1024 * 1024;
/// The largest file that can be attached.
pub const MAX_ATTACHMENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Images up to this size are decoded for a thumbnail; larger ones are stored without one.
pub const MAX_PREVIEW_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// An attachment as lists and the entry view show it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    /// The attachment's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The entry it belongs to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: EntryId,
    /// Its `attachment_added` ledger record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was attached.
    pub recorded_at: DateTime<Utc>,
    /// Name, type, size, hash, image facts.
    pub meta: AttachmentMeta,
    /// Whether a thumbnail is stored.
    pub has_thumbnail: bool,
}

impl Vault {
    /// Attaches a file from disk; its name (without directories) is recorded.
    pub fn attach_file(&mut self, entry_id: EntryId, path: &Path, source: &str) -> Result<AttachmentInfo> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(VaultError::InvalidInput(format!("{} is not a file", path.display())));
        }
        if meta.len() > MAX_ATTACHMENT_BYTES {
            return Err(VaultError::TooLarge { what: format!("{}", path.display()), limit: MAX_ATTACHMENT_BYTES });
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut file = std::fs::File::open(path)?;
        self.attach(entry_id, &mut file, &name, source)
    }

    /// Streams `reader` into the vault as an attachment of `entry_id`, in one transaction:
    /// either the whole file, its record and its thumbnail are stored, or nothing is.
    pub fn attach(
        &mut self,
        entry_id: EntryId,
        reader: &mut dyn Read,
        original_name: &str,
        source: &str,
    ) -> Result<AttachmentInfo> {
        self.write_bulk(|tx, v| v.attach_in(tx, entry_id, reader, original_name, source))
    }

    /// [`Vault::attach`] inside the caller's transaction: an import stores the export file
    /// and its media in the same transaction as its entries.
    pub(crate) fn attach_in(
        &self,
        tx: &Transaction<'_>,
        entry_id: EntryId,
        reader: &mut dyn Read,
        original_name: &str,
        source: &str,
    ) -> Result<AttachmentInfo> {
        let original_name = clean_name(original_name);
        let source = source.trim().to_owned();
        let v = self;
        let row = entry_row(tx, entry_id)?;
        if row.purge_seq.is_some() {
            return Err(VaultError::Purged(entry_id));
        }
        if row.retract_seq.is_some() {
            return Err(VaultError::InvalidInput(format!(
                "entry {entry_id} was retracted; files can no longer be added"
            )));
        }
        // Cached statements here and below: an import attaches thousands of photos in one
        // transaction, and compiling the same SQL each time cost more than storing a small one.
        let id: i64 =
            tx.prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM attachments")?.query_row([], |r| r.get(0))?;
        let mut insert =
            tx.prepare_cached("INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?1, ?2, ?3)")?;
        // The first chunk is held back: a file of one chunk (most photos) has it stored after
        // the attachment's row. A chunk stored before its row is a deferred foreign-key
        // violation, and while one is outstanding SQLite answers the ledger record appended
        // next by scanning every row of `attachments` for one naming it (there is no index on
        // `seq`): a cost per file that grew with the vault's attachments (issue 15). A larger
        // file's chunks are stored in order as they come, the first when the second is sealed.
        let mut held: Option<Vec<u8>> = None;
        let (digest, size, chunk_count) =
            pipeline::seal_chunks(reader, &v.sealer, id, &original_name, |index, sealed| {
                if index == 0 {
                    held = Some(sealed.to_vec());
                    return Ok(());
                }
                if let Some(first) = held.take() {
                    insert.execute(params![id, 0i64, first])?;
                }
                insert.execute(params![id, index as i64, sealed])?;
                Ok(())
            })?;
        let media_type = digest.media_type;
        let inspected = match &digest.preview {
            Some(bytes) => image::inspect(bytes, &media_type),
            None if sniff::is_raster_image(&media_type) => {
                image::Inspected::note("the image is too large to preview; stored without a thumbnail")
            }
            None => image::Inspected::default(),
        };
        let meta = AttachmentMeta {
            original_name,
            media_type,
            size,
            sha256: hex::encode(digest.hasher.finalize()),
            source,
            image: inspected.info,
            note: inspected.note,
        };
        let rec = v.append(tx, Event::AttachmentAdded { attachment_id: id, entry_id, file: meta.clone() })?;
        let thumbnail = inspected.thumbnail.map(|t| v.sealer.seal(Place::cell("attachments", "thumbnail", id), &t));
        let has_thumbnail = thumbnail.is_some();
        tx.prepare_cached(
            "INSERT INTO attachments (id, entry_id, seq, size, chunk_count, thumbnail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id, entry_id, rec.seq, size as i64, chunk_count as i64, thumbnail])?;
        tx.prepare_cached("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)")?
            .execute(params![entry_id, rec.seq])?;
        if let Some(only) = held {
            insert.execute(params![id, 0i64, only])?;
        }
        drop(insert);
        Ok(AttachmentInfo { id, entry_id, seq: rec.seq, recorded_at: rec.recorded_at, meta, has_thumbnail })
    }

    /// Writes the original bytes of attachment `id` to `out`, chunk by chunk (memory stays
    /// flat), checking every chunk's place and the whole file's SHA-256 against its record.
    pub fn read_attachment(&self, id: i64, out: &mut dyn Write) -> Result<AttachmentInfo> {
        let info = self.attachment(id)?;
        let chunk_count: i64 =
            self.conn.query_row("SELECT chunk_count FROM attachments WHERE id = ?1", [id], |r| r.get(0))?;
        let corrupt = |detail: String| VaultError::Corrupt { seq: Some(info.seq), detail };
        let mut stmt =
            self.conn.prepare("SELECT idx, data FROM attachment_chunks WHERE attachment_id = ?1 ORDER BY idx")?;
        let mut rows = stmt.query([id])?;
        let mut hasher = Sha256::new();
        let mut expected: i64 = 0;
        while let Some(row) = rows.next()? {
            let idx: i64 = row.get(0)?;
            if idx != expected {
                return Err(corrupt(format!("attachment {id}: chunk {expected} is missing")));
            }
            let data: Vec<u8> = row.get(1)?;
            let last = idx == chunk_count - 1;
            let plain = self.sealer.open(Place::chunk(id, idx as u64, last), &data).map_err(|_| {
                corrupt(format!("attachment {id}: chunk {idx} does not open (altered, moved, reordered or truncated)"))
            })?;
            hasher.update(&plain[..]);
            out.write_all(&plain)?;
            expected += 1;
        }
        if expected != chunk_count {
            return Err(corrupt(format!("attachment {id}: {expected} of {chunk_count} chunks present")));
        }
        if hex::encode(hasher.finalize()) != info.meta.sha256 {
            return Err(corrupt(format!("attachment {id}: contents do not match the recorded SHA-256")));
        }
        Ok(info)
    }

    /// The decrypted thumbnail (JPEG) of attachment `id`, if it has one. Kept in memory only.
    pub fn thumbnail(&self, id: i64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let sealed: Option<Option<Vec<u8>>> = self
            .conn
            .query_row("SELECT thumbnail FROM attachments WHERE id = ?1 AND purged = 0", [id], |r| r.get(0))
            .optional()?;
        let Some(sealed) = sealed else { return Err(VaultError::UnknownAttachment(id)) };
        sealed
            .map(|s| {
                self.sealer.open(Place::cell("attachments", "thumbnail", id), &s).map_err(|_| VaultError::Corrupt {
                    seq: None,
                    detail: format!("attachment {id}: the thumbnail does not open"),
                })
            })
            .transpose()
    }

    /// One attachment's facts.
    pub fn attachment(&self, id: i64) -> Result<AttachmentInfo> {
        let row: Option<(EntryId, i64, bool, bool)> = self
            .conn
            .query_row(
                "SELECT entry_id, seq, thumbnail IS NOT NULL, purged FROM attachments WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match row {
            Some((entry_id, seq, has_thumbnail, false)) => self.attachment_info(id, entry_id, seq, has_thumbnail),
            Some((entry_id, ..)) => Err(VaultError::Purged(entry_id)),
            None => Err(VaultError::UnknownAttachment(id)),
        }
    }

    /// The attachments of an entry, oldest first.
    pub fn attachments_of(&self, entry_id: EntryId) -> Result<Vec<AttachmentInfo>> {
        let rows: Vec<(i64, i64, bool)> = self
            .conn
            .prepare(
                "SELECT id, seq, thumbnail IS NOT NULL FROM attachments WHERE entry_id = ?1 AND purged = 0 ORDER BY id",
            )?
            .query_map([entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(|(id, seq, thumb)| self.attachment_info(id, entry_id, seq, thumb)).collect()
    }

    fn attachment_info(&self, id: i64, entry_id: EntryId, seq: i64, has_thumbnail: bool) -> Result<AttachmentInfo> {
        let rec = read_body(&self.conn, &self.sealer, seq)?
            .ok_or(VaultError::Corrupt { seq: Some(seq), detail: "attachment record was purged".into() })?;
        match rec.body.event {
            Event::AttachmentAdded { file, attachment_id, .. } if attachment_id == id => {
                Ok(AttachmentInfo { id, entry_id, seq, recorded_at: rec.body.recorded_at, meta: file, has_thumbnail })
            }
            _ => Err(VaultError::Corrupt { seq: Some(seq), detail: format!("record is not attachment {id}'s") }),
        }
    }
}

/// The file's own name: no directories, no control characters, never empty.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    if cleaned.is_empty() { "unnamed".to_owned() } else { cleaned }
}
