//! An attachment's chunks hashed and sealed on a second thread while this one reads the file
//! and SQLite stores the chunks sealed before (issue 11: attach ≥ 0.8× the raw pipeline).
//!
//! ```text
//!   this thread:   read k+1 ──▶ ┐            ┌──▶ INSERT chunk k (then k+1 …)
//!                               │ jobs (≤ 3) │ sealed (≤ 3)
//!   sealing thread:             └─▶ SHA-256, seal chunk k ─┘
//! ```
//!
//! At most [`IN_FLIGHT`] chunks are between reading and storing, each job carrying its own
//! plaintext and sealed buffers, which come back with it and are used again: memory stays at a
//! few megabytes whatever the file's size. Chunks are stored in order, every one in the
//! caller's transaction, so what is stored (and when it is committed) is the same as when one
//! thread did everything: a failure anywhere (a read, an insert, a full disk) ends both
//! threads and the caller's transaction rolls back. A file of one chunk (most photos and
//! every imported media file under 1 MiB) is done on this thread, with no second one started.

use std::io::Read;
use std::sync::mpsc::sync_channel;

use casebook_crypto::{Sha256, hash::Digest};
use zeroize::Zeroizing;

use super::{CHUNK_SIZE, MAX_ATTACHMENT_BYTES, MAX_PREVIEW_SOURCE_BYTES, sniff};
use crate::error::{Result, VaultError};
use crate::vault::seal::{Place, Sealer};

/// Chunks between reading and storing, at most (each a 1 MiB plaintext and its envelope).
pub(super) const IN_FLIGHT: usize = 3;

/// What the plaintext told the sealing side: its SHA-256, its media type (sniffed from the
/// first chunk), and for a raster image small enough to preview, its bytes.
#[derive(Default)]
pub(super) struct Digested {
    pub hasher: Sha256,
    pub media_type: String,
    pub preview: Option<Zeroizing<Vec<u8>>>,
    seen: u64,
}

impl Digested {
    /// Hashes one chunk (in order) and keeps it for the preview if wanted.
    fn take(&mut self, index: u64, bytes: &[u8]) {
        if index == 0 {
            self.media_type = sniff::media_type(bytes);
            if sniff::is_raster_image(&self.media_type) {
                self.preview = Some(Zeroizing::new(Vec::new()));
            }
        }
        self.seen += bytes.len() as u64;
        self.hasher.update(bytes);
        if let Some(buf) = self.preview.as_mut() {
            if self.seen <= MAX_PREVIEW_SOURCE_BYTES {
                buf.extend_from_slice(bytes);
            } else {
                self.preview = None;
            }
        }
    }
}

/// One chunk on its way: read, then hashed and sealed, then stored.
struct Job {
    index: u64,
    last: bool,
    plain: Zeroizing<Vec<u8>>,
    sealed: Vec<u8>,
}

/// The file, read one chunk at a time into buffers handed in (so they are reused), refusing
/// it as soon as it passes the size limit.
struct Source<'r> {
    reader: &'r mut dyn Read,
    size: u64,
    name: &'r str,
}

impl Source<'_> {
    /// The next chunk in `buf`, or `None` (and `buf` back in `spare`) at the end of the file.
    fn next(
        &mut self,
        mut buf: Zeroizing<Vec<u8>>,
        spare: &mut Vec<Zeroizing<Vec<u8>>>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let n = super::stream::fill(self.reader, &mut buf)?;
        if n == 0 {
            spare.push(buf);
            return Ok(None);
        }
        self.size += n as u64;
        if self.size > MAX_ATTACHMENT_BYTES {
            return Err(VaultError::TooLarge { what: format!("\"{}\"", self.name), limit: MAX_ATTACHMENT_BYTES });
        }
        Ok(Some(buf))
    }
}

/// Reads `reader` to the end, seals every chunk for attachment `id` and hands each envelope to
/// `store` in chunk order; returns what the plaintext told, the size and the number of chunks.
pub(super) fn seal_chunks(
    reader: &mut dyn Read,
    sealer: &Sealer,
    id: i64,
    name: &str,
    mut store: impl FnMut(u64, &[u8]) -> Result<()>,
) -> Result<(Digested, u64, u64)> {
    let mut source = Source { reader, size: 0, name };
    let mut spare: Vec<Zeroizing<Vec<u8>>> = Vec::new();
    let new_buf = |spare: &mut Vec<Zeroizing<Vec<u8>>>| spare.pop().unwrap_or_else(|| Zeroizing::new(Vec::new()));
    // An empty file is one empty chunk.
    let first = source.next(new_buf(&mut spare), &mut spare)?.unwrap_or_else(|| Zeroizing::new(Vec::new()));
    let second = if first.len() == CHUNK_SIZE { source.next(new_buf(&mut spare), &mut spare)? } else { None };
    let Some(second) = second else {
        let mut digest = Digested::default();
        digest.take(0, &first);
        let mut sealed = Vec::new();
        sealer.seal_into(Place::chunk(id, 0, true), &first, &mut sealed);
        store(0, &sealed)?;
        return Ok((digest, source.size, 1));
    };

    std::thread::scope(|scope| {
        let (to_sealer, jobs) = sync_channel::<Job>(IN_FLIGHT);
        let (to_writer, sealed) = sync_channel::<Job>(IN_FLIGHT);
        let worker = scope.spawn(move || {
            let mut digest = Digested::default();
            for mut job in jobs {
                digest.take(job.index, &job.plain);
                sealer.seal_into(Place::chunk(id, job.index, job.last), &job.plain, &mut job.sealed);
                if to_writer.send(job).is_err() {
                    break; // the writer stopped (an error): nothing more is wanted
                }
            }
            digest
        });
        let written = (|| -> Result<u64> {
            let mut spare_sealed: Vec<Vec<u8>> = Vec::new();
            // `current` is read and not yet sent; `following` is the chunk after it (None: `current` is the last).
            let mut current = Some(first);
            let mut following = Some(second);
            let (mut index, mut in_flight) = (0u64, 0usize);
            loop {
                while in_flight < IN_FLIGHT {
                    let Some(plain) = current.take() else { break };
                    let last = following.is_none();
                    let after = match &following {
                        Some(f) if f.len() == CHUNK_SIZE => source.next(new_buf(&mut spare), &mut spare)?,
                        _ => None,
                    };
                    let job = Job { index, last, plain, sealed: spare_sealed.pop().unwrap_or_default() };
                    to_sealer.send(job).map_err(|_| sealing_stopped())?;
                    index += 1;
                    in_flight += 1;
                    current = following.take();
                    following = after;
                }
                if in_flight == 0 {
                    return Ok(index);
                }
                let job = sealed.recv().map_err(|_| sealing_stopped())?;
                store(job.index, &job.sealed)?;
                in_flight -= 1;
                spare.push(job.plain);
                spare_sealed.push(job.sealed);
            }
        })();
        // Ends the sealing thread whether or not it is waiting on either channel.
        drop(to_sealer);
        drop(sealed);
        let digest = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.map(|chunks| (digest, source.size, chunks))
    })
}

/// The sealing thread went away early: only by a panic, which `join` then passes on.
fn sealing_stopped() -> VaultError {
    VaultError::Io(std::io::Error::other("the attachment's sealing thread stopped"))
}

#[cfg(test)]
mod tests {
    use casebook_crypto::SecretKey;

    use super::*;
    use crate::attachments::stream::tests::Trickle;

    fn file(size: usize) -> Vec<u8> {
        (0..size).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn chunks_are_stored_in_order_each_opening_at_its_place_and_only_the_last_says_so() {
        let sealer = Sealer::new(SecretKey::generate(), [7; 16]);
        for size in [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 5 * CHUNK_SIZE + 7] {
            let file = file(size);
            let mut stored: Vec<(u64, Vec<u8>)> = Vec::new();
            let (digest, read, count) = seal_chunks(&mut Trickle(&file), &sealer, 9, "f", |index, sealed| {
                stored.push((index, sealed.to_vec()));
                Ok(())
            })
            .unwrap();
            let expected = size.div_ceil(CHUNK_SIZE).max(1);
            assert_eq!((read as usize, count as usize, stored.len()), (size, expected, expected), "size {size}");
            let mut joined = Vec::new();
            for (n, (index, sealed)) in stored.iter().enumerate() {
                assert_eq!(*index as usize, n, "size {size}: stored out of order");
                let last = n == expected - 1;
                let plain = sealer.open(Place::chunk(9, *index, last), sealed).unwrap();
                assert!(sealer.open(Place::chunk(9, *index, !last), sealed).is_err(), "size {size}: last flag");
                joined.extend_from_slice(&plain);
            }
            assert_eq!(joined, file, "size {size}");
            assert_eq!(digest.hasher.finalize()[..], Sha256::digest(&file)[..], "size {size}");
        }
    }

    #[test]
    fn a_failed_store_stops_reading_and_sealing_and_is_returned() {
        let sealer = Sealer::new(SecretKey::generate(), [7; 16]);
        let file = file(20 * CHUNK_SIZE);
        let mut reader = &file[..];
        let mut calls = 0;
        let err = seal_chunks(&mut reader, &sealer, 1, "f", |index, _| {
            calls += 1;
            if index == 2 { Err(VaultError::DiskFull) } else { Ok(()) }
        })
        .map(|_| ())
        .unwrap_err();
        assert!(matches!(err, VaultError::DiskFull), "{err:?}");
        assert_eq!(calls, 3, "nothing is stored after the failure");
        // Reading stopped a few chunks ahead of the failure, not at the end of the file.
        let read = file.len() - reader.len();
        assert!(read <= (3 + 2 * IN_FLIGHT + 1) * CHUNK_SIZE, "read {read} bytes of {}", file.len());
    }
}
