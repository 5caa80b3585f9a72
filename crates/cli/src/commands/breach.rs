//! `casebook breach`: mark an entry as breaching terms of an order, see what is suggested for
//! it, list the breaches. Which order was in force, which terms it had then and whether the
//! entry came before service are core's.

use casebook_core::BreachInput;
use casebook_core::order::{BreachView, Suggestion};

use crate::args::{BreachAddArgs, BreachCommand};
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{time, truncate};

/// Runs `casebook breach ...`.
pub fn run(ctx: &Ctx, command: BreachCommand) -> Result<(), CliError> {
    match command {
        BreachCommand::Add(args) => add(ctx, args),
        BreachCommand::Remove { entry, order } => {
            ctx.unlock()?.unmark_breach(entry, order)?;
            ctx.out.line(format_args!("Entry {entry} is no longer marked as breaching order {order}."))
        }
        BreachCommand::Suggest { entry } => {
            let suggestions = ctx.unlock()?.breach_suggestions(entry)?;
            if ctx.out.json() {
                return ctx.out.value(&suggestions);
            }
            if suggestions.is_empty() {
                return ctx.out.line(format_args!("Nothing to suggest for entry {entry} (no order in force then has a term its kind usually breaches)."));
            }
            for s in &suggestions {
                ctx.out.line(suggestion_line(s))?;
            }
            Ok(())
        }
        BreachCommand::List => {
            let breaches = ctx.unlock()?.breaches()?;
            if ctx.out.json() {
                return ctx.out.value(&breaches);
            }
            if breaches.is_empty() {
                return ctx.out.line("No breaches marked yet (casebook breach add ENTRY --order N --term N).");
            }
            for b in &breaches {
                ctx.out.line(line(b))?;
            }
            Ok(())
        }
    }
}

fn suggestion_line(s: &Suggestion) -> String {
    format!("order {} term {}: {}", s.order_id, s.term_id, truncate(&s.text, 90))
}

fn add(ctx: &Ctx, args: BreachAddArgs) -> Result<(), CliError> {
    let mut vault = ctx.unlock()?;
    if args.terms.is_empty() {
        let suggested: Vec<String> = vault
            .breach_suggestions(args.entry)?
            .iter()
            .filter(|s| s.order_id == args.order)
            .map(|s| format!("--term {} ({})", s.term_id, truncate(&s.text, 60)))
            .collect();
        let hint = match suggested.is_empty() {
            true => "see the order's terms with casebook order show".to_owned(),
            false => format!("suggested for this entry: {}", suggested.join("; ")),
        };
        return Err(CliError::usage(format!("name the terms the entry breaches with --term N; {hint}")));
    }
    let reported = args.reported || args.police_reference.is_some();
    let view = vault.mark_breach(BreachInput {
        entry_id: args.entry,
        order_id: args.order,
        term_ids: args.terms,
        reported,
        police_reference: args.police_reference,
    })?;
    if ctx.out.json() {
        return ctx.out.value(&view);
    }
    ctx.out.line(format_args!("Recorded as record {}:", view.breach.seq))?;
    ctx.out.line(line(&view))
}

/// One breach on one line: when, the entry, the order and terms, the service flag, the report.
fn line(b: &BreachView) -> String {
    let terms: Vec<String> = b
        .terms
        .iter()
        .map(|t| match t.later_varied {
            true => format!("{} (later varied)", t.id),
            false => t.id.to_string(),
        })
        .collect();
    let flag = match b.service.flag() {
        "" => String::new(),
        words => format!(" [{words}]"),
    };
    let reported = match (&b.breach.reported, &b.breach.police_reference) {
        (_, Some(r)) => format!("; reported, police ref {r}"),
        (true, None) => "; reported".to_owned(),
        (false, None) => "; not reported".to_owned(),
    };
    format!(
        "{}  entry {} ({}: {})  order {} term {}{flag}{reported}",
        time(&b.occurred.start),
        b.breach.entry_id,
        b.kind.as_str(),
        truncate(&b.title, 40),
        b.breach.order_id,
        terms.join(", "),
    )
}
