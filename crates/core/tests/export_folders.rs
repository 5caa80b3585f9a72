//! Bad input for export: a folder that cannot take the pack. Read-only (a write-protected
//! stick) or full: the export says so in words, no `export_made` record claims a pack that
//! does not exist, and nothing is left in the folder (no pack, no temporary file).
//!
//! Root ignores permission bits, so the folders are real file systems: a read-only tmpfs and
//! a 16 KiB tmpfs, mounted for the test. Without root (or where mounting is refused) each test
//! prints why it did not run and passes.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use casebook_core::ExportError;
use export_support::*;

/// A tmpfs mounted on a folder, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Mounts a tmpfs with `options` on `dir`, or says why not.
fn tmpfs(dir: &Path, options: &str) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let uid = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if uid.as_deref().ok() != Some("0") {
        println!("SKIPPED: mounting a test file system needs root (this run is not root)");
        return None;
    }
    let out = Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(dir).output().unwrap();
    if !out.status.success() {
        println!("SKIPPED: mount -t tmpfs -o {options} was refused: {}", String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    Some(Mount(dir.to_owned()))
}

fn left_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// Exports into `dir` and checks the failure left no trace; returns the error's words.
fn export_fails_cleanly(s: &mut Scenario, dir: &Path) -> ExportError {
    let records = s.tv.vault.info().unwrap().records;
    let err = s.tv.vault.export(&police_options(), None, &dir.join("pack.zip"), &mut |_| true).unwrap_err();
    assert_eq!(s.tv.vault.info().unwrap().records, records, "a record claims a pack that was not made");
    assert!(left_in(dir).is_empty(), "left behind: {:?}", left_in(dir));
    assert!(s.tv.vault.check().unwrap().is_ok());
    err
}

#[test]
fn an_export_to_a_read_only_folder_says_so_and_records_nothing() {
    let mut s = scenario();
    let dir = s.tv.dir.path().join("write-protected");
    let Some(_mount) = tmpfs(&dir, "ro,size=1m") else { return };
    let err = export_fails_cleanly(&mut s, &dir);
    let words = err.to_string();
    assert!(matches!(err, ExportError::NotSaved { .. }), "{err:?}");
    assert!(words.contains("read-only") && words.contains("nothing was recorded"), "{words}");
    assert!(words.contains(&dir.display().to_string()), "{words}");
}

#[test]
fn an_export_to_a_full_folder_says_so_and_leaves_nothing_behind() {
    let mut s = scenario();
    // The pack is larger than the whole file system: the disk fills while it is written.
    let roomy = export(&mut s, &police_options(), "roomy.zip");
    let size = std::fs::metadata(&roomy).unwrap().len();
    assert!(size > 64 * 1024, "the pack ({size} bytes) must not fit in 16 KiB, with room to spare");
    let dir = s.tv.dir.path().join("full");
    let Some(_mount) = tmpfs(&dir, "size=16k") else { return };
    let err = export_fails_cleanly(&mut s, &dir);
    let words = err.to_string();
    assert!(matches!(err, ExportError::NotSaved { .. }), "{err:?}");
    assert!(words.contains("full") && words.contains("nothing was recorded"), "{words}");
}
