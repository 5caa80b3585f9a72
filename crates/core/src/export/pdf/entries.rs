//! Every entry in full: its fields as it now reads, its exhibits (photos and screenshots drawn
//! small, `thumbs.rs`) and breaches, its retraction, then its earlier versions (`revisions.rs`).

use super::blocks::{BODY, H3, LABEL, RED, heading, intro, kv};
use super::fields::{field_list, occurred};
use super::pages::{CONTENT_W, MARGIN_X, Pages};
use super::thumbs::Thumbs;
use super::words::{gap, utc};
use crate::export::plan::{Entry, Plan, display_mark};

pub(super) fn entries_in_full(
    p: &mut Pages,
    plan: &Plan,
    thumbs: &Thumbs,
    keep_going: &mut dyn FnMut() -> bool,
) -> bool {
    heading(p, "Entries in full");
    intro(
        p,
        "Each entry as it now reads, then every earlier version with the reason it was changed. \
         Times are as the person gave them, with their UTC offset; recorded times are the diary's clock (UTC).",
    );
    p.gap(2.0);
    for (i, e) in plan.entries.iter().enumerate() {
        if i % 128 == 0 && !keep_going() {
            return false;
        }
        entry_block(p, plan, thumbs, e);
    }
    true
}

fn entry_block(p: &mut Pages, plan: &Plan, thumbs: &Thumbs, e: &Entry) {
    let cur = e.current();
    let f = &cur.fields;
    p.need(60.0);
    p.rule();
    p.gap(4.0);
    let mut head = format!("Entry {} · {}", e.id, f.kind.label());
    if e.retraction.is_some() {
        head.push_str(" · RETRACTED");
    }
    p.text(&head, LABEL, MARGIN_X, CONTENT_W);
    p.text(&f.title, H3, MARGIN_X, CONTENT_W);
    p.gap(2.0);
    if let Some(r) = &e.retraction {
        let para = p.fonts.para(
            &format!("Retracted by the person on {} (record {}): {}", utc(r.recorded_at), r.seq, r.reason),
            BODY.color(RED),
            CONTENT_W,
        );
        p.flow(&para, MARGIN_X);
    }
    let first = &e.versions[0];
    kv(p, "Occurred", &occurred(f));
    kv(
        p,
        "Recorded",
        &format!(
            "{} ({} after it happened) · record {}{}",
            utc(first.recorded_at),
            gap(first.recorded_at, f.occurred.start),
            first.seq,
            if first.clock_went_backwards { " · the diary's clock had gone back when this was saved" } else { "" }
        ),
    );
    if cur.revision > 1 {
        kv(p, "Revised", &format!("version {} recorded {} · record {}", cur.revision, utc(cur.recorded_at), cur.seq));
    }
    for (label, value) in field_list(plan, f) {
        kv(p, label, &value);
    }
    let marks: Vec<String> = e
        .exhibits
        .iter()
        .map(|&x| {
            let ex = &plan.exhibits[x];
            format!("{} ({})", display_mark(&ex.file_mark()), ex.meta.original_name)
        })
        .collect();
    if !marks.is_empty() {
        kv(p, "Exhibits", &marks.join(", "));
    }
    super::thumbs::draw(p, plan, thumbs, e);
    for b in plan.breaches.iter().filter(|b| b.breach.entry_id == e.id) {
        kv(p, "Breach", &super::orders::breach_words(b));
    }
    super::revisions::earlier_versions(p, plan, e);
    p.gap(8.0);
}
