//! Attaching files: pasted or dropped bytes (raw IPC body), or a path the person picked.

use std::path::PathBuf;

use casebook_core::{AttachmentInfo, EntryId};
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Attaches the raw request body. Headers: `x-entry-id`, `x-file-name` (URI-encoded),
/// `x-source` (`paste`, `drop` or `picker`).
#[tauri::command]
pub fn attach_bytes(state: State<'_, AppState>, request: Request<'_>) -> IpcResult<AttachmentInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::plain("expected the file's bytes"));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let entry_id: EntryId =
        header("x-entry-id").parse().map_err(|_| IpcError::plain("which entry should the file go with?"))?;
    let name = percent_decode(&header("x-file-name"));
    let source = match header("x-source").as_str() {
        s @ ("paste" | "drop" | "picker") => s.to_owned(),
        _ => "app".to_owned(),
    };
    state.with_vault(|v| Ok(v.attach(entry_id, &mut bytes.as_slice(), &name, &source)?))
}

/// Attaches a file by path (large files: streamed from disk, never loaded whole).
#[tauri::command]
pub async fn attach_path(state: State<'_, AppState>, entry_id: EntryId, path: PathBuf) -> IpcResult<AttachmentInfo> {
    state.with_vault(|v| Ok(v.attach_file(entry_id, &path, "picker")?))
}

/// Decodes `%XX` escapes (as `encodeURIComponent` writes them); invalid escapes stay as typed.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn file_names_survive_uri_encoding() {
        assert_eq!(percent_decode("Zdj%C4%99cie%20%C5%81%C3%B3d%C5%BA.png"), "Zdjęcie Łódź.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
