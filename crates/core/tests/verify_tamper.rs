//! The tamper matrix: each way of changing a pack after it was made is caught by
//! `verify_bundle`, and by `sha256sum -c` and `openssl pkeyutl` where those can see it.
//! (verify_html.rs runs the same packs through verify.html.)
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::{Verdict, verify_bundle};
use export_support::*;

#[test]
fn every_tampering_is_caught_and_by_the_checks_that_should_catch_it() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let original = std::fs::read(&pack).unwrap();
    let dir = s.tv.dir.path().to_owned();

    for case in tamper::cases(&original) {
        let path = dir.join(format!("{}.zip", case.name));
        std::fs::write(&path, &case.bytes).unwrap();
        let report = verify_bundle(&path, None);
        let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
        assert_eq!(report.verdict, Verdict::Invalid, "{}: not caught ({:#?})", case.name, report.checks);
        assert_eq!(report.verdict.exit_code(), 5);
        for want in case.caught_by {
            assert!(failed.contains(want), "{}: expected {want} to fail, failed: {failed:?}", case.name);
        }

        let unpacked = dir.join(format!("{}-unzipped", case.name));
        unzip_to(&case.bytes, &unpacked);
        let sums = tool("sha256sum", &["-c", "--strict", "--quiet", "SHA256SUMS"], &unpacked);
        assert_eq!(sums.status.success(), !case.sha256sum_catches, "{}: sha256sum -c said {}", case.name, text(&sums));
        let sig = tool(
            "openssl",
            &[
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "public-key.pem",
                "-rawin",
                "-in",
                "manifest.json",
                "-sigfile",
                "manifest.sig",
            ],
            &unpacked,
        );
        assert_eq!(sig.status.success(), !case.openssl_catches, "{}: openssl said {}", case.name, text(&sig));
    }
}

#[test]
fn the_untouched_pack_and_things_that_are_not_packs() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let report = verify_bundle(&pack, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    let names: Vec<&str> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "pack",
            "signature",
            "key",
            "files",
            "sha256sums",
            "chain",
            "commitments",
            "checkpoints",
            "exhibits",
            "excerpts",
            "times",
            "counts",
            "entries"
        ]
    );
    let checkpoints = report.checks.iter().find(|c| c.name == "checkpoints").unwrap();
    assert!(checkpoints.detail.starts_with("2 "), "{}", checkpoints.detail);

    let dir = s.tv.dir.path();
    std::fs::write(dir.join("random.zip"), b"this is not a zip at all").unwrap();
    let r = verify_bundle(&dir.join("random.zip"), None);
    assert_eq!((r.verdict, r.verdict.exit_code()), (Verdict::NotAPack, 4));
    std::fs::write(dir.join("other.zip"), write_zip(&[("notes.txt".into(), b"hi".to_vec())])).unwrap();
    assert_eq!(verify_bundle(&dir.join("other.zip"), None).verdict, Verdict::NotAPack);
    assert_eq!(verify_bundle(&dir.join("missing.zip"), None).verdict, Verdict::NotAPack);
}
