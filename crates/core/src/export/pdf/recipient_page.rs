//! The recipient card's printable page: one A4 page an advocate service or an officer prints
//! and hands to the people they support. It shows who the card is for, the fingerprint to read
//! out before each use, the key, and a QR code holding the card file's text byte for byte, so a
//! phone that scans it gets the card, which Casebook checks like the file (a changed key or
//! fingerprint is refused). Nothing secret is on it: the identity file never is.

use chrono::{DateTime, Utc};

use super::keycard::{fingerprint_lines, numbered, qr};
use super::pages::{CONTENT_W, DocInfo, GREY, MARGIN_X, Pages};
use super::text::{Fonts, Style};
use crate::recipient::RecipientCard;

const BODY: Style = Style::new(10.0);
const H1: Style = Style::new(24.0).bold();
const H2: Style = Style::new(12.0).bold();
/// Side of the QR code, in points (about 6 cm: the card's text makes a denser code than the key
/// card's fingerprint, and it still scans from a phone held over the page).
const QR_SIDE: f32 = 170.0;

/// The page as PDF bytes; `made_at` (the caller's clock) is in the footer and the metadata.
pub(crate) fn render(card: &RecipientCard, made_at: DateTime<Utc>) -> Result<Vec<u8>, String> {
    let info = DocInfo {
        title: format!("Casebook recipient card: {}", card.name),
        footer: format!("Casebook recipient card · printed {} ", made_at.format("%-d %b %Y %H:%M UTC")),
        created: made_at,
        archival: true,
    };
    let mut p = Pages::new(Fonts::new()?, &info)?;
    p.gap(10.0);
    p.text("Casebook recipient card", H1, MARGIN_X, CONTENT_W);
    p.gap(4.0);
    p.text(
        &format!(
            "For {}. A Casebook user can make an evidence pack that only {} can open, with no passphrase to \
             pass on: load this card in Casebook's Export screen (the card file, or the text of the QR code \
             saved as a file).",
            card.name, card.name
        ),
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(16.0);

    let top = p.y;
    let left = CONTENT_W - QR_SIDE - 20.0;
    p.text("Card fingerprint", H2, MARGIN_X, left);
    p.gap(6.0);
    let fingerprint = card.fingerprint();
    fingerprint_lines(&mut p, &fingerprint, left);
    p.gap(8.0);
    p.text(
        "Before each pack, read the fingerprint out with the recipient (by phone or in person) and compare it with \
         the one Casebook shows. A card whose key was swapped has another fingerprint.",
        BODY,
        MARGIN_X,
        left,
    );
    p.gap(8.0);
    p.text("Key (age X25519 recipient)", H2, MARGIN_X, left);
    p.gap(4.0);
    p.text(&card.recipient, Style::new(8.0), MARGIN_X, left);
    qr(&mut p, &card.to_text(), MARGIN_X + CONTENT_W - QR_SIDE, top, QR_SIDE)?;
    p.y = p.y.max(top + QR_SIDE + 8.0);
    p.text(
        "The QR code holds the card file's text, line for line; Casebook checks its fingerprint against its key.",
        Style::new(8.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(18.0);
    p.rule();
    p.gap(12.0);

    p.text("How a pack is made for this card", H2, MARGIN_X, CONTENT_W);
    p.gap(6.0);
    numbered(
        &mut p,
        &[
            "In Casebook: Export, the pack for an advocate, then load the recipient card. Check the fingerprint shown \
         with the recipient before saving the pack.",
            "Or at a command line: casebook export --recipient advocate --to-card CARD.txt --out PACK.age",
            "Send the .age file by any means. Only the recipient's secret identity file opens it: in Casebook's Check a \
         pack, with casebook verify PACK.age --identity IDENTITY.txt, or age -d -i IDENTITY.txt.",
        ],
    );
    p.gap(8.0);
    p.text("For the recipient", H2, MARGIN_X, CONTENT_W);
    p.gap(6.0);
    p.text(
        "This page and the card file are public: give them out. The secret identity file made with them is not \
         on this page and must never be sent or printed; keep it and a copy somewhere safe.",
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    let (bytes, _) = p.finish()?;
    Ok(bytes)
}
