//! The page size: new vaults get `NEW_VAULT_PAGE_SIZE`; a vault with 64 KiB pages (vaults made
//! before 4 KiB pages came back) opens and works as before; so do the committed format-1
//! fixtures, made with 8 KiB pages (`tests/format1_fixtures.rs`). The journal: attachments go
//! through the rollback journal and the vault is back in WAL mode after; a crash in the middle
//! of one leaves a vault that unlocks at its last committed state.

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

    // Rewrite the file with 65536-byte pages, as vaults were made before (the page size of a
    // WAL database changes only through VACUUM outside WAL mode).
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 65536; VACUUM; PRAGMA journal_mode = WAL;")
        .unwrap();
    assert_eq!(page_size(&conn), 65536);
    drop(conn);

    let open = || Vault::unlock(&path, Credential::Passphrase("pw".into()), KdfPolicy::InsecureTestOnly, clock());
    let mut vault = open().unwrap();
    assert_eq!(page_size(&vault.conn), 65536);
    vault.add_entry(EntryFields::new(EntryKind::Call, "added at 64 KiB", Utc::now().into())).unwrap();
    vault.add_entries(vec![EntryFields::new(EntryKind::Email, "and one more", Utc::now().into())]).unwrap();
    let backup = dir.path().join("backup.casebook");
    vault.backup_to(&backup).unwrap();
    vault.lock();
    let vault = open().unwrap();
    assert!(vault.check().unwrap().is_ok());
    assert_eq!(vault.list_entries(&EntryFilter::default()).unwrap().len(), 3);
    let copy =
        Vault::unlock(&backup, Credential::Passphrase("pw".into()), KdfPolicy::InsecureTestOnly, clock()).unwrap();
    assert_eq!(page_size(&copy.conn), 65536);
    assert!(copy.check().unwrap().is_ok());
}

fn journal_mode(conn: &Connection) -> String {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap()
}

fn new_vault(dir: &std::path::Path) -> (std::path::PathBuf, Vault) {
    let path = dir.join("v.casebook");
    let (vault, _) =
        Vault::create(&path, "pw".into(), KdfPolicy::InsecureTestOnly, Box::new(ManualClock::new(Utc::now()))).unwrap();
    (path, vault)
}

fn unlock(path: &std::path::Path) -> crate::Result<Vault> {
    Vault::unlock(
        path,
        Credential::Passphrase("pw".into()),
        KdfPolicy::InsecureTestOnly,
        Box::new(ManualClock::new(Utc::now())),
    )
}

#[test]
fn an_attachment_goes_through_the_rollback_journal_and_the_vault_is_back_in_wal_mode_after() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    assert_eq!(journal_mode(&vault.conn), "wal");
    let id = vault.add_entry(EntryFields::new(EntryKind::Sighting, "a photo", Utc::now().into())).unwrap();
    let bytes = vec![7u8; 3 << 20];
    vault.attach(id, &mut &bytes[..], "big.bin", "").unwrap();
    vault.attach(id, &mut &b"one chunk"[..], "small.txt", "").unwrap();
    assert_eq!(journal_mode(&vault.conn), "wal");
    assert!(!super::journal::journal_path(&path).exists(), "the rollback journal is left beside the vault");
    vault.add_entry(EntryFields::new(EntryKind::Call, "after it", Utc::now().into())).unwrap();
    vault.lock();
    let vault = unlock(&path).unwrap();
    assert!(vault.check().unwrap().is_ok());
    assert_eq!(vault.attachments_of(id).unwrap()[0].meta.size, bytes.len() as u64);
}

/// The app and the command-line tool on one vault: the switch is refused at once (no five
/// seconds' wait for the other's lock) and the attachment goes through the WAL.
#[test]
fn with_another_connection_open_an_attachment_goes_through_the_wal_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let other = Connection::open(&path).unwrap();
    let _: i64 = other.query_row("SELECT count(*) FROM ledger", [], |r| r.get(0)).unwrap();
    let id = vault.add_entry(EntryFields::new(EntryKind::Sighting, "a photo", Utc::now().into())).unwrap();
    let started = std::time::Instant::now();
    vault.attach(id, &mut &vec![1u8; 2 << 20][..], "big.bin", "").unwrap();
    assert!(started.elapsed() < super::journal::BUSY_TIMEOUT, "the switch waited for the other connection");
    assert_eq!(journal_mode(&vault.conn), "wal");
    let seen: i64 = other.query_row("SELECT count(*) FROM attachments", [], |r| r.get(0)).unwrap();
    assert_eq!(seen, 1);
}

/// A vault left in rollback mode (the switch back refused because another process had opened
/// it in between) is put back in WAL mode by the next unlock.
#[test]
fn a_vault_left_in_rollback_mode_is_back_in_wal_mode_after_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = new_vault(dir.path());
    vault.lock();
    let conn = Connection::open(&path).unwrap();
    conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |r| r.get::<_, String>(0)).unwrap();
    drop(conn);
    let vault = unlock(&path).unwrap();
    assert_eq!(journal_mode(&vault.conn), "wal");
}

/// The state a power cut or a kill leaves in the middle of an attachment of 40 MiB: the files
/// are copied as they are on disk when 30 MiB have been read (SQLite's 16 MiB page cache has
/// spilled new pages into the vault file by then, and the journal holds the file's size and
/// the pages they changed). The copy unlocks (its hot journal rolled back first), passes `check`, holds what
/// was committed and nothing of the attachment.
#[test]
fn a_crash_in_the_middle_of_an_attachment_leaves_a_vault_that_unlocks_at_its_last_commit() {
    struct CrashAt<'a> {
        left: usize,
        at: usize,
        files: &'a std::path::Path,
        image: &'a std::path::Path,
    }
    impl std::io::Read for CrashAt<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.left).min(64 << 10);
            buf[..n].fill(0x5a);
            self.left -= n;
            if self.left <= self.at && self.at > 0 {
                self.at = 0;
                std::fs::create_dir_all(self.image)?;
                for entry in std::fs::read_dir(self.files)? {
                    let entry = entry?;
                    std::fs::copy(entry.path(), self.image.join(entry.file_name()))?;
                }
            }
            Ok(n)
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live");
    std::fs::create_dir(&live).unwrap();
    let (_, mut vault) = new_vault(&live);
    let id = vault.add_entry(EntryFields::new(EntryKind::Sighting, "committed before", Utc::now().into())).unwrap();
    let before = std::fs::metadata(live.join("v.casebook")).unwrap().len();
    let image = dir.path().join("image");
    let mut reader = CrashAt { left: 40 << 20, at: 10 << 20, files: &live, image: &image };
    vault.attach(id, &mut reader, "video.mp4", "").unwrap();
    let journal = super::journal::journal_path(&image.join("v.casebook"));
    assert!(std::fs::metadata(&journal).unwrap().len() > 0, "the crash image has no hot journal");
    let spilled = std::fs::metadata(image.join("v.casebook")).unwrap().len();
    assert!(
        spilled > before + (1 << 20),
        "nothing spilled into the file: {before} bytes before, {spilled} at the crash"
    );

    let crashed = unlock(&image.join("v.casebook")).unwrap();
    assert!(crashed.check().unwrap().is_ok());
    assert_eq!(journal_mode(&crashed.conn), "wal");
    let entries = crashed.list_entries(&EntryFilter::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(crashed.attachments_of(id).unwrap().is_empty());
}
