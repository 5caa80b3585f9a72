//! An entry's fields in words, one list for the entry as it now reads and for what an earlier
//! version said (`revisions.rs`), so a revision is worded exactly like the entry: never the
//! program's own names for its data.

use super::words::offset_words;
use crate::export::plan::Plan;
use crate::model::{ActionsTaken, CallDetails, CallDirection, EntryFields, EntrySource};

/// When it happened, with its UTC offset, whether the time is approximate, and its end.
pub(super) fn occurred(f: &EntryFields) -> String {
    let o = &f.occurred;
    let mut s = format!("{} ({})", o.start.format("%a %-d %b %Y, %H:%M"), offset_words(o.start));
    if o.approximate {
        s.push_str(", approximate time");
    }
    if let Some(end) = o.end {
        s.push_str(&format!(", until {}", end.format("%a %-d %b %Y, %H:%M")));
    }
    s
}

/// Every field but the time and the kind as label and words, in reading order, empty ones as
/// "" (so two versions' lists pair up field by field).
pub(super) fn field_values(plan: &Plan, f: &EntryFields) -> Vec<(&'static str, String)> {
    let person = f.person_id.map(|pid| {
        plan.case
            .as_ref()
            .and_then(|c| c.person(pid))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("person {pid}"))
    });
    let source = match &f.source {
        EntrySource::Import { format, .. } => format!("imported from {format}"),
        EntrySource::Manual => String::new(),
    };
    vec![
        ("Title", f.title.clone()),
        ("Where", f.location.clone().unwrap_or_default()),
        ("Channel", f.channel.clone().unwrap_or_default()),
        ("From", f.identifier.clone().unwrap_or_default()),
        ("Call", f.call.as_ref().map(call_words).unwrap_or_default()),
        ("Person", person.unwrap_or_default()),
        ("What happened", f.narrative.clone()),
        ("Witnesses", f.witnesses.join(", ")),
        ("Impact", f.impact.clone().unwrap_or_default()),
        ("Action taken", action_words(&f.actions)),
        ("Tags", f.tags.join(", ")),
        ("Source", source),
    ]
}

/// The entry's fields as label and value, in reading order, empty ones left out.
pub(super) fn field_list(plan: &Plan, f: &EntryFields) -> Vec<(&'static str, String)> {
    field_values(plan, f).into_iter().filter(|(_, v)| !v.trim().is_empty()).collect()
}

/// "missed, 0:45 long".
fn call_words(call: &CallDetails) -> String {
    let mut parts: Vec<String> = call.direction.map(|d| direction_words(d).to_owned()).into_iter().collect();
    if let Some(secs) = call.duration_secs {
        parts.push(format!("{}:{:02} long", secs / 60, secs % 60));
    }
    parts.join(", ")
}

/// A call's direction as the person chose it in the app, in the third person.
fn direction_words(d: CallDirection) -> &'static str {
    match d {
        CallDirection::Incoming => "incoming (answered)",
        CallDirection::Outgoing => "outgoing (the person called them)",
        CallDirection::Missed => "missed",
        CallDirection::Rejected => "rejected (the person declined it)",
        CallDirection::Blocked => "blocked by the person's phone",
    }
}

/// "blocked; reported to Anytown police; police reference CAD-1".
fn action_words(a: &ActionsTaken) -> String {
    let mut actions = Vec::new();
    if a.blocked {
        actions.push("blocked".to_owned());
    }
    if let Some(r) = &a.reported_to {
        actions.push(format!("reported to {r}"));
    }
    if let Some(r) = &a.police_reference {
        actions.push(format!("police reference {r}"));
    }
    if let Some(o) = &a.officer {
        actions.push(format!("officer {o}"));
    }
    if let Some(o) = &a.other {
        actions.push(o.clone());
    }
    actions.join("; ")
}
