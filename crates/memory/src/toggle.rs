//! A switch between zeroing and plain freeing, so `make bench` can measure both in one run
//! (same machine state, same binary). Only the benchmarks enable the `toggle` feature.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, Ordering};

use crate::ZeroOnFree;

/// [`ZeroOnFree`] over the system allocator while on (the default); while off, the same
/// without the wiping and with the system's own `realloc` for small blocks (large blocks are
/// mapped and unmapped in both modes, so the difference measured is the wiping). Blocks may be
/// freed in either mode whatever mode they were allocated in.
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

// SAFETY: every call goes to the same `ZeroOnFree` over `System`, which decides by the layout
// alone where a block lives, so a block allocated in either mode may be freed in either.
unsafe impl GlobalAlloc for Toggle {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { self.on.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { self.on.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { self.on.free(ptr, layout, self.zeroing()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { self.on.resize(ptr, layout, new_size, self.zeroing()) }
    }
}
