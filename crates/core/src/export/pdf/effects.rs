//! The report's section on how the stalking has affected the person: each change they noted,
//! as a timeline (when it began and ended, what changed, in their words), with when it was
//! written down, since a note made at the time carries more weight than one made for court.

use chrono::NaiveDate;

use super::blocks::{Table, heading};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::text::Style;
use crate::export::plan::Plan;

fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub(crate) fn section(p: &mut Pages, plan: &Plan) {
    heading(p, "How this has affected the person");
    p.text(
        "Changes to the person's day-to-day life that they put down to what happened, each noted in Casebook \
         as a dated record (the Protection from Harassment Act 1997, s.4A, turns on \"a substantial adverse effect \
         on usual day-to-day activities\"). \"Noted\" is when the person wrote it down, by the vault's clock.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    let table = Table::new(&[
        ("From", 62.0),
        ("Until", 62.0),
        ("What changed", 110.0),
        ("In the person's words", CONTENT_W - 62.0 - 62.0 - 110.0 - 70.0),
        ("Noted", 70.0),
    ]);
    table.header(p);
    for e in &plan.effects {
        let d = &e.details;
        table.row(
            p,
            &[
                date(d.from),
                d.until.map(date).unwrap_or_else(|| "continuing".to_owned()),
                d.kind.label().to_owned(),
                d.description.clone(),
                format!("{} (record {})", e.recorded_at.format("%-d %b %Y"), e.reference.seq),
            ],
        );
    }
}
