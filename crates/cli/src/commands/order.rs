//! `casebook order`: record an order, its service, variations and discharge; list and show
//! them. The rules (dates, term numbers, what can be varied) are core's.

use casebook_core::order::{Order, OrderStatus, OrderVersion};
use casebook_core::{OrderInput, TermInput};
use chrono::Local;

use crate::args::{OrderAddArgs, OrderCommand, OrderVaryArgs};
use crate::context::Ctx;
use crate::exit::CliError;

/// Runs `casebook order ...`.
pub fn run(ctx: &Ctx, command: OrderCommand) -> Result<(), CliError> {
    match command {
        OrderCommand::Add(args) => add(ctx, args),
        OrderCommand::List => list(ctx),
        OrderCommand::Show { id } => {
            let order = ctx.unlock()?.order(id)?;
            if ctx.out.json() {
                return ctx.out.value(&order);
            }
            show(ctx, &order)
        }
        OrderCommand::Vary(args) => vary(ctx, args),
        OrderCommand::Serve { id, on } => {
            ctx.unlock()?.serve_order(id, on)?;
            ctx.out.line(format_args!("Order {id} recorded as served on {on}."))
        }
        OrderCommand::Discharge { id, on, reason } => {
            ctx.unlock()?.discharge_order(id, on, &reason)?;
            ctx.out.line(format_args!("Order {id} recorded as discharged on {on}."))
        }
    }
}

fn add(ctx: &Ctx, args: OrderAddArgs) -> Result<(), CliError> {
    let input = OrderInput {
        kind: args.kind,
        court: args.court,
        made_on: args.made,
        served_on: args.served,
        expires_on: args.expires,
        reference: args.reference,
        terms: args.terms,
    };
    let mut vault = ctx.unlock()?;
    let id = vault.add_order(input)?;
    let order = vault.order(id)?;
    if ctx.out.json() {
        return ctx.out.value(&order);
    }
    ctx.out.line(format_args!("Recorded as order {id}."))?;
    show(ctx, &order)
}

fn vary(ctx: &Ctx, args: OrderVaryArgs) -> Result<(), CliError> {
    if args.keep.is_empty() && args.terms.is_empty() {
        return Err(CliError::usage(
            "give the terms the order has from that date: --keep N for each kept, --term for each new",
        ));
    }
    let mut vault = ctx.unlock()?;
    let now = vault.order(args.id)?;
    let current = now.current();
    let mut terms: Vec<TermInput> =
        args.keep.iter().map(|id| TermInput { id: Some(*id), preset: None, text: None }).collect();
    terms.extend(args.terms);
    let input = OrderInput {
        kind: current.kind,
        court: current.court.clone(),
        made_on: current.made_on,
        served_on: None,
        expires_on: args.expires.or(current.expires_on),
        reference: current.reference.clone(),
        terms,
    };
    vault.vary_order(args.id, args.on, &args.reason, input)?;
    let order = vault.order(args.id)?;
    if ctx.out.json() {
        return ctx.out.value(&order);
    }
    ctx.out.line(format_args!("Order {} recorded as varied from {}.", args.id, args.on))?;
    show(ctx, &order)
}

fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}

fn list(ctx: &Ctx) -> Result<(), CliError> {
    let orders = ctx.unlock()?.orders()?;
    if ctx.out.json() {
        return ctx.out.value(&orders);
    }
    if orders.is_empty() {
        return ctx.out.line("No orders recorded yet (casebook order add).");
    }
    for o in &orders {
        let d = o.current();
        let served = o.served_on().map_or_else(|| "not yet served".to_owned(), |s| format!("served {s}"));
        let reference = d.reference.as_deref().map(|r| format!(", ref {r}")).unwrap_or_default();
        ctx.out.line(format_args!(
            "order {}: {}, {}{reference}; made {}, {served}; {}",
            o.id,
            d.kind.label(),
            d.court,
            o.made_on(),
            status_words(o)
        ))?;
    }
    Ok(())
}

fn status_words(o: &Order) -> String {
    let status = o.status(today());
    match status {
        OrderStatus::Expired => {
            format!("expired ({})", o.current().expires_on.map(|e| e.to_string()).unwrap_or_default())
        }
        _ => status.label().to_owned(),
    }
}

fn terms_line(v: &OrderVersion) -> String {
    v.details.terms.iter().map(|t| t.id.to_string()).collect::<Vec<_>>().join(", ")
}

fn show(ctx: &Ctx, o: &Order) -> Result<(), CliError> {
    let d = o.current();
    ctx.out.line(format_args!("Order {}: {}", o.id, d.kind.label()))?;
    ctx.out.line(format_args!("Court: {}", d.court))?;
    if let Some(r) = &d.reference {
        ctx.out.line(format_args!("Reference: {r}"))?;
    }
    ctx.out.line(format_args!("Made: {}", o.made_on()))?;
    match o.served {
        Some(s) => ctx.out.line(format_args!("Served: {} (record {})", s.on, s.seq))?,
        None => ctx.out.line("Served: not yet recorded as served")?,
    }
    match d.expires_on {
        Some(e) => ctx.out.line(format_args!("Ends: {e}"))?,
        None => ctx.out.line("Ends: no end date")?,
    }
    ctx.out.line(format_args!("Today: {}", status_words(o)))?;
    ctx.out.line("Terms:")?;
    for t in &d.terms {
        ctx.out.line(format_args!("  {}. {}", t.id, t.text))?;
    }
    ctx.out.line("History:")?;
    for (i, v) in o.versions.iter().enumerate() {
        match (&v.reason, i) {
            (_, 0) => ctx.out.line(format_args!("  {} made (record {}): terms {}", v.from, v.seq, terms_line(v)))?,
            (reason, _) => ctx.out.line(format_args!(
                "  {} varied (record {}): {}; terms {}",
                v.from,
                v.seq,
                reason.as_deref().unwrap_or(""),
                terms_line(v)
            ))?,
        }
    }
    if let Some(dis) = &o.discharged {
        ctx.out.line(format_args!("  {} discharged (record {}): {}", dis.on, dis.seq, dis.reason))?;
    }
    Ok(())
}
