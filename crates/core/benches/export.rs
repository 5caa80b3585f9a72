//! `make bench`: the evidence pack's costs, each beside a baseline measured in the same run
//! on the same disk. Nothing here asserts a time.
//!
//! Figures (goals from the export issue):
//! - export of 10k entries + 500 MiB of exhibits, PDF time aside, vs a bare
//!   read → XChaCha20-Poly1305 open → SHA-256 → Stored ZIP write → fsync pipeline over the
//!   same bytes (≥ 0.7× its throughput);
//! - the same export vs `zip -0` + `sha256sum` over the same files in plaintext (≤ 0.5× their
//!   time, PDF aside);
//! - peak RSS of the export (VmHWM of a child process doing only the export): ≤ 200 MiB and
//!   flat as exhibits grow (100 MiB against 500 MiB of exhibits, same entries);
//! - report.pdf alone for 1k and 10k entries (≤ 3.5 s for 10k);
//! - report.pdf for 200 entries with a 3-megapixel photo each (the 10k vault's exhibits are not
//!   pictures): each photo is decrypted, decoded and drawn small (no goal; for the record).
//!
//! Bench vaults use the insecure test KDF. Temporary files go to `CASEBOOK_BENCH_DIR` if set,
//! else the system temp dir.

use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use casebook_core::{Credential, EntryFields, EntryKind, ExportOptions, KdfPolicy, Stage, SystemClock, Vault};
use casebook_crypto::hash::Digest;
use casebook_crypto::{Passphrase, SecretKey, Sha256, open, seal};
use chrono::{DateTime, Duration as Span, FixedOffset};
use rusqlite::{Connection, params};

/// The allocator the app and the command-line tool ship with, so the peak RSS is theirs (it
/// decides where large buffers live and whether freeing them gives memory back).
#[global_allocator]
static ALLOCATOR: casebook_memory::ZeroOnFree = casebook_memory::ZeroOnFree::system();

type Res<T> = Result<T, Box<dyn Error>>;

const ENTRIES: usize = 10_000;
const EXHIBITS: usize = 50;
const EXHIBIT_MIB: usize = 10;
/// Exhibits 10.. go on entries of kind `Other`, so a pack without that kind carries 100 MiB.
const SMALL_SET: usize = 10;
const MIB: usize = 1024 * 1024;
const PASSPHRASE: &str = "benchmark passphrase, not a secret";

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--export-child") {
        return export_child(Path::new(&args[2]), Path::new(&args[3]), &args[4]);
    }
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-export-bench.").tempdir_in(&base)?;
    note(&format!("working in {} (removed afterwards)", dir.path().display()));
    let vault_path = dir.path().join("bench.casebook");
    let (mut vault, _recovery) =
        Vault::create(&vault_path, Passphrase::from(PASSPHRASE), KdfPolicy::InsecureTestOnly, Box::new(SystemClock))?;
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    note(&format!("adding {ENTRIES} entries"));
    let ids = vault.add_entries((0..ENTRIES).map(|i| entry(&mut rng, i)).collect())?;
    note(&format!("attaching {EXHIBITS} × {EXHIBIT_MIB} MiB exhibits"));
    let plain_dir = dir.path().join("plain");
    std::fs::create_dir_all(&plain_dir)?;
    for i in 0..EXHIBITS {
        let bytes = rng.bytes(EXHIBIT_MIB * MIB);
        let entry_id = ids[ENTRIES - EXHIBITS + i];
        if i >= SMALL_SET {
            let mut f = vault.entry(entry_id)?.versions[0].fields.clone();
            f.kind = EntryKind::Other;
            vault.revise_entry(entry_id, f, "bench: kind for the smaller pack")?;
        }
        vault.attach(entry_id, &mut &bytes[..], &format!("video-{i:02}.mp4"), "manual")?;
        std::fs::write(plain_dir.join(format!("video-{i:02}.mp4")), &bytes)?;
    }
    drop(vault);
    let total_bytes = (EXHIBITS * EXHIBIT_MIB * MIB) as f64;
    let mut table = Table::default();

    // a. The export, in a child process so its peak RSS is its own.
    note("a. export, 10k entries + 500 MiB (child process)");
    let all = run_child(&vault_path, &dir.path().join("all.zip"), "all")?;
    note("   export, same entries but 100 MiB of exhibits (child process)");
    let small = run_child(&vault_path, &dir.path().join("small.zip"), "small")?;

    // b. Bare pipeline over the same bytes: chunks sealed in a bare SQLite table.
    note("b. bare read → decrypt → SHA-256 → ZIP → fsync over the same bytes");
    let key = SecretKey::generate();
    let bare_db = dir.path().join("bare.sqlite");
    fill_chunks(&bare_db, &key, &plain_dir)?;
    let bare = bare_pipeline(&bare_db, &key, &dir.path().join("bare.zip"))?;

    // c. zip -0 + sha256sum over the plaintext files.
    note("c. zip -0 + sha256sum over the same files");
    let t = Instant::now();
    let zip = Command::new("zip")
        .args(["-0", "-q", "-r"])
        .arg(dir.path().join("tools.zip"))
        .arg("plain")
        .current_dir(dir.path())
        .status();
    let zip_time = t.elapsed();
    let t = Instant::now();
    let sums = Command::new("sh").arg("-c").arg("sha256sum plain/* > /dev/null").current_dir(dir.path()).status();
    let sum_time = t.elapsed();
    let tools_ok = zip.map(|s| s.success()).unwrap_or(false) && sums.map(|s| s.success()).unwrap_or(false);

    let export_exhibits = all.total.saturating_sub(all.pdf);
    table.row("export 10k + 500 MiB, total", secs(all.total), "", "", Goal::Info);
    table.row(
        "export throughput, PDF aside vs bare pipeline",
        rate(total_bytes / export_exhibits.as_secs_f64()),
        rate(total_bytes / bare.as_secs_f64()),
        format!("{:.2}×", bare.as_secs_f64() / export_exhibits.as_secs_f64()),
        Goal::AtLeast(0.7),
    );
    if tools_ok {
        let tools = zip_time + sum_time;
        table.row(
            "export (PDF aside) vs zip -0 + sha256sum",
            secs(export_exhibits),
            format!("{} + {}", secs(zip_time), secs(sum_time)),
            ratio(export_exhibits, tools),
            Goal::AtMost(0.5),
        );
    } else {
        note("   zip or sha256sum is not installed: apt-get install zip coreutils");
    }
    table.row("peak RSS of the export, 500 MiB exhibits", format!("{} MiB", all.rss_mib), "", "", Goal::Info);
    table.row(
        "peak RSS, 500 MiB vs 100 MiB of exhibits",
        format!("{} MiB", all.rss_mib),
        format!("{} MiB", small.rss_mib),
        format!("{:.2}×", all.rss_mib as f64 / small.rss_mib.max(1) as f64),
        Goal::Info,
    );
    table.row(
        "peak RSS ≤ 200 MiB",
        format!("{} MiB", all.rss_mib),
        "200 MiB",
        format!("{:.2}×", all.rss_mib as f64 / 200.0),
        Goal::AtMost(1.0),
    );

    // d. The PDF alone, 1k and 10k entries (timed from the report stage's start to its end).
    note("d. report.pdf for 1k entries (child process)");
    let one_k = run_child(&vault_path, &dir.path().join("1k.zip"), "1k")?;
    table.row(
        "report.pdf, 10k entries",
        secs(all.pdf),
        "3.5 s",
        format!("{:.2}×", all.pdf.as_secs_f64() / 3.5),
        Goal::AtMost(1.0),
    );
    table.row("report.pdf, 1k entries", secs(one_k.pdf), "", "", Goal::Info);
    table.row("report.pdf pages, 10k / 1k", all.pages.to_string(), one_k.pages.to_string(), "", Goal::Info);

    // e. Photos: the report draws each one small, from the pack's own bytes.
    note(&format!("e. {PHOTOS} entries with a photo each (child process)"));
    let photo_vault = dir.path().join("photos.casebook");
    let photo_bytes = photo_diary(&photo_vault, &mut rng)?;
    let photos = run_child(&photo_vault, &dir.path().join("photos.zip"), "all")?;
    table.row(&format!("report.pdf, {PHOTOS} entries with photos"), secs(photos.pdf), "", "", Goal::Info);
    table.row(
        "  its pages; pack bytes beside the photos",
        photos.pages.to_string(),
        format!("{} MiB", photos.bytes.saturating_sub(photo_bytes) / MIB as u64),
        "",
        Goal::Info,
    );
    table.print();
    Ok(())
}

struct ChildResult {
    total: Duration,
    pdf: Duration,
    rss_mib: u64,
    pages: u32,
    bytes: u64,
}

const PHOTOS: usize = 200;

/// A vault of [`PHOTOS`] entries, each with a 2048 × 1536 JPEG of noise (a photo's size and
/// entropy); returns the photos' total bytes.
fn photo_diary(path: &Path, rng: &mut Rng) -> Res<u64> {
    let (mut vault, _recovery) =
        Vault::create(path, Passphrase::from(PASSPHRASE), KdfPolicy::InsecureTestOnly, Box::new(SystemClock))?;
    let ids = vault.add_entries((0..PHOTOS).map(|i| entry(rng, i)).collect())?;
    let mut total = 0;
    for (i, id) in ids.into_iter().enumerate() {
        let img = image::RgbImage::from_fn(2048, 1536, |x, y| {
            let n = (rng.next() & 0x1f) as u8;
            image::Rgb([(x / 8) as u8 ^ n, (y / 6) as u8 ^ n, (i as u8).wrapping_mul(37) ^ n])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&img)?;
        total += jpeg.len() as u64;
        vault.attach(id, &mut &jpeg[..], &format!("IMG_{i:04}.jpg"), "manual")?;
    }
    Ok(total)
}

fn run_child(vault: &Path, out: &Path, which: &str) -> Res<ChildResult> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe).arg("--export-child").arg(vault).arg(out).arg(which).output()?;
    if !output.status.success() {
        return Err(format!("export child failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let text = String::from_utf8(output.stdout)?;
    let field = |k: &str| -> Res<f64> {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{k}=")))
            .ok_or(format!("child did not report {k}: {text}"))?
            .parse::<f64>()
            .map_err(Into::into)
    };
    Ok(ChildResult {
        total: Duration::from_secs_f64(field("total")?),
        pdf: Duration::from_secs_f64(field("pdf")?),
        rss_mib: field("rss_mib")? as u64,
        pages: field("pages")? as u32,
        bytes: field("bytes")? as u64,
    })
}

/// The child: unlock, export, print timings and VmHWM.
fn export_child(vault_path: &Path, out: &Path, which: &str) -> Res<()> {
    let mut vault = Vault::unlock(
        vault_path,
        Credential::Passphrase(Passphrase::from(PASSPHRASE)),
        KdfPolicy::InsecureTestOnly,
        Box::new(SystemClock),
    )?;
    let options = match which {
        "small" => ExportOptions {
            kinds: casebook_core::EntryKind::ALL.into_iter().filter(|k| *k != EntryKind::Other).collect(),
            ..ExportOptions::default()
        },
        "1k" => ExportOptions { to: Some(at(1000)), ..ExportOptions::default() },
        _ => ExportOptions::default(),
    };
    let t = Instant::now();
    let mut report_start = None;
    let mut report_end = None;
    let report = vault
        .export(&options, None, out, &mut |p| {
            match p.stage {
                Stage::Report if report_start.is_none() => report_start = Some(Instant::now()),
                Stage::Report if p.done == p.total && p.total > 0 => report_end = Some(Instant::now()),
                _ => {}
            }
            true
        })
        .map_err(|e| e.to_string())?;
    let total = t.elapsed();
    let pdf = match (report_start, report_end) {
        (Some(a), Some(b)) => b - a,
        _ => Duration::ZERO,
    };
    println!(
        "total={} pdf={} rss_mib={} pages={} bytes={}",
        total.as_secs_f64(),
        pdf.as_secs_f64(),
        vm_hwm_kib()? / 1024,
        report.report_pages,
        report.bytes
    );
    Ok(())
}

fn vm_hwm_kib() -> Res<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).ok_or("no VmHWM")?;
    Ok(line.split_whitespace().nth(1).ok_or("bad VmHWM")?.parse()?)
}

fn fill_chunks(db: &Path, key: &SecretKey, plain: &Path) -> Res<()> {
    let mut conn = Connection::open(db)?;
    conn.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE c (file INTEGER, idx INTEGER, data BLOB, PRIMARY KEY (file, idx)) WITHOUT ROWID;")?;
    let tx = conn.transaction()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(plain)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.sort();
    for (i, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f)?;
        for (j, chunk) in bytes.chunks(MIB).enumerate() {
            let aad = [i as u8, j as u8];
            tx.execute("INSERT INTO c VALUES (?1, ?2, ?3)", params![i as i64, j as i64, seal(key, &aad, chunk)])?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn bare_pipeline(db: &Path, key: &SecretKey, out: &Path) -> Res<Duration> {
    let conn = Connection::open(db)?;
    let t = Instant::now();
    let file = std::fs::File::create(out)?;
    let mut zip = zip::ZipWriter::new_stream(BufWriter::with_capacity(MIB, file));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let files: i64 = conn.query_row("SELECT count(DISTINCT file) FROM c", [], |r| r.get(0))?;
    for i in 0..files {
        zip.start_file(format!("exhibits/{i}"), opts)?;
        let mut hasher = Sha256::new();
        let mut stmt = conn.prepare("SELECT idx, data FROM c WHERE file = ?1 ORDER BY idx")?;
        let mut rows = stmt.query([i])?;
        while let Some(row) = rows.next()? {
            let j: i64 = row.get(0)?;
            let data: Vec<u8> = row.get(1)?;
            let plain = open(key, &[i as u8, j as u8], &data)?;
            hasher.update(&plain[..]);
            zip.write_all(&plain)?;
        }
        std::hint::black_box(hasher.finalize());
    }
    let stream = zip.finish()?;
    let file = stream.into_inner().into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(t.elapsed())
}

fn at(i: usize) -> DateTime<FixedOffset> {
    let start: DateTime<FixedOffset> = "2025-01-06T08:00:00+00:00".parse().unwrap_or_default();
    start + Span::minutes(i as i64 * 97)
}

fn entry(rng: &mut Rng, i: usize) -> EntryFields {
    const WORDS: &[&str] = &[
        "he", "was", "again", "outside", "the", "house", "car", "parked", "across", "road", "called", "twice",
        "message", "said", "knows", "where", "work", "followed", "me", "to", "station", "Łódź", "Żaneta", "gate",
    ];
    let kinds =
        [EntryKind::Call, EntryKind::TextMessage, EntryKind::Sighting, EntryKind::Following, EntryKind::SocialMedia];
    let mut words = |n: usize| (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ");
    let title = format!("{} {}", words(7), if i.is_multiple_of(100) { "王小明 سارة" } else { "" });
    let narrative = words(45);
    let mut f = EntryFields::new(kinds[i % kinds.len()], title.trim(), at(i));
    f.narrative = narrative;
    f.location = i.is_multiple_of(3).then(|| "ul. Piotrkowska 12, Łódź".to_owned());
    f
}

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

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn rate(bytes_per_sec: f64) -> String {
    format!("{:.0} MiB/s", bytes_per_sec / MIB as f64)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64().max(1e-9))
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
struct Table(Vec<[String; 5]>);

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
        let verdict = match (goal, value) {
            (Goal::AtMost(g), Some(v)) => format!("goal ≤ {g}×: {}", if v <= g { "met" } else { "NOT met" }),
            (Goal::AtLeast(g), Some(v)) => format!("goal ≥ {g}×: {}", if v >= g { "met" } else { "NOT met" }),
            _ => String::new(),
        };
        self.0.push([figure.to_owned(), casebook.into(), baseline.into(), ratio, verdict]);
    }

    fn print(&self) {
        let head = ["figure", "casebook", "baseline (same run)", "ratio", "goal"];
        let widths: Vec<usize> = (0..5)
            .map(|i| self.0.iter().map(|r| r[i].chars().count()).chain([head[i].len()]).max().unwrap_or(0))
            .collect();
        let line = |cells: &[&str]| {
            let parts: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
            println!("{}", parts.join("  ").trim_end());
        };
        println!();
        line(&head);
        for r in &self.0 {
            line(&r.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }
}
