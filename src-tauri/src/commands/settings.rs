//! Settings: auto-lock time, the neutral window title and the zoom.

use tauri::{Runtime, State, WebviewWindow};

use crate::error::{IpcError, IpcResult};
use crate::settings::Settings;
use crate::state::{AppState, lock};

/// Current settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    lock(&state.settings).clone()
}

/// Saves settings and applies the window title and the zoom at once.
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
    window.set_title(settings.window_title()).map_err(|e| IpcError::plain(e.to_string()))?;
    window.set_zoom(settings.zoom_factor()).map_err(|e| IpcError::plain(e.to_string()))?;
    *lock(&state.settings) = settings.clone();
    state.touch();
    Ok(settings)
}
