//! A Telegram Desktop chat export (result.json) through the Import screen (issue 15, item 2):
//! the preview lists Jon's account ticked (his name matches the case) and names the message
//! Telegram could not export; the result accounts for every item of the file.

use std::path::Path;

use casebook_e2e::session::{PASSPHRASE, run, with_app};
use casebook_e2e::{Result, ensure, fail, paths};

use super::{preview_import, submit_unlock, wait_text};

/// Copies core's Telegram fixture into a folder of its own under `dir`, as Telegram Desktop
/// saves an export (result.json with its media folders beside it).
fn telegram_export(dir: &Path) -> Result<std::path::PathBuf> {
    let from = paths::checkout().join("crates/core/tests/fixtures/import/telegram-jon/result.json");
    let folder = dir.join("ChatExport_2026-03-14");
    std::fs::create_dir_all(&folder)?;
    let to = folder.join("result.json");
    std::fs::copy(&from, &to).map_err(|e| fail!("cannot copy {}: {e}", from.display()))?;
    Ok(to)
}

#[test]
fn e2e_import_a_telegram_chat() {
    run("import-telegram", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "add-person", "--name", "Jon Doe", "--phone", "+447700900123"])?;
        let export = telegram_export(sb.dir())?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            let summary = preview_import(app, &export, "Export chat history", "Telegram").await?;
            ensure!(
                summary.contains("8 items from 1 Mar 2026 to 13 Mar 2026")
                    && summary.contains("1 more item could not be read and will be left out: 9 items in the file."),
                "the preview says {summary:?}"
            );
            let unreadable = app.text("import-preview-unreadable").await?;
            ensure!(unreadable.contains("message 8 (on line 145)"), "the preview names it: {unreadable:?}");
            let rows = app.all("import-correspondent").await?;
            ensure!(rows.len() == 1, "one correspondent in a one-to-one chat, found {}", rows.len());
            let row = app.text("import-correspondent").await?;
            ensure!(row.contains("Jon Doe") && row.contains("In your case"), "Jon's account, matched: {row:?}");
            app.screen("screen-import", "import-preview-telegram").await?;
            app.click("import-start").await?;
            let done = wait_text(app, "import-done", "Added").await?;
            ensure!(
                done.contains("Added 8 entries to your diary.")
                    && done.contains(
                        "9 items in the file: 8 added, 0 already in your diary, 0 from people you did not pick, 1 that \
                         could not be read."
                    ),
                "the result says {done:?}"
            );
            let unreadable = app.text("import-done-unreadable").await?;
            ensure!(unreadable.contains("message 8 (on line 145)"), "the result names it: {unreadable:?}");
            app.screen("screen-import", "import-done-telegram").await?;
            println!("  telegram import: {}", done.replace('\n', " "));
            Ok(())
        })
        .await
    });
}
