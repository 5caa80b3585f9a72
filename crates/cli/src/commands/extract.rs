//! `casebook extract ATTACHMENT_ID OUT`: write an attachment's original bytes to a new file.
//!
//! Written under a temporary name in the same folder, fsynced, then linked into place, so
//! `OUT` is either absent or complete, and an existing file is never overwritten.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

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
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = temp_name(dir, out);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    // The original is plaintext evidence: readable by its owner only, like the vault.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(|e| CliError::io("create a file in", dir, &e))?;
    let result = (|| -> Result<_, CliError> {
        let mut writer = BufWriter::new(&mut file);
        let info = vault.read_attachment(id, &mut writer)?;
        writer.flush().map_err(|e| CliError::io("write", out, &e))?;
        drop(writer);
        file.sync_all().map_err(|e| CliError::io("write", out, &e))?;
        place(&tmp, out)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(info)
    })();
    let _ = std::fs::remove_file(&tmp);
    let info = result?;
    if ctx.out.json() {
        return ctx.out.value(&serde_json::json!({ "path": out, "attachment": info }));
    }
    ctx.out.line(format_args!("Wrote {} to {}", output::attachment_line(&info), out.display()))
}

/// Links the finished file into place without replacing anything. File systems without hard
/// links (FAT on USB sticks) fall back to a rename after one more existence check.
fn place(tmp: &Path, out: &Path) -> Result<(), CliError> {
    match std::fs::hard_link(tmp, out) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(out)),
        Err(_) if out.exists() => Err(exists(out)),
        Err(_) => std::fs::rename(tmp, out).map_err(|e| CliError::io("write", out, &e)),
    }
}

fn exists(out: &Path) -> CliError {
    CliError::other(format!("{} already exists; choose a new name (nothing was overwritten)", out.display()))
}

fn temp_name(dir: &Path, out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    dir.join(format!(".{name}.casebook-part-{}-{nanos}", std::process::id()))
}
