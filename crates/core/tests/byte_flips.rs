//! Byte flips at scale: a thousand random single-byte changes to a vault file (half anywhere,
//! half on its non-zero bytes), and a thousand to a police pack. Each is caught (by unlock or `check` for the vault, by
//! `verify_bundle` for the pack, naming where) or proved harmless (everything a person can
//! read is identical to the original: `list --json`, each entry's history, the case and
//! every attachment; for a pack, every file in it). None may panic; none may change what is
//! read without being caught, and `check` names the damage in its report rather than failing
//! with a database error.
//!
//! `CASEBOOK_FLIPS` sets the number of flips of each (default 1000); `CASEBOOK_FUZZ_SEED`
//! the seed (printed).
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;
mod fuzz_support;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use casebook_core::{Verdict, verify_bundle};
use fuzz_support::vault::{open_test_vault, remove_vault, small_vault, view};
use fuzz_support::{Rng, seed};

fn flips() -> u64 {
    std::env::var("CASEBOOK_FLIPS").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(1000)
}

/// What one flip did.
enum Found {
    /// Caught, and where: the check or error that named it.
    Detected(String),
    /// Nothing a person can read changed.
    Harmless,
    /// Something changed and nothing said so: the failure this test exists to find.
    Silent(String),
    /// `check` raised an error instead of reporting the damage (the CLI would say
    /// "database error", not "damaged", and name nothing).
    Unnamed(String),
}

#[derive(Default)]
struct Tally {
    flips: u64,
    detected: u64,
    harmless: u64,
    silent: Vec<String>,
    unnamed: Vec<String>,
    panics: Vec<String>,
    places: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, at: usize, result: std::thread::Result<Found>) {
        self.flips += 1;
        match result {
            Ok(Found::Detected(place)) => {
                self.detected += 1;
                *self.places.entry(place).or_default() += 1;
            }
            Ok(Found::Harmless) => self.harmless += 1,
            Ok(Found::Silent(what)) => self.silent.push(format!("byte {at}: {what}")),
            Ok(Found::Unnamed(what)) => self.unnamed.push(format!("byte {at}: {what}")),
            Err(_) => self.panics.push(format!("byte {at}")),
        }
    }

    fn report(&self, what: &str, seed: u64) {
        println!(
            "byte flips in {what}: {} flips, {} detected, {} harmless, {} silent, {} unnamed, {} panics (seed {seed})",
            self.flips,
            self.detected,
            self.harmless,
            self.silent.len(),
            self.unnamed.len(),
            self.panics.len()
        );
        for (place, n) in &self.places {
            println!("    {n:>5}  {place}");
        }
        assert!(
            self.silent.is_empty() && self.panics.is_empty(),
            "silent: {:#?}\npanics: {:#?}",
            self.silent,
            self.panics
        );
        assert_eq!(self.flips, self.detected + self.harmless);
    }
}

/// A short, stable name for where a problem was found (numbers and ids stripped, so the
/// tally groups like with like).
fn place(text: &str) -> String {
    let mut out: String = text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
    out.truncate(90);
    out
}

/// One changed byte: position, and a value different from the old one.
fn flip(rng: &mut Rng, bytes: &mut [u8]) -> usize {
    let at = rng.below(bytes.len());
    flip_at(rng, bytes, at)
}

fn flip_at(rng: &mut Rng, bytes: &mut [u8], at: usize) -> usize {
    bytes[at] ^= 1 + rng.below(255) as u8;
    at
}

/// Where a vault holds something: its non-zero bytes. A small vault is mostly free space (zeros,
/// with secure_delete, and 64 KiB pages leave a lot of it), where a flip is harmless by
/// construction; every other flip lands on a byte in use, so the test exercises what `check`
/// must catch.
fn in_use(bytes: &[u8]) -> Vec<usize> {
    bytes.iter().enumerate().filter(|(_, b)| **b != 0).map(|(i, _)| i).collect()
}

#[test]
fn fuzz_flips_a_thousand_bytes_of_a_vault_each_caught_or_harmless() {
    let seed = seed();
    let (dir, path) = small_vault();
    let original = std::fs::read(&path).unwrap();
    let expected = view(&open_test_vault(&path).unwrap()).unwrap();
    let flipped = dir.path().join("flipped.casebook");
    let file = flipped.display().to_string();
    let mut rng = Rng::new(seed ^ 0xF11);
    let mut tally = Tally::default();
    let used = in_use(&original);
    for n in 0..flips() {
        let mut bytes = original.clone();
        let at = if n % 2 == 0 {
            flip(&mut rng, &mut bytes)
        } else {
            let at = used[rng.below(used.len())];
            flip_at(&mut rng, &mut bytes, at)
        };
        remove_vault(&flipped);
        std::fs::write(&flipped, &bytes).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let vault = match open_test_vault(&flipped) {
                Ok(v) => v,
                Err(e) => return Found::Detected(place(&format!("unlock: {e}").replace(&file, "FILE"))),
            };
            let report = match vault.check() {
                Ok(r) => r,
                Err(e) => return Found::Unnamed(format!("check: {e}")),
            };
            if let Some(p) = report.problems.first() {
                let record = p.seq.map_or("vault".to_owned(), |_| "record #".to_owned());
                return Found::Detected(place(&format!("check, {record}: {}", p.detail)));
            }
            match view(&vault) {
                Ok(seen) if seen == expected => Found::Harmless,
                Ok(_) => Found::Silent("check passed, and what a person reads changed".into()),
                Err(e) => Found::Silent(format!("check passed, then reading failed: {e}")),
            }
        }));
        tally.add(at, result);
    }
    tally.report(
        &format!("a {}-byte vault (every other flip on one of its {} non-zero bytes)", original.len(), used.len()),
        seed,
    );
}

#[test]
fn fuzz_flips_a_thousand_bytes_of_a_pack_each_caught_or_harmless() {
    let seed = seed();
    let mut s = export_support::scenario();
    let path = export_support::export(&mut s, &export_support::police_options(), "pack.zip");
    let original = std::fs::read(&path).unwrap();
    let files = export_support::read_zip(&original);
    let flipped = s.tv.dir.path().join("flipped.zip");
    let mut rng = Rng::new(seed ^ 0xF12);
    let mut tally = Tally::default();
    for _ in 0..flips() {
        let mut bytes = original.clone();
        let at = flip(&mut rng, &mut bytes);
        std::fs::write(&flipped, &bytes).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let report = verify_bundle(&flipped, None);
            if report.verdict != Verdict::Valid {
                let failed: Vec<&str> = report.failures().map(|c| c.name.as_str()).collect();
                return Found::Detected(format!("{}: {}", report.verdict.word(), failed.join(", ")));
            }
            // Valid: every file must be the original, byte for byte.
            match catch_unwind(|| export_support::read_zip(&bytes)) {
                Ok(got) if got == files => Found::Harmless,
                _ => Found::Silent("verify said valid, and the files differ".into()),
            }
        }));
        tally.add(at, result);
    }
    tally.report(&format!("a {}-byte police pack", original.len()), seed);
}
