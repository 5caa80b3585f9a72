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

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::rc::Rc;

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

    /// Whether a value ran past its limit.
    pub fn too_large(&self) -> bool {
        self.too_large.get()
    }

    /// Counts the line ends handed out since the last count.
    fn count_lines(&self) {
        let (from, to) = (self.counted.get(), self.pos.get());
        let ends = self.buf.borrow()[from..to].iter().filter(|b| **b == b'\n').count();
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

/// The reader: hands out the bytes of its buffer, and stops a copy that passes its limit.
pub(crate) struct Tracked<R> {
    inner: R,
    track: Rc<Track>,
}

impl<R: Read> Tracked<R> {
    pub fn new(inner: R) -> (Self, Rc<Track>) {
        Self::with_capacity(inner, BUFFER)
    }

    fn with_capacity(inner: R, capacity: usize) -> (Self, Rc<Track>) {
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
