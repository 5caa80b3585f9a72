//! The contents page: each section of the report with the page it starts on.
//!
//! The pages come from the counting pass (`report.rs`), which lays the whole report out once
//! before anything is drawn. The page is always exactly one page (a dozen sections at most), so
//! the counting pass, which draws it empty, numbers every later page as the drawing pass does.

use super::blocks::{BODY, H1, INTRO};
use super::pages::{CONTENT_W, MARGIN_X, Pages};

/// Where the page numbers' column starts.
const NUMBER_W: f32 = 60.0;

pub(super) fn contents(p: &mut Pages, sections: &[(String, u32)]) {
    p.text("Contents", H1, MARGIN_X, CONTENT_W);
    p.gap(4.0);
    p.text("The cover is page 1 and this list page 2. Every page is numbered at its foot.", INTRO, MARGIN_X, CONTENT_W);
    p.gap(10.0);
    for (title, page) in sections {
        let y = p.y;
        let number = p.fonts.para(&page.to_string(), BODY, NUMBER_W);
        let title = p.fonts.para(title, BODY, CONTENT_W - NUMBER_W);
        p.place(&title, MARGIN_X, y);
        p.place(&number, MARGIN_X + CONTENT_W - number.width(), y);
        p.gap(title.height().max(number.height()) + 4.0);
        p.line(MARGIN_X, p.y - 2.0, MARGIN_X + CONTENT_W, p.y - 2.0, 0.3, super::pages::RULE);
    }
}
