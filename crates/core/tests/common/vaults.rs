//! The committed vault fixtures (`tests/fixtures/vaults/`): what is in them, how they were
//! made, and a snapshot of everything a person can see in a vault, to compare before and
//! after a migration.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use casebook_core::import::{ImportOptions, ImportSettings};
use casebook_core::{
    CaseDetails, EntryFilter, EntryKind, Identifier, IdentifierKind, KdfPolicy, ManualClock, Person, Vault,
};
use casebook_crypto::Passphrase;
use casebook_crypto::hash::{Digest, Sha256};

use super::{PASSPHRASE, entry, images, utc};

/// Every committed vault fixture, by file name.
pub const FIXTURES: &[&str] = &["format1-diary.casebook", "format1-new.casebook"];

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vaults")
}

/// A copy of a committed fixture in a temporary directory: opening a vault writes to it,
/// so the committed file itself is never opened.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(fixtures_dir().join(name), &path).unwrap();
    (dir, path)
}

pub fn fixture_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(utc("2026-06-01T12:00:00Z")))
}

/// The attachment in `format1-diary`: a small PNG (so it has a thumbnail).
pub fn diary_png() -> Vec<u8> {
    images::png(64, 48)
}

/// Fills a new vault the way `format1-diary` was filled: case details, entries, a revision,
/// a retraction, an attachment, an SMS import (with a picture message), a purge, a key card
/// and a checkpoint.
pub fn fill_diary(vault: &mut Vault, clock: &ManualClock) {
    let tick = || clock.advance(chrono::Duration::minutes(7));
    let jon = Person {
        id: 1,
        name: "Jon Doe".into(),
        relationship: Some("ex-partner".into()),
        description: None,
        identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() }],
    };
    vault
        .set_case(CaseDetails {
            victim_initials: "AS".into(),
            persons: vec![jon],
            order_terms: None,
            default_region: None,
        })
        .unwrap();
    tick();
    let mut call = entry(EntryKind::Call, "Missed call from his number", "2026-03-01T20:14:00+00:00");
    call.narrative = "Third call tonight. I did not answer.".into();
    vault.add_entry(call).unwrap();
    tick();
    let sighting = entry(EntryKind::Sighting, "Saw him outside work", "2026-03-02T08:40:00+00:00");
    let seen = vault.add_entry(sighting.clone()).unwrap();
    tick();
    let mut png = std::io::Cursor::new(diary_png());
    vault.attach(seen, &mut png, "outside-work.png", "manual").unwrap();
    tick();
    let mut revised = sighting;
    revised.title = "Saw him by the side entrance of work".into();
    vault.revise_entry(seen, revised, "Remembered it was the side entrance").unwrap();
    tick();
    let doomed = vault
        .add_entry(entry(EntryKind::TextMessage, "A message I later removed", "2026-03-02T09:00:00+00:00"))
        .unwrap();
    tick();
    let wrong =
        vault.add_entry(entry(EntryKind::Other, "Written in the wrong case", "2026-03-02T10:00:00+00:00")).unwrap();
    tick();
    vault.retract_entry(wrong, "Not about him").unwrap();
    tick();
    let sms = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sms-20260301213000.xml");
    let settings = ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() };
    let options = ImportOptions { settings, ..ImportOptions::default() };
    vault.import(&sms, &options, &mut |_, _| true).unwrap();
    tick();
    vault.purge_entry(doomed, Some("Shared by mistake")).unwrap();
    tick();
    vault.record_key_card_given("PC Smith, by hand").unwrap();
    tick();
    vault.checkpoint().unwrap();
}

/// Makes a format-1 vault with the test KDF at `path`, with the given clock.
pub fn create_format1_at(path: &Path, clock: &Arc<ManualClock>) -> (Vault, String) {
    let (vault, recovery) = Vault::create_old_format(
        path,
        Passphrase::from(PASSPHRASE),
        KdfPolicy::InsecureTestOnly,
        Box::new(clock.clone()),
        1,
    )
    .unwrap();
    (vault, recovery.expose_display().to_string())
}

/// Everything a person can see in a vault, as comparable text: the case, every entry with its
/// history, every attachment's bytes (by SHA-256) and thumbnail presence, every import.
pub fn snapshot(vault: &Vault) -> Vec<String> {
    let mut out = vec![format!("case {:?}", vault.case().unwrap())];
    for summary in vault.list_entries(&EntryFilter::default()).unwrap() {
        let history = vault.entry(summary.id).unwrap();
        out.push(format!("entry {} {:?}", summary.id, history));
        for att in vault.attachments_of(summary.id).unwrap() {
            let mut bytes = Vec::new();
            let info = vault.read_attachment(att.id, &mut bytes).unwrap();
            let thumb = vault.thumbnail(att.id).unwrap().map(|t| hex::encode(Sha256::digest(&t[..])));
            out.push(format!(
                "attachment {} {:?} bytes {} thumbnail {thumb:?}",
                att.id,
                info,
                hex::encode(Sha256::digest(&bytes))
            ));
        }
    }
    out.push(format!("imports {:?}", vault.imports().unwrap()));
    out.push(format!("key cards {:?}", vault.key_cards_given().unwrap()));
    out
}

/// The stored rows that must never change in a migration, read straight from the file, one
/// section per table: the ledger (plaintext links and sealed bodies), the index tables, every
/// sealed chunk, the key slots and the vault's keys.
pub fn stored_rows(path: &Path) -> Vec<(&'static str, Vec<String>)> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT seq, prev_link, commitment, link, sealed FROM ledger ORDER BY seq",
        "SELECT id, created_seq, head_seq, retract_seq, purge_seq FROM entries ORDER BY id",
        "SELECT entry_id, seq, NULL, NULL, NULL FROM entry_records ORDER BY entry_id, seq",
        "SELECT id, entry_id, seq, size, chunk_count FROM attachments ORDER BY id",
        "SELECT thumbnail, purged, NULL, NULL, NULL FROM attachments ORDER BY id",
        "SELECT attachment_id, idx, data, NULL, NULL FROM attachment_chunks ORDER BY attachment_id, idx",
        "SELECT id, seq, record_entry_id, source_attachment_id, NULL FROM imports ORDER BY id",
        "SELECT entry_id, import_id, NULL, NULL, NULL FROM imported_entries ORDER BY entry_id",
        "SELECT kind, salt, wrapped_key, m_kib, NULL FROM key_slots ORDER BY kind",
        "SELECT vault_id, public_key, signing_key, case_seq, insecure_test_kdf FROM vault_meta",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..5).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(cells.join(" "))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        out.push((sql, rows));
    }
    out
}

/// `vault_meta.format_version`, read from the file.
pub fn stored_format(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT format_version FROM vault_meta", [], |r| r.get(0)).unwrap()
}
