//! The `report` check, run by `casebook verify` after the others: report.pdf (and breaches.csv,
//! the breach schedule, which a pack has only when its diary records an order) is drawn again
//! from what the pack discloses and compared byte for byte, so a report that says something the
//! committed records do not (swapped, or altered and re-signed with the diary's own key) fails.
//!
//! Only the version of Casebook that made the pack can draw the same bytes (layout and fonts
//! change between versions); any other version says it could not re-create the report, and why
//! that is not a failure. verify.html cannot draw PDFs and does not run this check.
//!
//! Drawing is not this crate's: the PDF renderer, its fonts and the diary's model are
//! casebook-core's, and a verifier built from this crate alone must not need them. The check is
//! given a [`RedrawReport`]; core implements it (`casebook_core::verify::ReportRenderer`) and
//! the CLI and the app pass that.

use std::path::Path;

use casebook_crypto::Passphrase;
use serde::{Deserialize, Serialize};

use super::{Check, Pack, Verdict, VerifyReport};
use crate::format::{LedgerFile, Manifest, names};

/// Draws a pack's report.pdf again from the pack's own files, as one version of Casebook
/// draws it on export.
pub trait RedrawReport {
    /// The `manifest.tool` of the packs this renderer draws byte for byte (`casebook 0.1.0+report.2`).
    fn tool(&self) -> String;

    /// report.pdf drawn from the pack's manifest, ledger.json and entries.json (its bytes: the
    /// entry records are the diary's model, typed by the renderer); `read_file` gives any other
    /// file of the pack by name (the report draws its photo and screenshot exhibits small).
    /// `Err` says why it could not be drawn (the other checks say more).
    fn redraw(
        &self,
        manifest: &Manifest,
        ledger: &LedgerFile,
        entries_json: &[u8],
        read_file: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> Result<Vec<u8>, String>;

    /// breaches.csv drawn from the same files, or `None` for a pack that has none (a diary
    /// without orders). Compared like the report: the schedule is derived from the disclosed
    /// records, so a CSV that says something they do not fails.
    fn redraw_breaches(
        &self,
        manifest: &Manifest,
        ledger: &LedgerFile,
        entries_json: &[u8],
    ) -> Result<Option<Vec<u8>>, String>;
}

/// Largest file read for this check (the same bound as the other checks' JSON).
const MAX_FILE: u64 = 1 << 30;

/// What drawing the report again found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportOutcome {
    /// Drawn again, byte for byte the pack's report.pdf.
    Same,
    /// Drawn again, and the pack's report.pdf differs: it does not say what the records say.
    Different,
    /// Made by another version of Casebook: not compared (not a failure).
    OtherVersion,
    /// The pack's files could not be read to draw it again.
    Unreadable,
}

/// Draws the report of the pack at `path` again and compares it, adding a `report` check to
/// `report`; a report.pdf that differs makes the verdict [`Verdict::Invalid`]. Runs only for a
/// pack whose other checks passed (valid, or intact under another key than expected).
pub fn check_report(
    path: &Path,
    passphrase: Option<&Passphrase>,
    renderer: &dyn RedrawReport,
    report: &mut VerifyReport,
) -> Option<ReportOutcome> {
    if !matches!(report.verdict, Verdict::Valid | Verdict::KeyMismatch) {
        return None;
    }
    let (outcome, detail) = match Pack::open(path, passphrase) {
        Ok(mut pack) => compare(&mut pack, renderer),
        Err(e) => (ReportOutcome::Unreadable, format!("the pack could not be opened again ({e})")),
    };
    settle(report, outcome, detail);
    Some(outcome)
}

/// [`check_report`] on a pack already open (the one [`super::open_and_verify`] checked), so an
/// encrypted pack is not decrypted twice.
pub fn check_report_in(
    pack: &mut Pack,
    renderer: &dyn RedrawReport,
    report: &mut VerifyReport,
) -> Option<ReportOutcome> {
    if !matches!(report.verdict, Verdict::Valid | Verdict::KeyMismatch) {
        return None;
    }
    let (outcome, detail) = compare(pack, renderer);
    settle(report, outcome, detail);
    Some(outcome)
}

fn settle(report: &mut VerifyReport, outcome: ReportOutcome, detail: String) {
    let ok = matches!(outcome, ReportOutcome::Same | ReportOutcome::OtherVersion);
    report.checks.push(Check { name: "report".into(), ok, detail });
    if !ok {
        report.verdict = Verdict::Invalid;
        report.anchored = false;
        super::words::settle(report, &super::words::Anchors::default());
    }
}

/// Whether what was drawn again is byte for byte the pack's.
struct Drawn {
    report: bool,
    breaches: bool,
}

/// Draws the report of an opened pack again and compares it, whatever its other checks say:
/// the outcome and a sentence.
pub fn compare(pack: &mut Pack, renderer: &dyn RedrawReport) -> (ReportOutcome, String) {
    let read = |pack: &mut Pack, name: &str| pack.read(name, MAX_FILE).map_err(|e| format!("{name}: {e}"));
    let files = (|| -> Result<_, String> {
        let manifest: Manifest =
            serde_json::from_slice(&read(pack, names::MANIFEST)?).map_err(|e| format!("manifest.json: {e}"))?;
        Ok(manifest)
    })();
    let manifest = match files {
        Ok(m) => m,
        Err(e) => return (ReportOutcome::Unreadable, format!("report.pdf could not be drawn again: {e}")),
    };
    let ours = renderer.tool();
    if manifest.tool != ours {
        return (
            ReportOutcome::OtherVersion,
            format!(
                "could not re-create report.pdf with this version ({ours}; the pack was made by {}): layout and fonts \
                 differ between versions, so the bytes cannot be compared. This is not a failure: report.pdf is \
                 covered by the signature like every file; to compare it, check with {}",
                manifest.tool, manifest.tool
            ),
        );
    }
    let drawn = (|| -> Result<Drawn, String> {
        let ledger: LedgerFile =
            serde_json::from_slice(&read(pack, names::LEDGER)?).map_err(|e| format!("ledger.json: {e}"))?;
        let entries = read(pack, names::ENTRIES)?;
        let has_csv = pack.names().iter().any(|n| n == names::BREACHES);
        let drawn = renderer.redraw(&manifest, &ledger, &entries, &mut |name| read(pack, name))?;
        Ok(Drawn {
            report: drawn == read(pack, names::REPORT)?,
            breaches: renderer.redraw_breaches(&manifest, &ledger, &entries)?
                == if has_csv { Some(read(pack, names::BREACHES)?) } else { None },
        })
    })();
    match drawn {
        Err(e) => (ReportOutcome::Unreadable, format!("report.pdf could not be drawn again from the pack: {e}")),
        Ok(Drawn { report: true, breaches: true }) => (
            ReportOutcome::Same,
            "report.pdf drawn again from the disclosed records is byte for byte the pack's: it says what they say"
                .into(),
        ),
        Ok(Drawn { report: false, .. }) => (
            ReportOutcome::Different,
            "report.pdf is not the report these records give (drawn again from the disclosed records, it differs): \
             it was replaced or altered after the pack was made"
                .into(),
        ),
        Ok(Drawn { breaches: false, .. }) => (
            ReportOutcome::Different,
            "breaches.csv is not the breach schedule these records give (drawn again from the disclosed records, it \
             differs, or the pack should have none): it was replaced or altered after the pack was made"
                .into(),
        ),
    }
}
