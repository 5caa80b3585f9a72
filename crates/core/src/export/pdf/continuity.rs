//! The continuity log: key cards given and the packs made from this diary before this one.

use super::blocks::{BODY, Table, heading, intro};
use super::pages::{CONTENT_W, MARGIN_X, Pages};
use super::words::utc;
use crate::export::plan::Plan;

pub(super) fn continuity(p: &mut Pages, plan: &Plan) {
    p.need(80.0);
    heading(p, "Continuity log");
    intro(
        p,
        "Key cards given and packs made from this diary before this one, as the diary recorded them (each is a \
         record in the chain).",
    );
    key_cards(p, plan);
    if plan.earlier_exports.is_empty() {
        p.text("None: this is the first pack made from this diary.", BODY, MARGIN_X, CONTENT_W);
        p.gap(12.0);
        return;
    }
    let table = Table::new(&[
        ("Record", 40.0),
        ("Made", 90.0),
        ("For", 55.0),
        ("Entries", 45.0),
        ("Chain head", 50.0),
        ("Pack SHA-256", CONTENT_W - 280.0),
    ])
    .small(7.5);
    table.header(p);
    for x in &plan.earlier_exports {
        table.row(
            p,
            &[
                x.seq.to_string(),
                utc(x.exported_at),
                x.recipient.clone(),
                x.entries.to_string(),
                x.head_seq.to_string(),
                x.bundle_sha256.clone(),
            ],
        );
    }
    p.gap(12.0);
}

/// Key cards given, at the head of the continuity log: who holds the key's fingerprint on paper.
fn key_cards(p: &mut Pages, plan: &Plan) {
    if plan.key_cards.is_empty() {
        p.text(
            "Key cards given: none recorded. Compare the key fingerprint on the cover with one the person gives you.",
            BODY,
            MARGIN_X,
            CONTENT_W,
        );
    } else {
        p.text("Key cards given (the key fingerprint on paper):", BODY, MARGIN_X, CONTENT_W);
        p.gap(3.0);
        let table = Table::new(&[("Record", 40.0), ("Recorded", 90.0), ("Given to", CONTENT_W - 130.0)]).small(7.5);
        table.header(p);
        for k in &plan.key_cards {
            table.row(p, &[k.seq.to_string(), utc(k.recorded_at), k.to.clone()]);
        }
    }
    p.gap(8.0);
    p.text("Packs made before this one:", BODY, MARGIN_X, CONTENT_W);
    p.gap(3.0);
}
