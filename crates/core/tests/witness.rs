//! Anchors outside the computer, in the vault: witness codes (made from a signed checkpoint,
//! recorded when shared and only when this diary made them) and the key card (one printable
//! page; recorded when given); both listed in every pack's report.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use casebook_core::verify::{Expected, witnessed_up_to};
use casebook_core::{EntryKind, VaultError, Verdict, WitnessCode, WitnessCodeError, verify_bundle_expecting};
use common::*;
use export_support::*;

#[test]
fn a_witness_code_names_a_signed_checkpoint_of_this_chain_and_key() {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "Withheld number", "2026-03-01T20:00:00+00:00")).unwrap();
    let made = tv.vault.make_witness_code().unwrap();
    let (head_seq, head_link) = tv.vault.head().unwrap();
    assert_eq!(made.seq, head_seq, "the code names the checkpoint just written");
    let code = WitnessCode::parse(&made.code).unwrap();
    assert_eq!(code.seq(), made.seq);
    assert!(code.matches(&tv.vault.public_key().to_bytes(), &head_link));
    assert_eq!(tv.vault.witness_code_at(made.seq).unwrap(), code);
    assert!(made.code.starts_with(&format!("W-{}-", made.seq)));
    assert!(made.message.contains(&made.code) && made.message.contains(&format!("number {}", made.seq)));
    assert_eq!(made.made_at, utc("2026-03-01T21:00:00Z"));
    let report = tv.vault.check().unwrap();
    assert!(report.is_ok() && report.checkpoints_verified == 1, "{report:?}");
}

#[test]
fn sharing_a_code_is_a_ledger_record_listed_in_order() {
    let mut tv = new_vault();
    let first = tv.vault.make_witness_code().unwrap();
    tv.tick(5);
    let shared =
        tv.vault.record_witness_shared(&first.code.parse().unwrap(), " my advocate Sam ", "text message").unwrap();
    assert_eq!((shared.to.as_str(), shared.how.as_str()), ("my advocate Sam", "text message"));
    tv.vault.add_entry(entry(EntryKind::Sighting, "Car outside", "2026-03-01T22:00:00+00:00")).unwrap();
    let second = tv.vault.make_witness_code().unwrap();
    tv.vault.record_witness_shared(&second.code.parse().unwrap(), "myself", "email").unwrap();

    let shares = tv.vault.witness_shares().unwrap();
    assert_eq!(shares.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), [&first.code, &second.code]);
    assert_eq!(shares[0].seq, shared.seq);
    assert_eq!(shares[0].recorded_at, utc("2026-03-01T21:05:00Z"));
    assert!(tv.vault.check().unwrap().is_ok());

    // It survives locking, and the record says exactly this.
    let tv = tv.reopen();
    assert_eq!(tv.vault.witness_shares().unwrap(), shares);
}

#[test]
fn a_code_from_another_diary_is_refused_and_nothing_is_written() {
    let mut mine = new_vault();
    let mut other = new_vault();
    for _ in 0..3 {
        other.vault.add_entry(entry(EntryKind::Call, "x", "2026-03-01T20:00:00+00:00")).unwrap();
    }
    let theirs: WitnessCode = other.vault.make_witness_code().unwrap().code.parse().unwrap();
    // Mine has fewer records than the code's number, then as many: refused either way.
    let records_before = mine.vault.info().unwrap().records;
    let err = mine.vault.record_witness_shared(&theirs, "PC 1234", "text").unwrap_err();
    assert!(matches!(&err, VaultError::InvalidInput(m) if m.contains("not made by this diary")), "{err}");
    for _ in 0..4 {
        mine.vault.add_entry(entry(EntryKind::Call, "y", "2026-03-01T20:00:00+00:00")).unwrap();
    }
    let records_before_2 = mine.vault.info().unwrap().records;
    assert!(records_before_2 >= theirs.seq());
    let err = mine.vault.record_witness_shared(&theirs, "PC 1234", "text").unwrap_err();
    assert!(matches!(&err, VaultError::InvalidInput(m) if m.contains("not made by this diary")), "{err}");
    assert_eq!(mine.vault.info().unwrap().records, records_before_2);
    assert!(records_before < records_before_2);
    assert!(mine.vault.witness_shares().unwrap().is_empty());
}

#[test]
fn bad_recipients_and_mistyped_codes_are_refused_with_a_sentence() {
    let mut tv = new_vault();
    let made = tv.vault.make_witness_code().unwrap();
    let code: WitnessCode = made.code.parse().unwrap();
    for (to, how) in [("", "text"), ("Sam", "  "), ("Sam\nand Jo", "text"), (&*"x".repeat(201), "text")] {
        let err = tv.vault.record_witness_shared(&code, to, how).unwrap_err();
        assert!(matches!(err, VaultError::InvalidInput(_)), "{to:?}/{how:?}: {err}");
    }
    // One character changed: read as a typo, not as another diary's code.
    let mut typo = made.code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(WitnessCode::parse(&typo), Err(WitnessCodeError::Mistyped));
    let err: VaultError = WitnessCode::parse("W-3-ABC").unwrap_err().into();
    assert!(err.to_string().contains("20 letters"), "{err}");
    assert!(tv.vault.witness_shares().unwrap().is_empty());
}

#[test]
fn every_pack_discloses_the_shared_codes_and_its_report_lists_them() {
    let mut s = scenario();
    let made = s.tv.vault.make_witness_code().unwrap();
    s.tv.vault.record_witness_shared(&made.code.parse().unwrap(), "PC 1234, Leeds", "email").unwrap();
    let out = export(&mut s, &police_options(), "pack.zip");
    assert!(casebook_core::verify_bundle(&out, None).is_valid());
    let dir = s.tv.dir.path().join("unzipped");
    unzip_to(&std::fs::read(&out).unwrap(), &dir);
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], &dir);
    let pdf_text: String = String::from_utf8_lossy(&t.stdout).split_whitespace().collect();
    assert!(pdf_text.contains("Witnesscodesshared"), "{pdf_text}");
    assert!(pdf_text.contains(&made.code), "the report lists the code");
    assert!(pdf_text.contains("PC1234,Leeds(email)"), "and to whom, how");
}

#[test]
fn the_key_card_is_one_page_with_the_fingerprint_the_creation_date_and_how_to_check() {
    let tv = new_vault();
    let out = tv.dir.path().join("card.pdf");
    let card = tv.vault.write_key_card(&out).unwrap();
    assert_eq!(card.fingerprint, tv.vault.info().unwrap().fingerprint);
    assert_eq!(card.created_at, utc("2026-03-01T21:00:00Z"));
    let dir = tv.dir.path();
    let info = text(&tool("pdfinfo", &["card.pdf"], dir));
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")), "{info}");
    let t = tool("pdftotext", &["-enc", "UTF-8", "card.pdf", "-"], dir);
    let words = String::from_utf8_lossy(&t.stdout).split_whitespace().collect::<String>();
    assert!(words.contains(&card.fingerprint.replace(' ', "")), "the fingerprint, in groups: {words}");
    assert!(words.contains("Diarycreated:1March2026"), "{words}");
    assert!(words.contains("casebookverifyPACK.zip--expect-fingerprint"), "{words}");

    // Never over an existing file, which is left as it was.
    let before = std::fs::read(&out).unwrap();
    let err = tv.vault.write_key_card(&out).unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists(_)), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".casebook-key-card"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn giving_the_key_card_is_recorded_and_listed_in_the_reports_continuity_log() {
    let mut s = scenario();
    for bad in ["", "  ", "PC 1234\nLeeds"] {
        assert!(matches!(s.tv.vault.record_key_card_given(bad), Err(VaultError::InvalidInput(_))), "{bad:?}");
    }
    let given = s.tv.vault.record_key_card_given("PC 1234, Leeds").unwrap();
    assert_eq!(s.tv.vault.key_cards_given().unwrap(), [given]);
    assert!(s.tv.vault.check().unwrap().is_ok());
    let out = export(&mut s, &police_options(), "pack.zip");
    assert!(casebook_core::verify_bundle(&out, None).is_valid());
    let dir = s.tv.dir.path().join("unzipped");
    unzip_to(&std::fs::read(&out).unwrap(), &dir);
    let t = tool("pdftotext", &["-enc", "UTF-8", "report.pdf", "-"], &dir);
    let pdf_text: String = String::from_utf8_lossy(&t.stdout).split_whitespace().collect();
    let log = &pdf_text[pdf_text.find("Continuitylog").unwrap()..];
    assert!(log.contains("Keycardsgiven") && log.contains("PC1234,Leeds"), "{log}");
}

#[test]
fn a_later_pack_matches_a_code_sent_earlier_but_a_forged_or_back_dated_one_does_not() {
    use casebook_core::{WitnessOutcome, witness::check_pack};
    let mut s = scenario();
    // A copy of the diary as it was before the code: what a back-dater would start from.
    let earlier = s.tv.dir.path().join("earlier.casebook");
    s.tv.vault.backup_to(&earlier).unwrap();
    let made = s.tv.vault.make_witness_code().unwrap();
    let code: WitnessCode = made.code.parse().unwrap();
    s.tv.vault.record_witness_shared(&code, "my advocate", "text message").unwrap();
    s.tv.tick(60);
    s.tv.vault.add_entry(entry(EntryKind::Call, "Later call", "2026-03-02T09:00:00+00:00")).unwrap();
    let genuine = export(&mut s, &police_options(), "genuine.zip");
    let outcome = |path: &std::path::Path| check_pack(path, None, &[code])[0].outcome;
    assert_eq!(outcome(&genuine), WitnessOutcome::Matched);
    // The code alone anchors the pack: it binds the key and the chain up to its record.
    let with_code = Expected::default().with_witness(&made.code).unwrap();
    let verdict = |path: &std::path::Path| verify_bundle_expecting(path, &with_code, None);
    let r = verdict(&genuine);
    assert_eq!((r.verdict, r.anchored), (Verdict::Valid, true), "{:#?}", r.checks);
    assert_eq!(witnessed_up_to(&r.witnesses), Some(code.seq()));
    assert!(r.checks.iter().any(|c| c.name == "anchor" && c.ok && c.detail.contains(&made.code)), "{:#?}", r.checks);

    // Back-dating: the same key, the chain rebuilt from the earlier copy with an entry slipped in.
    let mut back = unlock(&earlier, PASSPHRASE, &s.tv.clock).unwrap();
    back.add_entry(entry(EntryKind::Threat, "Slipped in", "2026-02-01T09:00:00+00:00")).unwrap();
    for _ in 0..3 {
        back.add_entry(entry(EntryKind::Call, "Filler", "2026-03-02T09:00:00+00:00")).unwrap();
    }
    assert_eq!(back.public_key(), s.tv.vault.public_key(), "the same key");
    let rebuilt = s.tv.dir.path().join("rebuilt.zip");
    back.export(&police_options(), None, &rebuilt, &mut |_| true).unwrap();
    assert!(casebook_core::verify_bundle(&rebuilt, None).is_valid(), "internally the rebuilt pack is fine");
    let c = &check_pack(&rebuilt, None, &[code])[0];
    assert_eq!(c.outcome, WitnessOutcome::Mismatched, "{}", c.detail);
    assert!(c.detail.contains("does NOT match"), "{}", c.detail);
    let r = verdict(&rebuilt);
    assert_eq!((r.verdict, r.verdict.exit_code(), r.anchored), (Verdict::WitnessMismatch, 8, false));
    assert_eq!(r.witnesses[0].outcome, WitnessOutcome::Mismatched);

    // Forgery: the same story under a new key, as long as the real chain.
    let mut forger = new_vault();
    for _ in 0..(code.seq() + 2) {
        forger.vault.add_entry(entry(EntryKind::Call, "Forged", "2026-03-02T09:00:00+00:00")).unwrap();
    }
    let forged = forger.dir.path().join("forged.zip");
    forger.vault.export(&casebook_core::ExportOptions::default(), None, &forged, &mut |_| true).unwrap();
    assert!(casebook_core::verify_bundle(&forged, None).is_valid());
    assert_eq!(outcome(&forged), WitnessOutcome::Mismatched);
    assert_eq!(verdict(&forged).verdict, Verdict::WitnessMismatch);
    // Against the real fingerprint too, the forgery is named for its key first.
    let both = with_code.clone().with_fingerprint(&s.tv.vault.info().unwrap().fingerprint).unwrap();
    assert_eq!(verify_bundle_expecting(&forged, &both, None).verdict, Verdict::KeyMismatch);
    assert!(verify_bundle_expecting(&genuine, &both, None).anchored);

    // A pack that ends before the code's record cannot show it.
    let mut short = new_vault();
    short.vault.add_entry(entry(EntryKind::Call, "One", "2026-03-02T09:00:00+00:00")).unwrap();
    let short_pack = short.dir.path().join("short.zip");
    short.vault.export(&casebook_core::ExportOptions::default(), None, &short_pack, &mut |_| true).unwrap();
    assert_eq!(outcome(&short_pack), WitnessOutcome::NotReached);
    assert_eq!(verdict(&short_pack).verdict, Verdict::WitnessMismatch);
}

#[test]
fn a_damaged_pack_fails_as_damaged_and_its_links_are_not_compared_with_a_code() {
    let mut s = scenario();
    let made = s.tv.vault.make_witness_code().unwrap();
    let out = export(&mut s, &police_options(), "pack.zip");
    let original = std::fs::read(&out).unwrap();
    let case = tamper::cases(&original).into_iter().next().unwrap();
    let bad = s.tv.dir.path().join("bad.zip");
    std::fs::write(&bad, &case.bytes).unwrap();
    let want = Expected::default().with_witness(&made.code).unwrap();
    let r = verify_bundle_expecting(&bad, &want, None);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", case.name);
    assert!(r.witnesses.is_empty() && !r.anchored);
    assert!(r.checks.iter().any(|c| c.name == "anchor" && !c.ok && c.detail.contains("not compared")));
    assert!(matches!(
        Expected::default().with_witness("W-3-NOPE"),
        Err(casebook_core::verify::ExpectError::MalformedWitness(_))
    ));
}
