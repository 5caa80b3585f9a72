//! What every command needs: where the vault is, how to unlock it, where output goes.

use std::path::PathBuf;

use casebook_core::{FORMAT_VERSION, KdfPolicy, SystemClock, Vault, VaultError, default_vault_path};

use crate::args::GlobalArgs;
use crate::exit::CliError;
use crate::output::Output;
use crate::passphrase;

/// The global options, read once.
#[derive(Debug)]
pub struct Ctx {
    /// The global flags as given.
    pub global: GlobalArgs,
    /// Where results go.
    pub out: Output,
}

impl Ctx {
    /// Wraps the parsed global options.
    pub fn new(global: GlobalArgs) -> Self {
        let out = Output::new(global.json);
        Self { global, out }
    }

    /// The vault file: `--vault`, `CASEBOOK_VAULT`, or the platform data folder.
    pub fn vault_path(&self) -> Result<PathBuf, CliError> {
        match &self.global.vault {
            Some(p) if p.as_os_str().is_empty() => Err(CliError::usage("--vault was given an empty path")),
            Some(p) => Ok(p.clone()),
            None => default_vault_path().ok_or_else(|| {
                CliError::usage("could not work out where your vault lives (no home folder); use --vault PATH")
            }),
        }
    }

    /// How new vaults are protected and which vaults may open (read from the environment once).
    pub fn policy(&self) -> KdfPolicy {
        KdfPolicy::from_env()
    }

    /// Unlocks the vault, asking for the passphrase only once the file is known to exist.
    /// A vault in an older format still works in full (this build reads and writes it); a
    /// note on stderr says that `casebook migrate` brings it up to date.
    pub fn unlock(&self) -> Result<Vault, CliError> {
        let vault = self.unlock_quietly()?;
        if vault.needs_migration() {
            eprintln!(
                "note: this vault is in format {} (made by an older Casebook); it works as it is, but `casebook \
                 migrate` brings it to format {FORMAT_VERSION}, which attaches large files faster.",
                vault.format_version()
            );
        }
        Ok(vault)
    }

    /// [`Ctx::unlock`] without the note about older formats.
    pub fn unlock_quietly(&self) -> Result<Vault, CliError> {
        let path = self.vault_path()?;
        if !path.exists() {
            return Err(VaultError::NotFound(path).into());
        }
        let credential = passphrase::credential(&self.global)?;
        Ok(Vault::unlock(&path, credential, self.policy(), Box::new(SystemClock))?)
    }
}
