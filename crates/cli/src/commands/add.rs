//! `casebook add`: record a new entry, then attach any files to it.

use casebook_core::identity::IdentifierMatch;
use casebook_core::{EntryFields, IdentifierKind};

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
    // Without --person (`--person none` says no one), the typed identifier links the entry
    // to the person it belongs to, by core's one rule.
    let linked = match (&args.fields.person, &entry.identifier) {
        (None, Some(typed)) => match vault.match_identifier(typed)? {
            IdentifierMatch::Person { person_id, name, matched } => {
                entry.person_id = Some(person_id);
                Some((person_id, name, matched, typed.trim().to_owned()))
            }
            _ => None,
        },
        _ => None,
    };
    let id = vault.add_entry(entry)?;
    // The entry is committed and durable now; only now may we say so.
    if !ctx.out.json() {
        ctx.out.line(id)?;
        if let Some((person_id, name, matched, typed)) = &linked {
            ctx.out.line(format_args!(
                "Linked to person {person_id} ({name}): {typed} is their {} {} (--person none to link no one).",
                kind_noun(matched.kind),
                matched.value
            ))?;
        }
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
        let person_id = linked.map(|l| l.0);
        ctx.out.value(&serde_json::json!({ "id": id, "linked_person_id": person_id, "attachments": attached }))?;
    }
    Ok(())
}

/// What an identifier of this kind is called in a sentence.
fn kind_noun(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Phone => "number",
        IdentifierKind::Email => "address",
        IdentifierKind::Handle => "handle",
        IdentifierKind::Url => "web address",
        IdentifierKind::Vehicle => "vehicle",
        IdentifierKind::Other => "identifier",
    }
}
