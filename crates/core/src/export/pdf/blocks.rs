//! The report's building blocks: its text styles, section headings (each noted for the
//! contents), label-and-value lines, and tables whose header repeats on every page.

use super::pages::{CONTENT_W, GREY, MARGIN_X, PAGE_W, Pages, RULE};
use super::text::{Rgb, Style};

pub(super) const BODY: Style = Style::new(9.5);
pub(super) const SMALL: Style = Style::new(8.0);
/// The grey line under a section heading that says what the section is.
pub(super) const INTRO: Style = Style::new(9.0).color(GREY);
pub(super) const H1: Style = Style::new(20.0).bold();
const H2: Style = Style::new(14.0).bold();
pub(super) const H3: Style = Style::new(10.5).bold();
pub(super) const LABEL: Style = Style::new(8.0).bold().color(GREY);
const SHADE: Rgb = (236, 239, 243);
pub(super) const RED: Rgb = (170, 20, 20);

/// A section's heading; the contents page lists it with the page it is on.
pub(super) fn heading(p: &mut Pages, text: &str) {
    p.need(50.0);
    p.start_section(text);
    p.text(text, H1, MARGIN_X, CONTENT_W);
    p.gap(4.0);
}

pub(super) fn heading3(p: &mut Pages, text: &str) {
    p.need(40.0);
    p.text(text, H2, MARGIN_X, CONTENT_W);
    p.gap(3.0);
}

/// The grey paragraph under a heading that says what the section holds.
pub(super) fn intro(p: &mut Pages, text: &str) {
    p.text(text, INTRO, MARGIN_X, CONTENT_W);
    p.gap(6.0);
}

const KEY_W: f32 = 92.0;

/// A label and its value side by side; the value wraps and may flow across pages.
pub(super) fn kv(p: &mut Pages, label: &str, value: &str) {
    kv_at(p, MARGIN_X, label, value);
}

pub(super) fn kv_at(p: &mut Pages, x: f32, label: &str, value: &str) {
    let key = p.fonts.para(label, LABEL, KEY_W - 6.0);
    let val = p.fonts.para(value, BODY, CONTENT_W - (x - MARGIN_X) - KEY_W);
    let first = val.lines.first().map(|l| l.height).unwrap_or(0.0).max(key.height());
    p.need(first);
    // Align the label's baseline with the value's first line.
    let shift =
        val.lines.first().map(|l| l.baseline).unwrap_or(0.0) - key.lines.first().map(|l| l.baseline).unwrap_or(0.0);
    let y = p.y;
    p.place(&key, x, y + shift.max(0.0));
    p.flow(&val, x + KEY_W);
    p.gap(1.5);
}

/// A table with wrapping cells; the header repeats on every page.
pub(super) struct Table<'c> {
    cols: &'c [(&'c str, f32)],
    style: Style,
}

const PAD: f32 = 3.0;

impl<'c> Table<'c> {
    pub(super) fn new(cols: &'c [(&'c str, f32)]) -> Self {
        Self { cols, style: Style::new(8.0) }
    }

    pub(super) fn small(self, size: f32) -> Self {
        Self { style: Style::new(size), ..self }
    }

    pub(super) fn header(&self, p: &mut Pages) {
        let style = Style { bold: true, ..self.style };
        let cells: Vec<_> = self.cols.iter().map(|(t, w)| p.fonts.para(t, style, w - 2.0 * PAD)).collect();
        let h = cells.iter().map(|c| c.height()).fold(0.0, f32::max) + 2.0 * PAD;
        p.need(h + 30.0);
        let y = p.y;
        p.rect(MARGIN_X, y, CONTENT_W, h, SHADE);
        let mut x = MARGIN_X;
        for (cell, (_, w)) in cells.iter().zip(self.cols) {
            p.place(cell, x + PAD, y + PAD);
            x += w;
        }
        p.y += h;
    }

    pub(super) fn row(&self, p: &mut Pages, values: &[String]) {
        let cells: Vec<_> =
            values.iter().zip(self.cols).map(|(v, (_, w))| p.fonts.para(v, self.style, w - 2.0 * PAD)).collect();
        let h = cells.iter().map(|c| c.height()).fold(0.0, f32::max) + 2.0 * PAD;
        if p.need(h) {
            self.header(p);
        }
        let y = p.y;
        let mut x = MARGIN_X;
        for (cell, (_, w)) in cells.iter().zip(self.cols) {
            p.place(cell, x + PAD, y + PAD);
            x += w;
        }
        p.y += h;
        p.line(MARGIN_X, p.y, PAGE_W - MARGIN_X, p.y, 0.3, RULE);
    }
}
