//! report.pdf: what the officer reads first. Written with krilla (fonts embedded and
//! subset, PDF/A-2b validated when the document is finished) from the same plan that fills
//! the rest of the pack, so the report and the JSON files can never disagree.
//!
//! Sections: cover (case, range, counts, key fingerprint, chain head, how to verify);
//! pattern summary (`pattern.rs`: first and last incident, the busiest week, the trends and
//! the longest gap in words, the weekly chart and table by kind, incidents by channel, the
//! time-of-day × day-of-week grid, all counted by core's `query/pattern.rs`); the orders and
//! the breach schedule (`orders.rs`, when the diary records an order); chronology
//! table; every entry in full with its revisions and retraction; exhibit list; continuity
//! log (earlier packs, key cards given); witness codes shared; and the records withheld,
//! stated plainly.
//!
//! The key card (`keycard.rs`) and the recipient card's printable page (`recipient_page.rs`)
//! are drawn with the same pages and fonts.

mod font_data;
mod keycard;
mod orders;
mod pages;
mod pattern;
mod recipient_page;
mod report;
mod text;

pub(crate) use keycard::{CardFacts, render as render_key_card};
pub(crate) use recipient_page::render as render_recipient_page;
pub(crate) use report::{ReportFacts, render};
