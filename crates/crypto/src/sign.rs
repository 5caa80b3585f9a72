//! Ed25519: one signing key per vault, for checkpoints and evidence bundles.

use std::fmt;

use ed25519_dalek::Signer;
use ed25519_dalek::pkcs8::EncodePublicKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use rand_core::OsRng;
use zeroize::Zeroizing;

use crate::{CryptoError, sha256};

/// An Ed25519 signature, 64 bytes.
pub type Signature = [u8; 64];

/// A vault's Ed25519 secret key. Zeroized on drop (by ed25519-dalek), redacted in `Debug`,
/// not `Clone`. Like [`crate::SecretKey`] it lives on the heap at one address for its whole
/// life, on a page locked in RAM where the system allows it (never written to swap).
pub struct SigningKey(Box<ed25519_dalek::SigningKey>);

impl SigningKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        Self::pinned(Box::new(ed25519_dalek::SigningKey::generate(&mut OsRng)))
    }

    /// Rebuilds a key from its 32-byte seed (as stored, sealed, in the vault). The caller's
    /// seed is the caller's to zeroize.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self::pinned(Box::new(ed25519_dalek::SigningKey::from_bytes(seed)))
    }

    /// Best effort, as for `SecretKey`: where the system refuses, the key works the same.
    fn pinned(key: Box<ed25519_dalek::SigningKey>) -> Self {
        let _ = casebook_memory::lock_in_ram(&*key);
        Self(key)
    }

    /// The 32-byte seed, for sealing into the vault.
    pub fn expose_seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public half.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.0.verifying_key())
    }

    /// Signs `message` (deterministic, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey([redacted], public {})", self.verifying_key().fingerprint())
    }
}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifyingKey(ed25519_dalek::VerifyingKey);

impl VerifyingKey {
    /// Parses 32 bytes; refuses bytes that are not a valid curve point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let arr: &[u8; 32] = bytes.try_into().map_err(|_| CryptoError::Malformed("public key is not 32 bytes"))?;
        ed25519_dalek::VerifyingKey::from_bytes(arr)
            .map(Self)
            .map_err(|_| CryptoError::Malformed("public key is not a valid Ed25519 point"))
    }

    /// The 32 public-key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// SHA-256 of the public key, as 16 groups of four hex digits: what the app and every
    /// report show, so a person can compare keys by eye.
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode(sha256(&self.to_bytes()));
        digest.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
    }

    /// SubjectPublicKeyInfo PEM, as `openssl pkeyutl -verify -pubin -inkey` reads it.
    pub fn to_pem(&self) -> String {
        self.0
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_else(|_| unreachable!("a valid Ed25519 key always encodes as SPKI"))
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey({})", hex::encode(self.to_bytes()))
    }
}

/// Verifies `signature` over `message`, strictly (no malleable or small-order keys).
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let sig: &[u8; 64] = signature.try_into().map_err(|_| CryptoError::Malformed("signature is not 64 bytes"))?;
    key.0.verify_strict(message, &ed25519_dalek::Signature::from_bytes(sig)).map_err(|_| CryptoError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify_round_trip_and_other_key_fails() {
        let key = SigningKey::generate();
        let sig = key.sign(b"head");
        verify(&key.verifying_key(), b"head", &sig).unwrap();
        assert_eq!(verify(&key.verifying_key(), b"heaD", &sig), Err(CryptoError::BadSignature));
        let other = SigningKey::generate();
        assert_eq!(verify(&other.verifying_key(), b"head", &sig), Err(CryptoError::BadSignature));
    }

    #[test]
    fn seed_round_trips() {
        let key = SigningKey::generate();
        let again = SigningKey::from_seed(&key.expose_seed());
        assert_eq!(key.verifying_key(), again.verifying_key());
    }

    #[test]
    fn pem_is_spki() {
        let pem = SigningKey::generate().verifying_key().to_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    }

    #[test]
    fn debug_shows_only_public_part() {
        let key = SigningKey::from_seed(&[5; 32]);
        let shown = format!("{key:?}");
        assert!(shown.contains("[redacted]"));
        assert!(!shown.contains(&hex::encode([5u8; 32])));
    }

    #[test]
    fn short_signature_is_malformed_not_panic() {
        let key = SigningKey::generate();
        assert!(matches!(verify(&key.verifying_key(), b"m", &[0; 10]), Err(CryptoError::Malformed(_))));
    }
}
