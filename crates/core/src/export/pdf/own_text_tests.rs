//! Every character the report's own code prints is in one of its fonts: a symbol that is not
//! (≈ was) would print as the replacement glyph in every report, whatever the diary says.

use super::text::{Fonts, Style};

/// The non-ASCII characters in the code (not the comments) of every file of `export/pdf/`,
/// with the file and line each was found on.
fn own_characters() -> Vec<(char, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export/pdf");
    let mut found = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).collect();
    files.sort_by_key(|f| f.as_ref().map(|f| f.path()).ok());
    for file in files {
        let path = file.unwrap_or_else(|e| panic!("{e}")).path();
        // This file names characters to look for; it prints nothing.
        if path.extension().is_none_or(|x| x != "rs") || path.ends_with("own_text_tests.rs") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for c in line.chars().filter(|c| !c.is_ascii()) {
                found.push((
                    c,
                    format!("{}:{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), n + 1),
                ));
            }
        }
    }
    found
}

#[test]
fn every_character_the_report_code_prints_is_in_an_embedded_font() {
    let mut fonts = Fonts::new().unwrap_or_else(|e| panic!("{e}"));
    let own = own_characters();
    assert!(own.iter().any(|(c, _)| *c == '·'), "the scan finds the report's own symbols: {own:?}");
    for (c, at) in &own {
        assert!(fonts.shows(*c), "{c:?} (U+{:04X}) at {at} is in none of the report's fonts", *c as u32);
        // Laid out, it is a real glyph, not .notdef (glyph 0) nor a stand-in.
        let para = fonts.para(&c.to_string(), Style::new(10.0), 100.0);
        for glyph in para.lines.iter().flat_map(|l| &l.runs).flat_map(|r| &r.glyphs) {
            use krilla::text::Glyph;
            assert_ne!(glyph.glyph_id().to_u32(), 0, "{c:?} at {at} is drawn as .notdef");
        }
    }
    assert_eq!(fonts.replaced, 0, "no character of the report's own was replaced");
}
