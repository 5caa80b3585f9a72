//! Issue 19: on Windows every file and folder Casebook makes for the person took its folder's
//! ACL, so another account on the PC (or "Users", "Everyone" through an entry inherited from a
//! shared folder or a USB stick) could open the vault, its backups, a police pack and its
//! exhibits, or a recipient's secret key. Each is now created with a protected DACL that lets in
//! the current user alone (`casebook_windows::owner_only`); the Unix counterpart (0600, 0700) is
//! tested in hardening.rs. Under Wine, which keeps no DACL, what is checked is what Wine can show:
//! that no account but the owner and SYSTEM may open them (`casebook_windows::dacl`).
#![cfg(windows)]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use casebook_core::export::upload_folder_for;
use casebook_core::{ExportOptions, KdfPolicy, Vault};
use common::*;
use export_support::*;

fn assert_owner_only(path: &Path, folder: bool) {
    if let Some(problem) = casebook_windows::dacl::not_owner_only(path, folder).unwrap() {
        panic!("{}: {problem}", path.display());
    }
}

#[test]
fn a_new_vault_its_backup_and_the_folders_made_for_it_are_open_to_their_owner_only() {
    let tv = new_vault();
    assert_owner_only(&tv.path, false);
    let backup = tv.dir.path().join("copy.casebook");
    tv.vault.backup_to(&backup).unwrap();
    assert_owner_only(&backup, false);

    let top = tv.dir.path().join("Zoë's diary");
    let nested = top.join("2026").join("v.casebook");
    let (v, _) =
        Vault::create(&nested, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(casebook_core::SystemClock)).unwrap();
    drop(v);
    assert_owner_only(&top, true);
    assert_owner_only(nested.parent().unwrap(), true);
    assert_owner_only(&nested, false);
}

#[test]
fn a_police_pack_its_upload_folder_and_exhibits_and_a_recipient_identity_are_open_to_their_owner_only() {
    let mut s = scenario();
    let pack = export(&mut s, &ExportOptions { upload_folder: true, ..police_options() }, "pack.zip");
    assert_owner_only(&pack, false);
    let folder = upload_folder_for(&pack);
    assert_owner_only(&folder, true);
    let inside: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(inside.len() > 1, "{inside:?}");
    for file in &inside {
        assert_owner_only(file, false);
    }

    let identity = s.tv.dir.path().join("identity.txt");
    casebook_core::recipient::new_recipient("Officer", &identity, &s.tv.dir.path().join("card.txt")).unwrap();
    assert_owner_only(&identity, false);
}
