//! The main window, made in code rather than by Tauri from tauri.conf.json, for one reason:
//! the webview is incognito (WebKit keeps cache, cookies and storage in memory, never on
//! disk), but WebKitGTK only lets WebDriver automate the context Tauri made, and wry gives an
//! incognito webview a fresh private context of its own. So under WebDriver automation, and
//! only then, the window is made without incognito; tauri-driver sets
//! `TAURI_WEBVIEW_AUTOMATION=true`, and the end-to-end tests give the app a throw-away HOME, so
//! whatever WebKit writes there is deleted with the test. See docs/THREAT-MODEL.md.

use tauri::{Manager, Runtime, WebviewWindowBuilder};

use crate::state::{AppState, lock};

/// The label of the one window, as in tauri.conf.json and capabilities/main.json.
pub const MAIN: &str = "main";

/// Opens the main window from its tauri.conf.json entry (which says `"create": false`), with
/// the title and the zoom the settings ask for.
pub fn open_main<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == MAIN).cloned() else {
        return Err(tauri::Error::WindowNotFound);
    };
    let state = app.state::<AppState>();
    let (title, zoom) = {
        let settings = lock(&state.settings);
        (settings.window_title(), settings.zoom_factor())
    };
    let window = WebviewWindowBuilder::from_config(app.handle(), &config)?
        .incognito(!under_automation())
        .title(title)
        .build()?;
    window.set_zoom(zoom)?;
    Ok(())
}

/// Whether WebDriver is driving this process (tauri-driver's environment variable, the same
/// one tauri-runtime-wry reads to allow automation).
pub(crate) fn under_automation() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
}
