//! `make bench`: Casebook's costs, each printed beside a baseline measured in the same run on
//! the same disk, so the ratio means something on any machine. Nothing here asserts a time.
//!
//! Figures (goals from the vault issue):
//! - unlock of a 10k-entry vault vs bare Argon2id at the same parameters (≤ 1.05×);
//! - durable add at 10k entries, p50 and p99, vs a bare SQLite commit with the same
//!   durability settings, twice: of one ledger-sized row (the old baseline), and of the same
//!   rows an add writes, in tables shaped like the vault's (a ledger row, an `entries` row, an
//!   `entry_records` row, and the sealed head rewritten in `vault_meta`) (p99 ≤ 1.3×), at the
//!   vault's page size (SQLite's default 4 KiB, as the baselines);
//! - list + text search of 10k entries vs reading and decrypting the same number and size of
//!   envelopes from a bare SQLite table (≤ 1.5×);
//! - attach of a 200 MiB file vs read → SHA-256 → XChaCha20-Poly1305 → write → fsync of the
//!   same bytes (≥ 0.8× its throughput), in interleaved rounds, each round's ratio taken on its
//!   own (the median and the range printed: the load on a shared machine moves both sides),
//!   and the attaches' peak RSS.
//!
//! Temporary files go to `CASEBOOK_BENCH_DIR` if set, else the system temp dir; fsync costs
//! are only meaningful on a real disk (not tmpfs). `CASEBOOK_BENCH_ONLY=c,b` runs only the
//! figures named (a, b, c, d, raw); the default is all of them.

use std::error::Error;
use std::fs::File;
use std::hint::black_box;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use casebook_core::{Credential, EntryFields, EntryFilter, EntryKind, KdfPolicy, SystemClock, Vault};
use casebook_crypto::hash::Digest;
use casebook_crypto::kdf::SALT_LEN;
use casebook_crypto::{KdfParams, Passphrase, SecretKey, Sha256, derive_key, open, random_array, seal};
use chrono::{DateTime, Duration as Span, FixedOffset};
use rusqlite::{Connection, OpenFlags, params};

type Res<T> = Result<T, Box<dyn Error>>;

/// What the command-line tool and the app run under (freed memory zeroed), so an attach's
/// buffers cost here what they cost there.
#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

const ENTRIES: usize = 10_000;
const UNLOCK_ROUNDS: usize = 5;
const LIST_ROUNDS: usize = 5;
const ADDS: usize = 300;
const WARM_UP_ADDS: usize = 10;
const ATTACH_MIB: usize = 200;
/// Attach and the pipeline, one of each per round: the ratio is taken per round (the same
/// moment of a shared machine) and the median and range printed.
const ATTACH_ROUNDS: usize = 5;
const MIB: usize = 1024 * 1024;
const PASSPHRASE: &str = "benchmark passphrase, not a secret";
/// A phrase about 1 in 100 entries contains, for the text search.
const NEEDLE: &str = "blue ford focus";

fn main() -> Res<()> {
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-bench.").tempdir_in(&base)?;
    let vault_path = dir.path().join("bench.casebook");
    let mut table = Table::default();
    let started = Instant::now();
    note(&format!("working in {} (removed afterwards)", dir.path().display()));

    note("creating a vault with the real KDF (Argon2id m=256 MiB, t=3, p=1)");
    let (mut vault, recovery) =
        Vault::create(&vault_path, Passphrase::from(PASSPHRASE), KdfPolicy::Standard, Box::new(SystemClock))?;
    drop(recovery);
    let mut rng = Rng(0x00c0_ffee_d00d_f00d);
    note(&format!("adding {ENTRIES} entries in one transaction"));
    let t = Instant::now();
    vault.add_entries((0..ENTRIES).map(|i| entry(&mut rng, i)).collect())?;
    note(&format!("  took {}", secs(t.elapsed())));
    drop(vault);

    let only = std::env::var("CASEBOOK_BENCH_ONLY").ok();
    let wanted = |part: &str| only.as_deref().is_none_or(|o| o.split(',').any(|p| p.trim() == part));

    // a. Unlock vs bare Argon2id, interleaved so both see the same machine state.
    let rounds = if wanted("a") { UNLOCK_ROUNDS } else { 1 };
    note("a. unlock vs Argon2id");
    let mut unlocks = Vec::new();
    let mut kdfs = Vec::new();
    let mut vault = None;
    for _ in 0..rounds {
        drop(vault.take());
        let t = Instant::now();
        let v = Vault::unlock(
            &vault_path,
            Credential::Passphrase(Passphrase::from(PASSPHRASE)),
            KdfPolicy::Standard,
            Box::new(SystemClock),
        )?;
        unlocks.push(t.elapsed());
        vault = Some(v);
        let salt: [u8; SALT_LEN] = random_array();
        let t = Instant::now();
        black_box(derive_key(PASSPHRASE.as_bytes(), &salt, KdfParams::DEFAULT)?);
        kdfs.push(t.elapsed());
    }
    let mut vault = vault.ok_or("no unlock round ran")?;
    if wanted("a") {
        let (u, k) = (median(&mut unlocks), median(&mut kdfs));
        table.row("unlock, 10k entries (median of 5)", secs(u), secs(k), ratio(u, k), Goal::AtMost(1.05));
    }

    // c. List + text search vs read + decrypt of the same envelopes (before the adds, so the
    // vault holds exactly 10k entries).
    let sizes = ledger_sizes(&vault_path)?;
    let key = SecretKey::generate();
    if wanted("c") {
        note("c. list + text search vs read + decrypt");
        let bare_list = dir.path().join("baseline-list.sqlite");
        fill_envelopes(&bare_list, &key, &sizes)?;
        let filter = EntryFilter { text: Some(NEEDLE.to_owned()), ..EntryFilter::default() };
        let bare = Connection::open_with_flags(&bare_list, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut lists = Vec::new();
        let mut alls = Vec::new();
        let mut reads = Vec::new();
        let mut found = 0;
        for _ in 0..LIST_ROUNDS {
            let t = Instant::now();
            found = black_box(vault.list_entries(&filter)?).len();
            lists.push(t.elapsed());
            let t = Instant::now();
            black_box(read_and_open(&bare, &key)?);
            reads.push(t.elapsed());
            let t = Instant::now();
            black_box(vault.list_entries(&EntryFilter::default())?);
            alls.push(t.elapsed());
        }
        drop(bare);
        note(&format!("  the search found {found} of {ENTRIES} entries"));
        let (l, r, a) = (median(&mut lists), median(&mut reads), median(&mut alls));
        table.row("list + text search, 10k (median of 5)", ms(l), ms(r), ratio(l, r), Goal::AtMost(1.5));
        table.row("list everything, 10k (median of 5)", ms(a), ms(r), ratio(a, r), Goal::Info);
    }

    // b. Durable add vs a bare one-row commit, alternating one of each.
    if wanted("b") {
        note("b. durable add vs bare SQLite commit");
        let row_size = median_usize(&sizes);
        let bare_add = dir.path().join("baseline-add.sqlite");
        let conn = bare_commit_db(&bare_add, row_size, ENTRIES)?;
        let bare_rows = dir.path().join("baseline-add-rows.sqlite");
        let rows_conn = bare_rows_db(&bare_rows, row_size, ENTRIES)?;
        let mut adds = Vec::new();
        let mut commits = Vec::new();
        let mut row_commits = Vec::new();
        for i in 0..WARM_UP_ADDS + ADDS {
            let fields = entry(&mut rng, ENTRIES + i);
            let t = Instant::now();
            vault.add_entry(fields)?;
            let add = t.elapsed();
            let row = (random_array::<32>(), rng.bytes(row_size));
            let t = Instant::now();
            bare_commit(&conn, &row.0, &row.1)?;
            let commit = t.elapsed();
            let t = Instant::now();
            bare_rows_commit(&rows_conn, &row.0, &row.1)?;
            let rows_commit = t.elapsed();
            if i >= WARM_UP_ADDS {
                adds.push(add);
                commits.push(commit);
                row_commits.push(rows_commit);
            }
        }
        drop(conn);
        drop(rows_conn);
        let (a50, a99) = percentiles(&mut adds);
        let (c50, c99) = percentiles(&mut commits);
        table.row("durable add at 10k, p50", ms(a50), ms(c50), ratio(a50, c50), Goal::Info);
        table.row("durable add at 10k, p99 (300 adds)", ms(a99), ms(c99), ratio(a99, c99), Goal::AtMost(1.3));
        let (r50, r99) = percentiles(&mut row_commits);
        table.row("durable add vs the same rows, p50", ms(a50), ms(r50), ratio(a50, r50), Goal::Info);
        table.row("durable add vs the same rows, p99", ms(a99), ms(r99), ratio(a99, r99), Goal::AtMost(1.3));
    }

    // d. Attach vs the bare pipeline over the same bytes.
    let file = dir.path().join("attachment.bin");
    if wanted("d") || wanted("raw") {
        write_random_file(&file, ATTACH_MIB, &mut rng)?;
    }
    let bytes = (ATTACH_MIB * MIB) as f64;
    if wanted("d") {
        note(&format!(
            "d. attach of a {ATTACH_MIB} MiB file vs read → SHA-256 → seal → write → fsync, {ATTACH_ROUNDS} rounds interleaved"
        ));
        let entry_id = 1;
        let (mut attaches, mut pipes, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        // The high-water mark from here on is the attaches' (the pipeline's buffers are two
        // megabytes): Linux resets `VmHWM` to the current RSS when 5 is written to `clear_refs`.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let rss_before = peak_rss_kib();
        for round in 0..ATTACH_ROUNDS {
            let out = dir.path().join(format!("pipeline-{round}.out"));
            let pipe = || -> Res<Duration> {
                let t = Instant::now();
                black_box(pipeline(&file, &out, &key)?);
                let d = t.elapsed();
                std::fs::remove_file(&out)?;
                Ok(d)
            };
            // Alternate which goes first, so neither always meets the other's dirty pages.
            let first = if round % 2 == 1 { Some(pipe()?) } else { None };
            let t = Instant::now();
            black_box(vault.attach_file(entry_id, &file, "benchmark")?);
            let at = t.elapsed();
            let pt = match first {
                Some(pt) => pt,
                None => pipe()?,
            };
            note(&format!("  round {}: attach {}, pipeline {}", round + 1, secs(at), secs(pt)));
            ratios.push(pt.as_secs_f64() / at.as_secs_f64());
            attaches.push(at);
            pipes.push(pt);
        }
        let peak = peak_rss_kib();
        let (at, pt) = (median(&mut attaches), median(&mut pipes));
        ratios.sort_by(f64::total_cmp);
        let mid = ratios[ratios.len() / 2];
        let (low, high) = (ratios[0], ratios[ratios.len() - 1]);
        table.row(
            &format!("attach 200 MiB, median of {ATTACH_ROUNDS} interleaved rounds (range {low:.2}× to {high:.2}×)"),
            rate(bytes / at.as_secs_f64()),
            rate(bytes / pt.as_secs_f64()),
            format!("{mid:.2}×"),
            Goal::AtLeast(0.8),
        );
        match (rss_before, peak) {
            (Some(b), Some(p)) => table.row(
                &format!("attach 200 MiB: peak RSS (VmHWM; {} MiB before)", b / 1024),
                format!("{} MiB", p / 1024),
                "",
                "",
                Goal::Info,
            ),
            _ => table.row("attach 200 MiB: peak RSS", "unavailable (no /proc)", "", "", Goal::Info),
        }
    }

    drop(vault);

    // Raw baselines, for scale.
    if wanted("raw") {
        note("raw baselines");
        let t = Instant::now();
        let status = std::process::Command::new("sha256sum").arg(&file).stdout(std::process::Stdio::null()).status();
        match status {
            Ok(s) if s.success() => table.row(
                "raw: sha256sum (coreutils) of the file",
                rate(bytes / t.elapsed().as_secs_f64()),
                "",
                "",
                Goal::Info,
            ),
            _ => table.row("raw: sha256sum (coreutils) of the file", "unavailable", "", "", Goal::Info),
        }
        let chunk = rng.bytes(MIB);
        let t = Instant::now();
        let mut hasher = Sha256::new();
        for _ in 0..ATTACH_MIB {
            hasher.update(&chunk);
        }
        black_box(hasher.finalize());
        table.row("raw: SHA-256 in memory (sha2)", rate(bytes / t.elapsed().as_secs_f64()), "", "", Goal::Info);
        let t = Instant::now();
        for i in 0..ATTACH_MIB {
            black_box(seal(&key, &aad("chunk", i as i64), &chunk));
        }
        table.row(
            "raw: XChaCha20-Poly1305 seal in memory",
            rate(bytes / t.elapsed().as_secs_f64()),
            "",
            "",
            Goal::Info,
        );

        let blobs = dir.path().join("baseline-blobs.sqlite");
        let t = Instant::now();
        sqlite_blobs(&blobs, &chunk, ATTACH_MIB)?;
        table.row(
            "raw: SQLite, 200 × 1 MiB blobs, 1 commit",
            rate(bytes / t.elapsed().as_secs_f64()),
            "",
            "",
            Goal::Info,
        );
    }

    drop(dir);
    table.print();
    println!("\n(total bench time {})", secs(started.elapsed()));
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Workloads

/// A diary entry with realistic field sizes; about 1 in 100 mentions the search phrase.
fn entry(rng: &mut Rng, i: usize) -> EntryFields {
    const WORDS: &[&str] = &[
        "he",
        "was",
        "again",
        "outside",
        "the",
        "house",
        "car",
        "parked",
        "across",
        "road",
        "called",
        "number",
        "withheld",
        "message",
        "said",
        "would",
        "wait",
        "work",
        "station",
        "bus",
        "stop",
        "friend",
        "saw",
        "him",
        "walking",
        "past",
        "window",
        "evening",
        "morning",
        "phone",
        "rang",
        "times",
        "left",
        "voicemail",
        "angry",
        "scared",
        "followed",
        "shop",
        "gate",
        "letter",
        "flowers",
        "doorstep",
        "neighbour",
        "noticed",
        "late",
        "night",
    ];
    let kind = EntryKind::ALL[i % EntryKind::ALL.len()];
    let start: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2025-01-01T08:00:00+00:00")
        .map(|t| t + Span::minutes(53 * i as i64))
        .unwrap_or_default();
    let words = |rng: &mut Rng, n: usize| (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ");
    let mut fields = EntryFields::new(kind, format!("{} {}", kind.label(), words(rng, 5)), start);
    let length = 30 + rng.below(50);
    fields.narrative = words(rng, length);
    if i % 100 == 37 {
        fields.narrative.push_str(" it was the Blue Ford Focus again");
    }
    if i.is_multiple_of(3) {
        fields.location = Some(format!("{} High Street", 1 + rng.below(200)));
    }
    if matches!(kind, EntryKind::Call | EntryKind::TextMessage | EntryKind::Voicemail) {
        fields.channel = Some("phone".into());
        fields.identifier = Some(format!("+4477009{:05}", rng.below(100_000)));
    }
    if i.is_multiple_of(5) {
        fields.impact = Some(words(rng, 12));
    }
    if i.is_multiple_of(7) {
        fields.tags = vec!["night".into(), "home".into()];
    }
    fields
}

/// Lengths of every sealed ledger body, read from the vault file without unlocking it.
fn ledger_sizes(vault: &Path) -> Res<Vec<usize>> {
    let conn = Connection::open_with_flags(vault, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare("SELECT length(sealed) FROM ledger WHERE sealed IS NOT NULL ORDER BY seq")?;
    let sizes = stmt.query_map([], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sizes.into_iter().map(|s| s as usize).collect())
}

/// Associated data shaped like the vault's (prefix, vault id, table, column, row, index, flag).
fn aad(column: &str, row: i64) -> Vec<u8> {
    let mut aad = b"casebook.aad\x01".to_vec();
    aad.extend_from_slice(&[7u8; 16]);
    for part in ["ledger", column] {
        aad.push(part.len() as u8);
        aad.extend_from_slice(part.as_bytes());
    }
    aad.extend_from_slice(&row.to_be_bytes());
    aad.extend_from_slice(&[0u8; 9]);
    aad
}

/// A bare table of envelopes with the same sizes as the vault's ledger, sealed with `key`.
fn fill_envelopes(path: &Path, key: &SecretKey, sizes: &[usize]) -> Res<()> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; CREATE TABLE blobs (id INTEGER PRIMARY KEY, sealed BLOB NOT NULL);",
    )?;
    let tx = conn.transaction()?;
    let mut rng = Rng(42);
    {
        let mut insert = tx.prepare("INSERT INTO blobs (id, sealed) VALUES (?1, ?2)")?;
        for (i, &size) in sizes.iter().enumerate() {
            let id = i as i64 + 1;
            let plain = rng.bytes(size.saturating_sub(casebook_crypto::ENVELOPE_OVERHEAD));
            insert.execute(params![id, seal(key, &aad("sealed", id), &plain)])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The list baseline: read every envelope and open it.
fn read_and_open(conn: &Connection, key: &SecretKey) -> Res<usize> {
    let mut stmt = conn.prepare("SELECT id, sealed FROM blobs ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut total = 0;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let sealed = row.get_ref(1)?.as_blob()?;
        total += open(key, &aad("sealed", id), sealed)?.len();
    }
    Ok(total)
}

/// A bare SQLite file with the vault's durability settings and a ledger-shaped table holding
/// `rows` rows of `size` bytes.
fn bare_commit_db(path: &Path, size: usize, rows: usize) -> Res<Connection> {
    let mut conn = Connection::open(path)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        return Err(format!("WAL mode unavailable ({mode})").into());
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_link BLOB NOT NULL, commitment BLOB NOT NULL,
                              link BLOB NOT NULL, sealed BLOB);",
    )?;
    let tx = conn.transaction()?;
    let mut rng = Rng(7);
    for _ in 0..rows {
        insert_row(&tx, &random_array(), &rng.bytes(size))?;
    }
    tx.commit()?;
    Ok(conn)
}

/// A bare SQLite file with the tables an add writes to, shaped like the vault's (same keys,
/// same references, `foreign_keys` on), each holding `rows` rows, and the vault's durability;
/// SQLite's default page size unless `page_size` is given.
fn bare_rows_db(path: &Path, size: usize, rows: usize) -> Res<Connection> {
    let mut conn = Connection::open(path)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        return Err(format!("WAL mode unavailable ({mode})").into());
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;
         CREATE TABLE vault_meta (id INTEGER PRIMARY KEY CHECK (id = 1), head BLOB) STRICT;
         INSERT INTO vault_meta (id, head) VALUES (1, NULL);
         CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_link BLOB NOT NULL, commitment BLOB NOT NULL,
                              link BLOB NOT NULL, sealed BLOB) STRICT;
         CREATE TABLE entries (id INTEGER PRIMARY KEY, created_seq INTEGER NOT NULL REFERENCES ledger(seq),
                               head_seq INTEGER NOT NULL REFERENCES ledger(seq), retract_seq INTEGER REFERENCES ledger(seq),
                               purge_seq INTEGER REFERENCES ledger(seq)) STRICT;
         CREATE TABLE entry_records (entry_id INTEGER NOT NULL REFERENCES entries(id),
                                     seq INTEGER NOT NULL REFERENCES ledger(seq),
                                     PRIMARY KEY (entry_id, seq)) STRICT, WITHOUT ROWID;",
    )?;
    let tx = conn.transaction()?;
    let mut rng = Rng(11);
    for _ in 0..rows {
        insert_rows(&tx, &random_array(), &rng.bytes(size))?;
    }
    tx.commit()?;
    Ok(conn)
}

/// What an add writes: its ledger record, its `entries` and `entry_records` rows, and the
/// sealed head (64 bytes of plaintext in a 41-byte envelope).
fn insert_rows(conn: &Connection, hash: &[u8; 32], sealed: &[u8]) -> Res<()> {
    let seq: i64 = conn.query_row("SELECT coalesce(max(seq), 0) + 1 FROM ledger", [], |r| r.get(0))?;
    conn.prepare_cached("INSERT INTO ledger (seq, prev_link, commitment, link, sealed) VALUES (?1, ?2, ?2, ?2, ?3)")?
        .execute(params![seq, &hash[..], sealed])?;
    conn.prepare_cached("INSERT INTO entries (id, created_seq, head_seq) VALUES (?1, ?1, ?1)")?.execute([seq])?;
    conn.prepare_cached("INSERT INTO entry_records (entry_id, seq) VALUES (?1, ?1)")?.execute([seq])?;
    conn.prepare_cached("UPDATE vault_meta SET head = ?1 WHERE id = 1")?.execute([&[7u8; 105][..]])?;
    Ok(())
}

/// The rows of one add in their own `BEGIN IMMEDIATE` transaction.
fn bare_rows_commit(conn: &Connection, hash: &[u8; 32], sealed: &[u8]) -> Res<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    insert_rows(conn, hash, sealed)?;
    conn.execute_batch("COMMIT")?;
    Ok(())
}

fn insert_row(conn: &Connection, hash: &[u8; 32], sealed: &[u8]) -> Res<()> {
    conn.prepare_cached(
        "INSERT INTO ledger (seq, prev_link, commitment, link, sealed)
         VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), ?1, ?1, ?1, ?2)",
    )?
    .execute(params![&hash[..], sealed])?;
    Ok(())
}

/// One row in its own `BEGIN IMMEDIATE` transaction, as the vault commits.
fn bare_commit(conn: &Connection, hash: &[u8; 32], sealed: &[u8]) -> Res<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    insert_row(conn, hash, sealed)?;
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// For scale: what SQLite itself costs to store the attachment's bytes as 1 MiB blobs in one
/// durable transaction (WAL, synchronous=FULL, commit and its checkpoint), with no crypto.
fn sqlite_blobs(path: &Path, chunk: &[u8], count: usize) -> Res<()> {
    let mut conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE chunks (id INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL,
                              PRIMARY KEY (id, idx)) WITHOUT ROWID;",
    )?;
    let tx = conn.transaction()?;
    for i in 0..count {
        tx.execute("INSERT INTO chunks (id, idx, data) VALUES (1, ?1, ?2)", params![i as i64, chunk])?;
    }
    tx.commit()?;
    Ok(())
}

/// Random-looking file contents (incompressible, not all zero), written once.
fn write_random_file(path: &Path, mib: usize, rng: &mut Rng) -> Res<()> {
    let mut f = File::create(path)?;
    for _ in 0..mib {
        f.write_all(&rng.bytes(MIB))?;
    }
    f.sync_all()?;
    Ok(())
}

/// The attach baseline: read 1 MiB, hash it, seal it, write it; fsync at the end.
fn pipeline(input: &Path, output: &Path, key: &SecretKey) -> Res<[u8; 32]> {
    let mut src = File::open(input)?;
    let mut dst = File::create(output)?;
    let mut buf = vec![0u8; MIB];
    let mut hasher = Sha256::new();
    let mut index = 0i64;
    loop {
        let n = read_full(&mut src, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        dst.write_all(&seal(key, &aad("data", index), &buf[..n]))?;
        index += 1;
    }
    dst.sync_all()?;
    Ok(hasher.finalize().into())
}

fn read_full(src: &mut File, buf: &mut [u8]) -> Res<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match src.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

// ---------------------------------------------------------------------------------------
// Numbers and the table

/// splitmix64: fast, deterministic, good enough for filler bytes and word choice.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// The process's peak resident set (`VmHWM`), in KiB, where Linux tells it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median_usize(v: &[usize]) -> usize {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(512)
}

/// p50 and p99 (nearest rank).
fn percentiles(v: &mut [Duration]) -> (Duration, Duration) {
    v.sort_unstable();
    let rank = |p: usize| v[(v.len() * p).div_ceil(100).saturating_sub(1)];
    (rank(50), rank(99))
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn rate(bytes_per_sec: f64) -> String {
    format!("{:.0} MiB/s", bytes_per_sec / MIB as f64)
}

fn note(msg: &str) {
    eprintln!("[bench] {msg}");
}

enum Goal {
    AtMost(f64),
    AtLeast(f64),
    Info,
}

#[derive(Default)]
struct Table(Vec<[String; 6]>);

impl Table {
    fn row(
        &mut self,
        figure: &str,
        casebook: impl Into<String>,
        baseline: impl Into<String>,
        ratio: impl Into<String>,
        goal: Goal,
    ) {
        let ratio = ratio.into();
        let value: Option<f64> = ratio.trim_end_matches('×').parse().ok();
        let (goal, met) = match (goal, value) {
            (Goal::AtMost(g), Some(r)) => (format!("≤ {g}×"), if r <= g { "yes" } else { "NO" }),
            (Goal::AtLeast(g), Some(r)) => (format!("≥ {g}×"), if r >= g { "yes" } else { "NO" }),
            _ => (String::new(), ""),
        };
        self.0.push([figure.into(), casebook.into(), baseline.into(), ratio, goal, met.into()]);
    }

    fn print(&self) {
        let header = ["figure", "casebook", "baseline", "ratio", "goal", "met?"].map(String::from);
        let rows: Vec<&[String; 6]> = std::iter::once(&header).chain(&self.0).collect();
        let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..6).map(width).collect();
        println!();
        for (n, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
                .collect();
            println!("| {} |", cells.join(" | "));
            if n == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                println!("|-{}-|", rule.join("-|-"));
            }
        }
    }
}
