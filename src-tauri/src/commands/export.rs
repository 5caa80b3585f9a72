//! Evidence packs: the preview of what a pack discloses and withholds, and making one.

use std::path::{Path, PathBuf};

use casebook_core::{ExportOptions, ExportPreview, ExportReport, Progress};
use tauri::State;
use tauri::ipc::Channel;

use super::job::{self, Throttle};
use crate::error::{IpcError, IpcResult};
use crate::secret::IpcSecret;
use crate::state::AppState;

/// What a pack with these options would disclose and withhold. Writes nothing.
#[tauri::command]
pub async fn export_preview(state: State<'_, AppState>, options: ExportOptions) -> IpcResult<ExportPreview> {
    job::run(&state, move |v, _| v.export_preview(&options).map_err(IpcError::from)).await
}

/// Reads and checks a recipient card, so the Export screen can show its name and fingerprint
/// before the pack is made for it. Reads only; works while locked.
#[tauri::command]
pub async fn read_recipient_card(path: PathBuf) -> IpcResult<casebook_core::recipient::LoadedCard> {
    if !path.is_absolute() {
        return Err(IpcError::plain("type the card's full path, starting from the top folder"));
    }
    casebook_core::recipient::load_card(&path).map_err(|e| IpcError::plain(e.to_string()))
}

/// The recipients the person has made packs for (remembered in the vault, sealed), each with
/// the fingerprint to check before the next pack is made for it.
#[tauri::command]
pub async fn remembered_recipients(
    state: State<'_, AppState>,
) -> IpcResult<Vec<casebook_core::recipient::RememberedRecipient>> {
    state.with_vault(|v| Ok(v.remembered_recipients()?))
}

/// Makes a recipient card (for an advocate service or officer who uses Casebook): the card, its
/// printable page and the owner-only secret identity, in `folder` (a full path); the answer
/// carries the card's QR code for the screen to draw. Needs no vault; works while locked.
#[tauri::command]
pub async fn make_recipient_card(
    name: String,
    folder: PathBuf,
) -> IpcResult<casebook_core::recipient::MadeRecipientCard> {
    use casebook_core::Clock;
    casebook_core::recipient::new_recipient_in(&name, &folder, casebook_core::SystemClock.now())
        .map_err(|e| IpcError::plain(e.to_string()))
}

/// Makes a pack at `path` (never replacing a file), reporting progress on `on_progress`;
/// `cancel_job` stops it and leaves nothing behind. Advocate packs need `passphrase`.
#[tauri::command]
pub async fn export_pack(
    state: State<'_, AppState>,
    options: ExportOptions,
    passphrase: Option<IpcSecret>,
    path: PathBuf,
    on_progress: Channel<Progress>,
) -> IpcResult<ExportReport> {
    let path = output_path(path)?;
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(IpcSecret::into_passphrase);
    job::run(&state, move |v, job| {
        let mut throttle = Throttle::new();
        let mut progress = |p: Progress| {
            if throttle.due(p.stage, p.done, p.total) {
                // A page that went away cannot take progress; the export goes on regardless.
                let _ = on_progress.send(p);
            }
            !job.cancelled()
        };
        v.export(&options, passphrase.as_ref(), &path, &mut progress).map_err(IpcError::from)
    })
    .await
}

/// Refuses paths the person cannot have meant: empty, relative (from a typed path), or in
/// a folder that does not exist.
pub(crate) fn output_path(path: PathBuf) -> IpcResult<PathBuf> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose where to save the pack"));
    }
    if !path.is_absolute() {
        return Err(IpcError::plain("type the file's full path, starting from the top folder"));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => Ok(path),
        _ => Err(IpcError::plain(format!(
            "the folder {} does not exist",
            path.parent().unwrap_or(Path::new("")).display()
        ))),
    }
}

/// Writes the draft witness statement (.docx) for the entries `options` choose, as a police
/// pack with the same choices would hold them (core's `statement`), to `path`, a new file.
#[tauri::command(async)]
pub fn write_statement(
    state: State<'_, AppState>,
    options: ExportOptions,
    path: PathBuf,
) -> IpcResult<casebook_core::statement::StatementReport> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose where to save the draft statement"));
    }
    state.with_vault(|v| Ok(v.write_statement(&options, &path)?))
}
