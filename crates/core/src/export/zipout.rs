//! Writing the pack's ZIP: every entry Stored (media does not compress, and a Stored file can
//! be checked without inflating it), one fixed timestamp, fixed permissions, streamed straight
//! to the output with data descriptors (no seeking back), hashing every byte on the way.

use std::collections::BTreeMap;
use std::io::{self, Write};

use casebook_crypto::{Sha256, hash::Digest};
use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

use super::format::FileDigest;

/// A writer that hashes and counts everything passing through it.
pub(crate) struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self { inner, hasher: Sha256::new(), bytes: 0 }
    }

    /// The inner writer, the SHA-256 (hex) and the byte count.
    pub fn finish(self) -> (W, String, u64) {
        (self.inner, hex::encode(self.hasher.finalize()), self.bytes)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The ZIP being written.
pub(crate) struct PackWriter<W: Write> {
    zip: ZipWriter<StreamWriter<HashingWriter<W>>>,
    options: SimpleFileOptions,
    /// Digest of every file written so far.
    pub files: BTreeMap<String, FileDigest>,
}

impl<W: Write> PackWriter<W> {
    /// Starts a pack whose entries all carry `time` (the export time, UTC).
    pub fn new(out: W, time: DateTime<Utc>) -> Self {
        Self {
            zip: ZipWriter::new_stream(HashingWriter::new(out)),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .last_modified_time(zip_time(time))
                .unix_permissions(0o644)
                .large_file(false),
            files: BTreeMap::new(),
        }
    }

    /// Adds a file from memory.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> io::Result<FileDigest> {
        self.add_with(name, |w| w.write_all(bytes))
    }

    /// Adds a file whose bytes `write` produces (streamed, never held whole).
    pub fn add_with<E: From<io::Error>>(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<FileDigest, E> {
        self.zip.start_file(name, self.options).map_err(zip_err)?;
        let mut entry = HashingWriter::new(&mut self.zip);
        write(&mut entry)?;
        let (_, sha256, size) = entry.finish();
        let digest = FileDigest { sha256, size };
        self.files.insert(name.to_owned(), digest.clone());
        Ok(digest)
    }

    /// Adds a file whose digest is already known and is checked by `write` itself (an
    /// exhibit: the vault verifies its SHA-256 while decrypting), so it is not hashed twice.
    pub fn add_known<E: From<io::Error>>(
        &mut self,
        name: &str,
        digest: FileDigest,
        write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), E> {
        self.zip.start_file(name, self.options).map_err(zip_err)?;
        write(&mut self.zip)?;
        self.files.insert(name.to_owned(), digest);
        Ok(())
    }

    /// Finishes the ZIP: the inner writer, and the whole ZIP's SHA-256 (hex) and size.
    pub fn finish(self) -> io::Result<(W, String, u64)> {
        let stream = self.zip.finish().map_err(zip_err)?;
        Ok(stream.into_inner().finish())
    }
}

fn zip_err(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// The export time as a ZIP (MS-DOS) timestamp, clamped to the range it can hold.
fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let year = t.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second().min(58) as u8,
    )
    .unwrap_or_default()
}
