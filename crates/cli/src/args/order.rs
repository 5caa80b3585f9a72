//! Arguments for orders (`casebook order ...`) and their breaches (`casebook breach ...`).

use casebook_core::{OrderKind, TermInput, TermPreset};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

/// A date as on the order: `2026-02-01`.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date I can read; write it like 2026-02-01"))
}

/// A term: a preset's name, with its details after a colon (`exclusion-zone: Acacia Avenue`),
/// or the term in your own words.
pub fn term(s: &str) -> Result<TermInput, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("a term cannot be empty".into());
    }
    let (head, details) = match s.split_once(':') {
        Some((head, details)) => (head, Some(details.trim())),
        None => (s, None),
    };
    match head.parse::<TermPreset>() {
        Ok(preset) => Ok(TermInput::preset(preset, details)),
        Err(_) => Ok(TermInput::free(s)),
    }
}

/// The help after `casebook order add --help`: the preset terms.
pub const TERMS_HELP: &str =
    "Terms (--term, repeatable, in the order's order): one of these presets, with details after a \
colon where it needs them, or the term in your own words:
  no-contact                      Not to contact the protected person directly by any means
  no-third-party-contact          Not to contact the protected person through any other person
  no-social-media                 Not to refer to the protected person on any social media
  exclusion-zone: THE ZONE        Not to enter the exclusion zone: THE ZONE (required)
  no-monitoring                   Not to monitor, watch or follow the protected person
  keep-away: DISTANCE of PLACE    Not to go within DISTANCE of PLACE (required)

Kinds (--kind): interim-spo, spo, non-molestation, restraining, injunction, bail, other.";

/// `casebook order ...`.
#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Record an order: its kind, the court, its dates and its terms
    #[command(after_help = TERMS_HELP)]
    Add(OrderAddArgs),
    /// List the orders recorded, with where each stands today
    List,
    /// Show one order in full: its terms, service, variations and discharge
    Show {
        /// The order's number
        id: i64,
    },
    /// Record a variation: the terms kept (--keep) and added (--term) from --on DATE; terms
    /// left out are removed from that date (breaches already marked keep them)
    #[command(after_help = TERMS_HELP)]
    Vary(OrderVaryArgs),
    /// Record the date the order was served on the person it restrains
    Serve {
        /// The order's number
        id: i64,
        /// The date of service
        #[arg(long, value_parser = date, value_name = "DATE")]
        on: NaiveDate,
    },
    /// Record that the court discharged (ended) the order
    Discharge {
        /// The order's number
        id: i64,
        /// The date it ended
        #[arg(long, value_parser = date, value_name = "DATE")]
        on: NaiveDate,
        /// Why (as the court said)
        #[arg(long)]
        reason: String,
    },
}

/// `casebook order add`.
#[derive(Debug, Args)]
pub struct OrderAddArgs {
    /// What kind of order (see below)
    #[arg(long)]
    pub kind: OrderKind,
    /// The court (or police station, for bail) that made it, as written on it
    #[arg(long)]
    pub court: String,
    /// The date it was made
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub made: NaiveDate,
    /// The date it was served on the person it restrains, if it has been
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub served: Option<NaiveDate>,
    /// The date it ends, if it has one
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// The court's case number or the order's reference
    #[arg(long)]
    pub reference: Option<String>,
    /// A term (repeatable; see below)
    #[arg(long = "term", value_parser = term, value_name = "TERM", required = true)]
    pub terms: Vec<TermInput>,
}

/// `casebook order vary`.
#[derive(Debug, Args)]
pub struct OrderVaryArgs {
    /// The order's number
    pub id: i64,
    /// The date the variation took effect
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub on: NaiveDate,
    /// Why (the hearing, the court's reason)
    #[arg(long)]
    pub reason: String,
    /// A term to keep, by its number (repeatable); terms not kept are removed
    #[arg(long = "keep", value_name = "N")]
    pub keep: Vec<u32>,
    /// A new term (repeatable; see below)
    #[arg(long = "term", value_parser = term, value_name = "TERM")]
    pub terms: Vec<TermInput>,
    /// A new end date
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
}

/// `casebook breach ...`.
#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Mark an entry as breaching terms of an order in force when it happened (again, to
    /// change the terms or record that it was reported)
    Add(BreachAddArgs),
    /// Withdraw the mark (it stays in the record chain)
    Remove {
        /// The entry's number
        entry: i64,
        /// The order's number
        #[arg(long, value_name = "N")]
        order: i64,
    },
    /// The terms an entry is likely to breach, from its kind (nothing is marked)
    Suggest {
        /// The entry's number
        entry: i64,
    },
    /// List every breach marked, in the order they happened, those before the order was served
    /// flagged
    List,
}

/// `casebook breach add`.
#[derive(Debug, Args)]
pub struct BreachAddArgs {
    /// The entry's number
    pub entry: i64,
    /// The order's number
    #[arg(long, value_name = "N")]
    pub order: i64,
    /// A term it breaches, by its number (repeatable); without it, the suggestions are shown
    #[arg(long = "term", value_name = "N")]
    pub terms: Vec<u32>,
    /// It was reported to the police
    #[arg(long)]
    pub reported: bool,
    /// The police reference (crime or incident number); implies --reported
    #[arg(long = "police-ref", value_name = "REF")]
    pub police_reference: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_a_preset_with_its_details_or_words_of_ones_own() {
        assert_eq!(term("no-contact").unwrap(), TermInput::preset(TermPreset::NoContact, None));
        assert_eq!(
            term("exclusion-zone: Acacia Avenue").unwrap(),
            TermInput::preset(TermPreset::ExclusionZone, Some("Acacia Avenue"))
        );
        assert_eq!(term("Not to attend: the school").unwrap(), TermInput::free("Not to attend: the school"));
        assert!(term("  ").is_err());
        assert!(date("1 Feb").is_err());
    }
}
