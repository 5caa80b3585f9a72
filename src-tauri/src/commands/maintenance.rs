//! Check, passphrase change, re-key and backup.

use std::path::PathBuf;

use casebook_core::CheckReport;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::secret::IpcSecret;
use crate::state::AppState;

/// Recomputes the chain and opens everything.
#[tauri::command]
pub async fn check_vault(state: State<'_, AppState>) -> IpcResult<CheckReport> {
    state.with_vault(|v| Ok(v.check()?))
}

/// Changes the passphrase after confirming the current one.
#[tauri::command]
pub async fn change_passphrase(state: State<'_, AppState>, current: IpcSecret, new: IpcSecret) -> IpcResult<()> {
    let current = current.into_passphrase();
    let path = state.vault_path.clone();
    // Confirm the current passphrase by opening a second handle: the person must know it.
    casebook_core::Vault::unlock(
        &path,
        casebook_core::Credential::Passphrase(current),
        state.kdf_policy,
        Box::new(casebook_core::SystemClock),
    )?;
    state.with_vault(|v| Ok(v.change_passphrase(new.into_passphrase())?))
}

/// Makes a new master key; returns the new recovery key to show once.
#[tauri::command]
pub async fn rekey(state: State<'_, AppState>, passphrase: IpcSecret) -> IpcResult<String> {
    state.with_vault(|v| Ok(v.rekey(passphrase.into_passphrase())?.expose_display().to_string()))
}

/// Copies the vault to `path` (chosen in the save dialog).
#[tauri::command]
pub async fn backup_vault(state: State<'_, AppState>, path: PathBuf) -> IpcResult<()> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose where to save the backup"));
    }
    state.with_vault(|v| Ok(v.backup_to(&path)?))
}
