//! The page size: new vaults get `NEW_VAULT_PAGE_SIZE`; a vault with SQLite's default page
//! size (vaults made before 8 KiB pages) opens and works as before; so do the committed
//! format-1 fixtures, made with 8 KiB pages (`tests/format1_fixtures.rs`).

use chrono::Utc;
use rusqlite::Connection;

use super::file::NEW_VAULT_PAGE_SIZE;
use crate::{Credential, EntryFields, EntryFilter, EntryKind, KdfPolicy, ManualClock, Vault};

fn page_size(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap()
}

#[test]
fn new_vaults_get_the_new_page_size_and_older_page_sizes_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.casebook");
    let clock = || Box::new(ManualClock::new(Utc::now()));
    let (mut vault, _) = Vault::create(&path, "pw".into(), KdfPolicy::InsecureTestOnly, clock()).unwrap();
    assert_eq!(page_size(&vault.conn), NEW_VAULT_PAGE_SIZE);
    vault.add_entry(EntryFields::new(EntryKind::Call, "made with the new page size", Utc::now().into())).unwrap();
    vault.lock();

    // Rewrite the file with 4096-byte pages, as vaults were made before (the page size of a
    // WAL database changes only through VACUUM outside WAL mode).
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM; PRAGMA journal_mode = WAL;")
        .unwrap();
    assert_eq!(page_size(&conn), 4096);
    drop(conn);

    let open = || Vault::unlock(&path, Credential::Passphrase("pw".into()), KdfPolicy::InsecureTestOnly, clock());
    let mut vault = open().unwrap();
    assert_eq!(page_size(&vault.conn), 4096);
    vault.add_entry(EntryFields::new(EntryKind::Call, "added at 4 KiB", Utc::now().into())).unwrap();
    vault.add_entries(vec![EntryFields::new(EntryKind::Email, "and one more", Utc::now().into())]).unwrap();
    let backup = dir.path().join("backup.casebook");
    vault.backup_to(&backup).unwrap();
    vault.lock();
    let vault = open().unwrap();
    assert!(vault.check().unwrap().is_ok());
    assert_eq!(vault.list_entries(&EntryFilter::default()).unwrap().len(), 3);
    let copy =
        Vault::unlock(&backup, Credential::Passphrase("pw".into()), KdfPolicy::InsecureTestOnly, clock()).unwrap();
    assert_eq!(page_size(&copy.conn), 4096);
    assert!(copy.check().unwrap().is_ok());
}
