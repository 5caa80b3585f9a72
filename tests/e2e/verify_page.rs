//! verify.html's "Check one exhibit uploaded on its own", driven as an officer would in headless
//! Chromium: the page taken from a police pack, opened from a file:// URL, the pack chosen in its
//! file field, then an exhibit from the upload folder and its sidecar chosen in the exhibit
//! fields and "Check the exhibit" pressed. The exhibit as made matches; a copy with one byte
//! changed, with the same sidecar, is refused as changed (what `casebook verify-exhibit` says of
//! both). Screenshots: target/e2e-screens/verify-exhibit-{matches,changed}.png.

use std::path::Path;
use std::time::{Duration, Instant};

use casebook_e2e::chromium::{self, Chromium};
use casebook_e2e::session::run;
use casebook_e2e::{Result, ensure, fail, fixtures, paths};
use fantoccini::{Client, Locator};
use serde_json::Value as Json;

#[test]
fn e2e_verify_html_exhibit_field_accepts_an_exhibit_and_refuses_a_changed_one() {
    run("e2e_verify_exhibit", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        let added =
            sb.cli(&["--json", "add", "--kind", "sighting", "--title", "Outside work", "--at", "2026-11-21 08:40"])?;
        let added: Json = serde_json::from_str(&added).map_err(|e| fail!("add --json: {e}"))?;
        let id = added["id"].as_i64().ok_or_else(|| fail!("no id in {added}"))?.to_string();
        let photo = fixtures::phone_screenshot(sb.dir(), "photo.png")?;
        sb.cli(&["attach", &id, &photo.to_string_lossy()])?;
        let pack = sb.dir().join("police.zip");
        let made = sb.cli(&["--json", "export", "--out", &pack.to_string_lossy(), "--upload-folder"])?;
        let made: Json = serde_json::from_str(&made).map_err(|e| fail!("export --json: {e}"))?;
        let folder = made["upload_folder"].as_str().ok_or_else(|| fail!("no upload folder in {made}"))?;
        let mut exhibits: Vec<std::path::PathBuf> = std::fs::read_dir(folder)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "txt"))
            .collect();
        exhibits.sort();
        let exhibit = exhibits.first().ok_or_else(|| fail!("no exhibit in {folder}"))?.clone();
        let name = exhibit.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let sidecar = exhibit.with_file_name(format!("{name}.sidecar.json"));
        ensure!(sidecar.exists(), "no sidecar beside {exhibit:?}");
        // The same file with one byte changed, under another name, beside the same sidecar.
        let changed = sb.dir().join(format!("changed-{name}"));
        let mut bytes = std::fs::read(&exhibit)?;
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
        std::fs::write(&changed, bytes)?;
        // The pack's own verify.html, as the officer has it.
        let page = sb.dir().join("verify.html");
        let out = std::process::Command::new("unzip").arg("-p").arg(&pack).arg("verify.html").output()?;
        ensure!(out.status.success() && !out.stdout.is_empty(), "no verify.html in the pack: {out:?}");
        std::fs::write(&page, out.stdout)?;
        // What the CLI says of both, for the page to agree with.
        for (file, matches) in [(&exhibit, true), (&changed, false)] {
            let out = std::process::Command::new(paths::cli_binary()?)
                .arg("verify-exhibit")
                .arg(file)
                .arg("--sidecar")
                .arg(&sidecar)
                .arg("--pack")
                .arg(&pack)
                .output()?;
            ensure!(out.status.success() == matches, "casebook verify-exhibit {file:?}: {out:?}");
        }

        let browser = Chromium::start(&sb.dir().join("chromium"), &sb.dir().join("chromedriver.log")).await?;
        let result = flow(browser.client(), &page, &pack, &exhibit, &changed, &sidecar).await;
        browser.close().await?;
        result
    });
}

async fn flow(c: &Client, page: &Path, pack: &Path, exhibit: &Path, changed: &Path, sidecar: &Path) -> Result<()> {
    c.goto(&format!("file://{}", page.display())).await?;
    choose(c, "pick", pack).await?;
    let verdict = wait_for(c, "#results section[data-verdict]", "data-verdict").await?;
    ensure!(verdict == "valid", "the pack was not found valid: {verdict}");
    for (file, want, label) in [(exhibit, "matches", "matches"), (changed, "changed", "changed")] {
        choose(c, "exhibit-file", file).await?;
        choose(c, "exhibit-sidecar", sidecar).await?;
        c.execute("document.getElementById('exhibit-result').replaceChildren();", vec![]).await?;
        c.find(Locator::Id("exhibit-check")).await?.click().await?;
        let got = wait_for(c, "#exhibit-result [data-exhibit-verdict]", "data-exhibit-verdict").await?;
        let said = c.find(Locator::Id("exhibit-result")).await?.text().await?;
        ensure!(got == want, "{file:?}: the page says {got} ({said}), not {want}");
        c.execute("document.getElementById('exhibit').scrollIntoView();", vec![]).await?;
        shot(c, label).await?;
    }
    Ok(())
}

/// Chooses `file` in the file field `id`, as a person picking it would (WebDriver types the path
/// into the field; a file chosen before is cleared first).
async fn choose(c: &Client, id: &str, file: &Path) -> Result<()> {
    let field = c.find(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(&file.to_string_lossy()).await?;
    Ok(())
}

/// Waits up to a minute for an element matching `css` and returns its attribute `attr`.
async fn wait_for(c: &Client, css: &str, attr: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let script = format!("var e = document.querySelector({css:?}); return e ? e.getAttribute({attr:?}) : null;");
    loop {
        if let Json::String(v) = c.execute(&script, vec![]).await? {
            return Ok(v);
        }
        if Instant::now() > deadline {
            let body = c.execute("return document.body.innerText;", vec![]).await?;
            return Err(fail!("nothing matched {css} in a minute; the page says: {body}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn shot(c: &Client, label: &str) -> Result<()> {
    chromium::shot(c, &format!("verify-exhibit-{label}")).await
}
