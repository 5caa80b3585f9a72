//! Entry versions already opened and decoded while the vault is unlocked, by ledger seq.
//!
//! The diary asks for every entry three times each time it opens (the list, the weekly counts
//! and the pattern), and again after each save: on a 10,000-entry vault, opening, checking and
//! parsing every record each time cost about 100 ms a pass on a busy 2-core machine, which kept
//! the charts from showing a just-saved entry promptly. A ledger record never changes once
//! written (a new version is a new seq), so what was checked once stays true until it is purged:
//! [`Vault::purge_entry`](crate::Vault::purge_entry) empties this. The plaintext lives only as long
//! as the unlocked vault (it goes when the vault is dropped at lock, and the app's allocator wipes
//! freed memory), as the lists handed to the screen already do.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ledger::Version;

/// Beyond this many versions the cache starts again, so memory stays bounded whatever the diary's
/// size (a 100,000-message import is about 50 MiB of decoded text).
const MAX_VERSIONS: usize = 200_000;

#[derive(Default)]
pub(crate) struct DecodedVersions {
    // Shared, not copied out: a page of the diary sorts every matching entry but builds only the
    // page's lines, so each look-up costs a reference count, not a copy of the entry's text.
    by_seq: RefCell<HashMap<i64, Arc<Version>>>,
}

impl DecodedVersions {
    /// The version recorded at `seq`, if it was decoded before.
    pub(crate) fn get(&self, seq: i64) -> Option<Arc<Version>> {
        self.by_seq.borrow().get(&seq).cloned()
    }

    /// Keeps a version just opened and checked against its commitment.
    pub(crate) fn keep(&self, seq: i64, version: Version) -> Arc<Version> {
        let version = Arc::new(version);
        let mut map = self.by_seq.borrow_mut();
        if map.len() >= MAX_VERSIONS {
            map.clear();
        }
        map.insert(seq, Arc::clone(&version));
        version
    }

    /// Forgets everything (after a purge erased records).
    pub(crate) fn clear(&self) {
        self.by_seq.borrow_mut().clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use casebook_crypto::Passphrase;

    use crate::{EntryFields, EntryFilter, EntryKind, KdfPolicy, SystemClock, Vault};

    /// A purge erases the records; the decoded copies of them must go too, not wait for the lock.
    #[test]
    fn a_purge_forgets_every_decoded_version() {
        let dir = tempfile::tempdir().unwrap();
        let (mut vault, _recovery) = Vault::create(
            &dir.path().join("v.casebook"),
            Passphrase::from("a passphrase for the test"),
            KdfPolicy::InsecureTestOnly,
            Box::new(SystemClock),
        )
        .unwrap();
        let at = "2026-03-01T10:00:00+00:00".parse().unwrap();
        let id = vault.add_entry(EntryFields::new(EntryKind::Call, "Words to erase", at)).unwrap();
        vault.add_entry(EntryFields::new(EntryKind::Call, "Kept", at)).unwrap();
        assert_eq!(vault.list_entries(&EntryFilter::default()).unwrap().len(), 2);
        assert_eq!(vault.decoded.by_seq.borrow().len(), 2);
        vault.purge_entry(id, None).unwrap();
        assert!(vault.decoded.by_seq.borrow().is_empty());
        let left = vault.list_entries(&EntryFilter::default()).unwrap();
        assert_eq!(left.iter().map(|e| e.fields.title.as_str()).collect::<Vec<_>>(), ["Kept"]);
    }
}
