//! `lock_in_ram` really locks: when the system agrees, the kernel counts the page as locked.

#[test]
fn a_locked_secret_shows_in_the_kernels_locked_memory() {
    let secret = Box::new([7u8; 32]);
    let agreed = casebook_memory::lock_in_ram(&secret[..]);
    if !agreed {
        println!("mlock refused here (RLIMIT_MEMLOCK); nothing to check");
        return;
    }
    let locked_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmLck:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse::<u64>().ok()));
    if let Some(kib) = locked_kib {
        assert!(kib >= 4, "mlock said yes but VmLck is {kib} kB");
    }
}

#[test]
fn locking_nothing_is_fine() {
    assert!(casebook_memory::lock_in_ram::<[u8]>(&[]));
}
