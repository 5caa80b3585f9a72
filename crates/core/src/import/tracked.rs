//! A reader under serde_json that knows where the parser is (bytes and lines read) and keeps a
//! copy of the value being read, so a streamed JSON export gives each message's exact bytes
//! (its excerpt) in the same single pass, from a file or from a file inside a zip.
//!
//! serde_json's `from_reader` pulls one byte at a time through this reader (it is buffered
//! underneath), and has read a value's first byte (`{`) when it hands the value to a seed,
//! and nothing past its closing `}` when the seed returns: so the copy is the value exactly.

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::rc::Rc;

/// Where the parser is, shared between the reader and the seeds that read each value.
#[derive(Default)]
pub(crate) struct Track {
    /// Bytes read by the parser.
    bytes: Cell<u64>,
    /// Line ends among them.
    line_ends: Cell<u64>,
    /// The value being copied, from its first byte, while one is.
    copy: RefCell<Option<Vec<u8>>>,
    /// The most a copy may hold.
    limit: Cell<u64>,
    /// A copy ran past its limit: the read was stopped.
    too_large: Cell<bool>,
}

impl Track {
    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.get()
    }

    /// The line the parser is on (from 1).
    pub fn line(&self) -> u64 {
        self.line_ends.get() + 1
    }

    /// Starts copying a value whose first byte (`first`) the parser has already read; a value
    /// longer than `limit` bytes stops the read.
    pub fn start_copy(&self, first: u8, limit: u64) {
        self.limit.set(limit);
        *self.copy.borrow_mut() = Some(vec![first]);
    }

    /// The copied bytes, and stops copying.
    pub fn take_copy(&self) -> Vec<u8> {
        self.copy.borrow_mut().take().unwrap_or_default()
    }

    /// Whether a value ran past its limit.
    pub fn too_large(&self) -> bool {
        self.too_large.get()
    }
}

/// The reader: counts, and copies while asked to.
pub(crate) struct Tracked<R> {
    inner: R,
    track: Rc<Track>,
}

impl<R: Read> Tracked<R> {
    pub fn new(inner: R) -> (Self, Rc<Track>) {
        let track = Rc::new(Track::default());
        (Tracked { inner, track: track.clone() }, track)
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        let t = &self.track;
        t.bytes.set(t.bytes.get() + n as u64);
        t.line_ends.set(t.line_ends.get() + read.iter().filter(|b| **b == b'\n').count() as u64);
        if let Some(copy) = t.copy.borrow_mut().as_mut() {
            copy.extend_from_slice(read);
            if copy.len() as u64 > t.limit.get() {
                t.too_large.set(true);
                return Err(std::io::Error::other("a value is larger than the limit"));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde::de::{DeserializeSeed, Deserializer};

    /// Copies each element of a list, as the importers' seeds do.
    struct Copy<'a>(&'a Rc<Track>, &'a mut Vec<(u64, Vec<u8>)>);

    impl<'de> DeserializeSeed<'de> for Copy<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            let start = self.0.bytes() - 1;
            self.0.start_copy(b'{', 1000);
            serde::de::IgnoredAny::deserialize(d)?;
            self.1.push((start, self.0.take_copy()));
            Ok(())
        }
    }

    #[test]
    fn each_value_is_copied_exactly_where_it_is() {
        let text = b"[ {\"a\": 1, \"b\": [2, {\"c\": \"}\"}]} ,\n  {\"d\" : 10 } ]";
        let (reader, track) = Tracked::new(&text[..]);
        let mut de = serde_json::Deserializer::from_reader(reader);
        let mut got = Vec::new();
        struct List<'a>(&'a Rc<Track>, &'a mut Vec<(u64, Vec<u8>)>);
        impl<'de> serde::de::Visitor<'de> for List<'_> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                while seq.next_element_seed(Copy(self.0, &mut *self.1))?.is_some() {}
                Ok(())
            }
        }
        (&mut de).deserialize_seq(List(&track, &mut got)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.len(), 2);
        for (start, bytes) in &got {
            assert_eq!(&text[*start as usize..*start as usize + bytes.len()], &bytes[..]);
        }
        assert_eq!(got[1].1, b"{\"d\" : 10 }");
        assert_eq!(track.line(), 2);
    }
}
