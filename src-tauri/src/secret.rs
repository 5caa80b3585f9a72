//! Passphrases and recovery keys as they arrive over IPC.
//!
//! Tauri hands a command its arguments by deserializing them; an argument typed `String`
//! would be an ordinary string that any copy or early return could leave behind. Typed
//! [`IpcSecret`], the text goes straight into a buffer that is zeroed when dropped, prints
//! redacted, and is moved (never copied) into the crypto crate's `Passphrase`. The JSON it
//! came from is freed through the zeroing allocator (casebook-memory).

use std::fmt;

use casebook_crypto::Passphrase;
use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// A secret string from the page.
pub struct IpcSecret(Zeroizing<String>);

impl IpcSecret {
    /// The text, for parsing (a recovery key).
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Moves the text into a `Passphrase` without copying it.
    pub fn into_passphrase(mut self) -> Passphrase {
        Passphrase::new(std::mem::take(&mut *self.0))
    }
}

impl<'de> Deserialize<'de> for IpcSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| Self(Zeroizing::new(s)))
    }
}

impl fmt::Debug for IpcSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IpcSecret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::IpcSecret;

    #[test]
    fn an_ipc_secret_prints_redacted_and_moves_into_a_passphrase() {
        let secret: IpcSecret = serde_json::from_str(r#""correct horse""#).unwrap();
        assert_eq!(format!("{secret:?}"), "IpcSecret([redacted])");
        assert_eq!(secret.into_passphrase().expose_secret(), "correct horse");
    }
}
