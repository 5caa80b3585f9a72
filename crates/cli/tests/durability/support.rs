//! What the durability harnesses share: a seeded generator, the `casebook` binary on a test-KDF
//! vault, a process that may be killed part-way, and a snapshot of what the vault shows.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The two passphrases `passwd` switches between.
pub const PASS_A: &str = "correct horse battery staple";
pub const PASS_B: &str = "a different passphrase, changed under fire";

/// A number from the environment, or `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// The seed: `name` from the environment (to replay a failure), else the clock. Printed by the
/// caller, so every failure message can name it.
pub fn seed(name: &str) -> u64 {
    let fresh = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
    env_number(name, fresh) | 1
}

/// xorshift64: small, seeded, good enough to scatter kill times and pick operations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What a finished (or killed) process left.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Killed by our SIGKILL before it exited by itself.
    pub killed: bool,
    /// The exit code, when it exited by itself.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// How long it ran.
    pub elapsed: Duration,
}

impl Outcome {
    /// Exited 0 by itself, or printed its success line before the kill landed: either way the
    /// person was told it was done.
    pub fn acknowledged(&self, success_marker: &str) -> bool {
        self.code == Some(0) || (self.killed && !success_marker.is_empty() && self.stdout.contains(success_marker))
    }
}

/// A temp dir with a test-KDF vault and the files the commands read.
pub struct Bench {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    /// The passphrase file that opens the vault now (`passwd` switches it).
    pub pass: PathBuf,
    /// The other passphrase's file.
    pub other_pass: PathBuf,
    /// A file holding the recovery key that opens the vault now, if known.
    pub recovery: PathBuf,
    /// Whether `recovery` holds a key known to open the vault (set at `init`; a re-key shows
    /// its new key before it commits, so it stays known).
    pub recovery_known: bool,
}

impl Bench {
    /// An empty temp dir (in `parent` if given) with both passphrase files; no vault yet.
    pub fn new_in(parent: Option<&Path>) -> Bench {
        let dir = match parent {
            Some(p) => tempfile::tempdir_in(p).unwrap(),
            None => tempfile::tempdir().unwrap(),
        };
        let vault = dir.path().join("diary.casebook");
        let pass = dir.path().join("pass-a.txt");
        let other_pass = dir.path().join("pass-b.txt");
        std::fs::write(&pass, format!("{PASS_A}\n")).unwrap();
        std::fs::write(&other_pass, format!("{PASS_B}\n")).unwrap();
        let recovery = dir.path().join("recovery.txt");
        Bench { dir, vault, pass, other_pass, recovery, recovery_known: false }
    }

    /// A fresh vault (init run to completion, without the fault shim).
    pub fn with_vault(parent: Option<&Path>) -> Bench {
        let mut b = Bench::new_in(parent);
        b.init();
        b
    }

    /// Runs `init` and keeps the recovery key.
    pub fn init(&mut self) {
        let out = self.finish(self.cmd(&["init", "--json"]));
        assert_eq!(out.code, Some(0), "init failed: {out:?}");
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        std::fs::write(&self.recovery, v["recovery_key"].as_str().unwrap()).unwrap();
        self.recovery_known = true;
    }

    /// A path in the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with the test-KDF switch and nothing inherited that could point at a real
    /// vault; `--vault` given, no credential.
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_casebook"));
        cmd.env("CASEBOOK_INSECURE_TEST_KDF", "1")
            .env_remove("CASEBOOK_VAULT")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .arg("--vault")
            .arg(&self.vault)
            .args(args);
        cmd
    }

    /// The binary unlocking with the current passphrase.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare(args);
        cmd.arg("--passphrase-file").arg(&self.pass);
        cmd
    }

    /// Runs to completion.
    pub fn finish(&self, cmd: Command) -> Outcome {
        run_killed_after(cmd, None)
    }

    /// Runs with the current passphrase to completion.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.finish(self.cmd(args))
    }

    /// Runs without the fault shim, insists on exit 0, parses `--json` output.
    pub fn json_clean(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let cmd = self.cmd(&all);
        let out = self.finish(cmd);
        assert_eq!(out.code, Some(0), "casebook {all:?} failed: {out:?}");
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("bad JSON from {all:?}: {e}"))
    }

    /// `check`, without the fault shim: exit 0 and its verdict.
    pub fn check_clean(&self) -> Outcome {
        let cmd = self.cmd(&["check"]);
        self.finish(cmd)
    }

    /// What the vault shows now (read without the fault shim).
    pub fn snapshot(&self) -> Snapshot {
        let info = self.json_clean(&["info"]);
        let list = self.json_clean(&["list"]);
        let entries = list
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let id = e["id"].as_i64().unwrap();
                let view = EntryView {
                    title: e["fields"]["title"].as_str().unwrap_or_default().to_owned(),
                    revision: e["revision"].as_i64().unwrap(),
                    retracted: !e["retracted"].is_null(),
                    attachments: e["attachments"].as_i64().unwrap_or(0),
                    imported: e["fields"]["source"]["type"] == "import",
                };
                (id, view)
            })
            .collect();
        Snapshot { records: info["records"].as_i64().unwrap(), entries }
    }

    /// Does `file` (a passphrase or recovery-key file) open the vault? Exit 3 is "no"; any other
    /// failure is a harness failure.
    pub fn opens_with(&self, flag: &str, file: &Path) -> bool {
        let mut cmd = self.bare(&["info"]);
        cmd.arg(flag).arg(file);
        let out = self.finish(cmd);
        match out.code {
            Some(0) => true,
            Some(3) => false,
            _ => panic!("info {flag} {} neither opened nor refused the key: {out:?}", file.display()),
        }
    }
}

/// One entry as `list --json` shows it (purged entries are not listed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryView {
    pub title: String,
    pub revision: i64,
    pub retracted: bool,
    pub attachments: i64,
    /// An item from an import (its purge also re-cuts the kept export file: two records).
    pub imported: bool,
}

/// The vault as the person sees it: the record count and every listed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub records: i64,
    pub entries: BTreeMap<i64, EntryView>,
}

impl Snapshot {
    /// Listed entries that are neither retracted nor purged.
    pub fn active(&self) -> Vec<i64> {
        self.entries.iter().filter(|(_, e)| !e.retracted).map(|(id, _)| *id).collect()
    }
}

/// Spawns `cmd` with piped output and SIGKILLs it after `delay` (never, if `None`).
pub fn run_killed_after(mut cmd: Command, delay: Option<Duration>) -> Outcome {
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Drain output on threads so a chatty child never blocks on a full pipe.
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let status = match delay {
        None => child.wait().unwrap(),
        Some(d) => kill_after(&mut child, d),
    };
    let elapsed = start.elapsed();
    Outcome {
        killed: status.signal() == Some(9),
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed,
    }
}

fn kill_after(child: &mut Child, delay: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        let now = Instant::now();
        if now >= deadline {
            let _ = child.kill(); // SIGKILL; harmless if it has just exited
            return child.wait().unwrap();
        }
        std::thread::sleep((deadline - now).min(Duration::from_micros(500)));
    }
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// An SMS Backup & Restore file of `n` texts from one number, every body unique to `tag`.
pub fn sms_backup(n: u64, tag: &str) -> String {
    let start_ms: u64 = 1_772_399_640_000;
    let mut xml = String::with_capacity(n as usize * 400 + 400);
    xml.push_str(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n\
         <!--File Created By SMS Backup & Restore v10.20.003 on 01/03/2026 23:30:00-->\n",
    );
    xml.push_str(&format!("<smses count=\"{n}\" backup_set=\"{tag}\" backup_date=\"1772407800000\" type=\"full\">\n"));
    for i in 0..n {
        let date = start_ms + i * 61_000;
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"+447700900123\" date=\"{date}\" type=\"1\" subject=\"null\" \
             body=\"{tag} message {i}: answer me\" toa=\"null\" sc_toa=\"null\" service_center=\"+447958879879\" \
             read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"{sent}\" sub_id=\"1\" readable_date=\"1 Mar 2026\" \
             contact_name=\"Jon\" />\n",
            sent = date - 2000
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

/// `len` bytes of noise from `rng` (an attachment that does not compress).
pub fn noise(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next().to_le_bytes());
    }
    out.truncate(len);
    out
}
