//! Casebook's desktop shell: a thin Tauri 2 layer over casebook-core.
//!
//! Each IPC command is a few lines that call the same core functions as the CLI. The
//! unlocked vault lives in managed state; errors cross as `{code, message}`; decrypted
//! images are served from memory through the `casebook://` scheme.

pub mod commands;
pub mod error;
pub mod navigation;
pub mod protocol;
pub mod settings;
pub mod state;

use tauri::Manager;

/// Sets up `builder` around `state`: plugins, the `casebook://` scheme, the commands, the
/// window title. The app passes the real builder; tests pass `tauri::test::mock_builder()`.
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>, state: state::AppState) -> tauri::Builder<R> {
    let title = state::lock(&state.settings).window_title();
    builder
        .plugin(navigation::guard())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .register_uri_scheme_protocol("casebook", protocol::handle)
        .invoke_handler(commands::handler())
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(title)?;
            }
            Ok(())
        })
}

/// Runs the desktop app.
pub fn run() {
    configure(tauri::Builder::default(), state::AppState::from_env()).run(tauri::generate_context!()).unwrap_or_else(
        |e| {
            eprintln!("casebook: the app could not start: {e}");
            std::process::exit(1);
        },
    );
}
