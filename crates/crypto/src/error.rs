use thiserror::Error;

/// Why a cryptographic operation failed.
///
/// Messages never contain key material or plaintext.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// The envelope starts with a version byte this build does not know. Newer files are
    /// refused rather than guessed at.
    #[error("unknown envelope version {0}")]
    UnknownVersion(u8),
    /// The input is shorter than a version byte, a nonce and an authentication tag, or empty.
    #[error("envelope is truncated")]
    Truncated,
    /// Authentication failed: the key is wrong, the associated data differs (the value was
    /// moved), or a byte was changed.
    #[error("decryption failed: wrong key, or the data was moved or altered")]
    Decrypt,
    /// The Argon2id parameters are outside what the algorithm accepts.
    #[error("invalid key-derivation parameters: {0}")]
    KdfParams(String),
    /// An Ed25519 signature did not verify against the public key and message.
    #[error("signature does not verify")]
    BadSignature,
    /// Bytes that should be an Ed25519 public key, signature or secret key are malformed.
    #[error("malformed key or signature: {0}")]
    Malformed(&'static str),
}
