//! One test's world (temp dir, X display) and the app running in it.

use std::ffi::OsString;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value as Json, json};

use crate::display::Display;
use crate::driver::{Driver, reap_by_env};
use crate::{Result, axe, ensure, fail, paths};

/// The passphrase every test vault uses.
pub const PASSPHRASE: &str = "correct horse battery staple 42";

/// How long to wait for something to appear before failing. Generous: two cores, a debug
/// build, and other builds running at the same time.
pub const WAIT: Duration = Duration::from_secs(20);

/// Every screen root the UI has; used to say where the app was when something failed.
pub const SCREENS: &[&str] = &[
    "screen-first-run",
    "screen-recovery",
    "screen-case",
    "screen-unlock",
    "screen-diary",
    "screen-log",
    "screen-entry",
    "screen-settings",
    "screen-help",
    "screen-export",
    "screen-import",
    "screen-verify",
    "screen-migrate",
];

/// One test's private world: a temp dir for its vault and files, and an X display.
#[derive(Debug)]
pub struct Sandbox {
    /// The test's name (used in screenshot file names).
    pub name: String,
    dir: tempfile::TempDir,
    display: Display,
    shots: std::cell::Cell<u32>,
}

impl Sandbox {
    /// Makes the temp dir, starts Xvfb, and clears this test's old screenshots.
    pub fn new(name: &str) -> Result<Sandbox> {
        let dir = tempfile::Builder::new().prefix(&format!("casebook-e2e-{name}-")).tempdir()?;
        let display = Display::start()?;
        let screens = paths::screens_dir();
        std::fs::create_dir_all(&screens)?;
        for entry in std::fs::read_dir(&screens)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&format!("{name}--")) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(Sandbox { name: name.to_owned(), dir, display, shots: std::cell::Cell::new(0) })
    }

    /// The name of this test's X display (for tools run on it, e.g. `:99`).
    pub fn display_name(&self) -> String {
        self.display.name()
    }

    /// The test's temp dir.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The test's vault (which need not exist yet).
    pub fn vault(&self) -> PathBuf {
        self.dir().join("vault.casebook")
    }

    /// The environment entry that marks every process this test starts.
    fn marker(&self) -> String {
        format!("CASEBOOK_VAULT={}", self.vault().display())
    }

    /// Runs the `casebook` CLI on this test's vault (test KDF, passphrase from a file) and
    /// returns its standard output.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let pass = self.passphrase_file()?;
        let cli = paths::cli_binary()?;
        let out = Command::new(&cli)
            .arg("--vault")
            .arg(self.vault())
            .arg("--passphrase-file")
            .arg(&pass)
            .args(args)
            .env("CASEBOOK_INSECURE_TEST_KDF", "1")
            .output()?;
        ensure!(
            out.status.success(),
            "casebook {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Where [`Self::passphrase_file`] keeps the passphrase; a test that writes its own
    /// passphrase there first uses that one instead of [`PASSPHRASE`].
    pub fn passphrase_file_path(&self) -> PathBuf {
        self.dir().join("passphrase.txt")
    }

    /// A file holding [`PASSPHRASE`], for the CLI.
    pub fn passphrase_file(&self) -> Result<String> {
        let pass = self.passphrase_file_path();
        if !pass.exists() {
            std::fs::write(&pass, PASSPHRASE)?;
        }
        Ok(pass.to_string_lossy().into_owned())
    }

    /// Makes the vault with the CLI (for tests that start at the unlock screen).
    pub fn init_vault(&self) -> Result<()> {
        self.cli(&["init", "--new-passphrase-file", &self.passphrase_file()?]).map(drop)
    }

    /// Whether a top-level window titled `title` is mapped (shown) on this test's display,
    /// as the X server sees it (`xwininfo`); `None` if there is no such window.
    pub fn window_mapped(&self, title: &str) -> Result<Option<bool>> {
        let (ids, shown) = self.windows_titled(title)?;
        Ok((!ids.is_empty()).then_some(shown.is_some()))
    }

    /// The environment every app this test starts gets (besides the drivers' DISPLAY and
    /// GDK_BACKEND): the vault, the test KDF, and a throw-away HOME and XDG directories inside
    /// the sandbox. Makes those directories.
    pub fn app_env(&self) -> Result<Vec<(&'static str, OsString)>> {
        let full_env: Vec<(&'static str, OsString)> = vec![
            ("CASEBOOK_VAULT", self.vault().into_os_string()),
            ("CASEBOOK_INSECURE_TEST_KDF", "1".into()),
            // WebKit ends the WebDriver session with the web process that a lock ends, so
            // flows that drive the app after locking have the page reloaded instead
            // (src-tauri/src/fresh_page.rs); the memory tests set "0" and check the real thing.
            ("CASEBOOK_TEST_LOCK_RELOADS", "1".into()),
            // Keep WebKit's and the app's files inside the sandbox.
            ("HOME", self.dir().join("home").into_os_string()),
            ("XDG_DATA_HOME", self.dir().join("home/.local/share").into_os_string()),
            ("XDG_CACHE_HOME", self.dir().join("home/.cache").into_os_string()),
            ("XDG_CONFIG_HOME", self.dir().join("home/.config").into_os_string()),
            ("XDG_RUNTIME_DIR", self.dir().join("runtime").into_os_string()),
        ];
        std::fs::create_dir_all(self.dir().join("home"))?;
        let runtime = self.dir().join("runtime");
        std::fs::create_dir_all(&runtime)?;
        set_private(&runtime);
        Ok(full_env)
    }

    /// The X window id of the top-level window titled `title` on this test's display (the
    /// mapped one if there are several), per `xwininfo`; `None` if there is none.
    pub fn window_id(&self, title: &str) -> Result<Option<String>> {
        let (ids, shown) = self.windows_titled(title)?;
        Ok(shown.or_else(|| ids.into_iter().next()))
    }

    /// The ids of the top-level windows titled `title`, and the first of them that is mapped.
    fn windows_titled(&self, title: &str) -> Result<(Vec<String>, Option<String>)> {
        let tree = self.xwininfo(&["-root", "-tree"])?;
        let quoted = format!("\"{title}\"");
        let ids: Vec<String> = tree
            .lines()
            .filter(|l| l.contains(&quoted))
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect();
        for id in &ids {
            if self.xwininfo(&["-id", id])?.contains("Map State: IsViewable") {
                let shown = Some(id.clone());
                return Ok((ids, shown));
            }
        }
        Ok((ids, None))
    }

    fn xwininfo(&self, args: &[&str]) -> Result<String> {
        let out = Command::new("xwininfo")
            .arg("-display")
            .arg(self.display.name())
            .args(args)
            .output()
            .map_err(|e| fail!("cannot run xwininfo (Debian package x11-utils): {e}"))?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Starts tauri-driver and a WebDriver session that launches the app, with `env` added
    /// to the app's environment (besides the vault path and the test KDF). Returns the app
    /// and how long the session request took.
    pub async fn launch(&self, env: &[(&str, &str)]) -> Result<(App<'_>, Duration)> {
        let app_path = paths::app_binary()?;
        paths::axe_script()?;
        let mut full_env = self.app_env()?;
        full_env.extend(env.iter().map(|(k, v)| (*k, OsString::from(v))));
        let log = self.dir().join("driver.log");
        let driver = Driver::start(&self.display.name(), &full_env, &log)?;
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_path },
        });
        let caps = match caps {
            Json::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let started = Instant::now();
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::new(connector).capabilities(caps).connect(&driver.url()),
        )
        .await
        .map_err(|_| fail!("the app did not start within 60 s; log:\n{}", driver.log_tail()))?
        .map_err(|e| {
            let hint = if e.to_string().contains("browsing context") {
                "\nhint: WebKitWebDriver could not reach the app's webview. A window with \"incognito\": true \
                 gets its own ephemeral WebKit context with automation switched off (wry), so it cannot be \
                 driven; the app must not use incognito while TAURI_WEBVIEW_AUTOMATION=true."
            } else {
                ""
            };
            fail!("cannot start a WebDriver session with the app: {e}{hint}\nlog:\n{}", driver.log_tail())
        })?;
        let took = started.elapsed();
        Ok((App { client: Some(client), driver: Some(driver), sandbox: self, problems: Vec::new() }, took))
    }

    /// A fresh screenshot path: `target/e2e-screens/<test>--NN-<label>.png`.
    fn next_shot(&self, label: &str) -> PathBuf {
        let n = self.shots.get() + 1;
        self.shots.set(n);
        paths::screens_dir().join(format!("{}--{n:02}-{label}.png", self.name))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // A safety net before the temp dir goes: an app that outlived its driver (a failed
        // session start, a crash) must not keep writing into a deleted directory.
        reap_by_env(&self.marker());
    }
}

/// Makes a directory readable by its owner only (XDG_RUNTIME_DIR must be 0700).
fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

/// The app under test, through its WebDriver session.
#[derive(Debug)]
pub struct App<'s> {
    client: Option<Client>,
    driver: Option<Driver>,
    sandbox: &'s Sandbox,
    /// Accessibility and safety problems found so far; the test fails on any, at the end,
    /// after every screen has been seen (so one run reports them all).
    pub problems: Vec<String>,
}

/// A CSS locator for a `data-testid`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App<'_> {
    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open until close()")
    }

    /// The sandbox this app runs in.
    pub fn sandbox(&self) -> &Sandbox {
        self.sandbox
    }

    /// Ends the session (which closes the app), then stops the drivers and reaps anything left.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(15), client.close()).await;
        }
        drop(self.driver.take());
        reap_by_env(&self.sandbox.marker());
    }

    /// Polls `probe` until it returns `Some`, or fails after `within` saying `what`.
    pub async fn poll<T, F, Fut>(&self, within: Duration, what: &str, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + within;
        loop {
            if let Some(v) = probe().await? {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return Err(fail!(
                    "timed out after {within:?} waiting for {what} (the app is on {})",
                    self.current_screen().await
                ));
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// All displayed elements with this test id.
    pub async fn all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client().find_all(Locator::Css(&tid(id))).await?)
    }

    /// Waits for a displayed element with this test id.
    pub async fn wait(&self, id: &str) -> Result<Element> {
        self.wait_css(&tid(id), &format!("[data-testid={id}]")).await
    }

    /// Waits for a displayed element matching a CSS selector.
    pub async fn wait_css(&self, css: &str, what: &str) -> Result<Element> {
        self.poll(WAIT, what, || async {
            for el in self.client().find_all(Locator::Css(css)).await? {
                if el.is_displayed().await.unwrap_or(false) {
                    return Ok(Some(el));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Waits until no displayed element has this test id.
    pub async fn wait_gone(&self, id: &str) -> Result<()> {
        self.poll(WAIT, &format!("[data-testid={id}] to go away"), || async {
            for el in self.all(id).await? {
                if el.is_displayed().await.unwrap_or(false) {
                    return Ok(None);
                }
            }
            Ok(Some(()))
        })
        .await
    }

    /// Whether a displayed element with this test id exists right now.
    pub async fn present(&self, id: &str) -> Result<bool> {
        for el in self.all(id).await? {
            if el.is_displayed().await.unwrap_or(false) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Which screen root is showing, for messages.
    pub async fn current_screen(&self) -> String {
        let mut on = Vec::new();
        for s in SCREENS {
            if self.present(s).await.unwrap_or(false) {
                on.push(*s);
            }
        }
        if on.is_empty() { "no known screen".to_owned() } else { on.join(" + ") }
    }

    /// Clicks the element with this test id.
    pub async fn click(&self, id: &str) -> Result<()> {
        let el = self.wait(id).await?;
        el.click().await.map_err(|e| fail!("clicking [data-testid={id}]: {e}"))
    }

    /// Clears the field with this test id and types `text` into it, as a person would.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.wait(id).await?;
        el.clear().await.map_err(|e| fail!("clearing [data-testid={id}]: {e}"))?;
        el.send_keys(text).await.map_err(|e| fail!("typing into [data-testid={id}]: {e}"))
    }

    /// Sets a field's value the way the browser does after input (for date pickers and
    /// selects, where typing depends on the locale): the value, then `input` and `change`.
    pub async fn set_value(&self, id: &str, value: &str) -> Result<()> {
        self.set_value_css(&tid(id), value).await
    }

    /// [`App::set_value`] for an element found by CSS.
    pub async fn set_value_css(&self, css: &str, value: &str) -> Result<()> {
        let el = self.wait_css(css, css).await?;
        let js = r#"
            const [el, value] = arguments;
            const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
                : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            return el.value;
        "#;
        let arg = serde_json::to_value(&el).map_err(|e| fail!("{e}"))?;
        let got = self.client().execute(js, vec![arg, json!(value)]).await?;
        ensure!(got == json!(value), "{css} did not take the value {value:?} (it holds {got})");
        Ok(())
    }

    /// Text of the element with this test id.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(self.wait(id).await?.text().await?)
    }

    /// Runs a script in the page and returns its result.
    pub async fn js(&self, script: &str) -> Result<Json> {
        Ok(self.client().execute(script, vec![]).await?)
    }

    /// Calls one of the app's IPC commands from inside the page, as the UI does, and returns
    /// its result (or `{"error": ...}`).
    pub async fn invoke(&self, command: &str, args: Json) -> Result<Json> {
        let js = r#"
            const [cmd, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(cmd, args)
                .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: e }));
        "#;
        let out = self.client().execute_async(js, vec![json!(command), args]).await?;
        match out.get("ok") {
            Some(v) => Ok(v.clone()),
            None => Err(fail!("IPC {command} failed: {}", out.get("error").unwrap_or(&Json::Null))),
        }
    }

    /// Waits until the element matching `css` has kept its place and size for three animation
    /// frames (at most 2 s), as a person's eye waits for a page to stop moving before clicking:
    /// a screen that lays itself out again as it fills (the diary's charts take their width
    /// once it is known) can move what a click was aimed at.
    pub async fn settle(&self, css: &str) -> Result<()> {
        let js = r#"
            const [css, done] = arguments;
            const start = performance.now();
            let last = null, same = 0;
            const tick = () => {
                const el = document.querySelector(css);
                const r = el ? el.getBoundingClientRect() : null;
                const key = r ? [r.top, r.left, r.width, r.height].join() : '';
                if (key === last) same++; else { last = key; same = 0; }
                if ((r && same >= 3) || performance.now() - start > 2000) done(same);
                else requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        "#;
        let frames = self.client().execute_async(js, vec![json!(css)]).await?;
        if frames.as_u64().unwrap_or(0) < 3 {
            eprintln!("  {css} still moving after 2 s; clicking anyway");
        }
        Ok(())
    }

    /// Clicks the element matching `css` once it has stopped moving ([`App::settle`]), found
    /// afresh after the wait, and waits for the screen root `opened` to show. A click that opens
    /// nothing within 5 s is said in the log and made once more, as a person would click again
    /// (seen twice in this session's CI runs, on a diary just unlocked: WebDriver scrolls
    /// the entry into view and clicks where it was).
    pub async fn click_to_open(&self, css: &str, what: &str, opened: &str) -> Result<()> {
        for attempt in 1..=2 {
            self.wait_css(css, what).await?;
            self.settle(css).await?;
            let el = self.wait_css(css, what).await?;
            el.click().await.map_err(|e| fail!("clicking {what}: {e}"))?;
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if self.present(opened).await? {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
            if attempt == 1 {
                eprintln!(
                    "  the click on {what} opened nothing in 5 s (on {}); clicking again",
                    self.current_screen().await
                );
            }
        }
        self.wait(opened).await.map(drop)
    }

    /// Saves a screenshot; returns its path (or why it could not be taken).
    pub async fn save_shot(&self, label: &str) -> String {
        // Wait for two animation frames, so the picture shows what was last typed.
        let frames = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = tokio::time::timeout(Duration::from_secs(2), self.client().execute_async(frames, vec![])).await;
        let path = self.sandbox.next_shot(label);
        match tokio::time::timeout(Duration::from_secs(20), self.client().screenshot()).await {
            Ok(Ok(png)) => match std::fs::write(&path, png) {
                Ok(()) => path.display().to_string(),
                Err(e) => format!("(not saved: {e})"),
            },
            Ok(Err(e)) => format!("(no screenshot: {e})"),
            Err(_) => "(no screenshot: timed out)".to_owned(),
        }
    }

    /// Scrolls the element with this test id to the top of the window and saves a
    /// screenshot (the window shows only part of a long screen).
    pub async fn shot_of(&self, id: &str, label: &str) -> Result<()> {
        let el = self.wait(id).await?;
        let arg = serde_json::to_value(&el).map_err(|e| fail!("{e}"))?;
        self.client().execute("arguments[0].scrollIntoView({ block: 'start' });", vec![arg]).await?;
        let shot = self.save_shot(label).await;
        println!("  screen {label}: {shot}");
        Ok(())
    }

    /// Everything a test does on arriving at a screen: wait for its root, save a screenshot,
    /// run axe-core, and check that no injected script has run.
    pub async fn screen(&mut self, root: &str, label: &str) -> Result<()> {
        self.wait(root).await?;
        // Let transitions and fonts settle so the picture is what a person sees.
        tokio::time::sleep(Duration::from_millis(250)).await;
        let shot = self.save_shot(label).await;
        println!("  screen {label}: {shot}");
        let found = axe::serious_violations(self, label).await?;
        self.problems.extend(found);
        self.check_no_xss(label).await
    }

    /// Fails if any XSS payload has run (they all set `window.__xss`).
    pub async fn check_no_xss(&self, label: &str) -> Result<()> {
        let xss = self.js("return typeof window.__xss === 'undefined' ? null : String(window.__xss);").await?;
        ensure!(xss.is_null(), "an injected script ran on {label}: window.__xss = {xss}");
        Ok(())
    }

    /// Presses keys on whatever has focus (WebDriver key codes, e.g. `\u{e00c}` for Escape).
    pub async fn keys(&self, keys: &str) -> Result<()> {
        let el = self.client().active_element().await?;
        Ok(el.send_keys(keys).await?)
    }

    /// Fails with every accumulated problem, if any.
    pub fn finish(&self) -> Result<()> {
        ensure!(self.problems.is_empty(), "{} problem(s):\n  {}", self.problems.len(), self.problems.join("\n  "));
        Ok(())
    }
}

impl Drop for App<'_> {
    fn drop(&mut self) {
        // Reached without close() only when a test failed: the session cannot be ended
        // here (no async), so stop the drivers and kill the app by its marker.
        if self.driver.is_some() {
            drop(self.driver.take());
            reap_by_env(&self.sandbox.marker());
        }
    }
}

/// Runs one end-to-end test: alone (see [`crate::serial`]), in a fresh sandbox, on a
/// single-threaded runtime; fails the test with the error and where it happened.
pub fn run<F>(name: &str, flow: F)
where
    F: AsyncFnOnce(&Sandbox) -> Result<()>,
{
    let _serial = crate::serial();
    let started = Instant::now();
    println!("e2e {name}: starting");
    let result = Sandbox::new(name).and_then(|sandbox| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| fail!("cannot start tokio: {e}"))?;
        rt.block_on(flow(&sandbox))
    });
    println!(
        "e2e {name}: {} in {:.1} s",
        if result.is_ok() { "passed" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("e2e {name}: {e}\n(screenshots: {})", paths::screens_dir().display());
    }
}

/// Launches the app in `sandbox`, runs `flow` on it, always closes it, and fails on the
/// flow's error or on any accumulated problem.
pub async fn with_app<F>(sandbox: &Sandbox, env: &[(&str, &str)], flow: F) -> Result<()>
where
    F: AsyncFnOnce(&mut App<'_>) -> Result<()>,
{
    let (mut app, took) = sandbox.launch(env).await?;
    println!("  session started in {} ms", took.as_millis());
    let result = flow(&mut app).await;
    if result.is_err() {
        let shot = app.save_shot("FAILED").await;
        println!("  failure screenshot: {shot}");
        if let Some(driver) = &app.driver {
            println!("  the drivers' and the app's last output:\n{}", driver.log_tail());
        }
    }
    let result = result.and_then(|()| app.finish());
    app.close().await;
    result
}
