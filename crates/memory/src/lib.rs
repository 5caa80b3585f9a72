//! Memory hygiene for a diary that must be gone once it is locked.
//!
//! Decrypted titles and narratives, the passphrase typed into the unlock screen and the JSON
//! built for the webview pass through many short-lived heap buffers that no `Zeroizing`
//! wrapper can reach (serde's scratch space, `format!`, a `Vec` that grew and moved). Freed,
//! their bytes would stay in the heap until something else happened to reuse the space, and a
//! memory dump of a locked Casebook would still show them. [`ZeroOnFree`], installed as the
//! global allocator of the app and the command-line tool, wipes every block the moment Rust
//! frees it, so the only plaintext left is what is still in use.
//!
//! ```
//! #[global_allocator]
//! static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();
//! # fn main() { let s = String::from("gone when dropped"); drop(s); }
//! ```
//!
//! Blocks of [`LARGE_BLOCK`] or more are mapped from the kernel and unmapped when freed, so a
//! process that streams megabyte buffers gives its memory back as it goes (glibc would serve
//! them from a heap that does not shrink).
//!
//! [`lock_in_ram`] keeps the pages of a small secret (the vault's keys) out of swap where the
//! system allows it. Memory allocated by C libraries (SQLite, GTK, WebKit) does not go through
//! Rust's allocator; see docs/THREAT-MODEL.md for what that leaves.
//!
//! This and casebook-windows (Win32 calls) are the two crates in the workspace that need
//! `unsafe`; each use is in a module of its own with the reasoning beside it.

mod large;
mod locked;
#[cfg(feature = "peak")]
mod peak;
#[cfg(feature = "toggle")]
mod toggle;
mod trim;
mod wipe;
mod zero_on_free;

pub use large::LARGE_BLOCK;
pub use locked::lock_in_ram;
#[cfg(feature = "peak")]
pub use peak::Peak;
#[cfg(feature = "toggle")]
pub use toggle::Toggle;
pub use trim::release_freed;
pub use zero_on_free::ZeroOnFree;
