//! Anchors outside the computer, from Settings: the key card (saved as a PDF, and recorded when
//! given) and witness codes (made from a signed checkpoint, and recorded when shared). Core
//! does the work (`keycard.rs`, `witness/`); these only pass it through.

use std::path::PathBuf;

use casebook_core::{KeyCard, KeyCardGiven, MadeWitnessCode, WitnessCode, WitnessShare};
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Saves the key card (one page, PDF) to `path`, chosen in the save dialog. Never replaces a
/// file that is already there.
#[tauri::command]
pub async fn save_key_card(state: State<'_, AppState>, path: PathBuf) -> IpcResult<KeyCard> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose where to save the key card"));
    }
    state.with_vault(|v| Ok(v.write_key_card(&path)?))
}

/// Records that the key card was given to `to` (in the person's words): a ledger record.
#[tauri::command]
pub async fn record_key_card_given(state: State<'_, AppState>, to: String) -> IpcResult<KeyCardGiven> {
    state.with_vault(|v| Ok(v.record_key_card_given(&to)?))
}

/// Every key card recorded as given, oldest first.
#[tauri::command]
pub async fn key_cards_given(state: State<'_, AppState>) -> IpcResult<Vec<KeyCardGiven>> {
    state.with_vault(|v| Ok(v.key_cards_given()?))
}

/// Signs a checkpoint and returns its witness code, with a message to send with it.
#[tauri::command]
pub async fn make_witness_code(state: State<'_, AppState>) -> IpcResult<MadeWitnessCode> {
    state.with_vault(|v| Ok(v.make_witness_code()?))
}

/// Records that `code` was sent to `to` by `how`: a ledger record, listed in every report.
#[tauri::command]
pub async fn record_witness_shared(
    state: State<'_, AppState>,
    code: String,
    to: String,
    how: String,
) -> IpcResult<WitnessShare> {
    let code = WitnessCode::parse(&code).map_err(|e| IpcError::plain(e.to_string()))?;
    state.with_vault(|v| Ok(v.record_witness_shared(&code, &to, &how)?))
}

/// Every witness code recorded as shared, oldest first.
#[tauri::command]
pub async fn witness_shares(state: State<'_, AppState>) -> IpcResult<Vec<WitnessShare>> {
    state.with_vault(|v| Ok(v.witness_shares()?))
}
