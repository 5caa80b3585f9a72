//! Settings: auto-lock time, the disguise (a neutral name and icon) and the zoom.

use tauri::{Runtime, State, WebviewWindow};

use crate::error::{IpcError, IpcResult};
use crate::settings::Settings;
use crate::state::AppState;

/// Current settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings()
}

/// Saves settings and applies the disguise (window.rs `apply_disguise`) and the zoom at once.
#[tauri::command]
pub fn set_settings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    settings: Settings,
) -> IpcResult<Settings> {
    if settings.auto_lock_seconds < Settings::MIN_AUTO_LOCK_SECONDS {
        return Err(IpcError::plain("auto-lock can be one minute at the shortest"));
    }
    if !Settings::ZOOM_PERCENT.contains(&settings.zoom_percent) {
        return Err(IpcError::plain("the zoom can be from 100% to 200%"));
    }
    settings.save(&state.settings_path).map_err(|e| IpcError::plain(format!("settings could not be saved: {e}")))?;
    window.set_zoom(settings.zoom_factor()).map_err(|e| IpcError::plain(e.to_string()))?;
    let was_on = state.replace_settings(settings.clone()).neutral_title;
    state.touch();
    // The disguise's title, icon and menu entry, only when it is switched (the zoom keys save
    // settings too, and must not rewrite the menu entry each time).
    if was_on != settings.neutral_title {
        crate::window::apply_disguise(&window, settings.neutral_title).map_err(IpcError::plain)?;
    }
    Ok(settings)
}
