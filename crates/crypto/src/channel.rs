//! The sealed channel between the app's page and its shell (issue 17, "Lock means gone").
//!
//! Everything the page and the shell say to each other passes through WebKit's IPC, and WebKit
//! keeps copies of those bodies in buffers of its own (C heap, its own allocator) that the
//! shell cannot wipe: measured after Lock, the app process still held the passphrase of the
//! unlock request and the text of the last entry shown. So the bodies that matter are sealed
//! end to end, and what WebKit keeps is ciphertext under a key that no longer exists once
//! Casebook locks.
//!
//! The page and the shell agree a key per page with ephemeral ECDH on P-256 (what WebCrypto
//! offers in every webview Casebook runs in): each side makes a key pair, only the public
//! halves cross IPC. HKDF-SHA-256 over the shared secret, salted with both public keys, gives
//! one AES-256-GCM key per direction, so a message can never be reflected back as the other
//! side's. A message is `12-byte random nonce ‖ ciphertext ‖ 16-byte tag`.
//!
//! On lock the shell drops its [`Channel`] (its keys zeroize) and the page's web process,
//! holding the other half, is ended: nothing anywhere can open what WebKit kept.
//!
//! This is not protection against someone inside the running, unlocked app (they could call
//! the shell as the page does); it makes leftovers useless, nothing more. Replays within one
//! page's life are not refused, for the same reason.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use p256::PublicKey;
use p256::ecdh::EphemeralSecret;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rand_core::OsRng;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{CryptoError, SecretKey, random_array};

/// Length of a public key as it crosses IPC: SEC1 uncompressed (`0x04 ‖ x ‖ y`), what
/// WebCrypto's `exportKey('raw')` gives for P-256.
pub const PUBLIC_KEY_LEN: usize = 65;
/// Bytes a sealed message adds to its plaintext: nonce and tag.
pub const CHANNEL_OVERHEAD: usize = NONCE_LEN + 16;
const NONCE_LEN: usize = 12;

/// HKDF `info` for the key of each direction. The page (ui/src/lib/ipc/channel.ts) uses the
/// same strings.
const PAGE_TO_SHELL: &[u8] = b"casebook ipc channel v1: page to shell";
const SHELL_TO_PAGE: &[u8] = b"casebook ipc channel v1: shell to page";

/// Which end of the channel a key pair belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The web page (the shell's tests play it too).
    Page,
    /// The Rust shell.
    Shell,
}

/// One end's ephemeral key pair, before the other end's public key is known.
pub struct Handshake {
    side: Side,
    secret: EphemeralSecret,
    public: [u8; PUBLIC_KEY_LEN],
}

impl Handshake {
    /// A fresh key pair for `side`.
    pub fn new(side: Side) -> Self {
        let secret = EphemeralSecret::random(&mut OsRng);
        let mut public = [0u8; PUBLIC_KEY_LEN];
        public.copy_from_slice(secret.public_key().to_encoded_point(false).as_bytes());
        Self { side, secret, public }
    }

    /// This end's public key, to send to the other end.
    pub fn public_key(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.public
    }

    /// The channel, given the other end's public key (SEC1 uncompressed). The ephemeral
    /// secret is consumed and zeroized.
    pub fn finish(self, peer_public: &[u8]) -> Result<Channel, CryptoError> {
        if peer_public.len() != PUBLIC_KEY_LEN {
            return Err(CryptoError::Malformed("channel public key"));
        }
        // Checks that the point is on the curve (and not the identity).
        let peer = PublicKey::from_sec1_bytes(peer_public).map_err(|_| CryptoError::Malformed("channel public key"))?;
        let shared = self.secret.diffie_hellman(&peer);
        let (page_public, shell_public) = match self.side {
            Side::Page => (&self.public[..], peer_public),
            Side::Shell => (peer_public, &self.public[..]),
        };
        let salt = [page_public, shell_public].concat();
        let hkdf = Hkdf::<Sha256>::new(Some(&salt), shared.raw_secret_bytes());
        let derive = |info: &[u8]| -> Result<SecretKey, CryptoError> {
            let mut okm = Zeroizing::new([0u8; 32]);
            hkdf.expand(info, &mut okm[..]).map_err(|_| CryptoError::Malformed("channel key length"))?;
            Ok(SecretKey::from_bytes(*okm))
        };
        let (to_page, to_shell) = (derive(SHELL_TO_PAGE)?, derive(PAGE_TO_SHELL)?);
        let (seal, open) = match self.side {
            Side::Page => (to_shell, to_page),
            Side::Shell => (to_page, to_shell),
        };
        Ok(Channel { seal, open })
    }
}

/// An agreed channel: seals what this end sends, opens what the other end sent. Its keys
/// zeroize on drop.
pub struct Channel {
    seal: SecretKey,
    open: SecretKey,
}

impl Channel {
    /// Seals `plaintext` for the other end.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let nonce: [u8; NONCE_LEN] = random_array();
        let cipher = Aes256Gcm::new(self.seal.expose_secret_bytes().into());
        // AES-GCM fails only past 64 GiB in one message; no IPC body comes near.
        let body = cipher.encrypt(Nonce::from_slice(&nonce), plaintext).unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + body.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        out
    }

    /// Opens a message the other end sealed. The plaintext zeroizes when dropped.
    pub fn open(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if sealed.len() < CHANNEL_OVERHEAD {
            return Err(CryptoError::Truncated);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let cipher = Aes256Gcm::new(self.open.expose_secret_bytes().into());
        cipher.decrypt(Nonce::from_slice(nonce), body).map(Zeroizing::new).map_err(|_| CryptoError::Decrypt)
    }
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Channel([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (Channel, Channel) {
        let page = Handshake::new(Side::Page);
        let shell = Handshake::new(Side::Shell);
        let (page_pub, shell_pub) = (page.public_key(), shell.public_key());
        (page.finish(&shell_pub).unwrap(), shell.finish(&page_pub).unwrap())
    }

    #[test]
    fn each_end_opens_what_the_other_sealed() {
        let (page, shell) = pair();
        let up = page.seal(b"kestrel lantern passphrase");
        assert_eq!(&shell.open(&up).unwrap()[..], b"kestrel lantern passphrase");
        let down = shell.seal(b"He was waiting at the bus stop again.");
        assert_eq!(&page.open(&down).unwrap()[..], b"He was waiting at the bus stop again.");
        assert_eq!(up.len(), b"kestrel lantern passphrase".len() + CHANNEL_OVERHEAD);
    }

    #[test]
    fn a_sealed_message_holds_no_plaintext_and_never_repeats() {
        let (page, _) = pair();
        let a = page.seal(b"Marker-heron-quay");
        let b = page.seal(b"Marker-heron-quay");
        assert_ne!(a, b);
        assert!(!a.windows(6).any(|w| w == b"Marker"));
    }

    #[test]
    fn a_message_cannot_be_reflected_to_its_sender() {
        let (page, shell) = pair();
        assert_eq!(page.open(&page.seal(b"x")).unwrap_err(), CryptoError::Decrypt);
        assert_eq!(shell.open(&shell.seal(b"x")).unwrap_err(), CryptoError::Decrypt);
    }

    #[test]
    fn another_pages_channel_opens_nothing() {
        let (page, _) = pair();
        let (_, other_shell) = pair();
        assert_eq!(other_shell.open(&page.seal(b"x")).unwrap_err(), CryptoError::Decrypt);
    }

    #[test]
    fn altered_or_short_messages_are_refused() {
        let (page, shell) = pair();
        let mut sealed = page.seal(b"entry text");
        sealed[20] ^= 1;
        assert_eq!(shell.open(&sealed).unwrap_err(), CryptoError::Decrypt);
        assert_eq!(shell.open(&[0; CHANNEL_OVERHEAD - 1]).unwrap_err(), CryptoError::Truncated);
    }

    #[test]
    fn bad_public_keys_are_refused() {
        let shell = || Handshake::new(Side::Shell);
        assert!(shell().finish(&[4; 10]).is_err());
        // The right length, but not a point on the curve.
        let mut bogus = [0u8; PUBLIC_KEY_LEN];
        bogus[0] = 4;
        bogus[1] = 1;
        assert!(shell().finish(&bogus).is_err());
    }

    /// The page's half is WebCrypto (ui/src/lib/ipc/channel.ts): ECDH deriveBits (the
    /// x-coordinate), HKDF-SHA-256 with salt `page ‖ shell` and the info strings above, then
    /// AES-256-GCM with a 12-byte nonce in front. Pinned against RFC 5869's HKDF here so the
    /// two halves cannot drift apart unnoticed.
    #[test]
    fn the_key_schedule_is_plain_hkdf_sha256() {
        let (page_pub, shell_pub) = ([1u8; 65], [2u8; 65]);
        let ikm = [3u8; 32];
        let salt = [&page_pub[..], &shell_pub[..]].concat();
        let mut okm = [0u8; 32];
        Hkdf::<Sha256>::new(Some(&salt), &ikm).expand(PAGE_TO_SHELL, &mut okm).unwrap();
        // extract: PRK = HMAC(salt, ikm); expand (one block): HMAC(PRK, info ‖ 0x01).
        use sha2::Digest;
        let hmac = |key: &[u8], msg: &[u8]| -> [u8; 32] {
            let mut k = [0u8; 64];
            k[..32].copy_from_slice(&Sha256::digest(key));
            let k = if key.len() > 64 {
                k
            } else {
                let mut k = [0u8; 64];
                k[..key.len()].copy_from_slice(key);
                k
            };
            let inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).chain(msg.iter().copied()).collect();
            let outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).chain(Sha256::digest(&inner)).collect();
            Sha256::digest(&outer).into()
        };
        let prk = hmac(&salt, &ikm);
        assert_eq!(okm, hmac(&prk, &[PAGE_TO_SHELL, &[1]].concat()));
    }
}
