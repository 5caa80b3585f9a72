//! `casebook check`: verify everything, say so plainly, exit 5 if anything is wrong.

use crate::context::Ctx;
use crate::exit::{CliError, Code};
use crate::output::plural;

/// Prints a verdict line, then one line per problem naming its record.
pub fn run(ctx: &Ctx) -> Result<(), CliError> {
    let vault = ctx.unlock()?;
    let report = vault.check()?;
    if ctx.out.json() {
        ctx.out.value(&report)?;
    } else if report.is_ok() {
        ctx.out.line(format_args!(
            "All is well: {} checked, the chain is unbroken, every value opens, {} and {} verified.",
            plural(report.records as u64, "record", "records"),
            plural(report.attachments_verified as u64, "attachment", "attachments"),
            plural(report.checkpoints_verified as u64, "signed checkpoint", "signed checkpoints"),
        ))?;
    } else {
        let first = report.first_broken_seq().map(|s| format!("; the first broken record is {s}")).unwrap_or_default();
        ctx.out.line(format_args!(
            "Problems found: {} in {}{first}.",
            plural(report.problems.len() as u64, "problem", "problems"),
            plural(report.records as u64, "record", "records"),
        ))?;
        for p in &report.problems {
            match p.seq {
                Some(seq) => ctx.out.line(format_args!("record {seq}: {}", p.detail))?,
                None => ctx.out.line(format_args!("vault: {}", p.detail))?,
            }
        }
    }
    if !ctx.out.json() {
        if report.purged_records > 0 {
            ctx.out.line(format_args!(
                "Note: {} erased by purges; their places in the chain still verify.",
                plural(report.purged_records as u64, "record was", "records were"),
            ))?;
        }
        if !report.clock_went_backwards.is_empty() {
            let seqs: Vec<String> = report.clock_went_backwards.iter().map(i64::to_string).collect();
            ctx.out.line(format_args!(
                "Note: the computer's clock had gone backwards when these records were written: {}.",
                seqs.join(", ")
            ))?;
        }
    }
    if report.is_ok() { Ok(()) } else { Err(CliError::silent(Code::Damaged)) }
}
