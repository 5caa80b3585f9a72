//! The course of conduct on screen (issue 13): the diary's patterns (incidents per week by kind
//! and, switched with the keyboard, by channel; the day × hour grid; escalation; the longest
//! gap) and a person's page (their numbers first and last seen, the new number marked, their
//! incidents over time, what was reported), reached from the diary's person filter and from
//! Case details. Every screen is photographed and checked with axe-core.

use std::cell::RefCell;

use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use fantoccini::key::Key;
use serde_json::Value as Json;

use super::{submit_unlock, wait_text};

/// The value of `attribute` on the element with test id `id`, once it equals `want`.
async fn wait_attr(app: &App<'_>, id: &str, attribute: &str, want: &str) -> Result<()> {
    let seen = RefCell::new(String::new());
    let js = format!(
        "const e = document.querySelector('[data-testid=\"{id}\"]'); return e ? e.getAttribute('{attribute}') : null;"
    );
    app.poll(WAIT, &format!("{id}'s {attribute} to be {want:?}"), || async {
        let got = app.js(&js).await?;
        let got = got.as_str().unwrap_or_default().to_owned();
        let done = (got == want).then_some(());
        *seen.borrow_mut() = got;
        Ok(done)
    })
    .await
    .map_err(|e| fail!("{e} (it is {:?})", seen.borrow()))
}

/// Jay Doe's calls from his number, four weeks; he is blocked; 23 days of nothing; then a new
/// number on WhatsApp and Instagram, busier each week, one reported to the police.
fn fill_the_diary(sb: &casebook_e2e::session::Sandbox) -> Result<()> {
    sb.init_vault()?;
    sb.cli(&["case", "set", "--initials", "AB"])?;
    sb.cli(&["case", "add-person", "--name", "Jay Doe", "--relationship", "ex-partner", "--phone", "+44 7700 900123"])?;
    let add = |kind: &str, title: &str, at: &str, channel: &str, ident: &str, extra: &[&str]| -> Result<()> {
        let mut args = vec![
            "add",
            "--kind",
            kind,
            "--title",
            title,
            "--at",
            at,
            "--channel",
            channel,
            "--identifier",
            ident,
            "--person",
            "1",
        ];
        args.extend_from_slice(extra);
        sb.cli(&args).map(drop)
    };
    for (i, day) in ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"].iter().enumerate() {
        let extra: &[&str] = if i == 3 { &["--blocked"] } else { &[] };
        add("call", "Missed call", &format!("{day}T21:10:00+00:00"), "phone", "07700 900123", extra)?;
    }
    // 23 days later: a new number.
    let later = [
        ("2026-04-15T22:05:00+01:00", "WhatsApp", "text_message"),
        ("2026-04-20T21:30:00+01:00", "WhatsApp", "text_message"),
        ("2026-04-22T23:15:00+01:00", "Instagram", "social_media"),
        ("2026-04-27T21:40:00+01:00", "WhatsApp", "text_message"),
        ("2026-04-28T21:05:00+01:00", "WhatsApp", "text_message"),
        ("2026-04-30T08:00:00+01:00", "Instagram", "social_media"),
        ("2026-05-04T21:20:00+01:00", "WhatsApp", "text_message"),
        ("2026-05-05T21:50:00+01:00", "WhatsApp", "text_message"),
        ("2026-05-06T22:30:00+01:00", "Instagram", "social_media"),
        ("2026-05-07T21:00:00+01:00", "WhatsApp", "threat"),
    ];
    for (i, (at, channel, kind)) in later.iter().enumerate() {
        let extra: &[&str] = if i == 9 { &["--reported-to", "Police (101)", "--police-ref", "CAD 4411"] } else { &[] };
        add(kind, "Message from a new number", at, channel, "07700 900555", extra)?;
    }
    Ok(())
}

#[test]
fn e2e_patterns_and_the_person_page() {
    run("patterns", async |sb| {
        fill_the_diary(sb)?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            wait_attr(app, "pattern-summary", "data-incidents", "14").await?;
            app.screen("screen-diary", "diary-patterns").await?;

            // By kind, then by channel with the keyboard (the switch is two radio buttons).
            wait_attr(app, "pattern-chart", "data-by", "kind").await?;
            app.shot_of("pattern-summary", "pattern-by-kind").await?;
            let by_kind = app.wait("pattern-by-kind").await?;
            by_kind.send_keys(&char::from(Key::Right).to_string()).await?;
            wait_attr(app, "pattern-chart", "data-by", "channel").await?;
            let table = app.js(
                "return [...document.querySelectorAll('[data-testid=\"pattern-chart\"] thead th')].map((t) => t.textContent);",
            )
            .await?;
            let heads: Vec<&str> = table.as_array().map(|a| a.iter().filter_map(Json::as_str).collect()).unwrap_or_default();
            ensure!(heads == ["Week starting", "Total", "WhatsApp", "phone", "Instagram"], "by channel: {heads:?}");
            app.screen("screen-diary", "pattern-by-channel-screen").await?;
            app.shot_of("pattern-summary", "pattern-by-channel").await?;

            // The longest gap and escalation in words, the grid.
            let gap = app.text("pattern-gap").await?;
            ensure!(gap.contains("No incidents for 23 days, 23 March to 15 April 2026."), "the gap says {gap:?}");
            let words = app.text("pattern-escalation-words").await?;
            ensure!(words.contains("increasing"), "escalation says {words:?}");
            app.shot_of("pattern-gap", "pattern-gap-and-escalation").await?;
            app.shot_of("pattern-grid", "pattern-grid").await?;
            let grid = app.text("pattern-grid").await?;
            ensure!(grid.contains("The busiest hour: "), "the grid says {grid:?}");

            // The person filter offers their page.
            app.set_value("filter-person", "1").await?;
            app.click("diary-person-page").await?;
            wait_text(app, "person-heading", "Jay Doe").await?;
            let focused = app.js("return document.activeElement?.dataset?.testid ?? '';").await?;
            ensure!(focused == "person-heading", "focus is on {focused}, not the page's heading");
            app.screen("screen-person", "person-page").await?;
            let summary = app.text("person-summary").await?;
            ensure!(summary.contains("14 incidents, 2 Mar 2026 to"), "the page says {summary:?}");
            let rows = app.all("person-identifier").await?;
            ensure!(rows.len() == 2, "{} identifier rows, expected the listed number and the new one", rows.len());
            let new_row = rows[1].text().await?;
            ensure!(
                new_row.contains("07700 900555") && new_row.contains("New") && new_row.contains("after a block"),
                "the new number's row says {new_row:?}"
            );
            let reported = app.text("person-reported").await?;
            ensure!(reported.contains("Police (101)") && reported.contains("CAD 4411"), "reported: {reported:?}");
            app.shot_of("person-reported", "person-page-reported").await?;

            // From Case details too.
            app.click("nav-case").await?;
            app.wait("screen-case").await?;
            app.click("person-page-open").await?;
            wait_text(app, "person-heading", "Jay Doe").await.map(drop)
        })
        .await
    });
}
