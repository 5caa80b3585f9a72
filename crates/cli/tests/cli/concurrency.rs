//! Two programs on one vault: both work safely, or one is told the vault is busy.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Env, run};

#[test]
fn concurrent_adds_from_separate_processes_all_succeed_with_distinct_ids() {
    let env = Env::new();
    env.init();
    let children: Vec<_> = (0..4)
        .map(|i| {
            let title = format!("concurrent {i}");
            env.cmd(&["add", "--kind", "sighting", "--title", &title])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids: Vec<i64> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{out:?}");
            String::from_utf8_lossy(&out.stdout).lines().next().unwrap().trim().parse().unwrap()
        })
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(env.listed_ids().len(), 4);
    assert_eq!(env.run(&["check"]).code, 0);
}

/// Costs the core's busy timeout (10 s), run in parallel with the other tests.
#[test]
fn add_while_another_program_holds_the_write_lock_exits_6_and_stores_nothing() {
    let env = Env::new();
    env.init();
    let conn = rusqlite::Connection::open(&env.vault).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let start = Instant::now();
    let r = env.run(&["add", "--kind", "call", "--title", "blocked"]);
    let waited = start.elapsed();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    assert_eq!(r.code, 6, "{r:?}");
    assert!(r.stdout.is_empty(), "nothing may be reported saved: {r:?}");
    assert!(r.stderr.contains("open elsewhere"), "{r:?}");
    // The core waits (its busy timeout) before giving up, rather than failing at once.
    assert!(waited >= Duration::from_millis(500), "it should wait for the other program first ({waited:?})");
    assert!(env.listed_ids().is_empty());
    assert_eq!(run(&mut env.cmd(&["check"])).code, 0);
}
