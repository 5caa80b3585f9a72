//! How this has affected the person: changes to their life noted, listed and withdrawn. The
//! rules (dates, lengths, numbering) are core's (`casebook_core::effect`).

use casebook_core::{Effect, EffectDetails};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Every change noted, withdrawn ones included, in the order noted.
#[tauri::command]
pub fn list_effects(state: State<'_, AppState>) -> IpcResult<Vec<Effect>> {
    state.with_vault(|v| Ok(v.effects()?))
}

/// Notes a change; resolves with its number once committed.
#[tauri::command]
pub fn note_effect(state: State<'_, AppState>, details: EffectDetails) -> IpcResult<i64> {
    state.with_vault(|v| Ok(v.note_effect(details)?))
}

/// Withdraws a change noted by mistake; the record stays, packs leave it out.
#[tauri::command]
pub fn withdraw_effect(state: State<'_, AppState>, id: i64, reason: String) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.withdraw_effect(id, &reason)?))
}
