//! `casebook add`: record a new entry, then attach any files to it.

use casebook_core::EntryFields;

use crate::args::AddArgs;
use crate::commands::fields;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output;

/// Saves the entry and prints its number (first line of stdout) only once the save returned.
pub fn run(ctx: &Ctx, args: AddArgs) -> Result<(), CliError> {
    let mut entry = EntryFields::new(args.kind, args.title, crate::parse::now());
    fields::apply(&mut entry, &args.fields)?;
    fields::check_readable_files(&args.attach)?;
    let mut vault = ctx.unlock()?;
    let id = vault.add_entry(entry)?;
    // The entry is committed and durable now; only now may we say so.
    if !ctx.out.json() {
        ctx.out.line(id)?;
    }
    let mut attached = Vec::new();
    for path in &args.attach {
        let info = vault.attach_file(id, path, "manual").map_err(|e| {
            CliError::from(e).context(format!("entry {id} was saved, but {} was not attached: ", path.display()))
        })?;
        if !ctx.out.json() {
            ctx.out.line(output::attachment_line(&info))?;
        }
        attached.push(info);
    }
    if ctx.out.json() {
        ctx.out.value(&serde_json::json!({ "id": id, "attachments": attached }))?;
    }
    Ok(())
}
