//! The report as a whole: its sections in order, each drawn by its own file, and the two
//! passes that give every page "Page N of M" and the contents page its numbers.

use super::chronology::chronology;
use super::contents::contents;
use super::continuity::continuity;
use super::cover::cover;
use super::entries::entries_in_full;
use super::exhibits::exhibits;
use super::pages::{DocInfo, Pages};
use super::pattern::{PackPattern, section as pattern_section};
use super::text::Fonts;
use super::time_stamps::time_stamps;
use super::withheld::withheld;
use super::witness_codes::witness_codes;
use super::words::short_fingerprint;
use crate::export::format::Manifest;
use crate::export::plan::Plan;

/// What the report needs beyond the plan, all also stated in the manifest.
pub(crate) struct ReportFacts<'a> {
    pub plan: &'a Plan,
    pub manifest: &'a Manifest,
    /// The pictures of the pack's photo and screenshot exhibits (`thumbs::gather`).
    pub thumbs: &'a super::thumbs::Thumbs,
}

/// The finished report.
pub(crate) struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
    /// PDF/A-2b validated; false only when some text defeated validation (then a plain PDF).
    pub archival: bool,
}

/// Where the report's pages are counted: the sections and the page each starts on, and the
/// number of pages.
struct Count {
    sections: Vec<(String, u32)>,
    total: u32,
}

/// Writes the report. `keep_going` is asked between entries; `false` cancels (`None`).
///
/// The report is laid out twice: once to count its pages and find where each section starts
/// (nothing drawn, nothing kept but those numbers), then drawn with them. A finished page goes
/// straight to krilla and cannot be changed, and keeping every page instead would hold a
/// 10,000-entry report in memory.
pub(crate) fn render(
    facts: &ReportFacts<'_>,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<Rendered>, String> {
    let mut counting = Pages::counting(Fonts::new()?);
    if !sections(&mut counting, facts, &[], keep_going) {
        return Ok(None);
    }
    let count = Count { sections: counting.sections().to_vec(), total: counting.page() };
    match draw(facts, &count, counting.into_fonts(), true, keep_going) {
        Ok(Some((bytes, pages))) => Ok(Some(Rendered { bytes, pages, archival: true })),
        Ok(None) => Ok(None),
        // krilla refused PDF/A (for example a glyph it cannot map): still give the officer a
        // report, as plain PDF 1.7; the manifest and verify do not depend on PDF/A.
        Err(_) => Ok(draw(facts, &count, Fonts::new()?, false, keep_going)?.map(|(bytes, pages)| Rendered {
            bytes,
            pages,
            archival: false,
        })),
    }
}

fn draw(
    facts: &ReportFacts<'_>,
    count: &Count,
    fonts: Fonts,
    archival: bool,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<(Vec<u8>, u32)>, String> {
    let m = facts.manifest;
    let info = DocInfo {
        title: format!("Casebook evidence report, {}", m.exported_at.format("%-d %B %Y")),
        footer: format!(
            "Casebook evidence report · {} · key {} · chain head {} ",
            m.exported_at.format("%-d %b %Y %H:%M UTC"),
            short_fingerprint(&m.fingerprint),
            m.head.seq
        ),
        created: m.exported_at,
        archival,
    };
    let mut p = Pages::new(fonts, &info)?;
    p.set_total(count.total);
    if !sections(&mut p, facts, &count.sections, keep_going) {
        return Ok(None);
    }
    // Layout is deterministic, so the two passes agree; if they ever did not, the numbers
    // printed would be wrong, which is worse than no report.
    if p.page() != count.total || p.sections() != count.sections.as_slice() {
        return Err("the report's pages came out differently when drawn than when counted".into());
    }
    Ok(Some(p.finish()?))
}

/// Every section in order; `listed` fills the contents page (empty while counting). `false`
/// when cancelled.
fn sections(
    p: &mut Pages,
    facts: &ReportFacts<'_>,
    listed: &[(String, u32)],
    keep_going: &mut dyn FnMut() -> bool,
) -> bool {
    let plan = facts.plan;
    let pattern = PackPattern::of(&plan.entries);
    cover(p, facts, &pattern);
    p.new_page();
    contents(p, listed);
    p.new_page();
    pattern_section(p, plan, &pattern);
    if !plan.orders.is_empty() {
        p.new_page();
        super::orders::section(p, plan);
    }
    if !plan.effects.is_empty() {
        p.new_page();
        super::effects::section(p, plan);
    }
    p.new_page();
    if !chronology(p, plan, keep_going) {
        return false;
    }
    p.new_page();
    if !entries_in_full(p, plan, facts.thumbs, keep_going) {
        return false;
    }
    p.new_page();
    exhibits(p, facts);
    continuity(p, plan);
    witness_codes(p, plan);
    time_stamps(p, plan);
    withheld(p, facts);
    true
}
