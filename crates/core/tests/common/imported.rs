//! What the importer tests ask of an import: run it with the accounting checked, list what it
//! added, find an entry by its title, and name a file's bytes by their SHA-256.

use std::path::Path;

use casebook_core::import::ImportOptions;
use casebook_core::{EntryFilter, EntrySummary, ImportReport};

use super::TestVault;

/// Imports `path`, insisting that every item is accounted for (imported + already there + not
/// chosen + unreadable = items in the file).
pub fn import_checked(tv: &mut TestVault, path: &Path, options: &ImportOptions) -> ImportReport {
    let report = tv.vault.import(path, options, &mut |_, _| true).unwrap();
    assert!(report.counts.holds(), "{:?}", report.counts);
    report
}

/// Every entry of the vault, as the diary lists them.
pub fn all_entries(tv: &TestVault) -> Vec<EntrySummary> {
    tv.vault.list_entries(&EntryFilter::default()).unwrap()
}

/// The entry whose title starts with `start`; fails listing the titles there are.
pub fn titled<'a>(list: &'a [EntrySummary], start: &str) -> &'a EntrySummary {
    list.iter().find(|e| e.fields.title.starts_with(start)).unwrap_or_else(|| {
        let titles: Vec<_> = list.iter().map(|e| e.fields.title.as_str()).collect();
        panic!("no entry titled {start:?}; have {titles:#?}")
    })
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    casebook_crypto::sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
