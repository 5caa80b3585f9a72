//! `casebook init`: make a new vault and show its recovery key, once.

use casebook_core::{SystemClock, Vault, VaultError};

use crate::args::NewPassphraseArgs;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::passphrase;
use crate::show_key::print_recovery_key;

/// Creates the vault; refuses if anything exists at the path.
pub fn run(ctx: &Ctx, args: &NewPassphraseArgs) -> Result<(), CliError> {
    let path = ctx.vault_path()?;
    if path.exists() {
        return Err(VaultError::AlreadyExists(path).into());
    }
    let pass = passphrase::new_passphrase(args, Some(&ctx.global))?;
    let (vault, recovery) = Vault::create(&path, pass, ctx.policy(), Box::new(SystemClock))?;
    let info = vault.info()?;
    vault.lock();
    let key = recovery.expose_display();
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({
            "path": info.path,
            "fingerprint": info.fingerprint,
            "recovery_key": key.as_str(),
        }));
    }
    ctx.out.line(format_args!("Your new vault is ready: {}", info.path.display()))?;
    ctx.out.line("")?;
    print_recovery_key(&ctx.out, &key)?;
    ctx.out.line("")?;
    ctx.out.line(format_args!("The vault's signing key fingerprint is {}", info.fingerprint))?;
    Ok(())
}
