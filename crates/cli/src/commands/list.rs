//! `casebook list`: the diary as a table, oldest first, or as JSON.

use casebook_core::{EntryFilter, EntrySummary};

use crate::args::FilterArgs;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{self, pad, plural, truncate};

const TITLE_WIDTH: usize = 40;

/// The core filter for the flags given.
pub fn filter(args: &FilterArgs) -> EntryFilter {
    EntryFilter {
        from: args.from,
        to: args.to,
        kinds: args.kind.clone(),
        person_id: args.person,
        text: args.search.clone(),
        tags: args.tag.clone(),
        hide_retracted: args.hide_retracted,
    }
}

/// Lists matching entries.
pub fn run(ctx: &Ctx, args: &FilterArgs) -> Result<(), CliError> {
    let vault = ctx.unlock()?;
    let entries = vault.list_entries(&filter(args))?;
    if ctx.out.json() {
        return ctx.out.value(&entries);
    }
    if entries.is_empty() {
        let filtered = filter(args) != Default::default();
        return ctx.out.line(if filtered { "No entries match." } else { "No entries yet." });
    }
    let kind_width = entries.iter().map(|e| e.fields.kind.label().chars().count()).max().unwrap_or(4).max(4);
    let id_width = entries.iter().map(|e| e.id.to_string().len()).max().unwrap_or(2).max(2);
    ctx.out.line(format_args!(
        "{:>id_width$}  {}  {}  {}  {}  NOTES",
        "ID",
        pad("OCCURRED", 23),
        pad("RECORDED", 23),
        pad("KIND", kind_width),
        pad("TITLE", TITLE_WIDTH),
    ))?;
    for e in &entries {
        ctx.out.line(format_args!(
            "{:>id_width$}  {}  {}  {}  {}  {}",
            e.id,
            pad(&output::time(&e.fields.occurred.start), 23),
            pad(&output::time(&e.recorded_at), 23),
            pad(e.fields.kind.label(), kind_width),
            pad(&truncate(&e.fields.title, TITLE_WIDTH), TITLE_WIDTH),
            notes(e),
        ))?;
    }
    let retracted = entries.iter().filter(|e| e.retracted.is_some()).count() as u64;
    let mut summary = plural(entries.len() as u64, "entry", "entries");
    if retracted > 0 {
        summary.push_str(&format!(" ({retracted} retracted)"));
    }
    ctx.out.line(summary)
}

fn notes(e: &EntrySummary) -> String {
    let mut notes = Vec::new();
    if e.retracted.is_some() {
        notes.push("RETRACTED".to_owned());
    }
    if e.revision > 1 {
        notes.push(format!("revised (v{})", e.revision));
    }
    if e.fields.occurred.approximate {
        notes.push("approx. time".to_owned());
    }
    if e.attachments > 0 {
        notes.push(plural(e.attachments, "file", "files"));
    }
    notes.join(", ")
}
