//! The main window, made in code rather than by Tauri from tauri.conf.json, for one reason:
//! the webview is incognito (WebKit keeps cache, cookies and storage in memory, never on
//! disk), but WebKitGTK only lets WebDriver automate the context Tauri made, and wry gives an
//! incognito webview a fresh private context of its own. So under WebDriver automation, and
//! only then, the window is made without incognito; tauri-driver sets
//! `TAURI_WEBVIEW_AUTOMATION=true`, and the end-to-end tests give the app a throw-away HOME, so
//! whatever WebKit writes there is deleted with the test. See docs/THREAT-MODEL.md.

use tauri::image::Image;
use tauri::{Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

use crate::disguise;

use crate::state::AppState;

/// The label of the one window, as in tauri.conf.json and capabilities/main.json.
pub const MAIN: &str = "main";

/// Opens the main window from its tauri.conf.json entry (which says `"create": false`), with
/// the title and the zoom the settings ask for.
pub fn open_main<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == MAIN).cloned() else {
        return Err(tauri::Error::WindowNotFound);
    };
    let state = app.state::<AppState>();
    let settings = state.settings();
    let (title, zoom) = (settings.window_title(), settings.zoom_factor());
    let window = WebviewWindowBuilder::from_config(app.handle(), &config)?
        .incognito(!under_automation())
        .title(title)
        .build()?;
    window.set_zoom(zoom)?;
    // The menu entry too, in case it went out of step (a settings file copied from elsewhere,
    // an override removed by hand). A failure here only costs the menu entry; say why.
    if let Err(e) = apply_disguise(&window, settings.neutral_title) {
        eprintln!("casebook: {e}");
    }
    Ok(())
}

/// Puts the disguise on or takes it off (disguise.rs): the window title, the taskbar icon and
/// the desktop menu entry. The title and icon always change; an error says why the menu entry
/// did not.
pub fn apply_disguise<R: Runtime>(window: &WebviewWindow<R>, on: bool) -> Result<(), String> {
    let title = if on { disguise::NEUTRAL_NAME } else { "Casebook" };
    window.set_title(title).map_err(|e| e.to_string())?;
    let icon = if on {
        Some(Image::new_owned(disguise::neutral_icon_rgba(), disguise::ICON_SIZE, disguise::ICON_SIZE))
    } else {
        window.app_handle().default_window_icon().map(|i| i.clone().to_owned())
    };
    if let Some(icon) = icon {
        window.set_icon(icon).map_err(|e| e.to_string())?;
    }
    let dirs = disguise::DesktopDirs::from_env().ok_or("the menu entry was not changed: no home directory")?;
    let exec = if on { disguise::exec_to_use(&dirs, std::env::current_exe().ok().as_deref()) } else { None };
    disguise::set_menu_entry(&dirs, on, exec).map_err(|e| e.to_string())
}

/// Whether WebDriver is driving this process (tauri-driver's environment variable, the same
/// one tauri-runtime-wry reads to allow automation).
pub(crate) fn under_automation() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
}
