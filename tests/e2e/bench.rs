//! Desktop app benchmarks (`make bench`): figures printed beside a baseline measured in the
//! same run, never assertions.
//!
//! - Cold start: from the WebDriver session request (which launches the app) to the unlock
//!   screen being present. Baseline: the moment the session itself was ready (process and
//!   webview started, before the UI had rendered anything we wait for). Goal ≤ 1 s.
//! - Save to shown: from clicking Save in the quick log to the new entry being in the diary's
//!   timeline, on a 10,000-entry vault. Measured inside the page (a MutationObserver and
//!   `performance.now()`), so WebDriver round trips are not counted; the page itself opens
//!   the diary as soon as "Saved." appears. Baseline: the same on a 10-entry vault.
//!   Goal ≤ 100 ms. Beside it, the time until the frame showing it has been painted (the next
//!   animation frame, then the task after it): the page's own layout and painting, which the
//!   DOM alone does not show. The diary's charts (incidents per week, the day × hour grid,
//!   escalation, the longest gap) are on the screen: a third figure is the time until they show
//!   the new entry too (the pattern's incident count, `data-incidents`, includes it).
//! - The diary's calls over IPC, timed in the page: the pattern alone, then the three the diary
//!   asks on opening (the pattern, the weeks, the timeline's first page of 100 from
//!   `diary_page`), and beside them the whole list (`list_entries`, no longer asked by the diary).
//!
//! The app measured is the one beside this executable (`target/release/casebook-app` under
//! `cargo bench`), or `CASEBOOK_E2E_APP`.

use std::time::{Duration, Instant};

use casebook_core::{EntryFields, EntryKind, KdfPolicy, SystemClock, Vault};
use casebook_crypto::Passphrase;
use casebook_e2e::session::{App, PASSPHRASE, Sandbox};
use casebook_e2e::{Result, fail, paths};
use chrono::{Duration as Span, FixedOffset, TimeZone};
use serde_json::json;

const COLD_RUNS: usize = 5;

fn main() {
    let _serial = casebook_e2e::serial();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    match paths::app_binary() {
        Ok(app) => println!("app under test: {}", app.display()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    let result = rt.block_on(async {
        cold_start().await?;
        save_to_shown().await
    });
    if let Err(e) = result {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

fn median(mut v: Vec<u128>) -> u128 {
    v.sort_unstable();
    v[v.len() / 2]
}

async fn cold_start() -> Result<()> {
    let sb = Sandbox::new("bench-cold")?;
    sb.init_vault()?;
    let (mut ready, mut unlock) = (Vec::new(), Vec::new());
    for _ in 0..COLD_RUNS {
        let started = Instant::now();
        let (app, session) = sb.launch(&[]).await?;
        app.wait("screen-unlock").await?;
        let shown = started.elapsed();
        ready.push(session.as_millis());
        unlock.push(shown.as_millis());
        app.close().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    println!(
        "cold start to unlock screen: median {} ms (runs {:?}); baseline, WebDriver session ready: median {} ms (runs {:?}); goal <= 1000 ms",
        median(unlock.clone()),
        unlock,
        median(ready.clone()),
        ready
    );
    Ok(())
}

/// Fills a vault with `n` entries over the last two years, in one transaction.
fn prefill(sb: &Sandbox, n: usize) -> Result<()> {
    sb.init_vault()?;
    let mut vault = Vault::unlock(
        &sb.vault(),
        casebook_core::Credential::Passphrase(Passphrase::from(PASSPHRASE)),
        KdfPolicy::InsecureTestOnly,
        Box::new(SystemClock),
    )
    .map_err(|e| fail!("cannot open the bench vault: {e}"))?;
    let utc = FixedOffset::east_opt(0).ok_or_else(|| fail!("offset"))?;
    let now = chrono::Utc::now().with_timezone(&utc);
    let start = now - Span::days(730);
    let step = Span::days(729).num_seconds() / n.max(1) as i64;
    let kinds = EntryKind::ALL;
    let entries: Vec<EntryFields> = (0..n)
        .map(|i| {
            let at = start + Span::seconds(step * i as i64);
            let at = utc.from_utc_datetime(&at.naive_utc());
            let mut e = EntryFields::new(kinds[i % kinds.len()], format!("Prefilled entry {i}"), at);
            e.narrative = format!("Entry {i} of {n}, written to fill the diary for the benchmark.");
            e.identifier = Some("+44 7700 900123".to_owned());
            e
        })
        .collect();
    let started = Instant::now();
    vault.add_entries(entries).map_err(|e| fail!("prefill failed: {e}"))?;
    println!("  prefilled {n} entries in {} ms", started.elapsed().as_millis());
    Ok(())
}

/// Unlocks and returns how long the diary took to show its first entries.
async fn unlock_to_diary(app: &App<'_>) -> Result<u128> {
    app.wait("screen-unlock").await?;
    app.type_into("unlock-passphrase", PASSPHRASE).await?;
    let opened = Instant::now();
    app.click("unlock-submit").await?;
    app.wait("timeline-entry").await?;
    Ok(opened.elapsed().as_millis())
}

/// What one save took, in ms from the click on Save, measured in the page.
struct SaveRun {
    /// Until "Saved.".
    saved: f64,
    /// Until the entry is in the timeline.
    shown: f64,
    /// Until the frame showing it has been painted.
    painted: f64,
    /// Until the charts count it too.
    charts: f64,
}

/// Logs a call titled `title` and times it (the charts count `incidents` in all after it).
async fn save_and_show(app: &App<'_>, title: &str, incidents: usize) -> Result<SaveRun> {
    app.click("nav-log").await?;
    app.wait("screen-log").await?;
    app.click("kind-call").await?;
    app.type_into("log-title", title).await?;
    app.type_into("log-identifier", "+44 7700 900123").await?;
    let js = r#"
        const [title, incidents, done] = arguments;
        const t0 = performance.now();
        let saved = null;
        let shown = null;
        let painted = null;
        let charts = null;
        const finish = () => {
            if (painted !== null && charts !== null) {
                obs.disconnect();
                done({ saved, shown, painted, charts });
            }
        };
        const inTimeline = () => [...document.querySelectorAll('[data-testid="timeline-entry"]')]
            .some((e) => e.textContent.includes(title));
        const charted = () => document.querySelector('[data-testid="pattern-summary"]')
            ?.getAttribute('data-incidents') === String(incidents)
            && document.querySelector('[data-testid="pattern-grid"]') !== null;
        const obs = new MutationObserver(() => {
            if (saved === null) {
                const s = document.querySelector('[data-testid="log-status"]');
                if (s && s.textContent.includes('Saved.')) {
                    saved = performance.now() - t0;
                    document.querySelector('[data-testid="nav-diary"]').click();
                }
                return;
            }
            if (shown === null && inTimeline()) {
                shown = performance.now() - t0;
                requestAnimationFrame(() => setTimeout(() => {
                    painted = performance.now() - t0;
                    finish();
                }, 0));
            }
            if (shown !== null && charts === null && charted()) {
                charts = performance.now() - t0;
                finish();
            }
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        document.querySelector('[data-testid="log-save"]').click();
        setTimeout(() => { obs.disconnect(); done({ error: 'not shown within 25 s', saved, shown }); }, 25000);
    "#;
    let out = app.client().execute_async(js, vec![json!(title), json!(incidents)]).await?;
    match (out["saved"].as_f64(), out["shown"].as_f64(), out["painted"].as_f64(), out["charts"].as_f64()) {
        (Some(saved), Some(shown), Some(painted), Some(charts)) => Ok(SaveRun { saved, shown, painted, charts }),
        _ => Err(fail!("save-to-shown measurement failed: {out}")),
    }
}

/// The diary's calls over IPC, in ms, measured in the page.
struct DiaryCalls {
    /// `pattern_summary` asked alone.
    alone: f64,
    /// Then the three asked together in the diary's order: when each answered, and all three.
    p: f64,
    w: f64,
    l: f64,
    ms: f64,
    /// The whole list (`list_entries`) asked alone, for comparison with the page.
    whole: f64,
}

/// How long the calls the diary makes on opening take over IPC: the pattern alone, then the three
/// together in the diary's order (the charts' small answers first, then the timeline's first page),
/// then the whole list alone.
async fn diary_calls_ms(app: &App<'_>) -> Result<DiaryCalls> {
    let js = r#"
        const done = arguments[0];
        let t0 = performance.now();
        const call = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, { filter: {}, ...args })
            .then(() => performance.now() - t0);
        const firstPage = { order: 'newest_first', after: null, limit: 100 };
        call('pattern_summary').then((alone) => {
            t0 = performance.now();
            return Promise.all([call('pattern_summary'), call('weekly_counts'), call('diary_page', firstPage)])
                .then(([p, w, l]) => {
                    const ms = performance.now() - t0;
                    t0 = performance.now();
                    return call('list_entries').then((whole) => done({ alone, p, w, l, ms, whole }));
                });
        }).catch((e) => done({ error: String(e) }));
    "#;
    let out = app.client().execute_async(js, vec![]).await?;
    let got = |k: &str| out[k].as_f64();
    match (got("alone"), got("p"), got("w"), got("l"), got("ms"), got("whole")) {
        (Some(alone), Some(p), Some(w), Some(l), Some(ms), Some(whole)) => Ok(DiaryCalls { alone, p, w, l, ms, whole }),
        _ => Err(fail!("the diary's calls over IPC failed: {out}")),
    }
}

async fn save_to_shown() -> Result<()> {
    let mut rows = Vec::new();
    for n in [10, 10_000] {
        let sb = Sandbox::new(&format!("bench-{n}"))?;
        prefill(&sb, n)?;
        let (app, _) = sb.launch(&[]).await?;
        let open = unlock_to_diary(&app).await?;
        let rendered = app.all("timeline-entry").await?.len();
        let ipc = diary_calls_ms(&app).await?;
        let mut runs = Vec::new();
        for run in 1..=3 {
            runs.push(save_and_show(&app, &format!("Bench call {n}-{run}"), n + run).await?);
        }
        app.save_shot("diary-after-save").await;
        app.close().await;
        rows.push((n, open, rendered, runs, ipc));
    }
    for (n, open, rendered, runs, ipc) in &rows {
        let list =
            |pick: fn(&SaveRun) -> f64| runs.iter().map(|r| format!("{:.0}", pick(r))).collect::<Vec<_>>().join(", ");
        let middle = |pick: fn(&SaveRun) -> f64| {
            let mut sorted: Vec<f64> = runs.iter().map(pick).collect();
            sorted.sort_by(f64::total_cmp);
            sorted[sorted.len() / 2]
        };
        println!(
            "save to shown, {n:>5}-entry vault: median {:.0} ms (runs {}; until \"Saved.\": {}); painted (the \
             next frame): median {:.0} ms (runs {}); with the charts counting it: median {:.0} ms (runs {}); \
             unlock to diary {open} ms, {rendered} entries rendered; \
             the diary's calls over IPC alone: pattern_summary by itself {:.0} ms; the three asked together: \
             pattern_summary answered at {:.0} ms, weekly_counts at {:.0} ms, diary_page (first 100) at {:.0} ms, all \
             three {:.0} ms; the whole list (list_entries, no longer asked by the diary) alone {:.0} ms",
            middle(|r| r.shown),
            list(|r| r.shown),
            list(|r| r.saved),
            middle(|r| r.painted),
            list(|r| r.painted),
            middle(|r| r.charts),
            list(|r| r.charts),
            ipc.alone,
            ipc.p,
            ipc.w,
            ipc.l,
            ipc.ms,
            ipc.whole,
        );
    }
    println!("(goal: save to shown <= 100 ms on the 10k-entry vault; the 10-entry vault is the baseline)");
    Ok(())
}
