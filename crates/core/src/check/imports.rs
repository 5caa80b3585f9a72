//! The import tables (`imports`, `imported_entries`) are plaintext indexes over the
//! `import_done` records: which export file each import kept, and which entries came from
//! it. Purge and de-duplication read them, so a row deleted or moved changes what a purge
//! re-cuts and what a later import takes as new. `check` rebuilds both from the ledger and
//! names each difference by the record it contradicts.
//!
//! The rebuild follows what the import and purge transactions write:
//! - `import_done` (import i, record entry R, file attachment A, entries first..=last):
//!   an `imports` row (i, its seq, R, A); `imported_entries` rows first..=last → i, and
//!   R → i when R is new (an import that reuses a stored file reuses its entry, unmarked).
//! - `entry_purged` of entry E: E's `imported_entries` row goes; when the purge re-cut the
//!   export file from attachment A to B, every import that kept A keeps B.
//!
//! Imports recorded before `import_done` listed its entries (`entries` absent) cannot be
//! rebuilt entry by entry; their `imported_entries` rows are only checked to name a real
//! import.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::Problem;
use crate::error::Result;
use crate::ledger::{Event, RecordBody};

/// What the ledger says the import tables should hold.
#[derive(Default)]
pub(super) struct ImportFacts {
    /// import → (its `import_done` seq, record entry, the attachment holding its file now)
    imports: BTreeMap<i64, (i64, i64, i64)>,
    /// Imports whose record does not list its entries.
    unlisted: BTreeSet<i64>,
    /// entry → import
    entries: BTreeMap<i64, i64>,
    /// entry → the record that created it (to name a problem by).
    created: BTreeMap<i64, i64>,
}

impl ImportFacts {
    /// Takes in one opened record.
    pub fn observe(&mut self, seq: i64, body: &RecordBody) {
        match &body.event {
            Event::EntryCreated { entry_id, .. } => {
                self.created.insert(*entry_id, seq);
            }
            Event::ImportDone { import_id, record_entry_id, source_attachment_id, entries, .. } => {
                self.imports.insert(*import_id, (seq, *record_entry_id, *source_attachment_id));
                self.entries.entry(*record_entry_id).or_insert(*import_id);
                match entries {
                    Some((first, last)) => {
                        for id in *first..=*last {
                            self.entries.insert(id, *import_id);
                        }
                    }
                    None => {
                        self.unlisted.insert(*import_id);
                    }
                }
            }
            Event::EntryPurged { entry_id, source, .. } => {
                self.entries.remove(entry_id);
                if let Some(recut) = source.as_ref().and_then(|s| s.recut.as_ref().map(|r| (s.attachment_id, r))) {
                    let (old, new) = (recut.0, recut.1.attachment_id);
                    for row in self.imports.values_mut().filter(|row| row.2 == old) {
                        row.2 = new;
                    }
                }
            }
            _ => {}
        }
    }

    /// Compares the stored import tables with what the ledger says.
    pub fn compare(&self, conn: &Connection) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |seq: Option<i64>, detail: String| problems.push(Problem { seq, detail });

        let stored: BTreeMap<i64, (i64, i64, i64)> = conn
            .prepare("SELECT id, seq, record_entry_id, source_attachment_id FROM imports")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, want) in &self.imports {
            match stored.get(id) {
                None => problem(
                    Some(want.0),
                    format!(
                        "import {id} is missing from the index: record {} made it, and its row was deleted",
                        want.0
                    ),
                ),
                Some(got) if got != want => {
                    problem(Some(want.0), format!("import {id}: the index disagrees with its import record"))
                }
                Some(_) => {}
            }
        }
        for (id, got) in &stored {
            if !self.imports.contains_key(id) {
                problem(Some(got.0), format!("import {id} is in the index but no import record made it"));
            }
        }

        let stored: BTreeMap<i64, i64> = conn
            .prepare("SELECT entry_id, import_id FROM imported_entries")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let seq_of = |entry: i64, import: i64| {
            self.created.get(&entry).copied().or_else(|| self.imports.get(&import).map(|row| row.0))
        };
        for (entry, want) in &self.entries {
            match stored.get(entry) {
                None => problem(
                    seq_of(*entry, *want),
                    format!("entry {entry} came from import {want}, and the index no longer says so"),
                ),
                Some(got) if got != want => problem(
                    seq_of(*entry, *want),
                    format!("entry {entry} came from import {want}, the index says import {got}"),
                ),
                Some(_) => {}
            }
        }
        for (entry, got) in &stored {
            if self.entries.contains_key(entry) || self.unlisted.contains(got) {
                continue;
            }
            problem(
                seq_of(*entry, *got),
                format!("the index says entry {entry} came from import {got}, and it did not"),
            );
        }
        Ok(problems)
    }
}
