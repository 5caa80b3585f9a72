//! `casebook extract ATTACHMENT_ID OUT`: write an attachment's original bytes to a new file.
//!
//! Written through core's [`NewFile`], like packs and backups: privately, fsynced, then put in
//! place once, so `OUT` is either absent or complete and an existing file is never overwritten.

use std::io::{BufWriter, Write};
use std::path::Path;

use casebook_core::VaultError;
use casebook_core::newfile::NewFile;

use crate::context::Ctx;
use crate::exit::CliError;
use crate::output;

/// Writes the original bytes (checked against their SHA-256) to `out`.
pub fn run(ctx: &Ctx, id: i64, out: &Path) -> Result<(), CliError> {
    if out.exists() {
        return Err(exists(out));
    }
    let vault = ctx.unlock()?;
    vault.attachment(id)?; // unknown or purged: say so before creating any file
    let mut file = NewFile::create(out).map_err(|e| placing(e, out))?;
    let mut writer = BufWriter::new(&mut file);
    let info = vault.read_attachment(id, &mut writer)?;
    writer.flush().map_err(|e| CliError::io("write", out, &e))?;
    drop(writer);
    file.place().map_err(|e| placing(e, out))?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "path": out, "attachment": info }));
    }
    ctx.out.line(format_args!("Wrote {} to {}", output::attachment_line(&info), out.display()))
}

/// Making or placing the file failed: name the file, and say plainly when it appeared meanwhile.
fn placing(err: VaultError, out: &Path) -> CliError {
    match err {
        VaultError::AlreadyExists(_) => exists(out),
        VaultError::Io(e) => CliError::io("write", out, &e),
        other => other.into(),
    }
}

fn exists(out: &Path) -> CliError {
    CliError::other(format!("{} already exists; choose a new name (nothing was overwritten)", out.display()))
}
