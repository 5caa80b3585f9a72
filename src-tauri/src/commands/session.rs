//! Creating, unlocking and locking the vault.

use casebook_core::{Credential, RecoveryKey, SystemClock, Vault, VaultInfo};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::error::{IpcError, IpcResult};
use crate::fresh_page::{LockedBy, replace_page};
use crate::secret::IpcSecret;
use crate::settings::Settings;
use crate::state::AppState;

/// What the UI needs to decide which screen to show.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppStatus {
    /// A vault file exists at the configured path.
    pub vault_exists: bool,
    /// The vault is unlocked.
    pub unlocked: bool,
    /// Where the vault is.
    pub vault_path: String,
    /// Current settings (title, auto-lock).
    pub settings: Settings,
    /// Auto-lock time in force, in seconds (settings, or the test override).
    pub auto_lock_seconds: u32,
}

/// A new vault and the recovery key to show once.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CreatedVault {
    /// The recovery key (eight groups of four characters). Shown once, never stored.
    pub recovery_key: String,
    /// Facts about the new vault.
    pub info: VaultInfo,
}

/// Which screen to show.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    let settings = state.settings();
    AppStatus {
        vault_exists: state.vault_path.exists(),
        unlocked: state.is_unlocked(),
        vault_path: state.vault_path.display().to_string(),
        auto_lock_seconds: state.auto_lock_after().as_secs() as u32,
        settings,
    }
}

/// Makes the vault (first run). Argon2id takes about a second, so this runs off the UI thread.
#[tauri::command]
pub async fn create_vault(state: State<'_, AppState>, passphrase: IpcSecret) -> IpcResult<CreatedVault> {
    let (path, policy) = (state.vault_path.clone(), state.kdf_policy);
    let (vault, recovery) = tauri::async_runtime::spawn_blocking(move || {
        Vault::create(&path, passphrase.into_passphrase(), policy, Box::new(SystemClock))
    })
    .await
    .map_err(|e| IpcError::plain(e.to_string()))??;
    let info = vault.info()?;
    state.open_session(vault);
    Ok(CreatedVault { recovery_key: recovery.expose_display().to_string(), info })
}

/// Unlocks with the passphrase. A wrong one changes nothing and never locks the person out.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: IpcSecret) -> IpcResult<VaultInfo> {
    open(&state, Credential::Passphrase(passphrase.into_passphrase())).await
}

/// Unlocks with the recovery key from the emergency kit.
#[tauri::command]
pub async fn unlock_with_recovery_key(state: State<'_, AppState>, recovery_key: IpcSecret) -> IpcResult<VaultInfo> {
    let key = RecoveryKey::parse(recovery_key.expose_secret())?;
    open(&state, Credential::RecoveryKey(key)).await
}

async fn open(state: &AppState, credential: Credential) -> IpcResult<VaultInfo> {
    let (path, policy) = (state.vault_path.clone(), state.kdf_policy);
    let vault =
        tauri::async_runtime::spawn_blocking(move || Vault::unlock(&path, credential, policy, Box::new(SystemClock)))
            .await
            .map_err(|e| IpcError::plain(e.to_string()))??;
    let info = vault.info()?;
    state.open_session(vault);
    Ok(info)
}

/// Locks now (the Lock button, or `idle`: the page's auto-lock timer, or the page learning
/// that the shell locked itself). The page that showed the diary is thrown away, web process
/// and all, and a fresh unlock page loaded (fresh_page.rs); this call's answer goes to a page
/// that no longer exists, so the page clears its screen before calling.
#[tauri::command]
pub fn lock<R: Runtime>(state: State<'_, AppState>, window: WebviewWindow<R>, idle: Option<bool>) -> IpcResult<()> {
    state.lock_now();
    replace_page(&window, if idle == Some(true) { LockedBy::Idle } else { LockedBy::Button })
}

/// Quick exit (the Quick exit button on every screen, or Esc twice): hides the window at
/// once, clears the clipboard if it still holds what Casebook copied (clipboard.rs), then
/// locks and throws the page away as [`lock`] does. Hiding comes first: it is what the person
/// is waiting for.
#[tauri::command]
pub fn quick_exit<R: Runtime>(state: State<'_, AppState>, window: WebviewWindow<R>) -> IpcResult<()> {
    let hidden = window.hide().map_err(|e| IpcError::plain(e.to_string()));
    let cleared = crate::clipboard::clear_if_ours(&window, state.copied());
    state.lock_now();
    replace_page(&window, LockedBy::QuickExit)?;
    hidden?;
    cleared.map_err(|e| IpcError::plain(e.to_string()))
}

/// The person is active (typing, clicking): postpones auto-lock.
#[tauri::command]
pub fn touch(state: State<'_, AppState>) -> IpcResult<()> {
    state.with_vault(|_| Ok(()))
}

/// Facts about the open vault (fingerprint, records, head).
#[tauri::command]
pub fn vault_info(state: State<'_, AppState>) -> IpcResult<VaultInfo> {
    state.with_vault(|v| Ok(v.info()?))
}
