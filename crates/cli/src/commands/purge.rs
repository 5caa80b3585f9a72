//! `casebook purge ID`: erase an entry's content for good, after confirmation.

use std::io::{BufRead, IsTerminal, Write};

use casebook_core::{SourceFate, VaultError};

use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{plural, truncate};

/// Erases the entry once confirmed (`--yes`, or "yes" typed at the terminal).
pub fn run(ctx: &Ctx, id: i64, reason: Option<&str>, yes: bool) -> Result<(), CliError> {
    if !yes && !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "purge erases an entry for good, so it needs --yes when not run in a terminal; nothing was erased",
        ));
    }
    let mut vault = ctx.unlock()?;
    let history = vault.entry(id)?;
    let current = history.current().ok_or(VaultError::Purged(id))?;
    let preview = vault.purge_preview(id)?;
    if !yes {
        let files = plural(history.attachments.len() as u64, "attached file", "attached files");
        eprint!(
            "This erases entry {id} (\"{}\") and its {files} for good; it cannot be undone.\n\
             {}\
             The diary will still show that an entry was erased, and when.\n\
             Type yes to erase it: ",
            truncate(&current.fields.title, 60),
            preview.source.as_ref().map(source_warning).unwrap_or_default()
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "yes" | "y") {
            return Err(CliError::other("not confirmed; nothing was erased"));
        }
    }
    let fate = vault.purge_entry(id, reason)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "id": id, "purged": true, "source": fate }));
    }
    ctx.out.line(format_args!("Entry {id} was erased. A record that it was erased remains in the diary's chain."))?;
    match &fate {
        Some(SourceFate::Recut { source_name }) => ctx.out.line(format_args!(
            "The export file \"{source_name}\" it was imported from was re-cut without it; the copy that held it \
             was erased."
        )),
        Some(whole @ SourceFate::Whole { .. }) => ctx.out.line(format_args!("{}", source_warning(whole).trim_end())),
        None => Ok(()),
    }
}

/// What happens to the export file an imported entry came from, in plain words.
fn source_warning(fate: &SourceFate) -> String {
    match fate {
        SourceFate::Recut { source_name } => format!(
            "It was imported from the export file \"{source_name}\": that file is re-cut without it (everything else \
             in it stays).\n"
        ),
        SourceFate::Whole { source_name, why, other_entries } => {
            let others = match other_entries.as_slice() {
                [] => String::new(),
                [one] => format!(
                    " Entry {one}, also imported from it, stays, but packs can no longer carry its original excerpt."
                ),
                [first, .., last] => format!(
                    " The {} other entries imported from it ({first} to {last}) stay, but packs can no longer carry \
                     their original excerpts.",
                    other_entries.len()
                ),
            };
            format!(
                "Warning: it was imported from the export file \"{source_name}\", which cannot be re-cut without it \
                 ({why}), so the whole export file is erased too.{others}\n"
            )
        }
    }
}
