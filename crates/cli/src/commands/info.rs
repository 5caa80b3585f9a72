//! `casebook info`: facts about the vault that are safe to show.

use crate::context::Ctx;
use crate::exit::CliError;

/// Prints path, format, fingerprint, record count and head.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    let vault = ctx.unlock()?;
    let info = vault.info()?;
    if ctx.out.json() {
        return ctx.out.value(&info);
    }
    let out = &ctx.out;
    out.line(format_args!("Vault:        {}", info.path.display()))?;
    out.line(format_args!("Vault id:     {}", info.vault_id))?;
    out.line(format_args!("Format:       {}", info.format_version))?;
    out.line(format_args!("Fingerprint:  {}", info.fingerprint))?;
    out.line(format_args!("Records:      {}", info.records))?;
    out.line(format_args!("Chain head:   {}", info.head))?;
    if info.insecure_test_kdf {
        out.line("Warning:      this is a TEST vault with weak key protection; do not keep real evidence in it.")?;
    }
    Ok(())
}
