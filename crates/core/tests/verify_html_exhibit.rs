//! verify.html's field for one exhibit uploaded on its own, run in headless Chromium beside
//! `verify_exhibit` (`casebook verify-exhibit`) on the same files: the verdicts must agree. As in
//! verify_html.rs, the page gets verify.html's own script plus the files as base64 and a few lines
//! that hand them to `CasebookVerify.checkExhibit` as in-memory blobs; the DOM is dumped and read.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use base64::Engine;
use casebook_core::verify::Expected;
use export_support::*;

/// A Blob-like object over bytes in memory, for verify.html's readers (`size`, `slice`, `arrayBuffer`).
const MEM_BLOB: &str = "function memBlob(bytes) {
  return { size: bytes.length, slice: function (a, b) { var part = bytes.slice(a, b);
    return { arrayBuffer: function () { return Promise.resolve(part.buffer); } }; } };
}";

/// verify.html's field for one exhibit uploaded on its own gives the same verdict as
/// `verify_exhibit` (`casebook verify-exhibit`) on the same files: each exhibit of an upload
/// folder matches; a changed byte, a sidecar from another pack, an edited sidecar, something
/// that is not a sidecar, and a pack that does not pass its checks are refused.
#[test]
fn verify_html_checks_one_uploaded_exhibit_as_verify_exhibit_does() {
    use casebook_core::export::{ExhibitSidecar, upload_folder_for};
    use casebook_core::verify::verify_exhibit;
    let mut s = scenario();
    let options = casebook_core::ExportOptions { upload_folder: true, ..police_options() };
    let pack = export(&mut s, &options, "pack.zip");
    s.tv.tick(5);
    let other = export(&mut s, &options, "other.zip");
    let folder = upload_folder_for(&pack);
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json") && !p.ends_with("README.txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let sidecar_of =
        |f: &std::path::Path| f.with_file_name(ExhibitSidecar::name_for(&f.file_name().unwrap().to_string_lossy()));
    let dir = s.tv.dir.path();
    // The cases: (label, pack, file, sidecar).
    let mut cases: Vec<(String, std::path::PathBuf, std::path::PathBuf, std::path::PathBuf)> =
        files.iter().map(|f| (format!("as made {}", f.display()), pack.clone(), f.clone(), sidecar_of(f))).collect();
    let changed = dir.join("changed.bin");
    let mut bytes = std::fs::read(&files[0]).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&changed, bytes).unwrap();
    cases.push(("changed byte".into(), pack.clone(), changed, sidecar_of(&files[0])));
    let other_folder = upload_folder_for(&other);
    let foreign = other_folder.join(sidecar_of(&files[0]).file_name().unwrap());
    cases.push(("foreign sidecar".into(), pack.clone(), files[0].clone(), foreign));
    let edited = dir.join("edited.sidecar.json");
    let mut sidecar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sidecar_of(&files[0])).unwrap()).unwrap();
    sidecar["entry_id"] = serde_json::json!(sidecar["entry_id"].as_i64().unwrap() + 1000);
    std::fs::write(&edited, serde_json::to_vec_pretty(&sidecar).unwrap()).unwrap();
    cases.push(("edited sidecar".into(), pack.clone(), files[0].clone(), edited));
    let swapped = dir.join("swapped.sidecar.json");
    std::fs::copy(sidecar_of(&files[1]), &swapped).unwrap();
    cases.push(("another exhibit's sidecar".into(), pack.clone(), files[0].clone(), swapped));
    cases.push(("not a sidecar".into(), pack.clone(), files[0].clone(), files[1].clone()));
    let broken = dir.join("broken.zip");
    let mut zip = read_zip(&std::fs::read(&pack).unwrap());
    let readme = get(&zip, "README.txt").to_vec();
    set(&mut zip, "README.txt", [readme, b"x".to_vec()].concat());
    std::fs::write(&broken, write_zip(&zip)).unwrap();
    cases.push(("pack not valid".into(), broken, files[0].clone(), sidecar_of(&files[0])));

    let b64 = base64::engine::general_purpose::STANDARD;
    let list: Vec<String> = cases
        .iter()
        .map(|(label, p, f, sc)| {
            let enc = |path: &std::path::Path| b64.encode(std::fs::read(path).unwrap());
            format!("[{label:?},\"{}\",\"{}\",\"{}\"]", enc(p), enc(f), enc(sc))
        })
        .collect();
    let harness = format!(
        "function bytesOf(t) {{ var bin = atob(t), b = new Uint8Array(bin.length);\n\
           for (var j = 0; j < bin.length; j++) {{ b[j] = bin.charCodeAt(j); }} return b; }}\n\
         {MEM_BLOB}\n\
         (async function () {{\n\
         var cases = [{}];\n\
         var out = document.getElementById('results');\n\
         for (var i = 0; i < cases.length; i++) {{\n\
           var r = await CasebookVerify.checkExhibit(memBlob(bytesOf(cases[i][1])), memBlob(bytesOf(cases[i][2])),\n\
             bytesOf(cases[i][3]), null);\n\
           var p = document.createElement('p'); p.setAttribute('data-exhibit-case', r.verdict); p.textContent = r.sentence;\n\
           out.appendChild(p);\n\
         }}\n\
         document.body.setAttribute('data-done', 'yes');\n\
         }})().catch(function (e) {{ document.body.setAttribute('data-error', String(e)); }});",
        list.join(",")
    );
    let dom = run_verify_html(dir, &harness);
    assert!(dom.contains("data-done=\"yes\""), "the page did not finish: {}", &dom[dom.len().saturating_sub(2000)..]);
    let page: Vec<&str> = dom.split("data-exhibit-case=\"").skip(1).map(|p| &p[..p.find('"').unwrap()]).collect();
    let rust: Vec<String> = cases
        .iter()
        .map(|(_, p, f, sc)| {
            let r = verify_exhibit(f, sc, p, &Expected::default());
            serde_json::to_value(r.verdict).unwrap().as_str().unwrap().to_owned()
        })
        .collect();
    let labels: Vec<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(page, rust, "verify.html and verify-exhibit disagree on {labels:?}");
    let n = files.len();
    assert!(rust[..n].iter().all(|v| v == "matches"), "{rust:?}");
    assert_eq!(
        &rust[n..],
        ["changed", "foreign_sidecar", "changed", "changed", "bad_sidecar", "pack_not_valid"],
        "{labels:?}"
    );
}
