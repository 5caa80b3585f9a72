//! Lock means gone (issue 17): after Lock, no process of the app still holds the passphrase
//! or a word of the evidence. The app is unlocked by typing the passphrase into the real
//! unlock screen, an entry holding a marker is opened, the diary is locked, and then every
//! process of the app is read (as gcore would, tests/src/memdump.rs) and searched in UTF-8 and
//! UTF-16LE (WebKit keeps much of its text as UTF-16), as root on the running laptop could.
//!
//! The lock here is the real one: the web process that showed the diary is ended
//! (`CASEBOOK_TEST_LOCK_RELOADS=0`, see src-tauri/src/fresh_page.rs). WebKit ends the WebDriver
//! session with it, so after locking the test watches the app from outside: /proc for the new
//! web process, the X server for the hidden window, /proc/PID/mem for the memory.
//!
//! Needs root (reading another process's memory); skipped with the reason printed otherwise.
//! The drivers that automate the app (tauri-driver, WebKitWebDriver) are not the app and are
//! not dumped: they carry the typed passphrase only because a test types it.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use casebook_e2e::memdump::{self, Counts};
use casebook_e2e::session::{App, Sandbox, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};

use super::submit_unlock;

/// How the diary gets locked before the dump.
#[derive(Debug, Clone, Copy)]
enum LockBy {
    Button,
    QuickExit,
    AutoLock,
}

/// A passphrase and a marker no other test uses, so a hit can only come from this run.
fn secrets() -> (String, String) {
    let n = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    (format!("kestrel lantern {n} passphrase"), format!("Marker-{n}-heron-quay"))
}

/// The whole check for one way of locking.
fn lock_then_dump(name: &str, by: LockBy) {
    if let Some(reason) = memdump::can_dump() {
        println!("SKIPPED {name}: {reason}");
        return;
    }
    run(name, async move |sb| {
        let (passphrase, marker) = secrets();
        prepare_vault(sb, &passphrase, &marker)?;
        let env: &[(&str, &str)] = match by {
            LockBy::AutoLock => &[("CASEBOOK_AUTO_LOCK_SECONDS", "30"), ("CASEBOOK_TEST_LOCK_RELOADS", "0")],
            _ => &[("CASEBOOK_TEST_LOCK_RELOADS", "0")],
        };
        with_app(sb, env, async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, &passphrase).await?;
            app.wait("screen-diary").await?;
            // Opened without reading the marker back through WebDriver, screenshots or axe:
            // WebKit's automation keeps what it returns in the app process, which would count
            // against the app (the first traces of this test found exactly that).
            app.click_to_open("[data-testid=\"timeline-entry\"][data-entry-id=\"1\"]", "the entry", "screen-entry")
                .await?;
            app.poll(WAIT, "the entry's narrative on screen", || async {
                let shown = app
                    .js("const d = document.querySelector('[data-testid=\"entry-detail\"]'); \
                         return !!d && d.innerText.includes('bus stop again');")
                    .await?;
                Ok((shown == serde_json::Value::Bool(true)).then_some(()))
            })
            .await?;

            // The control: while unlocked, the dump must find the marker, or a zero later
            // would prove nothing.
            let needles = [passphrase.as_str(), marker.as_str()];
            let env_marker = format!("CASEBOOK_VAULT={}", sb.vault().display());
            let open = memdump::count_all(&env_marker, sb.dir(), &needles, "unlocked")?;
            ensure!(
                open.iter().map(|c| c.total(1)).sum::<usize>() > 0,
                "the dump of the unlocked app did not find the marker: the search itself is broken"
            );
            let before = web_processes(&open);

            lock(app, by).await;
            wait_for_fresh_page(&env_marker, &before)?;
            if matches!(by, LockBy::QuickExit) {
                ensure!(sb.window_mapped("Casebook")? == Some(false), "the window is visible after quick exit");
            }
            let locked = memdump::count_all(&env_marker, sb.dir(), &needles, "locked")?;
            if matches!(by, LockBy::QuickExit) {
                ensure!(sb.window_mapped("Casebook")? == Some(false), "the window came back after quick exit");
            }
            judge(&locked)
        })
        .await
    });
}

/// Locks the way the person would. The WebDriver command may fail: the web process it
/// talks to is being ended (that is the point), so its answer is not awaited as proof.
async fn lock(app: &App<'_>, by: LockBy) {
    let _ = match by {
        LockBy::Button => app.click("lock-button").await,
        LockBy::QuickExit => app.keys("\u{e00c}\u{e00c}").await,
        // No input from here on: the idle timer locks by itself (30 s: long enough that it
        // never fires while the entry is still being opened or the control read runs).
        LockBy::AutoLock => Ok(()),
    };
}

/// The pids of the web content processes among `counts`.
fn web_processes(counts: &[Counts]) -> Vec<u32> {
    counts.iter().filter(|c| c.proc.name.starts_with("WebKitWebProces")).map(|c| c.proc.pid).collect()
}

/// Waits until every web process that showed the diary is gone and a new one runs the
/// fresh unlock page, then a moment more for that page to load (it never saw the diary, so
/// waiting longer can only add its own harmless memory).
fn wait_for_fresh_page(env_marker: &str, before: &[u32]) -> Result<()> {
    let started = Instant::now();
    loop {
        let now = memdump::app_processes(env_marker)?;
        let web: Vec<u32> = now.iter().filter(|p| p.name.starts_with("WebKitWebProces")).map(|p| p.pid).collect();
        let fresh = web.iter().any(|p| !before.contains(p));
        let old_alive = web.iter().any(|p| before.contains(p));
        if fresh && !old_alive {
            println!("  web process {before:?} ended, {web:?} runs the fresh page");
            std::thread::sleep(Duration::from_secs(2));
            return Ok(());
        }
        ensure!(
            started.elapsed() < WAIT * 2,
            "the web process that showed the diary was not replaced after locking (before {before:?}, now {web:?})"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A vault with the given passphrase and one entry whose narrative holds the marker.
fn prepare_vault(sb: &Sandbox, passphrase: &str, marker: &str) -> Result<()> {
    // The harness reads the passphrase file it finds; writing it first sets this test's.
    std::fs::write(Path::new(&sb.passphrase_file_path()), passphrase)?;
    sb.init_vault()?;
    let narrative = format!("He was waiting at the bus stop again. {marker}");
    let add = ["add", "--kind", "sighting", "--title", "At the bus stop", "--at", "2026-11-20 08:10"];
    sb.cli(&[&add[..], &["--narrative", &narrative]].concat()).map_err(|e| fail!("preparing the vault: {e}"))?;
    Ok(())
}

/// 0 and 0 in every process of the app.
fn judge(locked: &[Counts]) -> Result<()> {
    let passphrase: usize = locked.iter().map(|c| c.total(0)).sum();
    let marker: usize = locked.iter().map(|c| c.total(1)).sum();
    println!("  after lock, all processes: passphrase {passphrase}, marker {marker}");
    ensure!(
        passphrase == 0 && marker == 0,
        "locked, yet the app's memory still holds the passphrase {passphrase} times and the marker {marker} times"
    );
    Ok(())
}

/// Lock button: nothing left.
#[test]
fn e2e_memory_after_lock_button_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-lock", LockBy::Button);
}

/// Quick exit (Escape twice): nothing left.
#[test]
fn e2e_memory_after_quick_exit_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-quickexit", LockBy::QuickExit);
}

/// Auto-lock: nothing left.
#[test]
fn e2e_memory_after_auto_lock_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-autolock", LockBy::AutoLock);
}
