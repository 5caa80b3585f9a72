//! `casebook retract ID --reason ...`: withdraw an entry, visibly.

use crate::context::Ctx;
use crate::exit::CliError;

/// Marks the entry retracted with the reason.
pub fn run(ctx: &Ctx, id: i64, reason: &str) -> Result<(), CliError> {
    if reason.trim().is_empty() {
        return Err(CliError::usage("please give a reason with --reason; it is kept with the retraction"));
    }
    let mut vault = ctx.unlock()?;
    vault.retract_entry(id, reason)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "id": id, "retracted": true }));
    }
    ctx.out.line(format_args!("Entry {id} is now marked retracted. It stays in the diary, with your reason."))
}
