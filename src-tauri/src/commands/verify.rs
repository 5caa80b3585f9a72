//! Checking a pack someone made (or received): needs no vault, so it works while locked.

use std::path::PathBuf;

use casebook_core::verify::{CheckedPack, Expected, check_and_read_expecting};

use crate::error::{IpcError, IpcResult};
use crate::secret::IpcSecret;

/// Checks the pack at `path` (an advocate pack with `passphrase`), against the fingerprint on
/// the person's key card and the witness codes they sent, when given, and, when every check
/// passes, returns what it discloses for a read-only view. Reads only.
#[tauri::command]
pub async fn verify_pack(
    path: PathBuf,
    passphrase: Option<IpcSecret>,
    expected_fingerprint: Option<String>,
    witnesses: Option<Vec<String>>,
) -> IpcResult<CheckedPack> {
    if path.as_os_str().is_empty() {
        return Err(IpcError::plain("choose the pack to check"));
    }
    if !path.is_absolute() {
        return Err(IpcError::plain("type the file's full path, starting from the top folder"));
    }
    let mut expected = Expected::default();
    if let Some(fp) = expected_fingerprint.filter(|f| !f.trim().is_empty()) {
        expected = expected.with_fingerprint(&fp).map_err(|e| IpcError::plain(e.to_string()))?;
    }
    for code in witnesses.unwrap_or_default().iter().filter(|c| !c.trim().is_empty()) {
        expected =
            expected.with_witness(code).map_err(|e| IpcError::plain(format!("witness code {:?}: {e}", code.trim())))?;
    }
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(IpcSecret::into_passphrase);
    // Hashing a large pack (and the passphrase's scrypt) takes a while: not on the UI thread.
    tauri::async_runtime::spawn_blocking(move || check_and_read_expecting(&path, &expected, passphrase.as_ref()))
        .await
        .map_err(|e| IpcError::plain(format!("the check stopped unexpectedly ({e})")))
}
