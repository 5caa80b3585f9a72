//! `casebook case ...`: the victim's initials, the people responsible, any order in force.
//! Each change records the whole new case state in the ledger.

use casebook_core::identity::is_withheld_marker;
use casebook_core::person::PersonPage;
use casebook_core::{CaseDetails, Identifier, IdentifierKind, Person, Vault};

use crate::args::{CaseCommand, IdentifierArgs, PersonArgs};
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{Output, plural};

/// Runs a case subcommand.
pub fn run(ctx: &Ctx, command: CaseCommand) -> Result<(), CliError> {
    let mut vault = ctx.unlock()?;
    match command {
        CaseCommand::Show { person: None } => show(&ctx.out, &vault.case()?),
        CaseCommand::Show { person: Some(id) } => show_person(&ctx.out, &vault.person_page(id)?),
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

/// A person's page: their identifiers, each with how many incidents came from it and when it
/// was first and last seen (core's figures), what is new, and what was reported.
fn show_person(out: &Output, page: &PersonPage) -> Result<(), CliError> {
    if out.json() {
        return out.value(page);
    }
    let p = &page.person;
    let relationship = p.relationship.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
    out.line(format_args!("Person {}: {}{relationship}", p.id, p.name))?;
    let day = |d: &Option<chrono::DateTime<chrono::FixedOffset>>| d.map(|d| d.format("%Y-%m-%d").to_string());
    match (day(&page.first_incident), day(&page.last_incident)) {
        (Some(first), Some(last)) => out.line(format_args!(
            "{}, {first} to {last} (retracted entries are left out).",
            plural(u64::from(page.incidents), "incident", "incidents")
        ))?,
        _ => out.line("No incidents yet (linked to them, or from one of their identifiers).")?,
    }
    if !page.identifiers.is_empty() {
        out.line("")?;
        out.line(format_args!("{:<34} {:>9}  {:<10}  LAST SEEN", "IDENTIFIER", "INCIDENTS", "FIRST SEEN"))?;
    }
    for s in &page.identifiers {
        let mut notes = Vec::new();
        if s.new_identifier {
            notes.push(if s.after_block { "new, after a block" } else { "new" });
        }
        if !s.listed {
            notes.push("not in their case details");
        }
        let name = format!("{} {}", kind_label(s.identifier.kind), s.identifier.value);
        let line = format!(
            "{name:<34} {:>9}  {:<10}  {:<10}  {}",
            s.count,
            day(&s.first_seen).unwrap_or_else(|| "-".into()),
            day(&s.last_seen).unwrap_or_else(|| "-".into()),
            notes.join("; ")
        );
        out.line(line.trim_end())?;
    }
    if !page.reported.is_empty() {
        out.line("")?;
    }
    for r in &page.reported {
        let to = r.reported_to.as_deref().map(|t| format!(" to {t}")).unwrap_or_default();
        let reference = r.police_reference.as_deref().map(|t| format!(", reference {t}")).unwrap_or_default();
        out.line(format_args!("Reported: {} (entry {}){to}{reference}", r.occurred.format("%Y-%m-%d"), r.entry_id))?;
    }
    if !page.entry_ids.is_empty() {
        let ids: Vec<String> = page.entry_ids.iter().map(ToString::to_string).collect();
        out.line(format_args!("Entries: {}", ids.join(", ")))?;
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
