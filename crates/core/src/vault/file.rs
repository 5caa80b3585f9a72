//! Recognising a vault file before SQLite touches it, and opening it with the settings
//! evidence needs.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, VaultError};

/// SQLite `application_id` marking a Casebook vault ("CBKV"). Checked from the raw header,
/// so a foreign file is refused without SQLite opening it for writing.
pub(crate) const APPLICATION_ID: u32 = 0x4342_4B56;

/// SQLite page size of vaults this build creates: SQLite's default. Every commit writes each
/// page it changed to the WAL as a whole frame, so an add (four pages) writes 16 KiB here where
/// it wrote 256 KiB at the 64 KiB pages new vaults had before, and its durable commit costs
/// about what a bare SQLite commit of the same rows does (docs/FORMAT.md, "Journal modes").
/// Attachments, which the 64 KiB pages were chosen for, are written through the rollback
/// journal instead (`journal.rs`), where the page size matters little. Vaults made with
/// another page size (65536 or 8192, before this) open and work the same: nothing else
/// depends on it.
pub(crate) const NEW_VAULT_PAGE_SIZE: i64 = 4096;

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
    if file.read_exact(&mut header).is_err() || !is_vault_header(&header) {
        return Err(VaultError::NotAVault(path.to_owned()));
    }
    Ok(())
}

/// Whether a file's first bytes are a Casebook vault's: SQLite's magic and our
/// `application_id` (a backup of a vault is one too).
pub(crate) fn is_vault_header(head: &[u8]) -> bool {
    head.len() >= 72 && &head[..16] == b"SQLite format 3\0" && head[68..72] == APPLICATION_ID.to_be_bytes()
}

/// Opens an existing file read-write without ever creating one. Sets only settings that do
/// not write to the file, so a failed unlock leaves it byte-identical.
pub(crate) fn open_existing(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    Ok(conn)
}

/// Opens an existing file read-only, for the checks before unlocking. A read-only
/// connection never checkpoints a leftover WAL into the main file.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(super::journal::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Per-connection settings: durable commits, wait for other writers, zero freed pages, keep
/// temporary tables in memory (no temp files), do not trust schema-defined functions, and a
/// 16 MiB page cache (SQLite's default is 2 MiB): a large transaction (an import, an
/// attachment) otherwise spills pages to the WAL before the commit and reads them back. The
/// cache holds file pages, which are as encrypted as the file.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(super::journal::BUSY_TIMEOUT)?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA trusted_schema = OFF;
         PRAGMA cache_size = -16384;",
    )?;
    Ok(())
}

/// Creates `dir` (and parents) if missing; each folder Casebook creates is private (0700 on
/// Unix, owner-only on Windows: `newfile::create_private_folder`). An existing one is left as it is.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|p| !p.as_os_str().is_empty() && !p.exists()).collect();
    for folder in missing.iter().rev() {
        match crate::newfile::create_private_folder(folder) {
            // Made meanwhile by another process: as good as made here.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            made => made?,
        }
    }
    Ok(())
}
