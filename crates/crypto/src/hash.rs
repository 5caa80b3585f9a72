//! SHA-256, the one hash Casebook uses (commitments, links, attachment digests, fingerprints).

pub use sha2::{Digest, Sha256};

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}
