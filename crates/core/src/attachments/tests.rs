//! A full disk, simulated with SQLite's page limit (what SQLite reports on a full disk is
//! the same SQLITE_FULL): nothing partial is stored and the vault still opens.

use std::sync::Arc;

use chrono::Utc;

use crate::{Credential, EntryFields, EntryKind, KdfPolicy, ManualClock, Vault, VaultError};

#[test]
fn a_full_disk_stores_nothing_partial_and_the_vault_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.casebook");
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let (mut vault, _) =
        Vault::create(&path, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(clock.clone())).unwrap();
    let id = vault.add_entry(EntryFields::new(EntryKind::Call, "before", Utc::now().into())).unwrap();
    let pages: i64 = vault.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    vault.conn.pragma_update(None, "max_page_count", pages + 64).unwrap();
    let records = vault.info().unwrap().records;

    let big: Vec<u8> = (0..5 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    let err = vault.attach(id, &mut &big[..], "video.mp4", "manual").unwrap_err();
    assert!(matches!(err, VaultError::DiskFull), "{err:?}");
    assert!(err.to_string().contains("nothing was saved"));
    assert_eq!(vault.info().unwrap().records, records);
    assert!(vault.attachments_of(id).unwrap().is_empty());
    let chunks: i64 = vault.conn.query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0)).unwrap();
    assert_eq!(chunks, 0, "no partial chunks");

    // A small entry still fits, and after unlocking again all is well.
    vault.add_entry(EntryFields::new(EntryKind::Call, "after", Utc::now().into())).unwrap();
    vault.lock();
    let vault = Vault::unlock(&path, Credential::Passphrase("pw".into()), KdfPolicy::InsecureTestOnly, Box::new(clock))
        .unwrap();
    assert!(vault.check().unwrap().is_ok());
    assert_eq!(vault.list_entries(&Default::default()).unwrap().len(), 2);
}
