//! The diary a page at a time (issue 13): a diary longer than a page shows core's first 100
//! entries, the whole diary's count, and a plain "Show 30 earlier entries" button reached with Tab
//! and pressed with Enter; the search finds an entry that is not on the page shown (core filters
//! the whole vault).

use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure};
use chrono::{DateTime, Duration};
use serde_json::{Value as Json, json};

use super::{submit_unlock, wait_text};

const ENTRIES: i64 = 130;

/// A call on day `i` (one a day from 1 January 2026), as the log form sends it.
fn call_on_day(i: i64) -> Result<Json> {
    let first = DateTime::parse_from_rfc3339("2026-01-01T10:00:00+00:00").map_err(|e| casebook_e2e::fail!("{e}"))?;
    let title = if i == 0 { "The very first call".to_owned() } else { format!("Call on day {i}") };
    Ok(json!({
        "occurred": {"start": (first + Duration::days(i)).to_rfc3339(), "approximate": false},
        "kind": "call", "title": title, "narrative": "", "identifier": "+447700900123",
        "call": {"direction": "missed"}, "witnesses": [], "actions": {"blocked": false}, "tags": [],
        "source": {"type": "manual"}
    }))
}

/// Waits until the timeline shows `want` entries (counted in the page: element handles taken
/// while the list is being replaced go stale).
async fn wait_rows(app: &App<'_>, want: u64) -> Result<()> {
    app.poll(WAIT, &format!("{want} entries in the timeline"), || async {
        let n = app.js("return document.querySelectorAll('[data-testid=\"timeline-entry\"]').length;").await?;
        Ok((n.as_u64() == Some(want)).then_some(()))
    })
    .await
}

#[test]
fn e2e_a_long_diary_comes_a_page_at_a_time_and_more_is_a_key_press_away() {
    run("diary-pages", async |sb| {
        sb.init_vault()?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            for i in 0..ENTRIES {
                app.invoke("add_entry", json!({"fields": call_on_day(i)?})).await?;
            }
            // Open the diary again: it asks core for its first page.
            app.click("nav-log").await?;
            app.wait("screen-log").await?;
            app.click("nav-diary").await?;
            app.wait("screen-diary").await?;
            wait_text(app, "diary-count", "130 entries").await?;
            wait_rows(app, 100).await?;
            wait_text(app, "diary-more", "Show 30 earlier entries").await?;
            app.screen("screen-diary", "diary-first-page").await?;

            // Tab from the last entry shown reaches the button; Enter asks for the next page.
            app.js("[...document.querySelectorAll('[data-testid=\"timeline-entry\"]')].at(-1).focus(); return null;")
                .await?;
            app.keys("\u{e004}").await?; // Tab
            let focused = app.js("return document.activeElement?.dataset?.testid ?? null;").await?;
            ensure!(focused == "diary-more", "Tab after the last entry went to {focused}, not the button");
            app.keys("\u{e007}").await?; // Enter
            wait_rows(app, 130).await?;
            ensure!(!app.present("diary-more").await?, "the button is still there with nothing left to show");
            let first = app.js("return document.activeElement?.textContent ?? '';").await?;
            ensure!(
                first.as_str().is_some_and(|t| t.contains("Call on day 29")),
                "the keyboard is not on the first entry added: {first}"
            );
            app.screen("screen-diary", "diary-every-page").await?;

            // The search runs over the whole diary in core, not over the page on screen.
            app.click("nav-log").await?;
            app.wait("screen-log").await?;
            app.click("nav-diary").await?;
            wait_rows(app, 100).await?;
            app.type_into("search", "very first").await?;
            wait_rows(app, 1).await?;
            wait_text(app, "diary-count", "1 entry match").await?;
            ensure!(!app.present("diary-more").await?, "one match needs no more pages");
            Ok(())
        })
        .await
    });
}
