//! `casebook key-card`: write the key card (a one-page PDF), record that it was given, list
//! those given. The card and the record come from core.

use std::path::Path;

use casebook_core::VaultError;

use crate::args::KeyCardCommand;
use crate::context::Ctx;
use crate::exit::{CliError, exists};
use crate::output::time;

/// Runs `casebook key-card [--out FILE | given --to WHO | list]`.
pub fn run(ctx: &Ctx, out: Option<&Path>, command: Option<KeyCardCommand>) -> Result<(), CliError> {
    match (out, command) {
        (Some(out), None) => {
            if out.exists() {
                return Err(exists(out));
            }
            let card = match ctx.unlock()?.write_key_card(out) {
                Err(VaultError::AlreadyExists(path)) => return Err(exists(&path)),
                other => other?,
            };
            if ctx.out.json() {
                return ctx.out.value(&serde_json::json!({ "out": out, "card": card }));
            }
            ctx.out.line(format_args!("Key card written to {}.", out.display()))?;
            ctx.out.line(format_args!("Fingerprint: {}", card.fingerprint))?;
            ctx.out.line("Print it and give it to the officer in your case; then record that you did:")?;
            ctx.out.line("  casebook key-card given --to \"PC 1234, Leeds\"")
        }
        (None, Some(KeyCardCommand::Given { to })) => {
            let given = ctx.unlock()?.record_key_card_given(&to)?;
            if ctx.out.json() {
                return ctx.out.value(&given);
            }
            ctx.out.line(format_args!("Recorded as record {}: key card given to {}.", given.seq, given.to))
        }
        (None, Some(KeyCardCommand::List)) => {
            let given = ctx.unlock()?.key_cards_given()?;
            if ctx.out.json() {
                return ctx.out.value(&given);
            }
            if given.is_empty() {
                return ctx.out.line("No key cards recorded as given yet.");
            }
            for g in given {
                ctx.out.line(format_args!("{}  given to {}", time(&g.recorded_at), g.to))?;
            }
            Ok(())
        }
        (None, None) => Err(CliError::usage("say where to write the card: casebook key-card --out CARD.pdf")),
        (Some(_), Some(_)) => Err(CliError::usage("--out makes a card; give it without `given` or `list`")),
    }
}
