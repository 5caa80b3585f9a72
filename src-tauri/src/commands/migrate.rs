//! Offering the format migration after unlock, and running it: the same core function as
//! `casebook migrate` (`Vault::migrate_format`: a backup first, one transaction, a
//! `vault_migrated` record). Declining changes nothing; the app keeps working on the old format.

use serde::Serialize;
use tauri::State;

use crate::commands::job;
use crate::error::IpcResult;
use crate::state::AppState;

/// What the offer screen says: the formats, and where the backup will be made.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MigrationOffer {
    /// The vault's format now.
    pub from_format: i64,
    /// The format the migration brings it to.
    pub to_format: i64,
    /// The folder the backup copy goes in (the diary's own).
    pub backup_folder: String,
    /// The backup copy's file name, if the migration ran now.
    pub backup_name: String,
}

/// What the migration did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MigrationDone {
    /// The format now.
    pub to_format: i64,
    /// The full path of the backup copy made first.
    pub backup: String,
}

/// The migration to offer for the unlocked vault, or `null` when it is current.
#[tauri::command]
pub fn migration_offer(state: State<'_, AppState>) -> IpcResult<Option<MigrationOffer>> {
    state.with_vault(|v| {
        Ok(v.migration_offer()?.map(|o| MigrationOffer {
            from_format: o.from,
            to_format: o.to,
            backup_folder: o.backup_folder.display().to_string(),
            backup_name: o.backup_name,
        }))
    })
}

/// Runs the migration (the person chose "Migrate now"), off the UI thread like other long jobs.
#[tauri::command]
pub async fn migrate_vault(state: State<'_, AppState>) -> IpcResult<MigrationDone> {
    job::run(&state, |v, _job| {
        let done = v.migrate_format()?;
        Ok(MigrationDone {
            to_format: done.to,
            backup: done.backup.map(|b| b.display().to_string()).unwrap_or_default(),
        })
    })
    .await
}
