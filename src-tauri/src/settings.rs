//! App settings that must be readable before unlocking (the window title on the lock
//! screen, the auto-lock time, the zoom). Nothing in them is about the person's life.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What the person can change in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many seconds without input (default 5 minutes).
    pub auto_lock_seconds: u32,
    /// The disguise: "Notes" and a neutral icon for the window title, the taskbar and the
    /// desktop menu entry instead of "Casebook" (disguise.rs). The name is kept from when it
    /// changed the title only, so settings files written then still read.
    pub neutral_title: bool,
    /// The page's zoom in percent, 100 to 200 (Settings, or Ctrl+= / Ctrl+- / Ctrl+0); applied
    /// when the window opens, so someone who needs large text never starts at 100%.
    pub zoom_percent: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Self { auto_lock_seconds: 300, neutral_title: false, zoom_percent: 100 }
    }
}

impl Settings {
    /// Shortest auto-lock the UI offers (tests may set less through the environment).
    pub const MIN_AUTO_LOCK_SECONDS: u32 = 60;

    /// The zoom the app offers: from 100% (the system's own scaling) to 200%.
    pub const ZOOM_PERCENT: std::ops::RangeInclusive<u16> = 100..=200;

    /// The webview's zoom factor; a value outside the range (a hand-edited file) is brought
    /// into it rather than refused, so the window always opens readable.
    pub fn zoom_factor(&self) -> f64 {
        let (lo, hi) = (*Self::ZOOM_PERCENT.start(), *Self::ZOOM_PERCENT.end());
        f64::from(self.zoom_percent.clamp(lo, hi)) / 100.0
    }

    /// The window title these settings call for.
    pub fn window_title(&self) -> &'static str {
        if self.neutral_title { crate::disguise::NEUTRAL_NAME } else { "Casebook" }
    }

    /// Reads settings; a missing or unreadable file gives the defaults.
    pub fn load(path: &Path) -> Self {
        std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    /// Writes settings via a temporary file and rename.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        // Written and flushed through the one handle (Windows flushes only through a handle
        // that may write, so a second, read-only open would fail there).
        let mut file = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut file, &serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
        file.sync_all()?;
        std::fs::rename(tmp, path)
    }
}

/// Where settings live: beside the vault, so a vault given with `CASEBOOK_VAULT` (tests,
/// a USB stick) carries its own.
pub fn settings_path_for(vault: &Path) -> PathBuf {
    let name = vault.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    vault.with_file_name(format!("{name}.settings.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settings_file_without_a_zoom_or_with_one_out_of_range_opens_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, br#"{"auto_lock_seconds": 300, "neutral_title": false}"#).unwrap();
        assert_eq!(Settings::load(&path).zoom_factor(), 1.0);
        std::fs::write(&path, br#"{"zoom_percent": 400}"#).unwrap();
        assert_eq!(Settings::load(&path).zoom_factor(), 2.0);
        std::fs::write(&path, br#"{"zoom_percent": 20}"#).unwrap();
        assert_eq!(Settings::load(&path).zoom_factor(), 1.0);
        std::fs::write(&path, br#"{"zoom_percent": 150}"#).unwrap();
        assert_eq!(Settings::load(&path).zoom_factor(), 1.5);
    }
}
