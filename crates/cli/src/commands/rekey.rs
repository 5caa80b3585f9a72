//! `casebook rekey`: a new master key, everything re-encrypted, a new recovery key.

use casebook_core::{Credential, KdfPolicy, SystemClock, Vault};
use casebook_crypto::Passphrase;

use crate::context::Ctx;
use crate::exit::CliError;
use crate::passphrase;
use crate::show_key::print_recovery_key;

/// Needs the current passphrase (it is re-wrapped under the new key); prints the new
/// recovery key once.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    if ctx.global.recovery_key_file.is_some() {
        return Err(CliError::usage(
            "rekey needs your passphrase, not the recovery key; if you forgot it, set a new one first with \
             `casebook passwd --recovery-key-file FILE`",
        ));
    }
    let path = ctx.vault_path()?;
    if !path.exists() {
        return Err(casebook_core::VaultError::NotFound(path).into());
    }
    let text = passphrase::current_passphrase(&ctx.global)?;
    let policy: KdfPolicy = ctx.policy();
    let credential = Credential::Passphrase(Passphrase::new(text.to_string()));
    let mut vault = Vault::unlock(&path, credential, policy, Box::new(SystemClock))?;
    let recovery = vault.rekey(Passphrase::new(text.to_string()))?;
    let key = recovery.expose_display();
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "recovery_key": key.as_str() }));
    }
    ctx.out.line("Everything has been re-encrypted under a new key. Your passphrase is unchanged.")?;
    ctx.out.line("Your old recovery key no longer works: destroy it.")?;
    ctx.out.line("")?;
    print_recovery_key(&ctx.out, &key)
}
