//! Opening a pack for reading: a plain ZIP, an advocate pack encrypted with age (read
//! through the decrypting stream, which can seek, so nothing decrypted touches the disk), or
//! an advocate page (the same age file inside a web page, `format::advocate`: taken out and
//! checked against the page's digest first, then read the same way).

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

use casebook_crypto::Passphrase;
use zip::ZipArchive;

use crate::format::advocate;

/// The first bytes of every age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// The most files a pack may hold: the nine fixed files and up to 49,991 exhibits. A ZIP
/// that says it holds more is refused before its directory is read (each directory entry
/// costs memory, so the limit bounds it).
pub const MAX_FILES: u64 = 50_000;

/// The scrypt work factor (log2 of N) Casebook encrypts advocate packs with, and the most it
/// will spend opening one: 2^18 takes 256 MiB and well under a second. A header asking for
/// more is refused before any work is done.
pub const PACK_SCRYPT_LOG_N: u8 = 18;

/// What opens an encrypted pack: the passphrase an advocate pack was made with, or the
/// identity (age X25519 secret key) of the recipient whose card it was made for.
#[derive(Clone, Copy)]
pub enum PackKey<'a> {
    /// Nothing given.
    None,
    /// A passphrase (scrypt).
    Passphrase(&'a Passphrase),
    /// A recipient's identity (X25519).
    Identity(&'a age::x25519::Identity),
}

impl std::fmt::Debug for PackKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PackKey::None => "PackKey::None",
            PackKey::Passphrase(_) => "PackKey::Passphrase(..)",
            PackKey::Identity(_) => "PackKey::Identity(..)",
        })
    }
}

impl<'a> From<Option<&'a Passphrase>> for PackKey<'a> {
    fn from(p: Option<&'a Passphrase>) -> Self {
        p.map_or(PackKey::None, PackKey::Passphrase)
    }
}

/// Anything a ZIP can be read from.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// Why a pack could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Io(#[from] std::io::Error),
    /// It is not a ZIP (nor an encrypted pack).
    #[error("this is not a Casebook pack (not a ZIP file{0})")]
    NotAZip(String),
    /// It is encrypted and no passphrase was given.
    #[error("this pack is encrypted; it opens with the passphrase it was made with")]
    NeedsPassphrase,
    /// The passphrase does not open it.
    #[error("that passphrase does not open this pack")]
    WrongPassphrase,
    /// Encrypted to a recipient's key, and no identity was given.
    #[error("this pack is encrypted to a recipient's key; it opens with that recipient's identity file")]
    NeedsIdentity,
    /// Encrypted to another recipient's key than the identity given.
    #[error("this pack was made for another recipient's key, not the one in this identity file; nothing was decrypted")]
    WrongIdentity,
    /// Built to exhaust or mislead a checker; refused unread (the sentence says how).
    #[error("{0}")]
    Refused(String),
    /// An advocate page whose encrypted pack is missing, cut short, or does not match the
    /// page's own digest of it: refused before any decryption.
    #[error("{0}")]
    DamagedPage(String),
}

/// An opened pack: its files, read on demand.
pub struct Pack {
    pub(crate) zip: ZipArchive<Box<dyn ReadSeek>>,
    /// Whether it was age-encrypted.
    pub encrypted: bool,
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pack").field("files", &self.zip.len()).field("encrypted", &self.encrypted).finish()
    }
}

/// Whether the file at `path` is an encrypted (advocate) pack: an age file, or an advocate
/// page carrying one.
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    Ok(kind_of(path)? != Kind::Zip)
}

/// Whether the file at `path` is a pack encrypted to a recipient's key (a recipient card), which
/// opens with an identity file and never with a passphrase: so a front end does not ask for one.
pub fn is_locked_to_key(path: &Path) -> std::io::Result<bool> {
    if kind_of(path)? != Kind::Age {
        return Ok(false); // a ZIP, or an advocate page (always a passphrase)
    }
    Ok(age::Decryptor::new(BufReader::new(File::open(path)?)).is_ok_and(|d| !d.is_scrypt()))
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Age,
    Page,
}

fn kind_of(path: &Path) -> std::io::Result<Kind> {
    let mut head = [0u8; advocate::HEAD_BYTES];
    let mut f = File::open(path)?;
    let n = read_up_to(&mut f, &mut head)?;
    Ok(if head[..n].starts_with(AGE_MAGIC) {
        Kind::Age
    } else if advocate::is_advocate_page(&head[..n]) {
        Kind::Page
    } else {
        Kind::Zip
    })
}

impl Pack {
    /// Opens the pack at `path`, decrypting it with `passphrase` if it is encrypted.
    pub fn open(path: &Path, passphrase: Option<&Passphrase>) -> Result<Pack, OpenError> {
        Self::open_with(path, passphrase.into())
    }

    /// Opens the pack at `path`, decrypting it with `key` if it is encrypted (with a
    /// passphrase, or to a recipient's key).
    pub fn open_with(path: &Path, passphrase: PackKey<'_>) -> Result<Pack, OpenError> {
        match kind_of(path)? {
            Kind::Zip => Self::from_reader(Box::new(BufReader::new(File::open(path)?)), false),
            Kind::Age => Self::decrypt(Box::new(BufReader::new(File::open(path)?)), passphrase),
            Kind::Page => {
                // The page's digest is checked before the passphrase is asked about: a damaged
                // page says so, whatever passphrase was typed.
                let (payload, _) =
                    advocate::read_payload(&mut BufReader::new(File::open(path)?)).map_err(|e| match e {
                        advocate::PayloadError::Io(e) => OpenError::Io(e),
                        other => OpenError::DamagedPage(other.to_string()),
                    })?;
                Self::decrypt(Box::new(Cursor::new(payload)), passphrase)
            }
        }
    }

    /// Opens an age-encrypted pack read from `file`.
    fn decrypt(file: Box<dyn ReadSeek>, key: PackKey<'_>) -> Result<Pack, OpenError> {
        let decryptor = age::Decryptor::new(file)
            .map_err(|e| OpenError::NotAZip(format!(": the encryption header is damaged ({e})")))?;
        if !decryptor.is_scrypt() {
            // Encrypted to a recipient's key (a recipient card), not with a passphrase.
            let PackKey::Identity(identity) = key else { return Err(OpenError::NeedsIdentity) };
            let reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => OpenError::WrongIdentity,
                other => OpenError::NotAZip(format!(": {other}")),
            })?;
            return Self::from_reader(Box::new(reader), true);
        }
        {
            let PackKey::Passphrase(passphrase) = key else { return Err(OpenError::NeedsPassphrase) };
            let mut identity =
                age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.expose_secret().to_owned()));
            identity.set_max_work_factor(PACK_SCRYPT_LOG_N);
            let reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
                age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => OpenError::WrongPassphrase,
                age::DecryptError::ExcessiveWork { required, .. } => OpenError::Refused(format!(
                    "this encrypted pack demands 2^{required} scrypt work to open, more than Casebook ever uses \
                     (2^{PACK_SCRYPT_LOG_N}): refused, nothing was decrypted"
                )),
                other => OpenError::NotAZip(format!(": {other}")),
            })?;
            Self::from_reader(Box::new(reader), true)
        }
    }

    /// Opens a pack from any seekable reader (a plain ZIP). Refuses, with one sentence, a ZIP
    /// built to exhaust or mislead a checker (see [`super::hostile`]).
    pub fn from_reader(mut reader: Box<dyn ReadSeek>, encrypted: bool) -> Result<Pack, OpenError> {
        super::hostile::refuse_too_many(&mut reader)?;
        let mut zip = ZipArchive::new(reader).map_err(|e| match e {
            zip::result::ZipError::Io(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
                if encrypted {
                    OpenError::NotAZip(format!(": {e}"))
                } else {
                    OpenError::Io(e)
                }
            }
            other => OpenError::NotAZip(format!(": {other}")),
        })?;
        super::hostile::refuse_misleading(&mut zip)?;
        Ok(Pack { zip, encrypted })
    }

    /// The whole ZIP (decrypted, for an encrypted pack) copied to `out`: what the advocate
    /// page's "Save the pack (.zip)" gives.
    pub fn copy_zip_to(self, out: &mut dyn Write) -> std::io::Result<u64> {
        let mut reader = self.zip.into_inner();
        reader.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut reader, out)
    }

    /// Every file name, in the order stored.
    pub fn names(&self) -> Vec<String> {
        (0..self.zip.len()).filter_map(|i| self.zip.name_for_index(i)?.ok().map(|n| n.into_owned())).collect()
    }

    /// Copies one file's bytes to `out`. Read only: nothing in the pack changes.
    pub fn copy_to(&mut self, name: &str, out: &mut dyn Write) -> std::io::Result<u64> {
        let mut f =
            self.zip.by_name(name).map_err(|e| std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string()))?;
        std::io::copy(&mut f, out)
    }

    /// One file's bytes, refusing files larger than `limit`.
    pub fn read(&mut self, name: &str, limit: u64) -> std::io::Result<Vec<u8>> {
        let f = self.zip.by_name(name).map_err(|e| std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string()))?;
        if f.size() > limit {
            return Err(std::io::Error::other(format!("{name} is larger than {limit} bytes")));
        }
        let mut out = Vec::with_capacity(f.size() as usize);
        f.take(limit + 1).read_to_end(&mut out)?;
        Ok(out)
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
