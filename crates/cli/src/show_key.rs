//! Showing a new recovery key: once, with plain words about keeping it safe.

use crate::exit::CliError;
use crate::output::Output;

/// Prints the recovery key with instructions. The key is shown nowhere else, ever.
pub fn print_recovery_key(out: &Output, key: &str) -> Result<(), CliError> {
    out.line("Your recovery key (it is shown only this once):")?;
    out.line("")?;
    out.line(format_args!("    {key}"))?;
    out.line("")?;
    out.line("Write it down on paper or print it now, and keep it somewhere safe, away from this computer.")?;
    out.line("If you ever forget your passphrase, this key is the only other way to open your diary.")?;
    out.line("Anyone who has both this key and the vault file can read your diary, so keep it private.")
}
