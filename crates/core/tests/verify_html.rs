//! verify.html, the page inside every pack, run in headless Chromium on the same packs as
//! `verify_bundle`: the verdict and every check must agree.
//!
//! From file:// the page cannot fetch the ZIP, so the test builds a page with verify.html's
//! own script plus the packs as base64 and a few lines that hand each one to the page's
//! `verifyBlob` and `render`, as dropping the file does; the DOM is dumped and read back. The
//! packs are handed over as in-memory blobs (`size` and `slice().arrayBuffer()`, the part of
//! the Blob API the page uses): headless Chromium's virtual time does not wait for real Blob
//! reads, so `--dump-dom` would race them.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::collections::BTreeMap;

use base64::Engine;
use casebook_core::export::VERIFY_HTML;
use casebook_core::verify::Expected;
use casebook_core::{verify_bundle, verify_bundle_expecting};
use casebook_crypto::sha256;
use export_support::*;

/// The CSP's hashes are those of the page's own script and style (so the page runs, and
/// nothing else can).
#[test]
fn the_content_security_policy_allows_exactly_the_pages_own_script_and_style() {
    let b64 = base64::engine::general_purpose::STANDARD;
    let between = |open: &str, close: &str| {
        let start = VERIFY_HTML.find(open).unwrap() + open.len();
        let end = start + VERIFY_HTML[start..].find(close).unwrap();
        &VERIFY_HTML[start..end]
    };
    let script = b64.encode(sha256(between("<script>", "</script>").as_bytes()));
    let style = b64.encode(sha256(between("<style>", "</style>").as_bytes()));
    let csp = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    assert!(
        csp.contains(&format!("script-src 'sha256-{script}'")),
        "update verify.html's CSP: script-src 'sha256-{script}'"
    );
    assert!(
        csp.contains(&format!("style-src 'sha256-{style}'")),
        "update verify.html's CSP: style-src 'sha256-{style}'"
    );
    for rule in ["default-src 'none'", "connect-src 'none'", "form-action 'none'", "base-uri 'none'"] {
        assert!(csp.contains(rule), "CSP lacks {rule}");
    }
    assert!(
        !VERIFY_HTML.contains("innerHTML") && !VERIFY_HTML.contains("fetch("),
        "text goes in with textContent only"
    );
}

#[test]
fn verify_html_in_chromium_agrees_with_verify_bundle_on_valid_and_tampered_packs() {
    let mut s = scenario();
    let pack = export(&mut s, &police_options(), "pack.zip");
    let advocate_opts = advocate_options(&s);
    let advocate = export(&mut s, &advocate_opts, "advocate.zip.age");
    let dir = s.tv.dir.path().to_owned();
    let original = std::fs::read(&pack).unwrap();

    let real = verify_bundle(&pack, None).facts.unwrap().fingerprint;
    let (forged, _) = tamper::forge(&original, "Nothing happened; I made it up.");

    // (name, bytes, the fingerprint typed as expected)
    let mut packs: Vec<(String, Vec<u8>, Option<String>)> = vec![("valid".into(), original.clone(), None)];
    for case in tamper::cases(&original) {
        packs.push((case.name.into(), case.bytes, None));
    }
    // A pack with imported texts' original excerpts, and the same with one excerpt altered.
    let excerpted = excerpt_pack(&dir);
    let mut altered = read_zip(&excerpted);
    let (_, excerpt) = altered.iter_mut().find(|(n, _)| n.starts_with("excerpts/")).unwrap();
    excerpt[5] ^= 1;
    packs.push(("excerpts".into(), excerpted, None));
    packs.push(("excerpt-altered".into(), write_zip(&altered), None));
    packs.push(("not-a-zip".into(), b"PK but not really a zip file".to_vec(), None));
    packs.push(("encrypted".into(), std::fs::read(&advocate).unwrap(), None));
    packs.push(("valid-anchored".into(), original.clone(), Some(real.replace(' ', ""))));
    packs.push(("forged".into(), forged.clone(), None));
    packs.push(("forged-against-key-card".into(), forged, Some(real.to_uppercase())));
    let (entries_only, _) = tamper::forge_with(&original, "Nothing happened.", false);
    packs.push(("entries-only".into(), entries_only, None));

    let mut expected = BTreeMap::new();
    for (name, bytes, fp) in &packs {
        let path = dir.join(format!("{name}.bin"));
        std::fs::write(&path, bytes).unwrap();
        let mut want = Expected::default();
        if let Some(fp) = fp {
            want = want.with_fingerprint(fp).unwrap();
        }
        let report = verify_bundle_expecting(&path, &want, None);
        let verdict = serde_json::to_value(report.verdict).unwrap().as_str().unwrap().to_owned();
        let checks: BTreeMap<String, bool> = report.checks.iter().map(|c| (c.name.clone(), c.ok)).collect();
        expected.insert(name.clone(), (verdict, checks));
    }

    let dom = run_page(&dir, &packs);
    assert!(dom.contains("data-done=\"yes\""), "the page did not finish:\n{}", &dom[..dom.len().min(3000)]);
    let seen = parse(&dom);
    for (name, (verdict, checks)) in &expected {
        let (js_verdict, js_checks) = seen.get(name).unwrap_or_else(|| panic!("no result for {name} in the page"));
        assert_eq!(
            js_verdict, verdict,
            "{name}: verify.html says {js_verdict}, verify_bundle says {verdict}; {js_checks:?}"
        );
        if name != "encrypted" && name != "not-a-zip" {
            assert_eq!(js_checks, checks, "{name}: the checks disagree");
        }
    }
    assert_eq!(seen["valid"].0, "valid");
    assert_eq!(seen["forged"].0, "valid", "internally consistent");
    assert_eq!(seen["forged-against-key-card"].0, "key_mismatch");
    assert_eq!(seen["valid-anchored"].0, "valid");
    assert_eq!(seen["entries-only"].1.get("entries"), Some(&false));
    // The words: unanchored says it proves nothing about who made it; anchored says it matched.
    let section = |name: &str| {
        let at = dom.find(&format!("data-pack=\"{name}\"")).unwrap();
        let open = dom[..at].rfind("<section").unwrap();
        let end = dom[at..].find("</section>").map_or(dom.len(), |e| at + e);
        dom[open..end].to_owned()
    };
    assert!(section("forged").contains("proves nothing about who made it"));
    assert!(!section("forged").contains("exactly as"));
    assert!(section("valid-anchored").contains("signed by the key you expected"));
    assert!(section("forged-against-key-card").contains("not by the expected key"));
}

/// A police pack of texts imported from an SMS Backup & Restore file: it carries each text's
/// original XML element under `excerpts/`.
fn excerpt_pack(dir: &std::path::Path) -> Vec<u8> {
    use casebook_core::import::{ImportOptions, ImportSettings};
    use casebook_core::{CaseDetails, ExportOptions, Identifier, IdentifierKind, Person};
    let mut tv = common::new_vault();
    let jon = Person {
        id: 1,
        name: "Jon Doe".into(),
        relationship: None,
        description: None,
        identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() }],
    };
    tv.vault.set_case(CaseDetails { victim_initials: "AS".into(), persons: vec![jon], order_terms: None }).unwrap();
    let sms = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sms-20260301213000.xml");
    let settings = ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() };
    tv.vault.import(&sms, &ImportOptions { settings, ..ImportOptions::default() }, &mut |_, _| true).unwrap();
    let out = dir.join("excerpts.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(read_zip(&bytes).iter().any(|(n, _)| n.starts_with("excerpts/")));
    bytes
}

fn run_page(dir: &std::path::Path, packs: &[(String, Vec<u8>, Option<String>)]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let list: Vec<String> = packs
        .iter()
        .map(|(n, b, fp)| {
            format!("[{n:?},\"{}\",{}]", b64.encode(b), fp.as_ref().map_or("null".into(), |f| format!("{f:?}")))
        })
        .collect();
    let harness = format!(
        "function memBlob(bytes) {{\n\
           return {{ size: bytes.length, slice: function (a, b) {{ var part = bytes.slice(a, b);\n\
             return {{ arrayBuffer: function () {{ return Promise.resolve(part.buffer); }} }}; }} }};\n\
         }}\n\
         (async function () {{\n\
         var packs = [{}];\n\
         var out = document.getElementById('results');\n\
         for (var i = 0; i < packs.length; i++) {{\n\
           var bin = atob(packs[i][1]), bytes = new Uint8Array(bin.length);\n\
           for (var j = 0; j < bin.length; j++) {{ bytes[j] = bin.charCodeAt(j); }}\n\
           var report;\n\
           var fp = packs[i][2] ? CasebookVerify.parseFingerprint(packs[i][2]) : null;\n\
           try {{ report = await CasebookVerify.verifyBlob(memBlob(bytes), null, {{ fingerprint: fp }}); }}\n\
           catch (e) {{ report = {{ verdict: 'exception', checks: [{{ name: 'exception', ok: false, detail: String(e) }}], facts: null }}; }}\n\
           var holder = document.createElement('div');\n\
           out.appendChild(holder);\n\
           CasebookVerify.render(holder, report, packs[i][0]).setAttribute('data-pack', packs[i][0]);\n\
         }}\n\
         document.body.setAttribute('data-done', 'yes');\n\
         }})().catch(function (e) {{ document.body.setAttribute('data-error', String(e)); }});",
        list.join(",")
    );
    let hash = b64.encode(sha256(harness.as_bytes()));
    let page = VERIFY_HTML
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

/// Verdict and checks of each pack section in the dumped DOM.
fn parse(dom: &str) -> BTreeMap<String, (String, BTreeMap<String, bool>)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!("{name}=\"");
        let at = tag.find(&key)? + key.len();
        Some(tag[at..at + tag[at..].find('"')?].to_owned())
    };
    let mut out = BTreeMap::new();
    for section in dom.split("<section").skip(1) {
        let open = &section[..section.find('>').unwrap_or(0)];
        let (Some(pack), Some(verdict)) = (attr(open, "data-pack"), attr(open, "data-verdict")) else { continue };
        let mut checks = BTreeMap::new();
        for li in section.split("<li").skip(1) {
            let open = &li[..li.find('>').unwrap_or(0)];
            if let (Some(name), Some(ok)) = (attr(open, "data-check"), attr(open, "data-ok")) {
                checks.insert(name, ok == "true");
            }
        }
        out.insert(pack, (verdict, checks));
    }
    out
}
