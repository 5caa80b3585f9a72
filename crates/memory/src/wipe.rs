//! Overwriting bytes with zeros in a way the optimiser may not remove.
//!
//! A store just before `free` is a dead store to the compiler, which knows `free`'s meaning
//! and may drop it. glibc's `explicit_bzero` exists for exactly this and runs at `memset`
//! speed; elsewhere `zeroize`'s volatile writes do the same, more slowly.
#![allow(unsafe_code)]

/// Zeroes `len` bytes at `ptr`.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
#[inline]
pub(crate) unsafe fn wipe(ptr: *mut u8, len: usize) {
    if len == 0 {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the caller guarantees `ptr` is valid for `len` bytes of writes.
    unsafe {
        libc::explicit_bzero(ptr.cast(), len);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        use zeroize::Zeroize;
        // SAFETY: the caller guarantees `ptr` is valid for `len` bytes of writes, and no other
        // reference to those bytes is used while this slice exists.
        unsafe { core::slice::from_raw_parts_mut(ptr, len) }.zeroize();
    }
}
