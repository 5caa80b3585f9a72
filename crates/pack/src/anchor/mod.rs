//! RFC 3161 time-stamps as a pack carries them, and what a verifier needs to check one without
//! a vault: the anchor file's bytes ([`anchor_data`]), the DER request and reply ([`tsp`]), and
//! the TSA's CMS signature on the token ([`signer`]). Making a request and storing a reply are
//! the vault's (casebook-core's `anchor`).

pub mod signer;
pub mod tsp;

pub use signer::SignatureError;
pub use tsp::TspError;

/// The largest reply read (a TSA's reply with its certificate chain is a few KiB).
pub const MAX_REPLY_BYTES: usize = 256 * 1024;

/// The file a time-stamp is over, for record `seq` with `link` of the vault whose Ed25519
/// public key is `public_key`. Four lines of ASCII, each ending in LF (no CR):
///
/// ```text
/// casebook.anchor.v1
/// public_key <64 hex digits>
/// seq <decimal, no leading zeros>
/// link <64 hex digits>
/// ```
///
/// Plain text, so the person checking can read what was time-stamped; the request's imprint
/// is SHA-256 of exactly these bytes. Do not modify: tokens already issued cover these bytes.
pub fn anchor_data(public_key: &[u8; 32], seq: i64, link: &[u8; 32]) -> Vec<u8> {
    format!("casebook.anchor.v1\npublic_key {}\nseq {seq}\nlink {}\n", hex::encode(public_key), hex::encode(link))
        .into_bytes()
}
