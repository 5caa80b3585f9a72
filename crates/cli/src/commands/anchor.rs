//! `casebook anchor`: RFC 3161 time-stamps without a network. `request` writes a DER
//! TimeStampReq to carry to a time-stamp authority; `import` stores its reply once core has
//! checked that it answers one of this vault's requests; `list` shows those stored.

use std::io::Write;
use std::path::Path;

use casebook_core::newfile::NewFile;
use casebook_core::{AnchorError, VaultError};

use crate::args::AnchorCommand;
use crate::context::Ctx;
use crate::exit::{CliError, Code, exists};
use crate::output::time_long;

/// Runs `casebook anchor request --out FILE | import FILE | list`.
pub fn run(ctx: &Ctx, command: AnchorCommand) -> Result<(), CliError> {
    match command {
        AnchorCommand::Request { out } => request(ctx, &out),
        AnchorCommand::Import { reply } => import(ctx, &reply),
        AnchorCommand::List => {
            let anchors = ctx.unlock()?.anchors()?;
            if ctx.out.json() {
                return ctx.out.value(&anchors);
            }
            if anchors.is_empty() {
                return ctx.out.line("No time-stamps stored yet (casebook anchor request --out head.tsq).");
            }
            for a in anchors {
                ctx.out.line(format_args!(
                    "record {}: records 1 to {} time-stamped at {} (serial {})",
                    a.seq,
                    a.checkpoint_seq,
                    time_long(&a.gen_time),
                    a.serial
                ))?;
            }
            Ok(())
        }
    }
}

fn request(ctx: &Ctx, out: &Path) -> Result<(), CliError> {
    if out.exists() {
        return Err(exists(out));
    }
    let mut vault = ctx.unlock()?;
    let mut file = NewFile::create(out).map_err(|e| placing(e, out))?;
    let req = vault.anchor_request()?;
    file.write_all(&req.der).map_err(|e| CliError::io("write", out, &e))?;
    file.place().map_err(|e| placing(e, out))?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "out": out, "request": req }));
    }
    ctx.out.line(format_args!(
        "Time-stamp request for records 1 to {} written to {} (nonce {}).",
        req.checkpoint_seq,
        out.display(),
        req.nonce
    ))?;
    ctx.out.line("Casebook sends nothing. On any device with internet, ask a time-stamp authority, e.g.:")?;
    ctx.out.line(format_args!(
        "  curl -H 'Content-Type: application/timestamp-query' --data-binary @{} https://freetsa.org/tsr > head.tsr",
        out.display()
    ))?;
    ctx.out.line("Then: casebook anchor import head.tsr")
}

fn import(ctx: &Ctx, reply: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(reply).map_err(|e| CliError::io("read", reply, &e))?;
    let anchor = match ctx.unlock()?.anchor_import(&bytes) {
        Ok(a) => a,
        Err(AnchorError::Vault(e)) => return Err(e.into()),
        // The TSA's signature or certificate does not hold: altered or not a genuine
        // time-stamp, exit 5 as for other tampering found.
        Err(e @ AnchorError::Signature(_)) => {
            return Err(CliError::new(Code::Damaged, format!("{}: {e}", reply.display())));
        }
        // Every other refusal is about the file given: bad input, exit 2, nothing stored.
        Err(e) => return Err(CliError::usage(format!("{}: {e}", reply.display()))),
    };
    if ctx.out.json() {
        return ctx.out.value(&anchor);
    }
    ctx.out.line(format_args!(
        "Stored as record {}: records 1 to {} existed by {} (the authority's time, serial {}).",
        anchor.seq,
        anchor.checkpoint_seq,
        time_long(&anchor.gen_time),
        anchor.serial
    ))
}

/// Making or placing the file failed: name the file, and say plainly when it appeared meanwhile.
fn placing(err: VaultError, out: &Path) -> CliError {
    match err {
        VaultError::AlreadyExists(_) => exists(out),
        VaultError::Io(e) => CliError::io("write", out, &e),
        other => other.into(),
    }
}
