//! `casebook edit ID --reason ...`: record a corrected version; the old one stays.

use casebook_core::VaultError;

use crate::args::EditArgs;
use crate::commands::fields;
use crate::context::Ctx;
use crate::exit::CliError;

/// Starts from the current version, applies the flags given, and records the result.
pub fn run(ctx: &Ctx, args: EditArgs) -> Result<(), CliError> {
    if args.reason.trim().is_empty() {
        return Err(CliError::usage("please give a reason with --reason; it is kept with the change"));
    }
    let mut vault = ctx.unlock()?;
    let history = vault.entry(args.id)?;
    let current = history.current().ok_or(VaultError::Purged(args.id))?;
    let mut entry = current.fields.clone();
    if let Some(kind) = args.kind {
        entry.kind = kind;
    }
    if let Some(title) = args.title {
        entry.title = title;
    }
    fields::apply(&mut entry, &args.fields)?;
    let entry = entry.validate()?;
    if entry == current.fields {
        return Err(CliError::usage(format!(
            "those values are the same as entry {}'s current version; nothing was changed",
            args.id
        )));
    }
    let revision = current.revision + 1;
    vault.revise_entry(args.id, entry, &args.reason)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "id": args.id, "revision": revision }));
    }
    ctx.out.line(format_args!(
        "Saved version {revision} of entry {}. The earlier version is kept, with your reason.",
        args.id
    ))
}
