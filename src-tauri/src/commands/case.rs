//! The case details.

use casebook_core::CaseDetails;
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
