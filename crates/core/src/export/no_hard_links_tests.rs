//! Exports onto a stick without hard links (FAT32, exFAT), with the link failure injected
//! (no vfat can be mounted here: the kernel lacks it, and mounting needs root). Issue 10's
//! attack: the `export_made` record was committed, then the link failed with no copy
//! fallback and the temporary was deleted, so each retry logged another pack that did not
//! exist. Now the pack is copied into place and logged once; where even the copy fails (a
//! full stick), nothing is logged and nothing is left, however often it is retried.

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;

use super::{ExportError, ExportOptions};
use crate::newfile::inject::{self, Fault};
use crate::{EntryFields, EntryKind, KdfPolicy, ManualClock, Vault, Verdict, verify_bundle};

fn vault_with_an_entry(dir: &Path) -> Vault {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let (mut vault, _) =
        Vault::create(&dir.join("v.casebook"), "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(clock)).unwrap();
    vault.add_entry(EntryFields::new(EntryKind::Call, "Withheld number at 02:10", Utc::now().into())).unwrap();
    vault
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn export(vault: &mut Vault, out: &Path) -> Result<super::ExportReport, ExportError> {
    vault.export(&ExportOptions::default(), None, out, &mut |_| true)
}

#[test]
fn without_hard_links_the_pack_is_copied_into_place_and_logged_once() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let mut vault = vault_with_an_entry(dir.path());
    let records = vault.info().unwrap().records;
    let out = stick.path().join("pack.zip");
    let _fault = inject::set(Fault::NoLink);
    let report = export(&mut vault, &out).unwrap();
    assert_eq!(vault.info().unwrap().records, records + 1, "one export_made record");
    assert_eq!(report.record_seq, records + 1);
    assert_eq!(names(stick.path()), ["pack.zip"], "the pack and nothing else (no temporary)");
    assert_eq!(verify_bundle(&out, None).verdict, Verdict::Valid);
}

#[test]
fn a_stick_that_takes_neither_link_nor_copy_gets_no_pack_and_no_record_however_often_retried() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let mut vault = vault_with_an_entry(dir.path());
    let records = vault.info().unwrap().records;
    let out = stick.path().join("pack.zip");
    {
        let _fault = inject::set(Fault::NoLinkNoCopy);
        for attempt in 1..=3 {
            let err = export(&mut vault, &out).unwrap_err();
            assert!(matches!(err, ExportError::NotSaved { .. }), "attempt {attempt}: {err:?}");
            assert!(err.to_string().contains("nothing was recorded"), "{err}");
            assert_eq!(vault.info().unwrap().records, records, "attempt {attempt}: no pack logged");
            assert!(names(stick.path()).is_empty(), "attempt {attempt}: left {:?}", names(stick.path()));
        }
    }
    // The stick replaced by one with room: the pack is made and logged once.
    let _fault = inject::set(Fault::NoLink);
    export(&mut vault, &out).unwrap();
    assert_eq!(vault.info().unwrap().records, records + 1);
    assert!(vault.check().unwrap().is_ok());
}

#[test]
fn a_folder_that_cannot_be_synced_after_the_link_keeps_no_pack_and_no_record() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let mut vault = vault_with_an_entry(dir.path());
    let records = vault.info().unwrap().records;
    let _fault = inject::set(Fault::FolderSync);
    let err = export(&mut vault, &stick.path().join("pack.zip")).unwrap_err();
    assert!(matches!(err, ExportError::NotSaved { .. }), "{err:?}");
    assert_eq!(vault.info().unwrap().records, records);
    assert!(names(stick.path()).is_empty(), "left {:?}", names(stick.path()));
}
