//! Anchors, end to end: after logging, the gentle offer leads to Settings, where a witness
//! code is made (large, grouped, with its message) and its sharing recorded, and a key card is
//! saved and recorded as given; then a police pack is checked in Check a pack against both the
//! expected fingerprint and the witness code, and is anchored.

use casebook_e2e::session::{PASSPHRASE, run, with_app};
use casebook_e2e::{Result, ensure, fail};

use super::{export_police_pack, save_entry, submit_unlock, wait_text};

#[test]
fn e2e_witness_code_key_card_and_a_pack_checked_against_both() {
    run("anchors", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        let card = sb.dir().join("key card.pdf");
        let pack = sb.dir().join("pack.zip");
        with_app(sb, &[], async |app| -> Result<()> {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            ensure!(!app.present("witness-offer").await?, "the offer shows before anything was logged");

            // Log one entry: the one-line offer appears, without taking the keyboard.
            app.click("nav-log").await?;
            app.click("kind-call").await?;
            app.type_into("log-title", "Missed call from his number").await?;
            save_entry(app).await?;
            app.wait("witness-offer").await?;
            app.screen("screen-log", "witness-offer").await?;
            app.click("witness-offer-accept").await?;

            // Settings, with the witness code first: make one, copy it, record whom it went to.
            app.screen("screen-settings", "settings-witness-empty").await?;
            let focused = app.js("return document.activeElement?.dataset?.testid ?? null;").await?;
            ensure!(focused == "witness-make", "the keyboard is on {focused}, not on Make a witness code");
            app.click("witness-make").await?;
            let code = wait_text(app, "witness-code", "W-").await?.trim().to_owned();
            ensure!(code.split('-').count() == 7, "the code on screen is {code:?}");
            let message = app.js(r#"return document.querySelector('[data-testid="witness-message"]').value;"#).await?;
            ensure!(message.as_str().is_some_and(|m| m.contains(&code)), "the message lacks the code: {message}");
            app.click("witness-copy").await?;
            app.type_into("witness-to", "my advocate Sam").await?;
            app.type_into("witness-how", "text message").await?;
            app.click("witness-record").await?;
            wait_text(app, "witness-recorded", "sent to my advocate Sam (text message)").await?;
            app.screen("screen-settings", "settings-witness-code").await?;
            app.shot_of("witness-panel", "settings-witness-panel").await?;

            // The key card: saved to a typed path, then recorded as given.
            app.type_into("keycard-path", &card.to_string_lossy()).await?;
            app.click("keycard-save").await?;
            let saved = wait_text(app, "keycard-saved", "Key card saved").await?;
            ensure!(std::fs::read(&card)?.starts_with(b"%PDF-"), "no PDF at {}", card.display());
            app.type_into("keycard-given", "PC 1234, Leeds, 3 December").await?;
            app.click("keycard-record").await?;
            wait_text(app, "keycard-recorded", "key card given to PC 1234, Leeds").await?;
            app.shot_of("keycard-panel", "settings-key-card").await?;
            app.screen("screen-settings", "settings-anchors-done").await?;
            println!("  {saved}");

            // A police pack, checked against the key card's fingerprint and the witness code.
            let info = app.invoke("vault_info", serde_json::json!({})).await?;
            let fingerprint = info["fingerprint"].as_str().ok_or_else(|| fail!("no fingerprint: {info}"))?.to_owned();
            export_police_pack(app, &pack).await?;
            app.click("nav-verify").await?;
            app.wait("screen-verify").await?;
            app.type_into("verify-fingerprint", &fingerprint).await?;
            app.type_into("verify-witnesses", &code.to_lowercase()).await?;
            app.type_into("verify-path", &pack.to_string_lossy()).await?;
            app.click("verify-path-go").await?;
            let verdict = wait_text(app, "verify-verdict", "existed, unchanged, when the code was sent").await?;
            ensure!(!verdict.contains("proves nothing"), "the verdict is unanchored: {verdict}");
            // Both given and both matched: the headline of its own (casebook-pack's words.rs).
            ensure!(
                verdict.contains("signed by the key you expected and matches the witness code you gave"),
                "not the both-matched headline: {verdict}"
            );
            let witnesses = app.all("verify-witness").await?;
            ensure!(witnesses.len() == 1, "{} witness lines shown", witnesses.len());
            app.screen("screen-verify", "verify-anchored").await?;
            app.shot_of("verify-verdict", "verify-anchored-verdict").await?;

            // A mistyped code is named in one sentence, and nothing is checked.
            let mut typo = code.clone();
            let last = typo.pop().unwrap_or('A');
            typo.push(if last == 'A' { 'B' } else { 'A' });
            app.set_value("verify-witnesses", &typo).await?;
            app.click("verify-check-again").await?;
            wait_text(app, "verify-error", "mistyped").await?;
            app.screen("screen-verify", "verify-witness-typo").await?;
            println!("  verdict: {}", verdict.lines().next().unwrap_or_default());
            Ok(())
        })
        .await
    });
}
