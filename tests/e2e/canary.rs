//! The app as shipped leaves nothing readable (issue 10, item 8): the app built without the
//! test KDF and without WebDriver (incognito webview, as people run it), driven like a person
//! would, with the mouse and keyboard through xdotool on a private Xvfb: create a vault with a
//! real passphrase (Argon2id at the default cost), type marker strings into an entry, attach a
//! marked PNG through GTK's own file chooser (Ctrl+L, a typed path), save, lock, close the
//! window. Then HOME, the XDG dirs, the runtime dir, /tmp, /var/tmp and /dev/shm (files changed
//! since the test started) must hold none of the markers and not the passphrase, as UTF-8 or
//! UTF-16LE. Only then is the vault opened (by the CLI) to prove the entry and its file were
//! really saved, so a flow that typed into nothing cannot pass.
//!
//! The binary is `<target>/shipped/casebook-app`, which `make test` builds with
//! `cargo build -p casebook-app --locked` (no features) and copies aside before the test builds.
//! It is the debug profile of the shipped feature set, not a release build: a release build is
//! a cold LTO build of the whole app (over ten minutes on CI's two cores) that would break the
//! 40-minute budget of a cold `make test`. The code paths that write files (WebKit's storage,
//! GTK's recent files, the vault) are the same in both profiles.
//!
//! The positions clicked are those of the 1100×760 window on a 1280×900 screen; every step is
//! photographed into `target/e2e-screens/e2e_shipped_app_canary--NN-<label>.png` (from `xwd`),
//! and each wait looks at the screen's pixels, so a changed layout fails with a picture.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use casebook_e2e::display::{Display, terminate};
use casebook_e2e::{Result, ensure, fail, paths};

const NAME: &str = "e2e_shipped_app_canary";
/// Real Argon2id at the default cost takes a few seconds; a slow CI machine, more.
const SLOW: Duration = Duration::from_secs(120);

#[test]
fn e2e_shipped_app_canary_leaves_no_marker_or_passphrase_on_disk() {
    let _serial = casebook_e2e::serial();
    let started = Instant::now();
    if let Err(e) = canary() {
        panic!("{NAME}: {e}\n(screenshots: {})", paths::screens_dir().display());
    }
    println!("{NAME}: passed in {:.1} s", started.elapsed().as_secs_f64());
}

fn canary() -> Result<()> {
    let app_bin = shipped_app()?;
    let xdotool = paths::find_tool("xdotool", "CASEBOOK_XDOTOOL", &[], "Install it: apt-get install xdotool")?;
    let xwd = paths::find_tool("xwd", "CASEBOOK_XWD", &[], "Install it: apt-get install x11-apps")?;
    let since = SystemTime::now();
    let dir = tempfile::Builder::new().prefix("casebook-e2e-canary-").tempdir()?;
    let home = dir.path().join("home");
    let runtime = dir.path().join("runtime");
    std::fs::create_dir_all(&home)?;
    std::fs::create_dir_all(&runtime)?;
    private(&runtime);
    // Unique per run, so nothing left by an earlier run can match.
    let tag = format!(
        "{:x}{:x}",
        std::process::id(),
        since.duration_since(SystemTime::UNIX_EPOCH).map_err(|e| fail!("{e}"))?.as_nanos()
    );
    let m = |what: &str| format!("CANARY{what}{tag}");
    let (title, channel, handle, place, story, pixel, file_tag) =
        (m("TITLE"), m("CHAN"), m("HANDLE"), m("WHERE"), m("NARR"), m("IMG"), m("FNAME"));
    let passphrase = format!("quiet lantern orbit velvet {tag}");
    // The picture comes from outside HOME, as a person's download would; its name and its
    // bytes carry markers.
    let source = dir.path().join("source");
    std::fs::create_dir_all(&source)?;
    let picture = source.join(format!("photo-{file_tag}.png"));
    std::fs::write(&picture, marked_png(&pixel)?)?;

    let display = Display::start()?;
    let x = X { display: display.name(), xdotool, xwd, shots: std::cell::Cell::new(0) };
    x.clear_old_shots()?;
    let mut app = Command::new(&app_bin)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DISPLAY", &x.display)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("app.log"))?)
        .spawn()
        .map_err(|e| fail!("cannot start {}: {e}", app_bin.display()))?;
    let flow = drive(&x, &mut app, &passphrase, [&title, &channel, &handle, &place, &story], &picture);
    if flow.is_err() {
        x.shot("failed");
        terminate(&mut app, Duration::from_secs(5));
    }
    reap(&home);
    flow?;

    // Nothing readable anywhere the app, WebKit or GTK could have written.
    let needles = [&title, &channel, &handle, &place, &story, &pixel, &file_tag, &passphrase];
    let mut hits = Vec::new();
    let mut files = 0;
    for root in [dir.path(), Path::new("/tmp"), Path::new("/var/tmp"), Path::new("/dev/shm")] {
        let inside_sandbox = root == dir.path();
        let changed_since = if inside_sandbox { None } else { Some(since) };
        scan(
            root,
            &mut |path, bytes| {
                if path.starts_with(&source) || (!inside_sandbox && path.starts_with(dir.path())) {
                    return;
                }
                files += 1;
                for needle in needles {
                    for (encoding, form) in [("UTF-8", needle.as_bytes().to_vec()), ("UTF-16LE", utf16le(needle))] {
                        if bytes.windows(form.len()).any(|w| w == form.as_slice()) {
                            hits.push(format!("{} holds {needle:?} ({encoding})", path.display()));
                        }
                    }
                }
            },
            changed_since,
        )?;
    }
    println!("{NAME}: searched {files} files for {} strings: {} hit(s)", needles.len(), hits.len());
    ensure!(hits.is_empty(), "the shipped app left readable traces:\n{}", hits.join("\n"));
    ensure!(files >= 3, "only {files} files were searched: the app wrote nothing at all?");

    // Only now, the proof that the flow saved what it typed: the CLI opens the vault.
    let vault = home.join(".local/share/casebook/vault.casebook");
    ensure!(vault.is_file(), "no vault at {} after the flow", vault.display());
    let pass_file = dir.path().join("passphrase");
    std::fs::write(&pass_file, format!("{passphrase}\n"))?;
    let cli = paths::cli_binary()?;
    let casebook = |args: &[&str]| -> Result<String> {
        let out = Command::new(&cli)
            .arg("--vault")
            .arg(&vault)
            .arg("--passphrase-file")
            .arg(&pass_file)
            .args(args)
            .output()?;
        ensure!(out.status.success(), "casebook {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let listed: serde_json::Value =
        serde_json::from_str(&casebook(&["--json", "list"])?).map_err(|e| fail!("casebook list: {e}"))?;
    let id = listed
        .as_array()
        .and_then(|a| a.iter().find(|e| e["fields"]["title"] == serde_json::json!(title)))
        .and_then(|e| e["id"].as_i64())
        .ok_or_else(|| fail!("no saved entry is titled {title:?}: {listed}"))?;
    let shown = casebook(&["--json", "show", &id.to_string()])?;
    for needle in [&channel, &handle, &place, &story, &file_tag] {
        ensure!(shown.contains(needle.as_str()), "the saved entry lacks {needle:?}: {shown}");
    }
    Ok(())
}

/// Creates the vault, skips the case details, logs an entry with a picture, locks, quits.
fn drive(x: &X, app: &mut Child, passphrase: &str, text: [&String; 5], picture: &Path) -> Result<()> {
    let [title, channel, handle, place, story] = text;
    let unlocked_nav = |p: Rgb| is_blue(p); // the Lock button exists only while open
    let [lock_x, lock_y] = LOCK;
    x.wait_pixel(lock_x, lock_y, SLOW, "the first-run screen", |p| !unlocked_nav(p) && p != BLACK)?;
    x.wait_pixel(550, 390, SLOW, "the passphrase box", |p| p == WHITE)?;
    x.shot("first-run");
    x.click(550, 390)?;
    x.type_text(passphrase)?;
    x.key("Tab")?;
    x.type_text(passphrase)?;
    x.shot("first-run-filled");
    x.key("Return")?;

    // The recovery key: tick "I have stored it safely", Continue.
    x.wait_pixel(lock_x, lock_y, SLOW, "the vault to be made (the Lock button)", unlocked_nav)?;
    x.shot("recovery-key");
    x.click(248, 440)?;
    x.wait_pixel(404, 500, SLOW, "Continue to be enabled", is_blue)?;
    x.click(404, 500)?;

    // The case details: skip for now.
    x.wait_pixel(100, 481, SLOW, "the case details (Save and continue)", is_blue)?;
    x.shot("case");
    x.click(320, 481)?;

    // Log something: Other, then one notch of the wheel down to bring the title box into view,
    // then the fields in tab order.
    x.wait_pixel(185, 98, SLOW, "the log screen (its place marked in the navigation)", is_pale_blue)?;
    x.shot("log-empty");
    x.click(758, 532)?;
    x.run(&["mousemove", "550", "400", "click", "5"])?;
    std::thread::sleep(Duration::from_secs(1));
    x.shot("log-scrolled");
    x.click(550, 736)?;
    x.type_text(title)?;
    for field in [channel, handle, place, story] {
        x.key("Tab")?;
        x.type_text(field)?;
    }
    // Person (a list), the "Witnesses…" summary, then the file input: Space opens GTK's chooser.
    x.key("Tab")?;
    x.key("Tab")?;
    x.key("Tab")?;
    x.shot("log-filled");
    x.key("space")?;
    let chooser = x.find_window("Select Files", SLOW)?;
    x.shot("file-chooser");
    x.run(&["windowfocus", &chooser])?;
    x.key("ctrl+l")?;
    x.type_text(&picture.display().to_string())?;
    x.shot("file-chooser-path");
    x.key("Return")?;
    x.wait_window_gone("Select Files", SLOW)?;
    x.shot("log-with-file");
    x.key("ctrl+Return")?;
    // "Saved." has no fixed place on the screen to wait for; the CLI checks afterwards that
    // the entry and its file were saved, so this pause only keeps the lock from racing it.
    std::thread::sleep(Duration::from_secs(5));
    x.shot("saved");

    // Up to the navigation; the diary; lock.
    x.run(&["mousemove", "1080", "400", "click", "--repeat", "40", "--delay", "20", "4"])?;
    x.wait_pixel(lock_x, lock_y, SLOW, "the navigation back in view", unlocked_nav)?;
    x.click(67, 81)?;
    std::thread::sleep(Duration::from_secs(2));
    x.shot("diary");
    x.click(lock_x, lock_y)?;
    x.wait_pixel(lock_x, lock_y, SLOW, "the lock screen (no Lock button)", |p| !unlocked_nav(p))?;
    x.shot("locked");

    // Quit: close the window, as a person would.
    let window = x.find_window("^Casebook$", SLOW)?;
    x.run(&["windowclose", &window])?;
    let deadline = Instant::now() + SLOW;
    while app.try_wait()?.is_none() {
        ensure!(Instant::now() < deadline, "the app did not exit after its window was closed");
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/// A spot inside the Lock button, left of its label. Lock and Quick exit share the top row on
/// every screen; while locked that spot is the bar's white, left of the Help link.
const LOCK: [u32; 2] = [840, 15];

/// The pale blue behind the current place in the navigation (the second row, while unlocked).
fn is_pale_blue(p: Rgb) -> bool {
    let [r, g, b] = p.map(u16::from);
    b > 235 && r > 200 && b > r + 10 && b > g + 4
}

/// The app's primary blue (buttons, the Lock button), with some slack.
fn is_blue(p: Rgb) -> bool {
    let [r, g, b] = p.map(u16::from);
    b > 100 && b > r + 60 && b > g + 20 && r < 80
}

/// The X display and the tools that drive and photograph it.
struct X {
    display: String,
    xdotool: PathBuf,
    xwd: PathBuf,
    shots: std::cell::Cell<u32>,
}

impl X {
    fn run(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.xdotool).env("DISPLAY", &self.display).args(args).output()?;
        ensure!(out.status.success(), "xdotool {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    fn click(&self, x: u32, y: u32) -> Result<()> {
        self.run(&["mousemove", &x.to_string(), &y.to_string(), "click", "1"])?;
        std::thread::sleep(Duration::from_millis(300));
        Ok(())
    }

    fn key(&self, key: &str) -> Result<()> {
        self.run(&["key", key])?;
        std::thread::sleep(Duration::from_millis(200));
        Ok(())
    }

    fn type_text(&self, text: &str) -> Result<()> {
        self.run(&["type", "--delay", "15", text]).map(drop)
    }

    /// The id of the first window whose name matches `pattern`, waiting up to `within`.
    fn find_window(&self, pattern: &str, within: Duration) -> Result<String> {
        let deadline = Instant::now() + within;
        loop {
            let out = Command::new(&self.xdotool)
                .env("DISPLAY", &self.display)
                .args(["search", "--name", pattern])
                .output()?;
            if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
                return Ok(id.trim().to_owned());
            }
            ensure!(Instant::now() < deadline, "no window named {pattern:?} appeared");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn wait_window_gone(&self, pattern: &str, within: Duration) -> Result<()> {
        let deadline = Instant::now() + within;
        loop {
            let out = Command::new(&self.xdotool)
                .env("DISPLAY", &self.display)
                .args(["search", "--name", pattern])
                .output()?;
            if String::from_utf8_lossy(&out.stdout).trim().is_empty() {
                return Ok(());
            }
            ensure!(Instant::now() < deadline, "the window {pattern:?} did not close");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The screen, as RGB rows (`xwd -root`: a 100-byte big-endian header, a colour map,
    /// then the pixels, least significant byte first).
    fn grab(&self) -> Result<image::RgbImage> {
        let out = Command::new(&self.xwd).args(["-root", "-silent", "-display", &self.display]).output()?;
        ensure!(out.status.success(), "xwd failed: {}", String::from_utf8_lossy(&out.stderr));
        let d = out.stdout;
        let field = |i: usize| d.get(i * 4..i * 4 + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let (Some(header), Some(width), Some(height), Some(bits), Some(line), Some(colours)) =
            (field(0), field(4), field(5), field(11), field(12), field(19))
        else {
            return Err(fail!("xwd wrote no header"));
        };
        ensure!(bits == 24 || bits == 32, "xwd gave {bits} bits per pixel");
        let (step, start) = (bits / 8, header + colours * 12);
        let mut img = image::RgbImage::new(width as u32, height as u32);
        for y in 0..height {
            for x in 0..width {
                let i = start + y * line + x * step;
                let p = d.get(i..i + 3).ok_or_else(|| fail!("xwd's picture is short"))?;
                img.put_pixel(x as u32, y as u32, image::Rgb([p[2], p[1], p[0]]));
            }
        }
        Ok(img)
    }

    /// Waits until the pixel at (x, y) satisfies `ok`.
    fn wait_pixel(&self, x: u32, y: u32, within: Duration, what: &str, ok: impl Fn(Rgb) -> bool) -> Result<()> {
        let deadline = Instant::now() + within;
        loop {
            let p = self.grab()?.get_pixel(x, y).0;
            if ok(p) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.shot("timeout");
                return Err(fail!("waited {within:?} for {what} (pixel {x},{y} is {p:?})"));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Saves the screen as the next numbered PNG; a failure to do so is printed, not fatal.
    fn shot(&self, label: &str) {
        let n = self.shots.get() + 1;
        self.shots.set(n);
        let path = paths::screens_dir().join(format!("{NAME}--{n:02}-{label}.png"));
        if let Err(e) = self.grab().and_then(|img| img.save(&path).map_err(|e| fail!("{e}"))) {
            println!("{NAME}: screenshot {label} not saved: {e}");
        }
    }

    fn clear_old_shots(&self) -> Result<()> {
        let dir = paths::screens_dir();
        std::fs::create_dir_all(&dir)?;
        for entry in std::fs::read_dir(&dir)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&format!("{NAME}--")) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// `<target>/shipped/casebook-app`, beside the profile directory this test runs from.
fn shipped_app() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CASEBOOK_SHIPPED_APP") {
        return Ok(PathBuf::from(p));
    }
    let profile = paths::profile_dir()?;
    let path = profile.parent().unwrap_or(&profile).join("shipped").join("casebook-app");
    ensure!(
        path.is_file(),
        "{} is missing: build the app as shipped first (`cargo build -p casebook-app --locked`, then copy \
         target/debug/casebook-app there; `make test` does)",
        path.display()
    );
    Ok(path)
}

/// Every regular file under `root` (not following links; changed at or after `since`, if
/// given), with its bytes. Unreadable files and folders are skipped: another user's, or
/// gone by the time they are read.
fn scan(root: &Path, visit: &mut dyn FnMut(&Path, &[u8]), since: Option<SystemTime>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(root) else { return Ok(()) };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            scan(&path, visit, since)?;
        } else if kind.is_file() {
            let Ok(meta) = entry.metadata() else { continue };
            if since.is_some_and(|s| meta.modified().is_ok_and(|m| m < s)) || meta.len() > 256 << 20 {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                visit(&path, &bytes);
            }
        }
    }
    Ok(())
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A 32×32 PNG with `marker` in a tEXt chunk.
fn marked_png(marker: &str) -> Result<Vec<u8>> {
    let img = image::RgbImage::from_pixel(32, 32, image::Rgb([200, 30, 30]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| fail!("{e}"))?;
    let iend = png.len() - 12;
    let mut chunk = b"tEXtComment\0".to_vec();
    chunk.extend_from_slice(marker.as_bytes());
    let mut text = ((chunk.len() - 4) as u32).to_be_bytes().to_vec();
    text.extend_from_slice(&chunk);
    text.extend_from_slice(&crc32(&chunk).to_be_bytes());
    png.splice(iend..iend, text);
    Ok(png)
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Makes a directory readable by its owner only (XDG_RUNTIME_DIR must be 0700).
fn private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

/// Kills, by pid, any process still running with this test's HOME (WebKit's helpers, if
/// the app did not take them with it).
fn reap(home: &Path) {
    let needle = format!("HOME={}", home.display());
    let Ok(procs) = std::fs::read_dir("/proc") else { return };
    for p in procs.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(env) = std::fs::read(p.path().join("environ")) else { continue };
        if env.split(|&b| b == 0).any(|v| v == needle.as_bytes()) {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
    }
}
