//! How every JSON file of a pack is written, so the same state gives the same bytes.

use serde::Serialize;

/// Serialises a pack JSON file: pretty, two-space indent, trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_else(|_| unreachable!("pack JSON always serialises"));
    out.push(b'\n');
    out
}
