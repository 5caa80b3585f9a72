//! Keeping a secret's pages out of swap (`mlock`).
//!
//! Best effort: the system may refuse (RLIMIT_MEMLOCK, commonly 8 MiB for a desktop user, is
//! far more than a few keys need; some containers allow nothing), and the caller carries on
//! either way. Hibernation writes locked pages to disk all the same; docs/THREAT-MODEL.md says
//! what a person can do about that.
#![allow(unsafe_code)]

/// Asks the system to keep the pages holding `value` in RAM. Returns whether it agreed.
/// Takes any value, so a key type that is not a byte array (an Ed25519 signing key) can be
/// locked where it lies; it should live on the heap, where it stays put.
/// Pages are shared with neighbouring data, which is kept in RAM too; that is harmless.
/// There is no unlock: locks do not nest (unlocking a page would unlock it for every other
/// secret on it), so a locked page stays locked until the process ends.
pub fn lock_in_ram<T: ?Sized>(value: &T) -> bool {
    let len = core::mem::size_of_val(value);
    if len == 0 {
        return true;
    }
    #[cfg(unix)]
    {
        // SAFETY: mlock only changes how the kernel pages the range; it reads and writes no
        // memory, and the range is one live value.
        unsafe { libc::mlock((value as *const T).cast(), len) == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}
