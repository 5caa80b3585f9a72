//! Which journal a write goes through. A vault lives in WAL mode, where an ordinary commit
//! (an add, an edit) writes each page it changed once to the WAL and fsyncs once: the cheapest
//! durable commit SQLite has, and a reader in another process is never blocked. A bulk write
//! (an attachment of many megabytes) is the opposite case: in WAL mode every one of its pages is
//! written twice, to the WAL and again into the file at the checkpoint. In SQLite's rollback
//! journal mode a page appended past the end of the file is written once, straight into the
//! file; only pages that existed before are copied to the journal first. So a bulk write
//! switches the connection to `TRUNCATE` for its one transaction and back to WAL after it
//! (docs/FORMAT.md, "Journal modes").
//!
//! Durability is the same in both: `synchronous = FULL`; in `TRUNCATE` mode the commit is the
//! journal truncated to zero bytes and fsynced, which a power cut cannot undo (`DELETE` mode's
//! commit, unlinking the journal, is durable only with `synchronous = EXTRA`). A crash in the
//! middle leaves a "hot" journal beside the vault, from which the next opener puts back the last
//! committed state: [`roll_back_hot_journal`].
//!
//! Switching needs the vault to itself: while another connection (the app and the command-line
//! tool at once) has it open, the switch is refused at once and the bulk write goes through the
//! WAL as any other write, slower and just as safe.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::Result;

/// How long a connection waits for another process's lock before saying the vault is busy.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The rollback journal for as long as it lives: entered when made, left when dropped. Made
/// before the bulk transaction begins and dropped after it ends (declared first, dropped last).
pub(crate) struct Bulk<'c> {
    conn: &'c Connection,
    entered: bool,
}

impl<'c> Bulk<'c> {
    pub(crate) fn enter(conn: &'c Connection) -> Self {
        Bulk { conn, entered: enter_bulk(conn) }
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        if self.entered {
            leave_bulk(self.conn);
        }
    }
}

/// Switches `conn` to the rollback journal for one bulk transaction. Returns whether it did:
/// `false` when another connection has the vault open (the switch needs an exclusive lock,
/// asked for without waiting) or the file system refuses, and the write then goes through the
/// WAL. Never fails the write it is asked for.
fn enter_bulk(conn: &Connection) -> bool {
    switch(conn, "TRUNCATE") == Some("truncate")
}

/// Puts `conn` back in WAL mode after a bulk transaction. If another process opened the vault
/// in between, the switch waits for nothing and is left undone: the vault stays in rollback
/// mode, as durable, until the next unlock puts it back ([`ensure_wal`]).
fn leave_bulk(conn: &Connection) {
    let _ = switch(conn, "WAL");
}

/// Puts a vault left in rollback mode (a bulk write whose switch back was refused, or a crash
/// during one) back in WAL mode, at unlock. Best effort, as [`leave_bulk`].
pub(crate) fn ensure_wal(conn: &Connection) {
    let mode: rusqlite::Result<String> = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0));
    if mode.is_ok_and(|m| m != "wal") {
        leave_bulk(conn);
    }
}

/// One `PRAGMA journal_mode` with no waiting for other connections; the mode in force after
/// it, or `None` if SQLite refused (locked by another connection, or an I/O error).
fn switch(conn: &Connection, mode: &str) -> Option<&'static str> {
    if conn.busy_timeout(Duration::ZERO).is_err() {
        return None;
    }
    let now: rusqlite::Result<String> = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0));
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
    match now.ok()?.as_str() {
        "wal" => Some("wal"),
        "truncate" => Some("truncate"),
        _ => None,
    }
}

/// The rollback journal SQLite keeps beside `vault` while a bulk write runs.
pub(crate) fn journal_path(vault: &Path) -> PathBuf {
    let mut name = vault.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// After a crash during a bulk write, the journal beside the vault holds the pages the write
/// had changed, as they were before it. SQLite puts them back the first time the file is read
/// by a connection that may write, and refuses a read-only one (`SQLITE_READONLY_ROLLBACK`),
/// so the checks before unlocking, which read on a read-only connection, could not run. This
/// opens the vault for writing once, reads its header (which rolls the journal back: the vault
/// returns to its last committed state, byte for byte, and nothing committed changes) and
/// closes it. A journal that is empty, or that another process is still writing, is left
/// alone by SQLite.
pub(crate) fn roll_back_hot_journal(vault: &Path) -> Result<()> {
    let hot = std::fs::metadata(journal_path(vault)).is_ok_and(|m| m.len() > 0);
    if hot {
        let conn = super::file::open_existing(vault)?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    }
    Ok(())
}
