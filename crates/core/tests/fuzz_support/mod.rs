//! A seeded mutation fuzzer on stable Rust: no nightly, no libFuzzer, no new dependency.
//!
//! Each target starts from a corpus of real inputs (the test fixtures, or files made the way
//! the app makes them), applies one to four random mutations per input (bit flips, hostile
//! bytes, inserted/deleted/duplicated ranges, splices with another corpus file, tokens the
//! format cares about, huge numbers in place of digits, truncation), and runs the code under
//! test inside `catch_unwind`. Every input is capped in length when it is made, so no input
//! can be larger than its target allows: time and memory are bounded by construction.
//!
//! The run is reproducible from its seed (`CASEBOOK_FUZZ_SEED`, printed); the number of
//! inputs per target is `CASEBOOK_FUZZ_ITERS` (`make fuzz` sets a large one). An input that
//! panics is saved under the test's temporary folder and the test fails naming the file:
//! copy it into `tests/fuzz-regressions/<target>/` and `fuzz_regressions` replays it forever.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

pub mod vault;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// SplitMix64: tiny, seedable, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }
}

/// The seed of this run: `CASEBOOK_FUZZ_SEED`, else a fixed one (CI runs are repeatable).
pub fn seed() -> u64 {
    std::env::var("CASEBOOK_FUZZ_SEED").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0x00CA_5EB0_0C0F_F22E)
}

/// Inputs per target: `CASEBOOK_FUZZ_ITERS` times `weight`, else `default` (sized so that
/// `make test` spends seconds, not minutes, per target in a debug build).
pub fn iterations(default: u64) -> u64 {
    std::env::var("CASEBOOK_FUZZ_ITERS").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(default)
}

/// Bytes that mean something to the formats under test.
const INTERESTING: &[u8] = &[
    0x00, 0xFF, 0x7F, 0x80, b'<', b'>', b'"', b'\'', b'&', b';', b'\n', b'\r', b':', b'/', b'=', b'[', b']', b'{',
    b'}', b',', b'-', b'+', b'.', b' ',
];

/// Numbers that break arithmetic, written over a run of digits.
const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-1",
    b"4294967295",
    b"4294967296",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"99999999999999999999999",
    b"1e308",
    b"NaN",
    b"00000000000000000000",
];

pub struct Mutator {
    pub rng: Rng,
    /// No input is ever longer than this.
    pub max_len: usize,
    /// Tokens worth inserting (tags, headers, field names).
    pub dictionary: Vec<Vec<u8>>,
}

impl Mutator {
    pub fn new(seed: u64, max_len: usize, dictionary: &[&str]) -> Self {
        Mutator { rng: Rng::new(seed), max_len, dictionary: dictionary.iter().map(|s| s.as_bytes().to_vec()).collect() }
    }

    /// One to four mutations of a corpus member (splicing with another).
    pub fn mutate(&mut self, corpus: &[Vec<u8>]) -> Vec<u8> {
        let mut data = corpus[self.rng.below(corpus.len())].clone();
        data.truncate(self.max_len);
        let rounds = 1 + self.rng.below(4);
        for _ in 0..rounds {
            self.once(&mut data, corpus);
            data.truncate(self.max_len);
        }
        data
    }

    fn pos(&mut self, data: &[u8]) -> usize {
        self.rng.below(data.len() + 1)
    }

    fn once(&mut self, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
        let room = self.max_len.saturating_sub(data.len());
        match self.rng.below(11) {
            0 | 1 if !data.is_empty() => {
                let i = self.rng.below(data.len());
                data[i] ^= 1 << self.rng.below(8);
            }
            2 if !data.is_empty() => {
                let i = self.rng.below(data.len());
                data[i] =
                    if self.rng.chance(2) { INTERESTING[self.rng.below(INTERESTING.len())] } else { self.rng.byte() };
            }
            3 => {
                let n = (1 + self.rng.below(16)).min(room);
                let at = self.pos(data);
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.byte()).collect();
                data.splice(at..at, bytes);
            }
            4 if !data.is_empty() => {
                let at = self.rng.below(data.len());
                let n = 1 + self.rng.below((data.len() - at).min(256));
                data.drain(at..at + n);
            }
            5 if !data.is_empty() => {
                let from = self.rng.below(data.len());
                let n = (1 + self.rng.below((data.len() - from).min(512))).min(room);
                let chunk = data[from..from + n].to_vec();
                let at = self.pos(data);
                data.splice(at..at, chunk);
            }
            6 if corpus.len() > 1 || !data.is_empty() => {
                let other = &corpus[self.rng.below(corpus.len())];
                let cut = self.pos(data);
                let from = self.rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            7 if !self.dictionary.is_empty() => {
                let token = self.dictionary[self.rng.below(self.dictionary.len())].clone();
                let at = self.pos(data);
                if self.rng.chance(2) && at + token.len() <= data.len() {
                    data[at..at + token.len()].copy_from_slice(&token);
                } else {
                    data.splice(at..at, token);
                }
            }
            8 => {
                let starts: Vec<usize> = (0..data.len())
                    .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
                    .collect();
                if !starts.is_empty() {
                    let at = starts[self.rng.below(starts.len())];
                    let end = (at..data.len()).find(|&i| !data[i].is_ascii_digit()).unwrap_or(data.len());
                    let number = NUMBERS[self.rng.below(NUMBERS.len())];
                    data.splice(at..end, number.iter().copied());
                }
            }
            9 if !data.is_empty() => {
                let at = self.rng.below(data.len());
                data.truncate(at);
            }
            _ if !data.is_empty() => {
                // A run of the same byte: long lines, deep nesting, many separators.
                let n = (1 + self.rng.below(4096)).min(room);
                let b = if self.rng.chance(2) {
                    INTERESTING[self.rng.below(INTERESTING.len())]
                } else {
                    data[self.rng.below(data.len())]
                };
                let at = self.pos(data);
                data.splice(at..at, std::iter::repeat_n(b, n));
            }
            _ => data.push(self.rng.byte()),
        }
    }
}

/// What one input did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Read or opened without complaint.
    Accepted,
    /// Refused with an error (a verifier: a failed check; image intake: stored without a
    /// preview).
    Refused,
}

/// Counts for one target, printed at the end.
#[derive(Debug, Default)]
pub struct Tally {
    pub inputs: u64,
    pub accepted: u64,
    pub refused: u64,
    pub panics: u64,
    /// Property violations other than panics (a changed input judged intact...).
    pub wrong: Vec<String>,
    pub slowest: Duration,
    pub slowest_input: Option<PathBuf>,
    pub saved: Vec<PathBuf>,
}

/// Where panicking inputs of this run are written.
pub fn crash_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes")
}

/// Runs `inputs` through `run`, each under `catch_unwind`. `run` returns an error string
/// for a property violation that is not a panic.
pub fn run_inputs(
    target: &str,
    inputs: impl Iterator<Item = Vec<u8>>,
    run: &mut dyn FnMut(&[u8]) -> Result<Outcome, String>,
) -> Tally {
    let mut tally = Tally::default();
    for input in inputs {
        tally.inputs += 1;
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| run(&input)));
        let took = started.elapsed();
        if took > tally.slowest {
            tally.slowest = took;
            // Kept for a look, never asserted on (no timed assertions): the slowest input.
            tally.slowest_input = Some(save(&format!("{target}-slowest"), &input));
        }
        match result {
            Ok(Ok(Outcome::Accepted)) => tally.accepted += 1,
            Ok(Ok(Outcome::Refused)) => tally.refused += 1,
            Ok(Err(why)) => {
                let saved = save(target, &input);
                tally.wrong.push(format!("{why} (input saved as {})", saved.display()));
                tally.saved.push(saved);
            }
            Err(_) => {
                tally.panics += 1;
                tally.saved.push(save(target, &input));
            }
        }
    }
    tally
}

fn save(target: &str, input: &[u8]) -> PathBuf {
    let dir = crash_dir().join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(hex::encode(&casebook_crypto::sha256(input)[..8]));
    std::fs::write(&path, input).unwrap();
    path
}

/// Prints the tally line and fails the test on any panic or property violation.
pub fn report(target: &str, seed: u64, tally: &Tally) {
    println!(
        "fuzz {target}: {} inputs, {} accepted, {} refused, {} panics, {} wrong (slowest {} ms, seed {seed})",
        tally.inputs,
        tally.accepted,
        tally.refused,
        tally.panics,
        tally.wrong.len(),
        tally.slowest.as_millis(),
    );
    assert!(
        tally.panics == 0 && tally.wrong.is_empty(),
        "fuzz {target}: {} panics, wrong: {:#?}; inputs saved: {:#?} (copy them into tests/fuzz-regressions/{target}/ with the fix)",
        tally.panics,
        tally.wrong,
        tally.saved,
    );
}

/// The committed inputs that once failed, for one target.
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions").join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}
