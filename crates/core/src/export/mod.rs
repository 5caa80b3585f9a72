//! Evidence packs: one ZIP that police, a court or an advocate can rely on and check with
//! tools they already have (docs/FORMAT.md, "Evidence bundle format").
//!
//! ```text
//! README.txt  report.pdf  entries.json  ledger.json  exhibits/AB_1.jpg ...
//! public-key.pem  verify.html  manifest.json  manifest.sig  SHA256SUMS
//! ```
//!
//! The front ends are thin: [`Vault::export_preview`] says what a pack would disclose and
//! withhold; [`Vault::export`] writes it (progress and cancel through a callback) and records
//! it in the ledger; [`crate::verify::verify_bundle`] checks one.
//!
//! **What is disclosed.** The records about each chosen entry (created, revised, retracted,
//! attachment added), the vault's first record (its id and public key), every checkpoint,
//! every earlier export (the continuity log), and the case details: for the police every
//! case record (the case's history), for an advocate only the current one. Everything else
//! is withheld: its link is in ledger.json, its body and salt are not. Purged records have
//! no body to disclose.
//!
//! **Advocate packs** are narrowed the same way and encrypted as a whole with a passphrase in
//! the age format (scrypt), and the age file is written, armored, inside a web page that opens
//! it in any browser (`advocate_page.rs`; `age -d` opens the armor cut out of the page). With `strip_gps`, a photo whose EXIF
//! records where it was taken goes in as a copy without its metadata (`AB_3_1`, beside the
//! original's hash); the original and its record (which holds the coordinates) stay out.
//!
//! **Deterministic.** The same vault state and options give byte-identical manifest.json
//! and report (fixed ZIP timestamps, sorted keys, the export time from the vault clock).
//!
//! **One job per file.** `request.rs`: what a caller asks for and gets back; `preview.rs`: what
//! a pack would disclose, before anything is written; `error.rs`: why an export did not
//! happen; `plan.rs`: what goes in, decided from the ledger; `manifest.rs` and `pack_json.rs`:
//! manifest.json, ledger.json and entries.json; `excerpts.rs`, `strip.rs`, `stamps.rs`:
//! imported items' excerpts, location-free copies, time-stamps; `pdf/` and `readme.rs`: the
//! report and the README; `zipout.rs`: the ZIP writer; `write.rs`: writing the pack, putting
//! it in place, then logging it; `record.rs`: the `export_made` record; `replay.rs`: the
//! report drawn again from a pack, for `verify`; `upload.rs` and `winsafe.rs`: a police pack's
//! exhibits one by one with sidecars, for upload portals, under names Windows accepts.

mod advocate_page;
mod breaches;
mod effects;
mod error;
mod excerpts;
mod format;
mod manifest;
#[cfg(test)]
mod no_hard_links_tests;
mod pack_json;
pub(crate) mod pdf;
pub(crate) mod plan;
mod preview;
mod readme;
mod record;
pub(crate) mod replay;
pub use replay::REPORT_DRAWING;
mod request;
pub(crate) mod stamps;
mod strip;
mod upload;
mod winsafe;
mod write;
mod zipout;

pub use advocate_page::page_around as advocate_page_around;
/// The advocate page's layout (format, reading its payload), for checkers of a written page.
pub use casebook_pack::format::advocate;
pub use error::ExportError;
pub use format::*;
pub use preview::{ExportPreview, PreviewExhibit, PreviewSource, Treatment};
pub use request::{ExportOptions, ExportReport, Progress, Recipient, Stage};
pub use upload::{FOLDER_SUFFIX as UPLOAD_FOLDER_SUFFIX, upload_folder_for};
pub use winsafe::windows_safe_name;

/// The offline verifier page embedded in every pack.
pub const VERIFY_HTML: &str = include_str!("../../../../assets/verify/verify.html");
