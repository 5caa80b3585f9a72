//! `casebook recipient new|show|list`: recipient cards for advocate services and officers (core's
//! `recipient`). `new` and `show` need no vault: the recipient makes their keypair once, on their
//! own machine. `list` shows the person's remembered recipients, from their vault.

use casebook_core::VaultError;
use casebook_core::recipient::{RecipientCard, new_recipient, qr_text, write_card_page};
use casebook_core::{Clock, SystemClock};

use crate::args::RecipientCommand;
use crate::context::Ctx;
use crate::exit::{CliError, exists};

/// Runs `casebook recipient new|show`.
pub fn run(ctx: &Ctx, command: RecipientCommand) -> Result<(), CliError> {
    match command {
        RecipientCommand::New { name, card, identity } => {
            let made = match new_recipient(&name, &identity, &card) {
                Err(VaultError::AlreadyExists(path)) => return Err(exists(&path)),
                other => other?,
            };
            if ctx.out.json() {
                return ctx.out.value(&serde_json::json!({
                    "card": card, "identity": identity, "name": made.name,
                    "recipient": made.recipient, "fingerprint": made.fingerprint(),
                }));
            }
            ctx.out.line(format_args!("Recipient card for {} written to {}.", made.name, card.display()))?;
            ctx.out.line(format_args!("Fingerprint: {}", made.fingerprint()))?;
            ctx.out.line(format_args!(
                "Your secret identity is in {} (readable by you only). Keep it and a copy somewhere safe; never send it. \
                 It opens every pack made for this card.",
                identity.display()
            ))?;
            ctx.out
                .line("Give the card to the people you support; read the fingerprint out to them so they can check it.")
        }
        RecipientCommand::Show { card, page } => {
            let bytes = read_card(&card)?;
            let parsed =
                RecipientCard::parse(&bytes).map_err(|e| CliError::usage(format!("{}: {e}", card.display())))?;
            if let Some(page) = &page {
                match write_card_page(&parsed, page, SystemClock.now()) {
                    Err(VaultError::AlreadyExists(path)) => return Err(exists(&path)),
                    other => other?,
                }
            }
            if ctx.out.json() {
                return ctx.out.value(&serde_json::json!({
                    "name": parsed.name, "recipient": parsed.recipient, "fingerprint": parsed.fingerprint(),
                    "page": page,
                }));
            }
            if let Some(page) = &page {
                ctx.out.line(format_args!("Printable page written to {}.", page.display()))?;
            }
            ctx.out.line(format_args!("Recipient:   {}", parsed.name))?;
            ctx.out.line(format_args!("Fingerprint: {}", parsed.fingerprint()))?;
            ctx.out.line(format_args!("Key:         {}", parsed.recipient))?;
            ctx.out.line("")?;
            ctx.out.line(qr_text(&parsed).trim_end())
        }
        RecipientCommand::List => {
            let list = ctx.unlock()?.remembered_recipients()?;
            if ctx.out.json() {
                return ctx.out.value(&list);
            }
            if list.is_empty() {
                return ctx.out.line("No packs have been made for a recipient card yet.");
            }
            for r in &list {
                ctx.out.line(format_args!(
                    "{}  {}  ({} {}, last {})",
                    r.fingerprint,
                    r.name,
                    r.uses,
                    if r.uses == 1 { "pack" } else { "packs" },
                    r.last_used.format("%Y-%m-%d %H:%M UTC")
                ))?;
            }
            ctx.out.line("Read the fingerprint out with the recipient before each use: export --recipient advocate --to-remembered FINGERPRINT")
        }
    }
}

/// A card file: a few hundred bytes; far larger is refused unread.
pub fn read_card(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    let limit = casebook_core::recipient::MAX_CARD_BYTES as u64;
    let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
        .map_err(|e| CliError::io("read", path, &e))?;
    Ok(bytes)
}
