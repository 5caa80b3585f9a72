//! SIGKILL during `casebook migrate` (issue 11, item 2): a format-1 vault (the committed fixture,
//! grown by a large attachment) is migrated again and again from the same copy, each run killed
//! at a random moment. Afterwards the vault is in format 1 or format 2, never between: both the
//! passphrase and the recovery key open it, `check` passes, every entry is as before, a backup
//! beside it (if any) is whole, and a migration that was stopped completes when run again.
//!
//! `CASEBOOK_MIGRATE_KILLS` (default 20; `make soak` 100), `CASEBOOK_CRASH_ATTACH_MIB`,
//! `CASEBOOK_CRASH_SEED` to replay.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::support::{Bench, Rng, Snapshot, env_number, noise, run_killed_after, seed};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/vaults").join(name)
}

/// A bench whose vault is a copy of `template` (and its WAL, if any), with the fixture's
/// passphrase and recovery key.
fn copy_of(template: &Path) -> Bench {
    let mut b = Bench::new_in(None);
    std::fs::copy(template, &b.vault).unwrap();
    let wal = PathBuf::from(format!("{}-wal", template.display()));
    if wal.exists() {
        std::fs::copy(&wal, format!("{}-wal", b.vault.display())).unwrap();
    }
    std::fs::copy(fixture("format1-diary.recovery"), &b.recovery).unwrap();
    b.recovery_known = true;
    b
}

fn format_of(b: &Bench) -> i64 {
    b.json_clean(&["info"])["format_version"].as_i64().unwrap()
}

/// Files `migrate` left beside the vault: (backups, named temporaries of a killed backup).
fn left_beside(b: &Bench) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut backups, mut temps) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(b.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains(".casebook-tmp-") {
            temps.push(path);
        } else if name.contains("backup") {
            backups.push(path);
        }
    }
    backups.sort();
    (backups, temps)
}

#[test]
fn durability_sigkill_during_migrate_leaves_the_old_or_the_new_vault() {
    let kills = env_number("CASEBOOK_MIGRATE_KILLS", 20);
    let attach_bytes = (env_number("CASEBOOK_CRASH_ATTACH_MIB", 2) as usize * 2) << 20;
    let seed = seed("CASEBOOK_CRASH_SEED");
    let mut rng = Rng(seed);
    let ctx = format!("seed {seed} (replay: CASEBOOK_CRASH_SEED={seed}), a {} MiB attachment", attach_bytes >> 20);
    eprintln!("migrate harness: {ctx}, target {kills} kills");

    // The template: the committed format-1 fixture with a large attachment added by this build
    // (which keeps a format-1 vault in format 1 until it is migrated).
    let template = copy_of(&fixture("format1-diary.casebook"));
    let photo = template.path("video.bin");
    std::fs::write(&photo, noise(&mut rng, attach_bytes)).unwrap();
    let out = template.run(&["attach", "1", &photo.to_string_lossy(), "--json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(format_of(&template), 1, "the template must still be format 1");
    let before: Snapshot = template.snapshot();

    // One whole migration, timed, to know when to kill.
    let whole = copy_of(&template.vault);
    let out = run_killed_after(whole.cmd(&["migrate", "--json"]), None);
    assert_eq!(out.code, Some(0), "{out:?}");
    let typical = out.elapsed;
    assert_eq!(format_of(&whole), 2);

    let (mut killed, mut acknowledged, mut left_old, mut left_new, mut backups_seen, mut rounds) = (0, 0, 0, 0, 0, 0);
    let mut temps_seen = 0;
    while killed < kills && rounds < kills * 4 {
        rounds += 1;
        let b = copy_of(&template.vault);
        let us = (typical.as_micros() as u64 * 13 / 10).max(2_000);
        let out = run_killed_after(b.cmd(&["migrate", "--json"]), Some(Duration::from_micros(rng.below(us))));
        let here = format!("{ctx}, round {rounds}: killed {} after {:?}", out.killed, out.elapsed);
        if !out.killed {
            assert_eq!(out.code, Some(0), "{here}: migrate failed without being killed: {out:?}");
        }
        killed += u64::from(out.killed);
        let ack = out.code == Some(0) || serde_json::from_str::<Value>(&out.stdout).is_ok();
        acknowledged += u64::from(ack);

        // Both keys open it, whichever format it is in.
        assert!(b.opens_with("--passphrase-file", &b.pass), "{here}: the passphrase no longer opens the vault");
        assert!(b.opens_with("--recovery-key-file", &b.recovery), "{here}: the recovery key no longer opens the vault");
        let check = b.check_clean();
        assert_eq!(check.code, Some(0), "{here}: check after the kill: {check:?}");
        let format = format_of(&b);
        let after = b.snapshot();
        assert_eq!(after.entries, before.entries, "{here}: the entries changed");
        match format {
            1 => {
                assert!(!ack, "{here}: migrate reported done but the vault is still format 1");
                assert_eq!(after.records, before.records, "{here}: format 1 but the records changed");
                left_old += 1;
            }
            2 => {
                assert_eq!(after.records, before.records + 1, "{here}: format 2 without its ledger record");
                left_new += 1;
            }
            other => panic!("{here}: format {other}"),
        }
        // A backup beside it is whole: it opens, checks out and holds the format-1 vault.
        // A killed backup may leave a named temporary (the SQLite backup API needs a name):
        // private, and removed by the next run that makes a file in that folder (below).
        let (backups, temps) = left_beside(&b);
        for t in &temps {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(t).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{here}: the temporary {} is readable by others", t.display());
            temps_seen += 1;
        }
        for backup in backups {
            backups_seen += 1;
            let bb = copy_of(&backup);
            let check = bb.check_clean();
            assert_eq!(check.code, Some(0), "{here}: the backup {} does not check out: {check:?}", backup.display());
            assert_eq!(format_of(&bb), 1, "{here}: the backup is not the format-1 vault");
            assert_eq!(bb.snapshot(), before, "{here}: the backup differs from the vault before");
        }
        // A stopped migration completes when run again.
        if format == 1 {
            let again = b.run(&["migrate", "--json"]);
            assert_eq!(again.code, Some(0), "{here}: migrate again after the kill: {again:?}");
            assert_eq!(format_of(&b), 2, "{here}: migrate again did not reach format 2");
            assert_eq!(b.snapshot().entries, before.entries, "{here}: migrate again changed the entries");
            let (_, temps) = left_beside(&b);
            assert!(temps.is_empty(), "{here}: the next migrate left the killed run's temporaries: {temps:?}");
        }
    }
    eprintln!(
        "migrate harness tally ({ctx}): {rounds} runs, kills {killed}, acknowledged {acknowledged}, left in format 1 \
         {left_old}, in format 2 {left_new}, backups checked {backups_seen}, private temporaries left by a kill {temps_seen} (swept by the next run), lost 0"
    );
    assert!(killed >= kills, "{ctx}: only {killed} kills in {rounds} runs");
}
