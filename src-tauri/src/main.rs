//! The Casebook desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Decrypted evidence stays out of crash dumps; if the system refuses, carry on regardless.
    let _ = casebook_core::process::keep_out_of_core_dumps();
    casebook_app::run();
}
