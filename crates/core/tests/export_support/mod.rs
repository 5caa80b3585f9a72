//! Shared by the export and verify tests: a diary with something of everything, packs made
//! from it, ZIP surgery for tampering, and the outside tools a recipient would use.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use casebook_core::{CaseDetails, EntryKind, ExportOptions, Identifier, IdentifierKind, Person, Recipient};
use casebook_crypto::Passphrase;

use crate::common::*;

pub mod tamper;

pub const ADVOCATE_PASSPHRASE: &str = "blue kettle seven lanterns";

/// Entry titles in the scenario, by role.
pub struct Scenario {
    pub tv: TestVault,
    pub call: i64,
    pub sighting: i64,
    pub message: i64,
    pub threat: i64,
    pub retracted: i64,
    pub private: i64,
    pub purged: i64,
    /// Titles of every entry a police pack with [`police_options`] discloses (current versions).
    pub police_titles: Vec<String>,
}

pub const CALL: &str = "Missed call from his number, third tonight";
pub const SIGHTING: &str = "Saw him outside the Łódź office; Żaneta was with me";
pub const MESSAGE: &str = "Message from his sister سارة saying he wants to talk";
pub const THREAT_V1: &str = "Voicemail saying he knows where I live";
pub const THREAT_V2: &str = "Voicemail threatening to come to my flat";
pub const RETRACTED: &str = "Thought it was his car (it was not)";
pub const PRIVATE: &str = "Counselling session notes";

/// A diary with a case (Chinese and Arabic names), calls, a photo with GPS, a PNG, a revised
/// entry, a retracted one, a purged one, checkpoints, and one later entry a police pack leaves out.
pub fn scenario() -> Scenario {
    let mut tv = new_vault();
    tv.vault
        .set_case(CaseDetails {
            victim_initials: "AB".into(),
            persons: vec![
                Person {
                    id: 1,
                    name: "王小明".into(),
                    relationship: Some("ex-partner".into()),
                    description: Some("Tall, drives a blue Ford Focus".into()),
                    identifiers: vec![
                        Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() },
                        Identifier { kind: IdentifierKind::Vehicle, value: "AB12 CDE".into() },
                    ],
                },
                Person {
                    id: 2,
                    name: "سارة".into(),
                    relationship: Some("his sister".into()),
                    description: None,
                    identifiers: vec![],
                },
            ],
            order_terms: Some("Non-molestation order: no contact, not within 100 m of Żaneta Street, Łódź".into()),
            default_region: None,
        })
        .unwrap();
    tv.tick(5);
    let mut f = entry(EntryKind::Call, CALL, "2026-01-05T21:10:00+00:00");
    f.person_id = Some(1);
    f.identifier = Some("+447700900123".into());
    f.narrative = "Third call tonight. I did not answer. He left no message.".into();
    let call = tv.vault.add_entry(f).unwrap();
    tv.tick(60 * 20);

    let mut f = entry(EntryKind::Sighting, SIGHTING, "2026-01-12T08:40:00+01:00");
    f.person_id = Some(1);
    f.location = Some("ul. Piotrkowska 12, Łódź".into());
    f.witnesses = vec!["Żaneta Kowalska".into()];
    f.impact = Some("I was shaking and went home early. 我很害怕。".into());
    let sighting = tv.vault.add_entry(f).unwrap();
    tv.tick(3);
    tv.vault.attach(sighting, &mut &jpeg_with_gps()[..], "PXL_20260112.jpg", "manual").unwrap();
    tv.vault.checkpoint().unwrap();
    tv.tick(60 * 24 * 3);

    let mut f = entry(EntryKind::TextMessage, MESSAGE, "2026-01-19T19:02:00+00:00");
    f.person_id = Some(2);
    f.narrative = "مرحبا، أخي يريد التحدث معك — she wrote this in Arabic.".into();
    let message = tv.vault.add_entry(f).unwrap();
    tv.vault.attach(message, &mut &png(64, 48)[..], "Screenshot 2026-01-19.png", "paste").unwrap();
    tv.tick(60 * 24 * 2);

    let mut f = entry(EntryKind::Threat, THREAT_V1, "2026-01-21T23:30:00+00:00");
    f.person_id = Some(1);
    let threat = tv.vault.add_entry(f.clone()).unwrap();
    tv.tick(60);
    f.title = THREAT_V2.into();
    f.actions.reported_to = Some("Police (101)".into());
    f.actions.police_reference = Some("CAD 4471/21JAN".into());
    tv.vault.revise_entry(threat, f, "Listened again: he said my flat, not where I live").unwrap();
    tv.vault
        .attach(threat, &mut &b"Transcript: I know where your flat is."[..], "voicemail-transcript.txt", "manual")
        .unwrap();
    tv.tick(60 * 24);

    let retracted = tv.vault.add_entry(entry(EntryKind::Sighting, RETRACTED, "2026-01-25T12:00:00+00:00")).unwrap();
    tv.tick(30);
    tv.vault.retract_entry(retracted, "Wrong car; the registration was different").unwrap();
    tv.tick(60);

    let purged = tv
        .vault
        .add_entry(entry(EntryKind::Other, "Typed my bank PIN by mistake", "2026-01-26T09:00:00+00:00"))
        .unwrap();
    tv.tick(2);
    tv.vault.purge_entry(purged, Some("Typed something private by mistake")).unwrap();
    tv.tick(60 * 24 * 30);

    let private = tv.vault.add_entry(entry(EntryKind::Other, PRIVATE, "2026-03-02T10:00:00+00:00")).unwrap();
    tv.vault.checkpoint().unwrap();
    tv.tick(60);

    let police_titles = [CALL, SIGHTING, MESSAGE, THREAT_V2, RETRACTED].iter().map(|s| (*s).to_owned()).collect();
    Scenario { tv, call, sighting, message, threat, retracted, private, purged, police_titles }
}

/// Everything that happened before March: all but the private entry.
pub fn police_options() -> ExportOptions {
    ExportOptions { to: Some(t("2026-03-01T00:00:00+00:00")), ..ExportOptions::default() }
}

pub fn advocate_options(s: &Scenario) -> ExportOptions {
    ExportOptions {
        recipient: Recipient::Advocate,
        entry_ids: vec![s.sighting, s.message],
        strip_gps: true,
        ..ExportOptions::default()
    }
}

pub fn export(s: &mut Scenario, options: &ExportOptions, name: &str) -> PathBuf {
    let out = s.tv.dir.path().join(name);
    let pass = (options.recipient == Recipient::Advocate).then(|| Passphrase::from(ADVOCATE_PASSPHRASE));
    s.tv.vault.export(options, pass.as_ref(), &out, &mut |_| true).unwrap();
    out
}

pub use crate::common::images::png;

/// The sighting's photo: a JPEG with EXIF, including GPS.
pub fn jpeg_with_gps() -> Vec<u8> {
    crate::common::images::jpeg_with_exif(320, 240, "2026:01:12 08:41:07")
}

// ------------------------------------------------------------------ ZIP surgery

/// Every file of a ZIP, in order.
pub fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// A ZIP of these files, Stored.
pub fn write_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

pub fn get<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} not in pack")).1
}

pub fn set(files: &mut [(String, Vec<u8>)], name: &str, data: Vec<u8>) {
    files.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} not in pack")).1 = data;
}

/// Unzips a pack into a fresh folder.
pub fn unzip_to(bytes: &[u8], dir: &Path) {
    std::fs::create_dir_all(dir.join("exhibits")).unwrap();
    for (name, data) in read_zip(bytes) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
}

// ------------------------------------------------------------------ outside tools

/// Runs a tool a recipient would use. A missing tool fails the test and names the Debian
/// package to install (these tests never skip silently).
pub fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    tool_with_input(program, args, dir, None)
}

pub fn tool_with_input(program: &str, args: &[&str], dir: &Path, input: Option<&[u8]>) -> Output {
    // Through the Linux-side bridge in the Windows test run (`casebook_testtools`).
    casebook_testtools::output(program, args, Some(dir), input).unwrap_or_else(|e| {
        panic!(
            "cannot run `{program}` ({e}). Install the outside tools these tests use: \
             apt-get install coreutils openssl unzip qpdf poppler-utils age chromium bsdutils"
        )
    })
}

pub fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The pack's verify.html with `harness` (allowed by the CSP) run after its own script, in headless
/// Chromium; the DOM it leaves.
pub fn run_verify_html(dir: &std::path::Path, harness: &str) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let hash = b64.encode(casebook_crypto::sha256(harness.as_bytes()));
    let page = casebook_core::export::VERIFY_HTML
        .replacen("script-src 'sha256-", &format!("script-src 'sha256-{hash}' 'sha256-"), 1)
        .replacen("</body>", &format!("<script>{harness}</script>\n</body>"), 1);
    let html = dir.join("verify-test.html");
    std::fs::write(&html, page).unwrap();
    let profile = dir.join("chromium-profile");
    let url = format!("file://{}", html.display());
    let out = tool(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--virtual-time-budget=120000",
            "--dump-dom",
            &url,
        ],
        dir,
    );
    assert!(out.status.success(), "chromium failed: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
