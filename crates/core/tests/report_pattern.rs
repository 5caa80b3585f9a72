//! The report's pattern summary as an officer reads it (pdftotext, as a recipient would): the
//! trends and the longest gap in words, incidents by channel, the time-of-day × day-of-week
//! grid, each with the figures worked out by hand for the fixture diaries in `pattern_support`;
//! and a ten-year diary (520 weeks) whose chart keeps to the page.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;
mod pattern_support;

use std::path::{Path, PathBuf};

use casebook_core::{EntryFields, EntryKind, ExportOptions, Verdict, verify_bundle};
use common::*;
use export_support::{text, tool, unzip_to};
use pattern_support::*;

fn fields((at, kind, channel): (&str, &str, Option<&str>)) -> EntryFields {
    let mut f = entry(kind.parse::<EntryKind>().unwrap(), "incident", at);
    f.channel = channel.map(str::to_owned);
    f
}

/// Exports a police pack of everything, checks it verifies (report.pdf drawn again from the
/// pack alone is the same), and unzips it; returns the folder.
fn export_all(tv: &mut TestVault) -> PathBuf {
    let out = tv.dir.path().join("pack.zip");
    tv.vault.export(&ExportOptions::default(), None, &out, &mut |_| true).unwrap();
    let verified = verify_bundle(&out, None);
    assert_eq!(verified.verdict, Verdict::Valid, "{:#?}", verified.failures().collect::<Vec<_>>());
    let dir = tv.dir.path().join("unzipped");
    unzip_to(&std::fs::read(&out).unwrap(), &dir);
    dir
}

fn pdftotext(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["-enc", "UTF-8"];
    all.extend_from_slice(args);
    all.extend(["report.pdf", "-"]);
    let t = tool("pdftotext", &all, dir);
    assert!(t.status.success(), "{}", text(&t));
    String::from_utf8(t.stdout).unwrap()
}

/// The report's words, one space between each.
fn flat(dir: &Path) -> String {
    pdftotext(dir, &[]).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The grid's row for `day` as laid out: the day, 24 cells (`·` for none), the row's total.
fn grid_row(layout: &str, day: &str) -> Vec<String> {
    layout
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .find(|words| words.len() == 26 && words[0] == day)
        .unwrap_or_else(|| panic!("no grid row for {day} in\n{layout}"))
}

fn expected_row(cells: &[(usize, u32)]) -> Vec<String> {
    (0..24).map(|h| cells.iter().find(|(hour, _)| *hour == h).map_or("·".to_owned(), |(_, n)| n.to_string())).collect()
}

#[test]
fn the_report_shows_trends_gap_channels_and_grid_with_the_figures_worked_out_by_hand() {
    let mut tv = new_vault();
    tv.vault.add_entries(EIGHT_WEEKS.iter().copied().map(fields).collect()).unwrap();
    let retracted = tv.vault.add_entry(fields(RETRACTED)).unwrap();
    tv.vault.retract_entry(retracted, "Entered twice").unwrap();
    let dir = export_all(&mut tv);

    let words = flat(&dir);
    for sentence in EIGHT_WEEKS_WORDS {
        assert!(words.contains(sentence), "report lacks {sentence:?}:\n{words}");
    }
    for phrase in [
        "20 (19 counted in the pattern, 1 retracted by the person and shown as such)",
        "8 week(s); 19 incident(s), 2.4 per week on average",
        "week of 23 February 2026: 6 incident(s)",
        "Not compared: the last 12 weeks: fewer than 24 weeks.",
        "Escalation and gaps",
        "By channel",
        "Time of day and day of the week",
    ] {
        assert!(words.contains(phrase), "report lacks {phrase:?}:\n{words}");
    }
    assert!(!words.contains("the last 4 weeks: fewer"), "the 4-week trend is there");

    let layout = pdftotext(&dir, &["-layout"]);
    let rows: Vec<Vec<String>> = layout
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    let has_row = |want: &[&str]| rows.iter().any(|r| r == want);
    for row in [
        &["phone", "12", "63%"][..],
        &["WhatsApp", "4", "21%"],
        &["in", "person", "2", "11%"],
        &["(not", "given)", "1", "5%"],
    ] {
        assert!(has_row(row), "no channel row {row:?} in\n{layout}");
    }
    let header = rows.iter().find(|r| r.first().map(String::as_str) == Some("00")).unwrap();
    assert_eq!(header.len(), 25, "00 to 23, then Total: {header:?}");
    assert_eq!((header[23].as_str(), header[24].as_str()), ("23", "Total"));
    for (d, day) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].iter().enumerate() {
        let cells: Vec<(usize, u32)> =
            EIGHT_WEEKS_GRID.iter().filter(|(dd, _, _)| *dd == d).map(|(_, h, n)| (*h, *n)).collect();
        let row = grid_row(&layout, day);
        assert_eq!(row[1..25], expected_row(&cells), "{day}");
        assert_eq!(row[25], cells.iter().map(|(_, n)| n).sum::<u32>().to_string(), "{day}'s total");
    }
    // Each hour's total (08: 4, 12: 1, 14: 2, 23: 12, the rest 0), then all 19.
    let totals = grid_row(&layout, "Total");
    let by_hour: Vec<(usize, &str)> =
        totals[1..25].iter().enumerate().filter(|(_, n)| *n != "0").map(|(h, n)| (h, n.as_str())).collect();
    assert_eq!(by_hour, [(8, "4"), (12, "1"), (14, "2"), (23, "12")]);
    assert_eq!(totals[25], "19");
}

/// White (255) in every pixel of `pgm`'s columns `[from, to)`: nothing drawn there.
fn blank_columns(pgm: &[u8], from: usize, to: usize) -> bool {
    // P5 header: "P5\n<w> <h>\n255\n", then one byte per pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[i + 1..];
    assert_eq!(pixels.len(), w * h);
    (0..h).all(|y| (from..to.min(w)).all(|x| pixels[y * w + x] == 255))
}

#[test]
fn a_ten_year_diary_keeps_the_chart_on_the_page_and_states_the_trends() {
    let mut tv = new_vault();
    let times = ten_years();
    tv.vault.add_entries(times.iter().map(|at| fields((at, "call", Some("phone")))).collect()).unwrap();
    let dir = export_all(&mut tv);

    let words = flat(&dir);
    for phrase in TEN_YEARS_WORDS.iter().copied().chain([
        "520 week(s); 534 incident(s), 1.0 per week on average",
        "week of 29 September 2025: 3 incident(s)",
        "Each bar is 5 weeks.",
    ]) {
        assert!(words.contains(phrase), "report lacks {phrase:?}");
    }
    assert!(!words.contains("Not compared"), "every trend is computed over ten years");
    let layout = pdftotext(&dir, &["-layout"]);
    assert_eq!(grid_row(&layout, "Mon")[11], "498", "Monday 10:00");
    assert_eq!(grid_row(&layout, "Mon")[25], "510");

    // Every word of the report sits inside the page's margins (50 pt each side of 595.28)...
    let bbox = pdftotext(&dir, &["-bbox"]);
    let mut words_seen = 0;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word ")) {
        let attr = |name: &str| -> f32 {
            let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(attr("xMin") >= 49.0 && attr("xMax") <= 546.5, "a word outside the margins: {line}");
        assert!(attr("yMin") >= 0.0 && attr("yMax") <= 841.89, "a word off the page: {line}");
        words_seen += 1;
    }
    assert!(words_seen > 1000, "{words_seen} words");
    // ...and so does every bar of the chart: the pattern pages drawn at 36 dpi (half a pixel
    // a point) are white within 45 pt of each edge.
    let t = tool("pdftoppm", &["-gray", "-r", "36", "-f", "2", "-l", "4", "report.pdf", "page"], &dir);
    assert!(t.status.success(), "{}", text(&t));
    let mut pages = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pgm") {
            let pgm = std::fs::read(&path).unwrap();
            assert!(blank_columns(&pgm, 0, 22), "{} has something in the left margin", path.display());
            assert!(blank_columns(&pgm, 275, 298), "{} has something in the right margin", path.display());
            pages += 1;
        }
    }
    assert_eq!(pages, 3);
}
