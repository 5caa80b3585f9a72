//! `casebook passwd`: change the passphrase. Unlocks with the current passphrase or the
//! recovery key (so a forgotten passphrase can be replaced).

use crate::args::NewPassphraseArgs;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::passphrase;

/// Re-wraps the passphrase slot under the new passphrase.
pub fn run(ctx: &Ctx, args: &NewPassphraseArgs) -> Result<(), CliError> {
    let mut vault = ctx.unlock()?;
    let new = passphrase::new_passphrase(args, None)?;
    vault.change_passphrase(new)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "passphrase_changed": true }));
    }
    ctx.out
        .line("Your passphrase has been changed. The old one no longer opens the vault; your recovery key still does.")
}
