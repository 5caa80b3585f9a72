//! Audio and video played from memory: a span of an attachment decrypted on its own, opening
//! only the chunks the span touches, never the whole file, never to disk.
//!
//! Each chunk is authenticated on its own (its sealed place binds the attachment, the chunk's
//! index and whether it is the last), so the bytes of a span are exactly the bytes attached even
//! though the whole file's SHA-256 is not recomputed for a span: that is checked by
//! [`Vault::read_attachment`] (export, check), which reads it all.

use zeroize::Zeroizing;

use super::CHUNK_SIZE;
use super::range::MAX_RANGE_BYTES;
use crate::error::{Result, VaultError};
use crate::vault::Vault;
use crate::vault::seal::Place;

/// The type the webview's player is told, for a sniffed type it may be able to play, or `None`
/// (the file is then listed, never handed to the player). Sniffed names that WebKit does not
/// know are given the registered ones (`audio/m4a` is `audio/mp4`, `audio/x-wav` is `audio/wav`).
pub fn playable_type(media_type: &str) -> Option<&'static str> {
    Some(match media_type {
        "audio/mpeg" => "audio/mpeg",
        "audio/m4a" => "audio/mp4",
        "audio/aac" => "audio/aac",
        "audio/ogg" => "audio/ogg",
        "audio/opus" => "audio/ogg; codecs=opus",
        "audio/x-wav" => "audio/wav",
        "audio/x-flac" => "audio/flac",
        "audio/amr" => "audio/amr",
        "video/mp4" => "video/mp4",
        "video/x-m4v" => "video/mp4",
        "video/quicktime" => "video/quicktime",
        "video/webm" => "video/webm",
        "video/x-matroska" => "video/x-matroska",
        _ => return None,
    })
}

impl Vault {
    /// `len` bytes of attachment `id` from byte `start`, decrypted into memory (wiped when
    /// dropped). Opens only the chunks the span touches; at most [`MAX_RANGE_BYTES`] at once, so
    /// memory stays about the span whatever the file's size.
    pub fn read_attachment_range(&self, id: i64, start: u64, len: u64) -> Result<Zeroizing<Vec<u8>>> {
        let info = self.attachment(id)?;
        let size = info.meta.size;
        if len > MAX_RANGE_BYTES {
            return Err(VaultError::TooLarge { what: format!("a read of attachment {id}"), limit: MAX_RANGE_BYTES });
        }
        let end = start.checked_add(len).filter(|&e| e <= size).ok_or_else(|| {
            VaultError::InvalidInput(format!("bytes {start} to {start}+{len} are beyond attachment {id}'s {size}"))
        })?;
        let mut out = Zeroizing::new(Vec::with_capacity(len as usize));
        if len == 0 {
            return Ok(out);
        }
        let chunk_count: i64 =
            self.conn.query_row("SELECT chunk_count FROM attachments WHERE id = ?1", [id], |r| r.get(0))?;
        let corrupt = |detail: String| VaultError::Corrupt { seq: Some(info.seq), detail };
        let chunk = CHUNK_SIZE as u64;
        let (first, last) = (start / chunk, (end - 1) / chunk);
        let mut stmt = self.conn.prepare_cached(
            "SELECT idx, data FROM attachment_chunks WHERE attachment_id = ?1 AND idx BETWEEN ?2 AND ?3 ORDER BY idx",
        )?;
        let mut rows = stmt.query(rusqlite::params![id, first as i64, last as i64])?;
        let mut expected = first;
        while let Some(row) = rows.next()? {
            let idx: i64 = row.get(0)?;
            if idx as u64 != expected {
                return Err(corrupt(format!("attachment {id}: chunk {expected} is missing")));
            }
            // Borrowed from SQLite's row, not copied: the sealed chunk is not secret anyway.
            let rusqlite::types::ValueRef::Blob(data) = row.get_ref(1)? else {
                return Err(corrupt(format!("attachment {id}: chunk {idx} is not a blob")));
            };
            let is_last = idx == chunk_count - 1;
            let plain = self.sealer.open(Place::chunk(id, idx as u64, is_last), data).map_err(|_| {
                corrupt(format!("attachment {id}: chunk {idx} does not open (altered, moved, reordered or truncated)"))
            })?;
            let chunk_start = expected * chunk;
            if !is_last && plain.len() != CHUNK_SIZE {
                return Err(corrupt(format!(
                    "attachment {id}: chunk {idx} is {} bytes, not a full chunk",
                    plain.len()
                )));
            }
            let from = start.saturating_sub(chunk_start) as usize;
            let to = ((end - chunk_start).min(plain.len() as u64)) as usize;
            if from >= to {
                return Err(corrupt(format!("attachment {id}: chunk {idx} is shorter than the recorded size")));
            }
            out.extend_from_slice(&plain[from..to]);
            expected += 1;
        }
        if expected != last + 1 || out.len() as u64 != len {
            return Err(corrupt(format!("attachment {id}: the chunks for bytes {start} to {end} are not all present")));
        }
        Ok(out)
    }
}
