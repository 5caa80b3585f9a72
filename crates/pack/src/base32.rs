//! RFC 4648 base32 (`A`-`Z`, `2`-`7`) for codes a person reads aloud, writes down or types:
//! the recovery key and witness codes. One alphabet and one reading of typos, in one place.

/// The RFC 4648 alphabet.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The 5-bit value of a typed character: case does not matter, and `0`/`1`/`8` are read as
/// `O`/`I`/`B`, the usual misreadings (they are not in the alphabet, so nothing is lost).
pub fn value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        '0' => 'O',
        '1' => 'I',
        '8' => 'B',
        other => other,
    };
    ALPHABET.iter().position(|&b| b as char == c).map(|v| v as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_characters_are_read_forgivingly() {
        assert_eq!(value('a'), Some(0));
        assert_eq!(value('7'), Some(31));
        assert_eq!(value('0'), value('O'));
        assert_eq!(value('1'), value('I'));
        assert_eq!(value('8'), value('B'));
        assert_eq!(value('9'), None);
        assert_eq!(value('-'), None);
    }
}
