//! Casebook's cryptography, and nothing else: no SQL, no files, no Tauri.
//!
//! Everything Casebook stores about a person's life is sealed in an [`envelope`]:
//! `version ‖ 24-byte random nonce ‖ XChaCha20-Poly1305(ciphertext ‖ tag)`, with associated
//! data chosen by the caller so that a value copied to another row or column fails to open.
//! Keys come from a passphrase through [`kdf`] (Argon2id) and wrap a random master key
//! ([`wrap_key`]). Each vault also has an Ed25519 [`sign::SigningKey`] for signed checkpoints
//! and evidence bundles.
//!
//! Secret types ([`SecretKey`], [`Passphrase`], [`sign::SigningKey`]) zeroize on drop, print
//! as `[redacted]`, and are neither `Clone` nor `Serialize`: reaching their bytes takes a
//! method whose name says so.
//!
//! ```
//! use casebook_crypto::{seal, open, SecretKey};
//! let key = SecretKey::generate();
//! let sealed = seal(&key, b"entries/7/body", b"He called 14 times");
//! assert_eq!(&open(&key, b"entries/7/body", &sealed)?[..], b"He called 14 times");
//! assert!(open(&key, b"entries/8/body", &sealed).is_err()); // moved to another row
//! # Ok::<(), casebook_crypto::CryptoError>(())
//! ```

pub mod channel;
pub mod envelope;
mod error;
pub mod hash;
pub mod kdf;
mod secret;
pub mod sign;

#[cfg(test)]
mod vectors;

pub use envelope::{ENVELOPE_OVERHEAD, ENVELOPE_VERSION, open, seal, seal_into, unwrap_key, wrap_key};
pub use error::CryptoError;
pub use hash::{Sha256, sha256};
pub use kdf::{KdfParams, derive_key};
pub use secret::{Passphrase, SecretKey, random_array};
pub use sign::{Signature, SigningKey, VerifyingKey, verify};
