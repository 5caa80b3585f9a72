//! The allocator wipes what it frees. Reading a block after it is freed would be undefined
//! behaviour, so the test looks from the one place where it is sound: an inner allocator that
//! receives the block back and inspects it before freeing it for real.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use casebook_memory::ZeroOnFree;

const MARKER: &[u8] = b"MARKER-3e1f-secret-narrative";

/// Counts the non-zero bytes in every block given back to it, then frees it.
#[derive(Default)]
struct Inspector {
    freed: AtomicUsize,
    nonzero: AtomicUsize,
}

// SAFETY: forwards to `System`; the inspection reads a block that is still live.
unsafe impl GlobalAlloc for Inspector {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is live for `layout.size()` bytes until the `System.dealloc` below.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
        self.freed.fetch_add(1, Ordering::SeqCst);
        self.nonzero.fetch_add(bytes.iter().filter(|&&b| b != 0).count(), Ordering::SeqCst);
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// A block holding the marker, from `alloc`.
fn block_with_marker(alloc: &ZeroOnFree<Inspector>, size: usize) -> (*mut u8, Layout) {
    let layout = Layout::from_size_align(size, 8).expect("layout");
    // SAFETY: a non-zero-sized layout; the marker fits (callers ask for more than its length).
    unsafe {
        let ptr = alloc.alloc(layout);
        assert!(!ptr.is_null());
        std::ptr::write_bytes(ptr, 0xAA, size);
        std::ptr::copy_nonoverlapping(MARKER.as_ptr(), ptr, MARKER.len());
        (ptr, layout)
    }
}

#[test]
fn a_freed_block_holding_a_marker_reaches_the_system_allocator_zeroed() {
    let alloc = ZeroOnFree::new(Inspector::default());
    // Small blocks only: large ones never reach the inner allocator (tests/large_blocks.rs).
    for size in [MARKER.len(), 64, 4096, casebook_memory::LARGE_BLOCK - 1] {
        let (ptr, layout) = block_with_marker(&alloc, size);
        // SAFETY: the block came from `alloc` with this layout.
        unsafe { alloc.dealloc(ptr, layout) };
    }
    let inner = alloc_inner(&alloc);
    assert_eq!(inner.freed.load(Ordering::SeqCst), 4);
    assert_eq!(inner.nonzero.load(Ordering::SeqCst), 0, "a freed block still held data");
}

#[test]
fn growing_or_shrinking_a_block_leaves_no_copy_behind() {
    let alloc = ZeroOnFree::new(Inspector::default());
    let (ptr, layout) = block_with_marker(&alloc, 256);
    // SAFETY: blocks from `alloc` with the layouts tracked here.
    unsafe {
        let grown = alloc.realloc(ptr, layout, 8192);
        assert!(!grown.is_null());
        let grown_layout = Layout::from_size_align(8192, 8).expect("layout");
        assert_eq!(std::slice::from_raw_parts(grown, MARKER.len()), MARKER, "realloc kept the contents");
        let shrunk = alloc.realloc(grown, grown_layout, MARKER.len());
        assert!(!shrunk.is_null());
        assert_eq!(std::slice::from_raw_parts(shrunk, MARKER.len()), MARKER, "realloc kept the contents");
        alloc.dealloc(shrunk, Layout::from_size_align(MARKER.len(), 8).expect("layout"));
    }
    let inner = alloc_inner(&alloc);
    assert_eq!(inner.freed.load(Ordering::SeqCst), 3, "the old blocks and the last one");
    assert_eq!(inner.nonzero.load(Ordering::SeqCst), 0, "a block left behind by realloc still held data");
}

#[test]
#[cfg_attr(windows, ignore = "large blocks are mapped by the allocator itself on Linux only (mmap, mremap)")]
fn large_blocks_grow_and_shrink_keeping_their_contents() {
    let alloc = ZeroOnFree::new(Inspector::default());
    let size = casebook_memory::LARGE_BLOCK * 2;
    let (ptr, layout) = block_with_marker(&alloc, size);
    // SAFETY: blocks from `alloc` with the layouts tracked here.
    unsafe {
        std::ptr::copy_nonoverlapping(MARKER.as_ptr(), ptr.add(size - MARKER.len()), MARKER.len());
        let grown = alloc.realloc(ptr, layout, 32 * size);
        assert!(!grown.is_null());
        assert_eq!(std::slice::from_raw_parts(grown, MARKER.len()), MARKER, "kept the start");
        assert_eq!(std::slice::from_raw_parts(grown.add(size - MARKER.len()), MARKER.len()), MARKER, "kept the end");
        let grown_layout = Layout::from_size_align(32 * size, 8).expect("layout");
        let shrunk = alloc.realloc(grown, grown_layout, 256);
        assert!(!shrunk.is_null());
        assert_eq!(std::slice::from_raw_parts(shrunk, MARKER.len()), MARKER, "kept the start");
        alloc.dealloc(shrunk, Layout::from_size_align(256, 8).expect("layout"));
    }
    let inner = alloc_inner(&alloc);
    assert_eq!(inner.freed.load(Ordering::SeqCst), 1, "only the small block reaches the inner allocator");
    assert_eq!(inner.nonzero.load(Ordering::SeqCst), 0, "the small block still held data");
}

#[test]
fn the_plain_system_allocator_would_have_left_the_marker() {
    // The control: the same inspection without the wrapper sees the marker, so the tests
    // above would notice an allocator that stopped wiping.
    let inspector = Inspector::default();
    let layout = Layout::from_size_align(64, 8).expect("layout");
    // SAFETY: as in `block_with_marker`.
    unsafe {
        let ptr = inspector.alloc(layout);
        std::ptr::write_bytes(ptr, 0, layout.size());
        std::ptr::copy_nonoverlapping(MARKER.as_ptr(), ptr, MARKER.len());
        inspector.dealloc(ptr, layout);
    }
    assert!(inspector.nonzero.load(Ordering::SeqCst) >= MARKER.len());
}

fn alloc_inner(alloc: &ZeroOnFree<Inspector>) -> &Inspector {
    alloc.inner()
}
