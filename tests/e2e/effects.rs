//! How this has affected the person (issue 12, item 3), in the app: from Case details to the
//! timeline, a change noted with the form (its words hostile markup, shown as text), one noted
//! by mistake withdrawn with a reason; the vault then says the same through the CLI, and a pack
//! made with the changes left out holds none of them. The draft witness statement saved from the
//! Export screen holds the change and opens in pandoc. Each screen photographed and checked
//! with axe-core.

use casebook_e2e::fixtures::XSS_IMG;
use casebook_e2e::session::{PASSPHRASE, run, with_app};
use casebook_e2e::{Result, ensure};

use super::{submit_unlock, wait_text};

const CAMERAS: &str = "Fitted a doorbell camera and a chain on the door";

#[test]
fn e2e_effects_noted_withdrawn_and_kept_out_of_a_pack_on_request() {
    run("effects", async |sb| {
        sb.init_vault()?;
        sb.cli(&["add", "--kind", "sighting", "--title", "Outside my door", "--at", "2026-02-05T22:00:00+00:00"])?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            app.click("nav-case").await?;
            app.click("open-effects").await?;
            app.screen("screen-effects", "effects-empty").await?;
            app.wait("effects-empty").await?;

            // Saving with nothing chosen says what is missing and saves nothing.
            app.click("effect-save").await?;
            wait_text(app, "effect-error", "Choose what changed").await?;

            let note = async |kind: &str, from: &str, words: &str| -> Result<()> {
                app.set_value("effect-kind", kind).await?;
                app.set_value("effect-from", from).await?;
                app.type_into("effect-description", words).await?;
                app.click("effect-save").await?;
                wait_text(app, "effect-saved", "Saved as change").await.map(drop)
            };
            note("security", "2026-02-06", CAMERAS).await?;
            let hostile = format!("Stopped going to the gym {XSS_IMG}");
            note("stopped_going_out", "2026-02-10", &hostile).await?;
            note("moved_home", "2026-02-07", "Moved out (typed by mistake)").await?;
            let items = app.all("effect-item").await?;
            ensure!(items.len() == 3, "{} changes shown, expected 3", items.len());
            // Oldest first: the cameras (6 Feb), the move (7 Feb), the gym (10 Feb).
            let first = items[0].text().await?;
            ensure!(first.contains("Since 6 Feb 2026") && first.contains(CAMERAS), "first: {first:?}");
            let last = items[2].text().await?;
            ensure!(last.contains(&hostile), "the hostile words are shown as text: {last:?}");
            app.screen("screen-effects", "effects-timeline").await?;

            // Withdraw the move, with a reason.
            let buttons = app.all("withdraw-effect").await?;
            buttons[1].click().await?;
            app.type_into("withdraw-reason", "typed in the wrong place").await?;
            app.click("withdraw-confirm").await?;
            app.poll(casebook_e2e::session::WAIT, "the withdrawn change to leave the timeline", || async {
                Ok((app.all("effect-item").await?.len() == 2).then_some(()))
            })
            .await?;
            app.screen("screen-effects", "effects-after-withdrawal").await?;

            // The draft statement from the Export screen, to a typed path.
            app.click("nav-export").await?;
            app.wait("statement-panel").await?;
            let draft = app.sandbox().dir().join("draft.docx");
            app.type_into("statement-path", &draft.display().to_string()).await?;
            app.click("statement-save").await?;
            wait_text(app, "statement-saved", "Draft saved to").await?;
            app.shot_of("statement-panel", "statement-saved").await?;
            Ok(())
        })
        .await?;

        // The draft opens in another DOCX reader and holds the change, not the withdrawn one.
        let text = std::process::Command::new("pandoc")
            .args(["--from", "docx", "--to", "plain", "--wrap", "none"])
            .arg(sb.dir().join("draft.docx"))
            .output()?;
        let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        ensure!(
            text.contains(&format!("Since 6 February 2026 (cameras, alarms, locks or new numbers): {CAMERAS}.")),
            "{text}"
        );
        ensure!(text.contains("outside my door") && !text.contains("typed by mistake"), "{text}");
        let list = sb.cli(&["effect", "list"])?;
        ensure!(list.contains(CAMERAS), "the CLI lists what the app saved: {list}");
        ensure!(list.contains("[withdrawn: typed in the wrong place]"), "{list}");
        let pack = sb.dir().join("without.zip");
        sb.cli(&["export", "--leave-out-effects", "--out", pack.to_str().unwrap_or_default()])?;
        let bytes = std::fs::read(&pack)?;
        ensure!(!bytes.windows(CAMERAS.len()).any(|w| w == CAMERAS.as_bytes()), "a change is in the pack");
        Ok(())
    });
}
