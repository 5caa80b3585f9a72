//! `casebook`: the evidence diary from a terminal or a script.
//!
//! Every command is a short adapter into `casebook-core`; errors become one plain sentence on
//! stderr and a documented exit code (see `exit.rs`).

mod args;
mod commands;
mod context;
mod exit;
mod output;
mod parse;
mod passphrase;
mod progress;
mod show_key;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::args::Cli;
use crate::context::Ctx;
use crate::exit::{CliError, Code};

/// Every heap block is zeroed when freed, so decrypted text and the passphrase do not outlive
/// their use in freed memory (docs/THREAT-MODEL.md).
#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    // No panic should happen; if one does, say so calmly, without internals, and exit 1.
    std::panic::set_hook(Box::new(|_| {
        eprintln!("casebook: an internal error stopped the command (this is a bug in Casebook)");
    }));
    // Decrypted evidence stays out of crash dumps; if the system refuses, carry on regardless.
    let _ = casebook_core::process::keep_out_of_core_dumps();
    let ctx = Ctx::new(cli.global);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| commands::run(&ctx, cli.command)));
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => report(err),
        Err(_) => ExitCode::from(Code::Other.number()),
    }
}

fn report(err: CliError) -> ExitCode {
    if let Some(message) = err.message {
        eprintln!("casebook: {message}");
    }
    ExitCode::from(err.code.number())
}

/// clap's own messages, reworded to our `casebook: ` form; help and version exit 0.
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    eprint!("casebook: {text}");
    if !text.ends_with('\n') {
        eprintln!();
    }
    ExitCode::from(Code::Usage.number())
}
