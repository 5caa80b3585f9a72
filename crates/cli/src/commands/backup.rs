//! `casebook backup OUT`: a consistent, still-encrypted copy of the vault.

use std::path::Path;

use casebook_core::VaultError;

use crate::context::Ctx;
use crate::exit::CliError;

/// Copies the vault to `out`, which must not exist.
pub fn run(ctx: &Ctx, out: &Path) -> Result<(), CliError> {
    if out.exists() {
        return Err(VaultError::AlreadyExists(out.to_owned()).into());
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(CliError::other(format!("the folder {} does not exist; nothing was written", dir.display())));
    }
    let vault = ctx.unlock()?;
    vault.backup_to(out)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "path": out }));
    }
    ctx.out.line(format_args!(
        "Backup written to {}. It is encrypted like the vault and opens with the same passphrase and recovery key.",
        out.display()
    ))
}
