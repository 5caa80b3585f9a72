//! `casebook case ...`: the victim's initials, the people responsible, any order in force.
//! Each change records the whole new case state in the ledger.

use casebook_core::identity::is_withheld_marker;
use casebook_core::{CaseDetails, Identifier, IdentifierKind, Person, Vault};

use crate::args::{CaseCommand, IdentifierArgs, PersonArgs};
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{Output, plural};

/// Runs a case subcommand.
pub fn run(ctx: &Ctx, command: CaseCommand) -> Result<(), CliError> {
    let mut vault = ctx.unlock()?;
    match command {
        CaseCommand::Show => show(&ctx.out, &vault.case()?),
        CaseCommand::Set { initials, order_terms, region } => {
            if initials.is_none() && order_terms.is_none() && region.is_none() {
                return Err(CliError::usage("nothing to set; give --initials, --order-terms or --region"));
            }
            vault.update_case(|case| {
                if let Some(i) = initials {
                    case.victim_initials = i;
                }
                if let Some(t) = order_terms {
                    case.order_terms = Some(t);
                }
                if let Some(r) = region {
                    case.default_region = Some(r);
                }
                Ok(())
            })?;
            if ctx.out.json() {
                return ctx.out.value(&vault.case()?);
            }
            ctx.out.line("Case details saved.")
        }
        CaseCommand::AddPerson(args) => add_person(&mut vault, args, &ctx.out),
        CaseCommand::AddIdentifier(args) => add_identifiers(&mut vault, args, &ctx.out),
    }
}

/// Adds identifiers to a person through core, which skips withheld markers ("Unknown") and any
/// the person already has by its one rule (`07700 900123` is `+44 7700 900123`).
fn add_identifiers(vault: &mut Vault, a: IdentifierArgs, out: &Output) -> Result<(), CliError> {
    let Some(person_id) = a.person_id.or(a.person) else {
        return Err(CliError::usage("say which person with --person ID (see `casebook case show`)"));
    };
    let mut identifiers = a.ids.into_identifiers();
    if let (Some(kind), Some(value)) = (a.kind, a.value) {
        identifiers.push(Identifier { kind, value });
    }
    if identifiers.is_empty() {
        return Err(CliError::usage(
            "nothing to add; give --phone, --email, --handle, --vehicle, --url or --kind and --value",
        ));
    }
    if identifiers.iter().any(|i| i.value.trim().is_empty()) {
        return Err(CliError::usage("an identifier's value is empty; nothing was added"));
    }
    let Some(person) = vault.case()?.person(person_id).cloned() else {
        return Err(CliError::usage(format!("there is no person {person_id} in the case (see `casebook case show`)")));
    };
    // Core reads the case again under the write lock; the read above only names the person.
    let added = vault.add_identifiers(person_id, &identifiers)?;
    if out.json() {
        return out.value(&serde_json::json!({ "person_id": person_id, "added": added }));
    }
    let markers = identifiers.iter().filter(|i| is_withheld_marker(&i.value)).count();
    let there = identifiers.len() - added - markers;
    let mut line =
        format!("Added {} to person {person_id} ({}).", plural(added as u64, "identifier", "identifiers"), person.name);
    let verb = |n: usize| if n == 1 { "was" } else { "were" };
    if there > 0 {
        line.push_str(&format!(" {there} {} already there.", verb(there)));
    }
    if markers > 0 {
        line.push_str(&format!(
            " {markers} {} what a phone shows for a withheld number (\"Unknown\", \"Private\"), not an identifier.",
            verb(markers)
        ));
    }
    out.line(line)
}

/// Adds a person, numbered inside the write transaction, so a person another writer adds at
/// the same time is neither overwritten nor given the same number.
fn add_person(vault: &mut Vault, a: PersonArgs, out: &Output) -> Result<(), CliError> {
    let identifiers = a.ids.into_identifiers();
    let tidy = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (relationship, description) = (tidy(a.relationship), tidy(a.description));
    let id = vault.update_case(|case| {
        let id = case.next_person_id();
        case.persons.push(Person { id, name: a.name, relationship, description, identifiers: Vec::new() });
        casebook_core::identity::add_to_person(case, id, &identifiers)?;
        Ok(id)
    })?;
    if out.json() {
        return out.value(&serde_json::json!({ "person_id": id }));
    }
    out.line(id)
}

fn show(out: &Output, case: &CaseDetails) -> Result<(), CliError> {
    if out.json() {
        return out.value(case);
    }
    let initials = if case.victim_initials.is_empty() { "(not set)" } else { case.victim_initials.as_str() };
    out.line(format_args!("Your initials (for exhibit marks): {initials}"))?;
    out.line(format_args!("Order in force: {}", case.order_terms.as_deref().unwrap_or("(none recorded)")))?;
    out.line(format_args!("Phone numbers without a country code are read as: {}", case.region()))?;
    if case.persons.is_empty() {
        return out.line("No person responsible recorded yet (add one with `casebook case add-person`).");
    }
    for p in &case.persons {
        out.line("")?;
        out.line(format_args!("Person {}: {}", p.id, p.name))?;
        if let Some(r) = &p.relationship {
            out.line(format_args!("  Relationship: {r}"))?;
        }
        if let Some(d) = &p.description {
            out.line(format_args!("  Description:  {d}"))?;
        }
        for i in &p.identifiers {
            out.line(format_args!("  {:<13} {}", format!("{}:", kind_label(i.kind)), i.value))?;
        }
    }
    Ok(())
}

fn kind_label(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Phone => "Phone",
        IdentifierKind::Email => "Email",
        IdentifierKind::Handle => "Handle",
        IdentifierKind::Url => "Web address",
        IdentifierKind::Vehicle => "Vehicle",
        IdentifierKind::Other => "Other",
    }
}
