//! Checking a pack someone made (or received): needs no vault, so it works while locked.

use std::path::PathBuf;

use casebook_core::verify::{CheckedPack, Expected, PackKey, check_and_read_with};

use crate::error::{IpcError, IpcResult};
use crate::secret::IpcSecret;

/// Checks the pack at `path` (an advocate pack with `passphrase`), against the fingerprint on
/// the person's key card and the witness codes they sent, when given, and, when every check
/// passes, returns what it discloses for a read-only view. A pack made for a recipient card
/// opens with the recipient's identity file at `identity_path` (read here, in the shell: the
/// secret never crosses IPC). Reads only.
#[tauri::command]
pub async fn verify_pack(
    path: PathBuf,
    passphrase: Option<IpcSecret>,
    expected_fingerprint: Option<String>,
    witnesses: Option<Vec<String>>,
    identity_path: Option<PathBuf>,
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
    let identity = match identity_path.filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => Some(casebook_core::recipient::read_identity(&p).map_err(|e| IpcError::plain(e.to_string()))?),
        None => None,
    };
    // Hashing a large pack (and the passphrase's scrypt) takes a while: not on the UI thread.
    tauri::async_runtime::spawn_blocking(move || {
        let key = match &identity {
            Some(id) => PackKey::Identity(id),
            None => passphrase.as_ref().into(),
        };
        check_and_read_with(&path, &expected, key)
    })
    .await
    .map_err(|e| IpcError::plain(format!("the check stopped unexpectedly ({e})")))
}
