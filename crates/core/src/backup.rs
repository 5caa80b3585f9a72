//! Backup: a consistent copy made with SQLite's backup API, written under a temporary name,
//! fsynced and put in place without replacing anything (`newfile`). A backup opens like any vault.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Result, VaultError};
use crate::newfile::NewFile;
use crate::vault::Vault;

impl Vault {
    /// Copies the vault to `out`, which must not exist yet. The copy is as encrypted as the
    /// original and opens with the same passphrase and recovery key.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        let new = NewFile::create_named(out)?;
        let tmp = new.temp_path().ok_or_else(|| VaultError::InvalidInput("no temporary name".into()))?;
        {
            let mut dst = Connection::open(tmp)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        new.place()
    }
}
