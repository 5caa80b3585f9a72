//! Court orders and breaches in the app (issue 12): an interim order recorded from Case details
//! with its terms, its service recorded; a call before service and one after marked as breaches
//! from their entries, core's suggested term ticked; the police pack's breaches.csv then lists
//! both, the first flagged. Then the order is varied (the exclusion zone removed, a new term
//! added) and discharged from its card: the breaches keep the removed term, and the pack's
//! breaches.csv says it was later varied; the pack is made from the Export screen and its
//! report's breach schedule read with pdftotext. Each new screen photographed and checked with
//! axe-core.

use casebook_e2e::session::{PASSPHRASE, run, with_app};
use casebook_e2e::{Result, ensure};

use super::{export_police_pack, open_entry, submit_unlock, wait_text};

#[test]
fn e2e_order_recorded_served_and_breaches_marked_from_entries() {
    run("orders", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        let add = |title: &str, at: &str| -> Result<i64> {
            let out = sb.cli(&["add", "--kind", "call", "--title", title, "--at", at])?;
            out.lines().next().and_then(|l| l.trim().parse().ok()).ok_or_else(|| casebook_e2e::fail!("no id: {out}"))
        };
        let before = add("Withheld call at night", "2026-02-02T21:00:00+00:00")?;
        let after = add("Call from his number", "2026-02-10T21:00:00+00:00")?;
        let pack = sb.dir().join("pack.zip");
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            app.click("nav-case").await?;
            app.click("open-orders").await?;
            app.screen("screen-orders", "orders-empty").await?;

            // Saving with nothing filled in says what is missing.
            app.click("order-save").await?;
            wait_text(app, "order-error", "Choose what kind of order").await?;
            app.set_value("order-kind", "interim_spo").await?;
            app.type_into("order-court", "Anytown Magistrates' Court").await?;
            app.set_value("order-made", "2026-02-01").await?;
            app.type_into("order-reference", "SPO/2026/00417").await?;
            app.click("order-preset-no_contact").await?;
            app.click("order-preset-exclusion_zone").await?;
            app.type_into("order-details-exclusion_zone", "Acacia Avenue and the station").await?;
            app.screen("screen-orders", "orders-form-filled").await?;
            app.click("order-save").await?;
            wait_text(app, "order-saved", "Saved as order 1").await?;
            let item = app.text("order-item").await?;
            ensure!(item.contains("Not to enter the exclusion zone: Acacia Avenue and the station"), "{item}");
            app.click("order-serve").await?;
            app.set_value("order-served-on", "2026-02-03").await?;
            app.click("order-serve-save").await?;
            wait_text(app, "order-standing", "Served on 2026-02-03").await?;
            app.screen("screen-orders", "orders-served").await?;

            // Each call marked from its entry: no contact is ticked for a call.
            for (id, flag) in [(before, Some("before the order was served")), (after, None)] {
                app.click("nav-diary").await?;
                open_entry(app, id, &format!("entry-{id}-before-breach")).await?;
                app.click("breach-open").await?;
                let ticked =
                    app.js("return document.querySelector('[data-testid=\"breach-term-1\"]').checked;").await?;
                ensure!(ticked == serde_json::json!(true), "no contact is suggested for a call");
                if id == after {
                    // He rang from inside the zone: the person ticks that term too.
                    app.click("breach-term-2").await?;
                }
                app.type_into("breach-reference", &format!("CAD {id}")).await?;
                app.click("breach-save").await?;
                let saved = wait_text(app, "breach-saved", "Marked as a breach of order 1").await?;
                ensure!(flag.is_none_or(|f| saved.contains(f)), "{saved}");
                app.screen("screen-entry", &format!("entry-{id}-breach-marked")).await?;
            }

            // The order varied at a hearing: the exclusion zone (term 2) removed, a term added.
            app.click("nav-case").await?;
            app.click("open-orders").await?;
            app.click("order-vary").await?;
            app.wait("order-vary-form").await?;
            app.click("order-vary-save").await?;
            wait_text(app, "order-vary-error", "Give the date the variation took effect").await?;
            app.set_value("order-vary-on", "2026-03-02").await?;
            app.type_into("order-vary-reason", "Varied at the hearing on 2 March").await?;
            app.click("order-vary-keep-2").await?;
            app.type_into("order-vary-new", "Not to go within 100 metres of the school").await?;
            app.screen("screen-orders", "orders-vary-form").await?;
            app.click("order-vary-save").await?;
            wait_text(app, "order-changed", "Order 1: variation saved.").await?;
            let item = app.text("order-item").await?;
            ensure!(item.contains("Varied from 2026-03-02: Varied at the hearing on 2 March"), "{item}");
            ensure!(item.contains("Not to go within 100 metres of the school"), "{item}");
            ensure!(!item.contains("Acacia Avenue"), "the removed term is still shown as in force: {item}");

            app.click("order-discharge").await?;
            app.set_value("order-discharge-on", "2026-04-01").await?;
            app.type_into("order-discharge-reason", "Replaced by a full order").await?;
            app.click("order-discharge-save").await?;
            wait_text(app, "order-standing", "Discharged on 2026-04-01").await?;
            ensure!(app.all("order-vary").await?.is_empty(), "a discharged order still offers a variation");
            app.screen("screen-orders", "orders-varied-and-discharged").await?;

            // The police pack, from the Export screen.
            export_police_pack(app, &pack).await?;
            app.screen("screen-export", "orders-pack-done").await?;
            Ok(())
        })
        .await?;

        let csv = std::process::Command::new("unzip").args(["-p"]).arg(&pack).arg("breaches.csv").output()?;
        let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
        let rows: Vec<&str> = csv.lines().skip(1).filter(|l| !l.is_empty()).collect();
        ensure!(rows.len() == 2, "breaches.csv: {csv}");
        ensure!(rows[0].contains("before the order was served") && rows[0].contains(&format!("CAD {before}")), "{csv}");
        ensure!(rows[1].contains(&format!("CAD {after}")), "{csv}");
        // The zone term was removed by the variation: the breach keeps it, marked as such.
        ensure!(rows[1].contains("Acacia Avenue and the station (later varied)"), "{csv}");
        ensure!(!rows[0].contains("later varied"), "term 1 was kept as it was: {csv}");

        // The report's breach schedule, read as an officer's tools read it.
        let report = std::process::Command::new("unzip").args(["-p"]).arg(&pack).arg("report.pdf").output()?.stdout;
        let pdf = sb.dir().join("report.pdf");
        std::fs::write(&pdf, report)?;
        let text = std::process::Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output()?;
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        ensure!(text.contains("before the order was served"), "the schedule does not flag the first breach");
        ensure!(text.contains(&format!("CAD {before}")) && text.contains(&format!("CAD {after}")), "{text}");
        ensure!(text.contains("Discharged"), "the report does not say the order was discharged");
        Ok(())
    });
}
