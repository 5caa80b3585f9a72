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
mod tsa_support;

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
    // A witness code sent before the pack was made, and one made after it (beyond its head).
    let code = s.tv.vault.make_witness_code().unwrap().code;
    let pack = export(&mut s, &police_options(), "pack.zip");
    let later = s.tv.vault.make_witness_code().unwrap().code;
    let advocate_opts = advocate_options(&s);
    let advocate = export(&mut s, &advocate_opts, "advocate.html");
    let dir = s.tv.dir.path().to_owned();
    let original = std::fs::read(&pack).unwrap();

    let real = verify_bundle(&pack, None).facts.unwrap().fingerprint;
    let (forged, _) = tamper::forge(&original, "Nothing happened; I made it up.");

    // (name, bytes, what the checker typed as expected)
    let mut packs: Vec<(String, Vec<u8>, Want)> = vec![("valid".into(), original.clone(), Want::default())];
    for case in tamper::cases(&original) {
        packs.push((case.name.into(), case.bytes, Want::default()));
    }
    // A pack with imported texts' original excerpts, and the same with one excerpt altered.
    let excerpted = excerpt_pack(&dir);
    let mut altered = read_zip(&excerpted);
    let (_, excerpt) = altered.iter_mut().find(|(n, _)| n.starts_with("excerpts/")).unwrap();
    excerpt[5] ^= 1;
    let fp = |f: String| Want { fingerprint: Some(f), witnesses: vec![] };
    let codes = |c: &[&str]| Want { fingerprint: None, witnesses: c.iter().map(|c| c.to_string()).collect() };
    packs.push(("excerpts".into(), excerpted, Want::default()));
    packs.push(("active-exhibit".into(), active_exhibit_pack(&dir), Want::default()));
    packs.push(("orders".into(), orders_pack(&dir), Want::default()));
    packs.push(("excerpt-altered".into(), write_zip(&altered), Want::default()));
    packs.push(("not-a-zip".into(), b"PK but not really a zip file".to_vec(), Want::default()));
    // The advocate page, and the age file inside it on its own: both need a passphrase.
    let page = std::fs::read(&advocate).unwrap();
    let (age, _) = casebook_pack::format::advocate::read_payload(&mut &page[..]).unwrap();
    packs.push(("encrypted".into(), page, Want::default()));
    packs.push(("encrypted-age".into(), age, Want::default()));
    packs.push(("valid-anchored".into(), original.clone(), fp(real.replace(' ', ""))));
    packs.push(("forged".into(), forged.clone(), Want::default()));
    packs.push(("forged-against-key-card".into(), forged.clone(), fp(real.to_uppercase())));
    // Witness codes: typed loosely; the pack made after the first passes through it, the forgery
    // does not, and the pack cannot show a code made after it.
    packs.push(("valid-witness".into(), original.clone(), codes(&[&code.to_lowercase().replace('-', " - ")])));
    packs.push(("forged-against-witness".into(), forged, codes(&[&code])));
    packs.push(("witness-not-reached".into(), original.clone(), codes(&[&code, &later])));
    let both = Want { fingerprint: Some(real.clone()), witnesses: vec![code.clone()] };
    packs.push(("valid-both".into(), original.clone(), both.clone()));
    packs.push(("damaged-against-witness".into(), tamper::cases(&original).remove(0).bytes, both));
    let (entries_only, _) = tamper::forge_with(&original, "Nothing happened.", false);
    packs.push(("entries-only".into(), entries_only, Want::default()));
    // RFC 3161 time-stamps: a pack carrying one; a forgery that keeps it (another chain); one
    // that rewrites the anchor file to its chain (another digest); a damaged reply.
    let tsa = tsa_support::Tsa::new();
    let request = s.tv.vault.anchor_request().unwrap();
    let cp = s.tv.vault.anchor_import(&tsa.reply(&request.der)).unwrap().checkpoint_seq;
    let stamped = std::fs::read(export(&mut s, &police_options(), "stamped.zip")).unwrap();
    let (data_name, reply_name) = (format!("timestamps/anchor-{cp}.txt"), format!("timestamps/anchor-{cp}.tsr"));
    let (kept_stamp, _) = tamper::forge(&stamped, "Nothing happened; I made it up.");
    let (own_anchor, _) = tamper::forge_and(&stamped, "Nothing happened; I made it up.", true, |f, key, links| {
        set(f, &data_name, casebook_core::anchor::anchor_data(key, cp, &links[&cp]));
        vec![data_name.clone()]
    });
    let mut bad_reply = read_zip(&stamped);
    let reply = &mut bad_reply.iter_mut().find(|(n, _)| *n == reply_name).unwrap().1;
    reply.truncate(reply.len() - 40);
    let bad_reply = write_zip(&bad_reply);
    packs.push(("stamped".into(), stamped, Want::default()));
    packs.push(("stamped-forged".into(), kept_stamp, Want::default()));
    packs.push(("stamped-forged-anchor".into(), own_anchor, Want::default()));
    packs.push(("stamped-bad-reply".into(), bad_reply, Want::default()));

    let mut expected = BTreeMap::new();
    for (name, bytes, typed) in &packs {
        let path = dir.join(format!("{name}.bin"));
        std::fs::write(&path, bytes).unwrap();
        let mut want = Expected::default();
        if let Some(fp) = &typed.fingerprint {
            want = want.with_fingerprint(fp).unwrap();
        }
        for c in &typed.witnesses {
            want = want.with_witness(c).unwrap();
        }
        let report = verify_bundle_expecting(&path, &want, None);
        let verdict = serde_json::to_value(report.verdict).unwrap().as_str().unwrap().to_owned();
        let mut checks: BTreeMap<String, bool> = report.checks.iter().map(|c| (c.name.clone(), c.ok)).collect();
        // The witness outcomes, as the page marks them, join the checks compared.
        for (i, w) in report.witnesses.iter().enumerate() {
            checks.insert(format!("witness-{i}-{}", serde_json::to_value(w.outcome).unwrap().as_str().unwrap()), true);
        }
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
        if !name.starts_with("encrypted") && name != "not-a-zip" {
            assert_eq!(js_checks, checks, "{name}: the checks disagree");
        }
    }
    assert_eq!(seen["valid"].0, "valid");
    assert_eq!(seen["orders"].0, "valid", "breaches.csv is a file the page expects");
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
    assert_eq!(seen["valid-witness"].0, "valid");
    assert!(section("valid-witness").contains("existed, unchanged, when the code was sent"));
    assert!(!section("valid-witness").contains("proves nothing about who made it"));
    assert_eq!(seen["forged-against-witness"].0, "witness_mismatch");
    assert!(section("forged-against-witness").contains("forged after the code was sent"));
    assert_eq!(seen["witness-not-reached"].0, "witness_mismatch");
    assert!(seen["witness-not-reached"].1.contains_key("witness-1-not_reached"));
    assert_eq!(seen["valid-both"].0, "valid");
    assert_eq!(seen["damaged-against-witness"].0, "invalid");
    assert_eq!(seen["damaged-against-witness"].1.get("anchor"), Some(&false));
    assert_eq!(seen["stamped"].0, "valid");
    assert_eq!(seen["stamped"].1.get("timestamps"), Some(&true));
    assert!(section("stamped").contains("existed by"));
    for forged in ["stamped-forged", "stamped-forged-anchor", "stamped-bad-reply"] {
        assert_eq!(seen[forged].0, "invalid", "{forged}");
        assert_eq!(seen[forged].1.get("timestamps"), Some(&false), "{forged}");
    }
}

/// What the checker typed: a fingerprint, witness codes.
#[derive(Clone, Default)]
struct Want {
    fingerprint: Option<String>,
    witnesses: Vec<String>,
}

#[test]
fn verify_html_reads_witness_codes_as_the_cli_does() {
    let dir = tempfile::tempdir().unwrap();
    let good = casebook_core::WitnessCode::compute(&[7; 32], 214, &[9; 32]).to_string();
    let mut typo = good.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'A' { 'B' } else { 'A' });
    let typed = [
        good.clone(),
        good.to_lowercase().replace('-', " - "),
        typo,
        "W-3-ABCD".into(),
        "hello".into(),
        "W-0-AAAA-AAAA-AAAA-AAAA-AAAA".into(),
        "W-214-AAAA-AAAA-AAAA-AAAA-AAA9".into(),
    ];
    let list = typed.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(",");
    let harness = format!(
        "var out = document.getElementById('results');\n\
         [{list}].forEach(function (t) {{ var r = CasebookVerify.parseWitness(t); var p = document.createElement('p');\n\
           p.setAttribute('data-witness-parse', r.error ? 'error' : r.text); p.textContent = r.error || ''; out.appendChild(p); }});\n\
         document.body.setAttribute('data-done', 'yes');"
    );
    let dom = run_verify_html(dir.path(), &harness);
    let seen: Vec<&str> = dom.split("data-witness-parse=\"").skip(1).map(|p| &p[..p.find('"').unwrap()]).collect();
    let rust: Vec<String> =
        typed.iter().map(|t| casebook_core::WitnessCode::parse(t).map_or("error".into(), |c| c.to_string())).collect();
    assert_eq!(seen, rust, "verify.html and the CLI read the same codes the same way");
    assert_eq!(seen[1], good);
}

/// A police pack of texts imported from an SMS Backup & Restore file: it carries each text's
/// original XML element under `excerpts/`.
fn excerpt_pack(dir: &std::path::Path) -> Vec<u8> {
    use casebook_core::ExportOptions;
    use casebook_core::import::{ImportOptions, ImportSettings};
    let mut tv = common::new_vault();
    tv.vault.set_case(common::case_with_jon()).unwrap();
    let sms = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sms-20260301213000.xml");
    let settings = ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() };
    tv.vault.import(&sms, &ImportOptions { settings, ..ImportOptions::default() }, &mut |_, _| true).unwrap();
    let out = dir.join("excerpts.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(read_zip(&bytes).iter().any(|(n, _)| n.starts_with("excerpts/")));
    bytes
}

/// A pack from a diary with an order and a breach: it carries `breaches.csv`, a file older
/// pages did not expect.
fn orders_pack(dir: &std::path::Path) -> Vec<u8> {
    use casebook_core::{BreachInput, EntryKind, ExportOptions, OrderInput, OrderKind, TermInput, TermPreset};
    let mut tv = common::new_vault();
    let id = tv.vault.add_entry(common::entry(EntryKind::Call, "A call", "2026-02-05T10:00:00+00:00")).unwrap();
    let order = OrderInput {
        kind: OrderKind::FullSpo,
        court: "Anytown Magistrates' Court".into(),
        made_on: "2026-02-01".parse().unwrap(),
        served_on: Some("2026-02-02".parse().unwrap()),
        expires_on: None,
        reference: None,
        terms: vec![TermInput::preset(TermPreset::NoContact, None)],
    };
    let order_id = tv.vault.add_order(order).unwrap();
    let breach = BreachInput { entry_id: id, order_id, term_ids: vec![1], reported: false, police_reference: None };
    tv.vault.mark_breach(breach).unwrap();
    let out = dir.join("orders.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(read_zip(&bytes).iter().any(|(n, _)| n == "breaches.csv"));
    bytes
}

/// A pack with an `.hta` attachment: stored as `.bin`, its manifest entry names the original
/// (`original_name`, a field the page does not read and must not trip over).
fn active_exhibit_pack(dir: &std::path::Path) -> Vec<u8> {
    use casebook_core::{EntryKind, ExportOptions};
    let mut tv = common::new_vault();
    let id = tv
        .vault
        .add_entry(common::entry(EntryKind::Other, "Email with an attachment", "2026-02-01T10:00:00+00:00"))
        .unwrap();
    tv.vault.attach(id, &mut &b"<html><script>alert(1)</script></html>"[..], "invoice.hta", "manual").unwrap();
    let out = dir.join("active.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(get(&read_zip(&bytes), "manifest.json").windows(11).any(|w| w == b"invoice.hta"));
    bytes
}

fn run_page(dir: &std::path::Path, packs: &[(String, Vec<u8>, Want)]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let list: Vec<String> = packs
        .iter()
        .map(|(n, b, want)| {
            let fp = want.fingerprint.as_ref().map_or("null".into(), |f| format!("{f:?}"));
            let codes = want.witnesses.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(",");
            format!("[{n:?},\"{}\",{fp},[{codes}]]", b64.encode(b))
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
           var codes = packs[i][3].map(CasebookVerify.parseWitness);\n\
           try {{ report = await CasebookVerify.verifyBlob(memBlob(bytes), null, {{ fingerprint: fp, witnesses: codes }}); }}\n\
           catch (e) {{ report = {{ verdict: 'exception', checks: [{{ name: 'exception', ok: false, detail: String(e) }}], facts: null }}; }}\n\
           (report.witnesses || []).forEach(function (w, k) {{ report.checks.push({{ name: 'witness-' + k + '-' + w.outcome, ok: true, detail: '' }}); }});\n\
           var holder = document.createElement('div');\n\
           out.appendChild(holder);\n\
           CasebookVerify.render(holder, report, packs[i][0]).setAttribute('data-pack', packs[i][0]);\n\
         }}\n\
         document.body.setAttribute('data-done', 'yes');\n\
         }})().catch(function (e) {{ document.body.setAttribute('data-error', String(e)); }});",
        list.join(",")
    );
    run_verify_html(dir, &harness)
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
