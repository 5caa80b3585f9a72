//! The report's orders and breach schedule: each order as made and as varied, its service and
//! discharge, then one row per breach of the pack's entries (when, which term, the exhibits,
//! whether it was reported and the police reference), those before service flagged.

use chrono::NaiveDate;

use super::blocks::{BODY, Table, heading, heading3, kv};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::text::Style;
use super::words::table_time;
use crate::export::breaches::marks_of;
use crate::export::plan::Plan;
use crate::order::{BreachView, Order, ServiceStatus};

fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(crate) fn section(p: &mut Pages, plan: &Plan) {
    heading(p, "Orders and breaches");
    p.text(
        "The orders the person recorded, with their terms as made and as varied, and each entry in this pack \
         the person marked as breaching a term of an order in force when it happened. The date of service is \
         as the person recorded it; an entry dated before it is flagged, since a breach is an offence only \
         once the person restrained knew of the order.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    for order in &plan.orders {
        order_block(p, order);
    }
    heading3(p, "Breach schedule");
    if plan.breaches.is_empty() {
        kv(p, "Breaches", "none of the entries in this pack is marked as a breach");
        return;
    }
    let before = plan.breaches.iter().filter(|b| b.service == ServiceStatus::BeforeService).count();
    kv(p, "Breaches", &format!("{} in this pack, {before} of them before the order was served", plan.breaches.len()));
    p.gap(4.0);
    let table = Table::new(&[
        ("Occurred", 60.0),
        ("Entry", CONTENT_W - 60.0 - 124.0 - 68.0 - 40.0 - 46.0 - 72.0),
        ("Order and term", 124.0),
        ("Service", 68.0),
        ("Exhibits", 40.0),
        ("Reported", 46.0),
        ("Police ref.", 72.0),
    ]);
    table.header(p);
    for b in &plan.breaches {
        let f = &b.occurred;
        let terms: Vec<String> = b
            .terms
            .iter()
            .map(|t| format!("{}: {}{}", t.id, t.text, if t.later_varied { " (later varied)" } else { "" }))
            .collect();
        let service = match b.service {
            ServiceStatus::AfterService => "after service",
            ServiceStatus::DayOfService => "on the day of service",
            ServiceStatus::BeforeService => "before service",
            ServiceStatus::NotServed => "not recorded as served",
        };
        table.row(
            p,
            &[
                table_time(f.start, f.approximate),
                format!("{}. {}", b.breach.entry_id, b.title),
                format!("Order {}, term {}", b.breach.order_id, terms.join("; term ")),
                service.to_owned(),
                marks_of(&plan.entries, &plan.exhibits, b.breach.entry_id).join(", "),
                if b.breach.reported { "yes" } else { "no" }.to_owned(),
                b.breach.police_reference.clone().unwrap_or_default(),
            ],
        );
    }
}

/// One breach in a sentence, for the entry it is marked on: the order and terms, whether it came
/// before service, whether it was reported.
pub(super) fn breach_words(b: &BreachView) -> String {
    let terms: Vec<String> = b
        .terms
        .iter()
        .map(|t| format!("term {}{}", t.id, if t.later_varied { " (later varied)" } else { "" }))
        .collect();
    let service = match b.service.flag() {
        "" => String::new(),
        flag => format!("; {flag}"),
    };
    let reported = match (&b.breach.reported, &b.breach.police_reference) {
        (_, Some(r)) => format!("; reported to the police, reference {r}"),
        (true, None) => "; reported to the police".to_owned(),
        (false, None) => String::new(),
    };
    format!(
        "of order {} ({}), {}{service}{reported} · record {}",
        b.breach.order_id,
        b.order,
        terms.join(", "),
        b.breach.seq
    )
}

fn order_block(p: &mut Pages, o: &Order) {
    let first = &o.versions[0];
    heading3(p, &format!("Order {}: {}", o.id, first.details.kind.label()));
    kv(p, "Court", &first.details.court);
    if let Some(r) = &o.current().reference {
        kv(p, "Reference", r);
    }
    kv(p, "Made", &format!("{} (recorded as record {})", date(o.made_on()), first.seq));
    match o.served {
        Some(s) => kv(p, "Served", &format!("{} (record {})", date(s.on), s.seq)),
        None => kv(p, "Served", "not recorded as served"),
    }
    match o.current().expires_on {
        Some(end) => kv(p, "Ends", &date(end)),
        None => kv(p, "Ends", "no end date recorded"),
    }
    if let Some(d) = &o.discharged {
        kv(p, "Discharged", &format!("{} (record {}): {}", date(d.on), d.seq, d.reason));
    }
    for (i, v) in o.versions.iter().enumerate() {
        let label = match i {
            0 => format!("Terms as made, from {}", date(v.from)),
            _ => format!("Varied from {} (record {}): {}", date(v.from), v.seq, v.reason.as_deref().unwrap_or("")),
        };
        p.gap(2.0);
        p.text(&label, Style::new(9.0).bold(), MARGIN_X, CONTENT_W);
        for t in &v.details.terms {
            p.text(&format!("{}. {}", t.id, t.text), BODY, MARGIN_X + 12.0, CONTENT_W - 12.0);
        }
    }
    p.gap(8.0);
}
