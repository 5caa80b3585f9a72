//! `casebook import FILE --preview`: what an export holds and who it involves, marking who
//! matches a person in the case. Writes nothing.

use std::path::Path;

use casebook_core::import::ImportPreview;
use chrono::{DateTime, FixedOffset};

use crate::commands::import::{format_name, key_text, print_lines, print_unreadable};
use crate::exit::CliError;
use crate::output::{Output, pad, plural, size, truncate};

/// A time as the file places it (in the offset it was read in, not this computer's).
fn when(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// Prints the preview, or the preview as JSON.
pub fn print(out: &Output, p: &ImportPreview, path: &Path) -> Result<(), CliError> {
    if out.json() {
        return out.value(p);
    }
    out.line(format_args!("{}: {} ({})", format_name(p.format), p.file_name, size(p.file_size)))?;
    let span = match (&p.first_at, &p.last_at) {
        (Some(a), Some(b)) => format!(", from {} to {}", when(a), when(b)),
        _ => String::new(),
    };
    out.line(format_args!("{}{span}", plural(p.total_items, "item", "items")))?;
    if p.unreadable > 0 {
        out.line(format_args!(
            "and {} that could not be read: {} in the file",
            plural(p.unreadable, "item", "items"),
            p.total_items + p.unreadable
        ))?;
    }
    print_unreadable(out, p.unreadable, &p.unreadable_items)?;
    if !p.by_kind.is_empty() {
        let kinds: Vec<String> = p.by_kind.iter().map(|(k, n)| format!("{} {n}", k.label().to_lowercase())).collect();
        out.line(format_args!("By kind: {}", kinds.join(", ")))?;
    }
    if p.media_files > 0 {
        out.line(format_args!("Media files referred to: {}", p.media_files))?;
    }
    if !p.correspondents.is_empty() {
        out.line("")?;
        let key_width =
            p.correspondents.iter().map(|c| key_text(&c.key).chars().count()).max().unwrap_or(3).clamp(3, 40);
        let person_width = 20;
        out.line(format_args!(
            "  PICK  {}  {:>6}  {:>6}  {}  SHOWN AS",
            pad("KEY", key_width),
            "ITEMS",
            "NEW",
            pad("CASE PERSON", person_width)
        ))?;
        for c in &p.correspondents {
            let person = match (c.person_id, &c.person_name) {
                (Some(id), Some(name)) => format!("{id} {name}"),
                (Some(id), None) => id.to_string(),
                _ => "-".to_owned(),
            };
            let mut shown = c.display.clone();
            let others: Vec<&str> =
                c.contact_names.iter().map(String::as_str).filter(|n| !n.eq_ignore_ascii_case(&c.display)).collect();
            if !others.is_empty() {
                shown.push_str(&format!(" ({})", others.join(", ")));
            }
            out.line(format_args!(
                "  {}  {}  {:>6}  {:>6}  {}  {}",
                if c.selected_by_default { "*   " } else { "    " },
                pad(&key_text(&c.key), key_width),
                c.items,
                c.new_items.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
                pad(&truncate(&person, person_width), person_width),
                truncate(&shown, 60),
            ))?;
        }
        if p.correspondents.iter().any(|c| c.selected_by_default) {
            out.line("")?;
            out.line("* imported by default: they match a person in the case.")?;
        }
    }
    if let Some(lines) = &p.lines {
        print_lines(out, lines)?;
    }
    for note in &p.notes {
        out.line(format_args!("Note: {note}"))?;
    }
    if let Some(q) = &p.date_order_question {
        out.line(format_args!(
            "To import, say how to read the dates: --date-order day-first ({} is {}) or --date-order month-first \
             ({}).",
            q.example,
            q.day_first.format("%-d %B %Y"),
            q.month_first.format("%-d %B %Y")
        ))?;
    }
    out.line("")?;
    let any_match = p.correspondents.iter().any(|c| c.selected_by_default);
    let file = path.display();
    if any_match {
        out.line(format_args!(
            "Nothing was imported. To import the marked correspondents' items: casebook import {file}\n\
             To pick others: --correspondent KEY (repeatable) or --all."
        ))
    } else {
        out.line(format_args!(
            "Nothing was imported. No one in this file matches a person in the case: pick whose items to import \
             with --correspondent KEY (repeatable) or --all, or add their number or name to a person with \
             `casebook case add-identifier --person N --phone NUMBER`, then import {file}."
        ))
    }
}
