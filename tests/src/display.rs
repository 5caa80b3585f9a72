//! A private X display (Xvfb) for one test.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::{Result, fail, paths};

/// An Xvfb server, stopped when dropped.
#[derive(Debug)]
pub struct Display {
    child: Child,
    number: u32,
}

impl Display {
    /// Starts Xvfb on a free display number. Xvfb picks the number itself (`-displayfd`), so
    /// two checkouts testing at once, or a stale lock file, cannot collide.
    pub fn start() -> Result<Display> {
        let xvfb = paths::xvfb()?;
        let mut child = Command::new(&xvfb)
            .args(["-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| fail!("cannot start {}: {e}", xvfb.display()))?;
        let stdout = child.stdout.take().ok_or_else(|| fail!("Xvfb has no stdout"))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut display = Display { child, number: 0 };
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .map_err(|_| fail!("Xvfb did not report a display number within 20 s"))?;
        display.number = line
            .trim()
            .parse()
            .map_err(|_| fail!("Xvfb did not start (it printed {line:?} for its display number)"))?;
        Ok(display)
    }

    /// The value for `DISPLAY`, e.g. `:42`.
    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        terminate(&mut self.child, Duration::from_secs(5));
    }
}

/// Asks a child to stop (SIGTERM, so it can clean up its own children and lock files),
/// then kills it if it has not gone within `grace`.
pub fn terminate(child: &mut Child, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let deadline = std::time::Instant::now() + grace;
    while std::time::Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
