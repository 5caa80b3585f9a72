//! Reading the diary: filtered lists, one entry's full history, and weekly counts for the
//! pattern chart. Filtering happens after decrypting in memory; nothing is indexed in
//! plaintext.

mod decoded;
mod page;
pub(crate) mod pattern;
mod search;

pub(crate) use decoded::DecodedVersions;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::attachments::AttachmentInfo;
use crate::diary::{EntryId, entry_row};
use crate::error::{Result, VaultError};
use crate::ledger::{Event, LedgerRecord, RecordBody, Version, open_verified, parse_version, read_body};
use crate::model::{EntryFields, EntryKind};
use crate::vault::Vault;
pub use page::{DayOrder, DiaryCursor, DiaryPage};
pub use pattern::{Gap, PatternSummary, Trend, busiest_week, pattern_summary, weekly_counts_of};
use search::Search;

/// Which entries to list. Empty fields mean "any".
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryFilter {
    /// Occurred at or after.
    pub from: Option<DateTime<FixedOffset>>,
    /// Occurred before.
    pub to: Option<DateTime<FixedOffset>>,
    /// Any of these kinds.
    pub kinds: Vec<EntryKind>,
    /// Linked to this person.
    pub person_id: Option<u32>,
    /// Contains this text (case-insensitive, any field).
    pub text: Option<String>,
    /// Has all of these tags.
    pub tags: Vec<String>,
    /// Leave out retracted entries.
    pub hide_retracted: bool,
}

impl EntryFilter {
    fn matches(&self, fields: &EntryFields, retracted: bool, needle: Option<&str>) -> bool {
        let at = fields.occurred.start;
        self.from.is_none_or(|f| at >= f)
            && self.to.is_none_or(|t| at < t)
            && (self.kinds.is_empty() || self.kinds.contains(&fields.kind))
            && self.person_id.is_none_or(|p| fields.person_id == Some(p))
            && self.tags.iter().all(|t| fields.tags.iter().any(|have| have.eq_ignore_ascii_case(t)))
            && !(self.hide_retracted && retracted)
            && needle.is_none_or(|n| fields.haystack().contains(n))
    }
}

/// An entry's row in the `entries` table, as a listing reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryRow {
    pub(crate) id: EntryId,
    pub(crate) created_seq: i64,
    pub(crate) head_seq: i64,
    pub(crate) retract_seq: Option<i64>,
}

/// A retraction: when and why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    /// The ledger record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// One entry as the timeline shows it: its current version.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntrySummary {
    /// The entry's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: EntryId,
    /// The current version.
    pub fields: EntryFields,
    /// When it was first written down (the vault clock).
    pub recorded_at: DateTime<Utc>,
    /// When it was last revised, if ever.
    pub revised_at: Option<DateTime<Utc>>,
    /// 1 for the original, 2 after the first revision, ...
    pub revision: u32,
    /// Set when the entry was withdrawn.
    pub retracted: Option<Retraction>,
    /// Number of attachments.
    pub attachments: u32,
}

#[cfg(test)]
impl EntrySummary {
    /// A first version recorded on 1 March 2026, for tests of what is computed from lists.
    pub(crate) fn unrevised(id: EntryId, fields: EntryFields) -> Self {
        let recorded_at = "2026-03-01T00:00:00Z".parse().expect("a time");
        Self { id, fields, recorded_at, revised_at: None, revision: 1, retracted: None, attachments: 0 }
    }
}

/// One version of an entry.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryVersion {
    /// The ledger record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// 1 for the original.
    pub revision: u32,
    /// When this version was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Whether the clock had gone backwards when it was recorded.
    pub clock_went_backwards: bool,
    /// Why it changed (none for the original).
    pub reason: Option<String>,
    /// The entry as this version reads.
    pub fields: EntryFields,
}

impl EntryVersion {
    /// The version an `entry_created` or `entry_revised` record holds (`None` for any other
    /// record): the one rule the diary, the pack's plan and the pack's re-drawn report share.
    pub(crate) fn of_record(seq: i64, body: &RecordBody) -> Option<EntryVersion> {
        let (revision, reason, entry) = match &body.event {
            Event::EntryCreated { entry, .. } => (1, None, entry),
            Event::EntryRevised { entry, revision, reason, .. } => (*revision, Some(reason.clone()), entry),
            _ => return None,
        };
        Some(EntryVersion {
            seq,
            revision,
            recorded_at: body.recorded_at,
            clock_went_backwards: body.clock_went_backwards,
            reason,
            fields: entry.clone(),
        })
    }
}

/// A purge: when, why, and which records lost their bodies.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purge {
    /// The `entry_purged` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When.
    pub recorded_at: DateTime<Utc>,
    /// Why, if given.
    pub reason: Option<String>,
    /// The records whose bodies were erased.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub purged_seqs: Vec<i64>,
}

/// Everything about one entry: every version, its retraction or purge, its attachments.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryHistory {
    /// The entry's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: EntryId,
    /// Oldest first. Empty after a purge.
    pub versions: Vec<EntryVersion>,
    /// Set when withdrawn.
    pub retraction: Option<Retraction>,
    /// Set when erased.
    pub purge: Option<Purge>,
    /// Attached files (none after a purge).
    pub attachments: Vec<AttachmentInfo>,
}

impl EntryHistory {
    /// The current version, unless purged.
    pub fn current(&self) -> Option<&EntryVersion> {
        self.versions.last()
    }

    /// The entry's line in a list, as [`Vault::list_entries`] gives it; `None` once purged.
    pub fn summary(&self) -> Option<EntrySummary> {
        let (first, head) = (self.versions.first()?, self.versions.last()?);
        Some(EntrySummary {
            id: self.id,
            fields: head.fields.clone(),
            recorded_at: first.recorded_at,
            revised_at: (self.versions.len() > 1).then_some(head.recorded_at),
            revision: head.revision,
            retracted: self.retraction.clone(),
            attachments: u32::try_from(self.attachments.len()).unwrap_or(u32::MAX),
        })
    }
}

/// Counts for one week (Monday to Sunday, in the offset each entry was recorded with).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCounts {
    /// The Monday that starts the week.
    pub week_start: NaiveDate,
    /// All incidents that week.
    pub total: u32,
    /// By kind (machine name).
    pub by_kind: BTreeMap<String, u32>,
    /// By channel as written (entries without one count under "").
    pub by_channel: BTreeMap<String, u32>,
}

impl Vault {
    /// Entries matching `filter`, in the order they happened (ties by number). Retracted
    /// entries are included and marked, unless the filter hides them; purged ones are not.
    /// The diary's screen asks for [`Self::diary_page`] instead: a page, in its day order.
    pub fn list_entries(&self, filter: &EntryFilter) -> Result<Vec<EntrySummary>> {
        let attachments = self.attachment_counts()?;
        let mut out = Vec::new();
        self.each_match(filter, |row, head| {
            out.push(self.summary_line(row, head, &attachments)?);
            Ok(())
        })?;
        out.sort_by(|a, b| a.fields.occurred.start.cmp(&b.fields.occurred.start).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Calls `visit` with every entry `filter` picks (purged ones never) and its current version,
    /// in no particular order.
    pub(crate) fn each_match(
        &self,
        filter: &EntryFilter,
        mut visit: impl FnMut(EntryRow, Arc<Version>) -> Result<()>,
    ) -> Result<()> {
        let needle = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
        let search = needle.as_deref().map(Search::new);
        // One statement reads every current version's envelope (one scan, not one query per
        // entry). Each is opened and checked against its commitment as `read_body` does, the
        // first time this session (then it is kept decoded: `decoded.rs`); with a text search,
        // an entry is built only if the text is in it (`search.rs`).
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.created_seq, e.head_seq, e.retract_seq, l.sealed, l.commitment
             FROM entries e JOIN ledger l ON l.seq = e.head_seq
             WHERE e.purge_seq IS NULL ORDER BY e.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut scratch = Zeroizing::new(String::new());
        while let Some(row) = rows.next()? {
            let entry =
                EntryRow { id: row.get(0)?, created_seq: row.get(1)?, head_seq: row.get(2)?, retract_seq: row.get(3)? };
            let head_seq = entry.head_seq;
            let (Some(sealed), Some(commitment)) = (blob(row, 4)?, blob(row, 5)?) else {
                return Err(purged_but_referenced(head_seq));
            };
            let kept = if search.is_none() { self.decoded.get(head_seq) } else { None };
            let head = match kept {
                Some(head) => head,
                None => {
                    let plain = open_verified(&self.sealer, head_seq, sealed, commitment)?;
                    let body = &plain[32..];
                    if let Some(search) = &search
                        && !search.found_in(head_seq, body, &mut scratch)?
                    {
                        continue;
                    }
                    self.decoded.keep(head_seq, parse_version(head_seq, body)?)
                }
            };
            if filter.matches(&head.fields, entry.retract_seq.is_some(), needle.as_deref()) {
                visit(entry, head)?;
            }
        }
        Ok(())
    }

    /// An entry's line in a list, from its row and current version.
    pub(crate) fn summary_line(
        &self,
        row: EntryRow,
        head: Arc<Version>,
        attachments: &HashMap<EntryId, u32>,
    ) -> Result<EntrySummary> {
        let retracted = row.retract_seq.map(|s| self.retraction(s)).transpose()?;
        let (recorded_at, revised_at) = if row.created_seq == row.head_seq {
            (head.recorded_at, None)
        } else {
            (self.record(row.created_seq)?.body.recorded_at, Some(head.recorded_at))
        };
        let head = Arc::unwrap_or_clone(head);
        Ok(EntrySummary {
            id: row.id,
            fields: head.fields,
            recorded_at,
            revised_at,
            revision: head.revision,
            retracted,
            attachments: attachments.get(&row.id).copied().unwrap_or(0),
        })
    }

    /// One entry with every version, oldest first.
    pub fn entry(&self, id: EntryId) -> Result<EntryHistory> {
        entry_row(&self.conn, id)?;
        let seqs: Vec<i64> = self
            .conn
            .prepare("SELECT seq FROM entry_records WHERE entry_id = ?1 ORDER BY seq")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut history =
            EntryHistory { id, versions: Vec::new(), retraction: None, purge: None, attachments: Vec::new() };
        for seq in seqs {
            let Some(rec) = read_body(&self.conn, &self.sealer, seq)? else { continue };
            if let Some(version) = EntryVersion::of_record(seq, &rec.body) {
                history.versions.push(version);
                continue;
            }
            let recorded_at = rec.body.recorded_at;
            match rec.body.event {
                Event::EntryRetracted { reason, .. } => {
                    history.retraction = Some(Retraction { seq, recorded_at, reason })
                }
                Event::EntryPurged { reason, purged_seqs, .. } => {
                    history.purge = Some(Purge { seq, recorded_at, reason, purged_seqs })
                }
                _ => {}
            }
        }
        history.attachments = self.attachments_of(id)?;
        Ok(history)
    }

    /// One entry's line in a list (what [`Self::list_entries`] would show for it), e.g. to put a
    /// just-saved entry into a list already on screen without listing everything again.
    pub fn entry_summary(&self, id: EntryId) -> Result<EntrySummary> {
        self.entry(id)?.summary().ok_or(VaultError::Purged(id))
    }

    /// Incidents per week, by kind and by channel, for every week from the first matching
    /// entry to the last (weeks with none included, so gaps show). Retracted entries do not
    /// count.
    pub fn weekly_counts(&self, filter: &EntryFilter) -> Result<Vec<WeekCounts>> {
        let filter = EntryFilter { hide_retracted: true, ..filter.clone() };
        let mut heads = Vec::new();
        self.each_match(&filter, |_, head| {
            heads.push(head);
            Ok(())
        })?;
        Ok(pattern::weekly_counts_of(heads.iter().map(|h| &h.fields)))
    }

    pub(crate) fn record(&self, seq: i64) -> Result<LedgerRecord> {
        read_body(&self.conn, &self.sealer, seq)?.ok_or_else(|| purged_but_referenced(seq))
    }

    fn retraction(&self, seq: i64) -> Result<Retraction> {
        let rec = self.record(seq)?;
        match rec.body.event {
            Event::EntryRetracted { reason, .. } => Ok(Retraction { seq, recorded_at: rec.body.recorded_at, reason }),
            _ => Err(VaultError::Corrupt { seq: Some(seq), detail: "expected a retraction".into() }),
        }
    }

    pub(crate) fn attachment_counts(&self) -> Result<HashMap<EntryId, u32>> {
        let mut stmt =
            self.conn.prepare("SELECT entry_id, count(*) FROM attachments WHERE purged = 0 GROUP BY entry_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Column `i` as borrowed bytes (no copy), `None` for NULL.
fn blob<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    row.get_ref(i)?
        .as_blob_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Blob, Box::new(e)))
}

fn purged_but_referenced(seq: i64) -> VaultError {
    VaultError::Corrupt { seq: Some(seq), detail: "the record was purged but is still referenced".into() }
}
