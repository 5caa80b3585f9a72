//! Evidence packs as their recipients meet them: checked with standard tools, with
//! `verify_bundle`, narrowed and encrypted for an advocate, logged for continuity, and the
//! same every time for the same state.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::path::Path;

use casebook_core::export::{EntriesFile, LedgerFile, Manifest, Status};
use casebook_core::{ExportError, ExportOptions, Recipient, Stage, Treatment, Verdict, verify_bundle};
use casebook_crypto::{Passphrase, sha256};
use common::*;
use export_support::*;

fn assert_valid(path: &Path, pass: Option<&Passphrase>) {
    let report = verify_bundle(path, pass);
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(report.verdict, Verdict::Valid, "{failures:#?}");
    assert_eq!(report.verdict.exit_code(), 0);
}

#[test]
fn a_police_pack_checks_out_with_standard_tools_and_with_casebook() {
    let mut s = scenario();
    let out = s.tv.dir.path().join("pack.zip");
    let report = s.tv.vault.export(&police_options(), None, &out, &mut |_| true).unwrap();
    assert_eq!(report.entries, 5);
    assert_eq!(report.exhibits, 3);
    assert!(report.report_pdfa, "report.pdf should pass krilla's PDF/A-2b validation");
    assert_valid(&out, None);

    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(hex::encode(sha256(&bytes)), report.bundle_sha256);
    let dir = s.tv.dir.path().join("unzipped");
    unzip_to(&bytes, &dir);

    let t = tool("unzip", &["-t", out.to_str().unwrap()], &dir);
    assert!(t.status.success() && text(&t).contains("No errors detected"), "{}", text(&t));
    let t = tool("sha256sum", &["-c", "--strict", "SHA256SUMS"], &dir);
    assert!(t.status.success(), "{}", text(&t));
    assert_eq!(
        text(&t).matches(": OK").count(),
        std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap().lines().count()
    );
    let t = tool(
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
        &dir,
    );
    assert!(t.status.success() && text(&t).contains("Signature Verified Successfully"), "{}", text(&t));
    let t = tool("qpdf", &["--check", "report.pdf"], &dir);
    assert!(t.status.success(), "{}", text(&t));
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], &dir);
    assert!(t.status.success(), "{}", text(&t));
    let pdf_text = String::from_utf8(t.stdout).unwrap();
    let flat = pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for title in &s.police_titles {
        let words: Vec<&str> = title.split_whitespace().filter(|w| w.is_ascii()).collect();
        assert!(flat.contains(&words.join(" ")) || words.iter().all(|w| flat.contains(w)), "report lacks {title:?}");
    }
    for name in ["Łódź", "Żaneta", "王小明", "AB/1"] {
        assert!(pdf_text.contains(name), "report lacks {name}");
    }
    let arabic: String = "سارة".chars().rev().collect();
    assert!(pdf_text.contains("سارة") || pdf_text.contains(&arabic), "report lacks the Arabic name");
    assert!(pdf_text.contains("withheld"), "report states what is withheld");
    let pdf = std::fs::read(dir.join("report.pdf")).unwrap();
    assert!(contains(&pdf, b"pdfaid:part"), "report.pdf declares PDF/A");

    // The files are what DESIGN.md lists, the exhibits byte-exact originals.
    let files = read_zip(&bytes);
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "README.txt",
            "SHA256SUMS",
            "entries.json",
            "exhibits/AB_1.jpg",
            "exhibits/AB_2.png",
            "exhibits/AB_3.txt",
            "ledger.json",
            "manifest.json",
            "manifest.sig",
            "public-key.pem",
            "report.pdf",
            "verify.html"
        ]
    );
    assert_eq!(get(&files, "exhibits/AB_1.jpg"), jpeg_with_gps().as_slice());
    assert_eq!(get(&files, "manifest.sig").len(), 64);

    // Every link is there; withheld and purged records carry no body.
    let ledger: LedgerFile = serde_json::from_slice(get(&files, "ledger.json")).unwrap();
    assert_eq!(ledger.records.len() as i64, report.head_seq);
    let withheld = ledger.records.iter().filter(|r| r.status == Status::Withheld).count();
    let purged = ledger.records.iter().filter(|r| r.status == Status::Purged).count();
    assert!(withheld >= 2 && purged == 1, "withheld {withheld}, purged {purged}");
    assert!(
        ledger.records.iter().filter(|r| r.status != Status::Disclosed).all(|r| r.body.is_none() && r.salt.is_none())
    );

    // Nothing withheld leaks anywhere in the pack.
    for secret in [PRIVATE, "bank PIN"] {
        assert!(!contains(&bytes, secret.as_bytes()), "{secret:?} is in the pack");
    }
    let entries: EntriesFile = serde_json::from_slice(get(&files, "entries.json")).unwrap();
    let threat = entries.entries.iter().find(|e| e.id == s.threat).unwrap();
    assert_eq!(threat.versions.len(), 2);
    assert_eq!(threat.versions[1].reason.as_deref(), Some("Listened again: he said my flat, not where I live"));
    assert!(entries.entries.iter().find(|e| e.id == s.retracted).unwrap().retraction.is_some());
    let readme = String::from_utf8(get(&files, "README.txt").to_vec()).unwrap();
    assert!(readme.contains("sha256sum -c SHA256SUMS") && readme.contains("openssl pkeyutl -verify"));
    // The officer is told to get the checker independently, to compare the key with the key
    // card, and what the chain cannot catch (the newest records cut off).
    for words in [
        "obtained independently",
        "--expect-fingerprint",
        "key card",
        "cut off: that is caught only against a witness code",
    ] {
        assert!(readme.contains(words), "README.txt lacks {words:?}");
    }
}

#[test]
fn the_export_is_recorded_and_the_next_pack_lists_it_in_its_continuity_log() {
    let mut s = scenario();
    let records_before = s.tv.vault.info().unwrap().records;
    let first = s.tv.dir.path().join("first.zip");
    let r1 = s.tv.vault.export(&police_options(), None, &first, &mut |_| true).unwrap();
    assert_eq!(r1.record_seq, records_before + 1);
    assert!(s.tv.vault.check().unwrap().is_ok());
    s.tv.tick(60);
    let second = export(&mut s, &police_options(), "second.zip");
    assert_valid(&second, None);
    let files = read_zip(&std::fs::read(&second).unwrap());
    let ledger: LedgerFile = serde_json::from_slice(get(&files, "ledger.json")).unwrap();
    let logged = &ledger.records[(r1.record_seq - 1) as usize];
    assert_eq!(logged.status, Status::Disclosed, "earlier exports are disclosed for continuity");
    let body = base64_decode(logged.body.as_ref().unwrap());
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["kind"], "export_made");
    assert_eq!(body["bundle_sha256"], r1.bundle_sha256.as_str());
    assert_eq!(body["recipient"], "police");
    let dir = s.tv.dir.path().join("second");
    unzip_to(&std::fs::read(&second).unwrap(), &dir);
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], &dir);
    let pdf_text: String = String::from_utf8_lossy(&t.stdout).split_whitespace().collect();
    assert!(pdf_text.contains("Continuitylog"));
    assert!(pdf_text.contains(&r1.bundle_sha256[..16]), "continuity log lists the first pack's digest");
}

#[test]
fn the_same_state_and_options_give_the_same_manifest_and_report() {
    let s = scenario();
    let copy_path = s.tv.dir.path().join("copy.casebook");
    s.tv.vault.backup_to(&copy_path).unwrap();
    let mut copy = unlock(&copy_path, PASSPHRASE, &s.tv.clock).unwrap();
    let mut s = s;
    let a = export(&mut s, &police_options(), "a.zip");
    let b = s.tv.dir.path().join("b.zip");
    copy.export(&police_options(), None, &b, &mut |_| true).unwrap();
    let (a, b) = (read_zip(&std::fs::read(a).unwrap()), read_zip(&std::fs::read(b).unwrap()));
    assert_eq!(get(&a, "manifest.json"), get(&b, "manifest.json"));
    assert_eq!(get(&a, "report.pdf"), get(&b, "report.pdf"));
    assert_eq!(get(&a, "manifest.sig"), get(&b, "manifest.sig"));
    let m: Manifest = serde_json::from_slice(get(&a, "manifest.json")).unwrap();
    let keys: Vec<&String> = m.files.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn an_advocate_pack_is_narrowed_without_photo_locations_and_opens_with_age() {
    let mut s = scenario();
    let options = advocate_options(&s);
    let preview = s.tv.vault.export_preview(&options).unwrap();
    assert_eq!(preview.entry_ids, vec![s.sighting, s.message]);
    assert_eq!(
        preview.exhibits.iter().map(|x| (x.mark.as_str(), x.treatment)).collect::<Vec<_>>(),
        [("AB_1_1", Treatment::LocationRemoved), ("AB_2", Treatment::Original)]
    );
    let out = s.tv.dir.path().join("casebook-pack-for-advocate-2026-03-02.html");
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let report = s.tv.vault.export(&options, Some(&pass), &out, &mut |_| true).unwrap();
    assert!(report.encrypted_sha256.is_some());
    assert_eq!(report.disclosed_records, preview.disclosed_records);
    // A web page carrying the age file (tests/advocate_page.rs has the page itself).
    let sealed = std::fs::read(&out).unwrap();
    assert!(sealed.starts_with(b"<!doctype html>"));

    let none = verify_bundle(&out, None);
    assert_eq!((none.verdict, none.verdict.exit_code()), (Verdict::NeedsPassphrase, 3));
    let wrong = verify_bundle(&out, Some(&Passphrase::from("not it")));
    assert_eq!((wrong.verdict, wrong.verdict.exit_code()), (Verdict::WrongPassphrase, 3));
    assert_valid(&out, Some(&pass));

    // The standard age tool opens the armored age file cut out of the page (it reads the
    // passphrase from a terminal: give it one).
    let dir = s.tv.dir.path();
    let cmd = format!(
        "sed -n '/^-----BEGIN AGE ENCRYPTED FILE-----$/,/^-----END AGE ENCRYPTED FILE-----$/p' {} | age -d -o advocate.zip",
        out.display()
    );
    let t = tool_with_input(
        "script",
        &["-qec", &cmd, "/dev/null"],
        dir,
        Some(format!("{ADVOCATE_PASSPHRASE}\n").as_bytes()),
    );
    assert!(t.status.success(), "age -d failed: {}", text(&t));
    let zip = std::fs::read(dir.join("advocate.zip")).unwrap();
    assert_eq!(hex::encode(sha256(&zip)), report.bundle_sha256);
    assert_valid(&dir.join("advocate.zip"), None);

    let files = read_zip(&zip);
    assert!(files.iter().all(|(n, _)| n != "exhibits/AB_1.jpg"), "the original with GPS stays out");
    let copy = get(&files, "exhibits/AB_1_1.jpg");
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(copy));
    assert!(exif.is_err() || exif.unwrap().get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_none());
    image::load_from_memory(copy).expect("the copy is still a picture");
    for secret in [CALL, THREAT_V2, PRIVATE] {
        assert!(!contains(&zip, secret.as_bytes()), "{secret:?} is in the advocate pack");
    }
    let m: Manifest = serde_json::from_slice(get(&files, "manifest.json")).unwrap();
    assert_eq!(m.recipient, "advocate");
    let copy_entry = m.exhibits.iter().find(|x| x.mark == "AB_1_1").unwrap();
    assert_eq!(copy_entry.derived_from.as_deref(), Some("AB_1"));
    assert_eq!(copy_entry.original_sha256.as_deref(), Some(hex::encode(sha256(&jpeg_with_gps())).as_str()));
    // The case's persons are there for safety planning, only its current state.
    let ledger: LedgerFile = serde_json::from_slice(get(&files, "ledger.json")).unwrap();
    let disclosed_kinds: Vec<String> = ledger
        .records
        .iter()
        .filter_map(|r| r.body.as_ref())
        .map(|b| {
            serde_json::from_slice::<serde_json::Value>(&base64_decode(b)).unwrap()["kind"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(disclosed_kinds.iter().filter(|k| *k == "case_updated").count(), 1);
    assert_eq!(disclosed_kinds.iter().filter(|k| *k == "attachment_added").count(), 1, "only the PNG's record");
}

#[test]
fn the_preview_says_exactly_what_the_export_then_discloses() {
    let mut s = scenario();
    let preview = s.tv.vault.export_preview(&police_options()).unwrap();
    assert_eq!(preview.entry_ids, vec![s.call, s.sighting, s.message, s.threat, s.retracted]);
    assert_eq!(preview.retracted, 1);
    assert_eq!(preview.purged_records, 1);
    assert_eq!(preview.withheld_by_kind.get("entry_created"), Some(&1), "the private entry");
    let out = s.tv.dir.path().join("p.zip");
    let report = s.tv.vault.export(&police_options(), None, &out, &mut |_| true).unwrap();
    assert_eq!(report.disclosed_records, preview.disclosed_records);
    assert_eq!(report.withheld_records, preview.withheld_records);
    assert_eq!(report.exhibits, preview.exhibits.len() as u64);
}

#[test]
fn a_cancelled_export_leaves_no_file_and_no_record() {
    let mut s = scenario();
    let records = s.tv.vault.info().unwrap().records;
    let out = s.tv.dir.path().join("cancelled.zip");
    let mut stages = Vec::new();
    let err =
        s.tv.vault
            .export(&police_options(), None, &out, &mut |p| {
                stages.push(p.stage);
                p.stage != Stage::Exhibits
            })
            .unwrap_err();
    assert!(matches!(err, ExportError::Cancelled), "{err}");
    assert!(stages.contains(&Stage::Report));
    let left: Vec<_> = std::fs::read_dir(s.tv.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("vault.casebook"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(s.tv.vault.info().unwrap().records, records);
}

#[test]
fn requests_that_cannot_be_honoured_are_refused_plainly() {
    let mut s = scenario();
    let dir = s.tv.dir.path().to_owned();
    let pass = Passphrase::from("x y z");
    let err = s.tv.vault.export(&police_options(), Some(&pass), &dir.join("a.zip"), &mut |_| true).unwrap_err();
    assert_eq!(err.code(), "invalid");
    let gps = ExportOptions { strip_gps: true, ..police_options() };
    assert_eq!(s.tv.vault.export(&gps, None, &dir.join("b.zip"), &mut |_| true).unwrap_err().code(), "invalid");
    let advocate = ExportOptions { recipient: Recipient::Advocate, ..police_options() };
    assert_eq!(s.tv.vault.export(&advocate, None, &dir.join("c.zip"), &mut |_| true).unwrap_err().code(), "invalid");
    let none = ExportOptions { to: Some(t("2020-01-01T00:00:00+00:00")), ..ExportOptions::default() };
    assert!(matches!(
        s.tv.vault.export(&none, None, &dir.join("d.zip"), &mut |_| true),
        Err(ExportError::NothingSelected)
    ));
    let purged = ExportOptions { entry_ids: vec![s.purged], ..ExportOptions::default() };
    assert_eq!(s.tv.vault.export_preview(&purged).unwrap_err().code(), "vault");
    std::fs::write(dir.join("e.zip"), b"already here").unwrap();
    assert!(s.tv.vault.export(&police_options(), None, &dir.join("e.zip"), &mut |_| true).is_err());
    assert_eq!(std::fs::read(dir.join("e.zip")).unwrap(), b"already here");
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

/// A stalker's email attachment `invoice.hta` would run with one double click on a police PC
/// if it kept its extension. It goes in as `AB_<n>.bin`; manifest.json (signed), entries.json
/// and the report still name it, so the officer knows what it was; both verifiers accept the
/// pack (the field is one they may ignore).
#[test]
fn an_active_attachment_goes_in_as_bin_and_the_manifest_names_the_original() {
    let mut s = scenario();
    let hta = b"<html><head><hta:application id=\"x\"/><script>new ActiveXObject('WScript.Shell').Run('calc')</script></head></html>";
    let info = s.tv.vault.attach(s.message, &mut &hta[..], "invoice.hta", "manual").unwrap();
    let out = export(&mut s, &police_options(), "active.zip");
    assert_valid(&out, None);
    let files = read_zip(&std::fs::read(&out).unwrap());
    // Its mark is its number in this pack: the manifest ties it to the attachment.
    let manifest: Manifest = serde_json::from_slice(get(&files, "manifest.json")).unwrap();
    let listed = manifest.exhibits.iter().find(|x| x.attachment_id == Some(info.id)).unwrap();
    let mark = listed.mark.clone();
    let bin = format!("exhibits/{mark}.bin");
    assert_eq!(get(&files, &bin), hta.as_slice(), "the exhibit is the original bytes, as .bin");
    assert!(!files.iter().any(|(n, _)| n.ends_with(".hta")), "no exhibit keeps the .hta name");
    assert_eq!(listed.file, bin);
    assert_eq!(listed.original_name.as_deref(), Some("invoice.hta"));
    // Files that keep a viewer's extension need no name beside them.
    assert!(manifest.exhibits.iter().filter(|x| x.mark != mark).all(|x| x.original_name.is_none()));

    let entries: EntriesFile = serde_json::from_slice(get(&files, "entries.json")).unwrap();
    let exhibit = entries.entries.iter().flat_map(|e| &e.exhibits).find(|x| x.mark == mark).unwrap();
    assert_eq!(exhibit.original.name, "invoice.hta");
    let dir = s.tv.dir.path().join("active");
    unzip_to(&std::fs::read(&out).unwrap(), &dir);
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], &dir);
    assert!(String::from_utf8_lossy(&t.stdout).contains("invoice.hta"), "the report names the original");
}
