//! An Instagram chat ("Download your information", JSON) through the Import screen (issue 15,
//! item 1): one chat file of an unpacked export; the preview lists the senders by the names Meta's
//! escapes hide (Łucja's Polish letters), Jon ticked because his name matches the case; the result
//! accounts for every message and attaches the photo found from the export's top folder.

use std::path::{Path, PathBuf};

use casebook_e2e::session::{PASSPHRASE, run, with_app};
use casebook_e2e::{Result, ensure, fail, paths};

use super::{preview_import, submit_unlock, wait_text};

const CHAT: &str = "your_instagram_activity/messages/inbox/jondoe_17841400000000001";

/// Core's Instagram fixture unpacked under `dir`, as the person unzips Meta's download, with the
/// photo Jon sent in its place; returns the chat file.
fn instagram_export(dir: &Path) -> Result<PathBuf> {
    let from = paths::checkout().join("crates/core/tests/fixtures/import/instagram-lucja").join(CHAT);
    let folder = dir.join("instagram-lucja.wisniewska-2026-03-15").join(CHAT);
    std::fs::create_dir_all(folder.join("photos"))?;
    let to = folder.join("message_1.json");
    std::fs::copy(from.join("message_1.json"), &to).map_err(|e| fail!("cannot copy {}: {e}", from.display()))?;
    // Any bytes will do for the photo: it is attached as it is.
    std::fs::write(folder.join("photos/1234567890123456.jpg"), b"\xFF\xD8\xFF\xE0 not a real photo")?;
    Ok(to)
}

#[test]
fn e2e_import_an_instagram_chat() {
    run("import-instagram", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "add-person", "--name", "Jon Doe", "--phone", "+447700900123"])?;
        let export = instagram_export(sb.dir())?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            let summary = preview_import(app, &export, "Download your information", "Instagram").await?;
            ensure!(summary.contains("6 items from 1 Mar 2026 to 13 Mar 2026"), "the preview says {summary:?}");
            let rows = app.all("import-correspondent").await?;
            ensure!(rows.len() == 2, "Jon and Łucja, found {}", rows.len());
            let mut names = Vec::new();
            for row in &rows {
                names.push(row.text().await?);
            }
            ensure!(names.iter().any(|n| n.contains("Łucja Wiśniewska")), "her name, decoded: {names:?}");
            let row = app.text("import-correspondent").await?;
            ensure!(row.contains("Jon Doe") && row.contains("In your case"), "Jon, matched: {row:?}");
            app.screen("screen-import", "import-preview-instagram").await?;
            app.click("import-start").await?;
            let done = wait_text(app, "import-done", "Added").await?;
            ensure!(
                done.contains("Added 5 entries to your diary.")
                    && done.contains(
                        "6 items in the file: 5 added, 0 already in your diary, 1 from people you did not pick, 0 \
                         that could not be read."
                    ),
                "the result says {done:?}"
            );
            app.screen("screen-import", "import-done-instagram").await?;
            println!("  instagram import: {}", done.replace('\n', " "));
            Ok(())
        })
        .await
    });
}
