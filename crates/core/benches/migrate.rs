//! `make bench`: migrating a format-1 vault of 10k entries and 1 GiB of attachments to the
//! current format (`Vault::migrate_format`: backup, then one transaction), beside two same-run
//! baselines on the same file: copying it with `std::fs::copy` and fsyncing the copy, and
//! copying it with SQLite's backup API (what the migration's own first step does), the least
//! any migration that keeps a backup must cost. Peak RSS is the process's high-water mark
//! (`VmHWM`), reset just before the migration (Linux `clear_refs`); goal ≤ 200 MiB. The bench
//! runs under the allocator the CLI and the app ship with (`casebook_memory::ZeroOnFree`), so
//! the peak is the one a person's `casebook migrate` reaches.
//!
//! Only in builds made for tests (`--features test-kdf`, as `make bench` runs it): it makes
//! the format-1 vault with `Vault::create_old_format` and the test KDF.
//! `CASEBOOK_BENCH_DIR` as in the vault bench; `CASEBOOK_MIGRATE_MIB` changes the 1024 MiB.

use std::error::Error;
use std::io::Write;
use std::time::Instant;

use casebook_core::{EntryFields, EntryKind, KdfPolicy, ManualClock, Vault};
use casebook_crypto::Passphrase;

type Res<T> = Result<T, Box<dyn Error>>;

#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

const ENTRIES: usize = 10_000;
const ATTACHMENTS: usize = 64;
const MIB: usize = 1024 * 1024;
const PASSPHRASE: &str = "benchmark passphrase, not a secret";

fn main() -> Res<()> {
    #[cfg(feature = "test-kdf")]
    return run();
    #[cfg(not(feature = "test-kdf"))]
    {
        eprintln!("[bench] migrate: skipped (needs --features test-kdf, as `make bench` passes)");
        Ok(())
    }
}

#[cfg(feature = "test-kdf")]
fn run() -> Res<()> {
    let total_mib: usize = std::env::var("CASEBOOK_MIGRATE_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-migrate.").tempdir_in(&base)?;
    let path = dir.path().join("old.casebook");
    let clock = || Box::new(ManualClock::new("2026-06-01T12:00:00Z".parse().unwrap_or_default()));
    eprintln!(
        "[bench] migrate: making a format-1 vault of {ENTRIES} entries and {total_mib} MiB in {ATTACHMENTS} files"
    );
    let (mut vault, _) =
        Vault::create_old_format(&path, Passphrase::from(PASSPHRASE), KdfPolicy::InsecureTestOnly, clock(), 1)?;
    let start: chrono::DateTime<chrono::FixedOffset> = "2025-01-01T08:00:00+00:00".parse()?;
    let entries: Vec<EntryFields> = (0..ENTRIES)
        .map(|i| {
            let mut e = EntryFields::new(
                EntryKind::ALL[i % EntryKind::ALL.len()],
                format!("entry {i}"),
                start + chrono::Duration::minutes(53 * i as i64),
            );
            e.narrative = "he was outside the house again, parked across the road; ".repeat(1 + i % 5);
            e
        })
        .collect();
    let ids = vault.add_entries(entries)?;
    let per_file = total_mib * MIB / ATTACHMENTS;
    let mut state = 0x00c0_ffee_u64;
    let file = dir.path().join("recording.bin");
    for (n, id) in ids.iter().step_by(ENTRIES / ATTACHMENTS).take(ATTACHMENTS).enumerate() {
        let mut f = std::fs::File::create(&file)?;
        let mut buf = vec![0u8; per_file];
        for word in buf.chunks_exact_mut(8) {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15 ^ n as u64);
            word.copy_from_slice(&(state ^ (state >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9).to_le_bytes());
        }
        f.write_all(&buf)?;
        drop(f);
        vault.attach_file(*id, &file, "benchmark")?;
    }
    std::fs::remove_file(&file)?;
    vault.lock();
    let size = std::fs::metadata(&path)?.len();

    // Baseline: copy the file and make the copy durable.
    let copy = dir.path().join("copy.casebook");
    let t = Instant::now();
    std::fs::copy(&path, &copy)?;
    std::fs::File::open(&copy)?.sync_all()?;
    let baseline = t.elapsed();
    std::fs::remove_file(&copy)?;

    // Baseline: SQLite's backup API over the same file (the migration's first step, bare).
    let t = Instant::now();
    {
        let src = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut dst = rusqlite::Connection::open(&copy)?;
        rusqlite::backup::Backup::new(&src, &mut dst)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    }
    std::fs::File::open(&copy)?.sync_all()?;
    let sqlite_backup = t.elapsed();
    std::fs::remove_file(&copy)?;

    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = peak_rss_kib();
    let t = Instant::now();
    let mut vault = Vault::unlock(
        &path,
        casebook_core::Credential::Passphrase(Passphrase::from(PASSPHRASE)),
        KdfPolicy::InsecureTestOnly,
        clock(),
    )?;
    let done = vault.migrate_format()?;
    vault.lock();
    let took = t.elapsed();
    let peak = peak_rss_kib();
    let after = std::fs::metadata(&path)?.len();
    if done.to != casebook_core::FORMAT_VERSION {
        return Err("the vault was not migrated".into());
    }

    println!("\n| figure | casebook | baseline | ratio | goal | met? |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| migrate format 1 → {} of {ENTRIES} entries, {} MiB (unlock, backup, convert, close) | {:.2} s | copy + fsync of the file {:.2} s | {:.2}× | | |",
        done.to,
        size / MIB as u64,
        took.as_secs_f64(),
        baseline.as_secs_f64(),
        took.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "| migrate, the same run | {:.2} s | SQLite backup API of the file + fsync {:.2} s | {:.2}× | | |",
        took.as_secs_f64(),
        sqlite_backup.as_secs_f64(),
        took.as_secs_f64() / sqlite_backup.as_secs_f64()
    );
    match (rss_before, peak) {
        (Some(b), Some(p)) => println!(
            "| migrate: peak RSS (VmHWM; {} MiB before) | {} MiB | | | ≤ 200 MiB | {} |",
            b / 1024,
            p / 1024,
            if p <= 200 * 1024 { "yes" } else { "NO" }
        ),
        _ => println!("| migrate: peak RSS | unavailable (no /proc) | | | ≤ 200 MiB | |"),
    }
    println!("| migrate: vault file before → after | {} MiB → {} MiB | | | | |", size / MIB as u64, after / MIB as u64);
    Ok(())
}

/// The process's peak resident set (VmHWM), KiB.
#[cfg(feature = "test-kdf")]
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
