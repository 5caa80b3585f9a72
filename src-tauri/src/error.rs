//! Errors as they cross IPC: `{code, message}`. A code is set only where the UI branches
//! on it; everything else is a plain message to show.

use casebook_core::VaultError;
use serde::Serialize;

/// An error the UI can show, and branch on when `code` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, optional_fields = nullable)]
pub struct IpcError {
    /// One of: `wrong_passphrase` (ask again), `locked` (show the unlock screen),
    /// `no_vault` (show first run), `busy` (try again), `cancelled` (the person stopped an
    /// export or import; nothing was written). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Plain words for the person.
    pub message: String,
}

impl IpcError {
    /// An error with a code the UI branches on.
    pub fn coded(code: &str, message: impl Into<String>) -> Self {
        Self { code: Some(code.to_owned()), message: message.into() }
    }

    /// An error to show as it is.
    pub fn plain(message: impl Into<String>) -> Self {
        Self { code: None, message: message.into() }
    }

    /// The vault is locked (after auto-lock or quick exit).
    pub fn locked() -> Self {
        Self::coded("locked", "Casebook is locked. Enter your passphrase to continue.")
    }

    /// An export or import holds the vault; other commands wait for it.
    pub fn busy_with_job() -> Self {
        Self::coded("busy", "Casebook is busy making a pack or importing a file. Wait for it to finish, or cancel it")
    }

    /// The person cancelled a long job; nothing was written.
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self::coded("cancelled", message)
    }
}

impl From<VaultError> for IpcError {
    fn from(err: VaultError) -> Self {
        let message = err.to_string();
        match err {
            VaultError::WrongPassphrase => Self::coded(
                "wrong_passphrase",
                "That passphrase doesn't open this diary. Nothing was changed; try again.",
            ),
            VaultError::NotFound(_) => Self::coded("no_vault", message),
            VaultError::Busy => Self::coded("busy", message),
            _ => Self::plain(message),
        }
    }
}

/// Command results.
pub type IpcResult<T> = Result<T, IpcError>;
