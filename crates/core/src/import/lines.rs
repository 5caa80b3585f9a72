//! Where every line of a chat export went: the accounting an import and its preview state.
//!
//! Each line of the chat text is counted once, in exactly one of five places:
//!
//! ```text
//! lines_read = message_lines + continuation_lines + notice_lines + unreadable_lines + blank_lines
//! ```
//!
//! - a **message line** starts a message (a time and a sender): one per item, so
//!   `message_lines` is the number of items;
//! - a **continuation line** (no time of its own) belongs to the message above it, blank
//!   ones included;
//! - a **notice line** is one WhatsApp wrote without a sender (group and system notices) or an
//!   iPhone notice carrying WhatsApp's mark, with its continuation lines;
//! - an **unreadable line** could not be taken as any of these: text before the first dated
//!   line, or a dated line whose date does not exist, whose time does not exist in the zone it
//!   is read in, or whose sender cannot be read, with its continuation lines;
//! - a **blank line** is an empty line before the first dated line.
//!
//! `lines_read` is the number of lines in the text (a final line without a line end counts;
//! nothing after the last line end does). Notices and unreadable lines come with their kind,
//! a count and up to [`SAMPLES`] samples (line number and text), and messages WhatsApp wrote in
//! one of its fixed phrases are counted by label, so nothing is left out without a word.

use serde::{Deserialize, Serialize};

/// Samples kept per kind.
pub const SAMPLES: usize = 3;

/// The longest sample, in characters.
const SAMPLE_CHARS: usize = 120;

/// Where every line of a chat export went. Each line is counted once: `lines_read =
/// message_lines + continuation_lines + notice_lines + unreadable_lines + blank_lines`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChatLines {
    /// Lines in the chat text.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub lines_read: u64,
    /// Lines that start a message (a time and a sender): one per item.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub message_lines: u64,
    /// Lines that continue the message above them.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub continuation_lines: u64,
    /// Lines of notices WhatsApp wrote (no sender, or an iPhone notice), continuations included.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub notice_lines: u64,
    /// Lines that could not be read, continuations included.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unreadable_lines: u64,
    /// Empty lines before the first dated line.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub blank_lines: u64,
    /// Notices by kind ("security or blocking notice", "notice without a sender"), in order of first sight.
    pub notices: Vec<LineKind>,
    /// Messages WhatsApp wrote in one of its fixed phrases, by label ("picture", "a deleted
    /// message"), in order of first sight. They are messages, counted in `message_lines` too.
    pub labelled: Vec<LineKind>,
    /// Unreadable lines by reason, in order of first sight.
    pub unreadable: Vec<LineKind>,
}

/// One kind of line, how many, and samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LineKind {
    /// In plain words, the same in every language of the export.
    pub kind: String,
    /// How many (lines for notices and unreadable lines, messages for labels).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: u64,
    /// The first few, as written.
    pub samples: Vec<LineSample>,
}

/// A line of the export, for a person to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LineSample {
    /// Its line number in the chat text, from 1.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    /// Its text, on one line, without control characters or direction marks, cut at 120
    /// characters.
    pub text: String,
}

impl ChatLines {
    /// The sum of the five places a line can go.
    pub fn accounted(&self) -> u64 {
        self.message_lines + self.continuation_lines + self.notice_lines + self.unreadable_lines + self.blank_lines
    }

    /// Whether every line read is accounted for exactly once, and the kinds add up.
    pub fn holds(&self) -> bool {
        let sum = |kinds: &[LineKind]| kinds.iter().map(|k| k.count).sum::<u64>();
        self.accounted() == self.lines_read
            && sum(&self.notices) == self.notice_lines
            && sum(&self.unreadable) == self.unreadable_lines
            && sum(&self.labelled) <= self.message_lines
    }

    /// Notice and unreadable lines: what the import leaves out.
    pub fn not_taken(&self) -> u64 {
        self.notice_lines + self.unreadable_lines
    }

    /// Counts `lines` lines of kind `kind` in `list`, keeping `sample` (line number, text)
    /// while there are fewer than [`SAMPLES`].
    pub(crate) fn add(list: &mut Vec<LineKind>, kind: &str, lines: u64, line: u64, text: &str) {
        let i = match list.iter().position(|k| k.kind == kind) {
            Some(i) => i,
            None => {
                list.push(LineKind { kind: kind.to_owned(), count: 0, samples: Vec::new() });
                list.len() - 1
            }
        };
        let k = &mut list[i];
        k.count += lines;
        if k.samples.len() < SAMPLES {
            k.samples.push(LineSample { line, text: sample_text(text) });
        }
    }
}

/// A line made safe to show anywhere: control characters and direction marks out (a sample is
/// printed on terminals), whitespace runs as one space, cut at [`SAMPLE_CHARS`].
fn sample_text(text: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    let mut chars = 0;
    for c in text.chars() {
        if c.is_control() && !c.is_whitespace() || super::whatsapp_phrases::is_bidi_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if chars >= SAMPLE_CHARS {
            out.push('…');
            break;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
        }
        out.push(c);
        chars += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally() -> ChatLines {
        let mut t = ChatLines {
            lines_read: 7,
            message_lines: 3,
            continuation_lines: 1,
            blank_lines: 1,
            ..ChatLines::default()
        };
        ChatLines::add(&mut t.notices, "security notice", 1, 1, "Messages are encrypted");
        ChatLines::add(&mut t.unreadable, "the date does not exist", 1, 7, "31/02/2026, 10:00 - Jon: x");
        t.notice_lines = 1;
        t.unreadable_lines = 1;
        t
    }

    #[test]
    fn the_identity_holds_only_when_every_line_is_counted_once() {
        let good = tally();
        assert!(good.holds());
        // A line dropped without a word, or counted twice, breaks it.
        let dropped = ChatLines { continuation_lines: 0, ..good.clone() };
        assert!(!dropped.holds());
        let twice = ChatLines { message_lines: 4, ..good.clone() };
        assert!(!twice.holds());
        // A notice counted in total but not by kind breaks it too.
        let unkinded = ChatLines { notice_lines: 2, blank_lines: 0, ..good };
        assert!(!unkinded.holds());
    }

    #[test]
    fn samples_are_kept_three_per_kind_and_made_safe() {
        let mut list = Vec::new();
        for i in 0..5 {
            ChatLines::add(&mut list, "k", 1, i, "\u{1b}[31mred\u{202e}  text\u{200f}");
        }
        assert_eq!((list.len(), list[0].count, list[0].samples.len()), (1, 5, SAMPLES));
        assert_eq!(list[0].samples[0].text, "[31mred text");
        let long = "x".repeat(500);
        ChatLines::add(&mut list, "long", 1, 9, &long);
        assert_eq!(list[1].samples[0].text.chars().count(), SAMPLE_CHARS + 1);
    }
}
