//! Reading an export zip (WhatsApp, Telegram, X) without trusting it: every name is checked (no `../`, no
//! absolute or drive paths), sizes and compression ratios are capped before anything is
//! decompressed, and every read is cut off at the size the zip declared, so a header that
//! lies about its size cannot expand past the caps either.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use zip::ZipArchive;

use super::ImportError;

/// The most a zip may expand to, all files together.
pub(crate) const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// The most files a zip may hold.
pub(crate) const MAX_FILES: usize = 100_000;
/// The highest compression ratio accepted for a file larger than [`RATIO_FLOOR`]. Text
/// compresses about 5:1 and media hardly at all; bombs reach 1000:1.
pub(crate) const MAX_RATIO: u64 = 100;
const RATIO_FLOOR: u64 = 1024 * 1024;
/// The largest chat text read into memory (years of daily messages are a few tens of MB).
pub(crate) const MAX_CHAT_BYTES: u64 = 128 * 1024 * 1024;

/// An opened, checked zip.
pub(crate) struct SafeZip {
    archive: ZipArchive<File>,
    /// Index of the chat text, if there is one.
    chat: Option<usize>,
    /// Files by their name without folders (what the chat text refers to).
    by_name: HashMap<String, (usize, u64)>,
    /// Every file's full name (with its folders), checked, in the zip's order.
    names: Vec<String>,
}

impl SafeZip {
    /// Opens and checks the zip's directory; decompresses nothing.
    pub fn open(path: &Path) -> Result<SafeZip, ImportError> {
        let archive = ZipArchive::new(File::open(path)?).map_err(zip_error)?;
        if archive.len() > MAX_FILES {
            return Err(ImportError::ZipBomb { limit: MAX_FILES as u64, detail: "too many files".into() });
        }
        let mut archive = archive;
        let mut total: u64 = 0;
        let mut by_name = HashMap::new();
        let mut names = Vec::new();
        let mut texts: Vec<(usize, String)> = Vec::new();
        for i in 0..archive.len() {
            let file = archive.by_index_raw(i).map_err(zip_error)?;
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            if !is_safe_name(&name) || file.enclosed_name().is_none() {
                return Err(ImportError::UnsafeZipPath { name });
            }
            let (size, packed) = (file.size(), file.compressed_size());
            total = total.saturating_add(size);
            if total > MAX_TOTAL_BYTES {
                return Err(ImportError::ZipBomb { limit: MAX_TOTAL_BYTES, detail: "total size".into() });
            }
            if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
                return Err(ImportError::ZipBomb {
                    limit: packed.saturating_mul(MAX_RATIO),
                    detail: format!("{name:?} compresses more than {MAX_RATIO}:1"),
                });
            }
            if file.is_dir() {
                continue;
            }
            let base = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_owned();
            if base.to_ascii_lowercase().ends_with(".txt") {
                texts.push((i, base.clone()));
            }
            by_name.entry(base).or_insert((i, size));
            names.push(name);
        }
        let chat = pick_chat(&texts);
        Ok(SafeZip { archive, chat, by_name, names })
    }

    /// Whether the zip is a Casebook evidence pack: a signed `manifest.json` at its top.
    pub fn is_casebook_pack(&self) -> bool {
        use casebook_pack::format::names;
        self.archive.index_for_name(names::MANIFEST).is_some()
            && self.archive.index_for_name(names::SIGNATURE).is_some()
    }

    /// Whether the zip holds a chat text.
    pub fn has_chat(&self) -> bool {
        self.chat.is_some()
    }

    /// The chat text's full name inside the zip (with any folders), as a reader of the zip
    /// finds it.
    pub fn chat_name(&mut self) -> Option<String> {
        let index = self.chat?;
        let file = self.archive.by_index_raw(index).ok()?;
        Some(String::from_utf8_lossy(file.name_raw()).into_owned())
    }

    /// The chat text's bytes.
    pub fn read_chat(&mut self) -> Result<Vec<u8>, ImportError> {
        let Some(index) = self.chat else {
            return Err(ImportError::WrongFormat { expected: super::ImportFormat::WhatsAppChat, found: None });
        };
        let file = self.archive.by_index(index).map_err(zip_error)?;
        let declared = file.size();
        if declared > MAX_CHAT_BYTES {
            return Err(ImportError::TooLarge { what: "the chat text".into(), limit: MAX_CHAT_BYTES });
        }
        let mut out = Vec::with_capacity(declared as usize);
        Capped { inner: file, left: declared }.read_to_end(&mut out).map_err(|e| bomb_or_io(e, declared))?;
        Ok(out)
    }

    /// Whether the zip holds a file of this name (without folders).
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The names of the files in the zip, with their folders.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Whether the zip holds a file of this full name (with its folders).
    pub fn has_member(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// A reader over the file of this full name (with its folders), cut off at its declared size.
    pub fn open_member(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        let Some(index) = self.archive.index_for_name(name) else { return Ok(None) };
        let file = self.archive.by_index(index).map_err(zip_error)?;
        let size = file.size();
        Ok(Some(Box::new(Capped { inner: file, left: size })))
    }

    /// The bytes of the file of this full name, refused if it declares more than `limit`.
    pub fn read_member(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, ImportError> {
        let Some(index) = self.archive.index_for_name(name) else { return Ok(Vec::new()) };
        let file = self.archive.by_index(index).map_err(zip_error)?;
        let declared = file.size();
        if declared > limit {
            return Err(ImportError::TooLarge { what: format!("{name} in the zip"), limit });
        }
        let mut out = Vec::with_capacity(declared as usize);
        Capped { inner: file, left: declared }.read_to_end(&mut out).map_err(|e| bomb_or_io(e, declared))?;
        Ok(out)
    }

    /// A reader over the named file (by its name without folders).
    pub fn open_file(&mut self, name: &str) -> Result<Option<Box<dyn Read + '_>>, ImportError> {
        let Some(&(index, size)) = self.by_name.get(name) else { return Ok(None) };
        let file = self.archive.by_index(index).map_err(zip_error)?;
        Ok(Some(Box::new(Capped { inner: file, left: size })))
    }
}

/// `_chat.txt` (iPhone), else `WhatsApp Chat with X.txt` / `WhatsApp Chat - X.txt`
/// (Android, and the localised names), else the only text file.
fn pick_chat(texts: &[(usize, String)]) -> Option<usize> {
    if let Some((i, _)) = texts.iter().find(|(_, n)| n == "_chat.txt") {
        return Some(*i);
    }
    if let Some((i, _)) = texts.iter().find(|(_, n)| n.starts_with("WhatsApp")) {
        return Some(*i);
    }
    match texts {
        [(i, _)] => Some(*i),
        _ => None,
    }
}

/// No absolute paths, drive letters, `..` components or NUL bytes.
fn is_safe_name(name: &str) -> bool {
    !(name.is_empty()
        || name.starts_with(['/', '\\'])
        || name.as_bytes().get(1) == Some(&b':')
        || name.contains('\0')
        || name.split(['/', '\\']).any(|part| part == ".."))
}

/// Stops a reader at the size the zip declared: more bytes mean the header lied.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One probe byte: anything beyond the declared size is refused.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(io::ErrorKind::InvalidData, "a file in the zip is larger than it declares")),
            };
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

fn bomb_or_io(err: io::Error, declared: u64) -> ImportError {
    if err.kind() == io::ErrorKind::InvalidData {
        ImportError::ZipBomb { limit: declared, detail: "a file expands beyond its declared size".into() }
    } else {
        ImportError::Io(err)
    }
}

fn zip_error(err: zip::result::ZipError) -> ImportError {
    match err {
        zip::result::ZipError::Io(e) => ImportError::Io(e),
        other => ImportError::DamagedZip { detail: other.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_escape_are_unsafe() {
        for bad in ["../x.jpg", "a/../../x", "/etc/passwd", "\\x", "C:\\x", "a\\..\\..\\b", "x\0y"] {
            assert!(!is_safe_name(bad), "{bad}");
        }
        for good in ["_chat.txt", "media/IMG-20260301-WA0001.jpg", "a..b.txt"] {
            assert!(is_safe_name(good), "{good}");
        }
    }
}
