//! The RFC 3161 time-stamps the pack carries, each with the command that checks it.

use super::blocks::{SMALL, Table, heading, intro};
use super::pages::{CONTENT_W, MARGIN_X, Pages};
use super::words::utc;
use crate::export::plan::Plan;

/// RFC 3161 time-stamps the pack carries, with the command that checks each; nothing at all
/// for a diary without any (so such reports are unchanged).
pub(super) fn time_stamps(p: &mut Pages, plan: &Plan) {
    let head = plan.head().0;
    let stamps: Vec<_> = plan.stamps.iter().filter(|s| s.checkpoint_seq <= head).collect();
    if stamps.is_empty() {
        return;
    }
    p.need(100.0);
    heading(p, "Trusted time-stamps (RFC 3161)");
    intro(
        p,
        "A time-stamp authority signed that the records up to each number existed, with this key, no later than \
         its time. The pack carries each reply (timestamps/anchor-N.tsr) beside what it time-stamped \
         (timestamps/anchor-N.txt); casebook verify checks that this is the pack's own chain. Check the \
         authority's signature with its CA certificate, obtained from the authority yourself, in the unzipped pack:",
    );
    let table = Table::new(&[("Records", 55.0), ("Authority's time", 110.0), ("Serial", CONTENT_W - 165.0)]).small(7.5);
    table.header(p);
    for s in &stamps {
        table.row(p, &[format!("1 to {}", s.checkpoint_seq), utc(s.gen_time), s.serial.clone()]);
    }
    p.gap(6.0);
    for s in &stamps {
        p.text(
            &format!(
                "openssl ts -verify -data {} -in {} -CAfile TSA-CA.pem",
                crate::export::stamps::data_name(s.checkpoint_seq),
                crate::export::stamps::reply_name(s.checkpoint_seq)
            ),
            SMALL,
            MARGIN_X,
            CONTENT_W,
        );
        p.gap(3.0);
    }
    p.gap(12.0);
}
