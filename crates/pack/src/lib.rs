//! Casebook's evidence pack, as a recipient sees it: the format of every file in a pack, the
//! arithmetic a verifier needs, and the verifier itself ([`verify`]: the checks `casebook
//! verify`, the app's Check a pack and verify.html run), with witness codes ([`witness`]) and
//! RFC 3161 time-stamps ([`anchor`]: the token and the TSA's signature on it). Nothing here
//! opens a vault or links SQLite, so a small verifier can be built, vetted and handed to police
//! on its own (docs/ARCHITECTURE.md). Drawing report.pdf again needs core's PDF renderer, so it
//! comes in through a trait ([`verify::RedrawReport`]).
//!
//! ```
//! use casebook_pack::chain;
//! let commitment = chain::commitment(&[1; 32], b"{}");
//! let link = chain::link(1, &chain::GENESIS, &commitment);
//! assert_eq!(link.len(), 32);
//! ```

pub mod anchor;
pub mod base32;
pub mod chain;
pub mod format;
mod kind;
pub mod verify;
pub mod witness;

pub use kind::EntryKind;
