//! What the tests of the JSON importers' fast reads share (`tracked.rs`'s
//! [`super::tracked::Track::object_in_buffer`]): a context, an item in words, and broken copies
//! of a fixture. Each importer's test reads every input fast and without, through buffers of
//! several sizes (so values are split by the buffer's end), and wants the same items, facts
//! and errors, word for word.

use super::item::Item;
use super::party::Normaliser;
use super::{ReadCtx, Zone};

/// The buffer sizes each input is read through.
pub(crate) const BUFFERS: [usize; 5] = [1, 7, 100, 333, 64 * 1024];

/// An import's second pass, in UTC.
pub(crate) fn ctx() -> ReadCtx {
    ReadCtx {
        normaliser: Normaliser::new("GB"),
        zone: Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())),
        date_order: None,
        provisional_dates: false,
        want_media: true,
        who_only: false,
    }
}

/// Everything a read gives: each item in words, then the facts; or the error's sentence.
pub(crate) type Outcome = Result<(Vec<String>, String), String>;

pub(crate) fn describe(item: &Item) -> String {
    let media: Vec<&str> = item.media.iter().map(|m| m.name.as_str()).collect();
    format!(
        "{:?} {} {:?} {:?} {:?} {:?} {:?} body={:?} media={media:?} notes={:?} key={} span={:?}",
        item.kind,
        item.at,
        item.parties,
        item.contact_name,
        item.direction,
        item.call,
        item.subject,
        item.body,
        item.notes,
        item.key,
        item.span
    )
}

/// A small generator, so every run makes the same inputs.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `count` copies of `fixture`, each with one to three bytes changed, removed or put in
/// (JSON's structural bytes, escapes, line ends, invalid UTF-8, a control byte, or any byte),
/// and one in eight also cut short.
pub(crate) fn broken_copies(fixture: &[u8], count: usize, seed: u64) -> Vec<Vec<u8>> {
    const BYTES: &[u8] = b"\"\\{}[],: \n0xe\xff\x01u";
    let mut rng = Rng(seed);
    (0..count)
        .map(|_| {
            let mut bytes = fixture.to_vec();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(bytes.len());
                match rng.below(4) {
                    0 => bytes[at] = BYTES[rng.below(BYTES.len())],
                    1 => bytes[at] = rng.next() as u8,
                    2 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, BYTES[rng.below(BYTES.len())]),
                }
            }
            if rng.below(8) == 0 {
                bytes.truncate(rng.below(bytes.len()));
            }
            bytes
        })
        .collect()
}

/// Reads `bytes` with `read` (an importer's read through a buffer of the given size, fast or not,
/// with how many values were read fast) from the stream and fast through each of [`BUFFERS`];
/// every outcome must be the same. The outcome.
pub(crate) fn read_both_ways(read: fn(&[u8], usize, bool) -> (Outcome, u64), bytes: &[u8]) -> Outcome {
    let (exact, none) = read(bytes, 64 * 1024, false);
    assert_eq!(none, 0, "the read from the stream reads nothing fast");
    for capacity in BUFFERS {
        let (fast, _) = read(bytes, capacity, true);
        assert_eq!(fast, exact, "buffer of {capacity}, input:\n{}", String::from_utf8_lossy(bytes));
    }
    exact
}

/// Reads broken copies of each fixture (`(fixture, how many, seed)`) through `same`, which fails
/// the test where the fast read and the stream's disagree, and wants more than `at_least` of them
/// read and as many refused: both kinds met, so both paths were compared.
pub(crate) fn broken_copies_read_the_same(
    same: fn(&[u8]) -> Outcome,
    fixtures: &[(&[u8], usize, u64)],
    at_least: usize,
) {
    let (mut ok, mut refused) = (0, 0);
    for &(fixture, count, seed) in fixtures {
        for bytes in broken_copies(fixture, count, seed) {
            match same(&bytes) {
                Ok(_) => ok += 1,
                Err(_) => refused += 1,
            }
        }
    }
    assert!(ok > at_least && refused > at_least, "{ok} read, {refused} refused");
}

/// Puts a stray `x` line before the last `closing` of `bytes` (the list's own end, after the
/// values read fast) and wants the error placed at that line, column 3, as the stream places it.
pub(crate) fn a_stray_line_is_placed_as_from_the_stream(
    same: fn(&[u8]) -> Outcome,
    mut bytes: Vec<u8>,
    closing: &[u8],
) {
    let at = bytes.windows(closing.len()).rposition(|w| w == closing).unwrap_or_else(|| unreachable!());
    bytes.splice(at..at, b"  x\n".iter().copied());
    let err = same(&bytes).unwrap_err();
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    assert!(err.contains(&format!("line {line}, column 3")), "{err}");
}
