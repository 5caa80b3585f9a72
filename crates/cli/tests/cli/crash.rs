//! SIGKILL at random moments: whatever `casebook add` reported saved is there afterwards, and
//! the vault still checks out.

use crate::common::ExitStatusExt;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::common::Env;

const ITERATIONS: usize = 60;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn add_args(title: &str) -> Vec<String> {
    [
        "add",
        "--kind",
        "call",
        "--title",
        title,
        "--narrative",
        "Called three times, hung up each time.",
        "--tag",
        "crash",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
#[cfg_attr(windows, ignore = "a SIGKILL is told by its signal; TerminateProcess exits 1 like a failure")]
fn entries_reported_saved_survive_sigkill_at_random_moments() {
    let env = Env::new();
    env.init();

    // Calibrate: how long one add takes here, so the kills land before, during and after it.
    let mut timings = Vec::new();
    for i in 0..3 {
        let args = add_args(&format!("calibration {i}"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let start = Instant::now();
        env.ok(&args);
        timings.push(start.elapsed());
    }
    timings.sort();
    let typical = timings[1];
    let max_delay_us = (typical.as_micros() as u64 * 2).max(60_000);

    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut rng = XorShift(seed);
    let ctx = format!("seed {seed:#x}, one add takes about {typical:?}, delays 0..{max_delay_us} us");

    let mut reported: BTreeMap<i64, String> = BTreeMap::new();
    let (mut killed, mut completed) = (0, 0);
    for i in 0..ITERATIONS {
        let title = format!("crash test {i}");
        let args = add_args(&title);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = env
            .cmd(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        std::thread::sleep(Duration::from_micros(rng.next() % max_delay_us));
        let _ = child.kill(); // SIGKILL; harmless if it already finished
        let status = child.wait().unwrap();
        let mut stdout = String::new();
        child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        match status.signal() {
            Some(9) => killed += 1,
            _ => {
                assert!(status.success(), "{ctx}: iteration {i} failed without being killed: {status:?} {stderr}");
                completed += 1;
            }
        }
        if let Some(id) = stdout.lines().next().and_then(|l| l.trim().parse::<i64>().ok()) {
            let earlier = reported.insert(id, title);
            assert!(earlier.is_none(), "{ctx}: id {id} was reported twice");
        }
    }

    let check = env.run(&["check"]);
    assert_eq!(check.code, 0, "{ctx}: check after the kills: {check:?}");
    let listed = env.json(&["list"]);
    let present: BTreeMap<i64, String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), e["fields"]["title"].as_str().unwrap().to_owned()))
        .collect();
    for (id, title) in &reported {
        assert_eq!(present.get(id), Some(title), "{ctx}: entry {id} was reported saved but is not there as {title:?}");
    }
    let titles: BTreeSet<&String> = present.values().collect();
    assert_eq!(titles.len(), present.len(), "{ctx}: one add stored two entries");
    assert!(killed >= 3, "{ctx}: only {killed} of {ITERATIONS} were killed mid-way");
    assert!(completed >= 3, "{ctx}: only {completed} of {ITERATIONS} completed");
    assert!(reported.len() >= 3, "{ctx}: only {} reported saved", reported.len());
    eprintln!("{ctx}: {killed} killed, {completed} completed, {} reported saved", reported.len());
}
