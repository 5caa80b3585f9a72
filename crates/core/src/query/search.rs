//! The text search over decrypted entry versions, answering exactly what
//! `fields.haystack().contains(needle)` answers (every searchable field joined by newlines,
//! lower-cased), without building the entry or that string for entries that do not match.
//!
//! Two steps, each allowed to say "maybe" but never to miss a match:
//! 1. A look at the body's raw JSON, when that is conclusive (see [`Search::raw_excludes`]).
//! 2. The searchable fields, borrowed from the body ([`EntryText`]), searched one by one.
//!
//! Whatever passes is then built and filtered by [`super::EntryFilter::matches`] as before.

use crate::error::Result;
use crate::ledger::EntryText;

/// A text search: the needle, lower-cased and non-empty.
pub(super) struct Search<'n> {
    needle: &'n str,
    /// Whether the needle can be looked for in raw JSON: ASCII, with none of the characters
    /// JSON writes escaped (`"`, `\` and control characters).
    raw: bool,
}

impl<'n> Search<'n> {
    pub(super) fn new(needle: &'n str) -> Self {
        let raw = needle.bytes().all(|b| b.is_ascii() && b >= 0x20 && b != b'"' && b != b'\\');
        Self { needle, raw }
    }

    /// Whether the entry version in `body` (verified bytes of an `entry_created` or
    /// `entry_revised` record) contains the needle. Refuses, as the full parse does, a body
    /// of another version or kind. `scratch` is reused between calls; it holds lower-cased
    /// plaintext, so the caller zeroizes it.
    pub(super) fn found_in(&self, seq: i64, body: &[u8], scratch: &mut String) -> Result<bool> {
        if self.raw_excludes(body, scratch) && is_entry_version_v1(body) {
            return Ok(false);
        }
        Ok(text_contains(EntryText::parse(seq, body)?.parts(), self.needle, scratch))
    }

    /// True only when no field of `body` can contain the needle: the body is ASCII without
    /// `\u` or `\/` escapes, so every field's text is its raw bytes with escapes that turn
    /// only into `"`, `\` or control characters (none of which is in a raw-searchable
    /// needle), and its lower case is the ASCII lower case; and the lower-cased raw bytes
    /// do not contain the needle. (Non-ASCII text is left to step 2: some characters, such
    /// as the Kelvin sign, lower-case to ASCII letters.)
    fn raw_excludes(&self, body: &[u8], scratch: &mut String) -> bool {
        if !self.raw || !body.is_ascii() || body.windows(2).any(|w| w == b"\\u" || w == b"\\/") {
            return false;
        }
        let Ok(text) = std::str::from_utf8(body) else { return false };
        scratch.clear();
        scratch.push_str(text);
        scratch.make_ascii_lowercase();
        !scratch.contains(self.needle)
    }
}

/// Whether `body` starts as this build writes an entry version of body version 1:
/// `{"v":1,"recorded_at":"…",` (optionally `"clock_went_backwards":true,`) then
/// `"kind":"entry_created",` or `"kind":"entry_revised",`. Anything else goes through the full
/// parse, which refuses what it must.
fn is_entry_version_v1(body: &[u8]) -> bool {
    let Some(rest) = body.strip_prefix(b"{\"v\":1,\"recorded_at\":\"") else { return false };
    let Some(end) = rest.iter().position(|&b| b == b'"') else { return false };
    let rest = &rest[end + 1..];
    let rest = rest.strip_prefix(b",\"clock_went_backwards\":true".as_slice()).unwrap_or(rest);
    rest.starts_with(b",\"kind\":\"entry_created\",") || rest.starts_with(b",\"kind\":\"entry_revised\",")
}

/// Whether `needle` (already lower-cased) occurs in `parts` joined by newlines and
/// lower-cased, without building that string. Lower-casing is per character except for a
/// final sigma, whose context stops at a newline just as at the end of a string; so unless
/// the needle itself holds a newline (and could span two fields), searching each part on
/// its own gives the same answer. ASCII parts are lower-cased into `scratch`.
fn text_contains<'p>(mut parts: impl Iterator<Item = &'p str>, needle: &str, scratch: &mut String) -> bool {
    if needle.contains('\n') {
        return parts.collect::<Vec<_>>().join("\n").to_lowercase().contains(needle);
    }
    parts.any(|part| {
        if !part.is_ascii() {
            return part.to_lowercase().contains(needle);
        }
        if !needle.is_ascii() || needle.len() > part.len() {
            return false;
        }
        scratch.clear();
        scratch.push_str(part);
        scratch.make_ascii_lowercase();
        scratch.contains(needle)
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset};

    use super::*;
    use crate::ledger::{Event, RecordBody};
    use crate::model::{EntryFields, EntryKind};

    const TEXTS: [&str; 14] = [
        "",
        "Blue Ford FOCUS",
        "ΟΔΟΣ",
        "ΣΑΣ Σ",
        "Kelvin \u{212A}",
        "İstanbul",
        "ǅ ǈ",
        "line\nbreak",
        "tab\there",
        "straße",
        "a\u{301}",
        "ΌΣΟ.Σ",
        "say \"hi\" \\ a/b",
        "kind entry_created",
    ];
    const NEEDLES: [&str; 24] = [
        "blue ford focus",
        "ford",
        "σ",
        "ς",
        "ας\nκ",
        "k",
        "\u{212A}",
        "i\u{307}",
        "i",
        "ǆ",
        "\n",
        "break\nk",
        "s\n",
        "ss",
        "straße",
        "o",
        "ος",
        "ς\nβ",
        "focus\nς",
        "ό",
        "\"hi\"",
        "a/b",
        "kind",
        "\\ a",
    ];

    fn entry(a: &str, b: &str) -> EntryFields {
        let start: DateTime<FixedOffset> = "2026-03-01T21:10:00+00:00".parse().unwrap();
        let mut f = EntryFields::new(EntryKind::Other, a, start);
        f.narrative = b.to_owned();
        f.tags = vec![b.to_owned(), a.to_owned()];
        f.actions.officer = Some(a.to_owned());
        f
    }

    fn body(fields: EntryFields, backwards: bool) -> Vec<u8> {
        let body = RecordBody {
            v: 1,
            recorded_at: "2026-03-01T21:16:00Z".parse().unwrap(),
            clock_went_backwards: backwards,
            event: Event::EntryCreated { entry_id: 1, entry: fields },
        };
        serde_json::to_vec(&body).unwrap()
    }

    #[test]
    fn the_search_finds_exactly_what_the_joined_haystack_finds() {
        let mut scratch = String::new();
        for (i, a) in TEXTS.iter().enumerate() {
            for b in &TEXTS[i..] {
                let f = entry(a, b);
                let bytes = body(f.clone(), i % 2 == 0);
                for n in NEEDLES {
                    let n = n.to_lowercase();
                    let want = f.haystack().contains(&n);
                    let parts = EntryText::parse(1, &bytes).unwrap();
                    assert_eq!(text_contains(parts.parts(), &n, &mut scratch), want, "{a:?} {b:?} {n:?}");
                    assert_eq!(Search::new(&n).found_in(1, &bytes, &mut scratch).unwrap(), want, "{a:?} {b:?} {n:?}");
                }
            }
        }
    }

    #[test]
    fn raw_json_is_trusted_only_where_it_shows_the_text_as_it_reads() {
        let mut scratch = String::new();
        // Escapes that turn into characters a needle may hold: JSON from another writer.
        let escaped = br#"{"v":1,"recorded_at":"2026-03-01T21:16:00Z","kind":"entry_created","entry_id":1,"entry":{"occurred":{"start":"2026-03-01T21:10:00Z"},"kind":"other","title":"a\/b \u004Belvin \u212A"}}"#;
        for n in ["a/b", "kelvin", "k"] {
            assert!(Search::new(n).found_in(1, escaped, &mut scratch).unwrap(), "{n}");
        }
        assert!(!Search::new("zebra").found_in(1, escaped, &mut scratch).unwrap());
        // Only version 1 entry versions are let through on the raw look alone.
        let created = body(entry("x", "y"), false);
        assert!(is_entry_version_v1(&created));
        assert!(is_entry_version_v1(&body(entry("x", "y"), true)));
        let newer = String::from_utf8(created.clone()).unwrap().replacen("\"v\":1", "\"v\":2", 1);
        assert!(!is_entry_version_v1(newer.as_bytes()));
        assert!(Search::new("zebra").found_in(1, newer.as_bytes(), &mut scratch).is_err());
        let other = String::from_utf8(created).unwrap().replacen("entry_created", "entry_retracted", 1);
        assert!(Search::new("zebra").found_in(1, other.as_bytes(), &mut scratch).is_err());
    }
}
