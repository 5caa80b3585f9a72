//! The advocate pack in an ordinary browser (issue 16): the page the CLI writes, opened from a
//! file:// URL in headless Chromium with nothing else, as an advocate on an office PC would.
//! It is checked before the passphrase is asked for; a wrong passphrase says so; the right
//! one shows verify.html's verdict (with the key card's fingerprint typed, "the key you
//! expected"), the entries and the photo; a copy with one byte changed says it is damaged.
//! Screenshots: target/e2e-screens/advocate-{locked,wrong-passphrase,opened,opened-entries,damaged}.png.

use std::path::Path;
use std::time::{Duration, Instant};

use casebook_e2e::chromium::{self, Chromium};
use casebook_e2e::session::run;
use casebook_e2e::{Result, ensure, fail, fixtures};
use fantoccini::{Client, Locator};
use serde_json::Value as Json;

const ADVOCATE_PASSPHRASE: &str = "orange ferry nine bicycles";

#[test]
fn e2e_advocate_page_opens_offline_in_chromium_with_the_passphrase() {
    run("e2e_advocate", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        let first = sb.cli(&[
            "--json",
            "add",
            "--kind",
            "sighting",
            "--title",
            "Saw him outside work <b>again</b>",
            "--at",
            "2026-11-21 08:40",
            "--location",
            "Outside the office",
            "--narrative",
            "Standing across the road for ten minutes.\n<script>window.__xss=1</script>",
        ])?;
        let id = entry_id(&first)?;
        let photo = fixtures::phone_screenshot(sb.dir(), "photo.png")?;
        sb.cli(&["attach", &id, &photo.to_string_lossy()])?;
        sb.cli(&["add", "--kind", "call", "--title", "Missed call from his number", "--at", "2026-11-22 21:14"])?;
        let pass = sb.dir().join("advocate-pass.txt");
        std::fs::write(&pass, ADVOCATE_PASSPHRASE)?;
        let page = sb.dir().join("casebook-pack-for-advocate-2026-11-23.html");
        let made = sb.cli(&[
            "--json",
            "export",
            "--out",
            &page.to_string_lossy(),
            "--recipient",
            "advocate",
            "--advocate-passphrase-file",
            &pass.to_string_lossy(),
        ])?;
        let made: Json = serde_json::from_str(&made).map_err(|e| fail!("export --json: {e}"))?;
        let fingerprint = made["fingerprint"].as_str().ok_or_else(|| fail!("no fingerprint in {made}"))?.to_owned();

        let browser = Chromium::start(&sb.dir().join("chromium"), &sb.dir().join("chromedriver.log")).await?;
        let result = flow(browser.client(), sb.dir(), &page, &fingerprint).await;
        browser.close().await?;
        result
    });
}

async fn flow(c: &Client, dir: &Path, page: &Path, fingerprint: &str) -> Result<()> {
    c.goto(&format!("file://{}", page.display())).await?;
    wait_state(c, "locked", Duration::from_secs(60)).await?;
    shot(c, "locked").await?;

    // A wrong passphrase: said plainly, and the form stays for another try.
    type_into(c, "passphrase", "not the passphrase").await?;
    c.find(Locator::Id("open")).await?.click().await?;
    wait_state(c, "wrong-passphrase", Duration::from_secs(60)).await?;
    let said = c.find(Locator::Id("status")).await?.text().await?;
    ensure!(said.contains("does not open this pack"), "the page said: {said}");
    shot(c, "wrong-passphrase").await?;

    // The right one, with the key card's fingerprint typed: the verdict, the entries, the photo.
    c.find(Locator::Css("#expect summary")).await?.click().await?;
    type_into(c, "fingerprint", fingerprint).await?;
    type_into(c, "passphrase", ADVOCATE_PASSPHRASE).await?;
    c.find(Locator::Id("open")).await?.click().await?;
    wait_state(c, "opened", Duration::from_secs(120)).await?;
    let seen = c
        .execute(
            "return { verdict: document.body.getAttribute('data-verdict'),
                      section: (document.querySelector('#results section') || {}).getAttribute
                        ? document.querySelector('#results section').getAttribute('data-verdict') : null,
                      words: document.getElementById('results').textContent,
                      titles: [...document.querySelectorAll('article.entry h3')].map(h => h.textContent),
                      narrative: (document.querySelector('article.entry .narrative') || {}).textContent,
                      images: [...document.querySelectorAll('.exhibit img')].map(i => [i.src.slice(0, 5), i.naturalWidth]),
                      xss: window.__xss || 0, passphrase: document.getElementById('passphrase').value,
                      save: !document.getElementById('saving').hidden };",
            vec![],
        )
        .await?;
    ensure!(seen["verdict"] == "valid" && seen["section"] == "valid", "not valid: {seen}");
    ensure!(seen["words"].as_str().unwrap_or("").contains("signed by the key you expected"), "{seen}");
    let titles: Vec<&str> = seen["titles"].as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    ensure!(
        titles == ["Saw him outside work <b>again</b>", "Missed call from his number"],
        "entries shown (as text, in order): {titles:?}"
    );
    ensure!(seen["narrative"].as_str().unwrap_or("").contains("<script>"), "text shown as text: {seen}");
    ensure!(seen["xss"] == 0, "entry text ran as script");
    let images = seen["images"].as_array().cloned().unwrap_or_default();
    ensure!(
        images.len() == 1 && images[0][0] == "blob:" && images[0][1].as_u64().unwrap_or(0) > 0,
        "the photo is shown from a blob: URL: {images:?}"
    );
    ensure!(seen["passphrase"] == "" && seen["save"] == true, "{seen}");
    shot(c, "opened").await?;
    c.execute("document.getElementById('holds').scrollIntoView();", vec![]).await?;
    shot(c, "opened-entries").await?;

    // One byte of the encrypted pack changed: refused as damaged, before any passphrase.
    let mut bytes = std::fs::read(page)?;
    let begin = find(&bytes, b"-----BEGIN AGE ENCRYPTED FILE-----\n").ok_or_else(|| fail!("no armor"))?;
    let at = begin + 36 + 300;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let damaged = dir.join("casebook-pack-for-advocate-damaged.html");
    std::fs::write(&damaged, &bytes)?;
    c.goto(&format!("file://{}", damaged.display())).await?;
    wait_state(c, "damaged", Duration::from_secs(60)).await?;
    let said = c.find(Locator::Id("status")).await?.text().await?;
    ensure!(said.contains("damaged or was changed"), "the page said: {said}");
    let disabled = c.execute("return document.getElementById('open').disabled;", vec![]).await?;
    ensure!(disabled == true, "the damaged page still offers to open it");
    shot(c, "damaged").await?;
    Ok(())
}

fn entry_id(json: &str) -> Result<String> {
    let v: Json = serde_json::from_str(json).map_err(|e| fail!("add --json: {e}: {json}"))?;
    v["id"].as_i64().map(|i| i.to_string()).ok_or_else(|| fail!("no id in {v}"))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

async fn type_into(c: &Client, id: &str, text: &str) -> Result<()> {
    let field = c.find(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

async fn wait_state(c: &Client, want: &str, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let state = c.execute("return document.body.getAttribute('data-state');", vec![]).await?;
        if state == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            let said = c.execute("return document.getElementById('status').textContent;", vec![]).await?;
            return Err(fail!("the page did not reach {want:?} (it is {state}); it says: {said}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn shot(c: &Client, label: &str) -> Result<()> {
    chromium::shot(c, &format!("advocate-{label}")).await
}
