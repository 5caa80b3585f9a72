//! Witness codes as a checker sees them: reading a typed code ([`WitnessCode`]) and comparing
//! it with a pack's chain ([`check`], [`check_pack`]). Making a code and recording it as shared
//! are the vault's (casebook-core's `witness`).
//!
//! A witness code binds the vault's public key and the chain up to one record; the person sent
//! it by a channel that keeps its own date. A pack whose chain and key give the same code
//! passes through that checkpoint: every record up to it existed, unchanged, when the code was
//! sent (docs/FORMAT.md, "Witness codes").

mod check;
mod code;

pub use check::{WitnessCheck, WitnessOutcome, check, check_pack};
pub use code::{DIGEST_LEN, WitnessCode, WitnessCodeError};
