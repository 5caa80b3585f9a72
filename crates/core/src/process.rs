//! Keeping decrypted evidence out of crash dumps.
//!
//! While the vault is unlocked, this process holds the master key and decrypted entries. A
//! crash must not write them to disk in a core file (systemd-coredump keeps those for days,
//! readable by the same user). The CLI and the app call [`keep_out_of_core_dumps`] first
//! thing. On Linux: core size limit 0, and the process marked not dumpable, which also stops
//! other processes of the same user from attaching a debugger or reading `/proc/<pid>/mem`.
//! On Windows: Windows Error Reporting is not invoked for an unhandled exception, and leaves
//! the heap out of the reports it still makes (`casebook_windows::crash_reports` says which, and
//! what neither stops).

/// Turns off core dumps for this process (Linux), or keeps its memory out of Windows Error
/// Reporting (Windows); elsewhere nothing happens. Best effort: a failure is returned for the
/// caller to ignore or report, never fatal.
pub fn keep_out_of_core_dumps() -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
        setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
        set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    }
    #[cfg(windows)]
    casebook_windows::crash_reports::keep_memory_out()?;
    Ok(())
}

#[cfg(all(test, windows))]
mod windows_tests {
    /// Issue 19: on Windows nothing kept a crash of an unlocked Casebook from being reported
    /// to Windows Error Reporting with a dump of its memory.
    #[test]
    fn a_hardened_process_does_not_invoke_windows_error_reporting() {
        let _ = super::keep_out_of_core_dumps();
        let settings = casebook_windows::crash_reports::settings();
        assert!(settings.wer_not_invoked, "{settings:?}");
        // Wine 8 cannot read the WER flags back (WerGetFlags is not implemented there).
        assert_ne!(settings.no_heap, Some(false), "{settings:?}");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn a_hardened_child_has_no_core_limit_and_is_not_dumpable() {
        // Run in a child process so the test binary itself stays debuggable.
        if std::env::var_os("CASEBOOK_CORE_DUMP_CHILD").is_some() {
            super::keep_out_of_core_dumps().expect("hardening works on Linux");
            let limits = std::fs::read_to_string("/proc/self/limits").expect("limits");
            let core = limits.lines().find(|l| l.starts_with("Max core file size")).expect("core line");
            assert_eq!(core.split_whitespace().nth(4), Some("0"), "{core}");
            assert_eq!(rustix::process::dumpable_behavior().ok(), Some(rustix::process::DumpableBehavior::NotDumpable));
            return;
        }
        let me = std::env::current_exe().expect("test binary");
        let out = std::process::Command::new(me)
            .args(["--exact", "process::tests::a_hardened_child_has_no_core_limit_and_is_not_dumpable", "--nocapture"])
            .env("CASEBOOK_CORE_DUMP_CHILD", "1")
            .output()
            .expect("child runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
    }
}
