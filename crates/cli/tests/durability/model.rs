//! The writing commands the harnesses run, and what each one's complete result looks like in
//! `list`/`info`: after an interrupted or failed command the vault must show exactly the state
//! before it or exactly its complete result, and the complete result whenever it said so.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{Bench, Outcome, Rng, Snapshot, run_killed_after, sms_backup};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    Add,
    Edit,
    Retract,
    Purge,
    Attach,
    Import,
    Export,
    Checkpoint,
    Passwd,
    Rekey,
}

pub const OPS: [Op; 10] = [
    Op::Add,
    Op::Edit,
    Op::Retract,
    Op::Purge,
    Op::Attach,
    Op::Import,
    Op::Export,
    Op::Checkpoint,
    Op::Passwd,
    Op::Rekey,
];

/// One command to run, and what its complete result looks like.
pub struct Plan {
    pub op: Op,
    pub args: Vec<String>,
    /// The entry it acts on, or the title it adds.
    pub target: Option<i64>,
    pub title: String,
    /// Where an export writes.
    pub pack: Option<std::path::PathBuf>,
    /// The passphrase file that opened the vault before the command.
    pub pass_before: std::path::PathBuf,
}

/// A vault, what it showed after the last command, and what the harness has seen.
pub struct Model {
    pub rng: Rng,
    pub bench: Bench,
    pub before: Snapshot,
    pub round: u64,
    /// Texts per import, bytes per attachment.
    pub sms: u64,
    pub attach_bytes: usize,
    attach_file: PathBuf,
    _attach_dir: tempfile::TempDir,
    /// Exports whose pack was placed but whose record was not committed.
    pub packs_unlogged: u64,
    /// Re-keys stopped after the new recovery key was shown but before the commit: the old
    /// key still opens the vault.
    pub rekey_shown_uncommitted: u64,
    /// Re-keys stopped after the commit but before they said done: the shown key opens it.
    pub rekey_committed_unsaid: u64,
    pub fresh_vaults: u64,
}

impl Model {
    pub fn new(mut rng: Rng, sms: u64, attach_bytes: usize) -> Model {
        let attach_dir = tempfile::tempdir().unwrap();
        let attach_file = attach_dir.path().join("video.bin");
        std::fs::write(&attach_file, crate::support::noise(&mut rng, attach_bytes)).unwrap();
        let bench = fresh_bench();
        let before = bench.snapshot();
        Model {
            rng,
            bench,
            before,
            round: 0,
            sms,
            attach_bytes,
            attach_file,
            _attach_dir: attach_dir,
            packs_unlogged: 0,
            rekey_shown_uncommitted: 0,
            rekey_committed_unsaid: 0,
            fresh_vaults: 1,
        }
    }

    /// A vault grown large (imports, attachments) slows every check: starts a new one. It may
    /// hold up to three small imports (so purges of imported entries are exercised) but not a
    /// second large one (`make soak`'s 100,000 texts: the rounds after a large import that
    /// completed check and list a fresh vault), and a few large attachments.
    pub fn maybe_fresh_vault(&mut self) {
        let size = std::fs::metadata(&self.bench.vault).map(|m| m.len()).unwrap_or(0);
        let entries = self.before.entries.len() as u64;
        if entries > 3 * self.sms.min(2_000) + 100 || size > 4 * self.attach_bytes as u64 + (64 << 20) {
            self.bench = fresh_bench();
            self.before = self.bench.snapshot();
            self.fresh_vaults += 1;
        }
    }

    pub fn plan(&mut self, wanted: Op) -> Plan {
        let active = self.before.active();
        let op = if active.len() < 3 && matches!(wanted, Op::Edit | Op::Retract | Op::Purge | Op::Attach | Op::Export) {
            Op::Add
        } else {
            wanted
        };
        let r = self.round;
        let target = if active.is_empty() { None } else { Some(*self.rng.pick(&active)) };
        let id = target.map(|t| t.to_string()).unwrap_or_default();
        let title = format!("round {r}");
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let mut pack = None;
        let mut args = match op {
            Op::Add => s(&["add", "--kind", "call", "--title", &title, "--narrative", "Rang at 2am again."]),
            Op::Edit => s(&["edit", &id, "--reason", "corrected", "--title", &title]),
            Op::Retract => s(&["retract", &id, "--reason", "wrong day"]),
            Op::Purge => s(&["purge", &id, "--yes", "--reason", "not mine to keep"]),
            Op::Attach => s(&["attach", &id, &self.attach_file.to_string_lossy()]),
            Op::Import => {
                let file = self.bench.path(&format!("sms-{r}.xml"));
                std::fs::write(&file, sms_backup(self.sms, &format!("r{r}"))).unwrap();
                s(&["import", &file.to_string_lossy(), "--all", "--utc-offset", "+00:00"])
            }
            Op::Export => {
                let dir = self.bench.path("packs");
                std::fs::create_dir_all(&dir).unwrap();
                let p = dir.join(format!("pack-{r}.zip"));
                // The entries with attachments first, so the pack carries the large file.
                let mut chosen: Vec<i64> =
                    active.iter().copied().filter(|i| self.before.entries[i].attachments > 0).take(2).collect();
                let others: Vec<i64> = active.iter().copied().filter(|i| !chosen.contains(i)).take(3).collect();
                chosen.extend(others);
                let mut a = s(&["export", "--out", &p.to_string_lossy()]);
                for i in chosen {
                    a.push("--entry".into());
                    a.push(i.to_string());
                }
                pack = Some(p);
                a
            }
            Op::Checkpoint => s(&["checkpoint"]),
            Op::Passwd => s(&["passwd", "--new-passphrase-file", &self.bench.other_pass.to_string_lossy()]),
            Op::Rekey => s(&["rekey"]),
        };
        args.push("--json".into());
        if op == Op::Import {
            // Remove the previous round's file (the vault keeps its own copy).
            let _ = std::fs::remove_file(self.bench.path(&format!("sms-{}.xml", r.wrapping_sub(OPS.len() as u64))));
        }
        Plan { op, args, target, title, pack, pass_before: self.bench.pass.clone() }
    }

    /// Checks the vault after the command (killed or failed or done); returns whether its complete result is there.
    pub fn verify(&mut self, plan: &Plan, out: &Outcome, acknowledged: bool, ctx: &str) -> bool {
        let ctx = format!("{ctx}: killed {} after {:?}, acknowledged {acknowledged}", out.killed, out.elapsed);
        // Which passphrase opens it now (passwd may have switched it).
        if !self.bench.opens_with("--passphrase-file", &self.bench.pass) {
            assert!(
                self.bench.opens_with("--passphrase-file", &self.bench.other_pass),
                "{ctx}: neither the old nor the new passphrase opens the vault"
            );
            std::mem::swap(&mut self.bench.pass, &mut self.bench.other_pass);
        }
        let check = self.bench.check_clean();
        assert_eq!(check.code, Some(0), "{ctx}: check failed after the kill: {check:?}");
        let after = self.bench.snapshot();
        let before = std::mem::replace(&mut self.before, after.clone());
        let done = match plan.op {
            Op::Passwd => {
                let switched = self.bench.pass != plan.pass_before;
                self.same_entries(&before, &after, &ctx);
                let records_ok = after.records == before.records + i64::from(switched);
                assert!(records_ok, "{ctx}: passwd: records {} -> {}", before.records, after.records);
                switched
            }
            Op::Rekey => self.verify_rekey(&before, &after, out, acknowledged, &ctx),
            Op::Export => self.verify_export(plan, &before, &after, out, acknowledged, &ctx),
            _ => {
                if after == before {
                    false
                } else {
                    let complete = complete(plan, &before, &after, self.sms);
                    assert!(
                        complete,
                        "{ctx}: half-done or wrong state after {:?}:\nbefore {before:?}\nafter {after:?}",
                        plan.args
                    );
                    if plan.op == Op::Add && acknowledged && out.code == Some(0) {
                        let v: Value = serde_json::from_str(&out.stdout).unwrap_or(Value::Null);
                        let printed = v["id"].as_i64();
                        let new: Vec<_> = after.entries.keys().filter(|k| !before.entries.contains_key(k)).collect();
                        assert!(
                            printed.is_none() || new == [&printed.unwrap()],
                            "{ctx}: add printed {v} but added {new:?}"
                        );
                    }
                    true
                }
            }
        };
        assert!(!acknowledged || done, "{ctx}: reported done, but the result is not in the vault (lost)");
        done
    }

    fn same_entries(&self, before: &Snapshot, after: &Snapshot, ctx: &str) {
        assert_eq!(before.entries, after.entries, "{ctx}: the entries changed");
    }

    fn verify_rekey(&mut self, before: &Snapshot, after: &Snapshot, out: &Outcome, ack: bool, ctx: &str) -> bool {
        self.same_entries(before, after, ctx);
        let rotated = after.records == before.records + 1;
        assert!(
            rotated || after.records == before.records,
            "{ctx}: rekey: records {} -> {}",
            before.records,
            after.records
        );
        // `rekey --json` prints the new key (`"state": "shown"`) before its commit and again
        // (`"in_use"`) after it; whatever a killed run printed is what the person saw.
        let printed: Vec<Value> = out.stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        let shown = printed.iter().find_map(|v| v["recovery_key"].as_str().map(str::to_owned));
        let said_done = printed.iter().any(|v| v["state"] == "in_use");
        assert!(!ack || said_done, "{ctx}: rekey exited 0 without saying the new key is in use: {out:?}");
        assert!(!said_done || rotated, "{ctx}: rekey said the new key is in use but no rotation was recorded");
        if rotated {
            let key = shown.unwrap_or_else(|| panic!("{ctx}: the re-key committed before the new key was shown"));
            std::fs::write(&self.bench.recovery, key).unwrap();
            self.bench.recovery_known = true;
            assert!(
                self.bench.opens_with("--recovery-key-file", &self.bench.recovery),
                "{ctx}: the recovery key rekey showed does not open the vault"
            );
            self.rekey_committed_unsaid += u64::from(!said_done);
        } else {
            assert!(self.bench.recovery_known, "{ctx}: no recovery key known before the re-key");
            assert!(
                self.bench.opens_with("--recovery-key-file", &self.bench.recovery),
                "{ctx}: the re-key did not commit, yet the old recovery key no longer opens the vault"
            );
            if let Some(key) = shown {
                let file = self.bench.path("shown-not-used.txt");
                std::fs::write(&file, key).unwrap();
                assert!(
                    !self.bench.opens_with("--recovery-key-file", &file),
                    "{ctx}: a key shown by an uncommitted re-key opens the vault"
                );
                self.rekey_shown_uncommitted += 1;
            }
        }
        rotated
    }

    fn verify_export(
        &mut self,
        plan: &Plan,
        before: &Snapshot,
        after: &Snapshot,
        out: &Outcome,
        ack: bool,
        ctx: &str,
    ) -> bool {
        self.same_entries(before, after, ctx);
        let logged = after.records == before.records + 1;
        assert!(
            logged || after.records == before.records,
            "{ctx}: export: records {} -> {}",
            before.records,
            after.records
        );
        let pack = plan.pack.as_ref().unwrap();
        let placed = pack.exists();
        if placed {
            let mut cmd = self.bench.bare(&["verify", &pack.to_string_lossy()]);
            cmd.env_remove("CASEBOOK_INSECURE_TEST_KDF");
            let v = run_killed_after(cmd, None);
            assert_eq!(v.code, Some(0), "{ctx}: the placed pack does not verify: {v:?}");
        }
        assert!(!logged || placed, "{ctx}: the export was logged but no pack is there");
        if ack {
            assert!(placed && logged, "{ctx}: export reported done: placed {placed}, logged {logged}");
        } else if !out.killed {
            // It failed and lived to say so ("no pack was made there and nothing was
            // recorded"): only a kill may leave a placed pack the vault does not log.
            assert!(!placed, "{ctx}: the export failed, yet left a pack in place (logged {logged}): {out:?}");
        }
        if placed && !logged {
            self.packs_unlogged += 1;
        }
        // Nothing else may be left in the pack folder (a temporary with evidence in it).
        for entry in std::fs::read_dir(pack.parent().unwrap()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name.starts_with("pack-") && name.ends_with(".zip"),
                "{ctx}: left behind in the pack folder: {name}"
            );
        }
        placed && logged
    }
}

/// A new vault with a few entries to act on.
fn fresh_bench() -> Bench {
    let b = Bench::with_vault(None);
    for i in 0..4 {
        let out = b.run(&["add", "--kind", "call", "--title", &format!("seed entry {i}"), "--json"]);
        assert_eq!(out.code, Some(0), "{out:?}");
    }
    b
}

/// Is `after` exactly `before` with the plan's complete result?
fn complete(plan: &Plan, before: &Snapshot, after: &Snapshot, sms: u64) -> bool {
    let mut expect = before.entries.clone();
    let records = match plan.op {
        Op::Add => {
            let new: Vec<_> = after.entries.keys().filter(|k| !before.entries.contains_key(k)).copied().collect();
            let [id] = new[..] else { return false };
            let e = &after.entries[&id];
            if e.title != plan.title || e.revision != 1 || e.retracted || e.attachments != 0 {
                return false;
            }
            expect.insert(id, e.clone());
            1
        }
        Op::Edit => {
            let e = expect.get_mut(&plan.target.unwrap()).unwrap();
            e.title.clone_from(&plan.title);
            e.revision += 1;
            1
        }
        Op::Retract => {
            expect.get_mut(&plan.target.unwrap()).unwrap().retracted = true;
            1
        }
        Op::Purge => {
            let gone = expect.remove(&plan.target.unwrap()).unwrap();
            // Purging an imported item also re-cuts the export file it came from, in the same
            // transaction (a second record), unless that file was purged already.
            if gone.imported && after.records == before.records + 2 { 2 } else { 1 }
        }
        Op::Attach => {
            expect.get_mut(&plan.target.unwrap()).unwrap().attachments += 1;
            1
        }
        Op::Import => {
            let new: Vec<_> = after.entries.keys().filter(|k| !before.entries.contains_key(k)).copied().collect();
            if new.len() as u64 != sms + 1 {
                return false;
            }
            for id in new {
                expect.insert(id, after.entries[&id].clone());
            }
            after.records - before.records
        }
        Op::Checkpoint => 1,
        Op::Export | Op::Passwd | Op::Rekey => unreachable!("checked on their own"),
    };
    expect == after.entries && after.records == before.records + records && records > 0
}
