//! Changing the passphrase (re-wraps one slot) and re-keying (a new master key, every
//! envelope re-encrypted, old ciphertext scrubbed from the file).

use casebook_crypto::{Passphrase, SecretKey};
use rusqlite::{Transaction, TransactionBehavior, params};

use super::Vault;
use super::keys::{self, Credential, RecoveryKey, SlotKind};
use super::seal::{Place, Sealer};
use crate::error::{Result, VaultError};
use crate::ledger::{self, Event};

impl Vault {
    /// Replaces the passphrase. The master key, the data and the recovery key stay as they
    /// are; the old slot is overwritten and scrubbed from the WAL.
    pub fn change_passphrase(&mut self, new: Passphrase) -> Result<()> {
        if new.expose_secret().is_empty() {
            return Err(VaultError::InvalidInput("the passphrase cannot be empty".into()));
        }
        let floor = self.slot_floor();
        self.write(|tx, v| {
            keys::write_slot(tx, v.sealer.vault_id(), &Credential::Passphrase(new), floor, v.sealer.master())?;
            v.append(tx, Event::PassphraseChanged)?;
            Ok(())
        })?;
        self.scrub();
        Ok(())
    }

    /// Makes a new master key and re-encrypts every sealed value under it; `recovery` becomes
    /// the recovery key (the old one stops working). `passphrase` must be the current one; it
    /// is re-wrapped under the new key. Old ciphertext is erased with `secure_delete`, a WAL
    /// checkpoint and `VACUUM`.
    ///
    /// **Show `recovery` to the person before calling this** (make it with
    /// [`RecoveryKey::generate`]). The commit is the moment the old recovery key stops working;
    /// if the new one were shown only after it, a process killed in between would leave a
    /// vault no recovery key the person ever saw opens. Shown first, a kill at any moment leaves
    /// either the old keys (nothing committed) or the new ones, and the person has seen both.
    pub fn rekey(&mut self, passphrase: Passphrase, recovery: &RecoveryKey) -> Result<()> {
        let slot = keys::read_slot(&self.conn, SlotKind::Passphrase)?
            .ok_or(VaultError::Corrupt { seq: None, detail: "the passphrase slot is missing".into() })?;
        let credential = Credential::Passphrase(passphrase);
        keys::unwrap_master(self.sealer.vault_id(), &slot, &credential, self.slot_floor())?;
        let vault_id = *self.sealer.vault_id();
        let new = Sealer::new(SecretKey::generate(), vault_id);
        let floor = self.slot_floor();
        {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            reseal_all(&tx, &self.sealer, &new)?;
            keys::write_slot(&tx, &vault_id, &credential, floor, new.master())?;
            let recovery_copy = RecoveryKey::parse(&recovery.expose_display())?;
            keys::write_slot(&tx, &vault_id, &Credential::RecoveryKey(recovery_copy), floor, new.master())?;
            ledger::append(&tx, &new, self.clock.as_ref(), Event::MasterKeyRotated)?;
            super::head::write(&tx, &new)?;
            tx.commit()?;
        }
        self.sealer = new;
        // The new keys are committed: from here on nothing may fail the call (the caller
        // would tell the person the old keys still work). VACUUM rewrites the file without the
        // old pages; if another program holds the vault open, the WAL is checkpointed when
        // the last connection closes, and the next re-key or VACUUM compacts the file.
        self.scrub();
        let _ = self.conn.execute_batch("VACUUM");
        self.scrub();
        Ok(())
    }
}

/// Re-encrypts every envelope in the vault from `old` to `new`, row by row.
fn reseal_all(tx: &Transaction<'_>, old: &Sealer, new: &Sealer) -> Result<()> {
    let fail = |what: String| VaultError::Corrupt {
        seq: None,
        detail: format!("{what} does not open; re-key stopped, nothing changed"),
    };
    // (select, update, place for a row id)
    let seed: Vec<u8> = tx.query_row("SELECT signing_key FROM vault_meta WHERE id = 1", [], |r| r.get(0))?;
    let place = Place::cell("vault_meta", "signing_key", 1);
    let plain = old.open(place, &seed).map_err(|_| fail("the signing key".into()))?;
    tx.execute("UPDATE vault_meta SET signing_key = ?1 WHERE id = 1", [new.seal(place, &plain)])?;

    let rows: Vec<(i64, Vec<u8>)> = tx
        .prepare("SELECT seq, sealed FROM ledger WHERE sealed IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, sealed) in rows {
        let plain = old.open(Place::ledger(seq), &sealed).map_err(|_| VaultError::Corrupt {
            seq: Some(seq),
            detail: "the record does not open; re-key stopped, nothing changed".into(),
        })?;
        tx.execute("UPDATE ledger SET sealed = ?2 WHERE seq = ?1", params![seq, new.seal(Place::ledger(seq), &plain)])?;
    }

    let thumbs: Vec<(i64, Vec<u8>)> = tx
        .prepare("SELECT id, thumbnail FROM attachments WHERE thumbnail IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, sealed) in thumbs {
        let place = Place::cell("attachments", "thumbnail", id);
        let plain = old.open(place, &sealed).map_err(|_| fail(format!("attachment {id}'s thumbnail")))?;
        tx.execute("UPDATE attachments SET thumbnail = ?2 WHERE id = ?1", params![id, new.seal(place, &plain)])?;
    }

    let attachments: Vec<(i64, i64)> = tx
        .prepare("SELECT id, chunk_count FROM attachments WHERE purged = 0")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, count) in attachments {
        for idx in 0..count {
            let place = Place::chunk(id, idx as u64, idx == count - 1);
            let sealed: Vec<u8> = tx.query_row(
                "SELECT data FROM attachment_chunks WHERE attachment_id = ?1 AND idx = ?2",
                params![id, idx],
                |r| r.get(0),
            )?;
            let plain = old.open(place, &sealed).map_err(|_| fail(format!("attachment {id} chunk {idx}")))?;
            tx.execute(
                "UPDATE attachment_chunks SET data = ?3 WHERE attachment_id = ?1 AND idx = ?2",
                params![id, idx, new.seal(place, &plain)],
            )?;
        }
    }
    Ok(())
}
