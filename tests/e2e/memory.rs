//! Lock means gone (issue 17): after Lock, no process of the app still holds the passphrase
//! or a word of the evidence. The app is unlocked by typing the passphrase into the real
//! unlock screen, an entry holding a marker is opened, the diary is locked, and then every
//! process of the app is dumped with gcore and searched in UTF-8 and UTF-16LE (WebKit keeps
//! much of its text as UTF-16), as root on the running laptop could.
//!
//! Not yet part of `make test` (ignored): the lock does not yet end the web content process,
//! so the counts after lock are not 0 (issue 17 measured 3 passphrase and 72-94 marker hits).
//! Run by hand with `cargo test -p casebook-e2e --test app -- --ignored e2e_memory`.
//!
//! Needs root (gcore attaches with ptrace); skipped with the reason printed otherwise. The
//! drivers that automate the app (tauri-driver, WebKitWebDriver) are not the app and are not
//! dumped: they carry the typed passphrase only because a test types it.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use casebook_e2e::memdump::{self, Counts};
use casebook_e2e::session::{App, Sandbox, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};

use super::{open_entry, submit_unlock, wait_text};

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
            LockBy::AutoLock => &[("CASEBOOK_AUTO_LOCK_SECONDS", "4")],
            _ => &[],
        };
        with_app(sb, env, async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, &passphrase).await?;
            app.wait("screen-diary").await?;
            open_entry(app, 1, "entry-with-marker").await?;
            wait_text(app, "entry-detail", &marker).await?;

            // The control: while unlocked, the dump must find the marker, or a zero later
            // would prove nothing.
            let needles = [passphrase.as_str(), marker.as_str()];
            let env_marker = format!("CASEBOOK_VAULT={}", sb.vault().display());
            let open = memdump::count_all(&env_marker, sb.dir(), &needles, "unlocked")?;
            ensure!(
                open.iter().map(|c| c.total(1)).sum::<usize>() > 0,
                "the dump of the unlocked app did not find the marker: the search itself is broken"
            );

            lock(app, by).await?;
            let locked = memdump::count_all(&env_marker, sb.dir(), &needles, "locked")?;
            judge(&locked)
        })
        .await
    });
}

async fn lock(app: &App<'_>, by: LockBy) -> Result<()> {
    match by {
        LockBy::Button => app.click("lock-button").await?,
        LockBy::QuickExit => app.keys("\u{e00c}\u{e00c}").await?,
        // No input from here on: the idle timer locks by itself.
        LockBy::AutoLock => {}
    }
    app.poll(WAIT * 2, "the unlock screen after locking", || async {
        Ok(app.present("screen-unlock").await.unwrap_or(false).then_some(()))
    })
    .await?;
    ensure!(!super::unlocked(app).await?, "the shell is still unlocked");
    Ok(())
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
#[ignore = "waits for the lock to end the web process (src-tauri/src/fresh_page.rs, not wired yet); run with --ignored"]
fn e2e_memory_after_lock_button_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-lock", LockBy::Button);
}

/// Quick exit (Escape twice): nothing left.
#[test]
#[ignore = "waits for the lock to end the web process (src-tauri/src/fresh_page.rs, not wired yet); run with --ignored"]
fn e2e_memory_after_quick_exit_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-quickexit", LockBy::QuickExit);
}

/// Auto-lock: nothing left.
#[test]
#[ignore = "waits for the lock to end the web process (src-tauri/src/fresh_page.rs, not wired yet); run with --ignored"]
fn e2e_memory_after_auto_lock_holds_no_passphrase_or_evidence() {
    lock_then_dump("memory-autolock", LockBy::AutoLock);
}
