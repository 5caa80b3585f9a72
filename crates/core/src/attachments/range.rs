//! Which bytes of an attachment to serve for one HTTP request (RFC 9110 §14), so a voicemail or
//! a video plays from memory a piece at a time.
//!
//! The webview's media player asks for `bytes=START-` and then for later pieces as it plays or
//! seeks. Whatever it asks, at most [`MAX_RANGE_BYTES`] are served in one answer (the
//! `Content-Range` says exactly which; players then ask for the next piece), so a 2 GiB video
//! never needs a 2 GiB buffer. Pure: no vault, no I/O, so every hostile header is a unit test.

use thiserror::Error;

/// The most plaintext bytes one answer carries. Four chunks: enough that playback is not a
/// stream of tiny requests, small enough that memory stays flat whatever the file's size.
pub const MAX_RANGE_BYTES: u64 = 4 * 1024 * 1024;

/// A span of an attachment: `len` bytes from `start` (`len` is 0 only for an empty file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: u64,
    /// How many bytes.
    pub len: u64,
}

impl Span {
    /// The `Content-Range` value for this span of a file of `size` bytes.
    pub fn content_range(&self, size: u64) -> String {
        if self.len == 0 {
            return format!("bytes */{size}");
        }
        format!("bytes {}-{}/{size}", self.start, self.start + self.len - 1)
    }
}

/// What to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 200: the whole file (no `Range` asked, and the file fits in one answer).
    Whole(Span),
    /// 206 Partial Content with this span.
    Partial(Span),
}

impl Answer {
    /// The bytes to read.
    pub fn span(&self) -> Span {
        match self {
            Answer::Whole(s) | Answer::Partial(s) => *s,
        }
    }
}

/// Why a `Range` header cannot be answered: each is a 416 with `Content-Range: bytes */SIZE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RangeError {
    /// Not `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX` (a number too large for 64 bits,
    /// a sign, a reversed range or another unit included).
    #[error("the byte range is not understood")]
    Malformed,
    /// More than one range: answering would mean a multipart body; a media player asks for one.
    #[error("only one byte range can be asked for at a time")]
    MultiRange,
    /// The range starts at or beyond the end of the file (or the file is empty).
    #[error("the byte range is beyond the end of the file")]
    BeyondEnd,
}

/// The answer to a request with `range` (the `Range` header, if any) for a file of `size` bytes.
pub fn plan(range: Option<&str>, size: u64) -> Result<Answer, RangeError> {
    let Some(header) = range else {
        // A request for the whole file: served whole only if it fits one answer; otherwise the
        // first piece, which media players accept and follow with ranged requests.
        return Ok(if size <= MAX_RANGE_BYTES {
            Answer::Whole(Span { start: 0, len: size })
        } else {
            Answer::Partial(Span { start: 0, len: MAX_RANGE_BYTES })
        });
    };
    let header = header.trim();
    let spec = match header.split_once('=') {
        Some((unit, spec)) if unit.trim().eq_ignore_ascii_case("bytes") => spec.trim(),
        _ => return Err(RangeError::Malformed),
    };
    if spec.contains(',') {
        return Err(RangeError::MultiRange);
    }
    let (first, last) = spec.split_once('-').ok_or(RangeError::Malformed)?;
    let (first, last) = (number(first.trim())?, number(last.trim())?);
    let (start, end) = match (first, last) {
        (Some(first), Some(last)) if first > last => return Err(RangeError::Malformed),
        (Some(first), last) => {
            if first >= size {
                return Err(RangeError::BeyondEnd);
            }
            (first, last.map_or(size - 1, |l| l.min(size - 1)))
        }
        (None, Some(suffix)) => {
            if suffix == 0 || size == 0 {
                return Err(RangeError::BeyondEnd);
            }
            (size - suffix.min(size), size - 1)
        }
        (None, None) => return Err(RangeError::Malformed),
    };
    let len = (end - start + 1).min(MAX_RANGE_BYTES);
    Ok(Answer::Partial(Span { start, len }))
}

/// An empty string is no number; otherwise ASCII digits only (`u64::from_str` takes a `+`),
/// and nothing beyond 64 bits.
fn number(text: &str) -> Result<Option<u64>, RangeError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RangeError::Malformed);
    }
    text.parse().map(Some).map_err(|_| RangeError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn partial(start: u64, len: u64) -> Result<Answer, RangeError> {
        Ok(Answer::Partial(Span { start, len }))
    }

    #[test]
    fn ordinary_ranges_are_served_as_asked() {
        assert_eq!(plan(Some("bytes=0-99"), 1000), partial(0, 100));
        assert_eq!(plan(Some("bytes=900-"), 1000), partial(900, 100));
        assert_eq!(plan(Some("bytes=-100"), 1000), partial(900, 100));
        assert_eq!(plan(Some("bytes=999-999"), 1000), partial(999, 1));
        assert_eq!(plan(Some(" Bytes = 10 - 19 "), 1000), partial(10, 10));
    }

    #[test]
    fn a_range_past_the_end_is_cut_at_the_end() {
        assert_eq!(plan(Some("bytes=500-5000"), 1000), partial(500, 500));
        assert_eq!(plan(Some("bytes=-5000"), 1000), partial(0, 1000));
    }

    #[test]
    fn a_large_file_is_served_a_bounded_piece_at_a_time() {
        let two_gib = 2048 * MIB;
        assert_eq!(plan(None, two_gib), partial(0, MAX_RANGE_BYTES));
        assert_eq!(plan(Some("bytes=0-"), two_gib), partial(0, MAX_RANGE_BYTES));
        assert_eq!(plan(Some(&format!("bytes=0-{}", two_gib - 1)), two_gib), partial(0, MAX_RANGE_BYTES));
        assert_eq!(plan(Some("bytes=-999999999999"), two_gib), partial(0, MAX_RANGE_BYTES));
        assert_eq!(plan(Some("bytes=2147483000-"), two_gib), partial(2_147_483_000, two_gib - 2_147_483_000));
    }

    #[test]
    fn a_small_file_without_a_range_is_served_whole() {
        assert_eq!(plan(None, 1000), Ok(Answer::Whole(Span { start: 0, len: 1000 })));
        assert_eq!(plan(None, 0), Ok(Answer::Whole(Span { start: 0, len: 0 })));
    }

    #[test]
    fn hostile_ranges_are_refused_not_wrapped() {
        let size = 1000;
        for (header, expected) in [
            ("bytes=18446744073709551616-", RangeError::Malformed), // 2^64
            ("bytes=0-18446744073709551616", RangeError::Malformed),
            ("bytes=-18446744073709551616", RangeError::Malformed),
            ("bytes=500-100", RangeError::Malformed), // reversed
            ("bytes=+5-10", RangeError::Malformed),
            ("bytes=-", RangeError::Malformed),
            ("bytes=5", RangeError::Malformed),
            ("bytes=a-b", RangeError::Malformed),
            ("bytes=-5-10", RangeError::Malformed),
            ("items=0-10", RangeError::Malformed),
            ("0-10", RangeError::Malformed),
            ("", RangeError::Malformed),
            ("bytes=0-1,5-9", RangeError::MultiRange),
            ("bytes=0-0,-1", RangeError::MultiRange),
            ("bytes=1000-", RangeError::BeyondEnd),
            ("bytes=1000-2000", RangeError::BeyondEnd),
            ("bytes=18446744073709551615-", RangeError::BeyondEnd), // u64::MAX: no +1 overflow
            ("bytes=-0", RangeError::BeyondEnd),
        ] {
            assert_eq!(plan(Some(header), size), Err(expected), "{header:?}");
        }
        assert_eq!(plan(Some("bytes=0-"), 0), Err(RangeError::BeyondEnd), "empty file");
        assert_eq!(plan(Some("bytes=-1"), 0), Err(RangeError::BeyondEnd), "empty file");
        assert_eq!(plan(Some("bytes=18446744073709551614-18446744073709551615"), u64::MAX), partial(u64::MAX - 1, 1));
    }

    #[test]
    fn content_range_names_the_bytes_sent() {
        assert_eq!(Span { start: 0, len: 100 }.content_range(1000), "bytes 0-99/1000");
        assert_eq!(Span { start: 0, len: 0 }.content_range(0), "bytes */0");
    }
}
