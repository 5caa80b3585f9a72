//! The Casebook desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Every heap block is zeroed when freed, so decrypted text and the passphrase do not outlive
/// their use in freed memory (issue 17; docs/THREAT-MODEL.md).
#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

fn main() {
    // Decrypted evidence stays out of crash dumps; if the system refuses, carry on regardless.
    let _ = casebook_core::process::keep_out_of_core_dumps();
    casebook_app::run();
}
