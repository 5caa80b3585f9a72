//! `check`: recompute the chain, open every envelope, verify every attachment and
//! checkpoint, run SQLite's own integrity check, and compare the stored schema with the one
//! this build makes. Names the first broken record.

use std::collections::HashMap;

use casebook_crypto::verify;
use chrono::{DateTime, Utc};
use serde::Serialize;

mod imports;
mod index;
mod schema;

use crate::error::{Result, VaultError};
use crate::ledger::{Event, chain, open_record, read_links};
use crate::vault::Vault;
use crate::vault::seal::Place;

/// One thing found wrong.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The ledger record it concerns, when there is one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub seq: Option<i64>,
    /// What is wrong (no plaintext).
    pub detail: String,
}

/// What `check` found.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Ledger records examined.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// Records whose body was erased by a purge (their links still verify).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub purged_records: i64,
    /// Attachments whose every chunk opened and whose SHA-256 matched.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attachments_verified: i64,
    /// Signed checkpoints verified.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checkpoints_verified: i64,
    /// Records written while the clock was earlier than for the record before them.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub clock_went_backwards: Vec<i64>,
    /// SQLite's `integrity_check` result ("ok" when sound).
    pub sqlite_integrity: String,
    /// Everything wrong, in ledger order.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// No problems.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first broken ledger record, if the damage is in one.
    pub fn first_broken_seq(&self) -> Option<i64> {
        self.problems.iter().filter_map(|p| p.seq).min()
    }
}

impl Vault {
    /// Verifies everything in the vault. Problems are reported, not raised: the report
    /// lists them all, in order.
    ///
    /// A file too damaged to read to the end is a problem in the report too (with what was
    /// found before), not an error: `check` on a damaged vault says "damaged", naming what it
    /// could. Only I/O and a busy vault are raised.
    ///
    /// Everything is read in one read transaction, so the check sees one state of the file
    /// while another program (the CLI beside the app) commits: without it, a record committed
    /// between reading the chain and reading the sealed head looked like newest records removed
    /// (found by crates/cli/tests/durability/two_process.rs).
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut problems = Vec::new();
        let snapshot = rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Deferred)?;
        let outcome = self.check_into(&mut report, &mut problems);
        // Read only: ending it either way changes nothing.
        drop(snapshot);
        match outcome {
            Ok(()) => {}
            Err(VaultError::Corrupt { seq, detail }) => problems.push(report_problem(seq, detail)),
            Err(VaultError::Database(e)) => problems
                .push(report_problem(None, format!("the database could not be read to the end, it is damaged: {e}"))),
            Err(VaultError::Storage) => problems.push(report_problem(
                None,
                "the disk reported an error while the vault was read; it could not be checked to the end".into(),
            )),
            Err(other) => return Err(other),
        }
        problems.sort_by_key(|p: &Problem| (p.seq.is_none(), p.seq));
        report.problems = problems;
        Ok(report)
    }

    fn check_into(&self, report: &mut CheckReport, problems: &mut Vec<Problem>) -> Result<()> {
        let problem = |seq: Option<i64>, detail: String| report_problem(seq, detail);
        // The schema first: a damaged CREATE statement can make the integrity check itself fail.
        problems.extend(schema::compare(&self.conn, self.format_version())?);
        let integrity = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut stmt| stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>());
        report.sqlite_integrity = match integrity {
            Ok(lines) => lines.join("; "),
            Err(e) => format!("could not run: {e}"),
        };
        if report.sqlite_integrity != "ok" {
            problems.push(problem(None, format!("SQLite integrity check: {}", report.sqlite_integrity)));
        }

        let links = read_links(&self.conn)?;
        report.records = links.len() as i64;
        let mut prev = chain::GENESIS;
        let mut last_time: Option<DateTime<Utc>> = None;
        let mut attachment_hashes: HashMap<i64, (i64, String)> = HashMap::new();
        let mut link_at: HashMap<i64, chain::Hash> = HashMap::new();
        let mut facts = index::Facts::default();
        let mut import_facts = imports::ImportFacts::default();
        // Orders and breaches: every record naming an order must name one of this chain's.
        let mut orders = crate::order::OrderBook::default();
        let mut effects = crate::effect::EffectBook::default();
        for (i, l) in links.iter().enumerate() {
            let expected_seq = i as i64 + 1;
            if l.seq != expected_seq {
                problems.push(problem(Some(expected_seq), format!("record {expected_seq} is missing from the chain")));
            }
            if l.prev_link != prev {
                problems.push(problem(Some(l.seq), "does not link to the record before it".into()));
            }
            if chain::link(l.seq, &l.prev_link, &l.commitment) != l.link {
                problems.push(problem(Some(l.seq), "its link hash is wrong".into()));
            }
            prev = l.link;
            link_at.insert(l.seq, l.link);
            if l.purged {
                report.purged_records += 1;
                facts.blank.insert(l.seq);
                continue;
            }
            let sealed: Vec<u8> =
                self.conn.query_row("SELECT sealed FROM ledger WHERE seq = ?1", [l.seq], |r| r.get(0))?;
            let rec = match open_record(&self.sealer, l.seq, &sealed, &l.commitment) {
                Ok(rec) => rec,
                Err(VaultError::Corrupt { detail, .. }) => {
                    problems.push(problem(Some(l.seq), detail));
                    continue;
                }
                Err(other) => return Err(other),
            };
            if last_time.is_some_and(|t| rec.body.recorded_at < t) {
                report.clock_went_backwards.push(l.seq);
            }
            last_time = Some(rec.body.recorded_at);
            facts.observe(l.seq, &rec.body);
            import_facts.observe(l.seq, &rec.body);
            if let Err(detail) = orders.observe(l.seq, &l.link, &rec.body) {
                problems.push(problem(Some(l.seq), detail));
            }
            if let Err(detail) = effects.observe(l.seq, &l.link, &rec.body) {
                problems.push(problem(Some(l.seq), detail));
            }
            match &rec.body.event {
                Event::Checkpoint { head_seq, head_link, signature } => {
                    let message = chain::checkpoint_message(self.sealer.vault_id(), *head_seq, &decode32(head_link));
                    let signed_ok =
                        hex::decode(signature).is_ok_and(|sig| verify(&self.public_key, &message, &sig).is_ok());
                    let head_ok = link_at.get(head_seq).is_some_and(|actual| hex::encode(actual) == *head_link);
                    if signed_ok && head_ok {
                        report.checkpoints_verified += 1;
                    } else {
                        problems.push(problem(Some(l.seq), "the signed checkpoint does not match the chain".into()));
                    }
                }
                Event::VaultCreated { public_key, .. } if *public_key != hex::encode(self.public_key.to_bytes()) => {
                    problems.push(problem(
                        Some(l.seq),
                        "the vault's public key differs from the one it was created with".into(),
                    ));
                }
                Event::AttachmentAdded { attachment_id, file, .. } => {
                    attachment_hashes.insert(*attachment_id, (l.seq, file.sha256.clone()));
                }
                _ => {}
            }
        }

        self.check_attachments(&attachment_hashes, problems, report)?;
        self.check_sealed_head(links.last().map_or(0, |l| l.seq), problems)?;
        problems.extend(facts.compare(&self.conn)?);
        problems.extend(import_facts.compare(&self.conn)?);
        if let Err(e) = self.signing_key() {
            problems.push(problem(None, e.to_string()));
        }
        Ok(())
    }

    fn check_attachments(
        &self,
        hashes: &HashMap<i64, (i64, String)>,
        problems: &mut Vec<Problem>,
        report: &mut CheckReport,
    ) -> Result<()> {
        let rows: Vec<(i64, i64, bool, Option<Vec<u8>>)> = self
            .conn
            .prepare("SELECT id, seq, purged, thumbnail FROM attachments ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let present: std::collections::HashSet<i64> = rows.iter().map(|r| r.0).collect();
        for (id, (seq, _)) in hashes {
            if !present.contains(id) {
                problems.push(report_problem(
                    Some(*seq),
                    format!("attachment {id} is missing: record {seq} added it, and its row was deleted"),
                ));
            }
        }
        for (id, seq, purged, thumbnail) in rows {
            if purged {
                continue;
            }
            if hashes.get(&id).is_none_or(|(s, _)| *s != seq) {
                problems.push(report_problem(Some(seq), format!("attachment {id} has no matching ledger record")));
                continue;
            }
            match self.read_attachment(id, &mut std::io::sink()) {
                Ok(_) => report.attachments_verified += 1,
                Err(VaultError::Corrupt { seq, detail }) => problems.push(report_problem(seq, detail)),
                Err(other) => return Err(other),
            }
            if let Some(t) = thumbnail
                && self.sealer.open(Place::cell("attachments", "thumbnail", id), &t).is_err()
            {
                problems.push(report_problem(Some(seq), format!("attachment {id}: the thumbnail does not open")));
            }
        }
        Ok(())
    }
}

impl Vault {
    /// Compares the head sealed by the last transaction with the tables: the newest records
    /// or an attachment's row deleted leave a chain that links up, but not this.
    fn check_sealed_head(&self, last: i64, problems: &mut Vec<Problem>) -> Result<()> {
        use crate::vault::head::{self, SealedHead, Unreadable};
        let sealed = match head::read(&self.conn, &self.sealer)? {
            Ok(h) => h,
            Err(Unreadable::Missing) => {
                problems.push(report_problem(
                    None,
                    "the sealed head is missing: every change writes it, so it was removed".into(),
                ));
                return Ok(());
            }
            Err(Unreadable::Altered) => {
                problems.push(report_problem(None, "the sealed head does not open: it was altered".into()));
                return Ok(());
            }
        };
        let now = SealedHead::of_tables(&self.conn)?;
        if sealed.seq > last {
            let which = if sealed.seq == last + 1 {
                format!("record {} is", sealed.seq)
            } else {
                format!("records {} to {} are", last + 1, sealed.seq)
            };
            problems.push(report_problem(
                Some(last + 1),
                format!("{which} missing: the newest records were removed after they were written"),
            ));
        } else if sealed.seq < last {
            problems.push(report_problem(
                Some(sealed.seq + 1),
                format!("records after {} were added outside Casebook (the sealed head ends there)", sealed.seq),
            ));
        } else if sealed.link != now.link {
            problems.push(report_problem(Some(last), "the newest record is not the one the sealed head names".into()));
        }
        if sealed.attachments != now.attachments {
            problems.push(report_problem(
                None,
                format!(
                    "the vault has {} attachment row(s), the sealed head counts {}: attachments were removed or added outside Casebook",
                    now.attachments, sealed.attachments
                ),
            ));
        }
        Ok(())
    }
}

fn report_problem(seq: Option<i64>, detail: String) -> Problem {
    Problem { seq, detail }
}

fn decode32(text: &str) -> chain::Hash {
    hex::decode(text).ok().and_then(|v| v.try_into().ok()).unwrap_or([0xFF; 32])
}
