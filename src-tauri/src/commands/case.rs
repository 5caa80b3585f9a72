//! The case details.

use casebook_core::CaseDetails;
use casebook_core::identity::IdentifierMatch;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// The case as it stands.
#[tauri::command]
pub fn get_case(state: State<'_, AppState>) -> IpcResult<CaseDetails> {
    state.with_vault(|v| Ok(v.case()?))
}

/// Replaces the case details (recorded in the ledger).
#[tauri::command]
pub fn set_case(state: State<'_, AppState>, case: CaseDetails) -> IpcResult<CaseDetails> {
    state.with_vault(|v| {
        v.set_case(case)?;
        Ok(v.case()?)
    })
}

/// The person a value typed into an entry's identifier field belongs to, by core's one rule
/// (the new-entry form shows the link before saving).
#[tauri::command]
pub fn match_identifier(state: State<'_, AppState>, typed: String) -> IpcResult<IdentifierMatch> {
    state.with_vault(|v| Ok(v.match_identifier(&typed)?))
}
