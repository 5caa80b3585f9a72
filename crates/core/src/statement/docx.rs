//! The draft as a .docx (Office Open XML), written by docx-rs: A4, a plain font, "DRAFT" in the
//! header and footer of every page, the declaration boxed off in bold, placeholders highlighted
//! so none is missed. Text goes in as text (docx-rs escapes it; `words::xml_safe` has dropped
//! what XML cannot carry).

use std::io::Cursor;

use docx_rs::{AlignmentType, Docx, Footer, Header, PageMargin, Paragraph, Run, RunFonts};

use super::words::Block;

const DRAFT: &str = "DRAFT: not a signed statement. Check every line and change it into your own words.";

fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn paragraph(block: &Block) -> Paragraph {
    match block {
        Block::Title(t) => {
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(t).bold().size(32))
        }
        Block::Note(t) => Paragraph::new().add_run(Run::new().add_text(t).italic().highlight("yellow")),
        Block::Field(t) => plain(t),
        Block::Declaration(t) => Paragraph::new().add_run(Run::new().add_text(t).bold()),
        Block::Heading(t) => Paragraph::new().keep_next(true).add_run(Run::new().add_text(t).bold().size(26)),
        Block::Para(t) | Block::Breach(t) | Block::Effect(t) => plain(t),
        Block::Incident { text, .. } => Paragraph::new().keep_next(true).add_run(Run::new().add_text(text)),
        Block::Exhibit { text, .. } => plain(text),
        Block::Placeholder(t) => Paragraph::new().add_run(Run::new().add_text(t).highlight("yellow")),
    }
}

/// The .docx's bytes.
pub(super) fn render(blocks: &[Block]) -> Result<Vec<u8>, String> {
    let draft =
        || Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(DRAFT).bold().color("C00000"));
    let mut doc = Docx::new()
        .header(Header::new().add_paragraph(draft()))
        .footer(Footer::new().add_paragraph(draft()))
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial").east_asia("Arial"))
        .default_size(22)
        // A4 with 2 cm margins, in twentieths of a point.
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1134).right(1134).header(567).footer(567));
    for block in blocks {
        doc = doc.add_paragraph(paragraph(block));
    }
    let mut out = Vec::new();
    doc.build().pack(Cursor::new(&mut out)).map_err(|e| e.to_string())?;
    Ok(out)
}
