//! Marker strings written through the CLI never appear, in any encoding we know to look for,
//! in any file the CLI leaves behind: the vault, its WAL and shared memory, backups, temp files.

use std::path::Path;

use crate::common::{Env, files_under};

const ENTRY_TITLE: &str = "CANARY-TITLE-7f3a91c2";
const NARRATIVE: &str = "CANARY-NARRATIVE-0b8e44d1";
const LOCATION: &str = "CANARY-LOCATION-5c2d7a90";
const PERSON_NAME: &str = "CANARY-PERSON-e61f03b7";
const PERSON_PHONE: &str = "CANARY-PHONE-94ac2e18";
const IDENTIFIER: &str = "CANARY-IDENT-3d9b6f05";
const EDIT_REASON: &str = "CANARY-REASON-a7c1508e";
const RETRACT_REASON: &str = "CANARY-RETRACT-1e4f9b2d";
const IMPACT: &str = "CANARY-IMPACT-c03e7d61";
const TAG: &str = "CANARY-TAG-8b5a2f19";
const ORDER_TERMS: &str = "CANARY-ORDER-62d8e0a4";
const FILE_CONTENT: &str = "CANARY-FILE-CONTENT-f9e2c3b7";
const FILE_NAME: &str = "CANARY-FILENAME-4a6d8e1c";

const MARKERS: [&str; 13] = [
    ENTRY_TITLE,
    NARRATIVE,
    LOCATION,
    PERSON_NAME,
    PERSON_PHONE,
    IDENTIFIER,
    EDIT_REASON,
    RETRACT_REASON,
    IMPACT,
    TAG,
    ORDER_TERMS,
    FILE_CONTENT,
    FILE_NAME,
];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Asserts that no file under `root` except `source` holds any marker; returns how many
/// files were scanned.
fn assert_no_marker(root: &Path, source: &Path, when: &str) -> usize {
    let files: Vec<_> = files_under(root).into_iter().filter(|p| p != source).collect();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        for marker in MARKERS {
            assert!(!name.contains(marker), "{when}: a file is named after {marker}: {}", path.display());
            for (encoding, needle) in [("UTF-8", marker.as_bytes().to_vec()), ("UTF-16LE", utf16le(marker))] {
                assert!(!contains(&bytes, &needle), "{when}: {marker} ({encoding}) found in {}", path.display());
            }
        }
    }
    files.len()
}

#[test]
fn plaintext_markers_never_reach_any_file_the_cli_leaves_behind() {
    let env = Env::new();
    env.init();
    let source = env.write(&format!("evidence/{FILE_NAME}.txt"), format!("Message said: {FILE_CONTENT}\n"));

    // A second connection that stays open (doing nothing) keeps SQLite from deleting the
    // WAL and shared-memory files when each casebook process exits, so they get scanned too.
    let idle = rusqlite::Connection::open(&env.vault).unwrap();
    let _: i64 = idle.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();

    env.ok(&["case", "add-person", "--name", PERSON_NAME, "--phone", PERSON_PHONE]);
    env.ok(&["case", "add-identifier", "1", "--kind", "handle", "--value", IDENTIFIER]);
    env.ok(&["case", "set", "--order-terms", ORDER_TERMS]);
    let id = env
        .ok(&[
            "add",
            "--kind",
            "threat",
            "--title",
            ENTRY_TITLE,
            "--narrative",
            NARRATIVE,
            "--location",
            LOCATION,
            "--tag",
            TAG,
            "--person",
            "1",
            "--attach",
            source.to_str().unwrap(),
        ])
        .id()
        .to_string();
    env.ok(&["edit", &id, "--reason", EDIT_REASON, "--impact", IMPACT]);
    let second = env.ok(&["add", "--kind", "other", "--title", "to withdraw"]).id().to_string();
    env.ok(&["retract", &second, "--reason", RETRACT_REASON]);
    // Reading, searching, checking and backing up must not leave plaintext either.
    assert!(env.ok(&["list", "--search", NARRATIVE]).stdout.contains(ENTRY_TITLE));
    assert!(env.ok(&["show", &id]).stdout.contains(FILE_NAME));
    env.ok(&["check"]);
    env.ok(&["checkpoint"]);
    std::fs::create_dir(env.path("backups")).unwrap();
    env.ok(&["backup", env.path("backups/diary-backup.casebook").to_str().unwrap()]);

    let wal = env.vault.with_extension("casebook-wal");
    assert!(wal.exists() && std::fs::metadata(&wal).unwrap().len() > 0, "the WAL should be there to scan");
    let scanned = assert_no_marker(env.dir.path(), &source, "with the WAL open");
    assert!(scanned >= 4, "vault, WAL, SHM and backup at least; scanned {scanned}");

    drop(idle);
    assert_no_marker(env.dir.path(), &source, "after every connection closed");
}
