//! `casebook pattern`: incidents per week by kind, then core's summary of the pattern (the
//! trends and the longest gap in words, channels, the day × hour grid). `--json` gives core's
//! [`PatternSummary`] with the weeks beside it, as `--help` describes.

use serde::Serialize;

use crate::args::FilterArgs;
use crate::commands::list::filter;
use crate::context::Ctx;
use crate::exit::CliError;
use crate::output::{Output, plural};
use casebook_core::{PatternSummary, WeekCounts};

const BAR_WIDTH: u32 = 30;

/// What `--json` prints: the summary's fields, then `weeks`.
#[derive(Serialize)]
struct PatternJson<'a> {
    #[serde(flatten)]
    summary: &'a PatternSummary,
    weeks: &'a [WeekCounts],
}

/// Prints one line per week from the first incident to the last (empty weeks included).
pub fn run(ctx: &Ctx, args: &FilterArgs) -> Result<(), CliError> {
    let vault = ctx.unlock()?;
    let (summary, weeks) = vault.pattern_with_weeks(&filter(args))?;
    if ctx.out.json() {
        return ctx.out.value(&PatternJson { summary: &summary, weeks: &weeks });
    }
    if weeks.is_empty() {
        return ctx.out.line("No incidents to count (retracted entries are left out).");
    }
    let most = weeks.iter().map(|w| w.total).max().unwrap_or(1).max(1);
    ctx.out.line(format_args!(
        "{:<10}  {:>5}  {:<width$}  BY KIND",
        "WEEK OF",
        "TOTAL",
        "",
        width = BAR_WIDTH as usize
    ))?;
    for w in &weeks {
        let bar = "#".repeat((w.total * BAR_WIDTH).div_ceil(most) as usize);
        let kinds: Vec<String> = w.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        ctx.out.line(format_args!(
            "{}  {:>5}  {:<width$}  {}",
            w.week_start.format("%Y-%m-%d"),
            w.total,
            bar,
            kinds.join(", "),
            width = BAR_WIDTH as usize
        ))?;
    }
    let total: u32 = weeks.iter().map(|w| w.total).sum();
    ctx.out.line(format_args!(
        "{} over {} (retracted entries are left out)",
        plural(u64::from(total), "incident", "incidents"),
        plural(weeks.len() as u64, "week", "weeks")
    ))?;
    summary_lines(&ctx.out, &summary)
}

/// Core's figures: escalation and the longest gap in words, incidents by channel, and the
/// time-of-day × day-of-week grid.
fn summary_lines(out: &Output, s: &PatternSummary) -> Result<(), CliError> {
    out.line("")?;
    for w in &s.words {
        out.line(w)?;
    }
    let channels: Vec<String> = s
        .by_channel
        .iter()
        .map(|(c, n)| format!("{} {n}", if c.is_empty() { "(not given)" } else { c.as_str() }))
        .collect();
    out.line(format_args!("By channel: {}.", channels.join(", ")))?;
    out.line("")?;
    out.line("WHEN (hour of the day, in the time each entry was given in)")?;
    let hours: String = (0..24).map(|h| format!("{h:>3}")).collect();
    out.line(format_args!("     {hours}"))?;
    for (day, row) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].iter().zip(&s.grid) {
        let cells: String = row.iter().map(|n| if *n == 0 { "  .".to_owned() } else { format!("{n:>3}") }).collect();
        out.line(format_args!("{day}  {cells}"))?;
    }
    Ok(())
}
