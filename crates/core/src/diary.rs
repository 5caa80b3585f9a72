//! Writing the diary: add, revise and retract entries, and keep the case details (purge is
//! in `purge/`).
//! Every change is one ledger record committed in one transaction.

use rusqlite::{CachedStatement, OptionalExtension, params};

use crate::error::{Result, VaultError};
use crate::ledger::{Event, read_body};
use crate::model::{CaseDetails, EntryFields};
use crate::vault::Vault;

/// An entry's number, shown to people ("entry 12").
pub type EntryId = i64;

/// The state of an entry's index row.
pub(crate) struct EntryRow {
    pub head_seq: i64,
    pub retract_seq: Option<i64>,
    pub purge_seq: Option<i64>,
}

pub(crate) fn entry_row(conn: &rusqlite::Connection, id: EntryId) -> Result<EntryRow> {
    conn.prepare_cached("SELECT head_seq, retract_seq, purge_seq FROM entries WHERE id = ?1")?
        .query_row([id], |r| Ok(EntryRow { head_seq: r.get(0)?, retract_seq: r.get(1)?, purge_seq: r.get(2)? }))
        .optional()?
        .ok_or(VaultError::UnknownEntry(id))
}

impl Vault {
    /// Records a new entry and returns its number. `recorded_at` comes from the vault clock.
    pub fn add_entry(&mut self, fields: EntryFields) -> Result<EntryId> {
        let fields = fields.validate()?;
        self.check_person(&fields)?;
        self.write(|tx, v| create_entry_in(tx, v, fields))
    }

    /// Records many entries in one transaction (one fsync), as an import does. Either all
    /// are stored or none. Returns their numbers in order.
    pub fn add_entries(&mut self, entries: Vec<EntryFields>) -> Result<Vec<EntryId>> {
        let entries = entries.into_iter().map(EntryFields::validate).collect::<Result<Vec<_>>>()?;
        let case = self.case()?;
        for fields in &entries {
            check_person(&case, fields)?;
        }
        self.write(|tx, v| {
            let _batch = v.begin_batch(tx)?;
            let mut new = NewEntries::start(tx)?;
            entries.into_iter().map(|fields| new.create(tx, v, fields)).collect()
        })
    }

    /// Records a corrected version of an entry. The earlier version stays in the ledger and
    /// in the entry's history; `reason` says why it changed.
    pub fn revise_entry(&mut self, id: EntryId, fields: EntryFields, reason: &str) -> Result<()> {
        let reason = required_reason(reason)?;
        let fields = fields.validate()?;
        self.check_person(&fields)?;
        self.write(|tx, v| {
            let row = entry_row(tx, id)?;
            if row.purge_seq.is_some() {
                return Err(VaultError::Purged(id));
            }
            if row.retract_seq.is_some() {
                return Err(VaultError::InvalidInput(format!("entry {id} was retracted; it can no longer be edited")));
            }
            let revision = match read_body(tx, &v.sealer, row.head_seq)?.map(|r| r.body.event) {
                Some(Event::EntryCreated { .. }) => 2,
                Some(Event::EntryRevised { revision, .. }) => revision + 1,
                _ => {
                    return Err(VaultError::Corrupt {
                        seq: Some(row.head_seq),
                        detail: "the entry's latest version is missing".into(),
                    });
                }
            };
            let rec = v.append(tx, Event::EntryRevised { entry_id: id, revision, reason, entry: fields })?;
            tx.execute("UPDATE entries SET head_seq = ?2 WHERE id = ?1", params![id, rec.seq])?;
            tx.execute("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)", params![id, rec.seq])?;
            Ok(())
        })
    }

    /// Withdraws an entry. It stays in the diary and in exports, marked retracted, with the
    /// reason.
    pub fn retract_entry(&mut self, id: EntryId, reason: &str) -> Result<()> {
        let reason = required_reason(reason)?;
        self.write(|tx, v| {
            let row = entry_row(tx, id)?;
            if row.purge_seq.is_some() {
                return Err(VaultError::Purged(id));
            }
            if row.retract_seq.is_some() {
                return Err(VaultError::InvalidInput(format!("entry {id} is already retracted")));
            }
            let rec = v.append(tx, Event::EntryRetracted { entry_id: id, reason })?;
            tx.execute("UPDATE entries SET retract_seq = ?2 WHERE id = ?1", params![id, rec.seq])?;
            tx.execute("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)", params![id, rec.seq])?;
            Ok(())
        })
    }

    /// The case details as they now stand (empty before they are first set).
    pub fn case(&self) -> Result<CaseDetails> {
        case_in(&self.conn, self)
    }

    /// Replaces the case details; the full new state is recorded in the ledger.
    pub fn set_case(&mut self, case: CaseDetails) -> Result<()> {
        let case = case.validate()?;
        self.write(|tx, v| record_case(tx, v, case))
    }

    /// Changes the case details with `change`, reading and writing them inside one write
    /// transaction, so two writers (the app and the CLI, two CLIs) cannot lose each other's
    /// changes: the second waits for the first and then reads what it wrote. The new state is
    /// validated and recorded as one `case_updated` record, unless `change` left it as it was
    /// (then nothing is written). `change`'s error rolls everything back.
    pub fn update_case<T>(&mut self, change: impl FnOnce(&mut CaseDetails) -> Result<T>) -> Result<T> {
        self.write(|tx, v| {
            let before = case_in(tx, v)?;
            let mut case = before.clone();
            let value = change(&mut case)?;
            if case != before {
                record_case(tx, v, case.validate()?)?;
            }
            Ok(value)
        })
    }

    /// Signs the current chain head and records the signature as a checkpoint. Returns the
    /// checkpoint's seq.
    pub fn checkpoint(&mut self) -> Result<i64> {
        let key = self.signing_key()?;
        self.write(|tx, v| {
            let (head_seq, head_link) = crate::ledger::chain_head(tx)?;
            let message = crate::ledger::chain::checkpoint_message(v.sealer.vault_id(), head_seq, &head_link);
            let signature = hex::encode(key.sign(&message));
            let rec = v.append(tx, Event::Checkpoint { head_seq, head_link: hex::encode(head_link), signature })?;
            Ok(rec.seq)
        })
    }

    /// Moves everything from the WAL into the main file and truncates the WAL, so erased
    /// pages (zeroed by `secure_delete`) leave no copy behind. Returns whether it fully
    /// succeeded: another program reading the vault can hold old pages in the WAL, in which
    /// case the last connection to close finishes the job. It runs after a commit, so it
    /// never turns a saved change into a reported failure.
    pub(crate) fn scrub(&self) -> bool {
        for attempt in 0..3 {
            let result = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0));
            if matches!(result, Ok(0)) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50 << attempt));
        }
        false
    }
}

/// Records `case` (already validated) as the case details' new state: its ledger record, and
/// the pointer to it.
fn record_case(tx: &rusqlite::Transaction<'_>, v: &Vault, case: CaseDetails) -> Result<()> {
    let rec = v.append(tx, Event::CaseUpdated { case })?;
    tx.execute("UPDATE vault_meta SET case_seq = ?1 WHERE id = 1", [rec.seq])?;
    Ok(())
}

/// The case details as `conn` (the vault's connection, or a transaction on it) sees them.
fn case_in(conn: &rusqlite::Connection, v: &Vault) -> Result<CaseDetails> {
    let seq: Option<i64> = conn.query_row("SELECT case_seq FROM vault_meta WHERE id = 1", [], |r| r.get(0))?;
    let Some(seq) = seq else { return Ok(CaseDetails::default()) };
    match read_body(conn, &v.sealer, seq)?.map(|r| r.body.event) {
        Some(Event::CaseUpdated { case }) => Ok(case),
        _ => Err(VaultError::Corrupt { seq: Some(seq), detail: "the case record is not a case record".into() }),
    }
}

/// Writes one new, validated entry inside the caller's transaction and returns its number.
pub(crate) fn create_entry_in(tx: &rusqlite::Transaction<'_>, v: &Vault, fields: EntryFields) -> Result<EntryId> {
    NewEntries::start(tx)?.create(tx, v, fields)
}

/// Writes new entries inside one transaction (`add_entries`, an import, which adds
/// thousands between its attachments), numbered on from the largest number when it started.
/// That number is read once, under the write lock; nothing else makes entries in the same
/// transaction (if anything did, the next insert would fail on the duplicate number and
/// the transaction would roll back). The index statements are held for the whole batch.
pub(crate) struct NewEntries<'c> {
    next_id: EntryId,
    insert_entry: CachedStatement<'c>,
    insert_record: CachedStatement<'c>,
}

impl<'c> NewEntries<'c> {
    pub(crate) fn start(tx: &'c rusqlite::Transaction<'_>) -> Result<Self> {
        let next_id: EntryId =
            tx.prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM entries")?.query_row([], |r| r.get(0))?;
        Ok(Self {
            next_id,
            insert_entry: tx.prepare_cached("INSERT INTO entries (id, created_seq, head_seq) VALUES (?1, ?2, ?2)")?,
            insert_record: tx.prepare_cached("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?2)")?,
        })
    }

    /// Writes one new, validated entry and returns its number.
    pub(crate) fn create(&mut self, tx: &rusqlite::Transaction<'_>, v: &Vault, fields: EntryFields) -> Result<EntryId> {
        let id = self.next_id;
        let rec = v.append(tx, Event::EntryCreated { entry_id: id, entry: fields })?;
        self.insert_entry.execute(params![id, rec.seq])?;
        self.insert_record.execute(params![id, rec.seq])?;
        self.next_id += 1;
        Ok(id)
    }
}

impl Vault {
    /// [`check_person`] against the case details, read (and decrypted) only when the entry
    /// names a person: most entries do not, and an add is a durable commit whose time is
    /// measured against a bare SQLite commit.
    fn check_person(&self, fields: &EntryFields) -> Result<()> {
        match fields.person_id {
            Some(_) => check_person(&self.case()?, fields),
            None => Ok(()),
        }
    }
}

fn check_person(case: &CaseDetails, fields: &EntryFields) -> Result<()> {
    if let Some(pid) = fields.person_id
        && case.person(pid).is_none()
    {
        return Err(VaultError::InvalidInput(format!("there is no person {pid} in the case details")));
    }
    Ok(())
}

fn required_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(VaultError::InvalidInput("please give a reason; it is kept with the change".into()));
    }
    Ok(reason.to_owned())
}
