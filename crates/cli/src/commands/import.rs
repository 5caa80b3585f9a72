//! `casebook import FILE`: texts, calls, chats and email from a phone or mail export, as
//! diary entries. Core does the work in one transaction (an interrupted import leaves the
//! vault as it was); this adapter picks correspondents and puts the outcome into words.

use std::path::Path;

use casebook_core::identity::{checked_region, same_identifier};
use casebook_core::import::{
    ChatLines, CorrespondentKey, CorrespondentKind, CorrespondentSummary, ImportFormat, ImportPreview, UnreadableItem,
    preview,
};
use casebook_core::{
    CaseDetails, Identifier, IdentifierKind, ImportError, ImportOptions, ImportReport, ImportSettings,
};

use crate::args::ImportArgs;
use crate::commands::import_preview;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{Output, plural, truncate};
use crate::progress::{ProgressLine, percent};

/// Previews or imports the file.
pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<(), CliError> {
    let path = args.file.as_path();
    if !path.is_file() {
        let why = if path.exists() { "it is a folder, not a file" } else { "there is no file there" };
        return Err(CliError::usage(format!("cannot import {}: {why}", path.display())));
    }
    let default_region = args.region.as_deref().map(checked_region).transpose().map_err(CliError::from)?;
    let settings = ImportSettings {
        default_region,
        utc_offset: args.utc_offset,
        expected_format: args.format,
        date_order: args.date_order,
    };
    let mut vault = ctx.unlock()?;
    if args.preview {
        let seen = vault.preview_import(path, &settings)?;
        return import_preview::print(&ctx.out, &seen, path);
    }
    let case = vault.case()?;
    let correspondents = if args.all || !args.correspondents.is_empty() {
        let seen = preview(path, &case, &settings)?;
        // `--correspondent 07700 900123` is read in this import's region.
        let region = CaseDetails { default_region: Some(settings.region(&case).to_owned()), ..CaseDetails::default() };
        Some(if args.all {
            seen.correspondents.into_iter().map(|c| c.key).collect()
        } else {
            pick(&seen, args, &region)?
        })
    } else {
        None
    };
    let options = ImportOptions { settings, correspondents };
    let mut line = ProgressLine::new();
    let result = vault.import(path, &options, &mut |done, total| {
        line.show(|| format!("Importing… {} of {} items ({}%)", done, total, percent(done, total)));
        true
    });
    line.clear();
    match result {
        Ok(report) => print_report(&ctx.out, &report, path),
        Err(ImportError::DateOrderNeeded { example }) => {
            Err(date_order_needed(path, &case, &options.settings, &example))
        }
        Err(ImportError::NothingSelected) => Err(CliError::usage(format!(
            "no one in this file is a person in the case, so nothing was imported. See who is in it with \
             `casebook import {} --preview`, then pick with --correspondent KEY or --all, or add their number to a \
             person with `casebook case add-identifier`",
            path.display()
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The text of a correspondent key, as `--preview` shows it and `--correspondent` takes it:
/// `phone:+447700900123`, `email:jon@example.com`, `name:jon doe`, `withheld:withheld`.
pub fn key_text(key: &CorrespondentKey) -> String {
    let kind = match key.kind {
        CorrespondentKind::Phone => "phone",
        CorrespondentKind::Email => "email",
        CorrespondentKind::Name => "name",
        CorrespondentKind::Withheld => "withheld",
        CorrespondentKind::Url => "url",
        CorrespondentKind::Vehicle => "vehicle",
        CorrespondentKind::Account => "account",
    };
    format!("{kind}:{}", key.value)
}

/// The correspondents `--correspondent` names: by key, number, address, name or contact name.
fn pick(seen: &ImportPreview, args: &ImportArgs, case: &CaseDetails) -> Result<Vec<CorrespondentKey>, CliError> {
    let mut keys = Vec::new();
    for wanted in &args.correspondents {
        let found = matching(&seen.correspondents, wanted, case);
        match found.as_slice() {
            [one] => keys.push(one.key.clone()),
            [] => {
                return Err(CliError::usage(format!(
                    "no one in this file matches {wanted:?}; nothing was imported. See the KEYs with \
                     `casebook import {} --preview`",
                    args.file.display()
                )));
            }
            many => {
                let options: Vec<String> = many.iter().map(|c| key_text(&c.key)).collect();
                return Err(CliError::usage(format!(
                    "{wanted:?} matches more than one correspondent ({}); give the KEY instead. Nothing was imported",
                    options.join(", ")
                )));
            }
        }
    }
    Ok(keys)
}

/// The correspondents `wanted` names. An exact key wins; otherwise the value, the way the file
/// shows them, a contact name, or a phone number written another way (`07700 900123`), compared
/// by core's one rule in `case`'s region.
fn matching<'a>(all: &'a [CorrespondentSummary], wanted: &str, case: &CaseDetails) -> Vec<&'a CorrespondentSummary> {
    let w = wanted.trim().to_lowercase();
    let exact: Vec<_> = all.iter().filter(|c| key_text(&c.key).to_lowercase() == w).collect();
    if !exact.is_empty() {
        return exact;
    }
    let typed = Identifier { kind: IdentifierKind::Phone, value: wanted.trim().to_owned() };
    let same_phone = |c: &CorrespondentSummary| {
        c.key.kind == CorrespondentKind::Phone
            && same_identifier(case, &typed, &Identifier { kind: IdentifierKind::Phone, value: c.key.value.clone() })
    };
    all.iter()
        .filter(|c| {
            c.key.value.to_lowercase() == w
                || c.display.trim().to_lowercase() == w
                || c.contact_names.iter().any(|n| n.trim().to_lowercase() == w)
                || same_phone(c)
        })
        .collect()
}

/// The date-order error with both readings spelled out, so the person can answer.
fn date_order_needed(path: &Path, case: &CaseDetails, settings: &ImportSettings, example: &str) -> CliError {
    let question = preview(path, case, settings).ok().and_then(|p| p.date_order_question);
    let meaning = match question {
        Some(q) => format!(
            "{} is {} read day-first, or {} read month-first",
            q.example,
            q.day_first.format("%-d %B %Y"),
            q.month_first.format("%-d %B %Y")
        ),
        None => format!("for example {example}"),
    };
    CliError::usage(format!(
        "the dates in this chat could be day/month or month/day ({meaning}); nothing was imported. \
         Run again with --date-order day-first or --date-order month-first"
    ))
}

/// What the import did, with the numbers first.
fn print_report(out: &Output, r: &ImportReport, path: &Path) -> Result<(), CliError> {
    if out.json() {
        return out.value(r);
    }
    let c = &r.counts;
    out.line(format_args!(
        "Added {}; skipped {} already in the diary.",
        plural(c.imported, "new entry", "new entries"),
        plural(c.duplicates, "duplicate", "duplicates")
    ))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Every item of the file in one of four places (the core checks the sum: ImportCounts::holds).
    out.line(format_args!(
        "{name} ({}): {} in the file = {} added + {} already in the diary + {} of others (not imported) + {} \
         that could not be read.",
        format_name(r.format),
        plural(c.items_in_file, "item", "items"),
        c.imported,
        c.duplicates,
        c.not_selected,
        c.unreadable
    ))?;
    print_unreadable(out, c.unreadable, &c.unreadable_items)?;
    if !c.by_kind.is_empty() {
        let kinds: Vec<String> = c.by_kind.iter().map(|(k, n)| format!("{} {n}", k.replace('_', " "))).collect();
        out.line(format_args!("New entries by kind: {}.", kinds.join(", ")))?;
    }
    match &r.lines {
        Some(lines) => print_lines(out, lines)?,
        None if r.lines_not_taken > 0 => out.line(format_args!(
            "{} in the chat (such as a pinned message or someone joining): not messages, not imported.",
            plural(r.lines_not_taken, "notice", "notices")
        ))?,
        None => {}
    }
    if c.media_attached > 0 || c.media_missing > 0 {
        out.line(format_args!(
            "{} attached; {} the export refers to but does not contain.",
            plural(c.media_attached, "media file", "media files"),
            c.media_missing
        ))?;
    }
    match (r.import_id, r.ledger_seq, r.record_entry_id) {
        (Some(id), Some(seq), Some(entry)) => out.line(format_args!(
            "This is import {id}, logged as record {seq}; the export file itself is kept, byte for byte, \
             with entry {entry} (SHA-256 {}).",
            r.source_sha256
        )),
        _ => out.line("Nothing new, so nothing was written."),
    }
}

/// Where every line of a chat went, as the preview and the import both print it: the identity
/// (lines read = messages + continuations + notices + unreadable + blank), then each kind of
/// notice, unreadable line and WhatsApp phrase with its count and first sample.
pub fn print_lines(out: &Output, l: &ChatLines) -> Result<(), CliError> {
    out.line(format_args!(
        "Lines of the chat: {} read = {} + {} + {} + {} + {}.",
        l.lines_read,
        plural(l.message_lines, "message", "messages"),
        plural(l.continuation_lines, "line continuing a message", "lines continuing a message"),
        plural(l.notice_lines, "notice line", "notice lines"),
        plural(l.unreadable_lines, "unreadable line", "unreadable lines"),
        plural(l.blank_lines, "blank line", "blank lines"),
    ))?;
    let groups = [
        ("Notices (not imported):", &l.notices),
        ("Unreadable (not imported):", &l.unreadable),
        ("Messages in WhatsApp's own words (imported, labelled):", &l.labelled),
    ];
    for (title, kinds) in groups {
        if kinds.is_empty() {
            continue;
        }
        out.line(format_args!("  {title}"))?;
        for k in kinds {
            let sample = k
                .samples
                .first()
                .map(|s| format!(" (line {}: \"{}\")", s.line, truncate(&s.text, 60)))
                .unwrap_or_default();
            out.line(format_args!("    {}: {}{sample}", k.kind, k.count))?;
        }
    }
    Ok(())
}

/// Each item that could not be read, by its place in the file and the reason, as the preview
/// and the import both print them; "and N more" past the ones listed.
pub fn print_unreadable(out: &Output, count: u64, items: &[UnreadableItem]) -> Result<(), CliError> {
    if count == 0 {
        return Ok(());
    }
    out.line("  Could not be read (not imported):")?;
    for item in items {
        out.line(format_args!("    {}: {}", item.place, item.reason))?;
    }
    let more = count.saturating_sub(items.len() as u64);
    if more > 0 {
        out.line(format_args!("    and {more} more"))?;
    }
    Ok(())
}

/// The format as people know it.
pub fn format_name(f: ImportFormat) -> &'static str {
    match f {
        ImportFormat::SmsBackupRestore => "SMS Backup & Restore",
        ImportFormat::WhatsAppChat => "WhatsApp chat export",
        ImportFormat::Email => "email",
        ImportFormat::TelegramChat => "Telegram chat export",
        ImportFormat::XArchive => "X archive",
        ImportFormat::InstagramMessages => "Instagram export",
        ImportFormat::MessengerMessages => "Facebook Messenger export",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn summary(kind: CorrespondentKind, value: &str, display: &str, contact: &str) -> CorrespondentSummary {
        CorrespondentSummary {
            key: CorrespondentKey { kind, value: value.into() },
            display: display.into(),
            contact_names: vec![contact.into()],
            items: 1,
            new_items: None,
            by_kind: BTreeMap::new(),
            first_at: None,
            last_at: None,
            person_id: None,
            person_name: None,
            selected_by_default: false,
            identifier: None,
        }
    }

    #[test]
    fn correspondents_are_found_by_key_number_name_or_contact() {
        let all = [
            summary(CorrespondentKind::Phone, "+447700900123", "+44 7700 900123", "Jon"),
            summary(CorrespondentKind::Phone, "+447700900555", "+44 7700 900555", "Mum"),
            summary(CorrespondentKind::Name, "bank", "BANK", ""),
        ];
        let case = CaseDetails::default();
        let one = |w: &str| matching(&all, w, &case).iter().map(|c| c.key.value.clone()).collect::<Vec<_>>();
        assert_eq!(one("phone:+447700900123"), ["+447700900123"]);
        assert_eq!(one("+44 7700 900123"), ["+447700900123"]);
        assert_eq!(one("07700 900123"), ["+447700900123"]);
        assert_eq!(one("mum"), ["+447700900555"]);
        assert_eq!(one("BANK"), ["bank"]);
        assert!(one("07700").is_empty(), "too short to be a number");
        assert!(one("Jon Doe").is_empty());
        assert!(one("Unknown").is_empty());
        let irish = CaseDetails { default_region: Some("IE".into()), ..CaseDetails::default() };
        let ie = [summary(CorrespondentKind::Phone, "+353871234567", "+353 87 123 4567", "")];
        assert_eq!(matching(&ie, "087 123 4567", &irish).len(), 1);
        assert!(matching(&ie, "087 123 4567", &case).is_empty(), "read as a UK number");
    }
}
