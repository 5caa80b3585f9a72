//! The envelope: `version (1) ‖ nonce (24) ‖ XChaCha20-Poly1305 ciphertext ‖ tag (16)`.
//!
//! The associated data is the caller's: Casebook binds vault id, table, row, column and
//! format version into it, so that a sealed value only opens where it was written.
//! The layout is frozen for version 1; a test pins it (`wire_format_is_stable`).

use chacha20poly1305::aead::{Aead, AeadInPlace, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::{CryptoError, SecretKey, random_array};

/// The only envelope version this build writes and reads.
pub const ENVELOPE_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// Bytes an envelope adds to its plaintext.
pub const ENVELOPE_OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN;

/// Encrypts `plaintext` under `key`, binding `aad`, with a fresh random nonce.
pub fn seal(key: &SecretKey, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    seal_with_nonce(key, aad, plaintext, &random_array())
}

/// As [`seal`], into `out` (cleared first), so a caller sealing many chunks can reuse one
/// buffer instead of allocating a megabyte per chunk.
pub fn seal_into(key: &SecretKey, aad: &[u8], plaintext: &[u8], out: &mut Vec<u8>) {
    seal_with_nonce_into(key, aad, plaintext, &random_array(), out);
}

/// As [`seal`], with a given nonce. Only for test vectors: reusing a nonce breaks secrecy.
pub(crate) fn seal_with_nonce(key: &SecretKey, aad: &[u8], plaintext: &[u8], nonce: &[u8; NONCE_LEN]) -> Vec<u8> {
    let mut out = Vec::new();
    seal_with_nonce_into(key, aad, plaintext, nonce, &mut out);
    out
}

fn seal_with_nonce_into(key: &SecretKey, aad: &[u8], plaintext: &[u8], nonce: &[u8; NONCE_LEN], out: &mut Vec<u8>) {
    let cipher = XChaCha20Poly1305::new(key.expose_secret_bytes().into());
    // Encrypted where it will stay, after the version and nonce: one buffer and one pass over
    // the bytes (an attachment chunk is 1 MiB; `Aead::encrypt` would make a second buffer and
    // a copy). Room is made first, so the plaintext copied in is never moved before it is
    // encrypted over.
    out.clear();
    out.reserve_exact(ENVELOPE_OVERHEAD + plaintext.len());
    out.push(ENVELOPE_VERSION);
    out.extend_from_slice(nonce);
    out.extend_from_slice(plaintext);
    let tag = cipher
        .encrypt_in_place_detached(XNonce::from_slice(nonce), aad, &mut out[1 + NONCE_LEN..])
        // The only failure is a plaintext beyond 2^38 bytes; callers chunk far below that.
        .expect("XChaCha20-Poly1305 encryption of a bounded plaintext cannot fail");
    out.extend_from_slice(&tag);
}

/// Opens an envelope made by [`seal`] with the same key and associated data.
///
/// Refuses empty, truncated and unknown-version input before attempting decryption.
pub fn open(key: &SecretKey, aad: &[u8], envelope: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let (&version, rest) = envelope.split_first().ok_or(CryptoError::Truncated)?;
    if version != ENVELOPE_VERSION {
        return Err(CryptoError::UnknownVersion(version));
    }
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::Truncated);
    }
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.expose_secret_bytes().into());
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Decrypt)
}

/// Seals one key under another (a master key under a key-encryption key).
pub fn wrap_key(kek: &SecretKey, aad: &[u8], key: &SecretKey) -> Vec<u8> {
    seal(kek, aad, key.expose_secret_bytes())
}

/// Opens a key sealed by [`wrap_key`]. A wrong passphrase surfaces here as [`CryptoError::Decrypt`].
pub fn unwrap_key(kek: &SecretKey, aad: &[u8], wrapped: &[u8]) -> Result<SecretKey, CryptoError> {
    let plain = open(kek, aad, wrapped)?;
    let bytes: [u8; 32] =
        plain.as_slice().try_into().map_err(|_| CryptoError::Malformed("wrapped key is not 32 bytes"))?;
    Ok(SecretKey::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> SecretKey {
        SecretKey::from_bytes([b; 32])
    }

    #[test]
    fn wire_format_is_stable() {
        let sealed = seal_with_nonce(&key(7), b"aad", b"hello", &[9; 24]);
        assert_eq!(sealed.len(), 5 + ENVELOPE_OVERHEAD);
        assert_eq!(sealed[0], 1);
        assert_eq!(&sealed[1..25], &[9; 24]);
        // Pinned: if this changes, every existing vault stops opening.
        assert_eq!(hex::encode(&sealed[25..]), "d6178ee613b489cbb2b56cd8c249a025cb3568ee6a");
    }

    #[test]
    fn sealing_into_a_reused_buffer_replaces_what_it_held() {
        let mut out = vec![0xEE; 3 * 1024 * 1024];
        seal_with_nonce_into(&key(7), b"aad", b"hello", &[9; 24], &mut out);
        assert_eq!(out, seal_with_nonce(&key(7), b"aad", b"hello", &[9; 24]));
        let chunk = vec![0x5A; 1024 * 1024];
        seal_into(&key(7), b"chunk", &chunk, &mut out);
        assert_eq!(open(&key(7), b"chunk", &out).unwrap().as_slice(), &chunk[..]);
    }

    #[test]
    fn empty_plaintext_round_trips() {
        let sealed = seal(&key(1), b"", b"");
        assert_eq!(open(&key(1), b"", &sealed).unwrap().len(), 0);
    }

    #[test]
    fn empty_input_is_truncated_not_panic() {
        assert_eq!(open(&key(1), b"", &[]), Err(CryptoError::Truncated));
        assert_eq!(open(&key(1), b"", &[1; 40]), Err(CryptoError::Truncated));
    }

    #[test]
    fn unencrypted_input_is_refused() {
        assert_eq!(
            open(&key(1), b"", b"{\"plain\":\"json text here, not sealed\"}"),
            Err(CryptoError::UnknownVersion(b'{'))
        );
    }

    #[test]
    fn nonces_are_fresh() {
        assert_ne!(seal(&key(1), b"", b"x"), seal(&key(1), b"", b"x"));
    }

    #[test]
    fn wrapped_key_round_trips_and_wrong_kek_fails() {
        let master = SecretKey::generate();
        let wrapped = wrap_key(&key(3), b"slot", &master);
        let back = unwrap_key(&key(3), b"slot", &wrapped).unwrap();
        assert_eq!(back.expose_secret_bytes(), master.expose_secret_bytes());
        assert_eq!(unwrap_key(&key(4), b"slot", &wrapped).unwrap_err(), CryptoError::Decrypt);
    }
}
