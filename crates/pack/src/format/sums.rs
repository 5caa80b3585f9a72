//! SHA256SUMS: coreutils `sha256sum` lines (`<hex>  <name>`) for every file written before it,
//! so an officer can run `sha256sum -c SHA256SUMS` in the unzipped folder.

use std::collections::BTreeMap;

use super::FileDigest;

/// The file's text for these files, in name order.
pub fn render(files: &BTreeMap<String, FileDigest>) -> String {
    files.iter().map(|(name, d)| format!("{}  {name}\n", d.sha256)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_what_sha256sum_checks() {
        let mut files = BTreeMap::new();
        files.insert("b.txt".to_owned(), FileDigest { sha256: "bb".into(), size: 1 });
        files.insert("a.txt".to_owned(), FileDigest { sha256: "aa".into(), size: 1 });
        assert_eq!(render(&files), "aa  a.txt\nbb  b.txt\n");
    }
}
