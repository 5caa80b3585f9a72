//! The case details.

use casebook_core::CaseDetails;
use casebook_core::case_change::CaseChange;
use casebook_core::identity::IdentifierMatch;
use casebook_core::person::PersonPage;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// The case as it stands.
#[tauri::command]
pub fn get_case(state: State<'_, AppState>) -> IpcResult<CaseDetails> {
    state.with_vault(|v| Ok(v.case()?))
}

/// Applies the changes Case details made (a person's identifier added or removed, a person
/// edited...) to the case as it stands, inside one write transaction, so nothing another
/// writer saved meanwhile is lost; returns the case after. There is no command that replaces
/// the whole case: a screen holding an old copy would undo what was saved since.
#[tauri::command]
pub fn change_case(state: State<'_, AppState>, changes: Vec<CaseChange>) -> IpcResult<CaseDetails> {
    state.with_vault(|v| Ok(v.change_case(changes)?))
}

/// A person's page: their identifiers with first and last seen and counts, new ones marked,
/// their incidents and what was reported (core's `person_page`, as `casebook case show N`).
#[tauri::command]
pub fn person_page(state: State<'_, AppState>, person_id: u32) -> IpcResult<PersonPage> {
    state.with_vault(|v| Ok(v.person_page(person_id)?))
}

/// The person a value typed into an entry's identifier field belongs to, by core's one rule
/// (the new-entry form shows the link before saving).
#[tauri::command]
pub fn match_identifier(state: State<'_, AppState>, typed: String) -> IpcResult<IdentifierMatch> {
    state.with_vault(|v| Ok(v.match_identifier(&typed)?))
}
