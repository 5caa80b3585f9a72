//! The sealed channel with the page (sealed.rs): the handshake and the envelope.

use tauri::ipc::{Request, Response};
use tauri::{Runtime, State, Webview};

use crate::error::IpcResult;
use crate::state::AppState;

/// Agrees the page's channel: the body is the page's public key, the answer the shell's.
#[tauri::command]
pub fn open_channel(state: State<'_, AppState>, request: Request<'_>) -> IpcResult<Response> {
    crate::sealed::open_channel(&state, request.body())
}

/// Runs the command sealed in the body and answers sealed.
#[tauri::command]
pub async fn sealed<R: Runtime>(
    state: State<'_, AppState>,
    webview: Webview<R>,
    request: Request<'_>,
) -> IpcResult<Response> {
    crate::sealed::call(&state, webview, request.body()).await
}
