//! `casebook witness`: make a witness code to send to someone, record that one was sent, list
//! those recorded. The code and the suggested message come from core.

use casebook_core::WitnessCode;

use crate::args::WitnessCommand;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::time;

/// Runs `casebook witness [shared CODE --to WHO --how HOW | list]`.
pub fn run(ctx: &Ctx, command: Option<WitnessCommand>) -> Result<(), CliError> {
    match command {
        None => {
            let mut vault = ctx.unlock()?;
            let made = vault.make_witness_code()?;
            if ctx.out.json() {
                return ctx.out.value(&made);
            }
            ctx.out.line(format_args!("Witness code (signed checkpoint, record {}):", made.seq))?;
            ctx.out.line("")?;
            ctx.out.line(format_args!("    {}", made.code))?;
            ctx.out.line("")?;
            ctx.out.line("Send it to someone by text or email (their copy keeps the date), for example:")?;
            ctx.out.line("")?;
            ctx.out.line(format_args!("    {}", made.message))?;
            ctx.out.line("")?;
            ctx.out.line(format_args!(
                "Then record that you sent it: casebook witness shared {} --to WHO --how HOW",
                made.code
            ))
        }
        Some(WitnessCommand::Shared { code, to, how }) => shared(ctx, &code, &to, &how),
        Some(WitnessCommand::List) => {
            let shares = ctx.unlock()?.witness_shares()?;
            if ctx.out.json() {
                return ctx.out.value(&shares);
            }
            if shares.is_empty() {
                return ctx.out.line("No witness codes recorded as shared yet.");
            }
            for s in shares {
                ctx.out.line(format_args!("{}  {}  to {} ({})", time(&s.recorded_at), s.code, s.to, s.how))?;
            }
            Ok(())
        }
    }
}

/// Reads the code before asking for the passphrase: a mistyped code needs no unlock.
fn shared(ctx: &Ctx, code: &str, to: &str, how: &str) -> Result<(), CliError> {
    let code = WitnessCode::parse(code).map_err(|e| CliError::usage(e.to_string()))?;
    let share = ctx.unlock()?.record_witness_shared(&code, to, how)?;
    if ctx.out.json() {
        return ctx.out.value(&share);
    }
    ctx.out.line(format_args!("Recorded as record {}: {} sent to {} ({}).", share.seq, share.code, share.to, share.how))
}
