//! Errors as they cross IPC: `{code, message}`. A code is set only where the UI branches
//! on it; everything else is a plain message to show.
//!
//! The codes are one enum, [`ErrorCode`], exported to the UI by ts-rs: the UI's branches
//! are typed by the generated union, so renaming or removing a code here fails the UI's
//! type check (`npm run check`) instead of silently never matching. The library error
//! enums (core's `VaultError`, `ExportError`, `ImportError`) become codes here and nowhere
//! else.

use casebook_core::{ExportError, ImportError, VaultError};
use serde::Serialize;

/// What the UI does differently for an error. Each variant is one branch in the UI; an
/// error the UI only shows has no code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The passphrase does not open the vault: ask again (unlock, passphrase change, re-key).
    WrongPassphrase,
    /// Casebook is locked (auto-lock or quick exit): show the unlock screen.
    Locked,
    /// An export or import holds the vault, or another program has it open: try again later.
    Busy,
    /// The person stopped an export or import; nothing was written.
    Cancelled,
    /// The sealed IPC channel is missing or a call did not open (sealed.rs): the page agrees
    /// a new channel and tries once more.
    Channel,
}

/// An error the UI can show, and branch on when `code` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, optional_fields = nullable)]
pub struct IpcError {
    /// What the UI does about it; absent when there is nothing to do but show `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// Plain words for the person.
    pub message: String,
}

impl IpcError {
    /// An error with a code the UI branches on.
    pub fn coded(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code: Some(code), message: message.into() }
    }

    /// An error to show as it is.
    pub fn plain(message: impl Into<String>) -> Self {
        Self { code: None, message: message.into() }
    }

    /// The vault is locked (after auto-lock or quick exit).
    pub fn locked() -> Self {
        Self::coded(ErrorCode::Locked, "Casebook is locked. Enter your passphrase to continue.")
    }

    /// An export or import holds the vault; other commands wait for it.
    pub fn busy_with_job() -> Self {
        Self::coded(
            ErrorCode::Busy,
            "Casebook is busy making a pack or importing a file. Wait for it to finish, or cancel it",
        )
    }

    /// The sealed channel is missing, or a sealed call is malformed (sealed.rs).
    pub fn channel(message: impl Into<String>) -> Self {
        Self::coded(ErrorCode::Channel, message)
    }
}

impl From<VaultError> for IpcError {
    fn from(err: VaultError) -> Self {
        match err {
            VaultError::WrongPassphrase => Self::coded(
                ErrorCode::WrongPassphrase,
                "That passphrase doesn't open this diary. Nothing was changed; try again.",
            ),
            VaultError::Busy => Self::coded(ErrorCode::Busy, err.to_string()),
            other => Self::plain(other.to_string()),
        }
    }
}

impl From<ExportError> for IpcError {
    fn from(err: ExportError) -> Self {
        match err {
            ExportError::Cancelled => Self::coded(ErrorCode::Cancelled, err.to_string()),
            ExportError::Vault(v) => v.into(),
            other => Self::plain(other.to_string()),
        }
    }
}

impl From<ImportError> for IpcError {
    fn from(err: ImportError) -> Self {
        match err {
            ImportError::Cancelled => Self::coded(ErrorCode::Cancelled, err.to_string()),
            ImportError::Vault(v) => v.into(),
            other => Self::plain(other.to_string()),
        }
    }
}

/// Command results.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The wire shape the UI parses: `{code, message}` with the code in snake_case, and no
    /// `code` key at all for an error the UI only shows.
    #[test]
    fn ipc_errors_cross_as_code_and_message() {
        let wrong = serde_json::to_value(IpcError::from(VaultError::WrongPassphrase)).unwrap();
        assert_eq!(wrong["code"], "wrong_passphrase");
        assert!(wrong["message"].as_str().unwrap().contains("passphrase"));
        let plain = serde_json::to_value(IpcError::plain("choose a file")).unwrap();
        assert_eq!(plain, serde_json::json!({"message": "choose a file"}));
        for (code, wire) in [
            (ErrorCode::Locked, "locked"),
            (ErrorCode::Busy, "busy"),
            (ErrorCode::Cancelled, "cancelled"),
            (ErrorCode::Channel, "channel"),
        ] {
            assert_eq!(serde_json::to_value(IpcError::coded(code, "m")).unwrap()["code"], wire);
        }
    }

    /// Library errors get their codes here: cancelling an export or import, and a vault
    /// error inside either, keep the code the UI branches on.
    #[test]
    fn ipc_library_errors_map_to_their_codes() {
        assert_eq!(IpcError::from(ExportError::Cancelled).code, Some(ErrorCode::Cancelled));
        assert_eq!(IpcError::from(ImportError::Cancelled).code, Some(ErrorCode::Cancelled));
        assert_eq!(IpcError::from(ExportError::Vault(VaultError::Busy)).code, Some(ErrorCode::Busy));
        assert_eq!(
            IpcError::from(ImportError::Vault(VaultError::WrongPassphrase)).code,
            Some(ErrorCode::WrongPassphrase)
        );
    }
}
