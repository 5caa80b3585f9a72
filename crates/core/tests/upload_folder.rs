//! Exhibits for police upload portals: a police pack's folder of exhibits one by one, each with
//! a sidecar, and `verify_exhibit` tying one uploaded file back to the signed pack. The attacks
//! first: a changed byte, a sidecar from another pack, an edited sidecar, something that is not
//! a sidecar, a pack that was changed, and a file attached as `CON.jpg`.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::{Path, PathBuf};

use casebook_core::export::{ExhibitSidecar, upload_folder_for};
use casebook_core::verify::{ExhibitVerdict, verify_exhibit};
use casebook_core::{Expected, ExportError, ExportOptions, VaultError};
use export_support::*;

fn with_folder(options: ExportOptions) -> ExportOptions {
    ExportOptions { upload_folder: true, ..options }
}

/// The exhibit files of an upload folder (not sidecars, not the README), sorted.
fn exhibits_in(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            !n.ends_with(".sidecar.json") && n != "README.txt"
        })
        .collect();
    out.sort();
    out
}

fn sidecar_of(file: &Path) -> PathBuf {
    file.with_file_name(ExhibitSidecar::name_for(&file.file_name().unwrap().to_string_lossy()))
}

fn check(file: &Path, sidecar: &Path, pack: &Path) -> casebook_core::verify::ExhibitReport {
    verify_exhibit(file, sidecar, pack, &Expected::default())
}

#[test]
fn every_exhibit_of_the_upload_folder_ties_back_to_the_signed_pack() {
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let folder = upload_folder_for(&pack);
    assert_eq!(folder.file_name().unwrap(), "pack-exhibits");
    let files = exhibits_in(&folder);
    assert_eq!(files.len(), 3, "the photo, the screenshot, the transcript: {files:?}");
    let fingerprint = s.tv.vault.info().unwrap().fingerprint;
    let expected = Expected::default().with_fingerprint(&fingerprint).unwrap();
    for file in &files {
        let report = verify_exhibit(file, &sidecar_of(file), &pack, &expected);
        assert_eq!(report.verdict, ExhibitVerdict::Matches, "{file:?}: {}", report.sentence);
        assert!(report.key_matched);
        let sidecar = ExhibitSidecar::parse(&std::fs::read(sidecar_of(file)).unwrap()).unwrap();
        assert_eq!(sidecar.pack_file, "pack.zip");
        assert_eq!(Some(sidecar.entry_id), report.entry_id);
    }
    // The pack is a police pack like any other: it verifies, and lists the same exhibits.
    assert!(casebook_core::verify_bundle(&pack, None).is_valid());
    assert!(std::fs::read_to_string(folder.join("README.txt")).unwrap().contains("verify-exhibit"));
}

#[test]
fn an_uploaded_file_with_one_byte_changed_is_refused() {
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let file = exhibits_in(&upload_folder_for(&pack)).remove(0);
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();
    let report = check(&file, &sidecar_of(&file), &pack);
    assert_eq!(report.verdict, ExhibitVerdict::Changed, "{}", report.sentence);
    assert!(report.sentence.contains("a byte was changed"), "{}", report.sentence);
}

#[test]
fn a_sidecar_from_another_pack_is_refused_as_such() {
    let mut s = scenario();
    let first = export(&mut s, &with_folder(police_options()), "first.zip");
    s.tv.tick(60);
    let second = export(&mut s, &with_folder(police_options()), "second.zip");
    // The same exhibit bytes, but the sidecar written for the second pack, checked against the first.
    let file = exhibits_in(&upload_folder_for(&first)).remove(0);
    let foreign = sidecar_of(&upload_folder_for(&second).join(file.file_name().unwrap()));
    let report = check(&file, &foreign, &first);
    assert_eq!(report.verdict, ExhibitVerdict::ForeignSidecar, "{}", report.sentence);
    assert!(report.sentence.contains("belongs to another pack"), "{}", report.sentence);
    // And each with its own pack, both hold.
    assert_eq!(check(&file, &sidecar_of(&file), &first).verdict, ExhibitVerdict::Matches);
}

#[test]
fn an_edited_sidecar_cannot_move_a_file_to_another_mark_or_entry() {
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let files = exhibits_in(&upload_folder_for(&pack));
    let other = ExhibitSidecar::parse(&std::fs::read(sidecar_of(&files[1])).unwrap()).unwrap();
    let mut sidecar = ExhibitSidecar::parse(&std::fs::read(sidecar_of(&files[0])).unwrap()).unwrap();
    sidecar.mark = other.mark.clone();
    std::fs::write(sidecar_of(&files[0]), sidecar.to_bytes()).unwrap();
    assert_eq!(check(&files[0], &sidecar_of(&files[0]), &pack).verdict, ExhibitVerdict::Changed);

    let mut sidecar = ExhibitSidecar::parse(&std::fs::read(sidecar_of(&files[1])).unwrap()).unwrap();
    sidecar.entry_id += 1000;
    std::fs::write(sidecar_of(&files[1]), sidecar.to_bytes()).unwrap();
    assert_eq!(check(&files[1], &sidecar_of(&files[1]), &pack).verdict, ExhibitVerdict::Changed);
}

#[test]
fn something_that_is_not_a_sidecar_is_refused_by_name() {
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let file = exhibits_in(&upload_folder_for(&pack)).remove(0);
    let dir = s.tv.dir.path();
    for (name, bytes) in [
        ("missing.json", None),
        ("junk.json", Some(b"not json at all".to_vec())),
        ("card.json", Some(br#"{"format":"casebook-recipient-card/1"}"#.to_vec())),
    ] {
        let path = dir.join(name);
        if let Some(b) = bytes {
            std::fs::write(&path, b).unwrap();
        }
        let report = check(&file, &path, &pack);
        assert_eq!(report.verdict, ExhibitVerdict::BadSidecar, "{name}: {}", report.sentence);
    }
}

#[test]
fn nothing_ties_to_a_pack_that_was_changed() {
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let file = exhibits_in(&upload_folder_for(&pack)).remove(0);
    let mut files = read_zip(&std::fs::read(&pack).unwrap());
    let readme = get(&files, "README.txt").to_vec();
    set(&mut files, "README.txt", [readme, b"added".to_vec()].concat());
    std::fs::write(&pack, write_zip(&files)).unwrap();
    let report = check(&file, &sidecar_of(&file), &pack);
    assert_eq!(report.verdict, ExhibitVerdict::PackNotValid, "{}", report.sentence);
}

#[test]
fn a_file_attached_as_con_jpg_is_written_under_a_name_windows_accepts() {
    let mut s = scenario();
    s.tv.vault.attach(s.call, &mut &jpeg_with_gps()[..], "CON.jpg", "manual").unwrap();
    // Windows (10, and Wine) opens `…\CON.zip` as the console ("invalid handle"); the `\\?\`
    // form is the plain file name, which a pack copied from Linux may have.
    let name = s.tv.dir.path().join("CON.zip");
    let name = if cfg!(windows) { format!(r"\\?\{}", name.display()) } else { name.display().to_string() };
    let pack = export(&mut s, &with_folder(police_options()), &name);
    let folder = upload_folder_for(&pack);
    assert_eq!(folder.file_name().unwrap(), "_CON-exhibits");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert_eq!(casebook_core::export::windows_safe_name(&name), name, "{name} is not safe on Windows");
        assert!(name.len() <= 64, "{name}");
        let stem = name.split('.').next().unwrap().to_ascii_uppercase();
        assert!(!["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()), "{name}");
    }
    for file in exhibits_in(&folder) {
        assert_eq!(check(&file, &sidecar_of(&file), &pack).verdict, ExhibitVerdict::Matches);
    }
}

#[test]
fn an_upload_folder_is_refused_for_an_advocate_pack_and_over_an_existing_folder() {
    let mut s = scenario();
    let records = s.tv.vault.info().unwrap().records;
    let out = s.tv.dir.path().join("adv.html");
    let pass = casebook_crypto::Passphrase::from(ADVOCATE_PASSPHRASE);
    let err = s.tv.vault.export(&with_folder(advocate_options(&s)), Some(&pass), &out, &mut |_| true).unwrap_err();
    assert!(matches!(err, ExportError::UploadFolderPoliceOnly), "{err}");
    assert!(!out.exists());

    let out = s.tv.dir.path().join("pack.zip");
    std::fs::create_dir(upload_folder_for(&out)).unwrap();
    let err = s.tv.vault.export(&with_folder(police_options()), None, &out, &mut |_| true).unwrap_err();
    assert!(matches!(err, ExportError::Vault(VaultError::AlreadyExists(_))), "{err}");
    assert!(!out.exists(), "no pack without its folder");
    assert_eq!(s.tv.vault.info().unwrap().records, records, "nothing was recorded");
}

/// The folder holds the exhibits as the pack does, so it is as private as the pack: 0700 here,
/// owner-only on Windows (private_files_windows.rs).
#[cfg(unix)]
#[test]
fn the_upload_folder_is_open_to_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mut s = scenario();
    let pack = export(&mut s, &with_folder(police_options()), "pack.zip");
    let mode = std::fs::metadata(upload_folder_for(&pack)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}
