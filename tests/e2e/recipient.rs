//! A pack locked to a recipient card round-trips through the app: the Export screen loads the
//! card (its fingerprint shown before the pack is made), and Check a pack opens the pack with the
//! recipient's identity file; the real `age` tool opens it too.

use casebook_e2e::ensure;
use casebook_e2e::session::{PASSPHRASE, run, with_app};

use super::{submit_unlock, wait_export_preview, wait_text};

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
            wait_export_preview(app).await?;
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

/// An advocate makes a recipient card in the app (Settings): the card, its printable page and the
/// owner-only secret identity are written, the fingerprint shown is the card's, the warning says
/// to keep it secret, and the QR code drawn on the screen, read from the screenshot by a QR
/// reader (zbarimg), is the card file's text byte for byte.
/// A person's app then makes a pack for the card, and a second one for the recipient it
/// remembers (no card file), its fingerprint shown before use; the identity opens both.
#[test]
fn e2e_recipient_card_made_in_the_app_and_remembered_for_the_next_pack() {
    run("recipient-remembered", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        sb.cli(&["add", "--kind", "call", "--title", "Missed call, withheld", "--at", "2026-03-01T21:00:00Z"])?;
        let folder = sb.dir().join("advocate");
        std::fs::create_dir(&folder)?;
        let card = folder.join("casebook-recipient-card.txt");
        let identity = folder.join("casebook-recipient-identity.txt");
        let (first, second) = (sb.dir().join("first.age"), sb.dir().join("second.age"));
        let mut fingerprint = String::new();
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;

            app.click("nav-settings").await?;
            app.type_into("recipient-card-name", "Anytown Advocacy").await?;
            app.type_into("recipient-card-folder", &folder.to_string_lossy()).await?;
            app.click("recipient-card-make").await?;
            fingerprint = app.text("recipient-card-fingerprint").await?;
            let warning = app.text("recipient-card-warning").await?;
            ensure!(warning.contains(&*identity.to_string_lossy()), "the identity file is not named: {warning}");
            ensure!(warning.contains("Never send it"), "no warning that the identity is secret: {warning}");
            app.wait("recipient-card-qr").await?;
            let focused = app.js("return document.activeElement && document.activeElement.id;").await?;
            ensure!(
                focused == "recipient-card-made-heading",
                "the result is not brought into view: focus on {focused}"
            );
            app.screen("screen-settings", "recipient-card-made").await?;
            let on_card = std::fs::read_to_string(&card)?;
            ensure!(on_card.contains(&format!("fingerprint: {fingerprint}")), "shown {fingerprint}, card {on_card}");
            let page = folder.join("casebook-recipient-card.pdf");
            ensure!(std::fs::read(&page)?.starts_with(b"%PDF-"), "no printable page at {page:?}");
            ensure!(app.text("recipient-card-page").await?.contains(&*page.to_string_lossy()), "the page is not named");
            // The QR code as drawn on the screen reads back as the card.
            app.js("document.querySelector('[data-testid=recipient-card-qr]').scrollIntoView({ block: 'center' });")
                .await?;
            let shot = app.save_shot("recipient-card-qr").await;
            let read = std::process::Command::new("zbarimg").args(["--raw", "-q"]).arg(&shot).output()?;
            ensure!(read.status.success(), "no QR code could be read from the screen ({shot}): {read:?}");
            ensure!(
                read.stdout.strip_suffix(b"\n") == Some(on_card.as_bytes()),
                "the QR code on the screen holds {:?}, not the card {on_card:?}",
                String::from_utf8_lossy(&read.stdout)
            );
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&identity)?.permissions().mode() & 0o777;
            ensure!(mode == 0o600, "the identity file is not owner-only: {mode:o}");

            // The first pack, from the card file.
            app.click("nav-export").await?;
            app.click("export-recipient-advocate").await?;
            wait_export_preview(app).await?;
            app.type_into("export-card-path", &card.to_string_lossy()).await?;
            app.click("export-card-load").await?;
            wait_text(app, "export-card-loaded", &fingerprint).await?;
            app.type_into("export-path", &first.to_string_lossy()).await?;
            app.click("export-save").await?;
            app.wait("export-done").await?;

            // The second, for the recipient remembered in the vault (the card file gone).
            std::fs::remove_file(&card)?;
            app.click("export-again").await?;
            app.click("nav-diary").await?;
            app.click("nav-export").await?;
            app.click("export-recipient-advocate").await?;
            wait_export_preview(app).await?;
            let listed = wait_text(app, "export-remembered", "Anytown Advocacy").await?;
            ensure!(listed.contains(&fingerprint), "the remembered recipient's fingerprint is not shown: {listed}");
            app.screen("screen-export", "export-remembered-recipient").await?;
            app.click("export-remembered-use").await?;
            wait_text(app, "export-card-loaded", &fingerprint).await?;
            app.type_into("export-path", &second.to_string_lossy()).await?;
            app.click("export-save").await?;
            app.wait("export-done").await?;
            Ok(())
        })
        .await?;
        for pack in [&first, &second] {
            let out = std::process::Command::new("age").arg("-d").arg("-i").arg(&identity).arg(pack).output()?;
            ensure!(out.status.success() && out.stdout.starts_with(b"PK"), "age -d -i could not open {pack:?}");
        }
        let listed = sb.cli(&["recipient", "list"])?;
        ensure!(listed.contains(&format!("{fingerprint}  Anytown Advocacy  (2 packs")), "{listed}");
        Ok(())
    });
}
