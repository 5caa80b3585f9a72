//! Vault formats, and the one migration between them (format 1 → 2).
//!
//! The *format* (`vault_meta.format_version`) is what a Casebook must understand to read a
//! vault; the *schema version* (`user_version`, `schema.rs`) counts additive migrations that
//! run by themselves on unlock. A format change is never run by itself: the person asks for
//! it (`casebook migrate`), a backup is made first, and the ledger records it.
//!
//! Format 2 differs from format 1 only in how `attachment_chunks` is stored (see
//! `migrations/format2_attachment_chunks.sql` and docs/FORMAT.md). This build reads and writes
//! both with the same statements; format 1 is only slower to attach to.
//!
//! The migration, in order (each step either completes or leaves the vault as it was):
//! 1. a backup of the whole vault with SQLite's backup API, next to it, placed like every new
//!    file (`newfile.rs`: 0600, complete or absent, never replacing anything);
//! 2. one transaction: make the new table, move every chunk into it (insert, then delete
//!    from the old one, chunk by chunk, so freed pages are reused and the file grows by at
//!    most one chunk), drop the old table, rename the new one to the old name, set
//!    `format_version`, append a `vault_migrated` record, seal the head, commit.
//!
//! A process killed during step 1 leaves the vault untouched (and no backup, or a complete
//! one); killed during step 2, SQLite's WAL discards the uncommitted transaction and the vault
//! opens as format 1; killed after the commit, it opens as format 2.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, params};

use crate::error::{Result, VaultError};
use crate::ledger::Event;
use crate::vault::Vault;

/// The oldest format this build reads (and migrates from).
pub const OLDEST_READABLE_FORMAT: i64 = 1;

const FORMAT2_SQL: &str = include_str!("../../migrations/format2_attachment_chunks.sql");

/// What a migration did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Migration {
    /// The format before.
    pub from: i64,
    /// The format after (the same as `from` when there was nothing to do).
    pub to: i64,
    /// The backup made first, when a migration ran.
    pub backup: Option<PathBuf>,
    /// The `vault_migrated` ledger record, when a migration ran.
    pub seq: Option<i64>,
}

/// What a front end says before offering the migration: from which format to which, and where
/// the backup will be made (the vault's own folder) and how it will be named. One place makes
/// the name, so what the offer says is what [`Vault::migrate_format`] does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationOffer {
    /// The vault's format now.
    pub from: i64,
    /// The format it would be brought to.
    pub to: i64,
    /// The folder the backup goes in (the vault's own).
    pub backup_folder: PathBuf,
    /// The backup's name if the migration ran now (`<stem>.format<from>-backup-<time>.casebook`).
    pub backup_name: String,
}

/// Where a test asks the migration to stop, to prove that a stop at that point leaves a
/// vault that opens. Not part of the API people use.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationStop {
    /// After the backup is in place, before the transaction begins.
    AfterBackup,
    /// Inside the transaction, after the first chunk was moved.
    AfterFirstChunk,
    /// Inside the transaction, after the tables were swapped, before the ledger record.
    AfterSwap,
    /// Inside the transaction, after everything but the commit.
    BeforeCommit,
}

/// Turns a schema whose `attachment_chunks` is format 1's into format 2's, moving any rows.
/// Runs inside the caller's transaction. A new vault (and `check`'s expected schema) goes
/// through exactly the same steps, so the stored `CREATE` text is the same either way.
pub(crate) fn chunks_to_format2(conn: &Connection, stop: Option<MigrationStop>) -> Result<()> {
    conn.execute_batch(FORMAT2_SQL)?;
    let keys: Vec<(i64, i64)> = conn
        .prepare("SELECT attachment_id, idx FROM attachment_chunks ORDER BY attachment_id, idx")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut copy = conn.prepare(
            "INSERT INTO attachment_chunks_v2 (attachment_id, idx, data)
             SELECT attachment_id, idx, data FROM attachment_chunks WHERE attachment_id = ?1 AND idx = ?2",
        )?;
        let mut delete = conn.prepare("DELETE FROM attachment_chunks WHERE attachment_id = ?1 AND idx = ?2")?;
        for (n, (id, idx)) in keys.iter().enumerate() {
            copy.execute(params![id, idx])?;
            delete.execute(params![id, idx])?;
            if n == 0 {
                stopped_at(stop, MigrationStop::AfterFirstChunk)?;
            }
        }
    }
    conn.execute_batch(
        "DROP TABLE attachment_chunks;
         ALTER TABLE attachment_chunks_v2 RENAME TO attachment_chunks;",
    )?;
    Ok(())
}

fn stopped_at(stop: Option<MigrationStop>, here: MigrationStop) -> Result<()> {
    if stop == Some(here) {
        return Err(VaultError::InvalidInput(format!("the migration was stopped on purpose ({here:?})")));
    }
    Ok(())
}

/// The time in a backup's name: the vault clock, UTC, to the second.
fn backup_stamp(v: &Vault) -> String {
    v.clock.now().format("%Y%m%d-%H%M%S").to_string()
}

/// The backup's name: next to the vault, saying what it is and when it was made.
fn backup_path(vault: &Path, from: i64, stamp: &str) -> Result<PathBuf> {
    let dir = vault.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stem = vault.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "vault".into());
    for n in 1..100 {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let candidate = dir.join(format!("{stem}.format{from}-backup-{stamp}{suffix}.casebook"));
        if !candidate.exists() {
            return Ok(candidate);
        }
    }
    Err(VaultError::InvalidInput(format!("too many backups named {stem}.format{from}-backup-{stamp}")))
}

impl Vault {
    /// The vault's format (`vault_meta.format_version`).
    pub fn format_version(&self) -> i64 {
        self.format
    }

    /// Whether [`Vault::migrate_format`] has something to do.
    pub fn needs_migration(&self) -> bool {
        self.format < super::FORMAT_VERSION
    }

    /// What migrating would do, for a front end to offer it; `None` when the vault is current.
    pub fn migration_offer(&self) -> Result<Option<MigrationOffer>> {
        if !self.needs_migration() {
            return Ok(None);
        }
        let backup = backup_path(self.path(), self.format, &backup_stamp(self))?;
        let folder = backup.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        Ok(Some(MigrationOffer {
            from: self.format,
            to: super::FORMAT_VERSION,
            backup_folder: folder,
            backup_name: name,
        }))
    }

    /// Brings a vault of an older format to the current one: a backup first, next to the
    /// vault, then one transaction, recorded in the ledger. A stop at any moment leaves
    /// either the old vault or the new one (see the module documentation). Nothing to do
    /// (and nothing written) for a vault already current.
    pub fn migrate_format(&mut self) -> Result<Migration> {
        self.migrate_format_inner(None)
    }

    /// [`Vault::migrate_format`], failing on purpose at `stop` (tests of what a stop leaves).
    #[doc(hidden)]
    pub fn migrate_format_stopping_at(&mut self, stop: MigrationStop) -> Result<Migration> {
        self.migrate_format_inner(Some(stop))
    }

    fn migrate_format_inner(&mut self, stop: Option<MigrationStop>) -> Result<Migration> {
        let from = self.format;
        let to = super::FORMAT_VERSION;
        if from >= to {
            return Ok(Migration { from, to: from, backup: None, seq: None });
        }
        let backup = backup_path(self.path(), from, &backup_stamp(self))?;
        self.backup_to(&backup)?;
        stopped_at(stop, MigrationStop::AfterBackup)?;
        let backup_name = backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let seq = self.write(|tx: &Transaction<'_>, v| {
            chunks_to_format2(tx, stop)?;
            stopped_at(stop, MigrationStop::AfterSwap)?;
            tx.execute("UPDATE vault_meta SET format_version = ?1 WHERE id = 1", [to])?;
            let rec = v.append(tx, Event::VaultMigrated { from_format: from, to_format: to, backup: backup_name })?;
            stopped_at(stop, MigrationStop::BeforeCommit)?;
            Ok(rec.seq)
        })?;
        self.format = to;
        Ok(Migration { from, to, backup: Some(backup), seq: Some(seq) })
    }
}
