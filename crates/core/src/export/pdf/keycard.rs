//! The key card: one A4 page the person prints or hands over at a first police report, so that
//! whoever later receives a pack can check it was signed by this diary's key.
//!
//! It shows the fingerprint in groups, a QR code of it (64 hex digits, what
//! `casebook verify --expect-fingerprint` and verify.html's field accept), the vault's creation
//! date, and how to check a pack against it. Nothing about the person's life is on it.

use chrono::{DateTime, Utc};

use super::pages::{CONTENT_W, DocInfo, GREY, MARGIN_X, Pages};
use super::text::{Fonts, Style};

const BODY: Style = Style::new(10.0);
const H1: Style = Style::new(24.0).bold();
const H2: Style = Style::new(12.0).bold();
const FINGERPRINT: Style = Style::new(17.0).bold();
/// Side of the QR code on the page, in points (about 5 cm: scans from a phone at arm's length).
const QR_SIDE: f32 = 140.0;

/// What goes on the card.
pub(crate) struct CardFacts<'a> {
    /// 16 groups of four hex digits.
    pub fingerprint: &'a str,
    /// When the vault was made (record 1).
    pub created_at: DateTime<Utc>,
    /// When the card was made (the vault clock).
    pub made_at: DateTime<Utc>,
}

/// The card as PDF bytes.
pub(crate) fn render(facts: &CardFacts<'_>) -> Result<Vec<u8>, String> {
    let info = DocInfo {
        title: "Casebook key card".into(),
        footer: format!("Casebook key card · made {} ", facts.made_at.format("%-d %b %Y %H:%M UTC")),
        created: facts.made_at,
        archival: true,
    };
    let mut p = Pages::new(Fonts::new()?, &info)?;
    p.gap(10.0);
    p.text("Casebook key card", H1, MARGIN_X, CONTENT_W);
    p.gap(4.0);
    p.text(
        "The key below signs every evidence pack made from one person's Casebook diary. Keep this card \
         with the case file: it lets you check, later, that a pack you are given really comes from that diary.",
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(16.0);

    // The fingerprint, four groups to a line, beside its QR code.
    let top = p.y;
    p.text("Key fingerprint (SHA-256 of the public key)", H2, MARGIN_X, CONTENT_W - QR_SIDE - 20.0);
    p.gap(6.0);
    fingerprint_lines(&mut p, facts.fingerprint, CONTENT_W - QR_SIDE - 20.0);
    p.gap(8.0);
    p.text(
        &format!("Diary created: {}", facts.created_at.format("%-d %B %Y, %H:%M UTC")),
        BODY,
        MARGIN_X,
        CONTENT_W - QR_SIDE - 20.0,
    );
    let hex: String = facts.fingerprint.chars().filter(|c| !c.is_whitespace()).collect();
    qr(&mut p, &hex, MARGIN_X + CONTENT_W - QR_SIDE, top, QR_SIDE)?;
    p.y = p.y.max(top + QR_SIDE + 8.0);
    p.text("The QR code holds the same 64 digits.", Style::new(8.0).color(GREY), MARGIN_X, CONTENT_W);
    p.gap(18.0);
    p.rule();
    p.gap(12.0);

    p.text("How to check a pack against this card", H2, MARGIN_X, CONTENT_W);
    p.gap(6.0);
    numbered(
        &mut p,
        &[
            "Use a verifier you obtained yourself: the casebook command-line tool, or a copy of verify.html you \
         already trust. Not the verify.html inside the pack: whoever made the pack made that copy too.",
            &format!("Run:  casebook verify PACK.zip --expect-fingerprint \"{}\"", facts.fingerprint),
            "Or type the fingerprint (or scan the QR code) into the \"Expected fingerprint\" field of verify.html or of \
         Casebook's Check a pack.",
            "If the verdict says the pack is signed by the expected key, it was made by this diary's key and has not \
         changed since. If it names a different key (casebook verify exits with 6), the pack was not signed by \
         this diary: do not rely on it, and ask the person.",
        ],
    );
    p.gap(8.0);
    p.text("What this card does not prove", H2, MARGIN_X, CONTENT_W);
    p.gap(6.0);
    p.text(
        "That what the diary says is true, or when each record was written. For when, ask the person for the \
         witness codes they sent (by text or email, which keep their own date): casebook verify PACK.zip \
         --witness CODE checks that the pack's records up to that code existed, unchanged, when it was sent.",
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(14.0);
    p.text("Given to: ______________________________________    on: ________________", BODY, MARGIN_X, CONTENT_W);
    let (bytes, _) = p.finish()?;
    Ok(bytes)
}

/// A fingerprint in large type, four groups to a line, `width` points wide from the margin.
pub(crate) fn fingerprint_lines(p: &mut Pages, fingerprint: &str, width: f32) {
    let groups: Vec<&str> = fingerprint.split(' ').collect();
    for line in groups.chunks(4) {
        p.text(&line.join("  "), FINGERPRINT, MARGIN_X, width);
        p.gap(2.0);
    }
}

/// Steps numbered from 1, indented a little.
pub(crate) fn numbered(p: &mut Pages, steps: &[&str]) {
    for (n, step) in steps.iter().enumerate() {
        p.text(&format!("{}.  {step}", n + 1), BODY, MARGIN_X + 6.0, CONTENT_W - 6.0);
        p.gap(4.0);
    }
}

/// Draws `text` as a QR code (error correction M, quiet zone of four modules), `side` points
/// square with its top-left corner at (`x`, `y`). The recipient card's page draws its QR code
/// with this too.
pub(crate) fn qr(p: &mut Pages, text: &str, x: f32, y: f32, side: f32) -> Result<(), String> {
    let code = crate::qr::QrModules::encode(text).ok_or("QR code: the text is too long for one")?;
    let quiet = 4;
    let module = side / (code.size() + 2 * quiet) as f32;
    for (row, col, len) in code.dark_runs() {
        p.rect(
            x + (col + quiet) as f32 * module,
            y + (row + quiet) as f32 * module,
            len as f32 * module,
            module,
            (0, 0, 0),
        );
    }
    Ok(())
}
