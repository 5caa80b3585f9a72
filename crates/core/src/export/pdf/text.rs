//! Text for the report: fonts embedded from assets/, line breaking, font fallback, bidi.
//!
//! Two paths produce the same kind of laid-out paragraph:
//! - a fast path for text that Noto Sans alone can show left to right without shaping
//!   (English, Polish and most European text, dates, hashes): glyphs straight from the cmap,
//!   advances from hmtx, greedy breaking at spaces. A 10k-entry report is mostly this.
//! - parley for everything else (Arabic, Chinese, combining marks, mixed scripts): shaping
//!   with harfrust, font fallback across Noto Sans, Noto Sans Arabic and Droid Sans Fallback,
//!   bidi reordering and Unicode line breaking.
//!
//! A character no embedded font has is drawn as U+FFFD and counted, so the PDF never needs
//! a missing glyph (which PDF/A forbids); the exact text is always in entries.json.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use parley::fontique::Blob;
use parley::{
    Alignment, AlignmentOptions, FontContext, FontFamily, FontFamilyName, FontWeight, Layout, LayoutContext,
    LineHeight, PositionedLayoutItem, StyleProperty,
};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::font_data;

const FAMILIES: [&str; 3] = ["Noto Sans", "Noto Sans Arabic", "Droid Sans Fallback"];

/// Line height as a multiple of the font size.
const LINE_HEIGHT: f32 = 1.3;
/// The fast path's table covers U+0000 to here.
const FAST_TABLE: usize = 0x2200;

/// An index into the embedded fonts.
pub(crate) type FontId = usize;

/// An sRGB colour.
pub(crate) type Rgb = (u8, u8, u8);

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
}

impl Style {
    pub const fn new(size: f32) -> Self {
        Self { size, bold: false, color: (0, 0, 0) }
    }
    pub const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }
    pub const fn color(self, color: Rgb) -> Self {
        Self { color, ..self }
    }
}

/// A run of glyphs in one font, positioned relative to its line's start and baseline.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub font: FontId,
    pub size: f32,
    pub x: f32,
    pub color: Rgb,
    pub glyphs: Vec<KrillaGlyph>,
    /// The paragraph's text; glyph ranges point into it.
    pub text: Arc<str>,
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub height: f32,
    /// Distance from the line's top to its baseline.
    pub baseline: f32,
    pub width: f32,
}

/// A laid-out paragraph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    pub lines: Vec<Line>,
}

impl Para {
    pub fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
    pub fn width(&self) -> f32 {
        self.lines.iter().map(|l| l.width).fold(0.0, f32::max)
    }
}

/// One fast-path font: glyph and advance (in em) for each character of the table.
struct FastFont {
    table: Vec<Option<(u16, f32)>>,
    /// Baseline offset and line height, in em, with the same arithmetic parley uses.
    ascent: f32,
    descent: f32,
}

impl FastFont {
    fn new(bytes: &[u8]) -> Option<Self> {
        let font = FontRef::new(bytes).ok()?;
        let charmap = font.charmap();
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(metrics.units_per_em.max(1));
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let table = (0..FAST_TABLE as u32)
            .map(|c| {
                let gid = charmap.map(c)?;
                let advance = glyphs.advance_width(gid)? / upem;
                Some((u16::try_from(gid.to_u32()).ok()?, advance))
            })
            .collect();
        Some(Self { table, ascent: metrics.ascent / upem, descent: -metrics.descent / upem })
    }

    fn get(&self, c: char) -> Option<(u16, f32)> {
        self.table.get(c as usize).copied().flatten()
    }
}

/// Which characters some embedded font can show.
struct Coverage(Vec<u64>);

impl Coverage {
    fn new(fonts: &[&[u8]]) -> Self {
        let mut bits = vec![0u64; 0x110000 / 64];
        for &bytes in fonts {
            if let Ok(font) = FontRef::new(bytes) {
                for (c, _) in font.charmap().mappings() {
                    if let Some(word) = bits.get_mut(c as usize / 64) {
                        *word |= 1 << (c % 64);
                    }
                }
            }
        }
        Self(bits)
    }

    fn has(&self, c: char) -> bool {
        let c = c as usize;
        self.0.get(c / 64).is_some_and(|w| w & (1 << (c % 64)) != 0)
    }
}

/// The fonts and layout state for one report.
pub(crate) struct Fonts {
    fcx: FontContext,
    lcx: LayoutContext<Rgb>,
    krilla: Vec<Font>,
    by_blob: HashMap<u64, FontId>,
    fast: [FastFont; 2],
    coverage: Coverage,
    /// Characters that no embedded font has, drawn as U+FFFD.
    pub replaced: u64,
}

impl Fonts {
    pub fn new() -> Result<Self, String> {
        let mut fcx = FontContext::default();
        let mut krilla = Vec::new();
        let mut by_blob = HashMap::new();
        // Noto Sans regular and bold come first (see `FontId`).
        let fonts = font_data::fonts()?;
        for (id, bytes) in fonts.into_iter().enumerate() {
            let blob = Blob::new(Arc::new(bytes));
            by_blob.insert(blob.id(), id);
            fcx.collection.register_fonts(blob, None);
            krilla.push(Font::new(krilla::Data::from(bytes), 0).ok_or("an embedded font does not load")?);
        }
        let regular = FastFont::new(fonts[0]).ok_or("Noto Sans does not load")?;
        let bold = FastFont::new(fonts[1]).ok_or("Noto Sans Bold does not load")?;
        Ok(Self {
            fcx,
            lcx: LayoutContext::new(),
            krilla,
            by_blob,
            fast: [regular, bold],
            coverage: Coverage::new(&fonts),
            replaced: 0,
        })
    }

    /// Whether some embedded font has a glyph for `c`.
    #[cfg(test)]
    pub fn shows(&self, c: char) -> bool {
        self.coverage.has(c)
    }

    /// The krilla font for a run.
    pub fn font(&self, id: FontId) -> Font {
        self.krilla[id].clone()
    }

    /// Lays out `text` to lines no wider than `width`.
    pub fn para(&mut self, text: &str, style: Style, width: f32) -> Para {
        let text = self.clean(text);
        if self.fast_ok(&text, style.bold) {
            self.fast_para(text, style, width)
        } else {
            self.parley_para(text, style, width)
        }
    }

    /// Tabs become spaces, other control characters go, and characters that no font has
    /// become U+FFFD.
    fn clean<'t>(&mut self, text: &'t str) -> Cow<'t, str> {
        let ok = |c: char| c == '\n' || (!c.is_control() && !is_variation_selector(c) && self.coverage.has(c));
        if text.chars().all(ok) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                '\r' => {}
                c if c.is_control() || is_variation_selector(c) => {}
                c if is_default_ignorable(c) => out.push(c),
                c if self.coverage.has(c) => out.push(c),
                _ => {
                    self.replaced += 1;
                    out.push('\u{FFFD}');
                }
            }
        }
        Cow::Owned(out)
    }

    fn fast_ok(&self, text: &str, bold: bool) -> bool {
        let font = &self.fast[usize::from(bold)];
        text.chars().all(|c| c == '\n' || (fast_script(c) && font.get(c).is_some()))
    }

    fn fast_para(&self, text: Cow<'_, str>, style: Style, width: f32) -> Para {
        let font_id: FontId = usize::from(style.bold);
        let font = &self.fast[font_id];
        let size = style.size;
        let line_height = LINE_HEIGHT * size;
        let half_leading = (line_height - (font.ascent + font.descent) * size) / 2.0;
        let baseline = half_leading + font.ascent * size;
        let shared: Arc<str> = Arc::from(text.as_ref());
        let mut lines = Vec::new();
        for (hard_start, hard_line) in split_hard(&shared) {
            // Greedy breaking: a break is allowed after a space, '-' or '/'; a word wider
            // than the line is broken between characters.
            let mut glyphs: Vec<KrillaGlyph> = Vec::new();
            let mut x = 0.0f32;
            let mut last_break: Option<(usize, f32)> = None; // glyph index after the break, x there
            for (i, c) in hard_line.char_indices() {
                let (gid, adv) = font.get(c).unwrap_or((0, 0.0));
                let w = adv * size;
                let start = hard_start + i;
                let glyph = KrillaGlyph::new(
                    GlyphId::new(u32::from(gid)),
                    adv,
                    0.0,
                    0.0,
                    0.0,
                    start..start + c.len_utf8(),
                    None,
                );
                if c != ' ' && x + w > width && !glyphs.is_empty() {
                    let (cut, cut_x) = last_break.unwrap_or((glyphs.len(), x));
                    let rest = glyphs.split_off(cut);
                    let line_w = cut_x - trailing_space_at(&glyphs, &shared, size);
                    lines.push(fast_line(glyphs, line_w, line_height, baseline, font_id, size, style, &shared));
                    let rest_w: f32 = rest.iter().map(|g| g_adv(g) * size).sum();
                    glyphs = rest;
                    x = rest_w;
                    last_break = None;
                }
                glyphs.push(glyph);
                x += w;
                if matches!(c, ' ' | '-' | '/') {
                    last_break = Some((glyphs.len(), x));
                }
            }
            let line_w = x - trailing_space_at(&glyphs, &shared, size);
            lines.push(fast_line(glyphs, line_w, line_height, baseline, font_id, size, style, &shared));
        }
        Para { lines }
    }

    fn parley_para(&mut self, text: Cow<'_, str>, style: Style, width: f32) -> Para {
        let family = FontFamily::List(Cow::Owned(FAMILIES.iter().map(|f| FontFamilyName::named(f)).collect()));
        let mut builder = self.lcx.ranged_builder(&mut self.fcx, &text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(family));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(LINE_HEIGHT)));
        builder.push_default(StyleProperty::Brush(style.color));
        if style.bold {
            builder.push_default(StyleProperty::FontWeight(FontWeight::BOLD));
        }
        let mut layout: Layout<Rgb> = builder.build(&text);
        layout.break_all_lines(Some(width));
        layout.align(Alignment::Start, AlignmentOptions::default());
        let shared: Arc<str> = Arc::from(text.as_ref());
        let mut lines = Vec::new();
        for line in layout.lines() {
            let m = line.metrics();
            let top = m.block_min_coord;
            let mut out = Line {
                runs: Vec::new(),
                height: m.block_max_coord - m.block_min_coord,
                baseline: m.baseline - top,
                width: m.advance - m.hanging_advance,
            };
            for item in line.items() {
                let PositionedLayoutItem::GlyphRun(glyph_run) = item else { continue };
                let run = glyph_run.run();
                let size = run.font_size();
                let font = self.by_blob.get(&run.font().data.id()).copied().unwrap_or(0);
                let mut glyphs = Vec::new();
                for cluster in run.visual_clusters() {
                    for g in cluster.glyphs() {
                        glyphs.push(KrillaGlyph::new(
                            GlyphId::new(g.id),
                            g.advance / size,
                            g.x / size,
                            g.y / size,
                            0.0,
                            cluster.text_range(),
                            None,
                        ));
                    }
                }
                out.runs.push(Run {
                    font,
                    size,
                    x: glyph_run.offset(),
                    color: glyph_run.style().brush,
                    glyphs,
                    text: shared.clone(),
                });
            }
            lines.push(out);
        }
        Para { lines }
    }
}

fn g_adv(g: &KrillaGlyph) -> f32 {
    use krilla::text::Glyph;
    g.x_advance(1.0)
}

/// Width of a trailing space on a line (it hangs past the edge and is not counted).
fn trailing_space_at(glyphs: &[KrillaGlyph], text: &str, size: f32) -> f32 {
    use krilla::text::Glyph;
    glyphs.last().filter(|g| text.get(g.text_range()) == Some(" ")).map(|g| g.x_advance(size)).unwrap_or(0.0)
}

#[allow(clippy::too_many_arguments)]
fn fast_line(
    glyphs: Vec<KrillaGlyph>,
    width: f32,
    height: f32,
    baseline: f32,
    font: FontId,
    size: f32,
    style: Style,
    text: &Arc<str>,
) -> Line {
    let runs = if glyphs.is_empty() {
        Vec::new()
    } else {
        vec![Run { font, size, x: 0.0, color: style.color, glyphs, text: text.clone() }]
    };
    Line { runs, height, baseline, width }
}

/// The text split at hard line breaks, each with its byte offset.
fn split_hard(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split('\n').map(move |part| {
        let at = start;
        start += part.len() + 1;
        (at, part)
    })
}

/// Characters the fast path can show without shaping: Latin, Greek and Cyrillic without
/// combining marks, general punctuation, currency and symbols; nothing right to left.
fn fast_script(c: char) -> bool {
    let u = c as u32;
    (0x20..0x0300).contains(&u) && u != 0x7F
        || (0x0370..0x0590).contains(&u)
        || (0x1E00..0x2000).contains(&u)
        || (0x2010..0x2028).contains(&u)
        || (0x2030..0x205F).contains(&u)
        || (0x2070..FAST_TABLE as u32).contains(&u)
}

fn is_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// Format characters that shaping and bidi use and that draw nothing.
fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::new().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn polish_takes_the_fast_path_and_arabic_and_chinese_do_not() {
        let f = fonts();
        assert!(f.fast_ok("Łódź, Żaneta — 14:05", false));
        assert!(!f.fast_ok("سارة", false));
        assert!(!f.fast_ok("王小明", false));
    }

    #[test]
    fn long_text_wraps_within_the_width_and_keeps_every_character() {
        let mut f = fonts();
        let text = "He was standing across the road from the office entrance for about ten minutes again";
        let p = f.para(text, Style::new(10.0), 120.0);
        assert!(p.lines.len() > 2);
        assert!(p.lines.iter().all(|l| l.width <= 120.0 + 0.01));
        let glyphs: usize = p.lines.iter().flat_map(|l| &l.runs).map(|r| r.glyphs.len()).sum();
        assert_eq!(glyphs, text.chars().count());
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let mut f = fonts();
        let hash = "4fafa6a36fc42a13cc2c124b926de7ca8bb06908c1e45629b79ceaf5241618f4";
        let p = f.para(hash, Style::new(8.0), 100.0);
        assert!(p.lines.len() >= 2);
        assert!(p.lines.iter().all(|l| l.width <= 100.01));
    }

    #[test]
    fn arabic_and_chinese_use_their_fonts_and_unknown_characters_are_replaced() {
        let mut f = fonts();
        let p = f.para("سارة and 王小明", Style::new(10.0), 400.0);
        let fonts_used: Vec<FontId> = p.lines.iter().flat_map(|l| &l.runs).map(|r| r.font).collect();
        assert!(fonts_used.contains(&2), "{fonts_used:?}");
        assert!(fonts_used.contains(&4), "{fonts_used:?}");
        assert!(p.lines.iter().flat_map(|l| &l.runs).flat_map(|r| &r.glyphs).all(|g| {
            use krilla::text::Glyph;
            g.glyph_id().to_u32() != 0
        }));
        f.para("\u{10FFFD} private use", Style::new(10.0), 400.0);
        assert_eq!(f.replaced, 1);
    }
}
