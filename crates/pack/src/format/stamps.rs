//! Where a pack keeps its RFC 3161 time-stamps:
//!
//! ```text
//! timestamps/anchor-<seq>.txt   the anchor file of checkpoint <seq> (crate::anchor::anchor_data)
//! timestamps/anchor-<seq>.tsr   the TSA's DER TimeStampResp, byte for byte as stored
//! ```

/// The folder.
pub const DIR: &str = "timestamps/";

/// `timestamps/anchor-<seq>.txt`.
pub fn data_name(seq: i64) -> String {
    format!("{DIR}anchor-{seq}.txt")
}

/// `timestamps/anchor-<seq>.tsr`.
pub fn reply_name(seq: i64) -> String {
    format!("{DIR}anchor-{seq}.tsr")
}

/// The record a time-stamp file names, and whether it is the reply (`.tsr`) or the anchor
/// file (`.txt`); `None` for any other name (no leading zeros, nothing else in the folder).
pub fn parse_name(name: &str) -> Option<(i64, bool)> {
    let rest = name.strip_prefix(DIR)?.strip_prefix("anchor-")?;
    let (seq, is_reply) = match (rest.strip_suffix(".tsr"), rest.strip_suffix(".txt")) {
        (Some(seq), _) => (seq, true),
        (None, Some(seq)) => (seq, false),
        _ => return None,
    };
    if seq.is_empty() || seq.starts_with('0') || !seq.bytes().all(|b| b.is_ascii_digit()) || seq.len() > 18 {
        return None;
    }
    Some((seq.parse().ok()?, is_reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_anchor_names_are_read() {
        assert_eq!(parse_name("timestamps/anchor-214.tsr"), Some((214, true)));
        assert_eq!(parse_name("timestamps/anchor-7.txt"), Some((7, false)));
        for bad in [
            "timestamps/anchor-07.tsr",
            "timestamps/anchor-.tsr",
            "timestamps/anchor-1.tsq",
            "timestamps/x",
            "anchor-1.tsr",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }
}
