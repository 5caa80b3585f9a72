//! The witness code itself: its bytes, its written form, and reading it back as typed.
//! Frozen for v1 (docs/FORMAT.md, "Witness codes").
//!
//! ```text
//! digest = SHA-256("casebook.witness.v1" ‖ public_key[32] ‖ seq as u64 big-endian ‖ link[32])[0..10]
//! check  = SHA-256("casebook.witness.check.v1" ‖ seq as u64 big-endian ‖ digest[10])[0..3] >> 4  (20 bits)
//! text   = "W-" ‖ seq in decimal ‖ "-" ‖ base32(digest ‖ check) in 5 groups of 4, joined by "-"
//! ```
//!
//! `digest` (80 bits) is what binds the code to the key and to the chain up to `seq`; `check`
//! (20 bits, 4 characters) only catches typing mistakes, so a mistyped code is named as
//! mistyped instead of reading as a forged pack. Do not modify: codes already sent by text or
//! email must keep their meaning.

use std::fmt;
use std::str::FromStr;

use casebook_crypto::{Sha256, hash::Digest};
use thiserror::Error;

use crate::base32;
use crate::chain::Hash;

/// Bytes of the SHA-256 kept in a code: 80 bits.
pub const DIGEST_LEN: usize = 10;
/// Base32 characters after the record number: 16 for the digest, 4 for the check.
const CHARS: usize = 20;
/// The domain-separation prefixes (do not modify).
const DOMAIN: &[u8] = b"casebook.witness.v1";
const CHECK_DOMAIN: &[u8] = b"casebook.witness.check.v1";

/// A witness code: a record number and 80 bits that only that chain, up to that record, under
/// that signing key, produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WitnessCode {
    seq: i64,
    digest: [u8; DIGEST_LEN],
}

/// Why a typed witness code was not read. Every message is one sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WitnessCodeError {
    /// Nothing was given.
    #[error("no witness code was given")]
    Empty,
    /// It does not start with `W-` and a record number.
    #[error("a witness code starts with W- and a record number, like W-214-ABCD-EFGH-IJKL-MNOP-QRST")]
    NotACode,
    /// The record number is not a number from 1 up.
    #[error("the record number in a witness code is a whole number from 1 up")]
    BadRecordNumber,
    /// Too few or too many characters after the record number.
    #[error("a witness code has 20 letters and digits after the record number (found {found})")]
    WrongLength {
        /// How many were found.
        found: usize,
    },
    /// A character outside A-Z and 2-7.
    #[error("a witness code has only letters A-Z and digits 2-7 after the record number (found {0:?})")]
    BadCharacter(char),
    /// Well formed, but its check characters do not match: a typing or copying mistake.
    #[error("that witness code was mistyped or miscopied (its check letters do not match); copy it again")]
    Mistyped,
}

impl WitnessCode {
    /// The code for record `seq`, whose link is `link`, in a chain signed by `public_key`.
    pub fn compute(public_key: &[u8; 32], seq: i64, link: &Hash) -> Self {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(public_key);
        h.update((seq as u64).to_be_bytes());
        h.update(link);
        let full: [u8; 32] = h.finalize().into();
        let mut digest = [0u8; DIGEST_LEN];
        digest.copy_from_slice(&full[..DIGEST_LEN]);
        WitnessCode { seq, digest }
    }

    /// The record the code vouches for: every record up to and including it.
    pub fn seq(&self) -> i64 {
        self.seq
    }

    /// Whether this code is the one `public_key` and `link` (record [`seq`](Self::seq)'s
    /// link) give.
    pub fn matches(&self, public_key: &[u8; 32], link: &Hash) -> bool {
        *self == Self::compute(public_key, self.seq, link)
    }

    /// Reads a code as typed: case, spaces and dashes between groups do not matter, and
    /// `0`/`1`/`8` are read as `O`/`I`/`B`.
    pub fn parse(text: &str) -> Result<Self, WitnessCodeError> {
        let typed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.is_empty() {
            return Err(WitnessCodeError::Empty);
        }
        let rest = typed.strip_prefix("W-").or_else(|| typed.strip_prefix("w-")).ok_or(WitnessCodeError::NotACode)?;
        let (number, letters) = rest.split_once('-').ok_or(WitnessCodeError::NotACode)?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WitnessCodeError::NotACode);
        }
        let seq: i64 = number.parse().map_err(|_| WitnessCodeError::BadRecordNumber)?;
        if seq < 1 {
            return Err(WitnessCodeError::BadRecordNumber);
        }
        let letters: Vec<char> = letters.chars().filter(|c| *c != '-').collect();
        if letters.len() != CHARS {
            return Err(WitnessCodeError::WrongLength { found: letters.len() });
        }
        // 20 characters are exactly 100 bits: 80 of digest, then 20 of check.
        let mut bits: u128 = 0;
        for c in letters {
            let v = base32::value(c).ok_or(WitnessCodeError::BadCharacter(c))?;
            bits = (bits << 5) | u128::from(v);
        }
        let check = (bits & 0xF_FFFF) as u32;
        let digest_bits = bits >> 20;
        let mut digest = [0u8; DIGEST_LEN];
        for (i, byte) in digest.iter_mut().enumerate() {
            *byte = (digest_bits >> (8 * (DIGEST_LEN - 1 - i))) as u8;
        }
        if check != check_bits(seq, &digest) {
            return Err(WitnessCodeError::Mistyped);
        }
        Ok(WitnessCode { seq, digest })
    }
}

/// The 20 check bits over the record number and the digest.
fn check_bits(seq: i64, digest: &[u8; DIGEST_LEN]) -> u32 {
    let mut h = Sha256::new();
    h.update(CHECK_DOMAIN);
    h.update((seq as u64).to_be_bytes());
    h.update(digest);
    let full: [u8; 32] = h.finalize().into();
    (u32::from(full[0]) << 12) | (u32::from(full[1]) << 4) | (u32::from(full[2]) >> 4)
}

impl fmt::Display for WitnessCode {
    /// `W-214-ABCD-EFGH-IJKL-MNOP-QRST`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bits: u128 = 0;
        for b in self.digest {
            bits = (bits << 8) | u128::from(b);
        }
        bits = (bits << 20) | u128::from(check_bits(self.seq, &self.digest));
        write!(f, "W-{}", self.seq)?;
        for i in 0..CHARS {
            if i % 4 == 0 {
                f.write_str("-")?;
            }
            let v = (bits >> (5 * (CHARS - 1 - i))) & 31;
            write!(f, "{}", base32::ALPHABET[v as usize] as char)?;
        }
        Ok(())
    }
}

impl FromStr for WitnessCode {
    type Err = WitnessCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for WitnessCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for WitnessCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> WitnessCode {
        WitnessCode::compute(&[7; 32], 214, &[9; 32])
    }

    #[test]
    fn witness_code_wire_format_is_stable() {
        // Pinned to values computed independently with Python's hashlib and base64.b32encode,
        // as verify.html or a script would compute them (docs/FORMAT.md, "Witness codes").
        assert_eq!(sample().to_string(), PINNED);
    }

    const PINNED: &str = "W-214-XDAQ-7LYR-3VQ5-V6DY-PHAV";

    #[test]
    fn a_code_reads_back_as_written_and_forgivingly_as_typed() {
        let code = sample();
        let text = code.to_string();
        assert_eq!(WitnessCode::parse(&text), Ok(code));
        assert_eq!(WitnessCode::parse(&text.to_lowercase()), Ok(code));
        let spaced = text.replace('-', " - ");
        assert_eq!(WitnessCode::parse(&spaced), Ok(code));
        let no_groups = format!("W-214-{}", text[6..].replace('-', ""));
        assert_eq!(WitnessCode::parse(&no_groups), Ok(code));
        assert!(code.matches(&[7; 32], &[9; 32]));
        assert!(!code.matches(&[8; 32], &[9; 32]), "another key");
        assert!(!code.matches(&[7; 32], &[10; 32]), "another chain");
    }

    #[test]
    fn malformed_codes_are_named_not_panics() {
        use WitnessCodeError as E;
        assert_eq!(WitnessCode::parse(""), Err(E::Empty));
        assert_eq!(WitnessCode::parse("  "), Err(E::Empty));
        assert_eq!(WitnessCode::parse("X-214-AAAA"), Err(E::NotACode));
        assert_eq!(WitnessCode::parse("W-AAAA-BBBB"), Err(E::NotACode));
        assert_eq!(WitnessCode::parse("W-214"), Err(E::NotACode));
        assert_eq!(WitnessCode::parse("W-0-AAAA-AAAA-AAAA-AAAA-AAAA"), Err(E::BadRecordNumber));
        assert_eq!(WitnessCode::parse("W-99999999999999999999999-AAAA-AAAA-AAAA-AAAA-AAAA"), Err(E::BadRecordNumber));
        assert_eq!(WitnessCode::parse("W-214-AAAA-AAAA"), Err(E::WrongLength { found: 8 }));
        assert_eq!(WitnessCode::parse("W-214-AAAA-AAAA-AAAA-AAAA-AAAA-A"), Err(E::WrongLength { found: 21 }));
        assert_eq!(WitnessCode::parse("W-214-AAAA-AAAA-AAAA-AAAA-AAA9"), Err(E::BadCharacter('9')));
        assert_eq!(WitnessCode::parse("W-214-ÄAAA-AAAA-AAAA-AAAA-AAAA"), Err(E::BadCharacter('Ä')));
    }

    #[test]
    fn every_single_typo_is_caught_as_a_typo() {
        let text = sample().to_string();
        let (number, letters) = text[2..].split_once('-').unwrap_or_default();
        for (i, c) in letters.char_indices().filter(|(_, c)| *c != '-') {
            for &r in base32::ALPHABET {
                let r = r as char;
                if r == c {
                    continue;
                }
                let mut typo = letters.to_owned();
                typo.replace_range(i..i + 1, &r.to_string());
                assert_eq!(
                    WitnessCode::parse(&format!("W-{number}-{typo}")),
                    Err(WitnessCodeError::Mistyped),
                    "{c} -> {r} at {i}"
                );
            }
        }
        // A wrong record number is a typo too: the check covers it.
        assert_eq!(WitnessCode::parse(&text.replacen("214", "215", 1)), Err(WitnessCodeError::Mistyped));
        assert_eq!(WitnessCode::parse(&text.replacen("214", "21", 1)), Err(WitnessCodeError::Mistyped));
    }
}
