//! The zero-on-free global allocator.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use std::alloc::System;

use crate::large;
use crate::wipe::wipe;

/// A global allocator that zeroes every block before handing it back to `A` (the system
/// allocator in the app), and maps blocks of [`crate::LARGE_BLOCK`] or more itself, giving
/// their pages back to the kernel when they are freed (see `large.rs` for why).
///
/// Growing or shrinking a block never lets `A` move it unwiped: `realloc` is a fresh
/// allocation, a copy, and a wiped free of the old block. (The system `realloc` may copy and
/// free the old block itself, out of reach; growing in place is the speed this gives up,
/// measured in `make bench`.) A large block grows or shrinks by moving its pages (`mremap`),
/// which leaves no copy behind.
#[derive(Debug, Default)]
pub struct ZeroOnFree<A = System> {
    inner: A,
}

impl ZeroOnFree<System> {
    /// Over the system allocator: what the app and the command-line tool install.
    pub const fn system() -> Self {
        Self { inner: System }
    }
}

impl<A> ZeroOnFree<A> {
    /// Over any allocator (tests use one that looks at what it is given back).
    pub const fn new(inner: A) -> Self {
        Self { inner }
    }

    /// The allocator underneath.
    pub const fn inner(&self) -> &A {
        &self.inner
    }
}

impl<A: GlobalAlloc> ZeroOnFree<A> {
    /// Frees a block, wiping it first if `wipe` (the allocator always does; the benchmarks'
    /// [`crate::Toggle`] measures the cost without). A large block is unmapped instead: its
    /// pages leave the process (`large`).
    ///
    /// # Safety
    /// As `GlobalAlloc::dealloc`.
    #[inline]
    pub(crate) unsafe fn free(&self, ptr: *mut u8, layout: Layout, wipe_first: bool) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes that the caller gives up; a
        // layout `large` serves came from `large::map` (`alloc` decides by the same layout).
        unsafe {
            if large::serves(layout) {
                large::unmap(ptr, layout.size());
            } else {
                if wipe_first {
                    wipe(ptr, layout.size());
                }
                self.inner.dealloc(ptr, layout);
            }
        }
    }

    /// Resizes a block. Large to large moves or trims its pages (`mremap`, no copy left
    /// behind). Otherwise a fresh block, a copy, and a free of the old one as in [`Self::free`];
    /// or, when not wiping and both sizes are small, `A`'s own `realloc` (the plain baseline).
    ///
    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub(crate) unsafe fn resize(&self, ptr: *mut u8, layout: Layout, new_size: usize, wipe_first: bool) -> *mut u8 {
        // SAFETY: `realloc`'s contract makes `new_size` with `layout.align()` a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let (was_large, is_large) = (large::serves(layout), large::serves(new_layout));
        // SAFETY: `ptr` is live with `layout`; each path below keeps the old block untouched
        // when it returns null, as `realloc` requires. For a fresh block, both blocks are live
        // and distinct and the copy stays within the smaller of the two.
        unsafe {
            if was_large && is_large {
                return large::remap(ptr, layout.size(), new_size);
            }
            if !wipe_first && !was_large && !is_large {
                return self.inner.realloc(ptr, layout, new_size);
            }
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.free(ptr, layout, wipe_first);
            }
            new
        }
    }
}

// SAFETY: small blocks are forwarded to `A` with the layout they were given; large ones
// (`large::serves`, a function of the layout alone, so `alloc`, `dealloc` and `realloc`
// always agree on which a block is) are whole private mappings of at least the layout's size,
// page-aligned, which satisfies any alignment `large` accepts. The only additions are writes
// of zeros to a small block the caller is giving up (valid for `layout.size()` bytes by
// `dealloc`'s contract) and copies between two live blocks of at least the copied length.
unsafe impl<A: GlobalAlloc> GlobalAlloc for ZeroOnFree<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: a large block is a fresh mapping of `layout.size()` (non-zero) bytes; a
        // small one is forwarded with the caller's (non-zero-sized) layout.
        unsafe { if large::serves(layout) { large::map(layout.size()) } else { self.inner.alloc(layout) } }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`; fresh mappings are zero pages, and calloc is faster than
        // alloc + write.
        unsafe { if large::serves(layout) { large::map(layout.size()) } else { self.inner.alloc_zeroed(layout) } }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.free(ptr, layout, true) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.resize(ptr, layout, new_size, true) }
    }
}
