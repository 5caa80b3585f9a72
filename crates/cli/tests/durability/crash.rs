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
//! `CASEBOOK_CRASH_SMS`, `CASEBOOK_CRASH_SEED` to replay).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

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
    let seed = seed("CASEBOOK_CRASH_SEED");
    let ctx = format!(
        "seed {seed} (replay: CASEBOOK_CRASH_SEED={seed}), attach {} MiB, import {sms} texts",
        attach_bytes >> 20
    );
    eprintln!("crash harness: {ctx}, target {kills} kills");
    let m = Model::new(Rng(seed), sms, attach_bytes);
    let mut h = Harness { kills, ctx, m, typical: BTreeMap::new(), tally: BTreeMap::new() };
    let max_rounds = h.kills * 4 + 40;
    // Go on until the kills are made and every command has been killed part-way at least once
    // (a command whose first, timed run was slow can finish before most later kills land).
    while (h.killed() < h.kills || h.some_op_never_killed()) && h.m.round < max_rounds {
        let op = OPS[(h.m.round % OPS.len() as u64) as usize];
        h.round(op);
        h.m.round += 1;
        if h.m.round.is_multiple_of(100) {
            eprintln!("crash harness: {} rounds, {} kills so far", h.m.round, h.killed());
        }
    }
    let report = h.report();
    eprintln!("{report}");
    assert!(h.killed() >= h.kills, "{}: only {} kills in {} rounds", h.ctx, h.killed(), h.m.round);
    for op in OPS {
        let t = h.tally.get(&op).copied().unwrap_or_default();
        assert!(t.killed > 0, "{}: {op:?} was never killed part-way", h.ctx);
    }
}

impl Harness {
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

    fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "crash harness tally ({}):", self.ctx);
        let _ = writeln!(
            s,
            "  {:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
            "command", "runs", "killed", "acknowledged", "done-unsaid", "lost"
        );
        let mut total = Tally::default();
        for op in OPS {
            let t = self.tally.get(&op).copied().unwrap_or_default();
            let name = format!("{op:?}").to_lowercase();
            let _ = writeln!(
                s,
                "  {name:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
                t.runs, t.killed, t.acknowledged, t.done_unsaid, 0
            );
            total.runs += t.runs;
            total.killed += t.killed;
            total.acknowledged += t.acknowledged;
            total.done_unsaid += t.done_unsaid;
        }
        let _ = writeln!(
            s,
            "  {:<11} {:>5} {:>7} {:>13} {:>11} {:>5}",
            "total", total.runs, total.killed, total.acknowledged, total.done_unsaid, 0
        );
        let _ = writeln!(
            s,
            "  kills {}, acknowledged {}, lost 0; vaults used {}; packs placed but not yet logged when killed {}; \
             re-keys killed after showing the new key but before the commit (old key opens) {}, \
             after the commit but before saying done (shown key opens) {}",
            total.killed,
            total.acknowledged,
            self.m.fresh_vaults,
            self.m.packs_unlogged,
            self.m.rekey_shown_uncommitted,
            self.m.rekey_committed_unsaid
        );
        s
    }
}
