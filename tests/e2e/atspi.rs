//! What a screen reader gets: the real window's accessibility tree over AT-SPI (the desktop's
//! accessibility bus, as Orca reads it), walked on each main screen by `tests/atspi/walk.py`
//! (Debian's python3-pyatspi). Every control and image must have a name, and each screen a
//! heading; the counts are printed.
//!
//! The test starts its own D-Bus session bus and AT-SPI bus (at-spi2-core), marked with the
//! test's vault path, so the sandbox reaps them with the app. The other tests start the app with
//! NO_AT_BRIDGE=1 (no bus to talk to); this one sets it to 0, which GTK and WebKit read as "on".

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use casebook_e2e::dbus::SessionBus;
use casebook_e2e::session::{App, PASSPHRASE, Sandbox, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use serde_json::Value as Json;

/// A private D-Bus session with the AT-SPI bus on it.
struct A11yBus {
    session: SessionBus,
    launcher: Child,
}

impl A11yBus {
    fn start(sb: &Sandbox) -> Result<A11yBus> {
        let session = SessionBus::start(sb)?;
        let launcher = Command::new("/usr/libexec/at-spi-bus-launcher")
            .arg("--launch-immediately")
            .env("DBUS_SESSION_BUS_ADDRESS", &session.address)
            .env("DISPLAY", sb.display_name())
            .env("CASEBOOK_VAULT", sb.vault())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| fail!("cannot start the AT-SPI bus (Debian package at-spi2-core): {e}"))?;
        Ok(A11yBus { session, launcher })
    }
}

impl Drop for A11yBus {
    // The launcher goes first; the session bus it ran on is stopped after, when `session` drops.
    fn drop(&mut self) {
        let _ = self.launcher.kill();
        let _ = self.launcher.wait();
    }
}

fn walker() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("atspi/walk.py")
}

/// Walks the tree of the screen on show; fails on an unnamed control or image, or no heading.
fn walk(sb: &Sandbox, bus: &A11yBus, screen: &str, tally: &mut Vec<String>) -> Result<()> {
    let out = Command::new("/usr/bin/python3")
        .arg(walker())
        .arg("casebook")
        .env("DISPLAY", sb.display_name())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.session.address)
        .output()
        .map_err(|e| fail!("cannot run /usr/bin/python3 (Debian packages python3-pyatspi, gir1.2-atspi-2.0): {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Json = serde_json::from_str(stdout.trim()).map_err(|e| {
        fail!("walk.py on {screen} printed no report ({e}): {stdout}{}", String::from_utf8_lossy(&out.stderr))
    })?;
    ensure!(report.get("error").is_none(), "{screen}: {}", report["error"]);
    let controls = report["controls"].as_u64().unwrap_or(0);
    let headings = report["headings"].as_array().cloned().unwrap_or_default();
    let unnamed = report["unnamed"].as_array().cloned().unwrap_or_default();
    let line = format!(
        "{screen}: {controls} controls, {} unnamed; {} headings {:?}; {} live regions; roles {}",
        unnamed.len(),
        headings.len(),
        headings.iter().filter_map(Json::as_str).collect::<Vec<_>>(),
        report["live"],
        report["counts"]
    );
    println!("  at-spi {line}");
    tally.push(line);
    ensure!(controls > 0, "{screen}: the tree has no controls at all (is the webview exposed?)");
    ensure!(unnamed.is_empty(), "{screen}: controls or images without a name: {unnamed:?}");
    ensure!(!headings.is_empty(), "{screen}: no heading");
    Ok(())
}

async fn settle(app: &App<'_>, root: &str) -> Result<()> {
    app.wait(root).await?;
    // Let WebKit hand the new tree to the accessibility bus.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    Ok(())
}

#[test]
fn e2e_screen_reader_tree_every_control_named_on_each_main_screen() {
    run("atspi", async |sb| {
        let bus = A11yBus::start(sb)?;
        let address = bus.session.address.clone();
        let mut tally = Vec::new();
        with_app(
            sb,
            &[("DBUS_SESSION_BUS_ADDRESS", &address), ("GTK_A11Y", "atspi"), ("NO_AT_BRIDGE", "0")],
            async |app| {
                settle(app, "screen-first-run").await?;
                walk(sb, &bus, "first-run", &mut tally)?;
                app.type_into("create-passphrase", PASSPHRASE).await?;
                app.type_into("create-passphrase-confirm", PASSPHRASE).await?;
                app.click("create-submit").await?;
                settle(app, "screen-recovery").await?;
                walk(sb, &bus, "recovery-key", &mut tally)?;
                app.click("recovery-stored").await?;
                app.click("recovery-continue").await?;
                settle(app, "screen-case").await?;
                walk(sb, &bus, "case-details", &mut tally)?;
                app.click("case-skip").await?;
                settle(app, "screen-log").await?;
                walk(sb, &bus, "log", &mut tally)?;
                app.click("kind-call").await?;
                app.type_into("log-title", "Missed call").await?;
                app.click("log-save").await?;
                app.wait("log-open-saved").await?;
                app.click("nav-diary").await?;
                settle(app, "screen-diary").await?;
                app.wait("timeline-entry").await?;
                walk(sb, &bus, "diary", &mut tally)?;
                app.click("timeline-entry").await?;
                settle(app, "entry-detail").await?;
                walk(sb, &bus, "entry", &mut tally)?;
                app.click("nav-settings").await?;
                settle(app, "screen-settings").await?;
                walk(sb, &bus, "settings", &mut tally)?;
                Ok(())
            },
        )
        .await?;
        println!("  at-spi tally:\n    {}", tally.join("\n    "));
        Ok(())
    })
}
