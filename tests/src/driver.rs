//! tauri-driver (and the WebKitWebDriver it starts) for one test.

use std::ffi::OsString;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::display::terminate;
use crate::{Result, fail, paths};

/// A running tauri-driver, stopped with SIGTERM when dropped (it then kills its
/// WebKitWebDriver; the app itself is closed by ending the WebDriver session first).
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Driver {
    /// Starts tauri-driver on free ports with `env` added to its environment (the app,
    /// started by WebKitWebDriver, inherits it), and waits until both it and WebKitWebDriver
    /// accept connections. `log` receives both drivers' and the app's output.
    pub fn start(display: &str, env: &[(&str, OsString)], log: &Path) -> Result<Driver> {
        let tauri_driver = paths::tauri_driver()?;
        let native = paths::webkit_webdriver()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let mut path = vec![native.parent().map(Path::to_path_buf).unwrap_or_default()];
        path.extend(
            std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default(),
        );
        let log_file = std::fs::File::create(log)?;
        let mut cmd = Command::new(&tauri_driver);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .arg("--native-driver")
            .arg(&native)
            .env("DISPLAY", display)
            .env("PATH", std::env::join_paths(path).map_err(|e| fail!("bad PATH: {e}"))?)
            // Keep the session bus and any real desktop out of it. Without a bus the app's
            // single-instance check finds nothing (a developer's own Casebook is never
            // reached); tests that want one pass their own DBUS_SESSION_BUS_ADDRESS in `env`.
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("GDK_BACKEND", "x11")
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().map_err(|e| fail!("cannot start {}: {e}", tauri_driver.display()))?;
        let mut driver = Driver { child, port, log: log.to_path_buf() };
        // A GET /status probe is flaky under load; a port that accepts TCP is enough.
        let deadline = Instant::now() + Duration::from_secs(30);
        for p in [port, native_port] {
            loop {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    return Err(fail!("tauri-driver exited ({status}); its log: {}", driver.log_tail()));
                }
                let addr = SocketAddr::from(([127, 0, 0, 1], p));
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(fail!(
                        "port {p} (tauri-driver or WebKitWebDriver) not open after 30 s; log: {}",
                        driver.log_tail()
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(driver)
    }

    /// The WebDriver URL to connect to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last lines of the drivers' and app's output, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(5));
    }
}

/// A TCP port nobody is listening on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// Kills any process still running with `marker` in its environment: an app this test
/// started (through WebKitWebDriver) that outlived its session, e.g. after a driver crash.
/// Only processes carrying this test's own temp-dir path are touched, by pid.
/// The app marks itself not dumpable (no core dumps), which makes its `/proc/<pid>/environ`
/// readable only by root; as another user this finds nothing, and the test relies on ending
/// the WebDriver session and stopping tauri-driver, which close the app anyway.
pub fn reap_by_env(marker: &str) {
    let Ok(dir) = std::fs::read_dir("/proc") else { return };
    let me = std::process::id().to_string();
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == me || !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else { continue };
        if environ.split(|&b| b == 0).any(|var| var == marker.as_bytes()) {
            let _ = Command::new("kill").args(["-KILL", &name]).stderr(Stdio::null()).status();
        }
    }
}
