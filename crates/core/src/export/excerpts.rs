//! Cutting each disclosed imported item's exact bytes out of the export file kept in the
//! vault: `excerpts/entry-<id>.txt`. The whole file (everyone else's messages too) stays
//! in the vault unless the person chooses to include it.
//!
//! Each export file is read once for all its excerpts, streamed (only the excerpts are
//! held); a ZIP export (a WhatsApp chat with media) is read into memory to reach the chat
//! file inside it. Every excerpt is checked against the SHA-256 its entry committed to
//! before it goes in.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use casebook_crypto::{Sha256, hash::Digest};
use zeroize::Zeroizing;

use super::plan::{Excerpt, Plan};
use super::zipout::PackWriter;
use super::{ExportError, FileDigest};
use crate::vault::Vault;

/// Excerpt bytes by entry id.
type Pieces = BTreeMap<i64, Zeroizing<Vec<u8>>>;

/// The largest ZIP export read into memory to cut a chat excerpt from.
const MAX_ZIP_SOURCE: u64 = 2 * 1024 * 1024 * 1024;

impl Vault {
    /// Adds every excerpt of `plan` to the pack, in entry order.
    pub(super) fn write_excerpts<W: Write>(&self, plan: &Plan, zip: &mut PackWriter<W>) -> Result<(), ExportError> {
        let mut by_source: BTreeMap<i64, Vec<&Excerpt>> = BTreeMap::new();
        for x in &plan.excerpts {
            by_source.entry(x.source_attachment_id).or_default().push(x);
        }
        let mut cut = Pieces::new();
        for (source, wanted) in by_source {
            let (direct, in_zip): (Vec<&Excerpt>, Vec<&Excerpt>) =
                wanted.into_iter().partition(|x| x.span.member.is_none());
            if !direct.is_empty() {
                let mut collector = Collector::new(&direct);
                self.read_attachment(source, &mut collector)?;
                cut.extend(collector.finish());
            }
            if !in_zip.is_empty() {
                cut.extend(self.cut_from_zip(source, &in_zip)?);
            }
        }
        for x in &plan.excerpts {
            let bytes = cut.get(&x.entry_id).ok_or_else(|| damaged(x))?;
            if bytes.len() as u64 != x.span.end - x.span.start
                || hex::encode(Sha256::digest(&bytes[..])) != x.span.sha256
            {
                return Err(damaged(x));
            }
            let digest = zip.add(&x.file(), bytes)?;
            debug_assert_eq!(digest, FileDigest { sha256: x.span.sha256.clone(), size: bytes.len() as u64 });
        }
        Ok(())
    }

    fn cut_from_zip(&self, source: i64, wanted: &[&Excerpt]) -> Result<Pieces, ExportError> {
        let size = self.attachment(source)?.meta.size;
        if size > MAX_ZIP_SOURCE {
            return Err(ExportError::SourceTooLarge);
        }
        let mut whole = Zeroizing::new(Vec::with_capacity(size as usize));
        self.read_attachment(source, &mut *whole)?;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&whole[..])).map_err(|_| damaged(wanted[0]))?;
        let mut members: BTreeMap<&str, Zeroizing<Vec<u8>>> = BTreeMap::new();
        let mut out = Pieces::new();
        for x in wanted {
            let name = x.span.member.as_deref().unwrap_or_default();
            if !members.contains_key(name) {
                let mut bytes = Zeroizing::new(Vec::new());
                archive
                    .by_name(name)
                    .map_err(|_| damaged(x))?
                    .take(MAX_ZIP_SOURCE)
                    .read_to_end(&mut bytes)
                    .map_err(|_| damaged(x))?;
                members.insert(name, bytes);
            }
            let member = &members[name];
            let piece = member.get(x.span.start as usize..x.span.end as usize).ok_or_else(|| damaged(x))?;
            out.insert(x.entry_id, Zeroizing::new(piece.to_vec()));
        }
        Ok(out)
    }
}

fn damaged(x: &Excerpt) -> ExportError {
    ExportError::ExcerptMismatch { entry_id: x.entry_id }
}

/// Receives an export file's bytes in order and keeps only the wanted ranges.
struct Collector {
    /// (start, end, entry) sorted by start.
    wanted: Vec<(u64, u64, i64)>,
    pieces: Pieces,
    offset: u64,
    /// The first wanted range not yet passed.
    next: usize,
}

impl Collector {
    fn new(wanted: &[&Excerpt]) -> Self {
        let mut wanted: Vec<(u64, u64, i64)> = wanted.iter().map(|x| (x.span.start, x.span.end, x.entry_id)).collect();
        wanted.sort_unstable();
        Collector { wanted, pieces: BTreeMap::new(), offset: 0, next: 0 }
    }

    fn finish(self) -> Pieces {
        self.pieces
    }
}

impl Write for Collector {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let (from, to) = (self.offset, self.offset + buf.len() as u64);
        while self.wanted.get(self.next).is_some_and(|w| w.1 <= from) {
            self.next += 1;
        }
        for &(start, end, entry) in self.wanted[self.next..].iter().take_while(|(start, ..)| *start < to) {
            if end <= from {
                continue;
            }
            let (a, b) = (start.max(from), end.min(to));
            self.pieces
                .entry(entry)
                .or_insert_with(|| Zeroizing::new(Vec::with_capacity((end - start) as usize)))
                .extend_from_slice(&buf[(a - from) as usize..(b - from) as usize]);
        }
        self.offset = to;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
