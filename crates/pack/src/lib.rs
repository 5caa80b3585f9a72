//! Casebook's evidence pack, as a recipient sees it: the format of every file in a pack, and
//! the arithmetic a verifier needs. Nothing here opens a vault or links SQLite, so a small
//! verifier can be built, vetted and handed to police on its own (docs/ARCHITECTURE.md).
//!
//! ```
//! use casebook_pack::chain;
//! let commitment = chain::commitment(&[1; 32], b"{}");
//! let link = chain::link(1, &chain::GENESIS, &commitment);
//! assert_eq!(link.len(), 32);
//! ```

pub mod base32;
pub mod chain;
pub mod format;
mod kind;

pub use kind::EntryKind;
