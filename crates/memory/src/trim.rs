//! Handing freed heap back to the system after a lock.
//!
//! Rust's frees are zeroed ([`crate::ZeroOnFree`]), but C libraries in the same process
//! (SQLite, GLib, GTK, WebKit's UI side) free through the C allocator unwiped. glibc's
//! `malloc_trim` returns every whole free page of its heaps to the kernel (`MADV_DONTNEED`),
//! after which those pages read as zeros: what a C library freed is gone where it filled a
//! page. Freed scraps sharing a page with live data stay; docs/THREAT-MODEL.md says so.
#![allow(unsafe_code)]

/// Returns the C heap's free pages to the system (glibc); elsewhere does nothing.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks glibc's own heap under its lock.
    unsafe {
        libc::malloc_trim(0);
    }
}
