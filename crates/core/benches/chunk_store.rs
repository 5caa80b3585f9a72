//! `make bench`: how attachment chunks should be stored (issue 11, vault format 2). Each way
//! of storing the same 200 MiB is timed beside the raw pipeline it must keep up with (read →
//! SHA-256 → XChaCha20-Poly1305 → write → fsync, one output file), in the same run and
//! interleaved, so the ratios mean something on a loaded machine. Every SQLite variant uses
//! the vault's own settings (WAL, synchronous=FULL, secure_delete, 16 MiB cache) and counts
//! the commit and the checkpoint that follows it, as an attach does.
//!
//! `CASEBOOK_BENCH_DIR` as in the vault bench; `CASEBOOK_CHUNK_ROUNDS` rounds (default 2;
//! best of them is reported).

use std::error::Error;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use casebook_crypto::hash::Digest;
use casebook_crypto::{SecretKey, Sha256, seal};
use rusqlite::{Connection, params};

type Res<T> = Result<T, Box<dyn Error>>;

const MIB: usize = 1024 * 1024;
const FILE_MIB: usize = 200;

#[derive(Clone, Copy)]
struct Variant {
    name: &'static str,
    without_rowid: bool,
    page_size: i64,
    chunk: usize,
    threaded: bool,
    checkpoint: bool,
    /// The transaction runs in SQLite's rollback-journal mode (TRUNCATE), switched from WAL
    /// before it and back after it: new pages go to the file once, where WAL mode writes them
    /// to the WAL and again to the file at the checkpoint.
    rollback_journal: bool,
}

const VARIANTS: &[Variant] = &[
    Variant {
        name: "format 1: WITHOUT ROWID, 1 MiB, 8 KiB pages",
        without_rowid: true,
        page_size: 8192,
        chunk: MIB,
        threaded: false,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 1 MiB, 8 KiB pages",
        without_rowid: false,
        page_size: 8192,
        chunk: MIB,
        threaded: false,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 1 MiB, 64 KiB pages",
        without_rowid: false,
        page_size: 65536,
        chunk: MIB,
        threaded: false,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 256 KiB, 8 KiB pages",
        without_rowid: false,
        page_size: 8192,
        chunk: MIB / 4,
        threaded: false,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 4 MiB, 8 KiB pages",
        without_rowid: false,
        page_size: 8192,
        chunk: 4 * MIB,
        threaded: false,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 1 MiB, 8 KiB, hash+seal on 2nd thread",
        without_rowid: false,
        page_size: 8192,
        chunk: MIB,
        threaded: true,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 1 MiB, 64 KiB, hash+seal on 2nd thread",
        without_rowid: false,
        page_size: 65536,
        chunk: MIB,
        threaded: true,
        checkpoint: true,
        rollback_journal: false,
    },
    Variant {
        name: "(info) rowid, 1 MiB, 8 KiB, 2nd thread, no checkpoint",
        without_rowid: false,
        page_size: 8192,
        chunk: MIB,
        threaded: true,
        checkpoint: false,
        rollback_journal: false,
    },
    Variant {
        name: "rowid, 1 MiB, 64 KiB, 2nd thread, rollback journal for the attach",
        without_rowid: false,
        page_size: 65536,
        chunk: MIB,
        threaded: true,
        checkpoint: true,
        rollback_journal: true,
    },
    Variant {
        name: "rowid, 1 MiB, 8 KiB, 2nd thread, rollback journal for the attach",
        without_rowid: false,
        page_size: 8192,
        chunk: MIB,
        threaded: true,
        checkpoint: true,
        rollback_journal: true,
    },
    Variant {
        name: "rowid, 1 MiB, 4 KiB, 2nd thread, rollback journal (vaults made now)",
        without_rowid: false,
        page_size: 4096,
        chunk: MIB,
        threaded: true,
        checkpoint: true,
        rollback_journal: true,
    },
];

fn main() -> Res<()> {
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-chunks.").tempdir_in(&base)?;
    let rounds: usize = std::env::var("CASEBOOK_CHUNK_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(2);
    let only: Option<Vec<usize>> =
        std::env::var("CASEBOOK_CHUNK_ONLY").ok().map(|s| s.split(',').filter_map(|p| p.trim().parse().ok()).collect());
    let input = dir.path().join("input.bin");
    write_random_file(&input)?;
    let key = SecretKey::generate();
    let mut pipes = Vec::new();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); VARIANTS.len()];
    for round in 0..rounds {
        for (i, v) in VARIANTS.iter().enumerate() {
            if only.as_ref().is_some_and(|o| !o.contains(&i)) {
                continue;
            }
            let out = dir.path().join("pipeline.out");
            let t = Instant::now();
            pipeline(&input, &out, &key)?;
            pipes.push(t.elapsed());
            std::fs::remove_file(&out)?;
            let db = dir.path().join(format!("v{i}-{round}.sqlite"));
            let t = Instant::now();
            store(&input, &db, &key, *v)?;
            times[i].push(t.elapsed());
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            eprintln!("[chunks] round {round} {}: {:.2} s", v.name, times[i].last().map_or(0.0, |d| d.as_secs_f64()));
        }
    }
    let rate = |d: Duration| (FILE_MIB as f64) / d.as_secs_f64();
    let pipe = pipes.iter().min().copied().unwrap_or_default();
    println!("\n| chunk storage, {FILE_MIB} MiB (best of {rounds}) | MiB/s | × raw pipeline |");
    println!("|---|---|---|");
    println!("| raw pipeline: read → SHA-256 → seal → write → fsync | {:.0} | 1.00× |", rate(pipe));
    for (v, t) in VARIANTS.iter().zip(&times) {
        if let Some(best) = t.iter().min() {
            println!("| {} | {:.0} | {:.2}× |", v.name, rate(*best), rate(*best) / rate(pipe));
        }
    }
    Ok(())
}

fn store(input: &Path, db: &Path, key: &SecretKey, v: Variant) -> Res<[u8; 32]> {
    let mut conn = Connection::open(db)?;
    conn.pragma_update(None, "page_size", v.page_size)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -16384;",
    )?;
    if !v.checkpoint {
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
    }
    let rowid = if v.without_rowid { ", WITHOUT ROWID" } else { "" };
    conn.execute_batch(&format!(
        "CREATE TABLE chunks (attachment_id INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL,
                              PRIMARY KEY (attachment_id, idx)) STRICT{rowid};"
    ))?;
    if v.rollback_journal {
        conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |_| Ok(()))?;
    }
    let tx = conn.transaction()?;
    let hash;
    {
        let mut insert = tx.prepare("INSERT INTO chunks (attachment_id, idx, data) VALUES (1, ?1, ?2)")?;
        if v.threaded {
            let (send, recv) = mpsc::sync_channel::<(i64, Vec<u8>)>(2);
            let input = input.to_owned();
            let key2 = SecretKey::from_bytes(*key.expose_secret_bytes());
            let chunk = v.chunk;
            let worker = std::thread::spawn(move || -> Result<[u8; 32], String> {
                let mut src = File::open(input).map_err(|e| e.to_string())?;
                let mut buf = vec![0u8; chunk];
                let mut hasher = Sha256::new();
                let mut idx = 0i64;
                loop {
                    let n = read_full(&mut src, &mut buf).map_err(|e| e.to_string())?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                    if send.send((idx, seal(&key2, &aad(idx), &buf[..n]))).is_err() {
                        return Err("writer stopped".into());
                    }
                    idx += 1;
                }
                Ok(hasher.finalize().into())
            });
            for (idx, sealed) in recv {
                insert.execute(params![idx, sealed])?;
            }
            hash = worker.join().map_err(|_| "worker panicked")??;
        } else {
            let mut src = File::open(input)?;
            let mut buf = vec![0u8; v.chunk];
            let mut hasher = Sha256::new();
            let mut idx = 0i64;
            loop {
                let n = read_full(&mut src, &mut buf)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                insert.execute(params![idx, seal(key, &aad(idx), &buf[..n])])?;
                idx += 1;
            }
            hash = hasher.finalize().into();
        }
    }
    tx.commit()?;
    if v.rollback_journal {
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    }
    Ok(hash)
}

fn aad(idx: i64) -> Vec<u8> {
    let mut aad = b"casebook.aad\x01".to_vec();
    aad.extend_from_slice(&[7u8; 16]);
    aad.extend_from_slice(b"\x11attachment_chunks\x04data");
    aad.extend_from_slice(&1i64.to_be_bytes());
    aad.extend_from_slice(&(idx as u64).to_be_bytes());
    aad.push(0);
    aad
}

/// The baseline: read 1 MiB, hash it, seal it, write it; fsync at the end.
fn pipeline(input: &Path, output: &Path, key: &SecretKey) -> Res<[u8; 32]> {
    let mut src = File::open(input)?;
    let mut dst = File::create(output)?;
    let mut buf = vec![0u8; MIB];
    let mut hasher = Sha256::new();
    let mut idx = 0i64;
    loop {
        let n = read_full(&mut src, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        dst.write_all(&seal(key, &aad(idx), &buf[..n]))?;
        idx += 1;
    }
    dst.sync_all()?;
    Ok(hasher.finalize().into())
}

fn read_full(src: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match src.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn write_random_file(path: &Path) -> Res<()> {
    let mut f = File::create(path)?;
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut buf = vec![0u8; MIB];
    for _ in 0..FILE_MIB {
        for word in buf.chunks_exact_mut(8) {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            word.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
        }
        f.write_all(&buf)?;
    }
    f.sync_all()?;
    Ok(())
}
