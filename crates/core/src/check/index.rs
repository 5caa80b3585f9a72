//! The index tables (entries, entry_records, attachments, vault_meta.case_seq) say which
//! records belong together; they are plaintext, so `check` rebuilds them from the ledger
//! and compares. A pointer moved to another entry's record, an entry hidden by a fake
//! purge, or a body blanked without an `entry_purged` record is named here.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::Problem;
use crate::error::Result;
use crate::ledger::{Event, RecordBody};

/// What the ledger says the index should be.
#[derive(Default)]
pub(super) struct Facts {
    /// Records whose body is blank (purged).
    pub blank: BTreeSet<i64>,
    /// Records an `entry_purged` record lists, with their entry.
    purged_by: BTreeMap<i64, i64>,
    /// entry → (created, head, retracted, purged)
    entries: BTreeMap<i64, EntryFacts>,
    /// (entry, seq) pairs from record bodies.
    records: BTreeSet<(i64, i64)>,
    /// attachment → (entry, seq)
    attachments: BTreeMap<i64, (i64, i64)>,
    /// The latest case record.
    case_seq: Option<i64>,
}

/// An `entries` row: id, created, head, retracted, purged.
type EntryRow = (i64, i64, i64, Option<i64>, Option<i64>);

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct EntryFacts {
    created: Option<i64>,
    head: Option<i64>,
    retracted: Option<i64>,
    purged: Option<i64>,
}

impl Facts {
    /// Takes in one opened record.
    pub fn observe(&mut self, seq: i64, body: &RecordBody) {
        if let Some(entry) = body.entry_id() {
            self.records.insert((entry, seq));
        }
        match &body.event {
            Event::EntryCreated { entry_id, .. } => {
                let e = self.entries.entry(*entry_id).or_default();
                e.created = Some(seq);
                e.head = Some(seq);
            }
            Event::EntryRevised { entry_id, .. } => self.entries.entry(*entry_id).or_default().head = Some(seq),
            Event::EntryRetracted { entry_id, .. } => self.entries.entry(*entry_id).or_default().retracted = Some(seq),
            Event::EntryPurged { entry_id, purged_seqs, source, .. } => {
                self.entries.entry(*entry_id).or_default().purged = Some(seq);
                for s in purged_seqs {
                    self.purged_by.insert(*s, *entry_id);
                    self.records.insert((*entry_id, *s));
                }
                // The export file the entry was imported from, purged with it: its record
                // belongs to the "export imported" entry, which itself stays.
                if let Some(source) = source {
                    self.purged_by.insert(source.purged_seq, source.entry_id);
                    self.records.insert((source.entry_id, source.purged_seq));
                }
            }
            Event::AttachmentAdded { attachment_id, entry_id, .. } => {
                self.attachments.insert(*attachment_id, (*entry_id, seq));
            }
            Event::CaseUpdated { .. } => self.case_seq = Some(seq),
            _ => {}
        }
    }

    /// Compares the stored index with what the ledger says.
    pub fn compare(&self, conn: &Connection) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |seq: Option<i64>, detail: String| problems.push(Problem { seq, detail });

        for seq in &self.blank {
            if !self.purged_by.contains_key(seq) {
                problem(Some(*seq), "the record's body is missing, and no purge record accounts for it".into());
            }
        }

        let stored: Vec<EntryRow> = conn
            .prepare("SELECT id, created_seq, head_seq, retract_seq, purge_seq FROM entries ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut seen = BTreeSet::new();
        for (id, created, head, retracted, purged) in stored {
            seen.insert(id);
            let Some(want) = self.entries.get(&id) else {
                problem(Some(created), format!("entry {id} is in the index but not in the ledger"));
                continue;
            };
            if want.purged.is_some() {
                // Bodies are gone; the index must agree that this entry was purged.
                if purged != want.purged || !self.purged_by.contains_key(&created) {
                    problem(want.purged, format!("entry {id}: the index disagrees with its purge record"));
                }
                continue;
            }
            let got = EntryFacts { created: Some(created), head: Some(head), retracted, purged };
            if got != *want {
                let seq = want.head.or(want.created).unwrap_or(head);
                problem(Some(seq), format!("entry {id}: the index points at other records than the ledger says"));
            }
        }
        for (id, want) in &self.entries {
            if !seen.contains(id) {
                problem(
                    want.created.or(want.purged),
                    format!("entry {id} is in the ledger but missing from the index"),
                );
            }
        }

        let stored_records: BTreeSet<(i64, i64)> = conn
            .prepare("SELECT entry_id, seq FROM entry_records")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (entry, seq) in stored_records.symmetric_difference(&self.records) {
            problem(Some(*seq), format!("the index links record {seq} to entry {entry} wrongly"));
        }

        let attachments: Vec<(i64, i64, i64, bool)> = conn
            .prepare("SELECT id, entry_id, seq, purged FROM attachments")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, entry, seq, purged) in attachments {
            let consistent = if purged {
                self.purged_by.get(&seq) == Some(&entry)
            } else {
                self.attachments.get(&id) == Some(&(entry, seq))
            };
            if !consistent {
                problem(Some(seq), format!("attachment {id}: the index disagrees with the ledger"));
            }
        }

        let case_seq: Option<i64> = conn.query_row("SELECT case_seq FROM vault_meta WHERE id = 1", [], |r| r.get(0))?;
        if case_seq != self.case_seq {
            problem(case_seq.or(self.case_seq), "the case details point at the wrong record".into());
        }
        Ok(problems)
    }
}
