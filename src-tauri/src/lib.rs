//! Casebook's desktop shell: a thin Tauri 2 layer over casebook-core.
//!
//! Each IPC command is a few lines that call the same core functions as the CLI. The
//! unlocked vault lives in managed state; errors cross as `{code, message}`; decrypted
//! images are served from memory through the `casebook://` scheme.

pub mod clipboard;
pub mod commands;
pub mod disguise;
pub mod error;
pub mod fresh_page;
pub mod navigation;
pub mod protocol;
pub mod recent_files;
pub mod sealed;
pub mod secret;
pub mod settings;
pub mod single_instance;
pub mod state;
pub mod window;

/// Sets up `builder` around `state`: plugins, the `casebook://` scheme, the commands. The
/// app passes the real builder; tests pass `tauri::test::mock_builder()` and make their own
/// window.
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>, state: state::AppState) -> tauri::Builder<R> {
    builder
        .plugin(navigation::guard())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .register_uri_scheme_protocol("casebook", protocol::handle)
        .invoke_handler(commands::handler())
}

/// Runs the desktop app.
pub fn run() {
    // The single-instance plugin first: a second launch exits in its setup, before the
    // others run (single_instance.rs).
    let builder = tauri::Builder::default().plugin(single_instance::plugin());
    let started = configure(builder, state::AppState::from_env()).build(tauri::generate_context!()).and_then(|app| {
        // GTK is initialised by now; no dialog has opened yet.
        recent_files::forget_recent_files();
        window::open_main(&app).map(|()| app)
    });
    match started {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("casebook: the app could not start: {e}");
            std::process::exit(1);
        }
    }
}
