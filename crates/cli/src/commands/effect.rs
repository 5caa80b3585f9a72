//! `casebook effect`: note how this has affected you (moving home, time off work, cameras
//! fitted), list the changes, withdraw one noted by mistake. The rules are core's.

use casebook_core::{Effect, EffectDetails};

use crate::args::{EffectAddArgs, EffectCommand};
use crate::context::Ctx;
use crate::exit::CliError;

/// Runs `casebook effect ...`.
pub fn run(ctx: &Ctx, command: EffectCommand) -> Result<(), CliError> {
    match command {
        EffectCommand::Add(args) => add(ctx, args),
        EffectCommand::List => list(ctx),
        EffectCommand::Withdraw { id, reason } => {
            ctx.unlock()?.withdraw_effect(id, &reason)?;
            ctx.out.line(format_args!("Change {id} withdrawn; packs leave it out from now on."))
        }
    }
}

fn add(ctx: &Ctx, args: EffectAddArgs) -> Result<(), CliError> {
    let details = EffectDetails { kind: args.kind, from: args.from, until: args.until, description: args.description };
    let mut vault = ctx.unlock()?;
    let id = vault.note_effect(details)?;
    let effect =
        vault.effects()?.into_iter().find(|e| e.id == id).ok_or(casebook_core::VaultError::UnknownEffect(id))?;
    if ctx.out.json() {
        return ctx.out.value(&effect);
    }
    ctx.out.line(format_args!("Noted as change {id}."))?;
    line(ctx, &effect)
}

fn list(ctx: &Ctx) -> Result<(), CliError> {
    let effects = ctx.unlock()?.effects()?;
    if ctx.out.json() {
        return ctx.out.value(&effects);
    }
    if effects.is_empty() {
        return ctx.out.line("No changes noted yet (casebook effect add).");
    }
    for e in &effects {
        line(ctx, e)?;
    }
    Ok(())
}

fn line(ctx: &Ctx, e: &Effect) -> Result<(), CliError> {
    let d = &e.details;
    let until = d.until.map_or_else(|| "continuing".to_owned(), |u| format!("until {u}"));
    let withdrawn = e.withdrawn.as_ref().map(|w| format!(" [withdrawn: {}]", w.reason)).unwrap_or_default();
    ctx.out.line(format_args!(
        "change {}: {}, from {} {until}: {}{withdrawn} (noted {})",
        e.id,
        d.kind.label(),
        d.from,
        d.description,
        e.recorded_at.format("%Y-%m-%d %H:%M UTC")
    ))
}
