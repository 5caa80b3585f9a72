//! Reading a file one chunk at a time into a buffer that is reused from chunk to chunk.
//!
//! The raw pipeline an attach is measured against reads into one buffer; reading each chunk
//! into a new zeroed megabyte and wiping it afterwards cost an attach a zeroed allocation and
//! a wipe per chunk besides. The attach pipeline (`pipeline.rs`) hands the same few buffers
//! round for the whole file; they are wiped when dropped.
//!
//! A buffer starts at [`FIRST_READ`] bytes and grows fourfold each time the file fills it, up
//! to a whole chunk, so what is zeroed and wiped stays in proportion to the file: most imported
//! media are photos of a few hundred kilobytes or less, and zeroing, then wiping (byte by byte,
//! as `zeroize` must) a megabyte for a 50 KB photo was most of what storing it cost (issue 15:
//! an Instagram export's 5,000 photos took three quarters of its import). Growing never leaves
//! a copy behind unwiped: the bytes move to a new wiped-on-drop buffer and the old one is wiped
//! as it is dropped.

use std::io::Read;

use zeroize::Zeroizing;

use super::CHUNK_SIZE;
use crate::error::Result;

/// What a buffer holds before the file shows it is larger.
pub(super) const FIRST_READ: usize = 16 * 1024;

/// Reads up to one chunk into `buf` (resized to what was read), retrying short reads (pipes
/// deliver less than asked). The buffer never grows past one chunk.
pub(super) fn fill(reader: &mut dyn Read, buf: &mut Zeroizing<Vec<u8>>) -> Result<usize> {
    // A buffer used before keeps its room (a whole chunk, for a large file); a new one starts small.
    let room = buf.capacity().clamp(FIRST_READ, CHUNK_SIZE);
    buf.resize(room, 0);
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if filled == CHUNK_SIZE {
                break;
            }
            grow(buf, filled);
        }
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

/// Moves the `filled` bytes of `buf` into a buffer four times as large (at most a chunk); the
/// old one is wiped as it is dropped (`Vec::reserve` would leave the bytes it moved unwiped).
fn grow(buf: &mut Zeroizing<Vec<u8>>, filled: usize) {
    let room = (buf.len() * 4).clamp(FIRST_READ, CHUNK_SIZE);
    let mut bigger = Zeroizing::new(Vec::with_capacity(room));
    bigger.extend_from_slice(&buf[..filled]);
    bigger.resize(room, 0);
    *buf = bigger;
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Hands out at most 1000 bytes per read, as a pipe might (the pipeline's tests use it too).
    pub(in crate::attachments) struct Trickle<'a>(pub(in crate::attachments) &'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_small_file_is_read_into_a_small_buffer_and_a_large_one_chunk_by_chunk() {
        let file: Vec<u8> = (0..CHUNK_SIZE * 2 + 5).map(|i| (i * 13 % 251) as u8).collect();
        for size in [0, 12, FIRST_READ - 1, FIRST_READ, FIRST_READ + 1, CHUNK_SIZE, CHUNK_SIZE * 2 + 5] {
            let mut reader = Trickle(&file[..size]);
            let mut buf = Zeroizing::new(Vec::new());
            let mut got = Vec::new();
            loop {
                let n = fill(&mut reader, &mut buf).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(n, buf.len());
                assert!(buf.capacity() <= CHUNK_SIZE, "size {size}: the buffer grew past a chunk");
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf);
                if n < CHUNK_SIZE {
                    // A short chunk is the file's last.
                    assert_eq!(got.len(), size);
                }
            }
            assert_eq!(got, file[..size], "size {size}");
        }
        // A 12-byte photo does not cost a megabyte.
        let mut buf = Zeroizing::new(Vec::new());
        fill(&mut &file[..12], &mut buf).unwrap_or_else(|e| panic!("{e}"));
        assert!(buf.capacity() <= FIRST_READ, "{}", buf.capacity());
    }
}
