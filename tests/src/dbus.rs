//! A private D-Bus session bus for one test: the single-instance plugin meets a second launch
//! there, and the AT-SPI bus runs on it. It is marked with the test's vault path (the sandbox
//! reaps processes so marked) and stopped when dropped.

use std::process::{Command, Stdio};

use crate::session::Sandbox;
use crate::{Result, ensure, fail};

/// A running `dbus-daemon --session` of this test.
pub struct SessionBus {
    /// What `DBUS_SESSION_BUS_ADDRESS` should be for a process on this bus.
    pub address: String,
    pid: u32,
}

impl SessionBus {
    /// Starts the daemon (Debian package dbus-daemon) and reads its address and pid.
    pub fn start(sb: &Sandbox) -> Result<SessionBus> {
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .env("CASEBOOK_VAULT", sb.vault())
            .stderr(Stdio::null())
            .output()
            .map_err(|e| fail!("cannot run dbus-daemon (Debian package dbus-daemon): {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let address = lines.next().unwrap_or_default().trim().to_owned();
        let pid = lines.next().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
        ensure!(address.starts_with("unix:") && pid > 0, "dbus-daemon said {text:?}");
        Ok(SessionBus { address, pid })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
    }
}
