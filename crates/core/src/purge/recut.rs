//! Re-cutting an export file without one item: the item's bytes become spaces where they
//! were (its line ends kept), so every other byte keeps its offset and every other entry's
//! excerpt still cuts and verifies at the span its record committed to. In a chat .zip the
//! chat text is blanked the same way and the item's media files are left out; the other
//! files in the .zip are copied as they were (offsets inside a .zip member do not depend on
//! the others).
//!
//! The file is held in memory (zeroed when dropped), up to [`MAX_RECUT_BYTES`]; a larger
//! one goes whole.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use casebook_crypto::{Sha256, hash::Digest};
use zeroize::Zeroizing;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::HeldSource;
use crate::diary::{EntryId, entry_row};
use crate::error::Result;
use crate::model::SourceSpan;
use crate::vault::Vault;

/// The largest export file re-cut (it is held in memory while it is).
pub(crate) const MAX_RECUT_BYTES: u64 = 512 * 1024 * 1024;

/// Why the file cannot be re-cut without entry `id`'s item, or `None` when it can. Reads
/// only records and the index, not the file.
pub(super) fn why_not(v: &Vault, id: EntryId, held: &HeldSource) -> Result<Option<String>> {
    let spans = v.spans_of(id)?;
    let why = if spans.is_empty() {
        "its record does not say where in the file the item is (the file had to be converted to be read, or was \
         imported before that was recorded)"
    } else if held.size > MAX_RECUT_BYTES {
        "the file is too large to re-cut"
    } else if spans.iter().any(|s| s.member.is_none() && s.start == 0 && s.end == held.size) {
        "the file holds only this item"
    } else if entry_row(&v.conn, held.record_entry_id)?.retract_seq.is_some() {
        "the entry it is attached to was retracted, so a re-cut copy cannot be attached in its place"
    } else {
        return Ok(None);
    };
    Ok(Some(why.to_owned()))
}

/// The file without entry `id`'s item, or why that could not be made (the item is not
/// where its record says: the file goes whole then).
pub(super) fn recut(
    v: &Vault,
    id: EntryId,
    held: &HeldSource,
) -> Result<std::result::Result<Zeroizing<Vec<u8>>, String>> {
    let spans = v.spans_of(id)?;
    let mut whole = Zeroizing::new(Vec::with_capacity(held.size as usize));
    v.read_attachment(held.attachment_id, &mut *whole)?;
    let (direct, in_zip): (Vec<&SourceSpan>, Vec<&SourceSpan>) = spans.iter().partition(|s| s.member.is_none());
    if !direct.is_empty()
        && let Err(why) = blank(&mut whole, &direct)
    {
        return Ok(Err(why));
    }
    if in_zip.is_empty() && held.media_type != "application/zip" {
        return Ok(Ok(whole));
    }
    let media: Vec<String> = v.attachments_of(id)?.into_iter().map(|a| a.meta.original_name).collect();
    Ok(rezip(&whole, &in_zip, &media))
}

/// Blanks each span in `bytes` after checking it holds what its record committed to.
fn blank(bytes: &mut [u8], spans: &[&SourceSpan]) -> std::result::Result<(), String> {
    for span in spans {
        let range = bytes.get(span.start as usize..span.end as usize).ok_or_else(misplaced)?;
        if hex::encode(Sha256::digest(range)) != span.sha256 {
            return Err(misplaced());
        }
    }
    for span in spans {
        for b in &mut bytes[span.start as usize..span.end as usize] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    Ok(())
}

fn misplaced() -> String {
    "the item is not where its record says in the file".to_owned()
}

/// The .zip again, with the spans blanked in their members and the `media` files left out.
fn rezip(whole: &[u8], spans: &[&SourceSpan], media: &[String]) -> std::result::Result<Zeroizing<Vec<u8>>, String> {
    let unreadable = |_| "the .zip file cannot be read to re-cut it".to_owned();
    let mut by_member: BTreeMap<&str, Vec<&SourceSpan>> = BTreeMap::new();
    for s in spans {
        by_member.entry(s.member.as_deref().unwrap_or_default()).or_default().push(s);
    }
    let mut archive = ZipArchive::new(Cursor::new(whole)).map_err(unreadable)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(whole.len())));
    for i in 0..archive.len() {
        let (name, method) = {
            let file = archive.by_index_raw(i).map_err(unreadable)?;
            (file.name().map_err(unreadable)?.into_owned(), file.compression())
        };
        let base = name.rsplit('/').next().unwrap_or(&name);
        if media.iter().any(|m| m == &name || m == base) {
            continue;
        }
        match by_member.remove(name.as_str()) {
            Some(member_spans) => {
                let mut data = Zeroizing::new(Vec::new());
                archive
                    .by_index(i)
                    .map_err(unreadable)?
                    .take(MAX_RECUT_BYTES)
                    .read_to_end(&mut data)
                    .map_err(|_| "the .zip file cannot be read to re-cut it".to_owned())?;
                blank(&mut data, &member_spans)?;
                let method = if method == CompressionMethod::Stored { method } else { CompressionMethod::Deflated };
                out.start_file(name, SimpleFileOptions::default().compression_method(method))
                    .and_then(|()| out.write_all(&data).map_err(Into::into))
                    .map_err(|_| "the re-cut .zip could not be written".to_owned())?;
            }
            None => {
                let file = archive.by_index_raw(i).map_err(unreadable)?;
                out.raw_copy_file(file).map_err(|_| "the re-cut .zip could not be written".to_owned())?;
            }
        }
    }
    if !by_member.is_empty() {
        return Err(misplaced());
    }
    let bytes = out.finish().map_err(|_| "the re-cut .zip could not be written".to_owned())?.into_inner();
    Ok(Zeroizing::new(bytes))
}
