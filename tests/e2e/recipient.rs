//! A pack locked to a recipient card round-trips through the app: the Export screen loads the
//! card (its fingerprint shown before the pack is made), and Check a pack opens the pack with the
//! recipient's identity file; the real `age` tool opens it too.

use casebook_e2e::ensure;
use casebook_e2e::session::{PASSPHRASE, run, with_app};

use super::{submit_unlock, wait_text};

#[test]
fn e2e_recipient_card_pack_round_trip() {
    run("recipient", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        sb.cli(&["add", "--kind", "call", "--title", "Missed call, withheld", "--at", "2026-03-01T21:00:00Z"])?;
        let (card, identity) = (sb.dir().join("card.txt"), sb.dir().join("id.txt"));
        sb.cli(&[
            "recipient",
            "new",
            "--name",
            "Anytown Advocacy",
            "--card",
            &card.to_string_lossy(),
            "--identity",
            &identity.to_string_lossy(),
        ])?;
        let fingerprint = std::fs::read_to_string(&card)?
            .lines()
            .find_map(|l| l.strip_prefix("fingerprint: ").map(str::to_owned))
            .unwrap_or_default();
        let pack = sb.dir().join("pack.age");
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;

            app.click("nav-export").await?;
            app.click("export-recipient-advocate").await?;
            app.wait("export-preview").await?;
            app.type_into("export-card-path", &card.to_string_lossy()).await?;
            app.click("export-card-load").await?;
            let shown = wait_text(app, "export-card-loaded", "Anytown Advocacy").await?;
            ensure!(shown.contains(&fingerprint), "the card's fingerprint is not shown before use: {shown}");
            app.screen("screen-export", "export-recipient-card").await?;
            app.type_into("export-path", &pack.to_string_lossy()).await?;
            app.click("export-save").await?;
            app.wait("export-done").await?;
            app.screen("screen-export", "export-recipient-done").await?;
            let head = std::fs::read(&pack)?.into_iter().take(22).collect::<Vec<u8>>();
            ensure!(head == b"age-encryption.org/v1\n", "not an age file: {head:?}");

            // Check a pack: first without the identity (it asks for it), then with it.
            app.click("nav-verify").await?;
            app.type_into("verify-path", &pack.to_string_lossy()).await?;
            app.click("verify-path-go").await?;
            wait_text(app, "verify-verdict", "recipient").await?;
            app.type_into("verify-identity", &identity.to_string_lossy()).await?;
            app.click("verify-path-go").await?;
            wait_text(app, "verify-verdict", "internally consistent").await?;
            ensure!(!app.all("verify-entry").await?.is_empty(), "the pack's entries are not listed");
            app.screen("screen-verify", "verify-recipient-card").await?;
            Ok(())
        })
        .await?;
        let zip = sb.dir().join("pack.zip");
        let age = std::process::Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&identity)
            .arg("-o")
            .arg(&zip)
            .arg(&pack)
            .status()?;
        ensure!(age.success(), "age -d -i could not open the pack");
        Ok(())
    });
}
