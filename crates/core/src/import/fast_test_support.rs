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
