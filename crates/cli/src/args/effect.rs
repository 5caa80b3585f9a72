//! Arguments for changes to your life (`casebook effect ...`).

use casebook_core::EffectKind;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::order::date;

/// The help after `casebook effect add --help`: the kinds.
pub const KINDS_HELP: &str = "Kinds (--kind):
  moved-home           Moved home or stayed elsewhere
  changed-routine      Changed routes or times
  time-off-work        Time off work or study
  stopped-going-out    Stopped going out or going to places
  security             Cameras, alarms, locks or new numbers
  health               Medical or counselling help
  children             Children's routines
  other                Other change

Packs include these unless you leave them out (casebook export --leave-out-effects): they may hold
health details.";

/// `casebook effect ...`.
#[derive(Debug, Subcommand)]
pub enum EffectCommand {
    /// Note a change to your life that this has caused, with when it began
    #[command(after_help = KINDS_HELP)]
    Add(EffectAddArgs),
    /// List the changes noted, oldest first (withdrawn ones marked)
    List,
    /// Withdraw a change noted by mistake (it stays in the record chain; packs leave it out)
    Withdraw {
        /// The change's number
        id: i64,
        /// Why (kept with the withdrawal)
        #[arg(long)]
        reason: String,
    },
}

/// `casebook effect add`.
#[derive(Debug, Args)]
pub struct EffectAddArgs {
    /// What kind of change (see below)
    #[arg(long)]
    pub kind: EffectKind,
    /// The date it began
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: NaiveDate,
    /// The date it ended, if it has
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// What changed, in your own words
    pub description: String,
}
