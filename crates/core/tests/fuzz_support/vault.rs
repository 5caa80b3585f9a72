//! The small vault the vault fuzzer and the byte flips start from, and what a person can see
//! of it (for proving a change harmless).

use std::path::{Path, PathBuf};

use casebook_core::{
    CaseDetails, Credential, EntryFilter, EntryKind, Identifier, IdentifierKind, KdfPolicy, ManualClock, Person, Vault,
};
use casebook_crypto::Passphrase;

use crate::common::*;

/// A small vault (tiny KDF): a case, two entries, a revision, a retraction, an attachment,
/// a checkpoint. Locked, so everything is in the main file.
pub fn small_vault() -> (tempfile::TempDir, PathBuf) {
    let mut tv = new_vault();
    tv.vault
        .set_case(CaseDetails {
            victim_initials: "AS".into(),
            persons: vec![Person {
                id: 1,
                name: "Jon Doe".into(),
                relationship: Some("ex-partner".into()),
                description: None,
                identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() }],
            }],
            order_terms: None,
            default_region: None,
        })
        .unwrap();
    let mut call = entry(EntryKind::Call, "Missed call", "2026-02-01T21:14:00+00:00");
    call.person_id = Some(1);
    let a = tv.vault.add_entry(call).unwrap();
    tv.tick(5);
    let mut f = entry(EntryKind::Sighting, "Outside work", "2026-02-02T08:40:00+00:00");
    f.narrative = "Across the road for ten minutes.".into();
    let b = tv.vault.add_entry(f.clone()).unwrap();
    tv.tick(5);
    f.title = "Outside the side entrance".into();
    tv.vault.revise_entry(b, f, "Remembered which door").unwrap();
    tv.vault.attach(a, &mut &images::png(16, 12)[..], "screen.png", "manual").unwrap();
    let c = tv.vault.add_entry(entry(EntryKind::Other, "Not him", "2026-02-03T10:00:00+00:00")).unwrap();
    tv.vault.retract_entry(c, "It was someone else").unwrap();
    tv.vault.checkpoint().unwrap();
    let TestVault { dir, path, vault, .. } = tv;
    vault.lock();
    (dir, path)
}

/// Unlocks a test vault with the tests' passphrase.
pub fn open_test_vault(path: &Path) -> casebook_core::Result<Vault> {
    let clock = ManualClock::new(utc("2026-03-05T10:00:00Z"));
    Vault::unlock(
        path,
        Credential::Passphrase(Passphrase::from(PASSPHRASE)),
        KdfPolicy::InsecureTestOnly,
        Box::new(clock),
    )
}

/// Everything a person can read from the vault: `list --json`, each entry's history, the
/// case, and every attachment's bytes. Two vaults with the same view are the same evidence.
pub fn view(vault: &Vault) -> casebook_core::Result<String> {
    let entries = vault.list_entries(&EntryFilter::default())?;
    let mut out = serde_json::to_string(&entries).unwrap();
    out.push_str(&serde_json::to_string(&vault.case()?).unwrap());
    for e in &entries {
        out.push_str(&serde_json::to_string(&vault.entry(e.id)?).unwrap());
        for a in vault.attachments_of(e.id)? {
            let mut bytes = Vec::new();
            vault.read_attachment(a.id, &mut bytes)?;
            out.push_str(&format!(
                "\n{} {} {}",
                a.id,
                a.meta.original_name,
                hex::encode(casebook_crypto::sha256(&bytes))
            ));
        }
    }
    Ok(out)
}

/// Removes a vault file and its WAL/SHM/rollback-journal siblings.
pub fn remove_vault(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
