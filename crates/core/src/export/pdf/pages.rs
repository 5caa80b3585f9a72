//! Pages: a cursor that flows laid-out text down A4 pages, starting a new page when one is
//! full, with a footer and page number on every page. Only the current page's drawing is
//! held in memory; finished pages go straight to krilla.
//!
//! A finished page cannot be changed, so "Page N of M" and a contents page need the page count
//! before the first page is drawn: a document that shows them is laid out twice, first by a
//! counting `Pages` (`Pages::counting`: the same layout, nothing drawn or kept) that notes where
//! each section starts, then for real with those numbers (`set_total`, `sections`).

use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime as PdfDate, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::{Document, SerializeSettings};

use super::text::{Fonts, Para, Rgb, Run, Style};

/// A4, in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 50.0;
pub(crate) const TOP: f32 = 54.0;
pub(crate) const BOTTOM: f32 = PAGE_H - 62.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

pub(crate) const GREY: Rgb = (90, 90, 90);
pub(crate) const RULE: Rgb = (190, 190, 190);

enum Op {
    Text { x: f32, baseline: f32, run: Run },
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    Image { x: f32, y: f32, w: f32, h: f32, image: Image },
}

/// Facts for the PDF's metadata.
pub(crate) struct DocInfo {
    pub title: String,
    pub footer: String,
    pub created: chrono::DateTime<chrono::Utc>,
    /// PDF/A-2b, validated by krilla when the document is finished.
    pub archival: bool,
}

/// The document being written.
pub(crate) struct Pages {
    /// `None` while counting: pages are laid out and numbered, not drawn.
    doc: Option<Document>,
    pub fonts: Fonts,
    ops: Vec<Op>,
    /// The cursor: distance from the top of the page.
    pub y: f32,
    page: u32,
    /// The page count, once a counting pass has found it: the footer then says "of M".
    total: Option<u32>,
    footer: String,
    /// Each section's heading and the page it starts on, in order.
    sections: Vec<(String, u32)>,
}

impl Pages {
    pub fn new(fonts: Fonts, info: &DocInfo) -> Result<Self, String> {
        let mut settings = SerializeSettings { enable_tagging: false, ..SerializeSettings::default() };
        if info.archival {
            settings.configuration = ConfigurationBuilder::new()
                .with_archival_validator(Archival::A2_B)
                .finish()
                .map_err(|e| format!("{e:?}"))?;
        }
        let mut doc = Document::new_with(settings);
        let c = info.created;
        use chrono::{Datelike, Timelike};
        let date = PdfDate::new(c.year().clamp(0, 9999) as u16)
            .month(c.month() as u8)
            .day(c.day() as u8)
            .hour(c.hour() as u8)
            .minute(c.minute() as u8)
            .second(c.second().min(59) as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0);
        doc.set_metadata(
            Metadata::new()
                .title(info.title.clone())
                .language("en-GB".into())
                .creator(format!("Casebook {}", env!("CARGO_PKG_VERSION")))
                .producer("Casebook (krilla)".into())
                .creation_date(date),
        );
        Ok(Self {
            doc: Some(doc),
            fonts,
            ops: Vec::new(),
            y: TOP,
            page: 1,
            total: None,
            footer: info.footer.clone(),
            sections: Vec::new(),
        })
    }

    /// Pages that are laid out exactly as drawn ones but draw nothing: for the page count and
    /// the pages sections start on.
    pub fn counting(fonts: Fonts) -> Self {
        Self {
            doc: None,
            fonts,
            ops: Vec::new(),
            y: TOP,
            page: 1,
            total: None,
            footer: String::new(),
            sections: Vec::new(),
        }
    }

    /// The number of pages the footer gives as "Page N of M".
    pub fn set_total(&mut self, total: u32) {
        self.total = Some(total);
    }

    /// The page the cursor is on, from 1.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// Notes that a section starts here, for the contents.
    pub fn start_section(&mut self, title: &str) {
        self.sections.push((title.to_owned(), self.page));
    }

    /// The sections started so far, with their first pages.
    pub fn sections(&self) -> &[(String, u32)] {
        &self.sections
    }

    /// Starts a new page unless `height` still fits. Returns whether it did.
    pub fn need(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Lays out and flows a paragraph at `x`, breaking across pages between lines.
    pub fn text(&mut self, text: &str, style: Style, x: f32, width: f32) {
        let para = self.fonts.para(text, style, width);
        self.flow(&para, x);
    }

    /// Flows a laid-out paragraph at `x`.
    pub fn flow(&mut self, para: &Para, x: f32) {
        for line in &para.lines {
            self.need(line.height);
            if self.doc.is_some() {
                for run in &line.runs {
                    self.ops.push(Op::Text { x: x + run.x, baseline: self.y + line.baseline, run: run.clone() });
                }
            }
            self.y += line.height;
        }
    }

    /// Places a paragraph with its top at `y` on this page, without moving the cursor.
    pub fn place(&mut self, para: &Para, x: f32, y: f32) {
        if self.doc.is_none() {
            return;
        }
        let mut top = y;
        for line in &para.lines {
            for run in &line.runs {
                self.ops.push(Op::Text { x: x + run.x, baseline: top + line.baseline, run: run.clone() });
            }
            top += line.height;
        }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if w > 0.0 && h > 0.0 && self.doc.is_some() {
            self.ops.push(Op::Rect { x, y, w, h, color });
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb) {
        if self.doc.is_some() {
            self.ops.push(Op::Line { x1, y1, x2, y2, width, color });
        }
    }

    /// A picture with its top left corner at `x`, `y`, drawn `w` × `h` points.
    pub fn image(&mut self, image: Image, x: f32, y: f32, w: f32, h: f32) {
        if self.doc.is_some() {
            self.ops.push(Op::Image { x, y, w, h, image });
        }
    }

    /// A horizontal rule across the content width at the cursor.
    pub fn rule(&mut self) {
        let y = self.y;
        self.line(MARGIN_X, y, PAGE_W - MARGIN_X, y, 0.5, RULE);
    }

    pub fn new_page(&mut self) {
        self.flush();
        self.page += 1;
        self.y = TOP;
    }

    fn flush(&mut self) {
        if self.doc.is_none() {
            return;
        }
        let footer_style = Style::new(7.5).color(GREY);
        let number = match self.total {
            Some(total) => format!("Page {} of {total}", self.page),
            None => format!("Page {}", self.page),
        };
        let number_para = self.fonts.para(&number, footer_style, 100.0);
        let number_w = number_para.width();
        let footer_para = self.fonts.para(&self.footer, footer_style, CONTENT_W - number_w - 20.0);
        let footer_y = PAGE_H - 44.0;
        self.line(MARGIN_X, footer_y - 6.0, PAGE_W - MARGIN_X, footer_y - 6.0, 0.5, RULE);
        self.place(&footer_para, MARGIN_X, footer_y);
        self.place(&number_para, PAGE_W - MARGIN_X - number_w, footer_y);

        let ops = std::mem::take(&mut self.ops);
        let Some(settings) = PageSettings::from_wh(PAGE_W, PAGE_H) else { return };
        let Some(doc) = self.doc.as_mut() else { return };
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, baseline, run } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(run.color)));
                    surface.draw_glyphs(
                        Point::from_xy(x, baseline),
                        &run.glyphs,
                        self.fonts.font(run.font),
                        &run.text,
                        run.size,
                        false,
                    );
                }
                Op::Rect { x, y, w, h, color } => {
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(x, y, w, h) {
                        pb.push_rect(r);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(color)));
                        surface.draw_path(&path);
                    }
                }
                Op::Image { x, y, w, h, image } => {
                    if let Some(size) = Size::from_wh(w, h) {
                        surface.push_transform(&Transform::from_translate(x, y));
                        surface.draw_image(image, size);
                        surface.pop();
                    }
                }
                Op::Line { x1, y1, x2, y2, width, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(x1, y1);
                    pb.line_to(x2, y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(color.0, color.1, color.2).into(),
                            width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }

    /// Finishes the last page and the document (empty when counting).
    pub fn finish(mut self) -> Result<(Vec<u8>, u32), String> {
        self.flush();
        let pages = self.page;
        let bytes = match self.doc.take() {
            Some(doc) => doc.finish().map_err(|e| format!("{e:?}"))?,
            None => Vec::new(),
        };
        Ok((bytes, pages))
    }

    /// Ends a counting pass: the fonts back, for the pass that draws, with nothing counted yet
    /// (that pass meets the same characters again).
    pub fn into_fonts(mut self) -> Fonts {
        self.fonts.replaced = 0;
        self.fonts
    }
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}
