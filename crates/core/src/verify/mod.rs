//! Checking an evidence pack: the verifier is casebook-pack's ([`casebook_pack::verify`], no
//! vault and no SQLite, so a small verifier can be built and handed to police on its own); it is
//! re-exported here so the front ends and tests keep one path.
//!
//! What core adds, because it needs core's own parts:
//! - [`ReportRenderer`]: the `report` check's [`RedrawReport`], drawing report.pdf again with
//!   core's PDF renderer (`export::replay`), which the CLI and the app pass to the check;
//! - [`check_and_read`] (contents.rs): the app's read-only view of what a valid pack discloses,
//!   typed with the diary's model (entry versions, retraction, case details).

mod contents;

pub use casebook_pack::verify::*;
pub use contents::{
    CheckedPack, PackContents, PackEntry, PackExhibit, check_and_read, check_and_read_expecting, check_and_read_with,
};

use casebook_pack::format::{LedgerFile, Manifest};

use crate::export::EntriesFile;
use crate::export::replay::{breaches_from_pack, report_from_pack, tool};

/// Draws report.pdf again with this version of Casebook's renderer, for the `report` check
/// ([`check_report`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportRenderer;

impl RedrawReport for ReportRenderer {
    fn tool(&self) -> String {
        tool()
    }

    fn redraw(
        &self,
        manifest: &Manifest,
        ledger: &LedgerFile,
        entries_json: &[u8],
        read_file: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> Result<Vec<u8>, String> {
        let entries: EntriesFile = serde_json::from_slice(entries_json).map_err(|e| format!("entries.json: {e}"))?;
        report_from_pack(manifest, ledger, &entries, read_file)
    }

    fn redraw_breaches(
        &self,
        manifest: &Manifest,
        ledger: &LedgerFile,
        entries_json: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        let entries: EntriesFile = serde_json::from_slice(entries_json).map_err(|e| format!("entries.json: {e}"))?;
        breaches_from_pack(manifest, ledger, &entries)
    }
}
