//! `casebook attach ID FILE...`: store files, byte-exact and encrypted, with an entry.

use std::path::PathBuf;

use crate::commands::fields::check_readable_files;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output;

/// Attaches each file in turn; each is all-or-nothing.
pub fn run(ctx: &Ctx, id: i64, files: &[PathBuf]) -> Result<(), CliError> {
    check_readable_files(files)?;
    let mut vault = ctx.unlock()?;
    let mut attached = Vec::new();
    for path in files {
        let info = vault.attach_file(id, path, "manual").map_err(|e| {
            let done = if attached.is_empty() { String::new() } else { format!("{} attached; ", attached.len()) };
            CliError::from(e).context(format!("{done}{} was not attached: ", path.display()))
        })?;
        if !ctx.out.json() {
            ctx.out.line(output::attachment_line(&info))?;
        }
        attached.push(info);
    }
    if ctx.out.json() {
        ctx.out.value(&attached)?;
    }
    Ok(())
}
