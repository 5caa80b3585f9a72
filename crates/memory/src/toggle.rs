//! A switch between zeroing and plain freeing, so `make bench` can measure both in one run
//! (same machine state, same binary). Only the benchmarks enable the `toggle` feature.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, Ordering};
use std::alloc::System;

use crate::ZeroOnFree;

/// [`ZeroOnFree`] over the system allocator while on (the default), the system allocator
/// alone while off. Blocks may be freed in either mode whatever mode they were allocated in:
/// both end in the same system allocator.
#[derive(Debug)]
pub struct Toggle {
    zeroing: AtomicBool,
    on: ZeroOnFree,
}

impl Toggle {
    /// Zeroing on.
    pub const fn new() -> Self {
        Self { zeroing: AtomicBool::new(true), on: ZeroOnFree::system() }
    }

    /// Turns zeroing on or off from now on.
    pub fn set_zeroing(&self, on: bool) {
        self.zeroing.store(on, Ordering::SeqCst);
    }

    /// Whether frees zero now.
    pub fn zeroing(&self) -> bool {
        self.zeroing.load(Ordering::Relaxed)
    }
}

impl Default for Toggle {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: each call goes to one of two allocators that both end in `System`, so a block from
// either may be given back to either.
unsafe impl GlobalAlloc for Toggle {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to an allocator over `System`.
        unsafe { if self.zeroing() { self.on.dealloc(ptr, layout) } else { System.dealloc(ptr, layout) } }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to an allocator over `System`.
        unsafe {
            if self.zeroing() { self.on.realloc(ptr, layout, new_size) } else { System.realloc(ptr, layout, new_size) }
        }
    }
}
