//! `casebook checkpoint`: sign the current end of the chain.

use crate::context::Ctx;
use crate::exit::CliError;

/// Records a signed checkpoint and prints its record number.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    let mut vault = ctx.unlock()?;
    let seq = vault.checkpoint()?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "seq": seq }));
    }
    ctx.out.line(format_args!("Signed checkpoint saved as record {seq}."))
}
