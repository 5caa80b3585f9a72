//! Reading what a checked pack discloses, for a read-only view (the app's "Check a pack").
//!
//! Only a pack whose every check passed is read: its entries.json is covered by the signed
//! manifest, so what is shown is exactly what the diary signed. Nothing here needs the vault.
//! The checks are casebook-pack's, with report.pdf drawn again by core's renderer, as
//! `casebook verify` does; only the view of the contents is core's, since it is typed with the
//! diary's model.

use std::path::Path;

use casebook_crypto::Passphrase;
use serde::{Deserialize, Serialize};

use super::{Expected, Pack, PackKey, ReportRenderer, VerifyReport, check_report_in, open_and_verify_with};
use crate::export::{EntriesFile, names};
use crate::model::CaseDetails;
use crate::query::{EntryVersion, Retraction};

/// Largest entries.json read for the view (a very large diary's is far smaller).
const MAX_ENTRIES_JSON: u64 = 512 << 20;

/// A pack's check, and (only when it passed) what it discloses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct CheckedPack {
    /// The checks and the verdict.
    pub report: VerifyReport,
    /// The disclosed case details and entries; `None` unless the verdict is valid.
    pub contents: Option<PackContents>,
}

/// What a valid pack discloses, as its signed entries.json states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PackContents {
    /// The case details disclosed with the entries.
    pub case: Option<CaseDetails>,
    /// The entries, in the order they happened.
    pub entries: Vec<PackEntry>,
}

/// One disclosed entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PackEntry {
    /// The entry's number in the diary.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Every version, oldest first.
    pub versions: Vec<EntryVersion>,
    /// Set when the entry was withdrawn.
    pub retraction: Option<Retraction>,
    /// Its exhibits.
    pub exhibits: Vec<PackExhibit>,
}

/// One exhibit of a disclosed entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PackExhibit {
    /// The exhibit mark as the pack names it (`AB_3`, `AB_3_1` for a copy).
    pub mark: String,
    /// The file's name as it was attached.
    pub name: String,
    /// The type sniffed from the original's bytes.
    pub media_type: String,
    /// Size of the file in the pack (the original's when it is not in the pack).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Set for a copy without location data: the original's mark.
    pub derived_from: Option<String>,
    /// Why the file is not in the pack, when it is not.
    pub withheld: Option<String>,
}

/// Checks the pack at `path` (decrypting it with `passphrase` if it is an advocate pack)
/// and, only if every check passed, reads what it discloses. Never fails: problems are in
/// the report; contents that cannot be read are left out.
pub fn check_and_read(path: &Path, passphrase: Option<&Passphrase>) -> CheckedPack {
    check_and_read_expecting(path, &Expected::default(), passphrase)
}

/// [`check_and_read`], comparing the pack with what the checker expected of it; a pack signed
/// by another key than the expected one shows no contents. report.pdf is drawn again and
/// compared (the `report` check), as `casebook verify` does.
pub fn check_and_read_expecting(path: &Path, expected: &Expected, passphrase: Option<&Passphrase>) -> CheckedPack {
    check_and_read_with(path, expected, passphrase.into())
}

/// [`check_and_read_expecting`] with any [`PackKey`]: a passphrase, or the identity of the
/// recipient a pack was made for.
pub fn check_and_read_with(path: &Path, expected: &Expected, key: PackKey<'_>) -> CheckedPack {
    let (mut report, mut pack) = open_and_verify_with(path, expected, key);
    if let Some(pack) = pack.as_mut() {
        check_report_in(pack, &ReportRenderer, &mut report);
    }
    let contents = match pack {
        Some(mut pack) if report.is_valid() => read_contents(&mut pack),
        _ => None,
    };
    CheckedPack { report, contents }
}

fn read_contents(pack: &mut Pack) -> Option<PackContents> {
    let bytes = pack.read(names::ENTRIES, MAX_ENTRIES_JSON).ok()?;
    let file: EntriesFile = serde_json::from_slice(&bytes).ok()?;
    let entries = file
        .entries
        .into_iter()
        .map(|e| PackEntry {
            id: e.id,
            versions: e.versions,
            retraction: e.retraction,
            exhibits: e
                .exhibits
                .into_iter()
                .map(|x| PackExhibit {
                    size: x.size.unwrap_or(x.original.size),
                    mark: x.mark,
                    name: x.original.name,
                    media_type: x.media_type,
                    derived_from: x.derived_from,
                    withheld: x.withheld,
                })
                .collect(),
        })
        .collect();
    Some(PackContents { case: file.case, entries })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a panic is the failure report

    use super::*;
    use crate::{EntryFields, EntryKind, ExportOptions, KdfPolicy, ManualClock, Recipient, Vault, Verdict};

    fn vault_with_two_entries(dir: &Path) -> Vault {
        let clock = ManualClock::new("2026-03-02T09:00:00Z".parse().unwrap());
        let (mut vault, _key) = Vault::create(
            &dir.join("v.casebook"),
            Passphrase::from("pass phrase"),
            KdfPolicy::InsecureTestOnly,
            Box::new(clock),
        )
        .unwrap();
        let at = "2026-03-01T21:10:00+00:00".parse().unwrap();
        vault.add_entry(EntryFields::new(EntryKind::Call, "Withheld number, 3 rings", at)).unwrap();
        let later = "2026-03-01T22:00:00+00:00".parse().unwrap();
        vault.add_entry(EntryFields::new(EntryKind::Sighting, "<img src=x onerror=alert(1)>", later)).unwrap();
        vault
    }

    #[test]
    fn a_valid_pack_discloses_its_entries_and_an_encrypted_one_needs_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = vault_with_two_entries(dir.path());
        let out = dir.path().join("pack.zip");
        vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
        let checked = check_and_read(&out, None);
        assert_eq!(checked.report.verdict, Verdict::Valid);
        let contents = checked.contents.unwrap();
        let titles: Vec<&str> = contents.entries.iter().map(|e| e.versions[0].fields.title.as_str()).collect();
        assert_eq!(titles, ["Withheld number, 3 rings", "<img src=x onerror=alert(1)>"]);

        let advocate = dir.path().join("pack.zip.age");
        let options = ExportOptions { recipient: Recipient::Advocate, ..ExportOptions::default() };
        let pass = Passphrase::from("for the advocate");
        vault.export(&options, Some(&pass), &advocate, &mut |_| true).unwrap();
        let locked = check_and_read(&advocate, None);
        assert_eq!((locked.report.verdict, locked.contents), (Verdict::NeedsPassphrase, None));
        let opened = check_and_read(&advocate, Some(&pass));
        assert_eq!(opened.report.verdict, Verdict::Valid);
        assert_eq!(opened.contents.unwrap().entries.len(), 2);
    }

    #[test]
    fn a_changed_pack_shows_no_contents() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = vault_with_two_entries(dir.path());
        let out = dir.path().join("pack.zip");
        vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
        let mut bytes = std::fs::read(&out).unwrap();
        // Change one letter of a title inside entries.json (Stored, so the text is in the ZIP).
        let at = bytes.windows(8).position(|w| w == b"Withheld").unwrap();
        bytes[at] = b'w';
        let changed = dir.path().join("changed.zip");
        std::fs::write(&changed, &bytes).unwrap();
        let checked = check_and_read(&changed, None);
        assert_eq!(checked.report.verdict, Verdict::Invalid);
        assert!(checked.contents.is_none());

        std::fs::write(&changed, b"not a zip at all").unwrap();
        let checked = check_and_read(&changed, None);
        assert_eq!((checked.report.verdict, checked.contents), (Verdict::NotAPack, None));
    }
}
