//! Large blocks go back to the kernel when freed, whatever glibc's heap would have done with
//! them: a freed 1 MiB block holding a marker is no longer mapped in the process, and a burst
//! of megabyte buffers, freed between small blocks that stay, leaves the resident size where
//! it was. (With glibc serving them, once one large block has been freed the next ones come
//! from the heap, and their holes between the small blocks stay resident: the export's
//! 425 MiB peak.) One test, in a binary of its own, so no other test allocates meanwhile.
//! Linux only (`/proc/self/statm`, `mincore`): the Windows run (`make test`'s Windows leg) names it among what is not
//! built for Windows.
#![cfg(target_os = "linux")]
#![allow(unsafe_code)]

use casebook_memory::ZeroOnFree;

#[global_allocator]
static ALLOCATOR: ZeroOnFree = ZeroOnFree::system();

const MIB: usize = 1024 * 1024;
const MARKER: &[u8] = b"MARKER-7c2d-exhibit-bytes";

/// Resident pages of this process, in bytes (/proc/self/statm, second field).
fn resident() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: usize = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("statm field");
    pages * 4096
}

/// Whether any page of `[ptr, ptr + len)` is mapped: mincore fails with ENOMEM on a range
/// that is not mapped. It reads no memory.
fn mapped(ptr: *const u8, len: usize) -> bool {
    let mut vec = vec![0u8; len.div_ceil(4096)];
    // SAFETY: mincore only asks the kernel about the range and writes one byte per page into
    // `vec`, which has that many.
    let rc = unsafe { libc::mincore(ptr as *mut libc::c_void, len, vec.as_mut_ptr()) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOMEM)
}

#[test]
fn freed_large_blocks_leave_the_process() {
    // A freed 1 MiB block holding a marker: its pages are gone from the process.
    let mut block = vec![0xAAu8; MIB];
    block[..MARKER.len()].copy_from_slice(MARKER);
    let (ptr, len) = (block.as_ptr(), block.len());
    assert!(mapped(ptr, len));
    drop(block);
    assert!(!mapped(ptr, len), "the freed block is still mapped in the process");

    // A burst: 64 blocks of 1 MiB, each followed by a small block that stays, then the large
    // ones freed. The heap could not shrink past the small blocks; unmapped, they are gone.
    let before = resident();
    let mut small: Vec<Box<[u8; 64]>> = Vec::with_capacity(64);
    let mut large: Vec<Vec<u8>> = Vec::with_capacity(64);
    for i in 0..64u8 {
        large.push(vec![i | 1; MIB]);
        small.push(Box::new([i; 64]));
    }
    let during = resident();
    drop(large);
    let after = resident();
    println!("resident: before {} MiB, 64 blocks live {} MiB, freed {} MiB", before / MIB, during / MIB, after / MIB);
    assert!(during >= before + 60 * MIB, "the blocks were not resident while live");
    assert!(after < before + 8 * MIB, "freed blocks stayed resident: {} MiB more", (after - before) / MIB);
    drop(small);
}
