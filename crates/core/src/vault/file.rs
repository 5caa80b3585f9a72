//! Recognising a vault file before SQLite touches it, and opening it with the settings
//! evidence needs.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, VaultError};

/// SQLite `application_id` marking a Casebook vault ("CBKV"). Checked from the raw header,
/// so a foreign file is refused without SQLite opening it for writing.
pub(crate) const APPLICATION_ID: u32 = 0x4342_4B56;

/// Refuses anything that is not a Casebook vault: a missing file, an empty or foreign file,
/// or a plain SQLite database.
pub(crate) fn check_header(path: &Path) -> Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VaultError::NotFound(path.to_owned()));
        }
        Err(e) => return Err(e.into()),
    };
    let mut header = [0u8; 100];
    if file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(VaultError::NotAVault(path.to_owned()));
    }
    let app_id = u32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if app_id != APPLICATION_ID {
        return Err(VaultError::NotAVault(path.to_owned()));
    }
    Ok(())
}

/// Opens an existing file read-write without ever creating one. Sets only settings that do
/// not write to the file, so a failed unlock leaves it byte-identical.
pub(crate) fn open_existing(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    Ok(conn)
}

/// Per-connection settings: durable commits, wait for other writers, zero freed pages, keep
/// temporary tables in memory (no temp files), do not trust schema-defined functions.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA trusted_schema = OFF;",
    )?;
    Ok(())
}

/// Fsyncs a directory so that a rename or a new file in it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
