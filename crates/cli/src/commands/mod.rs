//! One module per subcommand; each is a short adapter from flags to a core call and back
//! to words.

mod add;
mod anchor;
mod attach;
mod backup;
mod breach;
mod case;
mod check;
mod checkpoint;
mod edit;
mod effect;
mod export;
mod extract;
mod fields;
mod import;
mod import_preview;
mod info;
mod init;
mod key_card;
mod list;
mod migrate;
mod order;
mod passwd;
mod pattern;
mod purge;
mod recipient;
mod rekey;
mod retract;
mod show;
mod statement;
mod verify;
mod verify_exhibit;
mod witness;

use crate::args::Command;
use crate::context::Ctx;
use crate::exit::CliError;

/// Runs one subcommand.
pub fn run(ctx: &Ctx, command: Command) -> Result<(), CliError> {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Add(args) => add::run(ctx, args),
        Command::List(filter) => list::run(ctx, &filter),
        Command::Show { id } => show::run(ctx, id),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Retract { id, reason } => retract::run(ctx, id, &reason),
        Command::Purge { id, reason, yes } => purge::run(ctx, id, reason.as_deref(), yes),
        Command::Attach { id, files } => attach::run(ctx, id, &files),
        Command::Extract { attachment_id, out } => extract::run(ctx, attachment_id, &out),
        Command::Case { command } => case::run(ctx, command),
        Command::Order { command } => order::run(ctx, command),
        Command::Breach { command } => breach::run(ctx, command),
        Command::Effect { command } => effect::run(ctx, command),
        Command::Check => check::run(ctx),
        Command::Passwd(args) => passwd::run(ctx, &args),
        Command::Rekey => rekey::run(ctx),
        Command::Backup { out } => backup::run(ctx, &out),
        Command::Migrate => migrate::run(ctx),
        Command::Checkpoint => checkpoint::run(ctx),
        Command::Witness { command } => witness::run(ctx, command),
        Command::KeyCard { out, command } => key_card::run(ctx, out.as_deref(), command),
        Command::Anchor { command } => anchor::run(ctx, command),
        Command::Info => info::run(ctx),
        Command::Pattern(filter) => pattern::run(ctx, &filter),
        Command::Export(args) => export::run(ctx, &args),
        Command::Statement(args) => statement::run(ctx, &args),
        Command::Verify(args) => verify::run(ctx, &args),
        Command::VerifyExhibit(args) => verify_exhibit::run(ctx, &args),
        Command::Recipient { command } => recipient::run(ctx, command),
        Command::Import(args) => import::run(ctx, &args),
    }
}
