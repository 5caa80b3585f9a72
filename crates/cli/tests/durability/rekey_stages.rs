//! `rekey` killed at every stage (issue 11, item 2; the re-key window): the fault shim's KILL
//! mode SIGKILLs the process just before its Nth write, pwrite, fsync or fdatasync, for every N
//! one run makes (the page writes sampled evenly when there are many). The stages between are
//! where a re-key can stop: before the new key is shown, shown but not committed, committed
//! (the WAL's fsync), checkpointed, vacuumed. After each kill the passphrase opens the vault,
//! `check` passes, and a recovery key the person was shown opens it: the old one until the
//! commit, the new one (printed before the commit) after it.
//!
//! `CASEBOOK_REKEY_PAGE_POINTS` (default 128: all of them, on the small vault used here) sets how many write and pwrite points are tried.

use std::collections::BTreeMap;

use crate::faults::{counts, shim};
use crate::model::{Model, Op};
use crate::support::{Rng, env_number, run_killed_after, seed};

#[derive(Default)]
struct Tally {
    kills: u64,
    /// Killed before the new key was printed.
    before_shown: u64,
    /// Printed, not committed: the old key opens.
    shown_not_committed: u64,
    /// Committed, not yet said: the printed key opens.
    committed_unsaid: u64,
    /// The kill point was past the end (the run finished first).
    finished: u64,
}

#[test]
fn durability_rekey_killed_at_every_stage_opens_by_passphrase_and_a_shown_recovery_key() {
    let page_points = env_number("CASEBOOK_REKEY_PAGE_POINTS", 128);
    let seed = seed("CASEBOOK_REKEY_SEED");
    let ctx = format!("rekey stages, seed {seed}");
    let mut m = Model::new(Rng(seed), 50, 256 << 10);
    // A vault with an attachment, so the re-key re-seals chunks too.
    let plan = m.plan(Op::Attach);
    let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
    let out = run_killed_after(m.bench.cmd(&args), None);
    assert_eq!(out.code, Some(0), "{ctx}: attach failed: {out:?}");
    m.verify(&plan, &out, true, &format!("{ctx}: attach"));

    // Count the calls one re-key makes.
    let report = m.bench.path("rekey-count.txt");
    let plan = m.plan(Op::Rekey);
    let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
    let mut cmd = m.bench.cmd(&args);
    cmd.env("LD_PRELOAD", shim()).env("CASEBOOK_FAULT_REPORT", &report);
    let out = run_killed_after(cmd, None);
    assert_eq!(out.code, Some(0), "{ctx}: rekey under the shim failed without a kill: {out:?}");
    m.verify(&plan, &out, true, &format!("{ctx}: counting run"));
    let seen = counts(&std::fs::read_to_string(&report).unwrap_or_default());

    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    for kind in ["fsync", "fdatasync", "write", "pwrite"] {
        let total = seen.get(kind).copied().unwrap_or(0);
        let points: Vec<u64> = if matches!(kind, "fsync" | "fdatasync") || total <= page_points {
            (1..=total).collect()
        } else {
            // Evenly spread, first and last included.
            let mut v: Vec<u64> = (0..page_points).map(|i| 1 + i * (total - 1) / (page_points - 1)).collect();
            v.dedup();
            v
        };
        for n in points {
            let here = format!("{ctx}: rekey killed before {kind} #{n} of {total}");
            let plan = m.plan(Op::Rekey);
            let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
            let mut cmd = m.bench.cmd(&args);
            cmd.env("LD_PRELOAD", shim())
                .env("CASEBOOK_FAULT_OP", kind)
                .env("CASEBOOK_FAULT_N", n.to_string())
                .env("CASEBOOK_FAULT_ERRNO", "KILL");
            let out = run_killed_after(cmd, None);
            let (shown_before, unsaid_before) = (m.rekey_shown_uncommitted, m.rekey_committed_unsaid);
            let t = tally.entry(kind).or_default();
            if out.code.is_some() {
                // The counts differ a little from run to run (the vault grows by one record):
                // a point past the end finishes normally.
                assert_eq!(out.code, Some(0), "{here}: {out:?}");
                t.finished += 1;
            } else {
                t.kills += 1;
            }
            m.verify(&plan, &out, out.code == Some(0), &here);
            m.round += 1;
            if out.code.is_none() {
                if m.rekey_shown_uncommitted > shown_before {
                    t.shown_not_committed += 1;
                } else if m.rekey_committed_unsaid > unsaid_before {
                    t.committed_unsaid += 1;
                } else if !out.stdout.contains("recovery_key") {
                    t.before_shown += 1;
                }
            }
        }
    }
    eprintln!("rekey stage tally ({ctx}; calls in one re-key: {seen:?}):");
    eprintln!(
        "  {:<10} {:>6} {:>13} {:>20} {:>17} {:>9} {:>5}",
        "killed at", "kills", "before shown", "shown, not committed", "committed, unsaid", "finished", "lost"
    );
    let mut kills = 0;
    let mut windows = (0, 0);
    for (kind, t) in &tally {
        eprintln!(
            "  {kind:<10} {:>6} {:>13} {:>20} {:>17} {:>9} {:>5}",
            t.kills, t.before_shown, t.shown_not_committed, t.committed_unsaid, t.finished, 0
        );
        kills += t.kills;
        windows.0 += t.shown_not_committed;
        windows.1 += t.committed_unsaid;
    }
    eprintln!("  kills {kills}, every one opened by the passphrase and by a recovery key it had shown; lost 0");
    assert!(kills > 0, "{ctx}: no kill landed (is the shim loaded?)");
    assert!(windows.0 > 0, "{ctx}: no kill landed between showing the key and the commit");
    assert!(windows.1 > 0, "{ctx}: no kill landed between the commit and saying done");
}
