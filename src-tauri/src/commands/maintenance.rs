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
    confirm_current(&state, current)?;
    state.with_vault(|v| Ok(v.change_passphrase(new.into_passphrase())?))
}

/// Confirms `passphrase` is the vault's current one by opening a second handle: the person
/// must know it. `WrongPassphrase` (code `wrong_passphrase`) otherwise.
fn confirm_current(state: &AppState, passphrase: IpcSecret) -> IpcResult<()> {
    casebook_core::Vault::unlock(
        &state.vault_path,
        casebook_core::Credential::Passphrase(passphrase.into_passphrase()),
        state.kdf_policy,
        Box::new(casebook_core::SystemClock),
    )?;
    Ok(())
}

/// Checks `passphrase` is the current one (the re-key keeps it: core re-wraps it under the new
/// key), then makes the recovery key the next [`rekey`] will put in use, keeps it, and returns
/// it to be shown. A wrong passphrase makes no key: none is shown for a re-key that would be
/// refused. The re-key commits only after the person has seen the key: a re-key stopped at any
/// moment then leaves a recovery key they were shown that opens the vault (docs/FORMAT.md, "Why
/// the new recovery key is shown before the commit"). Calling it again replaces the kept key.
#[tauri::command]
pub async fn new_recovery_key(state: State<'_, AppState>, passphrase: IpcSecret) -> IpcResult<String> {
    state.with_vault(|_| Ok(()))?;
    confirm_current(&state, passphrase)?;
    let recovery = casebook_core::RecoveryKey::generate();
    let shown = recovery.expose_display().to_string();
    state.keep_recovery_key(recovery);
    Ok(shown)
}

/// Makes a new master key and puts in use the recovery key [`new_recovery_key`] returned
/// (already shown). Without one, nothing is done.
#[tauri::command]
pub async fn rekey(state: State<'_, AppState>, passphrase: IpcSecret) -> IpcResult<()> {
    let recovery = state
        .take_recovery_key()
        .ok_or_else(|| IpcError::plain("show the new recovery key first; nothing was changed"))?;
    state.with_vault(|v| Ok(v.rekey(passphrase.into_passphrase(), &recovery)?))
}

/// Copies the vault to `path` (chosen in the save dialog).
#[tauri::command]
pub async fn backup_vault(state: State<'_, AppState>, path: PathBuf) -> IpcResult<()> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose where to save the backup"));
    }
    state.with_vault(|v| Ok(v.backup_to(&path)?))
}
