//! `casebook verify PACK`: check an evidence pack as its recipient would. Needs no vault and
//! no Casebook passphrase, so an officer can run it on any machine; the exit code is the
//! verdict's (see `VERIFY_EXIT_CODES_HELP`).

use casebook_core::verify::{Expected, ReportRenderer, is_encrypted, witnessed_up_to};
use casebook_core::{Verdict, VerifyReport, WitnessCheck, verify_bundle_expecting};

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
    // Ask at the terminal only for a pack that is in fact encrypted.
    let encrypted = is_encrypted(path).unwrap_or(false);
    let pass = passphrase::pack_passphrase(args.pack_passphrase_file.as_deref(), args.pack_passphrase_fd, encrypted)?;
    // Witness codes are compared (in core) only with a pack whose own checks all passed: a
    // damaged pack fails as damaged (exit 5) whatever its links say.
    let mut report = verify_bundle_expecting(path, &expected, pass.as_ref());
    // report.pdf drawn again from the disclosed records (a pack that otherwise passed), with
    // core's renderer: the verifier (casebook-pack) has none of its own.
    casebook_core::verify::check_report(path, pass.as_ref(), &ReportRenderer, &mut report);
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

/// One line per witness code: what a match proves, or what a mismatch means.
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
    if witnesses.iter().any(|w| !w.matched()) {
        out.line("")?;
        out.line(
            "WITNESS MISMATCH: this pack does not pass through every checkpoint its codes fixed. Do not rely on it.",
        )?;
    }
    Ok(())
}

fn headline(r: &VerifyReport) -> String {
    let key = r.facts.as_ref().map_or("(unknown)", |f| f.fingerprint.as_str());
    match (r.verdict, witnessed_up_to(&r.witnesses)) {
        (Verdict::Valid, Some(n)) if r.anchored => format!(
            "every check passed, and the pack passes through every witness code you gave: its records 1 to \
             {n} existed, unchanged, when the code was sent, and it is signed by the key that made the code \
             ({key}). Records after {n} are signed by the same key; no code vouches for when they were written."
        ),
        _ => verdict_headline(r, key),
    }
}

fn verdict_headline(r: &VerifyReport, key: &str) -> String {
    match r.verdict {
        Verdict::Valid if r.anchored => format!(
            "every check passed, and the pack is signed by the key you expected ({key}): it is exactly as \
             that person's Casebook made it."
        ),
        Verdict::Valid => format!(
            "the pack is internally consistent and signed by key {key}. This proves nothing about who made \
             it until you compare that fingerprint with the person's key card or a witness code \
             (--expect-fingerprint FP, --witness CODE)."
        ),
        Verdict::WitnessMismatch => {
            "the pack is intact, but it does not pass through a witness code you gave: its records up to \
             that code's number, or its signing key, are not those the code was made from. They were changed, \
             rebuilt or forged after the code was sent, the code belongs to another diary, or the pack ends \
             before that record. Do not rely on it."
                .into()
        }
        Verdict::KeyMismatch => {
            "the pack is intact, but it is signed by a different key than the one you expected: it was not \
             made by the diary whose key card you hold. Do not rely on it."
                .into()
        }
        other => fixed_headline(other).into(),
    }
}

fn fixed_headline(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid | Verdict::KeyMismatch | Verdict::WitnessMismatch => "",
        Verdict::Invalid => "the pack was changed after it was made, or is damaged. Do not rely on it.",
        Verdict::NotAPack => "this is not a Casebook evidence pack.",
        Verdict::NeedsPassphrase => {
            "this pack is encrypted; give its passphrase with --pack-passphrase-file FILE (or type it at a terminal)."
        }
        Verdict::WrongPassphrase => "that passphrase does not open this pack.",
        Verdict::Refused => "this file is built to exhaust or mislead a checker; it was not read further.",
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
