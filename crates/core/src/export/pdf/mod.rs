//! report.pdf: what the officer reads first. Written with krilla (fonts embedded and
//! subset, PDF/A-2b validated when the document is finished) from the same plan that fills
//! the rest of the pack, so the report and the JSON files can never disagree.
//!
//! Sections, each in its own file, in the order `report.rs` draws them: cover (`cover.rs`: case,
//! range, counts, key fingerprint, chain head, how to verify); contents (`contents.rs`: each
//! section's first page, found by a counting pass, so every page also reads "Page N of M");
//! pattern summary (`pattern.rs`: first and last incident, the busiest week, the trends and
//! the longest gap in words, the weekly chart and table by kind, incidents by channel, the
//! time-of-day × day-of-week grid, all counted by core's `query/pattern.rs`); the orders and
//! the breach schedule (`orders.rs`, when the diary records an order); how this has affected
//! the person (`effects.rs`, when they noted changes and did not leave them out); chronology table
//! (`chronology.rs`); every entry in full (`entries.rs`, its fields in words from `fields.rs`)
//! with its photos and screenshots drawn small under it, each with its mark (`thumbs.rs`, from
//! the pack's own exhibit files), its retraction and earlier versions (`revisions.rs`, worded
//! from the same field list);
//! exhibit list (`exhibits.rs`); continuity log (`continuity.rs`: earlier packs, key cards
//! given); witness codes shared (`witness_codes.rs`); time-stamps (`time_stamps.rs`); and the
//! records withheld, stated plainly (`withheld.rs`). `blocks.rs` holds the headings, label and
//! value lines and tables they are built of; `words.rs` the times and sizes in words.
//!
//! The key card (`keycard.rs`) and the recipient card's printable page (`recipient_page.rs`)
//! are drawn with the same pages and fonts.

mod blocks;
mod chronology;
mod contents;
mod continuity;
mod cover;
mod effects;
mod entries;
mod exhibits;
mod fields;
mod font_data;
mod keycard;
mod orders;
mod pages;
mod pattern;
mod recipient_page;
mod report;
mod revisions;
mod text;
mod thumbs;
mod time_stamps;
mod withheld;
mod witness_codes;
mod words;

#[cfg(test)]
mod own_text_tests;

pub(crate) use keycard::{CardFacts, render as render_key_card};
pub(crate) use recipient_page::render as render_recipient_page;
pub(crate) use report::{ReportFacts, render};
pub(crate) use thumbs::gather as gather_thumbs;
