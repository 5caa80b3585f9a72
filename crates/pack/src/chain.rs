//! The hash chain's arithmetic, frozen for format v1 (docs/FORMAT.md, "Ledger").
//!
//! ```text
//! commitment = SHA-256("casebook.commit.v1" ‖ salt[32] ‖ body_bytes)
//! link       = SHA-256("casebook.link.v1" ‖ seq as u64 big-endian ‖ prev_link[32] ‖ commitment[32])
//! ```
//! The first record's `prev_link` is 32 zero bytes. Checkpoints sign
//! `"casebook.checkpoint.v1" ‖ vault_id[16] ‖ seq as u64 big-endian ‖ link[32]`.

use casebook_crypto::{Sha256, hash::Digest};

/// A 32-byte hash.
pub type Hash = [u8; 32];

/// `prev_link` of the first record.
pub const GENESIS: Hash = [0u8; 32];

/// The commitment to a body's exact bytes.
pub fn commitment(salt: &[u8; 32], body: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(b"casebook.commit.v1");
    h.update(salt);
    h.update(body);
    h.finalize().into()
}

/// The link of record `seq`.
pub fn link(seq: i64, prev_link: &Hash, commitment: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update(b"casebook.link.v1");
    h.update((seq as u64).to_be_bytes());
    h.update(prev_link);
    h.update(commitment);
    h.finalize().into()
}

/// The message a checkpoint signs: the head it vouches for.
pub fn checkpoint_message(vault_id: &[u8; 16], seq: i64, link: &Hash) -> Vec<u8> {
    let mut m = Vec::with_capacity(22 + 16 + 8 + 32);
    m.extend_from_slice(b"casebook.checkpoint.v1");
    m.extend_from_slice(vault_id);
    m.extend_from_slice(&(seq as u64).to_be_bytes());
    m.extend_from_slice(link);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_arithmetic_is_stable() {
        // Pinned to values computed independently with Python's hashlib, as an outside
        // verifier (verify.html, a script) would compute them.
        let c = commitment(&[1; 32], b"{}");
        let l = link(1, &GENESIS, &c);
        assert_eq!(hex::encode(c), "4fafa6a36fc42a13cc2c124b926de7ca8bb06908c1e45629b79ceaf5241618f4");
        assert_eq!(hex::encode(l), "844f3f8dcb37636d8869f563efc4af8d5dca9e3721c80ac1ffc84bdf383af3de");
    }
}
