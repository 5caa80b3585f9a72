//! Arguments for evidence going out (`export`, `verify`) and coming in (`import`).

use std::path::PathBuf;

use casebook_core::EntryKind;
use casebook_core::Recipient;
use casebook_core::import::{DateOrder, ImportFormat};
use chrono::{DateTime, FixedOffset};
use clap::Args;

use crate::exit::{VERIFY_EXHIBIT_HELP, VERIFY_EXIT_CODES_HELP};
use crate::parse;

/// Which entries a pack or a draft statement holds (every criterion given must hold).
#[derive(Debug, Args)]
pub struct ChosenEntries {
    /// Only incidents that happened at or after this time (a date means the start of that day)
    #[arg(long, value_parser = parse::time_start, value_name = "TIME")]
    pub from: Option<DateTime<FixedOffset>>,
    /// Only incidents that happened before this time (a date includes that whole day)
    #[arg(long, value_parser = parse::time_end, value_name = "TIME")]
    pub to: Option<DateTime<FixedOffset>>,
    /// Only these kinds of incident (repeatable)
    #[arg(long)]
    pub kind: Vec<EntryKind>,
    /// Only entries about this person, by their number in the case (repeatable)
    #[arg(long, value_name = "ID")]
    pub person: Vec<u32>,
    /// Only this entry, by its number (repeatable)
    #[arg(long = "entry", value_name = "ID")]
    pub entries: Vec<i64>,
}

impl ChosenEntries {
    /// The export options that choose these entries; the rest as by default.
    pub fn options(&self) -> casebook_core::ExportOptions {
        casebook_core::ExportOptions {
            from: self.from,
            to: self.to,
            kinds: self.kind.clone(),
            persons: self.person.clone(),
            entry_ids: self.entries.clone(),
            ..casebook_core::ExportOptions::default()
        }
    }
}

/// `casebook statement`.
#[derive(Debug, Args)]
pub struct StatementArgs {
    /// Where to write the draft (must not exist yet)
    #[arg(long, value_name = "DRAFT.docx")]
    pub out: PathBuf,
    /// Which entries.
    #[command(flatten)]
    pub chosen: ChosenEntries,
    /// Leave out the changes to your life you noted (casebook effect)
    #[arg(long)]
    pub leave_out_effects: bool,
}

/// `casebook export`.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// Where to write the pack (must not exist yet)
    #[arg(long, value_name = "PACK.zip", required_unless_present = "preview")]
    pub out: Option<PathBuf>,
    /// Which entries.
    #[command(flatten)]
    pub chosen: ChosenEntries,
    /// Who the pack is for: police (a plain signed ZIP) or advocate (encrypted with a passphrase)
    #[arg(long, value_parser = parse::recipient, default_value = "police", value_name = "WHO")]
    pub recipient: Recipient,
    /// Advocate packs: put in copies of photos without their location (GPS) data, and leave out
    /// files that hold other files (zip, email, export files), which may hold photos
    #[arg(long)]
    pub strip_gps: bool,
    /// Put in the whole export files that imports kept (they also hold other people's
    /// messages); without it each imported item goes in as its own excerpt
    #[arg(long)]
    pub include_sources: bool,
    /// Leave out the changes to your life you noted (casebook effect): they go in by default,
    /// and may hold health details
    #[arg(long)]
    pub leave_out_effects: bool,
    /// Police packs: also write, beside the pack, a folder of its exhibits one by one (names safe
    /// on Windows), each with a sidecar tying it to the pack, for police upload portals
    #[arg(long)]
    pub upload_folder: bool,
    /// Advocate packs: encrypt to this recipient card's key (no passphrase) instead; the pack is
    /// a plain age file (name it .age) that opens with the recipient's identity file
    #[arg(long, value_name = "CARD.txt", conflicts_with_all = ["advocate_passphrase_file", "advocate_passphrase_fd"])]
    pub to_card: Option<PathBuf>,
    /// Advocate packs: as --to-card, for a recipient you made a pack for before (remembered in
    /// the vault): the first 8 or more hex digits of its fingerprint, as `casebook recipient
    /// list` shows it
    #[arg(
        long,
        value_name = "FINGERPRINT",
        conflicts_with_all = ["to_card", "advocate_passphrase_file", "advocate_passphrase_fd"]
    )]
    pub to_remembered: Option<String>,
    /// Show what the pack would disclose and withhold, and write nothing
    #[arg(long)]
    pub preview: bool,
    /// Advocate packs: read the passphrase to encrypt it with from this file
    #[arg(long, value_name = "FILE", conflicts_with = "advocate_passphrase_fd")]
    pub advocate_passphrase_file: Option<PathBuf>,
    /// Advocate packs: read the passphrase to encrypt it with from this open file descriptor
    #[arg(long, value_name = "N")]
    pub advocate_passphrase_fd: Option<u32>,
}

const EXPORT_HELP: &str = "\
A police pack is a plain ZIP that anyone can check with sha256sum, openssl or `casebook verify`.
An advocate pack is encrypted with a passphrase you choose (asked twice at the terminal, or read
from --advocate-passphrase-file/--advocate-passphrase-fd; never given as an argument) and written
as one web page (name it casebook-pack-for-advocate-YYYY-MM-DD.html) that opens in any browser,
offline, with that passphrase, checks the pack and can save its ZIP for the police. `casebook
verify` checks the page as it is; `age -d` opens the encrypted pack cut out of it:
  sed -n '/^-----BEGIN AGE/,/^-----END AGE/p' PAGE.html | age -d -o pack.zip
Give that passphrase to the advocate separately from the file.
With --to-card CARD.txt (a recipient card an advocate service or officer gave you, `casebook
recipient new`) an advocate pack is encrypted to that card's key instead, with no passphrase to
pass on; it is a plain age file (name it .age) that they open with `casebook verify PACK
--identity ID.txt` or `age -d -i ID.txt -o pack.zip PACK.age`. Check the card's fingerprint
(printed before the pack is written) with them by phone or in person.

With --upload-folder a police pack gets a folder beside it, PACK-exhibits/, holding each exhibit
as its own file with a small NAME.sidecar.json (mark, SHA-256, entry, the pack's manifest hash and
key fingerprint), for upload portals that take files one by one; `casebook verify-exhibit FILE
--pack PACK` ties one of them back to the signed pack.

Dates: 2026-03-01 (a whole day), 2026-03-01 21:10 (your local time), or RFC 3339.
An existing file is never overwritten: the command refuses with exit code 2.";

/// `casebook verify`.
#[derive(Debug, Args)]
#[command(after_help = VERIFY_EXIT_CODES_HELP)]
pub struct VerifyArgs {
    /// The pack to check (a .zip, an advocate pack's .html page, or an age-encrypted pack)
    #[arg(value_name = "PACK")]
    pub pack: PathBuf,
    /// For an encrypted pack: read its passphrase from this file
    #[arg(long, value_name = "FILE", conflicts_with = "pack_passphrase_fd")]
    pub pack_passphrase_file: Option<PathBuf>,
    /// For an encrypted pack: read its passphrase from this open file descriptor
    #[arg(long, value_name = "N")]
    pub pack_passphrase_fd: Option<u32>,
    /// For a pack made for a recipient card: the recipient's identity file (from `casebook
    /// recipient new`)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["pack_passphrase_file", "pack_passphrase_fd"])]
    pub identity: Option<PathBuf>,
    /// The key fingerprint from the person's key card (64 hex digits, spaces allowed): without
    /// it, a valid pack proves only that whoever holds the key it names made it
    #[arg(long, value_name = "FP")]
    pub expect_fingerprint: Option<String>,
    /// A witness code the person sent you earlier (repeatable): check that the pack's chain
    /// passes through that checkpoint with the same key
    #[arg(long = "witness", value_name = "CODE")]
    pub witnesses: Vec<String>,
    /// An RFC 3161 time-stamp reply (.tsr) of the person's diary you hold from before
    /// (repeatable): check that the pack's chain and key are the ones it time-stamped
    #[arg(long = "timestamp", value_name = "FILE")]
    pub timestamps: Vec<std::path::PathBuf>,
}

/// `casebook verify-exhibit`.
#[derive(Debug, Args)]
#[command(after_help = VERIFY_EXHIBIT_HELP)]
pub struct VerifyExhibitArgs {
    /// One exhibit file from a police pack's upload folder
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Its sidecar [default: FILE.sidecar.json beside it]
    #[arg(long, value_name = "SIDECAR")]
    pub sidecar: Option<PathBuf>,
    /// The signed police pack (.zip) [default: the pack the sidecar names, in the folder above]
    #[arg(long, value_name = "PACK")]
    pub pack: Option<PathBuf>,
    /// The key fingerprint from the person's key card (64 hex digits, spaces allowed)
    #[arg(long, value_name = "FP")]
    pub expect_fingerprint: Option<String>,
}

/// `casebook import`.
#[derive(Debug, Args)]
#[command(after_help = IMPORT_HELP)]
pub struct ImportArgs {
    /// The export file: SMS Backup & Restore .xml, WhatsApp chat .txt or .zip, email .eml or .mbox
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show what the file holds and who it involves, and import nothing
    #[arg(long)]
    pub preview: bool,
    /// Import everyone's items, not only those of people in the case
    #[arg(long, conflicts_with = "correspondents")]
    pub all: bool,
    /// Import this correspondent's items (repeatable): a KEY from --preview, a number, an address or a name
    #[arg(long = "correspondent", value_name = "KEY")]
    pub correspondents: Vec<String>,
    /// How to read dates like 03/04/26 when the file does not decide: day-first or month-first
    #[arg(long, value_parser = parse::date_order, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
    /// The UTC offset for times the file gives without a zone (WhatsApp), like +01:00
    /// [default: this computer's time zone]
    #[arg(long, value_parser = parse::utc_offset, value_name = "OFFSET", allow_hyphen_values = true)]
    pub utc_offset: Option<FixedOffset>,
    /// The country for phone numbers written without a country code (two letters), for this
    /// import only [default: the case's, set with `casebook case set --region`]
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Refuse the file unless it is this format: sms, whatsapp, email, telegram, x, instagram or
    /// messenger [default: detect]
    #[arg(long, value_parser = parse::import_format, value_name = "FORMAT")]
    pub format: Option<ImportFormat>,
}

const IMPORT_HELP: &str = "\
By default only the items of correspondents who match a person in the case (by number, address
or name) are imported; see who matches with --preview, add a number to a person with
`casebook case add-identifier`, or pick others with --correspondent KEY or --all.
Items already in the diary are skipped, so importing the same or an overlapping export again
adds nothing twice. The import is one transaction: stopped part-way, it leaves the diary as it was.";
