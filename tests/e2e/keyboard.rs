//! Keyboard only, as someone who cannot use a mouse (or cannot see a pointer) uses the app:
//! WebDriver key actions sent to whatever has focus, never a click, from a new vault to a
//! logged, opened and locked entry. After every key the focused element must be on screen, not
//! under anything (the timeline's sticky day headings), and wear the app's focus ring (a
//! computed outline in the focus colour, or a box-shadow). Half-way through, Ctrl+= zooms to
//! 200% (the app's own zoom, kept in settings): the log form must then fit the window's width
//! and "Saved." be in view. The key presses are counted and printed.

use std::time::Instant;

use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value as Json, json};

/// The app's focus colour (--focus in ui/src/app.css, #0b5cd5) as the browser computes it.
const FOCUS_RGB: &str = "rgb(11, 92, 213)";

/// Where focus is and whether a person can see it; `problem` is null when all is well.
const FOCUS_PROBE: &str = r#"
    const focusRgb = arguments[0];
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) {
        return { problem: 'nothing has focus' };
    }
    const what = el.dataset.testid || el.id || (el.tagName.toLowerCase() + ':' + (el.textContent || '').trim().slice(0, 30));
    const r = el.getBoundingClientRect();
    const [w, h] = [window.innerWidth, window.innerHeight];
    if (r.bottom <= 0 || r.top >= h || r.right <= 0 || r.left >= w || r.width === 0 || r.height === 0) {
        return { what, problem: `off screen: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)} in a ${w}x${h} window` };
    }
    // What a person sees at the middle of the visible part: the element, or something over it.
    const cx = (Math.max(r.left, 0) + Math.min(r.right, w)) / 2;
    const cy = (Math.max(r.top, 0) + Math.min(r.bottom, h)) / 2;
    const hit = document.elementFromPoint(cx, cy);
    if (hit && !el.contains(hit) && !hit.contains(el)) {
        return { what, problem: `covered by ${hit.tagName.toLowerCase()} "${(hit.textContent || '').trim().slice(0, 30)}"` };
    }
    // The ring: an outline in the focus colour on the element or a parent that draws it for
    // its control (a kind tile, :focus-within), or a box-shadow on the element itself.
    let ring = null;
    for (let n = el, depth = 0; n && depth < 3 && !ring; n = n.parentElement, depth++) {
        const s = getComputedStyle(n);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor === focusRgb) {
            ring = `outline ${s.outlineWidth} on ${depth === 0 ? 'itself' : n.tagName.toLowerCase()}`;
        }
    }
    const shadow = getComputedStyle(el).boxShadow;
    if (!ring && shadow && shadow !== 'none' && shadow.includes(focusRgb)) ring = 'box-shadow';
    if (!ring) {
        const s = getComputedStyle(el);
        return { what, problem: `no focus ring (outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}, box-shadow ${shadow})` };
    }
    return { what, ring, problem: null };
"#;

/// Sends keys to whatever has focus, counting them and checking focus after each.
struct Keyboard<'a, 's> {
    app: &'a App<'s>,
    /// Keys pressed to move, choose and act (Tab, Shift+Tab, Enter, Space, Ctrl+Enter …).
    presses: u32,
    /// Texts typed into fields (each counted once, whatever its length).
    texts: u32,
    /// Zoom keys (Ctrl+=), counted apart: not every person needs them.
    zoom_keys: u32,
    checks: u32,
}

impl<'a, 's> Keyboard<'a, 's> {
    fn new(app: &'a App<'s>) -> Self {
        Keyboard { app, presses: 0, texts: 0, zoom_keys: 0, checks: 0 }
    }

    /// One key action sequence: down and up for each key, modifiers held around `keys`.
    async fn send(&self, modifiers: &[Key], keys: &[char]) -> Result<()> {
        let mut seq = KeyActions::new("keyboard".to_owned());
        for m in modifiers {
            seq = seq.then(KeyAction::Down { value: char::from(*m) });
        }
        for k in keys {
            seq = seq.then(KeyAction::Down { value: *k }).then(KeyAction::Up { value: *k });
        }
        for m in modifiers.iter().rev() {
            seq = seq.then(KeyAction::Up { value: char::from(*m) });
        }
        self.app.client().perform_actions(seq).await?;
        Ok(())
    }

    /// Where focus is; fails unless it is visible.
    async fn check(&mut self, after: &str) -> Result<String> {
        // Let the page react (a screen change focuses its heading in a microtask).
        let frames = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.app.client().execute_async(frames, vec![]).await?;
        let seen = self.app.client().execute(FOCUS_PROBE, vec![json!(FOCUS_RGB)]).await?;
        self.checks += 1;
        let what = seen["what"].as_str().unwrap_or("?").to_owned();
        if let Some(problem) = seen["problem"].as_str() {
            let shot = self.app.save_shot("keyboard-FOCUS-LOST").await;
            return Err(fail!("after {after}, focus on {what} is not visible: {problem} (screenshot {shot})"));
        }
        Ok(what)
    }

    /// Presses one key (with modifiers) and checks focus.
    async fn press(&mut self, modifiers: &[Key], key: Key, name: &str) -> Result<String> {
        self.send(modifiers, &[char::from(key)]).await?;
        self.presses += 1;
        self.check(name).await
    }

    /// Types text into the focused field and checks focus.
    async fn type_text(&mut self, text: &str) -> Result<()> {
        let chars: Vec<char> = text.chars().collect();
        self.send(&[], &chars).await?;
        self.texts += 1;
        self.check("typing").await.map(drop)
    }

    /// Presses Tab (or Shift+Tab) until the focused element matches `css`, at most `max` times.
    async fn tab_to(&mut self, css: &str, back: bool, max: u32) -> Result<()> {
        let js = "return document.activeElement ? document.activeElement.matches(arguments[0]) : false;";
        for _ in 0..max {
            if self.app.client().execute(js, vec![json!(css)]).await? == Json::Bool(true) {
                return Ok(());
            }
            if back {
                self.press(&[Key::Shift], Key::Tab, "Shift+Tab").await?;
            } else {
                self.press(&[], Key::Tab, "Tab").await?;
            }
        }
        ensure!(
            self.app.client().execute(js, vec![json!(css)]).await? == Json::Bool(true),
            "{css} not reached within {max} presses of {}",
            if back { "Shift+Tab" } else { "Tab" }
        );
        Ok(())
    }

    /// Waits for a screen, and for focus to settle on it (a screen focuses its heading once
    /// it has drawn), then checks that focus is visible there.
    async fn arrive(&mut self, root: &str) -> Result<String> {
        self.app.wait(root).await?;
        let settled = "const el = document.activeElement; return !!el && el !== document.body;";
        let _ = self
            .app
            .poll(WAIT, "focus to settle", || async {
                Ok((self.app.js(settled).await? == Json::Bool(true)).then_some(()))
            })
            .await;
        self.check(&format!("arriving on {root}")).await
    }

    /// Presses a key that opens another screen (counted), then [`Self::arrive`]s there.
    async fn go(&mut self, key: Key, root: &str) -> Result<String> {
        self.send(&[], &[char::from(key)]).await?;
        self.presses += 1;
        self.arrive(root).await
    }
}

/// The page's layout width and whether it scrolls sideways.
async fn width(app: &App<'_>) -> Result<(f64, bool)> {
    let v = app
        .js("return [window.innerWidth, document.documentElement.scrollWidth > document.documentElement.clientWidth];")
        .await?;
    Ok((v[0].as_f64().unwrap_or(0.0), v[1].as_bool().unwrap_or(true)))
}

/// Whether the element with this test id is fully inside the window.
async fn in_view(app: &App<'_>, id: &str) -> Result<bool> {
    let js = "const r = document.querySelector(arguments[0]).getBoundingClientRect();
              return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;";
    Ok(app.client().execute(js, vec![json!(format!("[data-testid=\"{id}\"]"))]).await? == Json::Bool(true))
}

#[test]
fn e2e_keyboard_only_new_vault_to_a_locked_entry_with_focus_always_seen() {
    run("keyboard", async |sb| {
        with_app(sb, &[], async |app| {
            let started = Instant::now();
            let mut kb = Keyboard::new(app);

            // First run: the heading has focus; passphrase twice; Enter creates the vault.
            let first = kb.arrive("screen-first-run").await?;
            ensure!(first == "first-run-heading", "first run starts with focus on {first}");
            kb.tab_to("[data-testid=create-passphrase]", false, 3).await?;
            kb.type_text(PASSPHRASE).await?;
            kb.tab_to("[data-testid=create-passphrase-confirm]", false, 3).await?;
            kb.type_text(PASSPHRASE).await?;

            // The recovery key: tick "I have stored it", then Continue.
            let on = kb.go(Key::Enter, "screen-recovery").await?;
            ensure!(on == "recovery-heading", "the recovery screen opened with focus on {on}");
            kb.tab_to("[data-testid=recovery-stored]", false, 6).await?;
            kb.press(&[], Key::Space, "Space").await?;
            kb.tab_to("[data-testid=recovery-continue]", false, 4).await?;

            // Case details: skip for now.
            let on = kb.go(Key::Enter, "screen-case").await?;
            ensure!(on == "case-heading", "case details opened with focus on {on}");
            kb.tab_to("[data-testid=case-skip]", false, 10).await?;

            // Log something: zoom to 200% first (a low-vision person's first move).
            let on = kb.go(Key::Enter, "screen-log").await?;
            ensure!(on == "log-heading", "the log screen opened with focus on {on}");
            let (w100, _) = width(app).await?;
            for _ in 0..4 {
                kb.send(&[Key::Control], &['=']).await?;
                kb.zoom_keys += 1;
                kb.check("Ctrl+=").await?;
            }
            let zoomed = app
                .poll(WAIT, "the zoom to reach 200%", || async {
                    let (w, _) = width(app).await?;
                    Ok((w > 0.0 && w <= w100 * 0.55).then_some(w))
                })
                .await?;
            let kept = app.invoke("get_settings", json!({})).await?;
            ensure!(kept["zoom_percent"] == json!(200), "the zoom was not kept in settings: {kept}");
            println!("  zoom: {w100} CSS px wide at 100%, {zoomed} at 200%");

            // A call, at 200%: the kind; the time (already now) passed on the way, photographed
            // with focus on it; a title; Ctrl+Enter saves.
            kb.press(&[], Key::Tab, "Tab").await?;
            kb.press(&[], Key::Space, "Space").await?;
            kb.tab_to("[data-testid=log-when]", false, 2).await?;
            app.save_shot("focus-on-date-field-200").await;
            let (_, sideways) = width(app).await?;
            ensure!(!sideways, "the log form scrolls sideways at 200%");
            kb.tab_to("[data-testid=log-title]", false, 10).await?;
            kb.type_text("Missed call from his number").await?;
            kb.press(&[Key::Control], Key::Enter, "Ctrl+Enter").await?;
            let status = app
                .poll(WAIT, "\"Saved.\"", || async {
                    let t = app.text("log-status").await?;
                    Ok(t.contains("Saved.").then_some(t))
                })
                .await?;
            ensure!(in_view(app, "log-status").await?, "{status:?} is outside the window at 200%");
            let on = kb.check("saving").await?;
            ensure!(on == "log-open-saved", "after saving, focus is on {on}, not beside \"Saved.\"");
            app.save_shot("log-saved-200").await;

            // Open it, then lock from the entry.
            let on = kb.go(Key::Enter, "entry-detail").await?;
            ensure!(on == "entry-title", "the entry opened with focus on {on}");
            ensure!(app.text("entry-title").await?.contains("Missed call"), "the wrong entry opened");
            // Back through the eight places (their own row, after Lock and Quick exit) and Quick exit.
            kb.tab_to("[data-testid=lock-button]", true, 12).await?;
            let on = kb.go(Key::Enter, "screen-unlock").await?;
            ensure!(on == "unlock-passphrase", "the unlock screen opened with focus on {on}");
            let status = app.invoke("app_status", json!({})).await?;
            ensure!(status["unlocked"] == json!(false), "Lock left the vault open: {status}");
            app.save_shot("locked-200").await;

            println!(
                "  keyboard: {} key presses (Tab, Shift+Tab, Space, Enter, Ctrl+Enter), {} texts typed, {} zoom keys; \
                 focus seen after each of {} checks; {:.1} s",
                kb.presses,
                kb.texts,
                kb.zoom_keys,
                kb.checks,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        })
        .await
    })
}
