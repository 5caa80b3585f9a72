//! Items of an export that could not be read, each named by its place in the file and the reason,
//! in the format's own terms: an mbox message by its number and the byte its `From ` line starts
//! at, an SMS Backup & Restore element by its line, a WhatsApp message by its line number.
//!
//! They are counted among the items in the file, so every import can state
//!
//! ```text
//! items_in_file = imported + duplicates + not_selected + unreadable
//! ```
//!
//! (see [`super::ImportCounts::accounted`]). Places and reasons never carry message text: they
//! are recorded in the `import_done` ledger record, which must not hold what a person chose not to
//! import.

use serde::{Deserialize, Serialize};

/// At most this many unreadable items are listed by place; the count covers every one.
pub const UNREADABLE_LISTED: usize = 100;

/// One item that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UnreadableItem {
    /// Where it is, in the format's own terms: `message 2 (its "From " line at byte 1234)`,
    /// `the <sms> element on line 7`, `line 12`.
    pub place: String,
    /// Why it could not be read, in plain words: `it has no date`.
    pub reason: String,
}

impl std::fmt::Display for UnreadableItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// The unreadable items a reader met: all counted, the first [`UNREADABLE_LISTED`] listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Unreadable {
    pub count: u64,
    pub listed: Vec<UnreadableItem>,
}

impl Unreadable {
    /// Counts one more, listing it while fewer than [`UNREADABLE_LISTED`] are.
    pub fn add(&mut self, place: impl Into<String>, reason: impl Into<String>) {
        self.count += 1;
        if self.listed.len() < UNREADABLE_LISTED {
            self.listed.push(UnreadableItem { place: place.into(), reason: reason.into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_counted_and_the_first_hundred_listed() {
        let mut u = Unreadable::default();
        for n in 0..250 {
            u.add(format!("line {n}"), "a date that does not exist");
        }
        assert_eq!((u.count, u.listed.len()), (250, UNREADABLE_LISTED));
        assert_eq!(u.listed[99].place, "line 99");
    }
}
