//! The pack crate is what a verifier handed to police is built from: it must stay free of the
//! vault's storage. If this fails, something pulled SQLite (or core) into the verifier's build.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::process::Command;

#[test]
#[cfg_attr(windows, ignore = "runs cargo tree, a Linux program here")]
fn the_verifier_crate_links_no_sqlite_and_no_vault() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "casebook-pack",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--all-features",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8(out.stdout).unwrap();
    assert!(tree.contains("casebook-pack"), "cargo tree printed no tree:\n{tree}");
    for forbidden in ["rusqlite", "libsqlite3-sys", "casebook-core", "krilla"] {
        assert!(
            !tree.lines().any(|l| l.split_whitespace().next() == Some(forbidden)),
            "casebook-pack depends on {forbidden}:\n{tree}"
        );
    }
}
