//! The evidence flows, end to end: import a phone's texts, export a pack for the police, and
//! check it in the app, intact and then altered, also while Casebook is locked.

use std::path::Path;
use std::process::Command;

use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail, paths};

use super::{submit_unlock, timeline_ids, wait_export_preview, wait_text};

/// What the victim gives the advocate, separately from the pack.
const ADVOCATE_PASSPHRASE: &str = "lighthouse kettle orbit 7";

/// Copies one of core's import fixtures (real SMS Backup & Restore format) into `dir`.
fn sms_backup(dir: &Path) -> Result<std::path::PathBuf> {
    fixture(dir, "sms-20260301213000.xml")
}

/// Copies core's import fixture `name` into `dir`.
fn fixture(dir: &Path, name: &str) -> Result<std::path::PathBuf> {
    let from = paths::checkout().join("crates/core/tests/fixtures/import").join(name);
    let to = dir.join(name);
    std::fs::copy(&from, &to).map_err(|e| fail!("cannot copy {}: {e}", from.display()))?;
    Ok(to)
}

/// A copy of `pack` whose README.txt has one more line, rewritten with the `zip` tool the
/// way someone editing a pack would: every other byte of the pack stays as it was. `-0` keeps
/// the entry stored, as Casebook writes it, so the edit reaches the checks; a compressed entry
/// is refused unread before them (tests/verify_hostile.rs in core covers that).
fn altered_copy(pack: &Path, dir: &Path) -> Result<std::path::PathBuf> {
    let work = dir.join("altered");
    std::fs::create_dir_all(&work)?;
    let copy = dir.join("pack-altered.zip");
    std::fs::copy(pack, &copy)?;
    let readme = work.join("README.txt");
    let status = Command::new("unzip").arg("-q").arg(&copy).arg("README.txt").arg("-d").arg(&work).status()?;
    ensure!(status.success(), "unzip README.txt failed");
    let mut text = std::fs::read_to_string(&readme)?;
    text.push_str("\nNothing here was changed.\n");
    std::fs::write(&readme, text)?;
    let status = Command::new("zip").current_dir(&work).arg("-q").arg("-0").arg(&copy).arg("README.txt").status()?;
    ensure!(status.success(), "zip could not update README.txt (Debian package zip)");
    Ok(copy)
}

/// Types `path` into a screen's "Or type the file's full path" box and presses its button.
async fn use_path(app: &App<'_>, field: &str, path: &Path) -> Result<()> {
    app.type_into(field, &path.to_string_lossy()).await?;
    app.click(&format!("{field}-go")).await
}

/// Imports a phone's texts (only the person responsible's, as matched by the case's number);
/// exports a police pack, whose SHA-256 the screen reports correctly, and an advocate's pack
/// locked in the age format; checks the police pack in the app (intact), an altered copy
/// (caught, naming the failed check) and the advocate's pack (with its passphrase); and checks
/// the police pack again from the unlock screen while Casebook is locked.
#[test]
fn e2e_import_export_and_check_a_pack() {
    run("packs", async |sb| {
        sb.init_vault()?;
        sb.cli(&["case", "set", "--initials", "AB"])?;
        sb.cli(&["case", "add-person", "--name", "Jon Doe", "--phone", "+447700900123"])?;
        let backup = sms_backup(sb.dir())?;
        let pack = sb.dir().join("pack for PC Smith.zip");
        let advocate_pack = sb.dir().join("casebook-pack-for-advocate-2026-03-02.html");
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;

            // Import: the preview lists who wrote, with Jon's number ticked and the rest not.
            app.click("nav-import").await?;
            app.screen("screen-import", "import-empty").await?;
            use_path(app, "import-path", &backup).await?;
            app.wait("import-preview").await?;
            app.screen("screen-import", "import-preview").await?;
            let rows = app.all("import-correspondent").await?;
            ensure!(rows.len() >= 2, "the preview lists {} correspondents, expected at least 2", rows.len());
            let ticked = app
                .js(r#"return [...document.querySelectorAll('[data-testid="import-correspondent"]')].map((r) => {
                          const box = r.querySelector('[data-testid="import-correspondent-check"]');
                          return [r.textContent.includes('7700 900123') || r.textContent.includes('7700900123'), !!box?.checked];
                      });"#)
                .await?;
            let pairs: Vec<(bool, bool)> = ticked
                .as_array()
                .map(|a| a.iter().filter_map(|p| Some((p.get(0)?.as_bool()?, p.get(1)?.as_bool()?))).collect())
                .unwrap_or_default();
            ensure!(
                pairs.iter().any(|&(jon, on)| jon && on) && pairs.iter().all(|&(jon, on)| jon == on),
                "only the case's number should be ticked; rows (is Jon, ticked): {pairs:?}"
            );
            app.click("import-start").await?;
            let done = wait_text(app, "import-done", "Added").await?;
            app.screen("screen-import", "import-done").await?;
            println!("  import: {}", done.replace('\n', " "));

            // A WhatsApp chat: the preview says where every line went, and so does the result,
            // with the same numbers (the chat's sender "Jon Doe" is the case person by name).
            let chat = fixture(sb.dir(), "whatsapp-android-en-GB.txt")?;
            app.click("import-again").await?;
            use_path(app, "import-path", &chat).await?;
            let lines = "12 lines read: 7 messages, 3 lines continuing a message, 2 notice lines, 0 unreadable lines, \
                         0 blank lines.";
            let shown = wait_text(app, "import-preview-lines-summary", "lines read").await?;
            ensure!(shown.trim() == lines, "the preview says {shown:?}, expected {lines:?}");
            let kinds = app.text("import-preview-lines").await?;
            ensure!(
                kinds.contains("security or blocking notice: 1") && kinds.contains("line 1:"),
                "the preview's notices: {kinds:?}"
            );
            app.screen("screen-import", "import-preview-chat").await?;
            app.click("import-start").await?;
            wait_text(app, "import-done", "Added").await?;
            let after = app.text("import-done-lines-summary").await?;
            ensure!(after.trim() == lines, "the result says {after:?}, the preview said {lines:?}");
            app.screen("screen-import", "import-done-chat").await?;
            println!("  chat import: {}", after.trim());

            // The imported texts are in the diary.
            app.click("nav-diary").await?;
            app.wait("screen-diary").await?;
            let ids = app
                .poll(WAIT, "imported entries in the timeline", || async {
                    let ids = timeline_ids(app).await?;
                    Ok((ids.len() >= 3).then_some(ids))
                })
                .await?;
            app.screen("screen-diary", "diary-imported").await?;
            println!("  the timeline shows {} imported entries", ids.len());

            // Export for the police, to a typed path.
            app.click("nav-export").await?;
            app.screen("screen-export", "export-empty").await?;
            app.click("export-recipient-police").await?;
            wait_export_preview(app).await?;
            app.screen("screen-export", "export-preview").await?;
            app.type_into("export-path", &pack.to_string_lossy()).await?;
            app.click("export-save").await?;
            app.wait("export-done").await?;
            app.screen("screen-export", "export-done").await?;
            let shown = app.text("export-done-sha256").await?.split_whitespace().collect::<String>();
            let actual = hex(&casebook_crypto::sha256(&std::fs::read(&pack)?));
            ensure!(shown == actual, "the screen says SHA-256 {shown}, the file's is {actual}");

            // A narrower pack for an advocate: GPS taken out of photo copies, locked with a
            // passphrase in the age format, inside a web page.
            app.click("export-again").await?;
            app.click("export-recipient-advocate").await?;
            app.click("export-strip-gps").await?;
            wait_export_preview(app).await?;
            app.type_into("export-passphrase", ADVOCATE_PASSPHRASE).await?;
            app.type_into("export-passphrase-again", ADVOCATE_PASSPHRASE).await?;
            app.type_into("export-path", &advocate_pack.to_string_lossy()).await?;
            app.screen("screen-export", "export-advocate").await?;
            app.click("export-save").await?;
            app.wait("export-done").await?;
            app.screen("screen-export", "export-advocate-done").await?;
            // One web page carrying the age file (tests/e2e/advocate.rs opens it in a browser).
            let head = std::fs::read(&advocate_pack)?.into_iter().take(15).collect::<Vec<u8>>();
            ensure!(head == b"<!doctype html>", "the advocate pack is not a web page: {head:?}");

            // Check the pack in the app: internally consistent (no key card given), one line per check.
            app.click("nav-verify").await?;
            app.screen("screen-verify", "verify-empty").await?;
            use_path(app, "verify-path", &pack).await?;
            let verdict = wait_text(app, "verify-verdict", "internally consistent").await?;
            let checks = app.all("verify-check").await?;
            ensure!(checks.len() >= 5, "only {} check lines are shown", checks.len());
            app.screen("screen-verify", "verify-intact").await?;
            println!("  verdict: {}", verdict.lines().next().unwrap_or_default());

            // An altered copy is caught, naming what failed.
            let altered = altered_copy(&pack, sb.dir())?;
            app.click("nav-diary").await?;
            app.click("nav-verify").await?;
            use_path(app, "verify-path", &altered).await?;
            let verdict = wait_text(app, "verify-verdict", "changed").await?;
            app.screen("screen-verify", "verify-altered").await?;
            println!("  altered copy: {}", verdict.lines().next().unwrap_or_default());

            // The advocate's pack opens with its passphrase, read-only.
            app.click("nav-diary").await?;
            app.click("nav-verify").await?;
            app.type_into("verify-passphrase", ADVOCATE_PASSPHRASE).await?;
            use_path(app, "verify-path", &advocate_pack).await?;
            wait_text(app, "verify-verdict", "internally consistent").await?;
            ensure!(!app.all("verify-entry").await?.is_empty(), "the advocate pack's entries are not listed");
            app.screen("screen-verify", "verify-advocate").await?;

            // Locked, the pack can still be checked (an advocate opening what they received).
            app.click("lock-button").await?;
            app.wait("screen-unlock").await?;
            app.click("nav-verify").await?;
            use_path(app, "verify-path", &pack).await?;
            wait_text(app, "verify-verdict", "internally consistent").await?;
            app.screen("screen-verify", "verify-while-locked").await?;
            let status = app.invoke("app_status", serde_json::json!({})).await?;
            ensure!(status["unlocked"] == false, "checking a pack unlocked Casebook: {status}");
            Ok(())
        })
        .await
    });
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
