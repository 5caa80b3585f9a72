//! Proof that nothing acknowledged is lost (issue 11, items 2, 3 and 6): the real `casebook`
//! binary SIGKILLed at random moments of every writing command, made to fail its writes,
//! fsyncs and renames one at a time, run against a full disk, and run twice at once on one vault.
//!
//! Every test here is named `durability_...`: `make test` runs them as their own step with
//! their tallies printed (bounded), `make soak` runs them at length on the release binary.
//!
//! Linux only: the kills are signals, the I/O faults an `LD_PRELOAD` shim, the full disk a
//! small Linux file system. The Windows run (`make test`'s Windows leg) reports the whole harness as not built.
#![cfg(unix)]
#![allow(clippy::unwrap_used)] // test harness: a panic is the failure report

mod crash;
mod faults;
mod migrate;
mod model;
mod rekey_stages;
mod support;
mod two_process;
