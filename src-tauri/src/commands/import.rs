//! Importing a phone's export (SMS Backup & Restore, WhatsApp, email): preview, import in
//! one transaction, and adding a correspondent's number or address to a case person.

use std::path::PathBuf;

use casebook_core::{Identifier, ImportOptions, ImportPreview, ImportReport, ImportSettings};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use super::job::{self, Throttle};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// How far an import is: items read of the file's total.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportProgress {
    /// Items processed.
    #[ts(type = "number")]
    pub done: u64,
    /// Items in the file.
    #[ts(type = "number")]
    pub total: u64,
}

/// What the file holds and who it involves, matched against the case. Writes nothing.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    path: PathBuf,
    settings: ImportSettings,
) -> IpcResult<ImportPreview> {
    let path = input_path(path)?;
    job::run(&state, move |v, _| v.preview_import(&path, &settings).map_err(IpcError::from)).await
}

/// Imports the picked correspondents' items in one transaction; `cancel_job` or any error
/// leaves the diary exactly as it was.
#[tauri::command]
pub async fn import_file(
    state: State<'_, AppState>,
    path: PathBuf,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> IpcResult<ImportReport> {
    let path = input_path(path)?;
    job::run(&state, move |v, job| {
        let mut throttle = Throttle::new();
        let mut progress = |done: u64, total: u64| {
            if throttle.due((), done, total) {
                let _ = on_progress.send(ImportProgress { done, total });
            }
            !job.cancelled()
        };
        v.import(&path, &options, &mut progress).map_err(IpcError::from)
    })
    .await
}

/// Adds identifiers (seen in an import, or typed into an entry) to case person `person_id`, by
/// core's one rule in the case's region; returns how many were new.
#[tauri::command]
pub fn add_identifiers(state: State<'_, AppState>, person_id: u32, identifiers: Vec<Identifier>) -> IpcResult<usize> {
    state.with_vault(|v| Ok(v.add_identifiers(person_id, &identifiers)?))
}

fn input_path(path: PathBuf) -> IpcResult<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose the file to import"));
    }
    if !path.is_absolute() {
        return Err(IpcError::plain("type the file's full path, starting from the top folder"));
    }
    Ok(path)
}
