//! Keeping the process's memory out of Windows Error Reporting (WER), the Windows counterpart
//! of Linux's "no core dumps": while the vault is unlocked the process holds its keys, the
//! passphrase just typed and decrypted entries, and a crash report with a dump of that memory
//! would stay on the disk (`%LOCALAPPDATA%\CrashDumps`, `…\Microsoft\Windows\WER\ReportQueue`)
//! and may be sent to Microsoft.
//!
//! What [`keep_memory_out`] does, and what it does not stop:
//! - `SetErrorMode(SEM_NOGPFAULTERRORBOX)`: an unhandled exception (an access violation in
//!   SQLite, a stack overflow) no longer invokes WER at all, so no report and no dump is made.
//!   Process-wide, inherited by child processes, nothing stored anywhere.
//! - `WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)`: for the crashes that still reach WER, no heap
//!   in the report. Those are fail-fast exits, which bypass every exception handler and the
//!   error mode: Rust's `abort` (a panic while panicking, an allocation failure), and the heap's
//!   and the C runtime's own corruption checks.
//! - Not used: `WerAddExcludedApplication`. It writes the program's name into the registry
//!   (`HKCU\…\Windows Error Reporting\ExcludedApplications`), a lasting trace that Casebook is
//!   installed, which the disguise is meant to avoid, and it excludes by file name, not by process.
//! - Not stopped: a dump configured by an administrator (`LocalDumps` with a full dump type, or
//!   a debugger registered as `AeDebug`) for a fail-fast exit; a program of the same user taking
//!   a dump on purpose (Task Manager's "Create dump file", ProcDump): Windows has no
//!   counterpart of Linux's "not dumpable" for a process of the same user; and the page file
//!   and hibernation file. docs/THREAT-MODEL.md lists these.
#![allow(unsafe_code)]

use std::io;

use windows_sys::Win32::Foundation::S_OK;
use windows_sys::Win32::System::Diagnostics::Debug::{GetErrorMode, SEM_NOGPFAULTERRORBOX, SetErrorMode};
use windows_sys::Win32::System::ErrorReporting::{WER_FAULT_REPORTING_FLAG_NOHEAP, WerGetFlags, WerSetFlags};
use windows_sys::Win32::System::Threading::GetCurrentProcess;

/// Stops unhandled exceptions from invoking WER, and asks WER to leave the heap out of the
/// reports it still makes. The first always holds; a failure of the second is returned (Wine 8
/// does not implement `WerSetFlags`), for the caller to ignore or report.
pub fn keep_memory_out() -> io::Result<()> {
    // SAFETY: both only read and set this process's error mode; no memory is passed.
    unsafe { SetErrorMode(GetErrorMode() | SEM_NOGPFAULTERRORBOX) };
    // SAFETY: sets a flag of this process; no memory is passed.
    let result = unsafe { WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP) };
    if result != S_OK {
        return Err(io::Error::other(format!("WerSetFlags failed (HRESULT {:#010x})", result as u32)));
    }
    Ok(())
}

/// What this process has asked of WER, read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Unhandled exceptions do not invoke WER (`SEM_NOGPFAULTERRORBOX` in the error mode).
    pub wer_not_invoked: bool,
    /// WER leaves the heap out of this process's reports; `None` where the flags cannot be
    /// read (Wine 8 does not implement `WerGetFlags`).
    pub no_heap: Option<bool>,
}

/// Reads this process's error mode and WER flags.
pub fn settings() -> Settings {
    // SAFETY: reads this process's error mode.
    let mode = unsafe { GetErrorMode() };
    let mut flags = 0u32;
    // SAFETY: the pseudo-handle of this process needs no closing; `flags` receives the flags.
    let read = unsafe { WerGetFlags(GetCurrentProcess(), &mut flags) };
    Settings {
        wer_not_invoked: mode & SEM_NOGPFAULTERRORBOX != 0,
        no_heap: (read == S_OK).then_some(flags & WER_FAULT_REPORTING_FLAG_NOHEAP != 0),
    }
}
