//! `casebook migrate`: bring a vault made by an older Casebook to the current format.

use casebook_core::FORMAT_VERSION;

use crate::context::Ctx;
use crate::exit::CliError;

/// Backs the vault up next to itself, then converts it in one transaction (core's
/// `Vault::migrate_format`), and says where the backup is.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    let mut vault = ctx.unlock_quietly()?;
    let done = vault.migrate_format()?;
    if ctx.out.json() {
        return ctx.out.value(&done);
    }
    match (&done.backup, done.seq) {
        (Some(backup), Some(seq)) => {
            ctx.out.line(format_args!(
                "The vault is now in format {} (it was format {}); recorded as record {seq}.",
                done.to, done.from
            ))?;
            ctx.out.line(format_args!(
                "A copy of the vault as it was is at {}. It opens with the same passphrase; once you have \
                 checked the vault (casebook check), you may delete it or keep it somewhere safe.",
                backup.display()
            ))
        }
        _ => ctx.out.line(format_args!("The vault is already in format {FORMAT_VERSION}; nothing was changed.")),
    }
}
