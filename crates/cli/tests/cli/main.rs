//! The real `casebook` binary, run as a process on temp vaults: the scenario a person goes
//! through, bad input, SIGKILL at random moments, plaintext canaries, two processes at once,
//! evidence packs checked as an outsider would, and imports of real phone exports.
//!
//! One test binary (one link) with a module per concern; tests within it run in parallel.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod anchor;
mod bad_input;
mod canary;
mod common;
mod concurrency;
mod crash;
mod effect;
mod export;
mod import;
mod migrate;
mod order;
mod pattern;
mod pictures_cpu;
mod recipient;
mod scenario;
mod statement;
mod upload;
mod witness;

// The fixture diaries whose pattern figures were worked out by hand (core's tests use them too).
#[path = "../../../core/tests/pattern_support/mod.rs"]
mod pattern_support;

// The throw-away `openssl ts` authority the core tests use.
#[path = "../../../core/tests/tsa_support/mod.rs"]
mod tsa_support;
