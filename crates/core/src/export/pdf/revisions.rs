//! An entry's earlier versions, newest first: when and why each was changed, and what the
//! version before said in each field the change touched, worded like the entry itself
//! (`fields.rs`).

use super::blocks::{BODY, LABEL, kv_at};
use super::fields::{field_values, occurred};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::text::Style;
use super::words::utc;
use crate::export::plan::{Entry, Plan};
use crate::model::EntryFields;

pub(super) fn earlier_versions(p: &mut Pages, plan: &Plan, e: &Entry) {
    if e.versions.len() < 2 {
        return;
    }
    p.gap(3.0);
    p.text("Earlier versions", LABEL, MARGIN_X, CONTENT_W);
    for pair in e.versions.windows(2).rev() {
        let (old, new) = (&pair[0], &pair[1]);
        let reason = new.reason.as_deref().unwrap_or("");
        p.text(
            &format!(
                "Changed to version {} on {} (record {}). Reason given: {}",
                new.revision,
                utc(new.recorded_at),
                new.seq,
                reason
            ),
            Style::new(9.0).bold(),
            MARGIN_X + 10.0,
            CONTENT_W - 10.0,
        );
        let diffs = differences(plan, &old.fields, &new.fields);
        let was = format!("Version {} (recorded {}, record {}) said:", old.revision, utc(old.recorded_at), old.seq);
        p.text(&was, Style::new(9.0).color(GREY), MARGIN_X + 10.0, CONTENT_W - 10.0);
        if diffs.is_empty() {
            p.text("(no visible difference)", BODY, MARGIN_X + 20.0, CONTENT_W - 20.0);
        }
        for (label, value) in diffs {
            kv_at(p, MARGIN_X + 20.0, label, &value);
        }
    }
}

/// Fields of `old` that differ from `new`, with `old`'s values.
pub(super) fn differences(plan: &Plan, old: &EntryFields, new: &EntryFields) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if old.occurred != new.occurred {
        out.push(("Occurred", occurred(old)));
    }
    if old.kind != new.kind {
        out.push(("Kind", old.kind.label().to_owned()));
    }
    for ((label, a), (_, b)) in field_values(plan, old).into_iter().zip(field_values(plan, new)) {
        if a != b {
            out.push((label, if a.is_empty() { "(empty)".to_owned() } else { a }));
        }
    }
    out
}
