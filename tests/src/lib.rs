//! Casebook's end-to-end harness: the real desktop app in a real webview, driven the way a
//! person uses it.
//!
//! Each test gets a private Xvfb display ([`display`]), its own `tauri-driver` on free ports
//! ([`driver`]), its own temporary vault, and a WebDriver session ([`session`]) that launches
//! the debug build of `casebook-app`. Tests run one at a time ([`serial`]): the machine that
//! runs `make test` may have two cores, and WebKit under load is slow enough already.
//!
//! Nothing here links the app. The tests cross only process boundaries: the app binary,
//! tauri-driver, WebKitWebDriver, and the `casebook` CLI for filling a vault beforehand.
//! If any of these is missing the test fails and says what to run; it never passes silently.
//!
//! Every screen a test visits is saved as a PNG under `target/e2e-screens/` in the checkout,
//! so a person can look at what a victim will see.

pub mod axe;
pub mod chromium;
pub mod dbus;
pub mod display;
pub mod driver;
pub mod fixtures;
pub mod memdump;
pub mod paths;
pub mod session;

use std::sync::{Mutex, MutexGuard};

/// What harness functions return: errors carry a sentence saying what went wrong.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A harness error: a message for the person reading the test output.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<fantoccini::error::CmdError> for Error {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Error(format!("WebDriver command failed: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(format!("I/O error: {e}"))
    }
}

/// Builds an [`Error`] from format arguments.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => { $crate::Error(format!($($arg)*)) };
}

/// Returns early with an [`Error`] unless the condition holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($arg:tt)*) => {
        if !$cond { return Err($crate::fail!($($arg)*)); }
    };
}

static SERIAL: Mutex<()> = Mutex::new(());

/// Held for the whole of one end-to-end test, so that only one app runs at a time. A test
/// that panicked poisons the lock; the next one carries on regardless.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}
