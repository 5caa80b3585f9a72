//! The format migration offered in the app (issue 11): a committed format-1 vault
//! (crates/core/tests/fixtures/vaults) unlocked in the app shows a one-screen offer that says
//! what the migration does and where the backup goes; "Not now" changes nothing and the diary
//! works on format 1; at the next unlock "Migrate now" makes the backup, migrates (the same
//! core function as `casebook migrate`) and the vault's check passes.

use casebook_e2e::session::{App, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use serde_json::json;

/// The fixture's passphrase (crates/core/tests/fixtures/vaults/README.md).
const FIXTURE_PASSPHRASE: &str = "correct horse battery staple";

async fn format_version(app: &App<'_>) -> Result<i64> {
    let info = app.invoke("vault_info", json!({})).await?;
    info["format_version"].as_i64().ok_or_else(|| fail!("vault_info gave no format_version: {info}"))
}

fn backups(dir: &std::path::Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".format1-backup-"))
        .collect();
    names.sort();
    Ok(names)
}

#[test]
fn e2e_format1_vault_is_offered_the_migration_and_works_when_declined() {
    run("migrate", async |sb| {
        let fixture = casebook_e2e::paths::checkout().join("crates/core/tests/fixtures/vaults/format1-diary.casebook");
        std::fs::copy(&fixture, sb.vault())?;
        std::fs::write(sb.passphrase_file_path(), FIXTURE_PASSPHRASE)?;
        let folder = std::fs::canonicalize(sb.dir())?.display().to_string();
        with_app(sb, &[], async |app| {
            app.screen("screen-unlock", "unlock-format1").await?;
            app.type_into("unlock-passphrase", FIXTURE_PASSPHRASE).await?;
            app.click("unlock-submit").await?;
            app.screen("screen-migrate", "migrate-offer").await?;
            let offer = app.text("screen-migrate").await?;
            println!("  offer: {offer:?}");
            ensure!(offer.contains("A backup copy is made first"), "the offer does not say a backup is made first");
            let path = app.text("migrate-backup-path").await?;
            ensure!(
                path.starts_with(&folder) && path.contains("vault.format1-backup-"),
                "the offer names {path:?}, not a backup beside the vault in {folder}"
            );

            // Not now: nothing changes, the diary opens and works on format 1.
            app.click("migrate-not-now").await?;
            app.screen("screen-diary", "diary-format1-declined").await?;
            ensure!(format_version(app).await? == 1, "declining changed the format");
            ensure!(backups(sb.dir())?.is_empty(), "declining made a backup: {:?}", backups(sb.dir())?);
            // It keeps working on format 1: a new entry is saved.
            app.click("nav-log").await?;
            app.wait("screen-log").await?;
            app.click("kind-call").await?;
            app.type_into("log-title", "Logged while the diary is still format 1").await?;
            app.click("log-save").await?;
            app.poll(casebook_e2e::session::WAIT, "Saved. on format 1", || async {
                Ok(app.text("log-status").await?.contains("Saved.").then_some(()))
            })
            .await?;
            app.screen("screen-log", "saved-on-format1").await?;
            ensure!(format_version(app).await? == 1, "saving an entry changed the format");

            // Next unlock: asked again; Migrate now.
            app.click("lock-button").await?;
            app.wait("screen-unlock").await?;
            app.type_into("unlock-passphrase", FIXTURE_PASSPHRASE).await?;
            app.click("unlock-submit").await?;
            app.screen("screen-migrate", "migrate-offer-again").await?;
            app.click("migrate-now").await?;
            app.screen("screen-settings", "migrated").await?;
            ensure!(format_version(app).await? == 2, "the vault is not format 2 after Migrate now");
            let made = backups(sb.dir())?;
            ensure!(made.len() == 1, "expected one backup beside the vault, found {made:?}");
            let notice = app.text("screen-settings").await?;
            ensure!(notice.contains(&made[0]), "the notice does not say where the backup is: {notice:?}");
            app.click("settings-check").await?;
            let result = app
                .poll(casebook_e2e::session::WAIT, "the vault check's result", || async {
                    let t = app.text("check-result").await?;
                    Ok((!t.trim().is_empty() && !t.contains('…')).then_some(t))
                })
                .await?;
            println!("  check after migrating: {result:?}");
            ensure!(result.contains("All is well"), "check after migrating: {result:?}");
            app.screen("screen-settings", "migrated-check").await?;
            Ok(())
        })
        .await
    });
}
