//! `cargo bench --bench purge`: purging one imported text whose export file it shares with
//! 10,000 others, beside attaching a file of the same size to the same vault in the same run
//! (a re-cut is one read of the file, one span blanked, and the file attached again, so the
//! ratio should stay near a small constant whatever the count). Nothing here asserts a time.

use std::error::Error;
use std::io::Write;
use std::time::Instant;

use casebook_core::import::{ImportOptions, ImportSettings};
use casebook_core::{
    CaseDetails, EntryFields, EntryFilter, EntryKind, Identifier, IdentifierKind, KdfPolicy, Person, SourceFate,
    SystemClock, Vault,
};
use casebook_crypto::Passphrase;

type Res<T> = Result<T, Box<dyn Error>>;

const OTHERS: usize = 10_000;

fn main() -> Res<()> {
    let base = std::env::var_os("CASEBOOK_BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix("casebook-purge-bench.").tempdir_in(&base)?;
    let xml = dir.path().join("shared.xml");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&xml)?);
    writeln!(out, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{}\">", OTHERS + 1)?;
    for i in 0..=OTHERS {
        let body = if i == OTHERS / 2 { "PURGE-ME".to_owned() } else { format!("Message number {i}") };
        writeln!(
            out,
            "  <sms protocol=\"0\" address=\"+447700900123\" date=\"{}\" type=\"1\" body=\"{body}\" read=\"1\" />",
            1_772_399_640_000_u64 + i as u64 * 60_000
        )?;
    }
    writeln!(out, "</smses>")?;
    out.into_inner()?.sync_all()?;
    let size = std::fs::metadata(&xml)?.len();
    let (mut vault, _recovery) = Vault::create(
        &dir.path().join("bench.casebook"),
        Passphrase::from("bench passphrase"),
        KdfPolicy::InsecureTestOnly,
        Box::new(SystemClock),
    )?;
    // Jon's number is the case's, so the import selects his texts without being told.
    vault.set_case(CaseDetails {
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: None,
            description: None,
            identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() }],
        }],
        ..CaseDetails::default()
    })?;
    let settings = ImportSettings { utc_offset: Some("+00:00".parse()?), ..ImportSettings::default() };
    vault.import(&xml, &ImportOptions { settings, ..ImportOptions::default() }, &mut |_, _| true)?;
    let entries = vault.list_entries(&EntryFilter::default())?;
    let victim = entries.iter().find(|e| e.fields.narrative.contains("PURGE-ME")).ok_or("no marked entry")?.id;

    // Baseline: attaching a file of the export's size (what the re-cut does once).
    let plain =
        vault.add_entry(EntryFields::new(EntryKind::Other, "baseline", "2026-03-01T12:00:00+00:00".parse()?))?;
    let bytes = std::fs::read(&xml)?;
    let t = Instant::now();
    vault.attach(plain, &mut bytes.as_slice(), "same-size.xml", "manual")?;
    let attach_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let fate = vault.purge_entry(victim, None)?;
    let purge_s = t.elapsed().as_secs_f64();
    if !matches!(fate, Some(SourceFate::Recut { .. })) {
        return Err(format!("expected a re-cut, got {fate:?}").into());
    }
    println!(
        "purge one of {} texts sharing a {:.1} MiB export: {purge_s:.3} s, {:.1}× attaching a file of that size ({attach_s:.3} s)",
        OTHERS + 1,
        size as f64 / 1_048_576.0,
        purge_s / attach_s
    );
    Ok(())
}
