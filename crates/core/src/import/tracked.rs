//! A reader under serde_json that knows where the parser is (bytes and lines read) and keeps a
//! copy of the value being read, so a streamed JSON export gives each message's exact bytes
//! (its excerpt) in the same single pass, from a file or from a file inside a zip.
//!
//! serde_json's `from_reader` pulls one byte at a time through this reader, and has read a
//! value's first byte (`{`) when it hands the value to a seed, and nothing past its closing `}`
//! when the seed returns: so the copy is the value exactly.
//!
//! One byte at a time is why the reader keeps its own buffer and does as little as it can per
//! byte: it hands out the byte and moves its place. Line ends are counted, and the copy taken,
//! from the buffer in whole runs, when a seed asks or before the buffer is refilled. Counting
//! and copying byte by byte behind a `BufReader` cost each of the JSON importers a quarter of
//! its import (issue 15).
//!
//! A value the buffer holds whole can also be read without the parser seeing it byte by byte:
//! [`Track::object_in_buffer`] finds its end by a structural scan, the importer parses it from
//! that slice (one parse, borrowing its strings), and [`Track::pass_over`] hands the parser
//! only the value's line ends and the indent before its `}`, so the parser reads `{}` and its
//! lines and columns stay the file's. The scan checks nothing: a slice that does not parse
//! whole is left to the parser, read as before. A slice that does parse whole is the value the
//! parser would have read, since a JSON value ends where it ends whatever follows.

use std::cell::{Cell, Ref, RefCell};
use std::io::Read;
use std::rc::Rc;

/// The most JSON containers open, around a value and inside it, for it to be read from the
/// buffer ([`Track::object_in_buffer`]): far from serde_json's nesting limit (128), so the
/// stream would never have refused the value for its depth.
pub(crate) const FAST_DEPTH: usize = 64;

/// Bytes read from the file at a time.
const BUFFER: usize = 64 * 1024;

/// Where the parser is, shared between the reader and the seeds that read each value.
pub(crate) struct Track {
    /// Bytes read from the file and not yet all handed to the parser.
    buf: RefCell<Vec<u8>>,
    /// How many bytes `buf` may hold.
    capacity: usize,
    /// The parser's place in `buf`: the bytes before it were handed out.
    pos: Cell<usize>,
    /// Bytes of the file before `buf`'s first.
    before: Cell<u64>,
    /// Line ends among the bytes handed out before `counted` (a place in `buf`).
    line_ends: Cell<u64>,
    counted: Cell<usize>,
    /// The value being copied, from its first byte, while one is: the bytes of `buf` from
    /// `copy_from` to `pos` are in it only once the copy is taken or `buf` is refilled.
    copy: RefCell<Option<Vec<u8>>>,
    copy_from: Cell<usize>,
    /// While a value is copied: the most bytes (counted from the file's start) that may be
    /// read before the copy passes its limit.
    copy_ends_by: Cell<Option<u64>>,
    /// A copy ran past its limit: the read was stopped.
    too_large: Cell<bool>,
}

impl Track {
    fn with_capacity(capacity: usize) -> Self {
        Track {
            buf: RefCell::new(Vec::new()),
            capacity: capacity.max(1),
            pos: Cell::new(0),
            before: Cell::new(0),
            line_ends: Cell::new(0),
            counted: Cell::new(0),
            copy: RefCell::new(None),
            copy_from: Cell::new(0),
            copy_ends_by: Cell::new(None),
            too_large: Cell::new(false),
        }
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.before.get() + self.pos.get() as u64
    }

    /// The line the parser is on (from 1).
    pub fn line(&self) -> u64 {
        self.count_lines();
        self.line_ends.get() + 1
    }

    /// Starts copying a value whose first byte (`first`) the parser has already read; a value
    /// longer than `limit` bytes stops the read.
    pub fn start_copy(&self, first: u8, limit: u64) {
        *self.copy.borrow_mut() = Some(vec![first]);
        self.copy_from.set(self.pos.get());
        // The copy holds `first` and every byte read from here on.
        self.copy_ends_by.set(Some(self.bytes() + limit.saturating_sub(1)));
    }

    /// The copied bytes, and stops copying.
    pub fn take_copy(&self) -> Vec<u8> {
        self.save_copy();
        self.copy_ends_by.set(None);
        self.copy.borrow_mut().take().unwrap_or_default()
    }

    /// The object the parser has begun, if the buffer holds it whole and it nests at most
    /// `depth` containers deep (itself included): its bytes from the `{` the parser read to
    /// its `}`, found by a structural scan (strings, their escapes, nesting) that checks
    /// nothing else. Anything that is not valid JSON gives some slice that a JSON parse of it
    /// refuses; a slice that parses is the object the parser would have read.
    pub fn object_in_buffer(&self, depth: usize) -> Option<Ref<'_, [u8]>> {
        let pos = self.pos.get();
        let buf = self.buf.borrow();
        if pos == 0 || buf[pos - 1] != b'{' {
            return None;
        }
        let end = pos + object_end(&buf[pos..], depth)?;
        Some(Ref::map(buf, |b| &b[pos - 1..=end]))
    }

    /// Passes the parser over the object [`Track::object_in_buffer`] gave (`len` bytes, from
    /// the `{` it has read to the `}`). Of the bytes between, the parser is handed only the
    /// line ends and the indent before the `}` (all on one line: a space for each byte), which
    /// are written over the end of them: it reads an empty object, and still counts lines and
    /// columns as they are in the file, so any later error it places is placed right. The
    /// bytes written over were read already.
    pub fn pass_over(&self, len: usize) {
        self.count_lines();
        let pos = self.pos.get();
        let end = pos + len - 2;
        let mut buf = self.buf.borrow_mut();
        assert!(end < buf.len() && buf[end] == b'}', "passed over something not given by object_in_buffer");
        let inside = &buf[pos..end];
        let ends = line_ends(inside);
        let indent = inside.iter().rposition(|b| *b == b'\n').map_or(inside.len(), |last| inside.len() - last - 1);
        let from = end - ends - indent;
        buf[from..from + ends].fill(b'\n');
        buf[from + ends..end].fill(b' ');
        // The line ends before `from` are never handed out; those after are counted as they are.
        self.counted.set(from);
        self.pos.set(from);
    }

    /// Whether a value ran past its limit.
    pub fn too_large(&self) -> bool {
        self.too_large.get()
    }

    /// Counts the line ends handed out since the last count.
    fn count_lines(&self) {
        let (from, to) = (self.counted.get(), self.pos.get());
        let ends = line_ends(&self.buf.borrow()[from..to]);
        self.line_ends.set(self.line_ends.get() + ends as u64);
        self.counted.set(to);
    }

    /// Adds the bytes handed out since the copy was last saved to it.
    fn save_copy(&self) {
        if let Some(copy) = self.copy.borrow_mut().as_mut() {
            let (from, to) = (self.copy_from.get(), self.pos.get());
            copy.extend_from_slice(&self.buf.borrow()[from..to]);
            self.copy_from.set(to);
        }
    }

    /// Once every byte of `buf` was handed out: counts and copies them, then reads the next
    /// bytes of the file into it. `false` at the end of the file.
    fn refill(&self, inner: &mut dyn Read) -> std::io::Result<bool> {
        self.count_lines();
        self.save_copy();
        let mut buf = self.buf.borrow_mut();
        self.before.set(self.before.get() + buf.len() as u64);
        buf.resize(self.capacity, 0);
        let n = loop {
            match inner.read(&mut buf[..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    buf.clear();
                    return Err(e);
                }
                Ok(n) => break n,
            }
        };
        buf.truncate(n);
        self.pos.set(0);
        self.counted.set(0);
        self.copy_from.set(0);
        Ok(n > 0)
    }
}

impl Default for Track {
    fn default() -> Self {
        Track::with_capacity(BUFFER)
    }
}

/// Where the object whose `{` came just before `bytes` ends: the place of its `}` in `bytes`,
/// if it is there and nests at most `depth` deep. Inside strings only `"` and `\\` count;
/// outside, brackets of either kind open and close.
fn object_end(bytes: &[u8], depth: usize) -> Option<usize> {
    if depth == 0 {
        return None;
    }
    let mut open = 1usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = quote_or_backslash(bytes, i + 1)?;
                while bytes[i] == b'\\' {
                    i = quote_or_backslash(bytes, i + 2)?;
                }
            }
            b'{' | b'[' => {
                open += 1;
                if open > depth {
                    return None;
                }
            }
            b'}' | b']' => {
                open -= 1;
                if open == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The place of the first `"` or `\\` in `bytes` from `from`: eight bytes at a time (most of a
/// message is the insides of its strings).
fn quote_or_backslash(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    for (n, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?);
        let (quote, backslash) = (word ^ (ONES * u64::from(b'"')), word ^ (ONES * u64::from(b'\\')));
        // A byte of `quote` or `backslash` that is zero: the lowest found is the first match.
        let found = ((quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash)) & (ONES << 7);
        if found != 0 {
            return Some(from + n * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    let at = tail.iter().position(|&b| b == b'"' || b == b'\\')?;
    Some(from + rest.len() - tail.len() + at)
}

/// How many line ends `bytes` holds (written so that it is counted many bytes at a time).
fn line_ends(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b == b'\n')).sum()
}

/// The reader: hands out the bytes of its buffer, and stops a copy that passes its limit.
pub(crate) struct Tracked<R> {
    inner: R,
    track: Rc<Track>,
}

impl<R: Read> Tracked<R> {
    pub fn new(inner: R) -> (Self, Rc<Track>) {
        Self::with_capacity(inner, BUFFER)
    }

    pub(crate) fn with_capacity(inner: R, capacity: usize) -> (Self, Rc<Track>) {
        let track = Rc::new(Track::with_capacity(capacity));
        (Tracked { inner, track: track.clone() }, track)
    }
}

impl<R: Read> Tracked<R> {
    /// The rest of [`Read::read`]: several bytes asked at once, the buffer used up, or a copy
    /// at its limit.
    #[cold]
    #[inline(never)]
    fn read_more(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let t = &*self.track;
        if out.is_empty() {
            return Ok(0);
        }
        if t.pos.get() == t.buf.borrow().len() && !t.refill(&mut self.inner)? {
            return Ok(0);
        }
        let pos = t.pos.get();
        let n = {
            let buf = t.buf.borrow();
            let n = out.len().min(buf.len() - pos);
            out[..n].copy_from_slice(&buf[pos..pos + n]);
            n
        };
        t.pos.set(pos + n);
        if t.copy_ends_by.get().is_some_and(|end| t.bytes() > end) {
            t.too_large.set(true);
            return Err(std::io::Error::other("a value is larger than the limit"));
        }
        Ok(n)
    }
}

impl<R: Read> Read for Tracked<R> {
    /// serde_json asks for one byte at a time: that case is kept small enough to be inlined
    /// into its parser (a byte in the buffer, and no copy at its limit).
    #[inline]
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let t = &*self.track;
        if let [slot] = out {
            let pos = t.pos.get();
            let within = t.copy_ends_by.get().is_none_or(|end| t.before.get() + (pos as u64) < end);
            if within && let Some(&byte) = t.buf.borrow().get(pos) {
                *slot = byte;
                t.pos.set(pos + 1);
                return Ok(1);
            }
        }
        self.read_more(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde::de::{DeserializeSeed, Deserializer};

    /// Copies each element of a list, as the importers' seeds do, with its line and limit.
    struct Copy<'a>(&'a Rc<Track>, &'a mut Vec<(u64, u64, Vec<u8>)>, u64);

    impl<'de> DeserializeSeed<'de> for Copy<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            let start = self.0.bytes() - 1;
            let line = self.0.line();
            self.0.start_copy(b'{', self.2);
            let read = serde::de::IgnoredAny::deserialize(d);
            let copy = self.0.take_copy();
            read?;
            self.1.push((start, line, copy));
            Ok(())
        }
    }

    struct List<'a>(&'a Rc<Track>, &'a mut Vec<(u64, u64, Vec<u8>)>, u64);

    impl<'de> serde::de::Visitor<'de> for List<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Copy(self.0, &mut *self.1, self.2))?.is_some() {}
            Ok(())
        }
    }

    /// Each value copied: where it starts, its line, its bytes.
    type Values = Vec<(u64, u64, Vec<u8>)>;

    /// Every value of `text` (a JSON list) with its place and line, read through a buffer of
    /// `capacity` bytes, each value allowed `limit` bytes; and the line the parser ended on.
    fn values(text: &[u8], capacity: usize, limit: u64) -> Result<(Values, u64, bool), String> {
        let (reader, track) = Tracked::with_capacity(text, capacity);
        let mut de = serde_json::Deserializer::from_reader(reader);
        let mut got = Vec::new();
        let read = (&mut de).deserialize_seq(List(&track, &mut got, limit));
        read.map(|()| (got, track.line(), track.too_large()))
            .map_err(|e| format!("{e} (too large: {})", track.too_large()))
    }

    #[test]
    fn each_value_is_copied_exactly_where_it_is_whatever_the_buffer() {
        let text = b"[ {\"a\": 1, \"b\": [2, {\"c\": \"}\"}]} ,\n  {\"d\" : 10 }\n,\n\n{\"e\":\n\"\\u00e9\"} ]\n";
        for capacity in [1, 2, 3, 5, 7, 16, BUFFER] {
            let (got, last_line, _) = values(text, capacity, 1000).unwrap_or_else(|e| panic!("{capacity}: {e}"));
            assert_eq!(got.len(), 3, "buffer of {capacity}");
            for (start, _, bytes) in &got {
                assert_eq!(&text[*start as usize..*start as usize + bytes.len()], &bytes[..], "buffer of {capacity}");
            }
            assert_eq!(got[1].2, b"{\"d\" : 10 }", "buffer of {capacity}");
            let lines: Vec<u64> = got.iter().map(|(_, line, _)| *line).collect();
            assert_eq!(lines, [1, 2, 5], "buffer of {capacity}");
            assert_eq!(last_line, 6, "buffer of {capacity}");
        }
    }

    #[test]
    fn quotes_and_backslashes_are_found_eight_bytes_at_a_time_as_one_at_a_time() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let bytes: Vec<u8> =
                (0..len).map(|i| b"ab\"\\\x00\x7f\x80\xff\\n"[((seed >> (i % 60)) % 9) as usize]).collect();
            for from in 0..=len + 1 {
                let naive =
                    bytes.get(from..).and_then(|r| r.iter().position(|&b| b == b'"' || b == b'\\')).map(|p| from + p);
                assert_eq!(quote_or_backslash(&bytes, from), naive, "{bytes:?} from {from}");
            }
        }
    }

    #[test]
    fn an_object_ends_at_its_own_closing_brace() {
        let cases: [(&[u8], Option<usize>); 7] = [
            (b"}", Some(0)),
            (b"\"a\": \"}\\\"]\"} ,", Some(11)),
            (b"\"a\": [{}, [\"\\\\\"]]}", Some(17)),
            (b"\"a\": \"\\\"", None),
            (b"\"a\": [[[1]]]}", None),
            (b"\"a\": [1]]", Some(8)),
            (b"", None),
        ];
        for (bytes, end) in cases {
            assert_eq!(object_end(bytes, 3), end, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn a_value_past_its_limit_stops_the_read_and_one_at_it_does_not() {
        let text = b"[{\"a\": \"0123456789\"}, {}]";
        let first = b"{\"a\": \"0123456789\"}".len() as u64;
        for capacity in [1, 4, BUFFER] {
            let (got, _, large) = values(text, capacity, first).unwrap_or_else(|e| panic!("{capacity}: {e}"));
            assert_eq!((got.len(), large), (2, false), "buffer of {capacity}");
            let err = values(text, capacity, first - 1).map(|_| ()).unwrap_err();
            assert!(err.contains("too large: true"), "buffer of {capacity}: {err}");
        }
    }
}
