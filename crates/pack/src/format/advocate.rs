//! The advocate pack as one web page (docs/FORMAT.md, "Advocate page"): an HTML file that
//! carries the age-encrypted pack ZIP inside it, ASCII-armored, with its own digest after it.
//!
//! ```text
//! <!doctype html> ... <meta name="casebook-format" content="casebook-advocate-html/1"> ...
//! <script type="application/octet-stream" id="casebook-payload">
//! -----BEGIN AGE ENCRYPTED FILE-----
//! (the age file, base64, 64 characters a line)
//! -----END AGE ENCRYPTED FILE-----
//! </script>
//! <script type="application/json" id="casebook-wrapper">{"format":...,"payload_bytes":...,"payload_sha256":...}</script>
//! <script>...</script> ... </html>
//! ```
//!
//! Armor, not raw base64, so that the payload cut out of the page with `sed` is a file `age
//! -d` reads as it is. The digest comes after the payload so the page can be written in one
//! pass (the digest is known only at the end); it covers the age file's bytes (the armor
//! decoded), which is also what the ledger's `export_made` record calls `encrypted_sha256`.
//! The digest catches a damaged or cut-short page before any decryption is attempted; it is
//! not a signature (whoever edits the payload can edit the digest): the signed manifest inside
//! is what proves the pack.

use std::io::{self, BufRead, Read, Write};

use base64::Engine;
use casebook_crypto::{Sha256, hash::Digest};
use serde::{Deserialize, Serialize};

/// This layout's name and version, in the page's `casebook-format` meta and its wrapper.
pub const ADVOCATE_HTML_FORMAT: &str = "casebook-advocate-html/1";
/// The meta element that marks a page as an advocate pack (within its first few hundred bytes).
pub const FORMAT_META: &str = "<meta name=\"casebook-format\" content=\"casebook-advocate-html/1\">";
/// Opens the element holding the armored age file.
pub const PAYLOAD_OPEN: &str = "<script type=\"application/octet-stream\" id=\"casebook-payload\">";
/// Opens the element holding the [`Wrapper`] JSON.
pub const WRAPPER_OPEN: &str = "<script type=\"application/json\" id=\"casebook-wrapper\">";
/// age's armor lines (age-encryption.org/v1, "ASCII armor").
pub const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
/// The armor's last line.
pub const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";
/// How far into the file [`FORMAT_META`] must appear for the file to be taken as a page.
pub const HEAD_BYTES: usize = 1024;

/// What the page says about its payload, written after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrapper {
    /// [`ADVOCATE_HTML_FORMAT`].
    pub format: String,
    /// The age file's size in bytes (the armor decoded).
    pub payload_bytes: u64,
    /// The age file's SHA-256, lowercase hex.
    pub payload_sha256: String,
}

/// The name an advocate page is saved under: `casebook-pack-for-advocate-2026-12-03.html`.
pub fn file_name(date: chrono::NaiveDate) -> String {
    format!("casebook-pack-for-advocate-{}.html", date.format("%Y-%m-%d"))
}

/// Whether `head` (the first bytes of a file) is an advocate page.
pub fn is_advocate_page(head: &[u8]) -> bool {
    let head = &head[..head.len().min(HEAD_BYTES)];
    head.windows(FORMAT_META.len()).any(|w| w == FORMAT_META.as_bytes())
}

/// Writes bytes as age armor: 48 bytes to a 64-character line, the last line shorter and
/// padded, exactly as `age -a` does (age's reader refuses anything else).
pub struct ArmorWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> ArmorWriter<W> {
    /// Starts the armor (writes its first line).
    pub fn new(mut inner: W) -> io::Result<Self> {
        inner.write_all(ARMOR_BEGIN.as_bytes())?;
        inner.write_all(b"\n")?;
        Ok(Self { inner, pending: Vec::with_capacity(48) })
    }

    fn line(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = base64::engine::general_purpose::STANDARD.encode(bytes);
        self.inner.write_all(text.as_bytes())?;
        self.inner.write_all(b"\n")
    }

    /// Writes the last line and the end marker; returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.line(&rest)?;
        }
        self.inner.write_all(ARMOR_END.as_bytes())?;
        self.inner.write_all(b"\n")?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for ArmorWriter<W> {
    fn write(&mut self, mut buf: &[u8]) -> io::Result<usize> {
        let n = buf.len();
        if !self.pending.is_empty() {
            let take = (48 - self.pending.len()).min(buf.len());
            self.pending.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
            if self.pending.len() == 48 {
                let full = std::mem::take(&mut self.pending);
                self.line(&full)?;
            }
        }
        let mut chunks = buf.chunks_exact(48);
        for c in &mut chunks {
            self.line(c)?;
        }
        self.pending.extend_from_slice(chunks.remainder());
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Why the payload could not be taken out of a page.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Io(#[from] io::Error),
    /// Something in the page's layout is missing or wrong (the sentence says what).
    #[error("this advocate pack is damaged: {0}; ask the person for a new copy")]
    Damaged(String),
}

/// The longest line a genuine page has outside the payload (its bundled scripts are each one
/// long line); a longer one is refused rather than read into memory whole.
const MAX_LINE: u64 = 4 << 20;

/// Takes the age file out of an advocate page and checks it against the page's own digest
/// and size. Reads the page once, line by line; the age file (still encrypted) is held in
/// memory.
pub fn read_payload(page: &mut dyn BufRead) -> Result<(Vec<u8>, Wrapper), PayloadError> {
    let damaged = |s: &str| PayloadError::Damaged(s.to_owned());
    let mut line = Vec::new();
    let mut next = |line: &mut Vec<u8>| -> Result<bool, PayloadError> {
        line.clear();
        let n = Read::take(&mut *page, MAX_LINE + 1).read_until(b'\n', line)?;
        if n as u64 > MAX_LINE {
            return Err(PayloadError::Damaged("a line is far longer than any the page has".into()));
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        Ok(n > 0)
    };
    // Up to the payload element, then the armor's first line right after it.
    loop {
        if !next(&mut line)? {
            return Err(damaged("the encrypted pack is missing from it"));
        }
        if line == PAYLOAD_OPEN.as_bytes() {
            break;
        }
    }
    if !next(&mut line)? || line != ARMOR_BEGIN.as_bytes() {
        return Err(damaged("the encrypted pack's first line is missing"));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut payload = Vec::new();
    let mut hasher = Sha256::new();
    let mut last = false;
    loop {
        if !next(&mut line)? {
            return Err(damaged("it ends part-way through the encrypted pack (cut short?)"));
        }
        if line == ARMOR_END.as_bytes() {
            break;
        }
        // Full lines of 64, one shorter last line: what age -d accepts, no more.
        if last || line.len() > 64 || line.is_empty() || line.len() % 4 != 0 {
            return Err(damaged("a line of the encrypted pack has the wrong length"));
        }
        last = line.len() < 64;
        let bytes =
            b64.decode(&line).map_err(|_| damaged("the encrypted pack holds a character that is not base64"))?;
        hasher.update(&bytes);
        payload.extend_from_slice(&bytes);
    }
    if !next(&mut line)? || line != b"</script>" {
        return Err(damaged("the encrypted pack's element is not closed"));
    }
    if !next(&mut line)? || !line.starts_with(WRAPPER_OPEN.as_bytes()) || !line.ends_with(b"</script>") {
        return Err(damaged("its digest of the encrypted pack is missing (cut short?)"));
    }
    let json = &line[WRAPPER_OPEN.len()..line.len() - b"</script>".len()];
    let wrapper: Wrapper =
        serde_json::from_slice(json).map_err(|_| damaged("its digest of the encrypted pack cannot be read"))?;
    if wrapper.format != ADVOCATE_HTML_FORMAT {
        return Err(PayloadError::Damaged(format!(
            "it says it is {:?}, a layout this version does not know",
            wrapper.format
        )));
    }
    if wrapper.payload_bytes != payload.len() as u64 || wrapper.payload_sha256 != hex::encode(hasher.finalize()) {
        return Err(damaged("the encrypted pack does not match the page's own digest of it (changed or damaged)"));
    }
    Ok((payload, wrapper))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn page(payload: &[u8]) -> Vec<u8> {
        let mut out = format!("<!doctype html>\n{FORMAT_META}\n{PAYLOAD_OPEN}\n").into_bytes();
        let mut w = ArmorWriter::new(&mut out).unwrap();
        // Odd-sized writes, so the 48-byte line buffer is crossed every way.
        for c in payload.chunks(7) {
            w.write_all(c).unwrap();
        }
        w.finish().unwrap();
        let wrapper = Wrapper {
            format: ADVOCATE_HTML_FORMAT.into(),
            payload_bytes: payload.len() as u64,
            payload_sha256: hex::encode(Sha256::digest(payload)),
        };
        out.extend(
            format!("</script>\n{WRAPPER_OPEN}{}</script>\n</html>\n", serde_json::to_string(&wrapper).unwrap())
                .bytes(),
        );
        out
    }

    #[test]
    fn payload_round_trips_at_every_length_around_a_line() {
        for n in [0usize, 1, 47, 48, 49, 95, 96, 97, 1000] {
            let payload: Vec<u8> = (0..n).map(|i| (i * 31 % 251) as u8).collect();
            let bytes = page(&payload);
            assert!(is_advocate_page(&bytes));
            let (got, _) = read_payload(&mut &bytes[..]).unwrap();
            assert_eq!(got, payload, "length {n}");
        }
    }

    #[test]
    fn armor_lines_are_64_characters_but_the_last() {
        let bytes = page(&[7u8; 200]);
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> =
            text.lines().skip_while(|l| *l != ARMOR_BEGIN).skip(1).take_while(|l| *l != ARMOR_END).collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[..4].iter().all(|l| l.len() == 64));
        assert_eq!(lines[4], base64::engine::general_purpose::STANDARD.encode([7u8; 8]));
    }

    #[test]
    fn a_changed_payload_character_is_refused_before_decryption() {
        let bytes = page(&[1u8; 500]);
        let at = bytes.windows(ARMOR_BEGIN.len()).position(|w| w == ARMOR_BEGIN.as_bytes()).unwrap() + 40;
        let mut changed = bytes.clone();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let err = read_payload(&mut &changed[..]).unwrap_err().to_string();
        assert!(err.contains("does not match the page's own digest"), "{err}");
    }

    #[test]
    fn a_page_cut_short_is_refused() {
        let bytes = page(&[1u8; 500]);
        for cut in [bytes.len() / 2, bytes.len() - 30] {
            let err = read_payload(&mut &bytes[..cut]).unwrap_err().to_string();
            assert!(err.contains("damaged"), "{err}");
        }
    }

    #[test]
    fn the_file_name_carries_the_date() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(file_name(d), "casebook-pack-for-advocate-2026-12-03.html");
    }
}
