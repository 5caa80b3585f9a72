//! The effects as the ledger states them, folded from its records in order: one fold for the
//! lists, the writers' checks, `check` and the pack, so a record that does not hold together (a
//! withdrawal naming an effect this vault never noted) is refused the same way everywhere.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::{Effect, EffectRef, Withdrawal};
use crate::error::{Result, VaultError};
use crate::ledger::{Event, RecordBody, chain, fold_live};
use crate::vault::seal::Sealer;

/// Effects by number.
#[derive(Debug, Default, Clone)]
pub(crate) struct EffectBook {
    pub effects: BTreeMap<i64, Effect>,
    /// A pack discloses some effects only, so its numbers may skip; a vault's never do.
    gaps_allowed: bool,
}

impl EffectBook {
    /// Reads every record of the vault (purged ones have nothing to say).
    pub fn read(conn: &Connection, sealer: &Sealer) -> Result<Self> {
        let mut book = Self::default();
        fold_live(conn, sealer, |seq, link, body| book.observe(seq, link, body))?;
        Ok(book)
    }

    /// An empty book for a pack's disclosed records.
    pub fn for_pack() -> Self {
        Self { gaps_allowed: true, ..Self::default() }
    }

    /// The next effect's number.
    pub fn next_id(&self) -> i64 {
        self.effects.keys().next_back().copied().unwrap_or(0) + 1
    }

    /// The effect numbered `id`.
    pub fn get(&self, id: i64) -> Result<&Effect> {
        self.effects.get(&id).ok_or(VaultError::UnknownEffect(id))
    }

    /// Takes in record `seq` (whose link is `link`); says what does not hold together.
    pub fn observe(&mut self, seq: i64, link: &chain::Hash, body: &RecordBody) -> std::result::Result<(), String> {
        match &body.event {
            Event::EffectNoted { effect_id, effect } => {
                let next = self.next_id();
                if *effect_id < next || (*effect_id != next && !self.gaps_allowed) {
                    return Err(format!("the record notes effect {effect_id}, but the next effect is {next}"));
                }
                self.effects.insert(
                    *effect_id,
                    Effect {
                        id: *effect_id,
                        reference: EffectRef { effect_id: *effect_id, seq, link: hex::encode(link) },
                        recorded_at: body.recorded_at,
                        details: effect.clone(),
                        withdrawn: None,
                    },
                );
            }
            Event::EffectWithdrawn { of, reason } => {
                let e = match self.effects.get_mut(&of.effect_id) {
                    Some(e) if e.reference == *of => e,
                    _ => {
                        return Err(format!(
                            "the record refers to effect {} (record {}), which is not an effect of this vault",
                            of.effect_id, of.seq
                        ));
                    }
                };
                if e.withdrawn.is_some() {
                    return Err(format!("effect {} is withdrawn twice", e.id));
                }
                e.withdrawn = Some(Withdrawal { seq, recorded_at: body.recorded_at, reason: reason.clone() });
            }
            _ => {}
        }
        Ok(())
    }

    /// The effects not withdrawn, in the order they began (then by number).
    pub fn in_force(&self) -> Vec<Effect> {
        let mut list: Vec<Effect> = self.effects.values().filter(|e| e.withdrawn.is_none()).cloned().collect();
        list.sort_by(|a, b| a.details.from.cmp(&b.details.from).then(a.id.cmp(&b.id)));
        list
    }
}
