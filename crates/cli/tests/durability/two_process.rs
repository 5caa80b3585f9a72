//! Two programs writing to one vault at the same time (issue 11, item 6): two `casebook`
//! processes adding in a loop, and the desktop app's kind of session (one `Vault` unlocked and
//! kept open for the whole run, through `casebook-core`, in this test process) adding while the
//! CLI adds, attaches and imports. Every write either succeeds or is refused with "the vault is
//! open elsewhere" (exit 6); nothing acknowledged is lost, nothing refused is stored, every
//! number is given once, and `check` passes.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Bench, Outcome, env_number, noise, sms_backup};

/// What one attempted add came to.
enum Attempt {
    Saved(i64, String),
    Refused(String),
}

/// Runs `casebook add` `n` times with titles `"{who} {i}"`.
fn cli_adder(b: &Bench, who: &str, n: u64) -> Vec<Attempt> {
    (0..n)
        .map(|i| {
            let title = format!("{who} {i}");
            let out = b.run(&["add", "--kind", "call", "--title", &title, "--json"]);
            classify(&out, title)
        })
        .collect()
}

fn classify(out: &Outcome, title: String) -> Attempt {
    match out.code {
        Some(0) => {
            let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            Attempt::Saved(v["id"].as_i64().unwrap(), title)
        }
        Some(6) => {
            assert!(out.stderr.contains("open elsewhere"), "busy without saying so: {out:?}");
            assert!(out.stdout.is_empty(), "a refused add printed something: {out:?}");
            Attempt::Refused(title)
        }
        _ => panic!("an add alongside another program failed: {out:?}"),
    }
}

/// Every saved title is there under its number, no refused title is, numbers are unique.
fn verify(b: &Bench, attempts: &[Attempt], ctx: &str) -> (usize, usize) {
    let check = b.check_clean();
    assert_eq!(check.code, Some(0), "{ctx}: check after concurrent writers: {check:?}");
    let snap = b.snapshot();
    let titles: BTreeMap<&str, i64> = snap.entries.iter().map(|(id, e)| (e.title.as_str(), *id)).collect();
    let (mut saved, mut refused) = (0, 0);
    let mut ids = BTreeSet::new();
    for a in attempts {
        match a {
            Attempt::Saved(id, title) => {
                saved += 1;
                assert!(ids.insert(*id), "{ctx}: number {id} was given twice");
                assert_eq!(
                    titles.get(title.as_str()),
                    Some(id),
                    "{ctx}: {title:?} was reported saved as {id} but is not there"
                );
            }
            Attempt::Refused(title) => {
                refused += 1;
                assert!(!titles.contains_key(title.as_str()), "{ctx}: {title:?} was refused but stored");
            }
        }
    }
    (saved, refused)
}

#[test]
fn durability_two_cli_processes_adding_in_a_loop_lose_nothing() {
    let n = env_number("CASEBOOK_TWO_PROCESS_ADDS", 30);
    let b = Bench::with_vault(None);
    let attempts: Vec<Attempt> = std::thread::scope(|s| {
        let one = s.spawn(|| cli_adder(&b, "first", n));
        let two = s.spawn(|| cli_adder(&b, "second", n));
        let mut all = one.join().unwrap();
        all.extend(two.join().unwrap());
        all
    });
    let (saved, refused) = verify(&b, &attempts, "two CLI processes");
    eprintln!("two processes tally: 2 CLI processes x {n} adds: {saved} saved, {refused} refused as busy, lost 0");
}

/// The app keeps one `Vault` unlocked for the whole session; the CLI writes beside it.
#[cfg(feature = "test-kdf")]
#[test]
fn durability_an_open_app_session_and_the_cli_write_side_by_side() {
    use casebook_core::{Credential, EntryFields, EntryKind, KdfPolicy, SystemClock, Vault, VaultError};
    use casebook_crypto::Passphrase;
    use std::sync::atomic::{AtomicBool, Ordering};

    let n = env_number("CASEBOOK_TWO_PROCESS_ADDS", 30);
    let b = Bench::with_vault(None);
    let first = b.run(&["add", "--kind", "call", "--title", "the entry the photo goes with", "--json"]);
    assert_eq!(first.code, Some(0), "{first:?}");
    let mut rng = crate::support::Rng(0x5eed_1234_5678_9abd);
    let photo = b.path("photo.bin");
    std::fs::write(&photo, noise(&mut rng, 2 << 20)).unwrap();
    let sms = b.path("sms.xml");
    std::fs::write(&sms, sms_backup(500, "side-by-side")).unwrap();
    let cli_done = AtomicBool::new(false);
    let cli_done = &cli_done;
    let credential = Credential::Passphrase(Passphrase::new(crate::support::PASS_A.to_owned()));
    let mut session = Vault::unlock(&b.vault, credential, KdfPolicy::InsecureTestOnly, Box::new(SystemClock)).unwrap();

    let (app, cli, heavy) = std::thread::scope(|s| {
        let app = s.spawn(move || {
            let mut out = Vec::new();
            // Keeps adding until the CLI writers are done, so the two really overlap.
            for i in (0..n * 20).take_while(|i| *i < n || !cli_done.load(Ordering::SeqCst)) {
                let title = format!("app {i}");
                let now = chrono::Utc::now().fixed_offset();
                match session.add_entry(EntryFields::new(EntryKind::Call, title.clone(), now)) {
                    Ok(id) => out.push(Attempt::Saved(id, title)),
                    Err(VaultError::Busy) => out.push(Attempt::Refused(title)),
                    Err(e) => panic!("the app session's add failed: {e}"),
                }
                // The app's Check while the CLI commits: it must see one consistent state
                // (it once reported records committed mid-check as "removed").
                if i % 8 == 7 {
                    let report = session.check().unwrap();
                    assert!(
                        report.problems.is_empty(),
                        "the open session's check during CLI writes: {:?}",
                        report.problems
                    );
                }
                // A person saves now and then; a tight loop would only starve the other writer.
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            // The session sees what the CLI wrote meanwhile, and still checks the whole chain.
            let report = session.check().unwrap();
            assert!(report.problems.is_empty(), "the open session's check: {:?}", report.problems);
            out
        });
        let cli = s.spawn(|| {
            let r = cli_adder(&b, "cli", n);
            cli_done.store(true, Ordering::SeqCst);
            r
        });
        // Long writes beside them: an attachment and an import hold the write lock longest.
        let heavy = s.spawn(|| {
            let mut results = Vec::new();
            for args in [
                vec!["attach".to_owned(), "1".to_owned(), photo.to_string_lossy().into_owned()],
                vec![
                    "import".into(),
                    sms.to_string_lossy().into_owned(),
                    "--all".into(),
                    "--utc-offset".into(),
                    "+00:00".into(),
                ],
            ] {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let out = b.run(&[args.as_slice(), &["--json"]].concat());
                assert!(
                    out.code == Some(0) || (out.code == Some(6) && out.stderr.contains("open elsewhere")),
                    "{args:?} beside the app: {out:?}"
                );
                results.push(out.code == Some(0));
            }
            results
        });
        (app.join().unwrap(), cli.join().unwrap(), heavy.join().unwrap())
    });
    let app_ids: Vec<i64> =
        app.iter().filter_map(|a| if let Attempt::Saved(id, _) = a { Some(*id) } else { None }).collect();
    let interleaved = app_ids.windows(2).any(|w| w[1] != w[0] + 1);
    let mut attempts = app;
    attempts.extend(cli);
    let (saved, refused) = verify(&b, &attempts, "app session and CLI");
    let snap = b.snapshot();
    if heavy[0] {
        assert_eq!(snap.entries[&1].attachments, 1, "the attachment was reported saved but is not there");
    }
    let imported = snap.entries.values().filter(|e| e.imported).count();
    // 500 texts and the entry that keeps the export file itself.
    assert_eq!(imported, if heavy[1] { 501 } else { 0 }, "the import is all or nothing");
    eprintln!(
        "two processes tally: app session adding until the CLI's {n} adds are done + CLI x {n} adds + attach + import: {saved} saved, {refused} refused \
         as busy, attach {}, import {}, writes interleaved {interleaved}, lost 0",
        if heavy[0] { "saved" } else { "refused" },
        if heavy[1] { "saved" } else { "refused" }
    );
}
