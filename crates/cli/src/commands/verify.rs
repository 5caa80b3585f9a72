//! `casebook verify PACK`: check an evidence pack as its recipient would. Needs no vault and
//! no Casebook passphrase, so an officer can run it on any machine; the exit code is the
//! verdict's (see `VERIFY_EXIT_CODES_HELP`).

use casebook_core::verify::{
    Expected, PackKey, ReportRenderer, check_report_in, is_encrypted, is_locked_to_key, open_and_verify_with,
};
use casebook_core::{Verdict, VerifyReport, WitnessCheck};

use crate::args::VerifyArgs;
use crate::context::Ctx;
use crate::exit::{CliError, Code, verdict_code};
use crate::output::{self, Output, pad, plural};
use crate::passphrase;

/// Prints the verdict, one line per check and the pack's facts; exits with the verdict's code.
pub fn run(ctx: &Ctx, args: &VerifyArgs) -> Result<(), CliError> {
    let path = &args.pack;
    // A malformed expectation is a usage error before anything is read.
    let mut expected = Expected::default();
    if let Some(fp) = &args.expect_fingerprint {
        expected = expected.with_fingerprint(fp).map_err(|e| CliError::usage(e.to_string()))?;
    }
    for c in &args.witnesses {
        expected = expected.with_witness(c).map_err(|e| CliError::usage(format!("--witness {c:?}: {e}")))?;
    }
    for t in &args.timestamps {
        let bytes = read_small(t)?;
        expected = expected
            .with_timestamp(&bytes)
            .map_err(|e| CliError::usage(format!("--timestamp {}: {e}", t.display())))?;
    }
    if !path.is_file() {
        let why = if path.exists() { "it is a folder, not a file" } else { "there is no file there" };
        return Err(CliError::new(Code::NoVault, format!("cannot check {}: {why}", path.display())));
    }
    // A recipient's identity file, for a pack made for their card; otherwise ask at the terminal
    // only for a pack that is in fact encrypted with a passphrase.
    let identity = match &args.identity {
        Some(p) => Some(casebook_core::recipient::read_identity(p)?),
        None => None,
    };
    let encrypted =
        identity.is_none() && is_encrypted(path).unwrap_or(false) && !is_locked_to_key(path).unwrap_or(false);
    let pass = passphrase::pack_passphrase(args.pack_passphrase_file.as_deref(), args.pack_passphrase_fd, encrypted)?;
    let key = match &identity {
        Some(id) => PackKey::Identity(id),
        None => pass.as_ref().into(),
    };
    // Witness codes are compared (in core) only with a pack whose own checks all passed: a
    // damaged pack fails as damaged (exit 5) whatever its links say.
    let (mut report, pack) = open_and_verify_with(path, &expected, key);
    // report.pdf drawn again from the disclosed records (a pack that otherwise passed), with
    // core's renderer: the verifier (casebook-pack) has none of its own.
    if let Some(mut pack) = pack {
        check_report_in(&mut pack, &ReportRenderer, &mut report);
    }
    if ctx.out.json() {
        ctx.out.value(&report)?;
    } else {
        print(&ctx.out, &report)?;
        print_witnesses(&ctx.out, &report.witnesses)?;
    }
    match verdict_code(report.verdict) {
        Code::Success => Ok(()),
        code => Err(CliError::silent(code)),
    }
}

/// One line per witness code: which record it matched, or did not (the verdict line says what that means).
fn print_witnesses(out: &Output, witnesses: &[WitnessCheck]) -> Result<(), CliError> {
    if witnesses.is_empty() {
        return Ok(());
    }
    out.line("")?;
    out.line("Witness codes:")?;
    for w in witnesses {
        let mark = if w.matched() { "MATCH   " } else { "NO MATCH" };
        out.line(format_args!("  {mark}  {}", w.detail))?;
    }
    Ok(())
}

/// The verdict's words are the pack crate's (the same the app shows); only how to act on them
/// at a terminal is the CLI's.
fn headline(r: &VerifyReport) -> String {
    let mut line = r.headline.clone();
    if !r.meaning.is_empty() {
        line = format!("{line} {}", r.meaning);
    }
    match r.verdict {
        Verdict::NeedsPassphrase => {
            format!("{line} (--pack-passphrase-file FILE, or type it at a terminal)")
        }
        Verdict::NeedsKey => format!("{line} (--identity FILE)"),
        _ => line,
    }
}

fn print(out: &Output, r: &VerifyReport) -> Result<(), CliError> {
    out.line(format_args!("{}: {}", r.verdict.word(), headline(r)))?;
    out.line("")?;
    let width = r.checks.iter().map(|c| c.name.chars().count()).max().unwrap_or(5);
    for c in &r.checks {
        let mark = if c.ok { "OK    " } else { "FAILED" };
        out.line(format_args!("  {mark}  {}  {}", pad(&c.name, width), c.detail))?;
    }
    let Some(f) = &r.facts else { return Ok(()) };
    out.line("")?;
    let trust = if r.verdict == Verdict::Valid { "" } else { " (as the pack claims; not proven)" };
    out.line(format_args!("About the pack{trust}:"))?;
    let row = |label: &str, value: &str| out.line(format_args!("  {} {value}", pad(&format!("{label}:"), 17)));
    row("Made for", &f.recipient)?;
    row("Made at", &output::time_long(&f.exported_at))?;
    row("Key fingerprint", &f.fingerprint)?;
    row("Chain head", &format!("record {}", f.head_seq))?;
    row("Entries", &format!("{} with {}", f.entries, plural(f.exhibits, "exhibit file", "exhibit files")))?;
    row(
        "Records",
        &format!(
            "{} disclosed in full, {} withheld (links only), {} erased by purges",
            f.disclosed_records, f.withheld_records, f.purged_records
        ),
    )?;
    row("Encrypted", if f.encrypted { "yes" } else { "no" })?;
    if r.verdict == Verdict::Valid && !r.anchored {
        out.line("")?;
        out.line(
            "Compare the key fingerprint with the person's key card, or run again with --expect-fingerprint FP \
             or --witness CODE.",
        )?;
    }
    Ok(())
}

/// A time-stamp reply given with --timestamp: a few KiB; anything far larger is not one.
fn read_small(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    let limit = casebook_core::anchor::MAX_REPLY_BYTES as u64;
    let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
        .map_err(|e| CliError::io("read", path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(CliError::usage(format!("--timestamp {}: far larger than a time-stamp reply", path.display())));
    }
    Ok(bytes)
}
