//! `casebook export`: a signed evidence pack for the police or an advocate, or (`--preview`)
//! what one would disclose and withhold, writing nothing.

use std::path::Path;

use casebook_core::{ExportError, ExportOptions, ExportPreview, ExportReport, Progress, Recipient, Stage, Treatment};
use serde::Serialize;

use crate::args::ExportArgs;
use crate::context::Ctx;
use crate::exit::{self, CliError};
use crate::output::{Output, pad, plural, size, truncate};
use crate::passphrase;
use crate::progress::{ProgressLine, percent};

/// Previews or writes the pack.
pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<(), CliError> {
    let options = ExportOptions {
        recipient: args.recipient,
        strip_gps: args.strip_gps,
        include_sources: args.include_sources,
        upload_folder: args.upload_folder,
        recipient_card: None,
        leave_out_effects: args.leave_out_effects,
        ..args.chosen.options()
    };
    check_flags(args)?;
    // A recipient card is read and checked before anything else, and its fingerprint shown
    // before it is used, so the person can compare it with what the recipient read out.
    let mut options = options;
    if let Some(card_path) = &args.to_card {
        let bytes = super::recipient::read_card(card_path)?;
        let card = casebook_core::recipient::RecipientCard::parse(&bytes)
            .map_err(|e| CliError::usage(format!("{}: {e}", card_path.display())))?;
        options.recipient_card = Some(card.to_text());
    }
    // A remembered card needs the vault first (it is sealed there); no pack passphrase is read.
    let mut unlocked = None;
    if let Some(prefix) = &args.to_remembered {
        let vault = ctx.unlock()?;
        // The card as the vault remembers it, rebuilt and checked again by the export.
        let remembered = vault.remembered_recipient(prefix).map_err(|e| match e {
            casebook_core::VaultError::InvalidInput(m) => CliError::usage(m),
            other => other.into(),
        })?;
        options.recipient_card = Some(remembered.card);
        unlocked = Some(vault);
    }
    if let Some(text) = &options.recipient_card
        && !args.preview
        && !ctx.out.json()
    {
        let card = casebook_core::recipient::RecipientCard::parse(text.as_bytes())
            .map_err(|e| CliError::usage(e.to_string()))?;
        ctx.out.line(format_args!(
            "For recipient {} — card fingerprint {} (check it with them).",
            card.name,
            card.fingerprint()
        ))?;
    }
    let options = options;
    if args.preview {
        let vault = match unlocked {
            Some(v) => v,
            None => ctx.unlock()?,
        };
        let preview = vault.export_preview(&options)?;
        if preview.entry_ids.is_empty() {
            return Err(ExportError::NothingSelected.into());
        }
        return print_preview(&ctx.out, &preview, args.out.as_deref());
    }
    let Some(out) = args.out.as_deref() else {
        return Err(CliError::usage("say where to write the pack with --out PACK.zip (or use --preview)"));
    };
    if out.exists() {
        return Err(exit::exists(out));
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(CliError::other(format!("the folder {} does not exist; nothing was written", dir.display())));
    }
    let advocate = args.recipient == Recipient::Advocate;
    let from_file = args.advocate_passphrase_file.is_some() || args.advocate_passphrase_fd.is_some();
    // A pack for a recipient card needs no passphrase.
    let advocate = advocate && options.recipient_card.is_none();
    // A passphrase file is read before unlocking, so a wrong path fails before anything else.
    let mut pack_pass = if advocate && from_file {
        Some(passphrase::new_pack_passphrase(args.advocate_passphrase_file.as_deref(), args.advocate_passphrase_fd)?)
    } else {
        None
    };
    let mut vault = match unlocked {
        Some(v) => v,
        None => ctx.unlock()?,
    };
    if advocate && pack_pass.is_none() {
        // Typed at the terminal: ask only once it is sure there is something to export.
        if vault.export_preview(&options)?.entry_ids.is_empty() {
            return Err(ExportError::NothingSelected.into());
        }
        pack_pass = Some(passphrase::new_pack_passphrase(None, None)?);
    }
    let mut line = ProgressLine::new();
    let result = vault.export(&options, pack_pass.as_ref(), out, &mut |p| {
        line.show(|| describe(p));
        true
    });
    line.clear();
    let report = result?;
    let fingerprint = vault.info()?.fingerprint;
    print_written(&ctx.out, &report, &fingerprint)
}

/// Flags that cannot go together, refused before the vault is opened.
fn check_flags(args: &ExportArgs) -> Result<(), CliError> {
    if args.recipient == Recipient::Police {
        if args.strip_gps {
            return Err(CliError::usage(
                "--strip-gps is for advocate packs (--recipient advocate); police packs carry the original files untouched",
            ));
        }
        if args.advocate_passphrase_file.is_some() || args.advocate_passphrase_fd.is_some() {
            return Err(CliError::usage(
                "police packs are not encrypted, so officers can check them with standard tools; \
                 a passphrase is only for --recipient advocate",
            ));
        }
    }
    if (args.to_card.is_some() || args.to_remembered.is_some()) && args.recipient != Recipient::Advocate {
        return Err(CliError::usage(
            "--to-card and --to-remembered make an advocate pack encrypted to the card's key: add --recipient advocate",
        ));
    }
    if args.upload_folder && args.recipient != Recipient::Police {
        return Err(CliError::usage(
            "--upload-folder is for police packs; an advocate pack stays encrypted as a whole",
        ));
    }
    Ok(())
}

fn describe(p: Progress) -> String {
    match p.stage {
        Stage::Reading => "Reading and checking the diary…".to_owned(),
        Stage::Report => "Writing the report…".to_owned(),
        Stage::Exhibits => {
            format!("Copying exhibits… {}% ({} of {})", percent(p.done, p.total), size(p.done), size(p.total))
        }
        Stage::Finishing => "Signing and saving the pack…".to_owned(),
    }
}

fn recipient_words(r: Recipient) -> &'static str {
    match r {
        Recipient::Police => "the police",
        Recipient::Advocate => "an advocate",
    }
}

/// What `--json` prints for a written pack: core's report, the key fingerprint, and the
/// SHA-256 of the file exactly as written (for an advocate pack: of the encrypted pack inside
/// the page, which the page checks before opening it).
#[derive(Serialize)]
struct Written<'a> {
    #[serde(flatten)]
    report: &'a ExportReport,
    sha256: &'a str,
    fingerprint: &'a str,
}

fn print_written(out: &Output, r: &ExportReport, fingerprint: &str) -> Result<(), CliError> {
    let file_sha = r.encrypted_sha256.as_deref().unwrap_or(&r.bundle_sha256);
    if out.json() {
        return out.value(&Written { report: r, sha256: file_sha, fingerprint });
    }
    out.line(format_args!("Evidence pack for {} written: {}", recipient_words(r.recipient), r.path.display()))?;
    let row = |label: &str, value: &str| out.line(format_args!("  {} {value}", pad(&format!("{label}:"), 17)));
    if let Some(fp) = &r.card_fingerprint {
        row("Encrypted", "yes (age), to the recipient card's key only")?;
        row("Card fingerprint", fp)?;
        row("SHA-256 encrypted", file_sha)?;
        row("SHA-256 inside", &r.bundle_sha256)?;
    } else if r.encrypted_sha256.is_some() {
        row("Encrypted", "yes (age, with the passphrase you chose), inside a web page that opens it")?;
        row("SHA-256 encrypted", file_sha)?;
        row("SHA-256 inside", &r.bundle_sha256)?;
    } else {
        row("SHA-256", file_sha)?;
    }
    row("Size", &size(r.bytes))?;
    row("Entries", &format!("{} with {}", r.entries, plural(r.exhibits, "exhibit file", "exhibit files")))?;
    row(
        "Records",
        &format!("{} disclosed in full, {} withheld (links only)", r.disclosed_records, r.withheld_records),
    )?;
    let pdfa = if r.report_pdfa { "PDF/A" } else { "PDF" };
    row("Report", &format!("report.pdf, {} ({pdfa})", plural(r.report_pages, "page", "pages")))?;
    row("Chain head", &format!("record {}; this export is logged as record {}", r.head_seq, r.record_seq))?;
    row("Key fingerprint", fingerprint)?;
    if let Some(folder) = &r.upload_folder {
        row("Upload folder", &format!("{} (each exhibit with its sidecar)", folder.display()))?;
    }
    out.line("")?;
    out.line(
        "Tell the recipient the key fingerprint separately (by phone or in person) so they can check the pack \
         came from you: casebook verify PACK, or verify.html inside the pack.",
    )?;
    if r.upload_folder.is_some() {
        out.line(
            "For a police upload portal, upload each exhibit with its .sidecar.json and the pack too; \
             casebook verify-exhibit FILE --pack PACK ties any one of them back to the signed pack.",
        )?;
    }
    if r.card_fingerprint.is_some() {
        out.line(
            "Only the holder of the card's identity file can open it: casebook verify PACK --identity ID.txt, \
             Check a pack in the app, or age -d -i ID.txt -o pack.zip PACK. No passphrase to pass on.",
        )?;
    } else if r.encrypted_sha256.is_some() {
        out.line(
            "Give the advocate the passphrase separately too, never with the file. They open the page in any \
             web browser, type the passphrase, and can save the pack's ZIP there for the police.",
        )?;
    }
    Ok(())
}

fn print_preview(out: &Output, p: &ExportPreview, target: Option<&Path>) -> Result<(), CliError> {
    if out.json() {
        return out.value(p);
    }
    let retracted = if p.retracted > 0 { format!(" ({} retracted)", p.retracted) } else { String::new() };
    let files = p.exhibits.iter().filter(|x| x.treatment != Treatment::Withheld).count() as u64;
    out.line(format_args!(
        "A pack for {} would disclose {}{retracted} and {} ({}).",
        recipient_words(p.recipient),
        plural(p.entry_ids.len() as u64, "entry", "entries"),
        plural(files, "exhibit file", "exhibit files"),
        size(p.exhibit_bytes),
    ))?;
    out.line(format_args!("Entries: {}", ranges(&p.entry_ids)))?;
    if !p.exhibits.is_empty() {
        out.line("")?;
        let mark_width = p.exhibits.iter().map(|x| x.mark.chars().count()).max().unwrap_or(4).max(4);
        out.line(format_args!(
            "  {}  {:>5}  {}  {:>9}  WHAT GOES IN",
            pad("MARK", mark_width),
            "ENTRY",
            pad("FILE", 32),
            "SIZE"
        ))?;
        for x in &p.exhibits {
            let what = match (x.treatment, &x.note) {
                (Treatment::Original, _) => "the original, byte for byte".to_owned(),
                (Treatment::LocationRemoved, _) => "a copy without its location data".to_owned(),
                (Treatment::Withheld, Some(note)) => format!("withheld: {note}"),
                (Treatment::Withheld, None) => "withheld".to_owned(),
            };
            out.line(format_args!(
                "  {}  {:>5}  {}  {:>9}  {what}",
                pad(&x.mark, mark_width),
                x.entry_id,
                pad(&truncate(&x.original_name, 32), 32),
                size(x.size),
            ))?;
        }
    }
    out.line("")?;
    let withheld: Vec<String> =
        p.withheld_by_kind.iter().map(|(kind, n)| format!("{n} {}", kind.replace('_', " "))).collect();
    let withheld = if withheld.is_empty() { String::new() } else { format!(" ({})", withheld.join(", ")) };
    out.line(format_args!(
        "Records: {} disclosed in full; {} withheld{withheld}: only their links go in, so the chain still checks \
         but their content stays private.",
        p.disclosed_records, p.withheld_records
    ))?;
    if p.purged_records > 0 {
        out.line(format_args!(
            "{} erased by purges; their places in the chain show.",
            plural(p.purged_records, "record was", "records were")
        ))?;
    }
    if p.excerpts > 0 {
        out.line(format_args!(
            "{} go in as their own original excerpt from the export file (excerpts/).",
            plural(p.excerpts, "imported item", "imported items")
        ))?;
    }
    for source in &p.sources {
        let others = plural(source.other_people_items, "message or call", "messages or calls");
        if source.included {
            out.line(format_args!(
                "The whole export file {} ({}) goes in, as chosen: it also holds {others} of other people.",
                source.original_name, source.mark
            ))?;
        } else {
            out.line(format_args!(
                "The whole export file {} ({}) stays out: it also holds {others} of other people \
                 (--include-sources puts it in).",
                source.original_name, source.mark
            ))?;
        }
    }
    out.line(format_args!("Earlier packs listed in its continuity log: {}.", p.earlier_exports))?;
    for w in &p.warnings {
        out.line(format_args!("Note: {w}"))?;
    }
    out.line("")?;
    match target {
        Some(t) => out.line(format_args!(
            "Nothing was written. To write it to {}, run the same command without --preview.",
            t.display()
        )),
        None => out
            .line("Nothing was written. To write it, run the same command without --preview and with --out PACK.zip."),
    }
}

/// Entry numbers as `1-3, 5, 7-8`.
fn ranges(ids: &[i64]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut parts: Vec<(i64, i64)> = Vec::new();
    for id in sorted {
        match parts.last_mut() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => parts.push((id, id)),
        }
    }
    parts.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_numbers_compress_into_ranges() {
        assert_eq!(ranges(&[7, 1, 2, 3, 5, 8]), "1-3, 5, 7-8");
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(ranges(&[]), "");
    }
}
