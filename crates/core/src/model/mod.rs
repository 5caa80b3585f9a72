//! The diary model: what a person records, and the case it belongs to.
//!
//! These types are the request and response shapes shared by the CLI and the app (one
//! surface for every front end). They hold plaintext, so they exist only above the store.

mod case;
mod entry;

pub use case::{CaseDetails, Identifier, IdentifierKind, Person};
/// The kinds are part of the pack format (the manifest names them), so they live there.
pub use casebook_pack::EntryKind;
pub use entry::{ActionsTaken, CallDetails, CallDirection, EntryFields, EntrySource, OccurredAt, SourceSpan};

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest free-text field accepted (narrative, impact), in bytes: a huge paste is refused
/// with a clear message rather than slowing every later search.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
