//! The witness codes the person shared, each fixing the chain up to a record.

use super::blocks::{BODY, Table, heading, intro};
use super::pages::{CONTENT_W, MARGIN_X, Pages};
use super::words::utc;
use crate::export::plan::Plan;

pub(super) fn witness_codes(p: &mut Pages, plan: &Plan) {
    p.need(80.0);
    heading(p, "Witness codes shared");
    intro(
        p,
        "Short codes the person sent to others, each fixing the diary's records up to the number in the code. \
         Whoever received one can check that this pack's chain passes through that record with the same key: \
         if it does, those records existed, unchanged, when the code was sent.",
    );
    if plan.witness_shares.is_empty() {
        p.text("None recorded.", BODY, MARGIN_X, CONTENT_W);
        p.gap(12.0);
        return;
    }
    let table =
        Table::new(&[("Record", 40.0), ("Recorded", 90.0), ("Code", 150.0), ("To, and how", CONTENT_W - 280.0)])
            .small(7.5);
    table.header(p);
    for w in &plan.witness_shares {
        table.row(p, &[w.seq.to_string(), utc(w.recorded_at), w.code.clone(), format!("{} ({})", w.to, w.how)]);
    }
    p.gap(12.0);
}
