//! `casebook purge ID`: erase an entry's content for good, after confirmation.

use std::io::{BufRead, IsTerminal, Write};

use casebook_core::VaultError;

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
    if !yes {
        let files = plural(history.attachments.len() as u64, "attached file", "attached files");
        eprint!(
            "This erases entry {id} (\"{}\") and its {files} for good; it cannot be undone.\n\
             The diary will still show that an entry was erased, and when.\n\
             Type yes to erase it: ",
            truncate(&current.fields.title, 60)
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "yes" | "y") {
            return Err(CliError::other("not confirmed; nothing was erased"));
        }
    }
    vault.purge_entry(id, reason)?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "id": id, "purged": true }));
    }
    ctx.out.line(format_args!("Entry {id} was erased. A record that it was erased remains in the diary's chain."))
}
