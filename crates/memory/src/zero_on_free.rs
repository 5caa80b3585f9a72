//! The zero-on-free global allocator.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use std::alloc::System;

use crate::wipe::wipe;

/// A global allocator that zeroes every block before handing it back to `A` (the system
/// allocator in the app).
///
/// Growing or shrinking a block never lets `A` move it unwiped: `realloc` is a fresh
/// allocation, a copy, and a wiped free of the old block. (The system `realloc` may copy and
/// free the old block itself, out of reach; growing in place is the speed this gives up,
/// measured in `make bench`.)
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

// SAFETY: every method forwards to `A` with the layout it was given; the only additions are
// writes of zeros to a block the caller is giving up (valid for `layout.size()` bytes by
// `dealloc`'s contract) and, in `realloc`, a copy between two live blocks of at least the
// copied length, which the contracts of `alloc` and `realloc` make sound.
unsafe impl<A: GlobalAlloc> GlobalAlloc for ZeroOnFree<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's (non-zero-sized) layout.
        unsafe { self.inner.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`; calloc is faster than alloc + write.
        unsafe { self.inner.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes that the caller gives up.
        unsafe {
            wipe(ptr, layout.size());
            self.inner.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `realloc`'s contract makes `new_size` with `layout.align()` a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a fresh block from `A`; on success both blocks are live and distinct, and
        // the copy stays within the smaller of the two. The old block is then wiped and freed
        // as in `dealloc`. On failure the old block is left untouched, as `realloc` requires.
        unsafe {
            let new = self.inner.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
