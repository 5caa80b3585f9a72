//! `cargo bench --bench zeroing`: what zeroing every freed heap block costs (issue 17, goal
//! ≤ 10% slower). The app and the command-line tool install `casebook_memory::ZeroOnFree` as
//! their global allocator; this binary installs its `Toggle` and measures the same work with
//! zeroing on and off, alternating, in one run. Nothing here asserts a time.
//!
//! Figures:
//! - list + text search of 10k entries, and listing all 10k turned into JSON as the app's IPC
//!   does (median of 7 each way);
//! - import of a generated 100k-message SMS Backup & Restore file into a fresh vault
//!   (median of 3 each way).
//!
//! Temporary files go to `CASEBOOK_BENCH_DIR` if set, else the system temp dir.

use std::error::Error;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use casebook_core::import::{CorrespondentKey, ImportOptions, ImportSettings, preview};
use casebook_core::{
    CaseDetails, EntryFields, EntryFilter, EntryKind, Identifier, IdentifierKind, KdfPolicy, Person, SystemClock, Vault,
};
use casebook_crypto::Passphrase;
use chrono::{DateTime, Duration as Span, FixedOffset};

#[global_allocator]
static ALLOCATOR: casebook_memory::Toggle = casebook_memory::Toggle::new();

type Res<T> = Result<T, Box<dyn Error>>;

const ENTRIES: usize = 10_000;
const LIST_ROUNDS: usize = 7;
const SMS_MESSAGES: usize = 100_000;
const IMPORT_ROUNDS: usize = 3;
const NEEDLE: &str = "blue ford focus";
const START_MS: i64 = 1_772_399_640_000;

fn main() -> Res<()> {
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-zeroing-bench.").tempdir_in(&base)?;
    note(&format!("working in {} (removed afterwards)", dir.path().display()));

    let (mut vault, _recovery) = new_vault(&dir.path().join("list.casebook"))?;
    let mut rng = Rng(0x00c0_ffee_d00d_f00d);
    vault.add_entries((0..ENTRIES).map(|i| entry(&mut rng, i)).collect())?;
    let search = EntryFilter { text: Some(NEEDLE.to_owned()), ..EntryFilter::default() };

    note("list + text search, and list everything as JSON, zeroing on and off in turn");
    let (mut search_on, mut search_off, mut json_on, mut json_off) = (vec![], vec![], vec![], vec![]);
    for round in 0..LIST_ROUNDS * 2 {
        let zeroing = round % 2 == 0;
        ALLOCATOR.set_zeroing(zeroing);
        let t = Instant::now();
        black_box(vault.list_entries(&search)?);
        let searched = t.elapsed();
        let t = Instant::now();
        black_box(serde_json::to_vec(&vault.list_entries(&EntryFilter::default())?)?);
        let listed = t.elapsed();
        let (s, j) = if zeroing { (&mut search_on, &mut json_on) } else { (&mut search_off, &mut json_off) };
        s.push(searched);
        j.push(listed);
    }
    ALLOCATOR.set_zeroing(true);
    drop(vault);

    let sms = dir.path().join("sms-bench.xml");
    write_sms(&sms)?;
    note(&format!("import of {SMS_MESSAGES} SMS, zeroing on and off in turn"));
    let (mut import_on, mut import_off) = (vec![], vec![]);
    for round in 0..IMPORT_ROUNDS * 2 {
        let zeroing = round % 2 == 1;
        let target = dir.path().join(format!("import-{round}.casebook"));
        ALLOCATOR.set_zeroing(zeroing);
        let took = import(&sms, &target)?;
        ALLOCATOR.set_zeroing(true);
        if zeroing { &mut import_on } else { &mut import_off }.push(took);
        std::fs::remove_file(&target)?;
    }

    println!();
    println!("{:<44} {:>12} {:>12} {:>7} {:>7}", "zeroing freed memory", "zeroing", "plain", "ratio", "goal");
    let row = |name: &str, on: &mut Vec<Duration>, off: &mut Vec<Duration>| {
        let (a, b) = (median(on), median(off));
        let r = a.as_secs_f64() / b.as_secs_f64();
        let met = if r <= 1.10 { "yes" } else { "NO" };
        println!("{name:<44} {:>12} {:>12} {r:>6.2}× ≤ 1.1× {met}", ms(a), ms(b));
    };
    row("list + text search, 10k (median of 7)", &mut search_on, &mut search_off);
    row("list everything → JSON, 10k (median of 7)", &mut json_on, &mut json_off);
    row("import 100k SMS (median of 3)", &mut import_on, &mut import_off);
    Ok(())
}

fn new_vault(path: &Path) -> Res<(Vault, casebook_core::RecoveryKey)> {
    Ok(Vault::create(path, Passphrase::from("bench passphrase"), KdfPolicy::InsecureTestOnly, Box::new(SystemClock))?)
}

/// The time of `Vault::import` alone, into a fresh vault.
fn import(file: &Path, vault_path: &Path) -> Res<Duration> {
    let (mut vault, _recovery) = new_vault(vault_path)?;
    vault.set_case(CaseDetails {
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: None,
            description: None,
            identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() }],
        }],
        ..CaseDetails::default()
    })?;
    let settings = ImportSettings { utc_offset: Some("+00:00".parse()?), ..ImportSettings::default() };
    let everyone: Vec<CorrespondentKey> =
        preview(file, &vault.case()?, &settings)?.correspondents.into_iter().map(|c| c.key).collect();
    let options = ImportOptions { settings, correspondents: Some(everyone) };
    let t = Instant::now();
    let report = vault.import(file, &options, &mut |_, _| true)?;
    let took = t.elapsed();
    if report.counts.imported != SMS_MESSAGES as u64 {
        return Err(format!("imported {} of {SMS_MESSAGES}", report.counts.imported).into());
    }
    Ok(took)
}

fn entry(rng: &mut Rng, i: usize) -> EntryFields {
    const WORDS: [&str; 16] = [
        "he", "was", "outside", "the", "house", "car", "parked", "called", "withheld", "message", "followed", "work",
        "station", "window", "evening", "scared",
    ];
    let kind = EntryKind::ALL[i % EntryKind::ALL.len()];
    let start: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2025-01-01T08:00:00+00:00")
        .map(|t| t + Span::minutes(53 * i as i64))
        .unwrap_or_default();
    let mut words = |n: u64| (0..n).map(|_| WORDS[(rng.next() % 16) as usize]).collect::<Vec<_>>().join(" ");
    let mut fields = EntryFields::new(kind, format!("{} {}", kind.label(), words(5)), start);
    fields.narrative = words(30 + i as u64 % 50);
    if i % 100 == 37 {
        fields.narrative.push_str(" it was the Blue Ford Focus again");
    }
    if i.is_multiple_of(3) {
        fields.location = Some(format!("{} High Street", 1 + i % 200));
    }
    fields
}

fn write_sms(path: &Path) -> Res<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>")?;
    writeln!(out, "<smses count=\"{SMS_MESSAGES}\" backup_set=\"bench\" backup_date=\"{START_MS}\" type=\"full\">")?;
    const WORDS: [&str; 12] =
        ["where", "are", "you", "I", "saw", "your", "car", "outside", "answer", "me", "now", "tonight"];
    let mut rng = Rng(0x5eed);
    for i in 0..SMS_MESSAGES {
        let n = 6 + rng.next() % 12;
        let body = (0..n).map(|_| WORDS[(rng.next() % 12) as usize]).collect::<Vec<_>>().join(" ");
        let sms_type = if i % 5 == 0 { 2 } else { 1 };
        let at = START_MS + i as i64 * 7_000;
        writeln!(
            out,
            "  <sms protocol=\"0\" address=\"+447700900123\" date=\"{at}\" type=\"{sms_type}\" body=\"{body}\" read=\"1\" date_sent=\"{}\" contact_name=\"Jon\" />",
            at - 1500
        )?;
    }
    writeln!(out, "</smses>")?;
    out.flush()?;
    Ok(())
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn note(text: &str) {
    eprintln!("[bench] {text}");
}
