//! A one-line progress display on stderr, only when stderr is a terminal: scripts and logs
//! get nothing but the result on stdout and errors on stderr.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn at most (a terminal cannot show more, and it costs time).
const EVERY: Duration = Duration::from_millis(100);

/// The progress line. Cleared when dropped, so the result that follows starts on a clean line.
#[derive(Debug)]
pub struct ProgressLine {
    enabled: bool,
    last: Option<Instant>,
    shown: bool,
}

impl ProgressLine {
    /// A progress line that shows only if stderr is a terminal.
    pub fn new() -> Self {
        Self { enabled: std::io::stderr().is_terminal(), last: None, shown: false }
    }

    /// Shows `text`, unless the line was redrawn very recently.
    pub fn show(&mut self, text: impl FnOnce() -> String) {
        if !self.enabled || self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        // Carriage return and "erase line": the next draw replaces this one.
        let _ = write!(err, "\r\x1b[2K{}", text());
        let _ = err.flush();
        self.shown = true;
    }

    /// Removes the line.
    pub fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `done` of `total` as a whole percentage (0 when the total is unknown).
pub fn percent(done: u64, total: u64) -> u64 {
    done.saturating_mul(100).checked_div(total).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_handles_zero_and_overshoot() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(3, 3), 100);
    }
}
