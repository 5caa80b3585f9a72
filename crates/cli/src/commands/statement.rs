//! `casebook statement`: the draft witness statement (.docx) for the entries a police pack with
//! the same choices would hold. The wording and the file are core's (`casebook_core::statement`).

use casebook_core::ExportOptions;

use crate::args::StatementArgs;
use crate::context::Ctx;
use crate::exit::CliError;

/// Writes the draft.
pub fn run(ctx: &Ctx, args: &StatementArgs) -> Result<(), CliError> {
    let options = ExportOptions { leave_out_effects: args.leave_out_effects, ..args.chosen.options() };
    let report = ctx.unlock()?.write_statement(&options, &args.out)?;
    if ctx.out.json() {
        return ctx.out.value(&report);
    }
    ctx.out.line(format_args!(
        "Draft statement written to {}: {} entries, {} exhibits produced by their marks, {} breaches, {} changes to your life.",
        args.out.display(),
        report.entries,
        report.exhibits,
        report.breaches,
        report.effects
    ))?;
    ctx.out.line(
        "It is a draft for you to correct and finish: fill in the parts in square brackets, and sign nothing until the officer takes your statement.",
    )
}
