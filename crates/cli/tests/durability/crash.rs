//! SIGKILL at random moments of every writing command (issue 11, item 2).
//!
//! Rounds cycle through add, edit, retract, purge, attach (a large file), import (a large SMS
//! export), export, checkpoint, passwd and rekey on one test-KDF vault; each process is killed
//! after a seeded random delay scattered over how long that command takes here. After every
//! round: the vault opens, `check` passes, and what `list`/`info` show is exactly the state
//! before the command or exactly its complete result; when the command had reported success,
//! its complete result. `passwd` must leave a vault that the old or the new passphrase opens;
//! `rekey` one that the passphrase opens and a recovery key the person was shown.
//!
//! `make test` runs a bounded number of kills on the debug binary; `make soak` runs 500+ on the
//! release binary with larger inputs (`CASEBOOK_CRASH_KILLS`, `CASEBOOK_CRASH_ATTACH_MIB`,
//! `CASEBOOK_CRASH_SMS`, `CASEBOOK_CRASH_SEED` to replay), split over `CASEBOOK_CRASH_JOBS`
//! harnesses running side by side, each on its own vaults with a seed derived from the printed
//! one, their tallies added up. A vault is replaced by a fresh one once it holds a large import
//! or a few large attachments (`Model::maybe_fresh_vault`), so the checks after every kill stay
//! quick; the commands killed are the same size throughout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::model::{Model, OPS, Op};
use crate::support::{Rng, env_number, run_killed_after, seed};

#[derive(Default, Clone, Copy)]
struct Tally {
    runs: u64,
    killed: u64,
    acknowledged: u64,
    /// Killed, and the complete result was there although it had not said so.
    done_unsaid: u64,
}

impl Tally {
    fn add(&mut self, t: &Tally) {
        self.runs += t.runs;
        self.killed += t.killed;
        self.acknowledged += t.acknowledged;
        self.done_unsaid += t.done_unsaid;
    }
}

struct Harness {
    kills: u64,
    ctx: String,
    m: Model,
    typical: BTreeMap<Op, Duration>,
    tally: BTreeMap<Op, Tally>,
}

#[test]
fn durability_sigkill_at_random_moments_loses_nothing_acknowledged() {
    let kills = env_number("CASEBOOK_CRASH_KILLS", 60);
    let attach_bytes = (env_number("CASEBOOK_CRASH_ATTACH_MIB", 2) as usize) << 20;
    let sms = env_number("CASEBOOK_CRASH_SMS", 600);
    // Harnesses run side by side, each on its own vaults with its own seed and its share of
    // the kills: `make soak` runs two, one per core.
    let jobs = env_number("CASEBOOK_CRASH_JOBS", 1).max(1);
    let seed = seed("CASEBOOK_CRASH_SEED");
    let ctx = format!(
        "seed {seed} (replay: CASEBOOK_CRASH_SEED={seed} CASEBOOK_CRASH_JOBS={jobs}), attach {} MiB, import {sms} texts",
        attach_bytes >> 20
    );
    eprintln!("crash harness: {ctx}, target {kills} kills over {jobs} harness(es) side by side");
    let started = Instant::now();
    let workers: Vec<_> = (0..jobs)
        .map(|job| {
            let share = kills / jobs + u64::from(job < kills % jobs);
            // Each harness its own seed, derived from the one printed.
            let seed = seed ^ job.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let ctx = if jobs == 1 { ctx.clone() } else { format!("{ctx}, harness {job}") };
            std::thread::spawn(move || {
                let m = Model::new(Rng(seed | 1), sms, attach_bytes);
                let mut h = Harness { kills: share, ctx, m, typical: BTreeMap::new(), tally: BTreeMap::new() };
                h.run();
                h
            })
        })
        .collect();
    let harnesses: Vec<Harness> =
        workers.into_iter().map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect();
    eprintln!("{}", report(&ctx, &harnesses, started.elapsed()));
    let killed: u64 = harnesses.iter().map(Harness::killed).sum();
    assert!(killed >= kills, "{ctx}: only {killed} kills");
}

/// Every harness's tally, added up, per command.
fn report(ctx: &str, harnesses: &[Harness], elapsed: Duration) -> String {
    let mut s = String::new();
    let _ =
        writeln!(s, "crash harness tally ({ctx}; {} harness(es), {:.0} s):", harnesses.len(), elapsed.as_secs_f64());
    let _ = writeln!(
        s,
        "  {:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
        "command", "runs", "killed", "acknowledged", "done-unsaid", "lost"
    );
    let sum = |op: Op| {
        harnesses.iter().filter_map(|h| h.tally.get(&op)).fold(Tally::default(), |mut a, t| {
            a.add(t);
            a
        })
    };
    let mut total = Tally::default();
    for op in OPS {
        let t = sum(op);
        let name = format!("{op:?}").to_lowercase();
        let _ = writeln!(
            s,
            "  {name:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
            t.runs, t.killed, t.acknowledged, t.done_unsaid, 0
        );
        total.add(&t);
    }
    let _ = writeln!(
        s,
        "  {:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
        "total", total.runs, total.killed, total.acknowledged, total.done_unsaid, 0
    );
    let count = |f: fn(&Model) -> u64| harnesses.iter().map(|h| f(&h.m)).sum::<u64>();
    let _ = writeln!(
        s,
        "  kills {}, acknowledged {}, lost 0; vaults used {}; packs placed but not yet logged when killed {}; \
         re-keys killed after showing the new key but before the commit (old key opens) {}, \
         after the commit but before saying done (shown key opens) {}",
        total.killed,
        total.acknowledged,
        count(|m| m.fresh_vaults),
        count(|m| m.packs_unlogged),
        count(|m| m.rekey_shown_uncommitted),
        count(|m| m.rekey_committed_unsaid)
    );
    s
}

impl Harness {
    /// Goes on until the kills are made and every command has been killed part-way at least
    /// once (a command whose first, timed run was slow can finish before most later kills land).
    fn run(&mut self) {
        let max_rounds = self.kills * 4 + 40;
        while (self.killed() < self.kills || self.some_op_never_killed()) && self.m.round < max_rounds {
            let op = OPS[(self.m.round % OPS.len() as u64) as usize];
            self.round(op);
            self.m.round += 1;
            if self.m.round.is_multiple_of(100) {
                eprintln!("crash harness ({}): {} rounds, {} kills so far", self.ctx, self.m.round, self.killed());
            }
        }
        assert!(self.killed() >= self.kills, "{}: only {} kills in {} rounds", self.ctx, self.killed(), self.m.round);
        for op in OPS {
            let t = self.tally.get(&op).copied().unwrap_or_default();
            assert!(t.killed > 0, "{}: {op:?} was never killed part-way", self.ctx);
        }
    }

    fn killed(&self) -> u64 {
        self.tally.values().map(|t| t.killed).sum()
    }

    fn some_op_never_killed(&self) -> bool {
        OPS.iter().any(|op| self.tally.get(op).is_none_or(|t| t.killed == 0))
    }

    fn round(&mut self, wanted: Op) {
        self.m.maybe_fresh_vault();
        let plan = self.m.plan(wanted);
        let ctx = format!("{}, round {} ({:?})", self.ctx, self.m.round, plan.op);
        // The first run of each command is timed uninterrupted; later ones are killed at a
        // random moment of up to 1.3 times that.
        let delay = self.typical.get(&plan.op).map(|t| {
            let us = (t.as_micros() as u64 * 13 / 10).max(2_000);
            Duration::from_micros(self.m.rng.below(us))
        });
        let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
        let out = run_killed_after(self.m.bench.cmd(&args), delay);
        if !out.killed {
            assert_eq!(out.code, Some(0), "{ctx}: the command failed without being killed: {out:?}");
            // Follow the command's time closely: a slow first run (a cold cache, a busy
            // machine) would otherwise set kill moments after most runs have finished.
            let t = self.typical.entry(plan.op).or_insert(out.elapsed);
            *t = (*t + out.elapsed) / 2;
        }
        // Told done: exit 0, or the JSON result printed before the kill landed (a re-key prints
        // its key before the commit, `"state": "shown"`; only its `"in_use"` line says done).
        let acknowledged = out.code == Some(0)
            || match plan.op {
                Op::Rekey => out.stdout.contains("\"in_use\""),
                _ => serde_json::from_str::<Value>(&out.stdout).is_ok(),
            };
        let done = self.m.verify(&plan, &out, acknowledged, &ctx);
        let t = self.tally.entry(plan.op).or_default();
        t.runs += 1;
        t.killed += u64::from(out.killed);
        t.acknowledged += u64::from(acknowledged);
        t.done_unsaid += u64::from(out.killed && !acknowledged && done);
    }
}
