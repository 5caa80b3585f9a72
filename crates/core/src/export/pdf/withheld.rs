//! The report's last section: what the pack does not include, stated plainly, and any
//! character the fonts could not show.

use super::blocks::{BODY, heading};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::report::ReportFacts;
use super::text::Style;

pub(super) fn withheld(p: &mut Pages, facts: &ReportFacts<'_>) {
    let c = &facts.manifest.counts;
    p.need(90.0);
    heading(p, "What this pack does not include");
    p.text(
        &format!(
            "The diary's chain holds {} records up to record {}. This pack includes {} of them in full. \
             {} record(s) are withheld: only their hashes are included, so the chain can still be checked from \
             start to end, but their content is not part of this pack. {} record(s) were erased by the person \
             (purged); their content no longer exists anywhere, but their place in the chain does.",
            c.records, facts.manifest.head.seq, c.disclosed_records, c.withheld_records, c.purged_records
        ),
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    if p.fonts.replaced > 0 {
        p.gap(4.0);
        p.text(
            &format!(
                "{} character(s) could not be shown by the report's fonts and appear as \u{FFFD}; the exact text is \
                 in entries.json.",
                p.fonts.replaced
            ),
            BODY,
            MARGIN_X,
            CONTENT_W,
        );
    }
    p.gap(10.0);
    p.text("End of report.", Style::new(9.0).color(GREY), MARGIN_X, CONTENT_W);
}
