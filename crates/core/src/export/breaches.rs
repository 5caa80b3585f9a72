//! The orders and the breach schedule of a pack, and `breaches.csv`.
//!
//! Both come from the pack's disclosed records only, by the vault's own fold (`OrderBook`), so
//! the export and a report drawn again from the pack (`replay.rs`) get the same schedule. Every
//! order record is disclosed; a `breach_marked` record is one of its entry's records and is
//! disclosed only with that entry, so a pack scoped to some entries lists only their breaches.

use std::collections::BTreeMap;

use super::plan::{Entry, Exhibit, display_mark};
use crate::ledger::{LedgerRecord, Link};
use crate::order::{BreachView, Order, OrderBook};

/// The orders, oldest first, and the breaches of `entries` (a retracted entry's left out), in
/// the order the entries happened, then by order. `Err` names the record that does not hold
/// together.
pub(crate) fn schedule(
    disclosed: &BTreeMap<i64, LedgerRecord>,
    links: &[Link],
    entries: &[Entry],
) -> Result<(Vec<Order>, Vec<BreachView>), (i64, String)> {
    let link_at: BTreeMap<i64, [u8; 32]> = links.iter().map(|l| (l.seq, l.link)).collect();
    let mut book = OrderBook::default();
    for (seq, rec) in disclosed {
        let link = link_at.get(seq).ok_or((*seq, "the record has no link".to_owned()))?;
        book.observe(*seq, link, &rec.body).map_err(|detail| (*seq, detail))?;
    }
    let mut breaches = Vec::new();
    for e in entries.iter().filter(|e| e.retraction.is_none()) {
        for breach in book.breaches.values().filter(|b| b.entry_id == e.id) {
            let order =
                book.orders.get(&breach.order_id).ok_or((breach.seq, "the breach names no order".to_owned()))?;
            breaches.push(BreachView::of(order, breach, &e.current().fields));
        }
    }
    Ok((book.orders.into_values().collect(), breaches))
}

/// The exhibit marks of entry `entry_id` as officers write them (`AB/3`), in the pack.
pub(crate) fn marks_of(entries: &[Entry], exhibits: &[Exhibit], entry_id: i64) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.id == entry_id)
        .flat_map(|e| e.exhibits.iter().map(|&x| display_mark(&exhibits[x].file_mark())))
        .collect()
}

/// The columns of `breaches.csv`, in order (docs/FORMAT.md, "breaches.csv").
pub(crate) const CSV_HEADER: [&str; 13] = [
    "occurred",
    "approximate",
    "entry",
    "kind",
    "title",
    "order",
    "terms",
    "term_wording",
    "service",
    "exhibits",
    "reported",
    "police_reference",
    "record",
];

/// `breaches.csv`: one row per breach, RFC 4180 (comma, CRLF, quotes doubled), UTF-8 without
/// a byte-order mark.
pub(crate) fn csv(breaches: &[BreachView], entries: &[Entry], exhibits: &[Exhibit]) -> String {
    let mut out = String::new();
    push_row(&mut out, CSV_HEADER.iter().map(|h| (*h).to_owned()));
    for b in breaches {
        let terms: Vec<String> = b.terms.iter().map(|t| t.id.to_string()).collect();
        let wording: Vec<String> = b
            .terms
            .iter()
            .map(|t| format!("{}: {}{}", t.id, t.text, if t.later_varied { " (later varied)" } else { "" }))
            .collect();
        let service = match b.service.flag() {
            "" => "after the order was served".to_owned(),
            flag => flag.to_owned(),
        };
        push_row(
            &mut out,
            [
                b.occurred.start.to_rfc3339(),
                if b.occurred.approximate { "yes" } else { "no" }.to_owned(),
                b.breach.entry_id.to_string(),
                b.kind.as_str().to_owned(),
                b.title.clone(),
                format!("{} ({})", b.breach.order_id, b.order),
                terms.join("; "),
                wording.join("; "),
                service,
                marks_of(entries, exhibits, b.breach.entry_id).join("; "),
                if b.breach.reported { "yes" } else { "no" }.to_owned(),
                b.breach.police_reference.clone().unwrap_or_default(),
                b.breach.seq.to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One cell: text a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or
/// carriage return) gets a leading `'`, since titles and terms are free text; then quoted when
/// it holds a comma, a quote, a line break or edge spaces.
fn cell(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    let needs_quotes = guarded.contains([',', '"', '\n', '\r']) || guarded.trim() != guarded;
    match needs_quotes {
        true => format!("\"{}\"", guarded.replace('"', "\"\"")),
        false => guarded,
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"stop\""), "\"say \"\"stop\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }
}
