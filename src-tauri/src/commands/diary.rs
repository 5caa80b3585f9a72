//! Reading and writing diary entries.

use casebook_core::{
    DayOrder, DiaryCursor, DiaryPage, EntryFields, EntryFilter, EntryHistory, EntryId, EntrySummary, PatternSummary,
    WeekCounts,
};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

// The diary's three readings run off the main thread (`async`): on a 10,000-entry vault the list
// is megabytes to build and send, and on the main thread it held up the webview and the charts'
// small answers behind it (make bench: save to shown, the charts counting the new entry).

/// The timeline, filtered, whole (the diary's screen asks for `diary_page`).
#[tauri::command(async)]
pub fn list_entries(state: State<'_, AppState>, filter: EntryFilter) -> IpcResult<Vec<EntrySummary>> {
    state.with_vault(|v| Ok(v.list_entries(&filter)?))
}

/// One page of the filtered timeline in the screen's day order, after `after` (from the start
/// without it): what the diary shows, a page at a time, instead of every entry at once.
#[tauri::command(async)]
pub fn diary_page(
    state: State<'_, AppState>,
    filter: EntryFilter,
    order: DayOrder,
    after: Option<DiaryCursor>,
    limit: u32,
) -> IpcResult<DiaryPage> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    state.with_vault(|v| Ok(v.diary_page(&filter, order, after.as_ref(), limit)?))
}

/// Incidents per week for the pattern chart.
#[tauri::command(async)]
pub fn weekly_counts(state: State<'_, AppState>, filter: EntryFilter) -> IpcResult<Vec<WeekCounts>> {
    state.with_vault(|v| Ok(v.weekly_counts(&filter)?))
}

/// The pattern of the filtered incidents (core's figures): by channel, the day × hour grid,
/// escalation and the longest gap.
#[tauri::command(async)]
pub fn pattern_summary(state: State<'_, AppState>, filter: EntryFilter) -> IpcResult<PatternSummary> {
    state.with_vault(|v| Ok(v.pattern_summary(&filter)?))
}

/// One entry with its history and attachments.
#[tauri::command]
pub fn get_entry(state: State<'_, AppState>, id: EntryId) -> IpcResult<EntryHistory> {
    state.with_vault(|v| Ok(v.entry(id)?))
}

/// One entry's line in the timeline, as `list_entries` gives it.
#[tauri::command]
pub fn get_entry_summary(state: State<'_, AppState>, id: EntryId) -> IpcResult<EntrySummary> {
    state.with_vault(|v| Ok(v.entry_summary(id)?))
}

/// Saves a new entry; returns its number only after the commit.
#[tauri::command]
pub fn add_entry(state: State<'_, AppState>, fields: EntryFields) -> IpcResult<EntryId> {
    state.with_vault(|v| Ok(v.add_entry(fields)?))
}

/// Saves a corrected version, with the reason.
#[tauri::command]
pub fn revise_entry(state: State<'_, AppState>, id: EntryId, fields: EntryFields, reason: String) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.revise_entry(id, fields, &reason)?))
}

/// Withdraws an entry, with the reason.
#[tauri::command]
pub fn retract_entry(state: State<'_, AppState>, id: EntryId, reason: String) -> IpcResult<()> {
    state.with_vault(|v| Ok(v.retract_entry(id, &reason)?))
}
