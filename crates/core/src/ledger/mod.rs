//! The ledger: every change to the vault is a record in one hash chain.
//!
//! A record commits to the exact bytes of its body with a random salt, and links to its
//! predecessor. A bundle can then carry every link but only some bodies: the chain verifies
//! whole, disclosed records verify one by one, and withheld ones show as withheld.

mod append;
mod body;
mod read;
mod version;

pub(crate) use append::{Appended, Batch, HeadCache, append};
pub use body::{AttachmentMeta, Event, ExifSummary, ImageInfo, RecordBody, Recut, SourcePurged};
/// The chain's arithmetic lives with the pack format, which every verifier shares.
pub use casebook_pack::chain;
#[cfg(test)]
pub(crate) use read::parse_body;
pub use read::{LedgerRecord, Link};
pub(crate) use read::{chain_head, fold_live, open_record, open_verified, read_body, read_links};
pub(crate) use version::{EntryText, Version, parse_version};
