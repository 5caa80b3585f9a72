//! The advocate pack as one web page (issue 16): what export writes, what `casebook verify`
//! (verify_bundle) makes of it, damaged and edited pages refused before any decryption, and
//! the standard `age` tool opening the payload cut out of the page with `sed`. The page in a
//! browser is tests/e2e/advocate.rs.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::export::{VERIFY_HTML, advocate_page_around};
use casebook_core::verify::PACK_SCRYPT_LOG_N;
use casebook_core::{Verdict, verify_bundle};
use casebook_crypto::{Passphrase, sha256};
use casebook_pack::format::advocate::{self, ARMOR_BEGIN, ARMOR_END, FORMAT_META};
use common::contains;
use export_support::*;

/// The documented way to get the age file out of the page (docs/FORMAT.md, README.txt).
const EXTRACT: &str = "sed -n '/^-----BEGIN AGE ENCRYPTED FILE-----$/,/^-----END AGE ENCRYPTED FILE-----$/p'";

fn advocate_page(s: &mut Scenario) -> (std::path::PathBuf, casebook_core::ExportReport) {
    let out = s.tv.dir.path().join("casebook-pack-for-advocate-2026-03-02.html");
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let report = s.tv.vault.export(&advocate_options(s), Some(&pass), &out, &mut |_| true).unwrap();
    (out, report)
}

#[test]
fn an_advocate_pack_is_one_web_page_that_casebook_verify_opens_with_the_passphrase() {
    let mut s = scenario();
    let (page, report) = advocate_page(&mut s);
    let bytes = std::fs::read(&page).unwrap();
    assert!(bytes.starts_with(b"<!doctype html>\n"));
    assert!(advocate::is_advocate_page(&bytes), "{FORMAT_META} near the top");
    assert_eq!(report.bytes, bytes.len() as u64);
    // The page's own digest is the age file's, as the report (and the ledger record) give it.
    let (age, wrapper) = advocate::read_payload(&mut &bytes[..]).unwrap();
    assert!(age.starts_with(b"age-encryption.org/v1\n"));
    assert_eq!(Some(wrapper.payload_sha256.clone()), report.encrypted_sha256);
    assert_eq!(hex::encode(sha256(&age)), wrapper.payload_sha256);

    assert_eq!(verify_bundle(&page, None).verdict, Verdict::NeedsPassphrase);
    assert_eq!(verify_bundle(&page, Some(&Passphrase::from("not it"))).verdict, Verdict::WrongPassphrase);
    assert_valid(&page, Some(&Passphrase::from(ADVOCATE_PASSPHRASE)));
    // Nothing of the pack is readable in the page without the passphrase.
    for secret in [SIGHTING, MESSAGE, "Piotrkowska", "PXL_20260112.jpg"] {
        assert!(!contains(&bytes, secret.as_bytes()), "{secret:?} is readable in the page");
    }
}

#[test]
fn the_page_carries_verify_htmls_script_unchanged_and_allows_only_its_own_scripts() {
    let mut s = scenario();
    let (page, _) = advocate_page(&mut s);
    let text = std::fs::read_to_string(&page).unwrap();
    let open = VERIFY_HTML.find("<script>").unwrap() + "<script>".len();
    let verify_js = &VERIFY_HTML[open..open + VERIFY_HTML[open..].find("</script>").unwrap()];
    assert_eq!(VERIFY_HTML.matches("<script>").count(), 1, "verify.html has one script");
    assert!(text.contains(&format!("<script>{verify_js}</script>")), "the checks are verify.html's own code");
    let csp_at = text.find("http-equiv=\"Content-Security-Policy\" content=\"").unwrap();
    let csp = &text[csp_at..csp_at + text[csp_at..].find("\">").unwrap()];
    // Every script and style element that runs is allowed by its hash, and nothing else is.
    let b64 = |b: &[u8]| base64_encode(&sha256(b));
    let mut scripts = 0;
    for part in text.split("<script>").skip(1) {
        let body = &part[..part.find("</script>").unwrap()];
        assert!(csp.contains(&format!("'sha256-{}'", b64(body.as_bytes()))), "a script not in the CSP");
        scripts += 1;
    }
    assert_eq!(scripts, 3, "age, verify.html's checks, the page's own");
    assert_eq!(csp.matches("'sha256-").count(), 3 + 2, "three scripts and two styles, no more");
    for rule in ["default-src 'none'", "connect-src 'none'", "form-action 'none'", "img-src blob:", "base-uri 'none'"] {
        assert!(csp.contains(rule), "CSP lacks {rule}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    let advocate_js = include_str!("../../../assets/advocate/advocate.js");
    assert!(
        !advocate_js.contains("innerHTML") && !advocate_js.contains("fetch("),
        "text goes in with textContent only"
    );
}

#[test]
fn a_page_with_one_changed_byte_or_cut_short_is_refused_before_decryption() {
    let mut s = scenario();
    let (page, _) = advocate_page(&mut s);
    let bytes = std::fs::read(&page).unwrap();
    let dir = s.tv.dir.path();
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let begin = bytes.windows(ARMOR_BEGIN.len()).position(|w| w == ARMOR_BEGIN.as_bytes()).unwrap();
    let mut flipped = bytes.clone();
    let at = begin + ARMOR_BEGIN.len() + 200;
    flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
    // Cut inside the payload (a page cut after it keeps the whole pack: casebook verify reads it,
    // while the browser, missing the scripts, says the page is damaged; tests/e2e/advocate.rs).
    let end = bytes.windows(ARMOR_END.len()).position(|w| w == ARMOR_END.as_bytes()).unwrap();
    let cut = bytes[..(begin + end) / 2].to_vec();
    for (name, damaged) in [("flipped", flipped), ("cut", cut)] {
        let path = dir.join(format!("{name}.html"));
        std::fs::write(&path, &damaged).unwrap();
        // Damaged says damaged, whatever passphrase (or none) was given.
        for p in [Some(&pass), Some(&Passphrase::from("not it")), None] {
            let r = verify_bundle(&path, p);
            assert_eq!((r.verdict, r.verdict.exit_code()), (Verdict::Invalid, 5), "{name}: {:?}", r.checks);
            assert!(r.checks[0].detail.contains("this advocate pack is damaged"), "{name}: {}", r.checks[0].detail);
        }
    }
}

#[test]
fn a_page_around_a_greedy_age_header_is_refused_like_the_age_file() {
    let mut s = scenario();
    let (page, _) = advocate_page(&mut s);
    let (mut age, _) = advocate::read_payload(&mut &std::fs::read(&page).unwrap()[..]).unwrap();
    let stanza = age.windows(10).position(|w| w == b"-> scrypt ").unwrap();
    let eol = stanza + age[stanza..].iter().position(|b| *b == b'\n').unwrap();
    assert_eq!(&age[eol - 3..eol], format!(" {PACK_SCRYPT_LOG_N}").as_bytes());
    age.splice(eol - 2..eol, *b"40");
    // A page whose digest fits its (edited) payload: the page's digest is no signature, the
    // work limit still holds.
    let greedy = s.tv.dir.path().join("greedy.html");
    std::fs::write(&greedy, advocate_page_around(&age).unwrap()).unwrap();
    let r = verify_bundle(&greedy, Some(&Passphrase::from(ADVOCATE_PASSPHRASE)));
    assert_eq!(r.verdict, Verdict::Refused, "{:?}", r.checks);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn the_age_tool_opens_the_payload_cut_out_of_the_page_with_sed() {
    let mut s = scenario();
    let (page, report) = advocate_page(&mut s);
    let dir = s.tv.dir.path();
    // age reads the passphrase from a terminal: give it one.
    let cmd = format!("{EXTRACT} {} | age -d -o advocate.zip", page.display());
    let t = tool_with_input(
        "script",
        &["-qec", &cmd, "/dev/null"],
        dir,
        Some(format!("{ADVOCATE_PASSPHRASE}\n").as_bytes()),
    );
    assert!(t.status.success(), "age -d failed: {}", text(&t));
    let zip = std::fs::read(dir.join("advocate.zip")).unwrap();
    assert_eq!(hex::encode(sha256(&zip)), report.bundle_sha256, "the same ZIP as export made");
    assert_valid(&dir.join("advocate.zip"), None);
    // And the armor alone is what the page's digest covers once decoded.
    let cut = tool("sh", &["-c", &format!("{EXTRACT} {}", page.display())], dir);
    let armored = String::from_utf8(cut.stdout).unwrap();
    assert!(armored.starts_with(ARMOR_BEGIN) && armored.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
}

fn assert_valid(path: &std::path::Path, pass: Option<&Passphrase>) {
    let report = verify_bundle(path, pass);
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(report.verdict, Verdict::Valid, "{failures:#?}");
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// Issue 16, item 4: README.txt tells the advocate, in plain words, what they have, how to check
/// it came from the person, and what to do with it; a police pack's README has none of that.
#[test]
fn the_advocate_readme_says_what_they_have_how_to_check_it_and_what_to_do() {
    let mut s = scenario();
    let (page, _) = advocate_page(&mut s);
    let mut pack = casebook_core::verify::Pack::open(&page, Some(&Passphrase::from(ADVOCATE_PASSPHRASE))).unwrap();
    let readme = String::from_utf8(pack.read("README.txt", 1 << 20).unwrap()).unwrap();
    for words in [
        "FOR THE SUPPORT ADVOCATE",
        "What you have",
        "key card",
        "witness code",
        "Keep the file you were sent as it is",
        "give the police this ZIP",
    ] {
        assert!(readme.contains(words), "README.txt lacks {words:?}:\n{readme}");
    }
    let police = export(&mut s, &police_options(), "police.zip");
    let mut pack = casebook_core::verify::Pack::open(&police, None).unwrap();
    let readme = String::from_utf8(pack.read("README.txt", 1 << 20).unwrap()).unwrap();
    assert!(!readme.contains("FOR THE SUPPORT ADVOCATE"));
}
