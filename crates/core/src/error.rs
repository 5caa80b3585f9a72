use std::path::PathBuf;

use casebook_crypto::CryptoError;
use thiserror::Error;

/// Everything that can go wrong with a vault, worded for the person using it.
///
/// No variant carries plaintext from the vault: messages are safe to show and to log.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum VaultError {
    /// There is no vault at this path. Casebook never creates one when unlocking.
    #[error("no vault at {0}")]
    NotFound(PathBuf),
    /// A file already exists where a new vault was to be created; it is left untouched.
    #[error("a file already exists at {0}; it was left untouched")]
    AlreadyExists(PathBuf),
    /// The file exists but is not a Casebook vault (a foreign file, or a plain SQLite
    /// database). It is refused, never re-created or "repaired".
    #[error("{0} is not a Casebook vault; it was left untouched")]
    NotAVault(PathBuf),
    /// The vault was written by a newer Casebook (or its format number is not one any
    /// Casebook wrote). Refused before anything is written.
    #[error(
        "this vault needs a newer Casebook, one that reads vault format {found} (this one reads formats 1 to {supported}); nothing was changed"
    )]
    UnsupportedFormat {
        /// The vault's format version.
        found: i64,
        /// The newest format this build understands.
        supported: i64,
    },
    /// The vault's format is one this build reads, but a newer Casebook added to its schema
    /// (`user_version`). Refused before anything is written.
    #[error(
        "this vault was changed by a newer Casebook (schema {found}; this one knows up to {supported}); open it with that Casebook; nothing was changed"
    )]
    NewerSchema {
        /// The vault's schema version.
        found: i64,
        /// The newest schema this build makes.
        supported: i64,
    },
    /// The passphrase or recovery key does not open the vault. Nothing was changed.
    #[error("that passphrase does not open this vault")]
    WrongPassphrase,
    /// The vault's key slot uses Argon2id parameters below the floor (64 MiB, 3 passes).
    #[error("this vault's key protection is weaker than allowed (below 64 MiB, 3 passes); refusing to open it")]
    WeakKdf,
    /// A vault marked as a test vault (tiny, brute-forceable KDF). What people run never opens
    /// one, and says nothing about how a test build would.
    #[error("this vault is marked as a test vault with deliberately weak protection; Casebook refuses to open it")]
    InsecureTestVault,
    /// Another process holds the vault's write lock and did not let go in time.
    #[error("the vault is open elsewhere and busy; try again in a moment")]
    Busy,
    /// Stored data failed a check. `seq` names the first broken ledger record when known.
    #[error("the vault is damaged or was tampered with{}: {detail}", seq.map(|s| format!(" at record {s}")).unwrap_or_default())]
    Corrupt {
        /// The ledger sequence number of the first broken record, if the damage is in one.
        seq: Option<i64>,
        /// What was found, without plaintext.
        detail: String,
    },
    /// The request itself is not acceptable (an empty title, a bad date, an unknown kind).
    #[error("{0}")]
    InvalidInput(String),
    /// No entry with this number.
    #[error("there is no entry {0}")]
    UnknownEntry(i64),
    /// No order with this number.
    #[error("there is no order {0}")]
    UnknownOrder(i64),
    /// No effect with this number (`crate::effect`).
    #[error("there is no effect {0}")]
    UnknownEffect(i64),
    /// No attachment with this number.
    #[error("there is no attachment {0}")]
    UnknownAttachment(i64),
    /// The entry was purged; its content no longer exists.
    #[error("entry {0} was purged; its content no longer exists")]
    Purged(i64),
    /// An input exceeds a size limit; nothing was stored.
    #[error("{what} is larger than the limit of {limit} bytes; nothing was stored")]
    TooLarge {
        /// What was too large.
        what: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The disk (or the vault's size limit) is full. Nothing partial was stored; the vault
    /// still opens.
    #[error("the disk is full; nothing was saved, and the vault is unchanged")]
    DiskFull,
    /// The disk (or the file system under the vault) failed a read, write or flush: an
    /// input/output error from the device, or no space where SQLite could not tell it apart.
    /// SQLite's journal keeps the vault whole: it holds the state before the change or the
    /// whole change, never a part (the fault harness in crates/cli/tests/durability checks this).
    #[error(
        "the disk reported an error while the vault was being read or written; the last change may not \
         have been saved (the vault holds either the state before it or all of it, never a part)"
    )]
    Storage,
    /// A file could not be read or written.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// An unexpected database error.
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    /// A cryptographic failure outside a specific record.
    #[error("cryptographic failure: {0}")]
    Crypto(#[from] CryptoError),
}

impl From<rusqlite::Error> for VaultError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => VaultError::DiskFull,
            // SQLITE_IOERR_*: the OS refused a read, write, fsync or the shared-memory file.
            Some(ErrorCode::SystemIoFailure) => VaultError::Storage,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => VaultError::Busy,
            Some(ErrorCode::DatabaseCorrupt) => {
                VaultError::Corrupt { seq: None, detail: "the database file structure is damaged".into() }
            }
            _ => VaultError::Database(err),
        }
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = VaultError> = std::result::Result<T, E>;

/// An I/O error's own words without Rust's "(os error N)": the number means nothing to a
/// person reading the message ("Input/output error (os error 5)" -> "input/output error").
pub fn io_words(err: &std::io::Error) -> String {
    let text = err.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fault harness: a failed write or fsync reached people as "database error:
    /// disk I/O error". SQLite's I/O errors are now their own plain-words variant.
    #[test]
    fn sqlite_io_errors_become_storage_not_database_jargon() {
        for code in
            [rusqlite::ffi::SQLITE_IOERR_WRITE, rusqlite::ffi::SQLITE_IOERR_FSYNC, rusqlite::ffi::SQLITE_IOERR_SHMSIZE]
        {
            let err = VaultError::from(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None));
            assert!(matches!(err, VaultError::Storage), "{code}: {err:?}");
            assert!(!err.to_string().contains("database"), "{err}");
        }
        let full = VaultError::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        ));
        assert!(matches!(full, VaultError::DiskFull));
    }
}
