//! Refusing a file built to exhaust or mislead a checker, before the checks read it.
//!
//! A pack is a ZIP that Casebook writes one way only: Stored entries, one after another, each
//! name once, no links. Anything else is not damage but construction, so it is refused
//! ([`super::Verdict::Refused`], `casebook verify` exit 7) in one sentence, in bounded time and
//! memory, instead of being read:
//!
//! - more than [`MAX_FILES`] entries, or a directory over [`MAX_DIRECTORY_BYTES`] (both read from
//!   the end record, before the directory is read);
//! - two entries with the same name (a reader would see one of them and hash the other);
//! - a symbolic link;
//! - a compressed entry (a pack stores files; a compressed one could expand without bound);
//! - entries whose bytes overlap, lie outside the file, or are not in the order of the directory
//!   (one stored byte counted for two files).
//!
//! The total size needs no limit of its own: entries are stored and may not overlap, so the
//! checks read each byte of the file at most once.

use std::io::{Read, Seek, SeekFrom};

use zip::ZipArchive;

use super::pack::{MAX_FILES, OpenError, ReadSeek};

/// End of central directory record, and the ZIP64 ones.
const EOCD: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_EOCD: u32 = 0x0606_4b50;
/// The end record is 22 bytes plus a comment of at most 65,535.
const TAIL: u64 = 22 + 0xFFFF;
/// The most a pack's directory may take: [`MAX_FILES`] entries of about 1 KiB (a fixed 46
/// bytes, a short name, a ZIP64 field). Bounds the memory the directory is read into, since
/// each entry's name and fields may otherwise be up to 192 KiB.
pub const MAX_DIRECTORY_BYTES: u64 = 64 << 20;

fn refuse(sentence: String) -> OpenError {
    OpenError::Refused(sentence)
}

/// Refuses a ZIP whose end record says it holds more than [`MAX_FILES`] entries. A file with no
/// end record is left for the ZIP reader to call "not a pack".
pub(super) fn refuse_too_many(r: &mut Box<dyn ReadSeek>) -> Result<(), OpenError> {
    let len = r.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(TAIL);
    r.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    r.by_ref().take(len - start).read_to_end(&mut tail)?;
    r.seek(SeekFrom::Start(0))?;
    let Some(at) = (0..tail.len().saturating_sub(21)).rev().find(|&i| u32_at(&tail, i) == Some(EOCD)) else {
        return Ok(());
    };
    let mut count = u64::from(u16_at(&tail, at + 10).unwrap_or(0));
    let mut directory = u64::from(u32_at(&tail, at + 12).unwrap_or(0));
    // ZIP64: the real figures are in the ZIP64 end record, found through its locator.
    if at >= 20 && u32_at(&tail, at - 20) == Some(ZIP64_LOCATOR) {
        let offset = u64_at(&tail, at - 20 + 8).unwrap_or(u64::MAX);
        if offset < len {
            let mut rec = Vec::with_capacity(56);
            r.seek(SeekFrom::Start(offset))?;
            r.by_ref().take(56).read_to_end(&mut rec)?;
            r.seek(SeekFrom::Start(0))?;
            if u32_at(&rec, 0) == Some(ZIP64_EOCD) {
                count = u64_at(&rec, 32).unwrap_or(u64::MAX);
                directory = u64_at(&rec, 40).unwrap_or(u64::MAX);
            }
        }
    }
    if count > MAX_FILES {
        return Err(refuse(format!(
            "this file holds {count} entries; a Casebook pack holds at most {MAX_FILES}: refused unread"
        )));
    }
    if directory > MAX_DIRECTORY_BYTES {
        return Err(refuse(format!(
            "this file's directory takes {directory} bytes; a Casebook pack's takes at most {MAX_DIRECTORY_BYTES}: \
             refused unread"
        )));
    }
    Ok(())
}

/// Refuses duplicate names, symbolic links, compressed entries, and entries that overlap or
/// are out of order. Reads only the directory and each local header.
pub(super) fn refuse_misleading(zip: &mut ZipArchive<Box<dyn ReadSeek>>) -> Result<(), OpenError> {
    if zip.has_duplicate_names() {
        return Err(refuse(
            "two entries in this file have the same name: refused, as a reader would see only one".into(),
        ));
    }
    let mut end_of_previous = 0u64;
    for i in 0..zip.len() {
        let f =
            zip.by_index_raw(i).map_err(|e| OpenError::NotAZip(format!(": entry {} cannot be read ({e})", i + 1)))?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        if f.is_symlink() {
            return Err(refuse(format!("{name:?} is a symbolic link; a pack holds only files: refused")));
        }
        if f.compression() != zip::CompressionMethod::Stored || f.size() != f.compressed_size() {
            return Err(refuse(format!("{name:?} is compressed; a pack stores its files as they are: refused unread")));
        }
        let start = f.header_start();
        let end = f.data_start().unwrap_or(u64::MAX).saturating_add(f.compressed_size());
        if start < end_of_previous {
            return Err(refuse(format!(
                "{name:?} overlaps the entry before it, or is out of order: refused, one byte cannot belong to two files"
            )));
        }
        end_of_previous = end;
    }
    Ok(())
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}
