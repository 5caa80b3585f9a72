//! Backup: a consistent copy made with SQLite's backup API, written under a temporary name,
//! fsynced and put in place without replacing anything. A backup opens like any vault.

use std::path::Path;

use casebook_crypto::random_array;
use rusqlite::Connection;

use crate::error::{Result, VaultError};
use crate::vault::Vault;

impl Vault {
    /// Copies the vault to `out`, which must not exist yet. The copy is as encrypted as the
    /// original and opens with the same passphrase and recovery key.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(VaultError::AlreadyExists(out.to_owned()));
        }
        let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".casebook-backup-{}", hex::encode(random_array::<6>())));
        let copied = (|| -> Result<()> {
            crate::vault::create_private_file(&tmp)?;
            {
                let mut dst = Connection::open(&tmp)?;
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
            }
            std::fs::File::open(&tmp)?.sync_all()?;
            Ok(())
        })();
        match copied {
            Ok(()) => crate::vault::place_without_replacing(&tmp, out),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}
