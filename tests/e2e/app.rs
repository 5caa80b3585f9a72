//! The desktop app, end to end: the debug build in a real webview under Xvfb, driven through
//! tauri-driver and WebKitWebDriver, one test at a time, each on its own temp vault.
//!
//! Every screen a test reaches is photographed into `target/e2e-screens/`, checked with
//! axe-core (serious and critical violations fail the test, after the whole flow has run),
//! and checked for injected script (`window.__xss`).

mod advocate;
mod anchors;
mod atspi;
mod canary;
mod diary_pages;
mod effects;
mod import_instagram;
mod import_telegram;
mod instance;
mod keyboard;
mod media;
mod memory;
mod migrate;
mod orders;
mod packs;
mod patterns;
mod recipient;
mod verify_page;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use casebook_e2e::fixtures::{self, XSS_IMG, XSS_JS_LINK, XSS_SCRIPT};
use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use serde_json::{Value as Json, json};

// ---------------------------------------------------------------------------------------
// Steps shared by the flows.
// ---------------------------------------------------------------------------------------

/// The ids of the timeline's entries, top to bottom.
async fn timeline_ids(app: &App<'_>) -> Result<Vec<i64>> {
    let ids = app
        .js(r#"return [...document.querySelectorAll('[data-testid="timeline-entry"]')]
                  .map((e) => Number(e.dataset.entryId));"#)
        .await?;
    Ok(ids.as_array().map(|a| a.iter().filter_map(Json::as_i64).collect()).unwrap_or_default())
}

/// Waits until the timeline shows exactly `want`, top to bottom.
async fn wait_timeline(app: &App<'_>, want: &[i64], what: &str) -> Result<()> {
    let last = RefCell::new(Vec::new());
    let found = app
        .poll(WAIT, what, || async {
            let ids = timeline_ids(app).await?;
            let done = ids == want;
            *last.borrow_mut() = ids;
            Ok(done.then_some(()))
        })
        .await;
    found.map_err(|e| fail!("{e}: the timeline shows {:?}, expected {want:?}", last.borrow()))
}

/// Waits until an element's text contains `needle`.
async fn wait_text(app: &App<'_>, id: &str, needle: &str) -> Result<String> {
    let seen = RefCell::new(String::new());
    let found = app
        .poll(WAIT, &format!("[data-testid={id}] to say {needle:?}"), || async {
            let text = app.text(id).await?;
            let done = text.contains(needle).then(|| text.clone());
            *seen.borrow_mut() = text;
            Ok(done)
        })
        .await;
    found.map_err(|e| fail!("{e} (it says {:?})", seen.borrow()))
}

/// Waits until the Export screen's preview is worked out for the choice on the screen. The
/// preview panel stands above the save form and grows when the preview arrives, moving the
/// form's fields and buttons down: a field typed into or a button clicked before then can be
/// missed (WebDriver clicks where the button was).
async fn wait_export_preview(app: &App<'_>) -> Result<()> {
    app.wait("export-preview").await?;
    let js = r#"
        const s = document.querySelector('[data-testid=export-preview]');
        return !!s && s.getAttribute('aria-busy') === 'false' && !s.querySelector('.stale')
            && !!s.querySelector('[data-testid=export-preview-disclosed]');
    "#;
    app.poll(WAIT, "the export preview to be worked out", || async {
        Ok(app.js(js).await?.as_bool().unwrap_or(false).then_some(()))
    })
    .await
}

/// Makes a police pack of the whole diary at `pack` from the Export screen, and waits until
/// the screen says it is done.
async fn export_police_pack(app: &App<'_>, pack: &std::path::Path) -> Result<()> {
    app.click("nav-export").await?;
    app.click("export-recipient-police").await?;
    wait_export_preview(app).await?;
    app.type_into("export-path", &pack.to_string_lossy()).await?;
    app.click("export-save").await?;
    app.wait("export-done").await.map(drop)
}

/// From the diary, opens Import, checks that the screen says how to get the export (`how`), and
/// previews `export`; returns the preview's summary once it names the `format`.
async fn preview_import(app: &App<'_>, export: &std::path::Path, how: &str, format: &str) -> Result<String> {
    app.click("nav-import").await?;
    let said = app.text("import-how").await?;
    ensure!(said.contains(how), "the screen says how to get the export: {said:?}");
    app.type_into("import-path", &export.to_string_lossy()).await?;
    app.click("import-path-go").await?;
    wait_text(app, "import-summary", format).await
}

/// Clicks Save on the quick-log form and waits for "Saved." (said only after the commit).
async fn save_entry(app: &App<'_>) -> Result<()> {
    let before = app.text("log-status").await?;
    ensure!(!before.contains("Saved"), "the status already said {before:?} before saving");
    app.click("log-save").await?;
    wait_text(app, "log-status", "Saved.").await.map(drop)
}

/// Unlocks from the unlock screen with `passphrase`.
async fn submit_unlock(app: &App<'_>, passphrase: &str) -> Result<()> {
    app.type_into("unlock-passphrase", passphrase).await?;
    app.click("unlock-submit").await
}

/// Unlocks from the unlock screen and opens the quick log.
async fn unlock_to_the_quick_log(app: &App<'_>) -> Result<()> {
    app.wait("screen-unlock").await?;
    submit_unlock(app, PASSPHRASE).await?;
    app.wait("screen-diary").await?;
    app.click("nav-log").await?;
    app.wait("screen-log").await.map(drop)
}

/// The app's own view of whether the vault is open (through its IPC, as the UI asks).
async fn unlocked(app: &App<'_>) -> Result<bool> {
    let status = app.invoke("app_status", json!({})).await?;
    status["unlocked"].as_bool().ok_or_else(|| fail!("app_status gave no `unlocked`: {status}"))
}

/// Opens an entry from the timeline.
async fn open_entry(app: &mut App<'_>, id: i64, label: &str) -> Result<()> {
    let css = format!("[data-testid=\"timeline-entry\"][data-entry-id=\"{id}\"]");
    app.click_to_open(&css, &format!("timeline entry {id}"), "screen-entry").await?;
    app.screen("screen-entry", label).await?;
    app.wait("entry-detail").await.map(drop)
}

/// A timeline entry that takes focus while it sits just under the top edge is scrolled clear of
/// its day's sticky heading (the entries' scroll-margin-top), not left under it. Checked twice:
/// with that margin taken away (it must then be covered, or the check proves nothing), and as
/// shipped. The page gets room below for the scroll (CSSOM, which the CSP allows), then loses it.
async fn sticky_heading_leaves_a_focused_entry_visible(app: &App<'_>, id: i64) -> Result<()> {
    // `bare` takes the entry's scroll-margin away first: the entry must then be covered, or the
    // check proves nothing. WebKit reveals a focused element after the next layout, so the
    // picture is taken two frames later.
    let js = r#"
        const [id, bare, done] = arguments;
        const el = document.querySelector(`[data-testid="timeline-entry"][data-entry-id="${id}"]`);
        if (bare) el.style.scrollMarginTop = '0px';
        document.body.style.paddingBottom = '3000px';
        el.blur();
        window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - 10);
        el.focus();
        requestAnimationFrame(() => requestAnimationFrame(() => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, Math.max(r.top, 0) + 3);
            const covered = !el.contains(hit);
            const by = hit ? hit.tagName.toLowerCase() + ' ' + (hit.textContent || '').trim().slice(0, 40) : '';
            el.style.scrollMarginTop = '';
            document.body.style.paddingBottom = '';
            el.blur();
            done({ covered, by, top: Math.round(r.top) });
        }));
    "#;
    let bare = app.client().execute_async(js, vec![json!(id), json!(true)]).await?;
    ensure!(
        bare["covered"] == json!(true),
        "without scroll-margin the entry was not under its day heading ({bare}): the check is void"
    );
    let shipped = app.client().execute_async(js, vec![json!(id), json!(false)]).await?;
    ensure!(shipped["covered"] == json!(false), "a focused timeline entry is under its sticky day heading: {shipped}");
    println!(
        "  sticky day heading: a focused entry is scrolled to {} px (under the heading without the margin: {})",
        shipped["top"], bare["by"]
    );
    Ok(())
}

/// Whether an `<img>` (by CSS) has loaded a real picture.
async fn image_loaded(app: &App<'_>, css: &str) -> Result<bool> {
    let js = format!(
        "const i = document.querySelector({}); return !!i && i.complete && i.naturalWidth > 0;",
        serde_json::to_string(css).map_err(|e| fail!("{e}"))?
    );
    Ok(app.js(&js).await? == Json::Bool(true))
}

// ---------------------------------------------------------------------------------------
// Flows.
// ---------------------------------------------------------------------------------------

/// The whole first day of a victim's use: create the vault, keep the recovery key, describe
/// the case, log a call, a text with a screenshot and a sighting; the timeline shows them in
/// the order they happened; a correction keeps both versions; filters and search narrow the
/// diary; and after locking and unlocking everything is still there.
#[test]
fn e2e_first_run_log_edit_filter_lock_unlock_keeps_everything() {
    run("diary", async |sb| {
        let screenshot = fixtures::phone_screenshot(sb.dir(), "whatsapp-2026-11-21.png")?;
        with_app(sb, &[], async |app| {
            // First run.
            app.screen("screen-first-run", "first-run").await?;
            ensure!(!unlocked(app).await?, "a new app claims to be unlocked");
            app.type_into("create-passphrase", PASSPHRASE).await?;
            app.type_into("create-passphrase-confirm", PASSPHRASE).await?;
            app.save_shot("first-run-filled").await;
            app.click("create-submit").await?;

            // The recovery key, shown once; Continue waits for the tick.
            app.screen("screen-recovery", "recovery-key").await?;
            let key = app.text("recovery-key").await?;
            let groups: Vec<&str> = key.trim().split('-').collect();
            ensure!(groups.len() == 8 && groups.iter().all(|g| g.len() == 4), "recovery key looks wrong: {key:?}");
            ensure!(!app.wait("recovery-continue").await?.is_enabled().await?, "Continue is enabled before the tick");
            app.click("recovery-stored").await?;
            app.click("recovery-continue").await?;

            // Case details: initials and one person with a phone number.
            app.screen("screen-case", "case-empty").await?;
            app.type_into("case-initials", "AB").await?;
            app.click("case-add-person").await?;
            app.type_into("person-name", "Jay Doe").await?;
            app.type_into("person-relationship", "ex-partner").await?;
            app.click("identifier-add").await?;
            app.set_value("identifier-kind", "phone").await?;
            app.type_into("identifier-value", "+44 7700 900123").await?;
            app.screen("screen-case", "case-filled").await?;
            app.click("case-save").await?;

            // Quick log: a call (logged first, happened second).
            app.screen("screen-log", "log-empty").await?;
            app.click("kind-call").await?;
            app.set_value("log-when", "2026-11-20T21:14").await?;
            app.type_into("log-title", "Missed call from his number").await?;
            app.type_into("log-identifier", "+44 7700 900123").await?;
            app.set_value("log-direction", "incoming").await?;
            app.type_into("log-duration", "2:30").await?;
            app.type_into("log-narrative", "Third call tonight. He said he knows where I work.").await?;
            app.set_value("log-person", "1").await?;
            app.screen("screen-log", "log-call").await?;
            save_entry(app).await?;

            // A text with a screenshot (happened last).
            app.click("kind-text_message").await?;
            app.set_value("log-when", "2026-11-21T08:05").await?;
            app.type_into("log-title", "Text: you can't hide from me").await?;
            app.type_into("log-channel", "WhatsApp").await?;
            app.type_into("log-identifier", "+44 7700 900123").await?;
            app.type_into("log-narrative", "Message at breakfast. Screenshot attached.").await?;
            app.set_value("log-person", "1").await?;
            app.wait("log-file-input").await?.send_keys(&screenshot.to_string_lossy()).await?;
            let pending = app.wait("log-pending-file").await?.text().await?;
            ensure!(pending.contains("whatsapp-2026-11-21.png"), "the pending file shows {pending:?}");
            app.screen("screen-log", "log-text-with-screenshot").await?;
            save_entry(app).await?;

            // A sighting (logged last, happened first).
            app.click("kind-sighting").await?;
            app.set_value("log-when", "2026-11-20T18:30").await?;
            app.click("log-approximate").await?;
            app.type_into("log-title", "Saw him outside work").await?;
            app.type_into("log-location", "Across the road from the office, Mill Lane").await?;
            app.type_into("log-narrative", "Standing by the bus stop for ten minutes, watching the door.").await?;
            app.set_value("log-person", "1").await?;
            save_entry(app).await?;
            let (call, text, sighting) = (1, 2, 3);

            // The timeline: newest day first, each day in the order things happened; and the
            // full chronology, oldest first.
            app.click("nav-diary").await?;
            app.screen("screen-diary", "diary").await?;
            wait_timeline(app, &[text, sighting, call], "the timeline, newest day first").await?;
            app.shot_of("timeline", "diary-timeline").await?;
            ensure!(app.all("day-group").await?.len() == 2, "expected two day groups");
            app.wait("pattern-chart").await?;
            app.set_value_css("#diary-order", "oldest_first").await?;
            wait_timeline(app, &[sighting, call, text], "the timeline, oldest first").await?;
            app.shot_of("timeline", "diary-timeline-oldest-first").await?;
            app.set_value_css("#diary-order", "newest_first").await?;
            // Switching the order asks core for the list and the charts again: let both arrive
            // and the screen settle before scrolling, or a late re-render moves the entry.
            wait_timeline(app, &[text, sighting, call], "the timeline, newest day first again").await?;
            app.wait("pattern-chart").await?;
            tokio::time::sleep(Duration::from_millis(750)).await;
            sticky_heading_leaves_a_focused_entry_visible(app, sighting).await?;

            // The text's screenshot is attached and shown (decrypted through casebook://).
            open_entry(app, text, "entry-text").await?;
            ensure!(app.text("attachment-name").await? == "whatsapp-2026-11-21.png", "wrong attachment name");
            app.poll(WAIT, "the attachment thumbnail to load", || async {
                Ok(image_loaded(app, "[data-testid=\"attachment-thumb\"]").await?.then_some(()))
            })
            .await?;
            app.shot_of("attachment-thumb", "entry-text-thumbnail").await?;

            // Correct the call, with a reason; the history keeps both versions.
            app.click("nav-diary").await?;
            open_entry(app, call, "entry-call").await?;
            app.click("edit-button").await?;
            app.type_into("log-title", "Answered call from his number").await?;
            app.type_into("edit-reason", "I answered it; it was not missed").await?;
            app.screen("screen-entry", "entry-edit").await?;
            app.click("edit-save").await?;
            wait_text(app, "entry-title", "Answered call from his number").await?;
            let versions = app.all("history-version").await?;
            ensure!(versions.len() == 2, "the history shows {} versions, expected 2", versions.len());
            let history = app.text("history").await?;
            for needle in ["Version 1", "Version 2", "I answered it; it was not missed", "Missed call from his number"]
            {
                ensure!(history.contains(needle), "the history does not show {needle:?}:\n{history}");
            }
            app.screen("screen-entry", "entry-history").await?;
            app.shot_of("history", "entry-history-versions").await?;

            // Filter by kind, then search.
            app.click("nav-diary").await?;
            app.screen("screen-diary", "diary-after-edit").await?;
            app.set_value("filter-kind", "call").await?;
            wait_timeline(app, &[call], "only the call after filtering by kind").await?;
            app.screen("screen-diary", "diary-filter-call").await?;
            app.shot_of("timeline", "diary-filter-call-timeline").await?;
            app.set_value("filter-kind", "").await?;
            wait_timeline(app, &[text, sighting, call], "everything after clearing the kind").await?;
            app.type_into("search", "bus stop").await?;
            wait_timeline(app, &[sighting], "only the sighting after searching").await?;
            app.screen("screen-diary", "diary-search").await?;
            app.shot_of("timeline", "diary-search-timeline").await?;
            app.set_value("search", "").await?;
            wait_timeline(app, &[text, sighting, call], "everything after clearing the search").await?;
            app.set_value("filter-from", "2026-11-21").await?;
            wait_timeline(app, &[text], "only the 21st after a from-date").await?;
            app.set_value("filter-from", "").await?;
            app.set_value("filter-to", "2026-11-20").await?;
            wait_timeline(app, &[sighting, call], "only the 20th after a to-date").await?;
            app.set_value("filter-to", "").await?;
            app.set_value("filter-person", "1").await?;
            wait_timeline(app, &[text, sighting, call], "everything for the one person").await?;
            app.set_value("filter-person", "").await?;

            // Lock, then unlock: everything is still there.
            app.click("lock-button").await?;
            app.screen("screen-unlock", "unlock-after-lock").await?;
            ensure!(!unlocked(app).await?, "the shell is still unlocked after Lock");
            ensure!(app.all("timeline-entry").await?.is_empty(), "entries are still on screen after locking");
            submit_unlock(app, PASSPHRASE).await?;
            app.screen("screen-diary", "diary-after-unlock").await?;
            wait_timeline(app, &[text, sighting, call], "all three entries after unlocking").await?;
            let page = app.text("timeline").await?;
            for title in ["Answered call from his number", "Text: you can't hide from me", "Saw him outside work"] {
                ensure!(page.contains(title), "the timeline lost {title:?} after unlocking:\n{page}");
            }
            open_entry(app, text, "entry-text-after-unlock").await?;
            ensure!(app.all("attachment-thumb").await?.len() == 1, "the screenshot is gone after unlocking");

            // Withdraw the sighting: it stays in the diary, marked, with the reason.
            app.click("nav-diary").await?;
            open_entry(app, sighting, "entry-sighting").await?;
            app.click("retract-button").await?;
            app.type_into("retract-reason", "Logged by mistake: it was someone else").await?;
            app.screen("screen-entry", "entry-retract").await?;
            app.click("retract-save").await?;
            wait_text(app, "entry-retracted", "Logged by mistake: it was someone else").await?;
            app.screen("screen-entry", "entry-retracted").await?;
            app.click("nav-diary").await?;
            wait_timeline(app, &[text, sighting, call], "the withdrawn entry still in the timeline").await?;
            let mark = app.text("timeline").await?;
            ensure!(mark.contains("Withdrawn"), "the timeline does not mark the sighting as withdrawn:\n{mark}");
            app.shot_of("timeline", "diary-timeline-withdrawn").await?;
            Ok(())
        })
        .await
    });
}

/// A wrong passphrase says so, changes nothing and locks nobody out; the right one then
/// opens the diary, and so does the recovery key (which lands on Settings).
#[test]
fn e2e_wrong_passphrase_shows_error_then_unlock_works() {
    run("unlock", async |sb| {
        let init = sb.cli(&["--json", "init", "--new-passphrase-file", &sb.passphrase_file()?])?;
        let init: Json = serde_json::from_str(&init).map_err(|e| fail!("casebook init --json: {e}: {init}"))?;
        let recovery = init["recovery_key"].as_str().ok_or_else(|| fail!("no recovery key in {init}"))?.to_owned();
        sb.cli(&["add", "--kind", "call", "--title", "Withheld number, 3 rings", "--at", "2026-11-20 21:10"])?;
        let before = std::fs::read(sb.vault())?;
        with_app(sb, &[], async |app| {
            app.screen("screen-unlock", "unlock").await?;
            for attempt in 1..=3 {
                submit_unlock(app, &format!("not my passphrase {attempt}")).await?;
                let error = app
                    .poll(WAIT, "the wrong-passphrase message", || async {
                        let t = app.text("unlock-error").await?;
                        Ok((!t.trim().is_empty()).then_some(t))
                    })
                    .await?;
                println!("  wrong passphrase {attempt}: {error:?}");
                ensure!(app.present("screen-unlock").await?, "a wrong passphrase left the unlock screen");
                ensure!(!unlocked(app).await?, "a wrong passphrase unlocked the vault");
            }
            app.screen("screen-unlock", "unlock-wrong-passphrase").await?;
            ensure!(std::fs::read(sb.vault())? == before, "wrong passphrases changed the vault file");

            submit_unlock(app, PASSPHRASE).await?;
            app.screen("screen-diary", "diary-one-entry").await?;
            wait_timeline(app, &[1], "the entry made with the CLI").await?;

            // The recovery key also opens it, and offers a new passphrase in Settings.
            app.click("lock-button").await?;
            app.wait("screen-unlock").await?;
            app.click("unlock-use-recovery").await?;
            app.type_into("unlock-recovery-key", &recovery).await?;
            app.screen("screen-unlock", "unlock-recovery-key").await?;
            app.click("unlock-submit").await?;
            app.screen("screen-settings", "settings-after-recovery").await?;
            ensure!(unlocked(app).await?, "the recovery key did not unlock the vault");
            app.click("settings-check").await?;
            let result = app
                .poll(WAIT, "the vault check's result", || async {
                    let t = app.text("check-result").await?;
                    Ok((!t.trim().is_empty() && !t.contains('…')).then_some(t))
                })
                .await?;
            println!("  check: {result:?}");
            app.screen("screen-settings", "settings-check").await?;
            app.shot_of("check-result", "settings-check-result").await?;

            // The neutral title: the window is "Notes" at once, and the lock screen says so.
            app.wait("settings-neutral-title").await?.click().await?;
            app.set_value("settings-autolock", "10").await?;
            app.click("settings-save").await?;
            app.poll(WAIT, "a window titled Notes", || async {
                Ok((sb.window_mapped("Notes")? == Some(true)).then_some(()))
            })
            .await?;
            ensure!(sb.window_mapped("Casebook")?.is_none(), "a window is still titled Casebook");
            let settings = app.invoke("get_settings", json!({})).await?;
            ensure!(
                settings["neutral_title"] == json!(true) && settings["auto_lock_seconds"] == json!(600),
                "settings not saved: {settings}"
            );
            app.click("lock-button").await?;
            app.screen("screen-unlock", "unlock-neutral-title").await?;
            let heading = app.js("return document.querySelector('#unlock-heading').textContent;").await?;
            ensure!(heading == json!("Notes"), "the lock screen says {heading}, not Notes");
            ensure!(app.js("return document.title;").await? == json!("Notes"), "document.title is not Notes");
            Ok(())
        })
        .await
    });
}

/// Left alone, the diary locks itself (CASEBOOK_AUTO_LOCK_SECONDS=3 for the test) and shows
/// the unlock screen; the shell agrees it is locked.
#[test]
fn e2e_auto_lock_fires_after_idle() {
    run("autolock", async |sb| {
        sb.init_vault()?;
        with_app(sb, &[("CASEBOOK_AUTO_LOCK_SECONDS", "3")], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            let opened = Instant::now();
            // No input from here on: WebDriver's element lookups send no DOM events.
            app.poll(Duration::from_secs(20), "auto-lock to show the unlock screen", || async {
                Ok(app.present("screen-unlock").await?.then_some(()))
            })
            .await?;
            println!("  auto-locked after {:.1} s (set to 3 s)", opened.elapsed().as_secs_f64());
            ensure!(opened.elapsed() >= Duration::from_millis(2500), "locked too early: {:?}", opened.elapsed());
            app.screen("screen-unlock", "unlock-after-auto-lock").await?;
            ensure!(!unlocked(app).await?, "the screen shows locked but the shell is still unlocked");
            Ok(())
        })
        .await
    });
}

/// Escape twice: the window disappears and the diary is locked at once. "Hidden" is checked
/// twice over: by the X server (the window is no longer mapped, `xwininfo`) and by the page
/// (`document.visibilityState`). "Locked" is checked by asking the shell (`app_status`
/// through the page's IPC) and by the page now being the unlock screen, with the half-typed
/// entry gone from memory.
#[test]
fn e2e_quick_exit_hides_and_locks() {
    run("quickexit", async |sb| {
        sb.init_vault()?;
        with_app(sb, &[], async |app| {
            unlock_to_the_quick_log(app).await?;
            app.click("kind-threat").await?;
            app.type_into("log-narrative", "Half-typed, private words").await?;
            ensure!(window_mapped(app).await? == Some(true), "the window is not mapped before quick exit");
            let pressed = Instant::now();
            app.keys("\u{e00c}\u{e00c}").await?;
            app.poll(Duration::from_secs(5), "the window to be hidden", || async {
                Ok((window_mapped(app).await? == Some(false)).then_some(()))
            })
            .await?;
            let hidden_after = pressed.elapsed();
            let visibility = app.js("return document.visibilityState;").await?;
            println!("  hidden after {} ms; document.visibilityState = {visibility}", hidden_after.as_millis());
            ensure!(visibility == json!("hidden"), "the page does not know it is hidden: {visibility}");
            // The shell replaces the page on lock: wait for the fresh unlock screen.
            app.poll(WAIT, "the unlock screen after quick exit", || async {
                Ok(app.present("screen-unlock").await.unwrap_or(false).then_some(()))
            })
            .await?;
            ensure!(!unlocked(app).await?, "the shell is still unlocked after quick exit");
            ensure!(window_mapped(app).await? == Some(false), "the fresh page showed the window again");
            let leftover = app.js("return document.body.innerText.includes('Half-typed');").await?;
            ensure!(leftover == Json::Bool(false), "the half-typed words are still in the page");
            // No screenshot here: WebKit cannot paint a hidden window (the request would hang).
            Ok(())
        })
        .await
    });
}

/// Whether the app's top-level window is mapped (visible) on the test's X display, per
/// `xwininfo`; `None` when it cannot tell.
async fn window_mapped(app: &App<'_>) -> Result<Option<bool>> {
    app.sandbox().window_mapped("Casebook")
}

/// The value of the new-entry form's "Person responsible" choice.
async fn person_choice(app: &App<'_>) -> Result<String> {
    let v = app.js(r#"return document.querySelector('[data-testid="log-person"]').value;"#).await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// A number typed into a new call entry, written the local way (`07700 900123`) while the case
/// holds it internationally, is matched to its person by core's rule before saving: the link
/// is shown and can be undone; a number no one has is added to a person from the form.
#[test]
fn e2e_a_typed_number_links_the_new_entry_to_its_person() {
    run("identifier-link", async |sb| {
        sb.init_vault()?;
        sb.cli(&[
            "case",
            "add-person",
            "--name",
            "Jay Doe",
            "--relationship",
            "ex-partner",
            "--phone",
            "+44 7700 900123",
        ])?;
        with_app(sb, &[], async |app| {
            unlock_to_the_quick_log(app).await?;
            app.click("kind-call").await?;
            app.type_into("log-title", "Missed call").await?;
            app.type_into("log-identifier", "07700 900123").await?;
            let said = wait_text(app, "log-identifier-link", "Linked to Jay Doe").await?;
            ensure!(said.contains("07700 900123 is their number (+44 7700 900123)"), "the link says {said:?}");
            ensure!(person_choice(app).await? == "1", "the person responsible is not Jay Doe");
            app.screen("screen-log", "log-identifier-linked").await?;
            app.shot_of("log-identifier-link", "log-identifier-linked-note").await?;
            app.click("log-identifier-undo").await?;
            wait_text(app, "log-identifier-link", "not linked to them").await?;
            ensure!(person_choice(app).await?.is_empty(), "Undo left the person chosen");
            app.click("log-identifier-relink").await?;
            ensure!(person_choice(app).await? == "1", "Link did not choose Jay Doe again");
            save_entry(app).await?;

            // A number no one in the case has: "add to a person", then linked.
            app.click("kind-call").await?;
            app.type_into("log-title", "Call from a new number").await?;
            app.type_into("log-identifier", "07700 900555").await?;
            wait_text(app, "log-identifier-link", "No one in the case has 07700 900555").await?;
            ensure!(person_choice(app).await?.is_empty(), "a number no one has chose a person");
            app.screen("screen-log", "log-identifier-no-one").await?;
            app.set_value("log-identifier-add-to", "1").await?;
            app.click("log-identifier-add").await?;
            wait_text(app, "log-identifier-link", "Linked to Jay Doe").await?;
            app.screen("screen-log", "log-identifier-added").await?;
            save_entry(app).await
        })
        .await?;
        let read = |out: String| serde_json::from_str::<Json>(&out).map_err(|e| fail!("the CLI's JSON: {e}"));
        let list = read(sb.cli(&["--json", "list", "--person", "1"])?)?;
        ensure!(list.as_array().map(Vec::len) == Some(2), "Jay Doe's entries: {list}");
        let case = read(sb.cli(&["--json", "case", "show"])?)?;
        let idents = &case["persons"][0]["identifiers"];
        ensure!(idents.as_array().map(Vec::len) == Some(2), "Jay Doe's identifiers: {idents}");
        Ok(())
    });
}

/// Hostile text and files are shown as text and never run: titles, narratives, identifiers,
/// names and file names with script, an `onerror` image, a `javascript:` link, and an SVG
/// with script. After every screen `window.__xss` is still undefined.
#[test]
fn e2e_hostile_text_and_files_stay_inert() {
    run("xss", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        sb.cli(&["case", "add-person", "--name", XSS_IMG, "--relationship", XSS_SCRIPT, "--handle", XSS_JS_LINK])?;
        sb.cli(&[
            "add",
            "--kind",
            "social_media",
            "--title",
            XSS_IMG,
            "--at",
            "2026-11-19 10:00",
            "--narrative",
            &format!("{XSS_SCRIPT}\n{XSS_JS_LINK}\n[click me]({XSS_JS_LINK})"),
            "--identifier",
            XSS_JS_LINK,
            "--location",
            XSS_SCRIPT,
            "--person",
            "1",
        ])?;
        let svg = fixtures::hostile_svg(sb.dir(), "javascript:window.__xss=1.svg")?;
        let png = fixtures::phone_screenshot(sb.dir(), r#"<img src=x onerror="window.__xss=1">.png"#)?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.screen("screen-diary", "diary-hostile-stored").await?;
            wait_timeline(app, &[1], "the hostile entry").await?;
            ensure!(app.text("timeline").await?.contains(XSS_IMG), "the title is not shown as literal text");

            // The same payloads typed into the quick log, with hostile files.
            app.click("nav-log").await?;
            app.screen("screen-log", "log-hostile").await?;
            app.click("kind-text_message").await?;
            app.type_into("log-title", XSS_SCRIPT).await?;
            app.type_into("log-channel", XSS_IMG).await?;
            app.type_into("log-identifier", XSS_IMG).await?;
            app.type_into("log-narrative", &format!("{XSS_IMG}\u{e007}{XSS_JS_LINK}")).await?;
            app.set_value("log-person", "1").await?;
            app.wait("log-file-input").await?.send_keys(&svg.to_string_lossy()).await?;
            app.wait("log-file-input").await?.send_keys(&png.to_string_lossy()).await?;
            app.poll(WAIT, "two pending files", || async { Ok((app.all("log-pending-file").await?.len() == 2).then_some(())) })
                .await?;
            app.screen("screen-log", "log-hostile-filled").await?;
            save_entry(app).await?;

            for (id, title) in [(1, XSS_IMG), (2, XSS_SCRIPT)] {
                app.click("nav-diary").await?;
                open_entry(app, id, &format!("entry-hostile-{id}")).await?;
                let shown = app.text("entry-title").await?;
                ensure!(shown == title, "entry {id}'s title shows {shown:?}, expected the literal {title:?}");
                let narrative = app.text("entry-narrative").await?;
                ensure!(narrative.contains(XSS_JS_LINK), "entry {id}'s narrative lost the literal text: {narrative:?}");
            }
            // Entry 2 carries the files: names shown literally, the SVG never rendered.
            let names = app.all("attachment-name").await?;
            let mut shown = Vec::new();
            for n in names {
                shown.push(n.text().await?);
            }
            ensure!(shown.iter().any(|n| n == "javascript:window.__xss=1.svg"), "SVG name not shown literally: {shown:?}");
            ensure!(shown.iter().any(|n| n == r#"<img src=x onerror="window.__xss=1">.png"#), "PNG name not literal: {shown:?}");
            // Correct it with a hostile reason: the history shows the payload as text too.
            app.click("edit-button").await?;
            app.type_into("log-title", XSS_IMG).await?;
            app.type_into("edit-reason", XSS_SCRIPT).await?;
            app.click("edit-save").await?;
            wait_text(app, "history", XSS_SCRIPT).await?;
            app.screen("screen-entry", "entry-hostile-history").await?;
            app.shot_of("attachment-name", "entry-hostile-files").await?;
            app.shot_of("history", "entry-hostile-history-versions").await?;

            let dom = app
                .js(r#"return {
                    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
                    imgX: document.querySelectorAll('img[src="x"]').length,
                    svgEmbeds: document.querySelectorAll('object, embed, iframe, img[src$=".svg"]').length,
                    scripts: [...document.scripts].filter((s) => s.textContent.includes('__xss')).length,
                    handlers: [...document.querySelectorAll('*')].filter((e) => e.hasAttribute('onerror') || e.hasAttribute('onload')).length,
                };"#)
                .await?;
            println!("  DOM after hostile input: {dom}");
            for key in ["jsLinks", "imgX", "svgEmbeds", "scripts", "handlers"] {
                ensure!(dom[key] == json!(0), "hostile markup became live DOM ({key}): {dom}");
            }
            // The person's hostile name is an option's text, not markup.
            app.click("nav-diary").await?;
            app.screen("screen-diary", "diary-hostile-both").await?;
            app.shot_of("timeline", "diary-hostile-timeline").await?;
            let options = app.js("return [...document.querySelectorAll('[data-testid=\"filter-person\"] option')].map((o) => o.textContent);").await?;
            ensure!(options.to_string().contains("onerror"), "the hostile person name is not an option's text: {options}");
            app.click("nav-case").await?;
            app.screen("screen-case", "case-hostile").await?;
            app.check_no_xss("the end").await
        })
        .await
    });
}
