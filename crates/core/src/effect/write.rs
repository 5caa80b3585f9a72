//! Recording and withdrawing effects: each one ledger record written in one write transaction,
//! after the effects as they stand were read under the same lock.

use super::{Effect, EffectBook, EffectDetails, MAX_REASON_CHARS};
use crate::error::{Result, VaultError};
use crate::ledger::Event;
use crate::order::latest_allowed;
use crate::vault::Vault;

impl Vault {
    /// Every effect noted, withdrawn ones included, in the order they were noted.
    pub fn effects(&self) -> Result<Vec<Effect>> {
        Ok(EffectBook::read(&self.conn, &self.sealer)?.effects.into_values().collect())
    }

    /// Notes a change to the person's life and returns its number. It cannot begin in the
    /// future (a day's grace for time zones), nor end before it began.
    pub fn note_effect(&mut self, details: EffectDetails) -> Result<i64> {
        let effect = details.tidied()?;
        self.write(|tx, v| {
            let latest = latest_allowed(v.clock.now());
            for (what, day) in [("began", Some(effect.from)), ("ended", effect.until)] {
                if let Some(day) = day.filter(|d| *d > latest) {
                    return Err(VaultError::InvalidInput(format!(
                        "the change cannot have {what} in the future ({day}); note it when it happens"
                    )));
                }
            }
            let effect_id = EffectBook::read(tx, &v.sealer)?.next_id();
            v.append(tx, Event::EffectNoted { effect_id, effect })?;
            Ok(effect_id)
        })
    }

    /// Withdraws effect `id` (noted by mistake, or twice). The record stays in the vault; packs
    /// leave it out from then on.
    pub fn withdraw_effect(&mut self, id: i64, reason: &str) -> Result<()> {
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            return Err(VaultError::InvalidInput("please give a reason; it is kept with the withdrawal".into()));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(VaultError::InvalidInput(format!("the reason is longer than {MAX_REASON_CHARS} characters")));
        }
        self.write(|tx, v| {
            let book = EffectBook::read(tx, &v.sealer)?;
            let effect = book.get(id)?;
            if effect.withdrawn.is_some() {
                return Err(VaultError::InvalidInput(format!("effect {id} is already withdrawn")));
            }
            v.append(tx, Event::EffectWithdrawn { of: effect.reference.clone(), reason })?;
            Ok(())
        })
    }
}
