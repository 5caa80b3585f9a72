//! `casebook rekey`: a new master key, everything re-encrypted, a new recovery key.

use casebook_core::{Credential, KdfPolicy, RecoveryKey, SystemClock, Vault};
use casebook_crypto::Passphrase;

use crate::context::Ctx;
use crate::exit::CliError;
use crate::passphrase;
use crate::show_key::print_recovery_key;

/// Needs the current passphrase (it is re-wrapped under the new key); prints the new
/// recovery key once, *before* the re-key commits, so a run stopped at any moment leaves a
/// vault that a recovery key the person was shown opens: the old one until the commit, the
/// printed one after it. With `--json`, two lines: `{"recovery_key": K, "state": "shown"}`
/// before the commit and `{"recovery_key": K, "state": "in_use"}` after it.
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
    let recovery = RecoveryKey::generate();
    let key = recovery.expose_display();
    if ctx.out.json() {
        ctx.out.line(serde_json::json!({ "recovery_key": key.as_str(), "state": "shown" }))?;
    } else {
        ctx.out.line("Your passphrase is checked. This is your NEW recovery key; it takes the old one's place")?;
        ctx.out
            .line("when this command says Done. Until then your old recovery key still works: keep it until then.")?;
        ctx.out.line("")?;
        print_recovery_key(&ctx.out, &key)?;
        ctx.out.line("")?;
        ctx.out.line("Re-encrypting everything under a new key...")?;
    }
    if let Err(e) = vault.rekey(Passphrase::new(text.to_string()), &recovery) {
        drop(vault);
        return Err(CliError::from(e).context(which_key_works(&path, &recovery, policy)));
    }
    if ctx.out.json() {
        return ctx.out.line(serde_json::json!({ "recovery_key": key.as_str(), "state": "in_use" }));
    }
    ctx.out.line("Done. Everything has been re-encrypted under a new key. Your passphrase is unchanged.")?;
    ctx.out.line("The recovery key above is now the only one that works: destroy your old one.")
}

/// After a failed re-key: which recovery key opens the vault now, in words put before the error.
/// A write error during the commit itself can leave the commit on disk although SQLite
/// reported a failure, so this asks the vault rather than assuming.
fn which_key_works(path: &std::path::Path, new: &RecoveryKey, policy: KdfPolicy) -> &'static str {
    let Ok(copy) = RecoveryKey::parse(&new.expose_display()) else {
        return "The re-key did not finish: keep both your old recovery key and the key above. ";
    };
    match Vault::unlock(path, Credential::RecoveryKey(copy), policy, Box::new(SystemClock)) {
        Ok(_) => "The re-key was saved although it reported an error: the key above is your recovery key now. ",
        Err(casebook_core::VaultError::WrongPassphrase) => {
            "The re-key did not happen: your old recovery key still works and the key above does not. "
        }
        Err(_) => "The re-key did not finish: keep both your old recovery key and the key above. ",
    }
}
