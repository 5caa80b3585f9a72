//! How the stalking has affected the person: dated records of what changed in their life.
//!
//! Stalking under the Protection from Harassment Act 1997, s.4A can be shown by fear of
//! violence or by "serious alarm or distress which has a substantial adverse effect on [the
//! person's] usual day-to-day activities". Prosecutors look for what changed: moving home,
//! changing routes or times, time off work, no longer going out, cameras and alarms, medical or
//! counselling help, children's routines. Written down when it happens, each change is evidence
//! of that effect; remembered months later in a statement, it is weaker. So each is a dated
//! ledger record, sealed like every other (docs/FORMAT.md, "Effects on the person").
//!
//! `effect_noted` records one change; `effect_withdrawn` withdraws it (with a reason: a
//! mistake, a duplicate), naming it by [`EffectRef`]. Nothing is rewritten. A pack discloses
//! the effects in force whose dates meet the pack's period, unless the person leaves them out
//! (`ExportOptions::leave_out_effects`): they can hold health details, and the person decides.
//! A withdrawn effect is never disclosed, nor its withdrawal.
//!
//! One job per file: this file what an effect says; `book.rs` the effects folded from the
//! ledger; `write.rs` recording and withdrawing them.

mod book;
mod write;

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub(crate) use book::EffectBook;

use crate::error::{Result, VaultError};

/// Longest description, in characters (a few sentences; the statement says the rest).
pub const MAX_EFFECT_CHARS: usize = 2000;
/// Longest reason for a withdrawal, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What changed, in the words prosecutors use for "a substantial adverse effect on usual
/// day-to-day activities".
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    /// Moved home, or stayed elsewhere.
    MovedHome,
    /// Changed routes, times or the way they travel.
    ChangedRoutine,
    /// Time off work or study, changed job or hours.
    TimeOffWork,
    /// Stopped going out, or going to some places.
    StoppedGoingOut,
    /// Installed cameras, alarms or locks; changed numbers or accounts.
    Security,
    /// Medical or counselling help.
    HealthSupport,
    /// Children's routines changed (school run, clubs).
    Children,
    /// Anything else.
    Other,
}

impl EffectKind {
    /// Every kind, in the order the front ends offer them.
    pub const ALL: [EffectKind; 8] = [
        EffectKind::MovedHome,
        EffectKind::ChangedRoutine,
        EffectKind::TimeOffWork,
        EffectKind::StoppedGoingOut,
        EffectKind::Security,
        EffectKind::HealthSupport,
        EffectKind::Children,
        EffectKind::Other,
    ];

    /// The name on the command line (`moved-home`, ...).
    pub fn as_arg(self) -> &'static str {
        match self {
            EffectKind::MovedHome => "moved-home",
            EffectKind::ChangedRoutine => "changed-routine",
            EffectKind::TimeOffWork => "time-off-work",
            EffectKind::StoppedGoingOut => "stopped-going-out",
            EffectKind::Security => "security",
            EffectKind::HealthSupport => "health",
            EffectKind::Children => "children",
            EffectKind::Other => "other",
        }
    }

    /// The kind in words, as the app and the report show it.
    pub fn label(self) -> &'static str {
        match self {
            EffectKind::MovedHome => "Moved home or stayed elsewhere",
            EffectKind::ChangedRoutine => "Changed routes or times",
            EffectKind::TimeOffWork => "Time off work or study",
            EffectKind::StoppedGoingOut => "Stopped going out or going to places",
            EffectKind::Security => "Cameras, alarms, locks or new numbers",
            EffectKind::HealthSupport => "Medical or counselling help",
            EffectKind::Children => "Children's routines",
            EffectKind::Other => "Other change",
        }
    }
}

impl std::str::FromStr for EffectKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        EffectKind::ALL.into_iter().find(|k| k.as_arg() == s).ok_or_else(|| {
            let all: Vec<&str> = EffectKind::ALL.iter().map(|k| k.as_arg()).collect();
            format!("unknown kind of change {s:?}; use one of {}", all.join(", "))
        })
    }
}

/// One change, as the `effect_noted` record carries it (its JSON field names are part of the
/// stored format).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectDetails {
    /// What changed.
    pub kind: EffectKind,
    /// When it began (the person's date).
    pub from: NaiveDate,
    /// When it ended, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// What happened, in the person's words.
    pub description: String,
}

impl EffectDetails {
    /// Whether the change was under way on some day from `first` to `last` (inclusive; either
    /// end open).
    pub fn meets(&self, first: Option<NaiveDate>, last: Option<NaiveDate>) -> bool {
        let ended_before = matches!((self.until, first), (Some(until), Some(first)) if until < first);
        let began_after = last.is_some_and(|last| self.from > last);
        !ended_before && !began_after
    }

    /// Trims the description and checks the dates; `Err` says what to change.
    pub(crate) fn tidied(mut self) -> Result<Self> {
        self.description = self.description.trim().to_owned();
        if self.description.is_empty() {
            return Err(VaultError::InvalidInput("please say in a few words what changed".into()));
        }
        if self.description.chars().count() > MAX_EFFECT_CHARS {
            return Err(VaultError::InvalidInput(format!(
                "the description is longer than {MAX_EFFECT_CHARS} characters; keep the rest for your statement"
            )));
        }
        if let Some(until) = self.until
            && until < self.from
        {
            return Err(VaultError::InvalidInput(format!(
                "the change cannot end ({until}) before it began ({})",
                self.from
            )));
        }
        Ok(self)
    }
}

/// How an `effect_withdrawn` record names an effect: its number, and the seq and link of its
/// `effect_noted` record, so it names nothing in another vault.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectRef {
    /// The effect's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub effect_id: i64,
    /// Its `effect_noted` record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// That record's link, hex.
    pub link: String,
}

/// One change to the person's life as the ledger states it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// Its number in this vault, from 1.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// How later records name it.
    pub reference: EffectRef,
    /// When it was written down (the vault clock): the contemporaneous note.
    pub recorded_at: DateTime<Utc>,
    /// What changed, and when.
    pub details: EffectDetails,
    /// When and why it was withdrawn, if it was.
    pub withdrawn: Option<Withdrawal>,
}

/// A withdrawal of an effect.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// Its record.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Why, in the person's words.
    pub reason: String,
}
