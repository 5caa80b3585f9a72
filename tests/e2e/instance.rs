//! The installed-app behaviours of issue 14: one instance, quick exit on every screen (with the
//! clipboard), and the disguise.
//!
//! The one-instance test starts its own D-Bus session bus (the single-instance plugin meets
//! the second launch there); every other test runs without one, so each of their apps is alone.
//! The clipboard is read by `tests/clipboard/clip.py` (Debian's python3 with GTK).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casebook_e2e::dbus::SessionBus;
use casebook_e2e::session::{App, PASSPHRASE, Sandbox, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail, paths};
use serde_json::json;

use crate::{submit_unlock, unlocked, wait_text};

fn clip_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clipboard/clip.py")
}

/// The clipboard's text on the test's display ("" when it holds none).
fn clipboard_text(sb: &Sandbox) -> Result<String> {
    let out = Command::new("/usr/bin/python3")
        .arg(clip_script())
        .arg("get")
        .env("DISPLAY", sb.display_name())
        .env("GDK_BACKEND", "x11")
        .env("NO_AT_BRIDGE", "1")
        .output()
        .map_err(|e| fail!("cannot run clip.py (Debian packages python3-gi, gir1.2-gtk-3.0): {e}"))?;
    ensure!(out.status.success(), "clip.py get failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The pids of this test's app processes: the app binary, with the test's vault in its
/// environment (readable as root; otherwise the binary alone, which is this checkout's build).
fn app_pids(sb: &Sandbox, binary: &Path) -> Vec<u32> {
    let marker = format!("CASEBOOK_VAULT={}", sb.vault().display());
    let binary = binary.canonicalize().unwrap_or_else(|_| binary.to_path_buf());
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok().map(|pid| (pid, e.path())))
        .filter(|(_, p)| std::fs::read_link(p.join("exe")).is_ok_and(|exe| exe == binary))
        .filter(|(_, p)| match std::fs::read(p.join("environ")) {
            Ok(env) => env.split(|&b| b == 0).any(|v| v == marker.as_bytes()),
            Err(_) => true,
        })
        .map(|(pid, _)| pid)
        .collect()
}

/// Waits until the window titled `title` is mapped (`true`) or hidden (`false`).
async fn wait_mapped(app: &App<'_>, title: &str, mapped: bool) -> Result<()> {
    let what = if mapped { "the window to be shown" } else { "the window to be hidden" };
    app.poll(Duration::from_secs(10), what, || async {
        Ok((app.sandbox().window_mapped(title)? == Some(mapped)).then_some(()))
    })
    .await
}

/// Makes a witness code in Settings and copies it with the on-screen button; returns the code.
async fn copy_a_witness_code(app: &mut App<'_>) -> Result<String> {
    app.click("nav-settings").await?;
    app.wait("screen-settings").await?;
    app.click("witness-make").await?;
    let code = wait_text(app, "witness-code", "W-").await?.trim().to_owned();
    app.click("witness-copy").await?;
    Ok(code)
}

/// Quick exit with the on-screen button on a screen with something copied; then Casebook is
/// launched again, as from the menu: the second process finds the first over D-Bus and exits,
/// and the one window comes back, locked. Every screen, locked or not, has the button. (That
/// a copy the person made themselves is kept: the next test.)
#[test]
fn e2e_instance_quick_exit_button_then_launch_again_shows_the_one_locked_window() {
    run("instance", async |sb| {
        sb.init_vault()?;
        sb.cli(&["add", "--kind", "call", "--title", "Missed call", "--at", "2026-11-19 10:00"])?;
        let bus = SessionBus::start(sb)?;
        let binary = paths::app_binary()?;
        with_app(sb, &[("DBUS_SESSION_BUS_ADDRESS", &bus.address)], async |app| {
            app.wait("screen-unlock").await?;
            ensure!(app.present("quick-exit").await?, "the unlock screen has no Quick exit button");
            app.click("nav-help").await?;
            app.screen("screen-help", "help-while-locked").await?;
            ensure!(app.present("quick-exit").await?, "Help (locked) has no Quick exit button");
            app.click("help-back").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.screen("screen-diary", "diary-with-quick-exit").await?;
            for (nav, root) in [
                ("nav-log", "screen-log"),
                ("nav-import", "screen-import"),
                ("nav-export", "screen-export"),
                ("nav-verify", "screen-verify"),
                ("nav-case", "screen-case"),
                ("nav-help", "screen-help"),
                ("nav-settings", "screen-settings"),
            ] {
                app.click(nav).await?;
                app.wait(root).await?;
                ensure!(app.present("quick-exit").await?, "{root} has no Quick exit button");
            }
            let code = copy_a_witness_code(app).await?;
            let copied = clipboard_text(sb)?;
            ensure!(copied == code, "the clipboard holds {copied:?}, not the code {code:?}");

            // The button: hidden, clipboard emptied, locked.
            app.click("quick-exit").await?;
            wait_mapped(app, "Casebook", false).await?;
            let after = clipboard_text(sb)?;
            ensure!(after.is_empty(), "quick exit left the witness code on the clipboard: {after:?}");
            app.poll(WAIT, "the unlock screen after quick exit", || async {
                Ok(app.present("screen-unlock").await.unwrap_or(false).then_some(()))
            })
            .await?;
            ensure!(!unlocked(app).await?, "the shell is still unlocked after quick exit");
            let before = app_pids(sb, &binary);
            ensure!(before.len() == 1, "expected one app process before launching again, found {before:?}");

            // Launch again, as the desktop menu would: same user, same session bus.
            let mut env: Vec<(&str, OsString)> = sb.app_env()?;
            env.push(("DBUS_SESSION_BUS_ADDRESS", bus.address.clone().into()));
            env.push(("DISPLAY", sb.display_name().into()));
            let started = Instant::now();
            let mut second = Command::new(&binary)
                .envs(env)
                .env("GDK_BACKEND", "x11")
                .env("NO_AT_BRIDGE", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            let status = loop {
                if let Some(status) = second.try_wait()? {
                    break status;
                }
                if started.elapsed() > Duration::from_secs(30) {
                    let _ = second.kill();
                    return Err(fail!("the second launch was still running after 30 s"));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            println!("  second launch exited ({status}) after {} ms", started.elapsed().as_millis());
            ensure!(status.success(), "the second launch failed: {status}");
            wait_mapped(app, "Casebook", true).await?;
            let after = app_pids(sb, &binary);
            ensure!(after == before, "expected the one first process {before:?}, found {after:?}");
            ensure!(app.present("screen-unlock").await?, "the window came back on {}", app.current_screen().await);
            ensure!(!unlocked(app).await?, "the window came back unlocked");
            app.screen("screen-unlock", "shown-again-locked").await?;

            Ok(())
        })
        .await
    });
}

/// The other side of clearing the clipboard: Casebook copied a witness code, then the person
/// copied something of their own in another program (clip.py holds it, as that program
/// would). Quick exit (Escape twice) must leave the person's copy alone: it clears only
/// what Casebook itself put there and still finds there.
#[test]
fn e2e_instance_quick_exit_keeps_what_the_person_copied_after() {
    run("instance-own-copy", async |sb| {
        sb.init_vault()?;
        with_app(sb, &[], async |app| {
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            let code = copy_a_witness_code(app).await?;
            ensure!(clipboard_text(sb)? == code, "the witness code did not reach the clipboard");

            let theirs = "address of the refuge, copied by the person";
            let mut holder = Command::new("/usr/bin/python3")
                .arg(clip_script())
                .args(["hold", theirs])
                .env("DISPLAY", sb.display_name())
                .env("GDK_BACKEND", "x11")
                .env("NO_AT_BRIDGE", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| fail!("cannot run clip.py (Debian packages python3-gi, gir1.2-gtk-3.0): {e}"))?;
            let outcome = async {
                app.poll(WAIT, "the person's own copy on the clipboard", || async {
                    Ok((clipboard_text(sb)? == theirs).then_some(()))
                })
                .await?;
                app.keys("\u{e00c}\u{e00c}").await?;
                wait_mapped(app, "Casebook", false).await?;
                let after = clipboard_text(sb)?;
                ensure!(after == theirs, "quick exit changed the person's own copy to {after:?}");
                Ok(())
            }
            .await;
            let _ = holder.kill();
            let _ = holder.wait();
            outcome
        })
        .await
    });
}

/// `_NET_WM_ICON` of a window (the taskbar's icon): its width, height and a digest of the pixels.
fn window_icon(sb: &Sandbox, id: &str) -> Result<(String, [u8; 32])> {
    let out = Command::new("xprop")
        .args(["-display", &sb.display_name(), "-id", id, "_NET_WM_ICON"])
        .output()
        .map_err(|e| fail!("cannot run xprop (Debian package x11-utils): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let numbers = text.split_once('=').map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    ensure!(!numbers.is_empty(), "the window has no icon: {text:?}");
    // xprop draws the icon as text ("Icon (64 x 64):" and rows of shades): its first size,
    // and a digest of the drawing to compare.
    let size = numbers
        .split_once("Icon (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(s, _)| s.replace(' ', ""))
        .unwrap_or_default();
    Ok((size, casebook_crypto::sha256(numbers.as_bytes())))
}

/// The window's title according to the X server, waited for.
async fn wait_title(app: &App<'_>, title: &str) -> Result<String> {
    app.poll(WAIT, &format!("a window titled {title:?}"), || async { app.sandbox().window_id(title) }).await
}

/// The page's own title (document.title), waited for.
async fn wait_page_title(app: &App<'_>, title: &str) -> Result<()> {
    app.poll(WAIT, &format!("the page titled {title:?}"), || async {
        Ok((app.js("return document.title;").await? == json!(title)).then_some(()))
    })
    .await
}

/// The disguise on: window title "Notes", a different taskbar icon, and a desktop entry
/// override with Name=Notes; off: all three as before, the override gone.
#[test]
fn e2e_instance_disguise_switches_title_icon_and_menu_entry() {
    run("disguise", async |sb| {
        sb.init_vault()?;
        let entry = sb.dir().join("home/.local/share/applications/Casebook.desktop");
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            app.wait("screen-diary").await?;
            let id = wait_title(app, "Casebook").await?;
            let (size, original) = window_icon(sb, &id)?;
            println!("  own icon {size}");
            ensure!(!entry.exists(), "an override exists before the disguise is on");

            app.click("nav-settings").await?;
            app.wait("screen-settings").await?;
            app.click("settings-neutral-title").await?;
            app.click("settings-save").await?;
            let id = wait_title(app, "Notes").await?;
            ensure!(sb.window_id("Casebook")?.is_none(), "a window is still titled Casebook");
            let (size, neutral) = window_icon(sb, &id)?;
            println!("  disguised icon {size}");
            ensure!(size == "64x64" && neutral != original, "the taskbar icon did not change ({size})");
            app.poll(WAIT, "the override to be written", || async { Ok(entry.exists().then_some(())) }).await?;
            let text = std::fs::read_to_string(&entry).map_err(|e| fail!("no override at {}: {e}", entry.display()))?;
            println!("  {}:\n{text}", entry.display());
            ensure!(text.lines().any(|l| l == "Name=Notes"), "the override is not named Notes:\n{text}");
            ensure!(text.lines().any(|l| l == "Icon=accessories-text-editor"), "the override's icon:\n{text}");
            let exec = text.lines().find_map(|l| l.strip_prefix("Exec=")).unwrap_or_default();
            ensure!(exec.contains("casebook-app"), "the override does not start the app: {exec:?}");
            // The window title is set by the shell and the page's own title by the page, after the
            // saved settings come back over IPC: wait for it rather than read it once.
            wait_page_title(app, "Notes").await?;
            app.screen("screen-settings", "disguised").await?;

            app.click("settings-neutral-title").await?;
            app.click("settings-save").await?;
            let id = wait_title(app, "Casebook").await?;
            let (_, back) = window_icon(sb, &id)?;
            ensure!(back == original, "the own icon did not come back");
            // The shell retitles the window, then removes the override: wait for both.
            app.poll(WAIT, "the override to be removed after switching back", || async {
                Ok((!entry.exists()).then_some(()))
            })
            .await?;
            wait_page_title(app, "Casebook").await?;
            app.screen("screen-settings", "undisguised").await?;
            Ok(())
        })
        .await
    });
}
