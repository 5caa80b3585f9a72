//! Forward-only migrations, embedded at build time (build.rs reruns when one is added).

use rusqlite::Connection;

use crate::error::{Result, VaultError};

/// Migration scripts in order; `user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_vault.sql"),
    include_str!("../../migrations/0002_import.sql"),
    include_str!("../../migrations/0003_sealed_head.sql"),
];

/// The schema version this build writes.
pub(crate) const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date inside the caller's transaction. Refuses a newer vault.
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(VaultError::NewerSchema { found: current, supported: LATEST });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    Ok(())
}

/// The schema version on disk.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}
