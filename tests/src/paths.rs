//! Where the things under test and the tools that drive them are.

use std::path::{Path, PathBuf};

use crate::{Result, fail};

/// The checkout's root (the parent of this crate).
pub fn checkout() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Where screenshots go: `target/e2e-screens/` in the checkout (gitignored), whatever
/// `CARGO_TARGET_DIR` says, so a person finds them next to the code.
pub fn screens_dir() -> PathBuf {
    checkout().join("target").join("e2e-screens")
}

/// The cargo profile directory this test executable was built into (`<target>/debug` for
/// `cargo test`, `<target>/release` for `cargo bench`): the executable lives in its `deps/`.
pub fn profile_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| fail!("cannot tell the build directory from {}", exe.display()))
}

/// A binary built by this workspace, in the same profile directory as the test itself.
fn built_binary(name: &str, how: &str) -> Result<PathBuf> {
    let dir = profile_dir()?;
    let path = dir.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(fail!(
            "{} is missing. Build it first with `{how}` (`make test` does), then run the tests again.",
            path.display()
        ))
    }
}

/// The desktop app (`casebook-app`). `CASEBOOK_E2E_APP` overrides it (e.g. a release build).
pub fn app_binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CASEBOOK_E2E_APP") {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(fail!("CASEBOOK_E2E_APP={} is not a file", p.display())) };
    }
    let app = built_binary("casebook-app", "cargo build --workspace --all-targets --features test-kdf")?;
    warn_if_stale(&app);
    Ok(app)
}

/// The `casebook` CLI.
pub fn cli_binary() -> Result<PathBuf> {
    built_binary("casebook", "cargo build --workspace --all-targets --features test-kdf")
}

/// `cargo test` does not rebuild the app binary, only its unit tests: an edit to the UI or
/// the shell since the last `cargo build` would go untested. Say so loudly (mtimes are
/// only a hint, e.g. after a fresh checkout, so this does not fail the test).
fn warn_if_stale(app: &Path) {
    let Ok(built) = std::fs::metadata(app).and_then(|m| m.modified()) else { return };
    let root = checkout();
    let newest = [root.join("ui/dist"), root.join("src-tauri/src")].iter().filter_map(|dir| newest_mtime(dir)).max();
    if newest.is_some_and(|n| n > built) {
        eprintln!(
            "warning: {} is older than ui/dist or src-tauri/src; run `cargo build --workspace --all-targets --features test-kdf` \
             (make test does) or these tests check an old build",
            app.display()
        );
    }
}

fn newest_mtime(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let t = if path.is_dir() { newest_mtime(&path) } else { entry.metadata().and_then(|m| m.modified()).ok() };
        newest = newest.max(t);
    }
    newest
}

/// Finds an executable: an explicit override, then extra directories, then `PATH`.
pub fn find_tool(name: &str, env_override: &str, extra_dirs: &[PathBuf], install_hint: &str) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(env_override) {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(fail!("{env_override}={} is not a file", p.display())) };
    }
    let path_dirs = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    extra_dirs
        .iter()
        .chain(path_dirs.iter())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| fail!("`{name}` was not found (looked in {extra_dirs:?} and PATH). {install_hint}"))
}

/// Where `make` installs tauri-driver: `$CASEBOOK_TOOLS` or `~/.cache/casebook/tools`.
pub fn tools_bin_dir() -> Vec<PathBuf> {
    let root = std::env::var_os("CASEBOOK_TOOLS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/casebook/tools")));
    root.map(|r| vec![r.join("bin")]).unwrap_or_default()
}

/// `tauri-driver`.
pub fn tauri_driver() -> Result<PathBuf> {
    find_tool(
        "tauri-driver",
        "CASEBOOK_TAURI_DRIVER",
        &tools_bin_dir(),
        "Run `make test` (it installs it into ~/.cache/casebook/tools), or \
         `cargo install tauri-driver --version ^2 --locked --root ~/.cache/casebook/tools`.",
    )
}

/// `WebKitWebDriver` (Debian package webkit2gtk-driver).
pub fn webkit_webdriver() -> Result<PathBuf> {
    find_tool(
        "WebKitWebDriver",
        "CASEBOOK_WEBKIT_WEBDRIVER",
        &[PathBuf::from("/usr/bin"), PathBuf::from("/usr/libexec/webkit2gtk-4.1")],
        "Install it with `apt-get install webkit2gtk-driver` (`make test` does).",
    )
}

/// `Xvfb` (Debian package xvfb).
pub fn xvfb() -> Result<PathBuf> {
    find_tool("Xvfb", "CASEBOOK_XVFB", &[], "Install it with `apt-get install xvfb xauth` (`make test` does).")
}

/// axe-core's browser bundle, installed by `npm ci --prefix tests`.
pub fn axe_script() -> Result<PathBuf> {
    let p = checkout().join("tests/node_modules/axe-core/axe.min.js");
    if p.is_file() {
        Ok(p)
    } else {
        Err(fail!("{} is missing. Run `npm ci --prefix tests` (`make test` does).", p.display()))
    }
}
