//! The report's pattern summary: first and last incident, the span and the busiest week,
//! escalation and the longest gap in words, incidents per week by kind (a chart and a table),
//! by channel, and a time-of-day × day-of-week grid an officer can read in print.
//!
//! Every number comes from core's one implementation (`query/pattern.rs`), fed the pack's
//! entries: the report draws, it does not count. Retracted entries do not count.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::blocks::{BODY, SMALL, Table, heading, heading3, kv};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages, RULE};
use super::text::{Rgb, Style};
use super::words::when;
use crate::export::plan::{Entry, Plan};
use crate::model::{EntryFields, EntryKind};
use crate::query::pattern::{busiest_week, summary_of, weekly_counts_of};
use crate::query::{PatternSummary, WeekCounts};

/// The pattern of a pack's entries, counted by core.
pub(crate) struct PackPattern {
    pub summary: PatternSummary,
    /// Every week from the first incident's to the last's, empty weeks included.
    pub weeks: Vec<WeekCounts>,
    /// Retracted entries (shown, not counted).
    pub retracted: usize,
}

impl PackPattern {
    pub fn of(entries: &[Entry]) -> Self {
        let counted: Vec<&EntryFields> =
            entries.iter().filter(|e| e.retraction.is_none()).map(|e| &e.current().fields).collect();
        let weeks = weekly_counts_of(counted.iter().copied());
        let summary = summary_of(counted.iter().copied(), &weeks);
        Self { summary, weeks, retracted: entries.len() - counted.len() }
    }

    /// Incidents by kind over the whole span, in the diary's order of kinds.
    fn by_kind(&self) -> Vec<(EntryKind, u32)> {
        EntryKind::ALL
            .into_iter()
            .map(|k| (k, self.weeks.iter().map(|w| w.by_kind.get(k.as_str()).copied().unwrap_or(0)).sum()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

pub(crate) fn section(p: &mut Pages, plan: &Plan, pattern: &PackPattern) {
    heading(p, "Pattern summary");
    p.text(
        "Incidents by week and kind, by channel, and by time of day and day of the week. Retracted entries \
         are not counted. Weeks run Monday to Sunday and hours are read in the time each entry was given in.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    let s = &pattern.summary;
    let mut counted = plan.entries.iter().filter(|e| e.retraction.is_none()).map(|e| &e.current().fields);
    let Some(first) = counted.next() else {
        kv(p, "Incidents", "none counted (every chosen entry was retracted)");
        return;
    };
    let last = counted.next_back().unwrap_or(first);
    kv(p, "First incident", &format!("{} · {}", when(first.occurred.start), first.title));
    kv(p, "Last incident", &format!("{} · {}", when(last.occurred.start), last.title));
    let weeks = pattern.weeks.len();
    kv(
        p,
        "Span",
        &format!(
            "{weeks} week(s); {} incident(s), {:.1} per week on average",
            s.incidents,
            s.incidents as f32 / weeks.max(1) as f32
        ),
    );
    if let Some(w) = busiest_week(&pattern.weeks) {
        kv(p, "Busiest week", &format!("week of {}: {} incident(s)", w.week_start.format("%-d %B %Y"), w.total));
    }
    p.gap(6.0);
    escalation(p, s);
    p.gap(10.0);
    chart(p, pattern);
    p.gap(10.0);

    heading3(p, "By kind");
    let table = Table::new(&[("Kind", 220.0), ("Incidents", 80.0)]);
    table.header(p);
    for (kind, n) in pattern.by_kind() {
        table.row(p, &[kind.label().to_owned(), n.to_string()]);
    }
    p.gap(10.0);
    by_channel(p, s);
    p.gap(10.0);
    grid(p, s);
    p.gap(10.0);
    heading3(p, "By week");
    let table = Table::new(&[("Week starting", 90.0), ("Incidents", 60.0), ("Of which", CONTENT_W - 150.0)]);
    table.header(p);
    for w in &pattern.weeks {
        let of: Vec<String> = week_kinds(w).into_iter().map(|(k, n)| format!("{} {n}", k.label())).collect();
        table.row(p, &[w.week_start.format("%a %-d %b %Y").to_string(), w.total.to_string(), of.join(", ")]);
    }
}

/// A week's incidents by kind, in the diary's order of kinds.
fn week_kinds(w: &WeekCounts) -> Vec<(EntryKind, u32)> {
    EntryKind::ALL.into_iter().filter_map(|k| w.by_kind.get(k.as_str()).map(|n| (k, *n))).collect()
}

/// Core's trend and gap sentences, and why any is missing.
fn escalation(p: &mut Pages, s: &PatternSummary) {
    heading3(p, "Escalation and gaps");
    for line in &s.words {
        p.text(line, BODY, MARGIN_X, CONTENT_W);
        p.gap(2.0);
    }
    let mut missing = Vec::new();
    if s.halves.is_none() {
        missing.push("first and last half: the incidents span fewer than 2 weeks");
    }
    if s.last_4_weeks.is_none() {
        missing.push("the last 4 weeks: fewer than 8 weeks");
    }
    if s.last_12_weeks.is_none() {
        missing.push("the last 12 weeks: fewer than 24 weeks");
    }
    if s.longest_gap.is_none() {
        missing.push("the longest gap: every incident was on the same day");
    }
    if !missing.is_empty() {
        p.text(&format!("Not compared: {}.", missing.join("; ")), SMALL.color(GREY), MARGIN_X, CONTENT_W);
    }
}

fn by_channel(p: &mut Pages, s: &PatternSummary) {
    heading3(p, "By channel");
    let table = Table::new(&[("Channel", 220.0), ("Incidents", 80.0), ("Share", 80.0)]);
    table.header(p);
    for (channel, n) in &s.by_channel {
        let name = if channel.is_empty() { "(not given)" } else { channel.as_str() };
        let share = 100.0 * *n as f32 / s.incidents.max(1) as f32;
        table.row(p, &[name.to_owned(), n.to_string(), format!("{share:.0}%")]);
    }
}

/// Shading for a grid cell: none for no incidents, then lighter to darker blue with the count,
/// light enough that black figures stay readable in print. On a square-root scale, so a few
/// incidents still show beside an hour with hundreds.
fn cell_shade(n: u32, max: u32) -> Option<Rgb> {
    if n == 0 {
        return None;
    }
    let t = (n as f32 / max.max(1) as f32).sqrt();
    let mix = |light: u8, dark: u8| (f32::from(light) + (f32::from(dark) - f32::from(light)) * t).round() as u8;
    Some((mix(222, 120), mix(235, 165), mix(247, 215)))
}

/// The time-of-day × day-of-week grid: one row per day, one column per hour, each cell's
/// figure printed (shading only helps the eye), with each day's total.
fn grid(p: &mut Pages, s: &PatternSummary) {
    const DAY_W: f32 = 34.0;
    const TOTAL_W: f32 = 29.0;
    const ROW_H: f32 = 14.0;
    // The heading, its note and the nine rows stay together on one page.
    p.need(ROW_H * 9.0 + 70.0);
    heading3(p, "Time of day and day of the week");
    p.text(
        "Incidents in each hour of each day of the week (00 is midnight to 1 am), in the time each entry was \
         given in. A dot is none; darker cells have more.",
        SMALL.color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(4.0);
    let hour_w = (CONTENT_W - DAY_W - TOTAL_W) / 24.0;
    let figure = Style::new(7.0);
    let head = figure.bold();
    p.need(ROW_H * 9.0);
    let top = p.y;
    let max = s.grid.iter().flatten().copied().max().unwrap_or(0);
    // Centres a short figure in a cell whose left edge is `x`.
    let centred = |p: &mut Pages, text: &str, style: Style, x: f32, w: f32, y: f32| {
        let para = p.fonts.para(text, style, w);
        let tw = para.width();
        p.place(&para, x + (w - tw) / 2.0, y + 3.0);
    };
    let hours_x = MARGIN_X + DAY_W;
    let total_x = hours_x + 24.0 * hour_w;
    for h in 0..24 {
        centred(p, &format!("{h:02}"), head, hours_x + h as f32 * hour_w, hour_w, top);
    }
    centred(p, "Total", head, total_x, TOTAL_W, top);
    let mut hour_totals = [0u32; 24];
    for (d, row) in s.grid.iter().enumerate().take(7) {
        let y = top + ROW_H * (d as f32 + 1.0);
        let day = p.fonts.para(DAYS[d], head, DAY_W);
        p.place(&day, MARGIN_X + 2.0, y + 3.0);
        for (h, n) in row.iter().enumerate().take(24) {
            let x = hours_x + h as f32 * hour_w;
            if let Some(shade) = cell_shade(*n, max) {
                p.rect(x, y, hour_w, ROW_H, shade);
            }
            let (text, style) = if *n == 0 { ("·".to_owned(), figure.color(GREY)) } else { (n.to_string(), figure) };
            centred(p, &text, style, x, hour_w, y);
            hour_totals[h] += n;
        }
        centred(p, &row.iter().sum::<u32>().to_string(), head, total_x, TOTAL_W, y);
    }
    let y = top + ROW_H * 8.0;
    let label = p.fonts.para("Total", head, DAY_W);
    p.place(&label, MARGIN_X + 2.0, y + 3.0);
    for (h, n) in hour_totals.iter().enumerate() {
        centred(p, &n.to_string(), head, hours_x + h as f32 * hour_w, hour_w, y);
    }
    centred(p, &s.incidents.to_string(), head, total_x, TOTAL_W, y);
    // Rules: under the hours, above the totals, and between the columns.
    for r in [1.0, 8.0, 9.0] {
        p.line(MARGIN_X, top + ROW_H * r, MARGIN_X + CONTENT_W, top + ROW_H * r, 0.4, RULE);
    }
    for h in 0..=24 {
        let x = hours_x + h as f32 * hour_w;
        p.line(x, top, x, top + ROW_H * 9.0, 0.3, RULE);
    }
    p.y = top + ROW_H * 9.0 + 4.0;
}

/// Stacked weekly bars, one colour per kind, with a legend. More than two years of weeks are
/// grouped so each bar stays visible and the chart keeps to the page's width.
fn chart(p: &mut Pages, pattern: &PackPattern) {
    if pattern.weeks.is_empty() {
        return;
    }
    let group = pattern.weeks.len().div_ceil(104).max(1);
    let bars: Vec<(NaiveDate, BTreeMap<EntryKind, u32>)> = pattern
        .weeks
        .chunks(group)
        .map(|ws| {
            let mut by = BTreeMap::new();
            for w in ws {
                for (k, n) in week_kinds(w) {
                    *by.entry(k).or_insert(0) += n;
                }
            }
            (ws[0].week_start, by)
        })
        .collect();
    let max = bars.iter().map(|(_, b)| b.values().sum::<u32>()).max().unwrap_or(0).max(1);
    let height = 150.0;
    let axis_w = 28.0;
    p.need(height + 60.0);
    let top = p.y;
    let left = MARGIN_X + axis_w;
    let width = CONTENT_W - axis_w;
    let slot = width / bars.len() as f32;
    let bar_w = (slot * 0.8).max(0.5);
    // Gridlines and scale.
    let step = nice_step(max);
    let mut v = 0;
    while v <= max {
        let y = top + height - height * v as f32 / max as f32;
        p.line(left, y, left + width, y, 0.3, RULE);
        let label = p.fonts.para(&v.to_string(), SMALL.color(GREY), axis_w - 4.0);
        let lw = label.width();
        p.place(&label, left - 4.0 - lw, y - 5.0);
        v += step;
    }
    for (i, (_, by)) in bars.iter().enumerate() {
        let x = left + i as f32 * slot + (slot - bar_w) / 2.0;
        let mut y = top + height;
        for (kind, n) in by {
            let h = height * *n as f32 / max as f32;
            y -= h;
            p.rect(x, y, bar_w, h, kind_color(*kind));
        }
    }
    p.line(left, top + height, left + width, top + height, 0.6, (80, 80, 80));
    // First and last week under the axis.
    let first = bars.first().map(|b| b.0.format("%-d %b %Y").to_string()).unwrap_or_default();
    let last = bars.last().map(|b| b.0.format("%-d %b %Y").to_string()).unwrap_or_default();
    let a = p.fonts.para(&first, SMALL.color(GREY), 120.0);
    let b = p.fonts.para(&last, SMALL.color(GREY), 120.0);
    let bw = b.width();
    p.place(&a, left, top + height + 3.0);
    p.place(&b, left + width - bw, top + height + 3.0);
    p.y = top + height + 18.0;
    if group > 1 {
        p.text(&format!("Each bar is {group} weeks."), SMALL.color(GREY), left, width);
    }
    // Legend.
    let mut x = left;
    for (kind, _) in pattern.by_kind() {
        let label = p.fonts.para(kind.label(), SMALL, 200.0);
        let w = label.width() + 18.0;
        if x + w > MARGIN_X + CONTENT_W {
            x = left;
            p.y += 12.0;
        }
        let y = p.y + 2.0;
        p.rect(x, y + 1.5, 7.0, 7.0, kind_color(kind));
        p.place(&label, x + 10.0, y);
        x += w;
    }
    p.y += 14.0;
}

fn nice_step(max: u32) -> u32 {
    let raw = (max as f32 / 4.0).max(1.0);
    let mag = 10f32.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|s| s * mag).find(|s| *s >= raw).unwrap_or(raw);
    step.round().max(1.0) as u32
}

fn kind_color(kind: EntryKind) -> Rgb {
    const PALETTE: [Rgb; 14] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (57, 59, 121),
        (173, 73, 74),
        (99, 121, 57),
        (206, 109, 189),
    ];
    let i = EntryKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    PALETTE[i % PALETTE.len()]
}
