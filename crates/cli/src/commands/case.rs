//! `casebook case ...`: the victim's initials, the people responsible, any order in force.
//! Each change records the whole new case state in the ledger.

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
        CaseCommand::Set { initials, order_terms } => {
            if initials.is_none() && order_terms.is_none() {
                return Err(CliError::usage("nothing to set; give --initials or --order-terms"));
            }
            let mut case = vault.case()?;
            if let Some(i) = initials {
                case.victim_initials = i;
            }
            if let Some(t) = order_terms {
                case.order_terms = Some(t);
            }
            save(&mut vault, case, &ctx.out, "Case details saved.")
        }
        CaseCommand::AddPerson(args) => add_person(&mut vault, args, &ctx.out),
        CaseCommand::AddIdentifier(args) => add_identifiers(&mut vault, args, &ctx.out),
    }
}

/// Adds identifiers to a person through core, which skips any the person already has
/// (compared as an import matches them: `07700 900123` is `+44 7700 900123`).
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
    let case = vault.case()?;
    let Some(person) = case.person(person_id) else {
        return Err(CliError::usage(format!("there is no person {person_id} in the case (see `casebook case show`)")));
    };
    let name = person.name.clone();
    let added = vault.add_identifiers(person_id, &identifiers, &a.region.trim().to_ascii_uppercase())?;
    if out.json() {
        return out.value(&serde_json::json!({ "person_id": person_id, "added": added }));
    }
    let skipped = identifiers.len() - added;
    let mut line =
        format!("Added {} to person {person_id} ({name}).", plural(added as u64, "identifier", "identifiers"));
    if skipped > 0 {
        let verb = if skipped == 1 { "was" } else { "were" };
        line.push_str(&format!(" {skipped} {verb} already there."));
    }
    out.line(line)
}

fn add_person(vault: &mut Vault, a: PersonArgs, out: &Output) -> Result<(), CliError> {
    let mut case = vault.case()?;
    let id = case.next_person_id();
    let identifiers = a.ids.into_identifiers();
    let tidy = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    case.persons.push(Person {
        id,
        name: a.name,
        relationship: tidy(a.relationship),
        description: tidy(a.description),
        identifiers,
    });
    vault.set_case(case)?;
    if out.json() {
        return out.value(&serde_json::json!({ "person_id": id }));
    }
    out.line(id)
}

fn save(vault: &mut Vault, case: CaseDetails, out: &Output, done: &str) -> Result<(), CliError> {
    vault.set_case(case)?;
    if out.json() {
        return out.value(&vault.case()?);
    }
    out.line(done)
}

fn show(out: &Output, case: &CaseDetails) -> Result<(), CliError> {
    if out.json() {
        return out.value(case);
    }
    let initials = if case.victim_initials.is_empty() { "(not set)" } else { case.victim_initials.as_str() };
    out.line(format_args!("Your initials (for exhibit marks): {initials}"))?;
    out.line(format_args!("Order in force: {}", case.order_terms.as_deref().unwrap_or("(none recorded)")))?;
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
