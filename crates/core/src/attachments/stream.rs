//! A file read as chunks into two buffers that are reused from chunk to chunk.
//!
//! The raw pipeline an attach is measured against reads into one buffer; reading each chunk
//! into a new zeroed megabyte and wiping it afterwards cost an attach a zeroed allocation and
//! a wipe per chunk besides. Here the two buffers (the chunk, and the one read ahead to learn
//! whether the chunk is the last) live for the whole file and are wiped once, when dropped.
//!
//! (Hashing and sealing on a second thread, overlapping SQLite's writes, was measured too and
//! was slower on the shared two-core machine: docs/FORMAT.md, "Attach speed".)

use std::io::Read;

use zeroize::Zeroizing;

use super::CHUNK_SIZE;
use crate::error::Result;

/// The file's chunks in order, each knowing whether it is the last (read one ahead, so a file
/// of exactly N chunks ends on a full chunk, and an empty file is one empty chunk).
pub(super) struct Chunks<'r> {
    reader: &'r mut dyn Read,
    current: Zeroizing<Vec<u8>>,
    ahead: Zeroizing<Vec<u8>>,
    /// Whether `ahead` holds the next chunk (read, not yet handed out).
    have_ahead: bool,
    index: u64,
    done: bool,
}

/// One chunk: its index, whether it is the last, its bytes (valid until the next call).
pub(super) struct Chunk<'a> {
    pub index: u64,
    pub last: bool,
    pub bytes: &'a [u8],
}

impl<'r> Chunks<'r> {
    pub fn new(reader: &'r mut dyn Read) -> Self {
        Self {
            reader,
            current: Zeroizing::new(vec![0u8; CHUNK_SIZE]),
            ahead: Zeroizing::new(vec![0u8; CHUNK_SIZE]),
            have_ahead: false,
            index: 0,
            done: false,
        }
    }

    /// The next chunk, or `None` after the last.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk<'_>>> {
        if self.done {
            return Ok(None);
        }
        if self.have_ahead {
            std::mem::swap(&mut self.current, &mut self.ahead);
        } else {
            fill(self.reader, &mut self.current)?;
        }
        let next_len = if self.current.len() == CHUNK_SIZE { fill(self.reader, &mut self.ahead)? } else { 0 };
        let last = next_len == 0;
        self.have_ahead = !last;
        self.done = last;
        let index = self.index;
        self.index += 1;
        Ok(Some(Chunk { index, last, bytes: &self.current }))
    }
}

/// Reads up to one chunk into `buf` (resized to what was read), retrying short reads (pipes
/// deliver less than asked). The buffer never grows past one chunk, so it never moves.
fn fill(reader: &mut dyn Read, buf: &mut Zeroizing<Vec<u8>>) -> Result<usize> {
    buf.resize(CHUNK_SIZE, 0);
    let mut filled = 0;
    while filled < CHUNK_SIZE {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    buf.truncate(filled);
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out at most 1000 bytes per read, as a pipe might.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn chunks_cover_the_file_in_order_and_only_the_last_says_so() {
        for size in [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 7] {
            let file: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            let mut reader = Trickle(&file);
            let mut chunks = Chunks::new(&mut reader);
            let mut joined = Vec::new();
            let mut lasts = Vec::new();
            while let Some(chunk) = chunks.next_chunk().unwrap() {
                assert_eq!(chunk.index as usize, lasts.len(), "size {size}");
                joined.extend_from_slice(chunk.bytes);
                lasts.push(chunk.last);
            }
            assert_eq!(joined, file, "size {size}");
            let expected = size.div_ceil(CHUNK_SIZE).max(1);
            assert_eq!(lasts.len(), expected, "size {size}: chunk count");
            assert!(lasts[..expected - 1].iter().all(|l| !l) && lasts[expected - 1], "size {size}: {lasts:?}");
        }
    }
}
