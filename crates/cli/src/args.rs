//! The command line, declared with clap. Parsing only: no vault access here.

mod effect;
mod exchange;
mod order;

use std::path::PathBuf;

use casebook_core::{CallDirection, EntryKind, IdentifierKind};
use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand};

use crate::exit::EXIT_CODES_HELP;
use crate::parse::{self, Clear};

pub use effect::{EffectAddArgs, EffectCommand};
pub use exchange::{ExportArgs, ImportArgs, StatementArgs, VerifyArgs, VerifyExhibitArgs};
pub use order::{BreachAddArgs, BreachCommand, OrderAddArgs, OrderCommand, OrderVaryArgs};

/// Casebook: an offline evidence diary for people being stalked or harassed.
///
/// Everything is kept in one encrypted file (the vault). Nothing is ever sent anywhere.
#[derive(Debug, Parser)]
#[command(name = "casebook", version, after_help = EXIT_CODES_HELP, max_term_width = 110)]
pub struct Cli {
    /// Options every command understands.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The vault file [default: your data folder, e.g. ~/.local/share/casebook/vault.casebook]
    #[arg(long, global = true, env = "CASEBOOK_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// Print machine-readable JSON on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the passphrase from this file (one trailing newline is ignored)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the passphrase from this open file descriptor (0 = stdin)
    #[arg(long, global = true, value_name = "N")]
    pub passphrase_fd: Option<u32>,
    /// Unlock with the recovery key in this file instead of the passphrase
    #[arg(long, global = true, value_name = "FILE")]
    pub recovery_key_file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a new vault, and show its recovery key once
    Init(NewPassphraseArgs),
    /// Write down something that happened; prints the new entry's number
    Add(AddArgs),
    /// List entries, oldest first
    List(FilterArgs),
    /// Show one entry in full, with every version
    Show {
        /// The entry's number
        id: i64,
    },
    /// Correct an entry; the earlier version is kept, with your reason
    Edit(EditArgs),
    /// Withdraw an entry; it stays in the diary, marked retracted, with your reason
    Retract {
        /// The entry's number
        id: i64,
        /// Why it is withdrawn
        #[arg(long)]
        reason: String,
    },
    /// Erase an entry's content and its attachments for good (the erasure itself stays visible)
    Purge {
        /// The entry's number
        id: i64,
        /// Why it is erased (kept with the record of the erasure)
        #[arg(long)]
        reason: Option<String>,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Attach files (photos, screenshots, recordings) to an entry
    Attach {
        /// The entry's number
        id: i64,
        /// The files to attach
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write an attachment's original bytes to a new file
    Extract {
        /// The attachment's number (see `casebook show`)
        attachment_id: i64,
        /// Where to write it (must not exist yet)
        out: PathBuf,
    },
    /// The case: your initials, the person or people responsible, any order in force
    Case {
        /// What to do with the case details.
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Orders that protect you (an interim or full Stalking Protection Order, a non-molestation
    /// or restraining order, an injunction, bail conditions): record one with its terms, its
    /// service, variations and discharge
    Order {
        /// What to do with orders.
        #[command(subcommand)]
        command: OrderCommand,
    },
    /// Breaches: mark an entry as breaching terms of an order in force when it happened
    Breach {
        /// What to do with breaches.
        #[command(subcommand)]
        command: BreachCommand,
    },
    /// How this has affected you: note each change to your life (moving home, time off work,
    /// cameras fitted, counselling) with when it began
    Effect {
        /// What to do with the changes noted.
        #[command(subcommand)]
        command: EffectCommand,
    },
    /// Verify the whole vault: the record chain, every encrypted value, every attachment
    Check,
    /// Change the passphrase (unlock with the old one, or with the recovery key)
    Passwd(NewPassphraseArgs),
    /// Make a new encryption key, re-encrypt everything, and issue a new recovery key
    Rekey,
    /// Copy the vault to a new file (still encrypted; opens with the same passphrase)
    Backup {
        /// Where to write the copy (must not exist yet)
        out: PathBuf,
    },
    /// Bring a vault made by an older Casebook to the current format (a backup is made first,
    /// next to the vault; the change is recorded in the vault)
    Migrate,
    /// Sign the current end of the record chain with the vault's key
    Checkpoint,
    /// Make a witness code to send to someone (a text or email keeps its date), or record that
    /// you sent one; a later pack can be checked against it with `casebook verify --witness`
    #[command(args_conflicts_with_subcommands = true)]
    Witness {
        /// Record a code as shared, or list those recorded (none: make a new code).
        #[command(subcommand)]
        command: Option<WitnessCommand>,
    },
    /// Your key card: the fingerprint of the key that signs your packs, on one page to print
    /// and give to the police (--out CARD.pdf); or record that you gave it (given --to WHO)
    #[command(args_conflicts_with_subcommands = true)]
    KeyCard {
        /// Where to write the card (a new PDF file)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Record a card as given, or list those recorded.
        #[command(subcommand)]
        command: Option<KeyCardCommand>,
    },
    /// Trusted time-stamps (RFC 3161) without a network: write a request to take to any
    /// time-stamp authority, then import its reply; every pack carries the reply
    Anchor {
        /// Make a request, import a reply, or list those stored.
        #[command(subcommand)]
        command: AnchorCommand,
    },
    /// Show facts about the vault: where it is, its key fingerprint, its record count
    Info,
    /// The pattern: incidents per week by kind, escalation and the longest gap in words,
    /// incidents by channel, and a day-of-week x hour grid (--json: all of it as one object)
    #[command(after_help = PATTERN_HELP)]
    Pattern(FilterArgs),
    /// Make a signed evidence pack for the police or an advocate (--preview shows what goes in)
    Export(ExportArgs),
    /// Draft your witness statement (.docx, laid out like the police's MG11 form) from the
    /// entries a police pack with the same choices would hold, to correct and finish yourself
    Statement(StatementArgs),
    /// Check an evidence pack as its recipient would (needs no vault and no passphrase)
    Verify(VerifyArgs),
    /// Recipient cards for advocates and officers: make a keypair, show a card
    Recipient {
        /// Make a keypair, show a card, or list the recipients you have made packs for.
        #[command(subcommand)]
        command: RecipientCommand,
    },
    /// Tie one exhibit file from a police pack's upload folder back to the signed pack
    VerifyExhibit(VerifyExhibitArgs),
    /// Bring in texts, calls, chats or email from a phone or mail export (--preview first)
    Import(ImportArgs),
}

/// Where a new passphrase comes from (otherwise it is asked for twice in the terminal).
#[derive(Debug, Clone, Args)]
pub struct NewPassphraseArgs {
    /// Read the new passphrase from this file (one trailing newline is ignored)
    #[arg(long, value_name = "FILE", conflicts_with = "new_passphrase_fd")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Read the new passphrase from this open file descriptor (0 = stdin)
    #[arg(long, value_name = "N")]
    pub new_passphrase_fd: Option<u32>,
}

/// `casebook add`.
#[derive(Debug, Args)]
#[command(after_help = TIME_HELP)]
pub struct AddArgs {
    /// What kind of incident: call, text_message, email, social_media, voicemail, letter_gift_delivery,
    /// sighting, following, approach_visit, property_damage, threat, third_party_contact, report, other
    #[arg(long)]
    pub kind: EntryKind,
    /// A short summary line
    #[arg(long)]
    pub title: String,
    /// The entry's details.
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Attach this file once the entry is saved (repeatable)
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<PathBuf>,
}

/// `casebook edit`.
#[derive(Debug, Args)]
#[command(after_help = TIME_HELP)]
pub struct EditArgs {
    /// The entry's number
    pub id: i64,
    /// Why it is being changed (kept with the new version)
    #[arg(long)]
    pub reason: String,
    /// Change the kind of incident
    #[arg(long)]
    pub kind: Option<EntryKind>,
    /// Change the summary line
    #[arg(long)]
    pub title: Option<String>,
    /// The fields to change; the rest keep their current values.
    #[command(flatten)]
    pub fields: FieldArgs,
}

const TIME_HELP: &str = "\
Times: 2026-03-01 21:10 or 2026-03-01T21:10 (your local time), or with an offset (2026-03-01T21:10:00+00:00).
Give an empty value (--location \"\") or \"none\" to clear a field when editing.";

/// Every entry field except kind and title, shared by `add` and `edit`.
#[derive(Debug, Args)]
pub struct FieldArgs {
    /// When it happened [add: default now]
    #[arg(long, value_parser = parse::time_start, value_name = "TIME")]
    pub at: Option<DateTime<FixedOffset>>,
    /// The time is not exact
    #[arg(long, overrides_with = "exact")]
    pub approximate: bool,
    /// The time is exact (undoes --approximate)
    #[arg(long, overrides_with = "approximate")]
    pub exact: bool,
    /// When it ended, for something that lasted
    #[arg(long, value_parser = parse::clear_time, value_name = "TIME")]
    pub until: Option<Clear<DateTime<FixedOffset>>>,
    /// What happened, in your words
    #[arg(long, conflicts_with = "narrative_file")]
    pub narrative: Option<String>,
    /// Read the narrative from this text file (`-` reads stdin)
    #[arg(long, value_name = "FILE")]
    pub narrative_file: Option<PathBuf>,
    /// Where it happened
    #[arg(long)]
    pub location: Option<String>,
    /// The channel: phone, WhatsApp, Instagram, email, in person...
    #[arg(long)]
    pub channel: Option<String>,
    /// The number, handle, email address or web address it came from
    #[arg(long)]
    pub identifier: Option<String>,
    /// For calls: incoming, outgoing, missed, rejected or blocked
    #[arg(long, value_parser = parse::clear_direction)]
    pub direction: Option<Clear<CallDirection>>,
    /// For calls: how long, in seconds or like 3m20s
    #[arg(long, value_parser = parse::clear_duration)]
    pub duration: Option<Clear<u32>>,
    /// The person responsible, by their number in the case (see `casebook case show`)
    #[arg(long, value_parser = parse::clear_person, value_name = "ID")]
    pub person: Option<Clear<u32>>,
    /// Someone who saw or heard it (repeatable)
    #[arg(long = "witness", value_name = "NAME")]
    pub witnesses: Vec<String>,
    /// How it affected you (fear, alarm, distress, changes to your routine)
    #[arg(long)]
    pub impact: Option<String>,
    /// You blocked the number, account or address
    #[arg(long, overrides_with = "not_blocked")]
    pub blocked: bool,
    /// You did not block it (undoes --blocked)
    #[arg(long, overrides_with = "blocked")]
    pub not_blocked: bool,
    /// Who you reported it to (police, employer, platform, helpline)
    #[arg(long, value_name = "WHO")]
    pub reported_to: Option<String>,
    /// Police reference (crime or incident number)
    #[arg(long, value_name = "REF")]
    pub police_ref: Option<String>,
    /// The officer's name or collar number
    #[arg(long)]
    pub officer: Option<String>,
    /// Anything else you did about it
    #[arg(long, value_name = "TEXT")]
    pub action: Option<String>,
    /// A tag of your own (repeatable)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
}

const PATTERN_HELP: &str = "\
Dates: 2026-03-01 (a whole day), 2026-03-01 21:10 (your local time), or RFC 3339.
Retracted entries are never counted. Weeks run Monday to Sunday and hours are read in the time each
entry was given in.

With --json, one object:
  incidents       incidents counted
  by_channel      [[channel, incidents], ...], most first (\"\": no channel given)
  grid            7 rows (Monday first) of 24 counts (hour 0 to 23)
  halves          the first half of the weeks against the last half (null under 2 weeks)
  last_4_weeks    the last 4 weeks against the 4 before (null under 8 weeks)
  last_12_weeks   the last 12 weeks against the 12 before (null under 24 weeks)
                  each {weeks, before_per_week, after_per_week,
                  direction: \"increasing\" | \"decreasing\" | \"about the same\"}
  longest_gap     {days, from, to}: the longest time between two incidents (from and to in
                  RFC 3339, in the time each entry was given in; null unless
                  two incidents were on different days)
  words           the trends and the gap as sentences, as the text output prints them
  weeks           every week from the first incident to the last, empty ones included:
                  {week_start, total, by_kind: {kind: n}, by_channel: {channel: n}}";

/// Filters for `list` and `pattern`. Empty means everything.
#[derive(Debug, Args)]
#[command(after_help = "Dates: 2026-03-01 (a whole day), 2026-03-01 21:10 (your local time), or RFC 3339.")]
pub struct FilterArgs {
    /// Only what happened at or after this time (a date means the start of that day)
    #[arg(long, value_parser = parse::time_start, value_name = "TIME")]
    pub from: Option<DateTime<FixedOffset>>,
    /// Only what happened before this time (a date includes that whole day)
    #[arg(long, value_parser = parse::time_end, value_name = "TIME")]
    pub to: Option<DateTime<FixedOffset>>,
    /// Only these kinds (repeatable)
    #[arg(long)]
    pub kind: Vec<EntryKind>,
    /// Only entries about this person (their number in the case)
    #[arg(long, value_name = "ID")]
    pub person: Option<u32>,
    /// Only entries containing this text (any field, any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only entries with this tag (repeatable: all must match)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Leave out retracted entries
    #[arg(long)]
    pub hide_retracted: bool,
}

/// `casebook key-card ...`.
#[derive(Debug, Subcommand)]
pub enum KeyCardCommand {
    /// Record that you gave your key card to someone (it is listed in every report)
    Given {
        /// Who, in your words ("PC 1234, Leeds, 3 Dec")
        #[arg(long, value_name = "WHO")]
        to: String,
    },
    /// List the key cards recorded as given
    List,
}

/// `casebook recipient ...`.
#[derive(Debug, Subcommand)]
pub enum RecipientCommand {
    /// Make a keypair for an advocate service or an officer: the card to hand out, and the secret
    /// identity file (owner-only; keep it, never send it) that opens packs made for the card
    New {
        /// Who the card is for ("Anytown Advocacy Service", "PC 1234, Leeds")
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Where to write the card (must not exist)
        #[arg(long, value_name = "CARD.txt")]
        card: PathBuf,
        /// Where to write the secret identity file (must not exist)
        #[arg(long, value_name = "IDENTITY.txt")]
        identity: PathBuf,
    },
    /// Show a recipient card: who, its fingerprint (read it out to check it), its key, and the
    /// card as a QR code; --page writes its printable page
    Show {
        /// The card file
        #[arg(value_name = "CARD.txt")]
        card: PathBuf,
        /// Also write the card's printable page (one A4 PDF with the fingerprint and the QR code)
        /// to this new file
        #[arg(long, value_name = "PAGE.pdf")]
        page: Option<PathBuf>,
    },
    /// List the recipients you have made packs for (remembered in the vault, encrypted), with
    /// their fingerprints: use one again with export --to-remembered FINGERPRINT
    List,
}

/// `casebook anchor ...`.
#[derive(Debug, Subcommand)]
pub enum AnchorCommand {
    /// Sign a checkpoint and write a time-stamp request for it (DER TimeStampReq, .tsq); send
    /// it to a time-stamp authority from any device, for example:
    /// curl -H 'Content-Type: application/timestamp-query' --data-binary @head.tsq https://freetsa.org/tsr > head.tsr
    Request {
        /// Where to write the request (a new file, e.g. head.tsq)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Store the authority's reply (.tsr) to one of your requests. A reply that answers
    /// another request, or is not a time-stamp reply, is refused (exit 2); one whose signature
    /// does not verify with the certificate it carries, or whose certificate was not valid at
    /// its time or is not for time-stamping, is refused (exit 5). Nothing is stored then.
    /// Whether the authority is one to trust is checked with its CA certificate:
    /// openssl ts -verify -CAfile
    Import {
        /// The reply file (DER TimeStampResp)
        reply: PathBuf,
    },
    /// List the time-stamps stored
    List,
}

/// `casebook witness ...`.
#[derive(Debug, Subcommand)]
pub enum WitnessCommand {
    /// Record that you sent a witness code: to whom, and how (it is listed in every report)
    Shared {
        /// The code, as `casebook witness` showed it (W-214-ABCD-...)
        code: String,
        /// Who you sent it to, in your words ("my advocate Sam", "myself")
        #[arg(long, value_name = "WHO")]
        to: String,
        /// How you sent it ("text message", "email")
        #[arg(long, value_name = "HOW")]
        how: String,
    },
    /// List the codes recorded as shared
    List,
}

/// `casebook case ...`.
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Show the case details, or one person's page: their identifiers with how often and when
    /// each was seen, new ones marked, and what was reported
    Show {
        /// A person's number: show their page
        #[arg(value_name = "PERSON")]
        person: Option<u32>,
    },
    /// Set your initials (for exhibit marks like AB/1), the terms of an order in force, or the
    /// country for phone numbers
    Set {
        /// Your initials, one to four letters
        #[arg(long)]
        initials: Option<String>,
        /// The terms of any order in force (an empty value clears them)
        #[arg(long, value_name = "TEXT")]
        order_terms: Option<String>,
        /// The country phone numbers written without a country code are in, for every entry,
        /// import and person (two letters, such as GB, IE or US; GB until set)
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
    },
    /// Add a person responsible; prints their number
    AddPerson(PersonArgs),
    /// Add numbers, emails, handles, web addresses or vehicles to a person (such as ones an
    /// import preview shows)
    AddIdentifier(IdentifierArgs),
}

const IDENTIFIER_HELP: &str = "\
Example: casebook case add-identifier --person 1 --phone \"+44 7700 900123\" --handle \"Jon D\"
Identifiers the person already has (the same number written differently, say) are skipped.";

/// `casebook case add-identifier`.
#[derive(Debug, Args)]
#[command(after_help = IDENTIFIER_HELP)]
pub struct IdentifierArgs {
    /// The person's number (see `casebook case show`)
    #[arg(value_name = "ID", conflicts_with = "person")]
    pub person_id: Option<u32>,
    /// The person's number (the same as giving it before the options)
    #[arg(long, value_name = "ID")]
    pub person: Option<u32>,
    /// With --value: phone, email, handle, url, vehicle or other
    #[arg(long, requires = "value")]
    pub kind: Option<IdentifierKind>,
    /// With --kind: the number, address, handle or registration as written
    #[arg(long, requires = "kind")]
    pub value: Option<String>,
    /// The identifiers, by kind (each repeatable).
    #[command(flatten)]
    pub ids: IdentifierLists,
}

/// Identifiers of a person, by kind; each flag repeatable.
#[derive(Debug, Args)]
pub struct IdentifierLists {
    /// A phone number they use (repeatable)
    #[arg(long)]
    pub phone: Vec<String>,
    /// An email address they use (repeatable)
    #[arg(long)]
    pub email: Vec<String>,
    /// A social media or chat handle, or the name a chat shows for them (repeatable)
    #[arg(long)]
    pub handle: Vec<String>,
    /// A vehicle registration (repeatable)
    #[arg(long)]
    pub vehicle: Vec<String>,
    /// A web address, such as a profile page (repeatable)
    #[arg(long)]
    pub url: Vec<String>,
}

impl IdentifierLists {
    /// Every identifier given, in flag order.
    pub fn into_identifiers(self) -> Vec<casebook_core::Identifier> {
        use casebook_core::Identifier;
        let mut out = Vec::new();
        for (kind, values) in [
            (IdentifierKind::Phone, self.phone),
            (IdentifierKind::Email, self.email),
            (IdentifierKind::Handle, self.handle),
            (IdentifierKind::Vehicle, self.vehicle),
            (IdentifierKind::Url, self.url),
        ] {
            out.extend(values.into_iter().map(|value| Identifier { kind, value }));
        }
        out
    }
}

/// `casebook case add-person`.
#[derive(Debug, Args)]
pub struct PersonArgs {
    /// Their name as you know it ("unknown man" will do)
    #[arg(long)]
    pub name: String,
    /// How you know them (ex-partner, neighbour, unknown)
    #[arg(long)]
    pub relationship: Option<String>,
    /// What they look like, what they drive, their habits
    #[arg(long)]
    pub description: Option<String>,
    /// Their numbers, addresses, handles and vehicles.
    #[command(flatten)]
    pub ids: IdentifierLists,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_documents_the_exit_codes() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("7  disk full or input too large"));
    }
}
