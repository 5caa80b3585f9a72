//! Keeping a secret's pages out of swap (`mlock`).
//!
//! Best effort: the system may refuse (RLIMIT_MEMLOCK, commonly 8 MiB for a desktop user, is
//! far more than a few keys need; some containers allow nothing), and the caller carries on
//! either way. Hibernation writes locked pages to disk all the same; docs/THREAT-MODEL.md says
//! what a person can do about that.
#![allow(unsafe_code)]

/// Asks the system to keep the pages holding `bytes` in RAM. Returns whether it agreed.
/// Pages are shared with neighbouring data, which is kept in RAM too; that is harmless.
/// There is no unlock: locks do not nest (unlocking a page would unlock it for every other
/// secret on it), so a locked page stays locked until the process ends.
pub fn lock_in_ram(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    #[cfg(unix)]
    {
        // SAFETY: mlock only changes how the kernel pages the range; it reads and writes no
        // memory, and the range is a live slice.
        unsafe { libc::mlock(bytes.as_ptr().cast(), bytes.len()) == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}
