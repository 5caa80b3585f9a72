//! Large blocks mapped straight from the kernel, and handed straight back.
//!
//! glibc serves a block of 128 KiB or more with its own `mmap` at first, but each time such a
//! block is freed it raises that threshold (up to 32 MiB), after which blocks of that size come
//! from the heap. Freed there, they leave holes between live small blocks that the heap cannot
//! give back, so a process streaming megabyte buffers (an export of 500 MiB of exhibits) keeps
//! growing: 425 MiB at peak where 98 MiB sufficed with the threshold pinned. Mapping every
//! block of [`LARGE_BLOCK`] or more here keeps that decision out of glibc's hands: a freed large
//! block is unmapped at once, so the process's memory goes down as soon as Rust frees it.
//!
//! Unmapped pages leave the process: a memory dump of it cannot read them, and the kernel
//! clears a page before it maps it into any process again, so they need no wiping first
//! (docs/THREAT-MODEL.md says what that leaves). Growing or shrinking a mapped block
//! (`mremap`) moves or trims its pages without copying them, so no copy is left behind either.
#![allow(unsafe_code)]

use core::alloc::Layout;

/// Blocks of this size or more are mapped here (glibc's own default threshold).
pub const LARGE_BLOCK: usize = 128 * 1024;

/// The smallest page size Linux has: a mapping is aligned to at least this.
const PAGE: usize = 4096;

/// Whether a block of `layout` is one this module maps. A pure function of the layout, so
/// `dealloc` and `realloc`, which get the layout back, always agree with the `alloc` before.
#[inline]
pub(crate) fn serves(layout: Layout) -> bool {
    cfg!(target_os = "linux") && layout.size() >= LARGE_BLOCK && layout.align() <= PAGE
}

/// Fresh zeroed pages for `size` bytes, or null if the kernel refuses.
///
/// # Safety
/// `size` must be non-zero.
#[inline]
pub(crate) unsafe fn map(size: usize) -> *mut u8 {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
        // no existing memory.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED { core::ptr::null_mut() } else { ptr.cast() }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = size;
        core::ptr::null_mut()
    }
}

/// Gives the pages of a block from [`map`] back to the kernel.
///
/// # Safety
/// `ptr` and `size` must be a live block from [`map`] (or [`remap`]), not used afterwards.
#[inline]
pub(crate) unsafe fn unmap(ptr: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: the caller gives up the whole mapping; munmap of a valid range cannot fail.
    unsafe {
        libc::munmap(ptr.cast(), size);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (ptr, size);
}

/// Grows or shrinks a block from [`map`] to `new_size`, moving its pages if it must. Null if
/// the kernel refuses, in which case the old block is untouched.
///
/// # Safety
/// `ptr` and `old_size` must be a live block from [`map`] (or [`remap`]); on success it is
/// replaced by the returned one. `new_size` must be non-zero.
#[inline]
pub(crate) unsafe fn remap(ptr: *mut u8, old_size: usize, new_size: usize) -> *mut u8 {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: the range is one live mapping; MREMAP_MAYMOVE lets the kernel move its pages
        // to a new address, after which the old range is unmapped.
        let new = unsafe { libc::mremap(ptr.cast(), old_size, new_size, libc::MREMAP_MAYMOVE) };
        if new == libc::MAP_FAILED { core::ptr::null_mut() } else { new.cast() }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (ptr, old_size, new_size);
        core::ptr::null_mut()
    }
}
