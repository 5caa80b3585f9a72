//! Nothing in the desktop's memory of recent files.
//!
//! Tauri's dialogs are GTK's file chooser (through rfd's GTK backend). When a file is chosen
//! or saved, GTK's chooser adds it to the desktop's list of recently used files
//! (`~/.local/share/recently-used.xbel`), which every other program and anyone at the laptop
//! can read: the name and folder of each pack, backup and imported export. Turning off GTK's
//! `gtk-recent-files-enabled` setting for this process stops that (GtkRecentManager then
//! adds nothing); `gtk-recent-files-max-age` 0 keeps its in-memory list empty too.
//! `tests/recent_files.rs` drives the chooser under Xvfb, with and without this.

/// Stops GTK adding this process's picked and saved files to the recent-files list. Call
/// once GTK is initialised (after the Tauri app is built), before any dialog opens.
#[cfg(target_os = "linux")]
pub fn forget_recent_files() {
    use gtk::prelude::ObjectExt;
    if let Some(settings) = gtk::Settings::default() {
        settings.set_property("gtk-recent-files-enabled", false);
        settings.set_property("gtk-recent-files-max-age", 0i32);
    }
}

/// Other platforms: nothing to do here.
#[cfg(not(target_os = "linux"))]
pub fn forget_recent_files() {}
