//! Reading a file one chunk at a time into a buffer that is reused from chunk to chunk.
//!
//! The raw pipeline an attach is measured against reads into one buffer; reading each chunk
//! into a new zeroed megabyte and wiping it afterwards cost an attach a zeroed allocation and
//! a wipe per chunk besides. The attach pipeline (`pipeline.rs`) hands the same few buffers
//! round for the whole file; they are wiped when dropped.

use std::io::Read;

use zeroize::Zeroizing;

use super::CHUNK_SIZE;
use crate::error::Result;

/// Reads up to one chunk into `buf` (resized to what was read), retrying short reads (pipes
/// deliver less than asked). The buffer never grows past one chunk, so it never moves.
pub(super) fn fill(reader: &mut dyn Read, buf: &mut Zeroizing<Vec<u8>>) -> Result<usize> {
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
