//! `casebook show ID`: one entry in full, with every version, retraction, erasure and file.

use casebook_core::{CaseDetails, EntryFields, EntryHistory, EntrySource};

use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{self, Output};

/// Prints the entry's current version, then its history.
pub fn run(ctx: &Ctx, id: i64) -> Result<(), CliError> {
    let vault = ctx.unlock()?;
    let history = vault.entry(id)?;
    if ctx.out.json() {
        return ctx.out.value(&history);
    }
    let case = vault.case()?;
    print(&ctx.out, &history, &case)
}

fn print(out: &Output, h: &EntryHistory, case: &CaseDetails) -> Result<(), CliError> {
    let Some(current) = h.current() else {
        out.line(format_args!("Entry {}: its content was erased (purged).", h.id))?;
        if let Some(p) = &h.purge {
            out.line(format_args!("  Erased:       {}", output::time_long(&p.recorded_at)))?;
            if let Some(reason) = &p.reason {
                out.line(format_args!("  Reason:       {reason}"))?;
            }
            out.line("  Its records keep their place in the chain, so the erasure stays visible.")?;
        }
        return Ok(());
    };
    let retracted = if h.retraction.is_some() { "  [RETRACTED]" } else { "" };
    out.line(format_args!("Entry {}: {}{retracted}", h.id, current.fields.kind.label()))?;
    fields(out, &current.fields, case)?;
    if let Some(first) = h.versions.first() {
        out.line(format_args!("  Written down: {}", output::time_long(&first.recorded_at)))?;
    }

    out.line("")?;
    out.line(format_args!("Versions ({}):", h.versions.len()))?;
    for v in &h.versions {
        let backwards = if v.clock_went_backwards { " (the computer's clock had gone backwards)" } else { "" };
        match &v.reason {
            None => out.line(format_args!(
                "  {}. recorded {}{backwards}, original",
                v.revision,
                output::time_long(&v.recorded_at)
            ))?,
            Some(reason) => out.line(format_args!(
                "  {}. recorded {}{backwards}, reason: {reason}",
                v.revision,
                output::time_long(&v.recorded_at)
            ))?,
        }
    }
    if let Some(r) = &h.retraction {
        out.line("")?;
        out.line(format_args!("Retracted {}, reason: {}", output::time_long(&r.recorded_at), r.reason))?;
    }
    if !h.attachments.is_empty() {
        out.line("")?;
        out.line(format_args!("Attachments ({}):", h.attachments.len()))?;
        for a in &h.attachments {
            out.line(format_args!("  {}", output::attachment_line(a)))?;
            let mut facts = vec![format!("added {}", output::time_long(&a.recorded_at))];
            if let Some(img) = &a.meta.image {
                facts.push(format!("{} x {} pixels", img.width, img.height));
                if let Some(exif) = &img.exif {
                    if let Some(t) = &exif.captured_at {
                        facts.push(format!("taken {t}"));
                    }
                    if let Some(d) = &exif.device {
                        facts.push(format!("camera {d}"));
                    }
                    if let (Some(lat), Some(lon)) = (exif.gps_latitude, exif.gps_longitude) {
                        facts.push(format!("location {lat:.5}, {lon:.5}"));
                    }
                }
            }
            if let Some(note) = &a.meta.note {
                facts.push(note.clone());
            }
            out.line(format_args!("      {}", facts.join("; ")))?;
        }
    }
    Ok(())
}

fn fields(out: &Output, f: &EntryFields, case: &CaseDetails) -> Result<(), CliError> {
    let row = |label: &str, value: &str| out.line(format_args!("  {:<13} {}", format!("{label}:"), value));
    row("Title", &f.title)?;
    let mut when = output::time_long(&f.occurred.start);
    if f.occurred.approximate {
        when.push_str(" (approximate)");
    }
    if let Some(end) = &f.occurred.end {
        when.push_str(&format!(" until {}", output::time_long(end)));
    }
    row("Happened", &when)?;
    for (label, value) in [("Location", &f.location), ("Channel", &f.channel), ("From", &f.identifier)] {
        if let Some(v) = value {
            row(label, v)?;
        }
    }
    if let Some(call) = &f.call {
        if let Some(d) = call.direction {
            row("Direction", output::direction(d))?;
        }
        if let Some(secs) = call.duration_secs {
            row("Duration", &output::duration(secs))?;
        }
    }
    if let Some(pid) = f.person_id {
        let name = case.person(pid).map(|p| p.name.as_str()).unwrap_or("not in the case details");
        row("Person", &format!("{pid} ({name})"))?;
    }
    if !f.witnesses.is_empty() {
        row("Witnesses", &f.witnesses.join(", "))?;
    }
    if let Some(i) = &f.impact {
        row("Impact", i)?;
    }
    let a = &f.actions;
    if a.blocked {
        row("Blocked", "yes")?;
    }
    for (label, value) in [
        ("Reported to", &a.reported_to),
        ("Police ref", &a.police_reference),
        ("Officer", &a.officer),
        ("Other action", &a.other),
    ] {
        if let Some(v) = value {
            row(label, v)?;
        }
    }
    if !f.tags.is_empty() {
        row("Tags", &f.tags.join(", "))?;
    }
    if let EntrySource::Import { format, .. } = &f.source {
        row("Source", &format!("imported ({format})"))?;
    }
    if !f.narrative.is_empty() {
        out.line("  Narrative:")?;
        for line in f.narrative.lines() {
            out.line(format_args!("    {line}"))?;
        }
    }
    Ok(())
}
