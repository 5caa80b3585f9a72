//! Copying to the clipboard through the shell, so quick exit knows what Casebook put there
//! (clipboard.rs) and clears only that.

use tauri::{Runtime, State, WebviewWindow};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Puts `text` on the clipboard (a witness code, the message to send with it).
#[tauri::command]
pub fn copy_text<R: Runtime>(state: State<'_, AppState>, window: WebviewWindow<R>, text: String) -> IpcResult<()> {
    crate::clipboard::copy(&window, &state.copied(), text).map_err(|e| IpcError::plain(e.to_string()))
}
