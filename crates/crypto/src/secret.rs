use std::fmt;

use rand_core::{OsRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit symmetric key: a vault's master key or a key-encryption key.
///
/// Zeroized on drop, redacted in `Debug`, not `Clone`: there is one copy, and it is gone
/// when the vault locks. The bytes live on the heap at one address for the key's whole life
/// (moving the key moves only the pointer), and that page is locked in RAM where the system
/// allows it, so the key is never written to swap (casebook-memory's `lock_in_ram`; the page
/// stays locked after the key is gone, which costs a page of RAM and nothing else).
pub struct SecretKey(Box<[u8; 32]>);

impl SecretKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        let mut key = Self::pinned();
        OsRng.fill_bytes(&mut key.0[..]);
        key
    }

    /// Takes ownership of raw key bytes (for example, just unwrapped). The caller's copy is
    /// the caller's to zeroize.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let mut key = Self::pinned();
        key.0.copy_from_slice(&bytes);
        key
    }

    /// Zeros on the heap, locked in RAM, before any secret is written there.
    fn pinned() -> Self {
        let key = Self(Box::new([0; 32]));
        // Best effort: where the system refuses, the key works the same, only swappable.
        let _ = casebook_memory::lock_in_ram(&key.0[..]);
        key
    }

    /// The raw key bytes. Named so that every use is visible in review.
    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl Zeroize for SecretKey {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// A passphrase or recovery key as typed, in Unicode Normalization Form C. Zeroized on
/// drop, redacted in `Debug`.
///
/// Normalising matters because the same word can arrive as different code points: "é" is one
/// code point from most keyboards but "e" plus a combining accent from some input methods and
/// from text copied on macOS. Without it a person could be locked out of their own vault by
/// changing keyboards. NFC (not NFKC) keeps distinct characters distinct, as RFC 8265's
/// OpaqueString profile does.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase, normalised to NFC. Trailing newlines (from a file or pipe) are the
    /// caller's to strip.
    pub fn new(text: String) -> Self {
        let text = Zeroizing::new(text);
        if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
            return Self(text);
        }
        // Room for the worst case up front, so growing never leaves an unzeroized copy behind.
        let mut normal = Zeroizing::new(String::with_capacity(text.len() * 3));
        normal.extend(unicode_normalization::UnicodeNormalization::nfc(text.chars()));
        Self(normal)
    }

    /// The passphrase text.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Passphrase {
    fn from(text: &str) -> Self {
        Self::new(text.to_owned())
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase([redacted])")
    }
}

/// `N` bytes from the operating system's random source.
pub fn random_array<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    OsRng.fill_bytes(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrases_that_look_the_same_are_the_same() {
        let composed = Passphrase::new("caf\u{e9} cr\u{e8}me".into());
        let decomposed = Passphrase::new("cafe\u{301} cre\u{300}me".into());
        assert_eq!(composed.expose_secret(), decomposed.expose_secret());
        assert_eq!(composed.expose_secret(), "caf\u{e9} cr\u{e8}me");
        // Compatibility characters stay distinct (NFC, not NFKC): "ﬁ" is not "fi".
        assert_ne!(Passphrase::new("\u{fb01}".into()).expose_secret(), "fi");
    }

    #[test]
    fn debug_output_never_shows_key_bytes() {
        let key = SecretKey::from_bytes([0xAB; 32]);
        let shown = format!("{key:?}");
        assert_eq!(shown, "SecretKey([redacted])");
        let pass = Passphrase::from("correct horse");
        assert!(!format!("{pass:?}").contains("horse"));
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(SecretKey::generate().expose_secret_bytes(), SecretKey::generate().expose_secret_bytes());
    }
}
