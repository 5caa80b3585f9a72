//! `casebook verify-exhibit FILE`: tie one exhibit file from a police pack's upload folder back
//! to the signed pack (core's `verify_exhibit`); the exit code is the verdict's
//! (`VERIFY_EXHIBIT_HELP`).

use std::path::PathBuf;

use casebook_core::Expected;
use casebook_core::export::{ExhibitSidecar, MAX_SIDECAR_BYTES};
use casebook_core::verify::{ExhibitVerdict, verify_exhibit};

use crate::args::VerifyExhibitArgs;
use crate::context::Ctx;
use crate::exit::{CliError, Code, exhibit_code};

/// Prints the verdict and what the exhibit is; exits with the verdict's code.
pub fn run(ctx: &Ctx, args: &VerifyExhibitArgs) -> Result<(), CliError> {
    let mut expected = Expected::default();
    if let Some(fp) = &args.expect_fingerprint {
        expected = expected.with_fingerprint(fp).map_err(|e| CliError::usage(e.to_string()))?;
    }
    if !args.file.is_file() {
        return Err(CliError::new(
            Code::NoVault,
            format!("cannot check {}: there is no file there", args.file.display()),
        ));
    }
    let sidecar = args.sidecar.clone().unwrap_or_else(|| sidecar_beside(&args.file));
    let pack = match &args.pack {
        Some(p) => p.clone(),
        None => pack_named_by(&sidecar).ok_or_else(|| {
            CliError::usage(
                "say which pack to check against with --pack PACK.zip (the sidecar names none that is here)",
            )
        })?,
    };
    let report = verify_exhibit(&args.file, &sidecar, &pack, &expected);
    if ctx.out.json() {
        ctx.out.value(&report)?;
    } else {
        let word = match report.verdict {
            ExhibitVerdict::Matches => "MATCHES",
            ExhibitVerdict::Changed => "CHANGED",
            ExhibitVerdict::ForeignSidecar => "ANOTHER PACK",
            ExhibitVerdict::BadSidecar => "NO SIDECAR",
            ExhibitVerdict::PackNotValid => "PACK NOT VALID",
        };
        ctx.out.line(format_args!("{word}: {}.", report.sentence))?;
        ctx.out.line(format_args!("  File SHA-256:    {}", report.sha256))?;
        if let Some(fp) = &report.fingerprint {
            ctx.out.line(format_args!("  Key fingerprint: {fp}"))?;
        }
        if report.verdict == ExhibitVerdict::Matches && !report.key_matched {
            ctx.out.line(
                "Compare the key fingerprint with the person's key card, or run again with --expect-fingerprint FP.",
            )?;
        }
    }
    match exhibit_code(report.verdict) {
        Code::Success => Ok(()),
        code => Err(CliError::silent(code)),
    }
}

fn sidecar_beside(file: &std::path::Path) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    file.with_file_name(ExhibitSidecar::name_for(&name))
}

/// The pack a readable sidecar names, in the folder above the upload folder (where export
/// writes it), if it is there.
fn pack_named_by(sidecar: &std::path::Path) -> Option<PathBuf> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(sidecar).ok()?, MAX_SIDECAR_BYTES + 1),
        &mut bytes,
    )
    .ok()?;
    let parsed = ExhibitSidecar::parse(&bytes).ok()?;
    let name = std::path::Path::new(&parsed.pack_file).file_name()?;
    let folder = sidecar.parent()?.parent()?;
    let candidate = folder.join(name);
    candidate.is_file().then_some(candidate)
}
