//! WhatsApp's fixed phrases (media left out, deleted, missed calls, polls, notices) in the
//! languages people export in, for iPhone and Android, read from `whatsapp_phrases.tsv`: one
//! row per phrase, language and platform, with where the phrase came from.
//!
//! They only *label* a line: whether a line is a message is decided by its structure (a
//! timestamp, a sender, a body), so a phrase missing here, in any language, leaves the line a
//! message, never a dropped line. Only rows meaning [`Means::Notice`] make a line a notice,
//! and only on an iPhone line carrying WhatsApp's U+200E mark (Android writes its notices
//! without a sender, so they never reach here).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The table, built into the program; the tests read the same file.
pub(crate) const TABLE: &str = include_str!("whatsapp_phrases.tsv");

/// What a fixed phrase says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Means {
    /// A notice WhatsApp writes into the chat (encryption, security code, blocking): not a
    /// message of the sender's. Its kind in plain words ("security or blocking notice").
    Notice(&'static str),
    /// Media sent, left out of the export: what kind, in plain English.
    Omitted(&'static str),
    /// Something that happened, in WhatsApp's words: what, in plain English.
    Event(&'static str),
}

/// Which phone wrote the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Platform {
    Ios,
    Android,
}

/// How a row's phrase is compared with a line's body (both [`normalise`]d).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// The whole body.
    Whole,
    /// The body ends with it (the security-code notice names the contact first; Android
    /// appends its "edited" marker to the text).
    Ending,
    /// The body's first line (a poll: `POLL:`, then the question and options).
    FirstLine,
}

/// One phrase.
#[derive(Debug)]
pub(crate) struct Row {
    /// BCP 47 language.
    pub lang: &'static str,
    pub platform: Platform,
    /// As WhatsApp writes it, after the U+200E mark (compared through `key`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub phrase: &'static str,
    pub matching: Match,
    pub means: Means,
    /// Where the phrase was taken from (kept with it for whoever checks the table).
    #[cfg_attr(not(test), allow(dead_code))]
    pub source: &'static str,
    /// `phrase`, normalised for comparison.
    key: String,
}

/// A malformed row of the table (a bug in the table, caught by the tests).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadRow {
    pub line: usize,
    pub why: &'static str,
}

/// Every row of `table`, or the first bad one.
pub(crate) fn parse(table: &'static str) -> Result<Vec<Row>, BadRow> {
    let mut rows = Vec::new();
    for (i, line) in table.lines().enumerate() {
        let bad = |why| BadRow { line: i + 1, why };
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [lang, platform, matching, means, phrase, source] = cols[..] else {
            return Err(bad("not six tab-separated columns"));
        };
        let platform = match platform {
            "ios" => Platform::Ios,
            "android" => Platform::Android,
            _ => return Err(bad("platform is not ios or android")),
        };
        let matching = match matching {
            "whole" => Match::Whole,
            "ending" => Match::Ending,
            "first-line" => Match::FirstLine,
            _ => return Err(bad("match is not whole, ending or first-line")),
        };
        let means = means_of(means).ok_or_else(|| bad("unknown meaning"))?;
        if phrase.trim() != phrase || phrase.is_empty() || source.trim().is_empty() || lang.is_empty() {
            return Err(bad("empty or padded phrase, source or language"));
        }
        rows.push(Row { lang, platform, phrase, matching, means, source, key: normalise(phrase) });
    }
    Ok(rows)
}

fn means_of(word: &str) -> Option<Means> {
    use Means::{Event, Notice, Omitted};
    Some(match word {
        // The iPhone's encryption, security-code and blocking notices: one kind in the accounting.
        "notice" => Notice("security or blocking notice"),
        "picture" => Omitted("picture"),
        "video" => Omitted("video"),
        "audio" => Omitted("audio"),
        "gif" => Omitted("GIF"),
        "sticker" => Omitted("sticker"),
        "document" => Omitted("document"),
        "contact" => Omitted("contact card"),
        // Android's one phrase for every kind of media.
        "media" => Omitted("photo, video or file"),
        "deleted" => Event("a deleted message"),
        "missed-voice" => Event("a missed voice call"),
        "missed-video" => Event("a missed video call"),
        "missed-group-voice" => Event("a missed group voice call"),
        "poll" => Event("a poll"),
        "edited" => Event("an edited message"),
        _ => return None,
    })
}

/// The full stops [`normalise`] drops at the end: Latin, Urdu, Devanagari.
const FULL_STOPS: [char; 3] = ['.', '۔', '।'];

/// The first and last characters [`normalise`] would give `text`, found without building it
/// (`None` when it would be empty). A phrase can only match a body whose normalised ends are
/// its own, so almost every message is ruled out by these two characters before anything is
/// lower-cased or copied.
fn normalised_ends(text: &str) -> Option<(char, char)> {
    let kept = |c: &char| !is_bidi_mark(*c);
    let first = text.chars().filter(kept).find(|c| !c.is_whitespace())?.to_lowercase().next()?;
    let mut back = text.chars().rev().filter(kept).skip_while(|c| c.is_whitespace());
    let last = back.next()?.to_lowercase().last()?;
    if !FULL_STOPS.contains(&last) {
        return Some((first, last));
    }
    // That full stop is dropped: what comes before it ends the text (a space, if spaces did
    // and something is before them).
    match back.next()? {
        c if c.is_whitespace() => back.find(|c| !c.is_whitespace()).map(|_| (first, ' ')),
        c => Some((first, c.to_lowercase().last()?)),
    }
}

/// For comparison: bidi marks removed, spaces collapsed, lower case, one final full stop
/// (Latin, Urdu or Devanagari) dropped. WhatsApp writes some phrases with a full stop on one
/// platform and without on the other.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if is_bidi_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    if let Some(last) = out.chars().last()
        && FULL_STOPS.contains(&last)
    {
        out.truncate(out.len() - last.len_utf8());
    }
    out
}

/// Invisible direction marks phones put around right-to-left text and numbers.
pub(crate) fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a carriage return or a character [`is_bidi_mark`] names, read from the
/// bytes of their UTF-8 forms (`\r`; U+061C is D8 9C; U+200E–U+200F and U+202A–U+202E are
/// E2 80 xx; U+2066–U+2069 are E2 81 xx) instead of decoding every character of every message.
pub(crate) fn has_cr_or_bidi_mark(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\r' => true,
        0xd8 => b.get(i + 1) == Some(&0x9c),
        0xe2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(n)) => matches!(n, 0x8e | 0x8f | 0xaa..=0xae),
            (Some(0x81), Some(n)) => matches!(n, 0xa6..=0xa9),
            _ => false,
        },
        _ => false,
    })
}

struct Table {
    rows: Vec<Row>,
    /// Whole-body rows by normalised phrase, iPhone then Android: the common case, looked up
    /// once per line.
    whole: [HashMap<String, usize>; 2],
    /// The other rows (endings and first lines: a few dozen), compared one by one.
    others: Vec<usize>,
    /// The longest normalised phrase, in bytes: longer bodies skip the whole-body look-up.
    longest: usize,
    /// Per platform, as `whole`: the first and last characters of the whole-body phrases, the
    /// last characters of the endings and the first characters of the first lines, which a
    /// body's [`normalised_ends`] must meet before it is normalised and looked up.
    whole_ends: [HashSet<(char, char)>; 2],
    ending_last: [HashSet<char>; 2],
    first_line_first: [HashSet<char>; 2],
}

fn table() -> &'static Table {
    static TABLE_ROWS: OnceLock<Table> = OnceLock::new();
    TABLE_ROWS.get_or_init(|| {
        // A bad row is a bug in a file built into the program, caught by the tests; should one
        // slip through, no phrase is labelled rather than the import failing.
        let rows = parse(TABLE).unwrap_or_default();
        let mut whole = [HashMap::new(), HashMap::new()];
        let mut others = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            match r.matching {
                Match::Whole => {
                    whole[slot(r.platform)].entry(r.key.clone()).or_insert(i);
                }
                Match::Ending | Match::FirstLine => others.push(i),
            }
        }
        let longest = rows.iter().map(|r| r.key.len()).max().unwrap_or(0);
        let (mut whole_ends, mut ending_last, mut first_line_first) =
            ([HashSet::new(), HashSet::new()], [HashSet::new(), HashSet::new()], [HashSet::new(), HashSet::new()]);
        for r in &rows {
            let (Some(first), Some(last)) = (r.key.chars().next(), r.key.chars().last()) else { continue };
            let s = slot(r.platform);
            match r.matching {
                Match::Whole => whole_ends[s].insert((first, last)),
                Match::Ending => ending_last[s].insert(last),
                Match::FirstLine => first_line_first[s].insert(first),
            };
        }
        Table { rows, whole, others, longest, whole_ends, ending_last, first_line_first }
    })
}

/// Every row, for the tests.
#[cfg(test)]
pub(crate) fn rows() -> &'static [Row] {
    &table().rows
}

/// The row a body matches on `platform`, if any.
pub(crate) fn lookup(body: &str, platform: Platform) -> Option<&'static Row> {
    let t = table();
    // Phrases are short; a long body is someone's text (normalising it would cost time).
    if body.len() > 2 * t.longest + 64 {
        return None;
    }
    let (first, last) = normalised_ends(body)?;
    let s = slot(platform);
    let multi_line = body.contains('\n');
    let may_match = t.whole_ends[s].contains(&(first, last))
        || t.ending_last[s].contains(&last)
        || t.first_line_first[s].contains(&first);
    if !may_match {
        return None;
    }
    let key = normalise(body);
    if let Some(&i) = t.whole[s].get(&key) {
        return t.rows.get(i);
    }
    let first_line = if multi_line { normalise(body.lines().next().unwrap_or_default()) } else { key.clone() };
    t.others.iter().filter_map(|&i| t.rows.get(i)).filter(|r| r.platform == platform).find(|r| match r.matching {
        Match::Whole => false,
        Match::Ending => !multi_line && key.ends_with(&r.key) && key.len() > r.key.len(),
        Match::FirstLine => first_line == r.key,
    })
}

fn slot(platform: Platform) -> usize {
    match platform {
        Platform::Ios => 0,
        Platform::Android => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test finds exactly what a test of every character would, for every character
    /// near the marks' encodings, alone and between other text.
    #[test]
    fn the_byte_test_for_marks_agrees_with_the_character_test() {
        let by_chars = |t: &str| t.contains(|c| c == '\r' || is_bidi_mark(c));
        let near = (0u32..0x80).chain(0x600..0x700).chain(0x2000..0x2100).chain([0xfeff, 0x1f600]);
        for c in near.filter_map(char::from_u32) {
            for text in
                [c.to_string(), format!("مرحبا{c}"), format!("{c} hi"), format!("a{c}\u{2069}b"), format!("x{c}y")]
            {
                assert_eq!(has_cr_or_bidi_mark(&text), by_chars(&text), "{:?}", text);
            }
        }
        assert!(!has_cr_or_bidi_mark(""));
    }

    /// The quick test before a look-up must never rule out a body a phrase matches: its two
    /// characters are exactly the ends of what `normalise` makes, whatever the spacing, marks,
    /// case (including letters whose lower case is longer) and final full stops.
    #[test]
    fn normalised_ends_are_the_ends_of_the_normalised_text() {
        let mut texts: Vec<String> = [
            "",
            " ",
            ".",
            " . ",
            "a",
            "A.",
            "a .",
            "a\u{200f}.",
            "\u{200e}  POLL: \n x",
            "İstanbul İ",
            "x K.",
            "Ende۔",
            "अंत।",
            "two  words\t.",
            "..",
            "a..",
            "\u{202b}تم حذف هذه الرسالة\u{202c}",
            "ǅ",
            "ß.",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        for r in rows() {
            texts.push(r.phrase.to_owned());
            texts.push(format!("\u{200e}{}\u{200f} ", r.phrase.to_uppercase()));
            texts.push(format!("  {}.", r.phrase));
        }
        for t in &texts {
            let n = normalise(t);
            let want = n.chars().next().zip(n.chars().last());
            assert_eq!(normalised_ends(t), want, "{t:?} normalises to {n:?}");
        }
    }

    #[test]
    fn the_table_parses_and_every_phrase_is_found_as_itself() {
        let parsed = parse(TABLE).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parsed.len(), rows().len());
        let mut seen = std::collections::HashSet::new();
        for r in rows() {
            assert!(seen.insert((r.lang, r.platform, r.key.clone())), "{} {} twice", r.lang, r.phrase);
            if r.matching == Match::Ending {
                let line = format!("Something else. {}", r.phrase);
                assert_eq!(lookup(&line, r.platform).map(|f| f.means), Some(r.means), "{}", r.phrase);
            } else {
                let found = lookup(r.phrase, r.platform).map(|f| f.means);
                assert_eq!(found, Some(r.means), "{} {}", r.lang, r.phrase);
            }
        }
    }

    #[test]
    fn every_source_is_a_defined_key_or_a_quoted_sample() {
        let keys: Vec<&str> = TABLE
            .lines()
            .filter_map(|l| l.strip_prefix("# source "))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k))
            .collect();
        assert!(keys.len() >= 4, "{keys:?}");
        for r in rows() {
            let key = r.source.split(';').next().unwrap_or_default().trim();
            assert!(keys.contains(&key) || key.starts_with("sample: "), "{}: source {:?}", r.phrase, r.source);
        }
    }

    #[test]
    fn malformed_rows_are_refused_with_their_line() {
        assert_eq!(parse("en\tios\twhole\tpicture\timage omitted").unwrap_err().line, 1);
        assert_eq!(parse("# c\nen\tmac\twhole\tpicture\tx\ty").unwrap_err().line, 2);
        assert!(parse("en\tios\twhole\tsmell\tx\ty").is_err());
        assert!(parse("en\tios\twhole\tpicture\t x\ty").is_err());
    }

    #[test]
    fn a_sentence_that_merely_contains_a_phrase_is_not_one() {
        assert!(lookup("my image omitted from the album, sorry", Platform::Ios).is_none());
        assert!(lookup("Bild weggelassen?", Platform::Ios).is_none());
        assert!(lookup("I know where you live.\nTap to learn more.", Platform::Ios).is_none());
        assert!(lookup("Tap to learn more.", Platform::Ios).is_none(), "the ending alone is not the notice");
        assert!(lookup("<Medien ausgeschlossen>", Platform::Ios).is_none(), "an Android phrase on an iPhone line");
    }

    #[test]
    fn marks_case_spaces_and_a_final_full_stop_do_not_matter() {
        assert_eq!(normalise("\u{200f}Ta  wiadomość została USUNIĘTA.\u{200e}"), "ta wiadomość została usunięta");
        assert_eq!(normalise("یہ میسج حذف کر دیا گیا ہے۔"), "یہ میسج حذف کر دیا گیا ہے");
        let r = lookup("This message was deleted", Platform::Ios).map(|r| r.means);
        assert_eq!(r, Some(Means::Event("a deleted message")));
    }
}
