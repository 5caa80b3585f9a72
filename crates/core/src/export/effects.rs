//! Which changes to the person's life a pack discloses, and the list the report shows.
//!
//! The export decides from the whole vault (`disclosed_seqs`): each effect in force (not
//! withdrawn) whose dates meet the pack's period, unless the person left them out. The report
//! then lists what the disclosed records say (`of_pack`), by the vault's own fold, so a report
//! drawn again from the pack (`replay.rs`) lists the same.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::ExportOptions;
use crate::effect::{Effect, EffectBook};
use crate::error::VaultError;
use crate::ledger::{LedgerRecord, Link};

fn fold(book: &mut EffectBook, records: &BTreeMap<i64, LedgerRecord>, links: &[Link]) -> Result<(), (i64, String)> {
    let link_at: BTreeMap<i64, [u8; 32]> = links.iter().map(|l| (l.seq, l.link)).collect();
    for (seq, rec) in records {
        let link = link_at.get(seq).ok_or((*seq, "the record has no link".to_owned()))?;
        book.observe(*seq, link, &rec.body).map_err(|detail| (*seq, detail))?;
    }
    Ok(())
}

/// The `effect_noted` records a pack with `options` discloses, out of every record of the vault.
pub(super) fn disclosed_seqs(
    records: &BTreeMap<i64, LedgerRecord>,
    links: &[Link],
    options: &ExportOptions,
) -> Result<Vec<i64>, VaultError> {
    if options.leave_out_effects {
        return Ok(Vec::new());
    }
    let mut book = EffectBook::default();
    fold(&mut book, records, links).map_err(|(seq, detail)| VaultError::Corrupt { seq: Some(seq), detail })?;
    // The pack's period as dates where each end was given: `to` is exclusive, so its last day
    // is the day of the instant just before it.
    let first: Option<NaiveDate> = options.from.map(|f| f.date_naive());
    let last: Option<NaiveDate> = options.to.map(|t| (t - Duration::nanoseconds(1)).date_naive());
    Ok(book.in_force().into_iter().filter(|e| e.details.meets(first, last)).map(|e| e.reference.seq).collect())
}

/// The effects the disclosed records state, in force, in the order they began.
pub(super) fn of_pack(disclosed: &BTreeMap<i64, LedgerRecord>, links: &[Link]) -> Result<Vec<Effect>, (i64, String)> {
    let mut book = EffectBook::for_pack();
    fold(&mut book, disclosed, links)?;
    Ok(book.in_force())
}
