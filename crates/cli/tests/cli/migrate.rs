//! `casebook migrate` on the committed format-1 vaults: other commands keep working on a
//! format-1 vault and say that `migrate` exists; `migrate` makes a backup, converts, and is
//! recorded; a SIGKILL at any moment leaves a vault that opens and checks out, in format 1
//! or 2, with every entry there.

use crate::common::ExitStatusExt;
use std::io::Read;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::common::Env;

const KILLS: usize = 8;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/vaults").join(name)
}

fn format_of(env: &Env) -> i64 {
    env.json(&["info"])["format_version"].as_i64().unwrap()
}

#[test]
fn a_format1_vault_works_says_migrate_exists_and_migrates_once() {
    let env = Env::new();
    std::fs::copy(fixture("format1-diary.casebook"), &env.vault).unwrap();
    let listed = env.ok(&["list"]);
    assert!(listed.stderr.contains("casebook migrate"), "{listed:?}");
    assert_eq!(format_of(&env), 1);
    let entries = env.json(&["list"]);

    let done = env.ok(&["migrate"]);
    assert!(done.stdout.contains("now in format 2"), "{done:?}");
    assert!(!done.stderr.contains("casebook migrate"), "{done:?}");
    assert_eq!(format_of(&env), 2);
    let check = env.ok(&["check"]);
    assert!(!check.stderr.contains("casebook migrate"), "{check:?}");
    assert_eq!(env.json(&["list"]), entries, "the entries are unchanged");
    let backups: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("format1-backup"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");

    let again = env.ok(&["migrate"]);
    assert!(again.stdout.contains("already in format 2"), "{again:?}");
}

#[test]
#[cfg_attr(windows, ignore = "a SIGKILL is told by its signal; TerminateProcess exits 1 like a failure")]
fn a_sigkill_at_any_moment_of_migrate_leaves_a_vault_that_opens_in_one_format_or_the_other() {
    // A format-1 vault with a file large enough that the migration takes a while.
    let prepared = Env::new();
    std::fs::copy(fixture("format1-diary.casebook"), &prepared.vault).unwrap();
    let big: Vec<u8> = (0..8u32 * 1024 * 1024).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    let file = prepared.write("recording.bin", &big);
    prepared.ok(&["attach", "1", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    let entries = prepared.json(&["list"]);

    let fresh = || {
        let env = Env::new();
        std::fs::copy(&prepared.vault, &env.vault).unwrap();
        env
    };
    let timing = fresh();
    let start = Instant::now();
    timing.ok(&["migrate"]);
    let typical = start.elapsed();
    let max_delay_us = (typical.as_micros() as u64 * 5 / 4).max(20_000);
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut rng = seed;
    let ctx = format!("seed {seed:#x}, one migrate takes about {typical:?}");

    let (mut old, mut new) = (0, 0);
    for i in 0..KILLS {
        let env = fresh();
        let mut child = env.cmd(&["migrate"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_micros(rng % max_delay_us));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let mut stdout = String::new();
        child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
        assert!(status.success() || status.signal() == Some(9), "{ctx}: kill {i}: {status:?}");

        let check = env.run(&["check"]);
        assert_eq!(check.code, 0, "{ctx}: kill {i}: check: {check:?}");
        let format = format_of(&env);
        assert!(format == 1 || format == 2, "{ctx}: kill {i}: format {format}");
        if stdout.contains("now in format 2") {
            assert_eq!(format, 2, "{ctx}: kill {i}: reported done but the vault is format {format}");
        }
        if format == 1 {
            old += 1
        } else {
            new += 1
        }
        assert_eq!(env.json(&["list"]), entries, "{ctx}: kill {i}: the entries changed");
        // Whatever was left, migrating again finishes the job.
        env.ok(&["migrate"]);
        assert_eq!(format_of(&env), 2, "{ctx}: kill {i}");
    }
    eprintln!("{ctx}: {KILLS} kills: {old} left format 1, {new} left format 2");
}
