//! One Casebook per desktop session: launching it again brings back the window that is already
//! running (quick exit hid it) instead of starting a second app on the same vault.
//!
//! tauri-plugin-single-instance does the work: on Linux the first process takes a name on the
//! session D-Bus (the app identifier plus `.SingleInstance`); a later process finds the name
//! taken, asks the first to run [`bring_back`], and exits during its own setup, before any
//! window or vault is opened. Without a session bus (none running, or a sandbox without one)
//! the plugin does nothing and every launch is its own app, as before.
//!
//! Only in the real app ([`crate::run`]), never in [`crate::configure`]: the IPC tests build the
//! app in-process, and a test process must never find a developer's running Casebook and exit.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

use crate::window::MAIN;

/// The plugin, with [`bring_back`] as what a second launch asks for.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _args, _cwd| bring_back(app))
}

/// Shows the main window again: unhidden, unminimised, focused. It touches the window only,
/// never the vault or a running job: the page behind the window is whatever it was, so after
/// quick exit (which locked and loaded the unlock screen) that is the unlock screen, and an
/// export running when the person launched again runs on to its end.
pub fn bring_back<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN) else { return };
    // Each step may fail on some window managers; the others are still worth doing.
    let _ = window.show();
    let _ = window.unminimize();
    let _ = window.set_focus();
}
