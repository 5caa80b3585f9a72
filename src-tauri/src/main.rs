//! The Casebook desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Every heap block is zeroed when freed, so decrypted text and the passphrase do not outlive
/// their use in freed memory (issue 17; docs/THREAT-MODEL.md).
#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    wipe_c_frees_too();
    // Decrypted evidence stays out of crash dumps; if the system refuses, carry on regardless.
    let _ = casebook_core::process::keep_out_of_core_dumps();
    casebook_app::run();
}

/// What C code frees is overwritten too. The allocator above covers Rust; GLib, GTK and
/// WebKit's UI side copy IPC bodies into C heap and free them unwiped. glibc overwrites every
/// block it frees when the tunable `glibc.malloc.perturb` is set, and tunables are read only
/// at start, so the app starts itself again once with it set (same arguments, same process id;
/// WebKit's processes inherit it). If that fails the app runs as before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn wipe_c_frees_too() {
    use std::os::unix::process::CommandExt;
    const TUNABLE: &str = "glibc.malloc.perturb=165";
    let current = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
    if current.contains("glibc.malloc.perturb=") {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let value = if current.is_empty() { TUNABLE.to_owned() } else { format!("{current}:{TUNABLE}") };
    let mut args = std::env::args_os();
    let mut again = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        again.arg0(arg0);
    }
    let failed = again.args(args).env("GLIBC_TUNABLES", value).exec();
    eprintln!("casebook: could not restart with C frees wiped ({failed}); carrying on");
}
