//! Fuzzing on stable Rust: every reader of outside bytes gets thousands of hostile inputs
//! made from real ones, and none may panic, hang or accept a changed input as intact.
//!
//! | target | what reads the bytes | beyond "no panic" |
//! | --- | --- | --- |
//! | `sms_xml`, `whatsapp_txt`, `whatsapp_zip`, `eml`, `mbox`, `telegram_json`, `x_archive`, `meta_json`, `meta_zip` | import preview, and every fourth input a real import | the vault's `check` passes after all the imports |
//! | `pack` | `verify_bundle` (ZIP, JSON, signature, chain) | a pack judged valid has exactly the original files |
//! | `vault` | `Vault::unlock`, then `check` and `list_entries` | `check` reports damage, never raises it |
//! | `envelope` | `casebook_crypto::open`, `unwrap_key`, `verify` | only the untouched bytes open or verify |
//! | `image` | `Vault::attach` (sniffing, EXIF, thumbnail) | always stored, and read back byte-exact |
//!
//! See fuzz_support for the mutator, the caps and the environment variables; `make fuzz`
//! runs the long version. Inputs that once failed live in tests/fuzz-regressions/<target>/
//! and `fuzz_regressions` replays every one of them.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;
mod fuzz_support;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use casebook_core::import::{DateOrder, ImportOptions, ImportSettings, preview};
use casebook_core::{CaseDetails, EntryFilter, EntryKind, Identifier, IdentifierKind, Person, Verdict, verify_bundle};
use casebook_crypto::{SecretKey, SigningKey};
use common::*;
use fuzz_support::vault::{open_test_vault, remove_vault, small_vault};
use fuzz_support::{Mutator, Outcome, Rng, iterations, regressions, report, run_inputs, seed};

/// Runs one input: how it was taken, or a property it broke.
type Run = Box<dyn FnMut(&[u8]) -> Result<Outcome, String>>;
/// Makes one input.
type Generate = Box<dyn FnMut(&mut Mutator) -> Vec<u8>>;
/// A property of a whole run, checked at its end.
type Finish = Box<dyn FnMut() -> Result<(), String>>;

/// One fuzz target: its corpus, how inputs are made, and what runs on each.
struct Target {
    corpus: Vec<Vec<u8>>,
    max_len: usize,
    dictionary: &'static [&'static str],
    /// Makes one input; `None`: mutate a corpus member.
    generate: Option<Generate>,
    run: Run,
    /// Run once after all inputs (a property of the whole run).
    finish: Option<Finish>,
}

const TARGETS: &[&str] = &[
    "sms_xml",
    "whatsapp_txt",
    "whatsapp_zip",
    "eml",
    "mbox",
    "telegram_json",
    "x_archive",
    "meta_json",
    "meta_zip",
    "pack",
    "vault",
    "envelope",
    "image",
];

fn target(name: &str) -> Target {
    match name {
        "sms_xml" => importer(&["sms-20260301213000.xml", "calls-20260301213000.xml"], SMS_TOKENS, 64 * 1024),
        "whatsapp_txt" => importer(
            &[
                "whatsapp-android-en-GB.txt",
                "whatsapp-android-en-US.txt",
                "whatsapp-ios-en-GB.txt",
                "whatsapp-ios-en-US.txt",
                "whatsapp-ios-de-DE.txt",
                "whatsapp-ambiguous-dates.txt",
            ],
            CHAT_TOKENS,
            32 * 1024,
        ),
        "whatsapp_zip" => whatsapp_zip(),
        "eml" => importer(&["jon-20260303.eml"], MAIL_TOKENS, 64 * 1024),
        "mbox" => importer(&["takeout-jon.mbox"], MAIL_TOKENS, 64 * 1024),
        "telegram_json" => telegram_json(),
        "x_archive" => x_archive(),
        "meta_json" => meta_json(),
        "meta_zip" => meta_zip(),
        "pack" => pack(),
        "vault" => vault_file(),
        "envelope" => envelope(),
        "image" => image(),
        other => panic!("no fuzz target {other}"),
    }
}

/// Runs `iters` generated inputs through the target and prints its tally.
fn fuzz(name: &str, default_iters: u64) {
    let seed = seed();
    let mut t = target(name);
    let own = seed ^ name.bytes().fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    let mut m = Mutator::new(own, t.max_len, t.dictionary);
    let corpus = t.corpus.clone();
    // One untimed, uncounted warm-up: first-use setup (phone number metadata, say) is not
    // an input's cost.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (t.run)(&corpus[0])));
    let mut generate = t.generate.take();
    let inputs = (0..iterations(default_iters)).map(|_| match generate.as_mut() {
        Some(g) => {
            let mut input = g(&mut m);
            input.truncate(m.max_len);
            input
        }
        None => m.mutate(&corpus),
    });
    let mut tally = run_inputs(name, inputs, &mut t.run);
    if let Some(finish) = t.finish.as_mut()
        && let Err(why) = finish()
    {
        tally.wrong.push(why);
    }
    report(name, seed, &tally);
}

#[test]
fn fuzz_sms_xml() {
    fuzz("sms_xml", 300);
}

#[test]
fn fuzz_whatsapp_txt() {
    fuzz("whatsapp_txt", 300);
}

#[test]
fn fuzz_whatsapp_zip() {
    fuzz("whatsapp_zip", 300);
}

#[test]
fn fuzz_eml() {
    fuzz("eml", 300);
}

#[test]
fn fuzz_mbox() {
    fuzz("mbox", 300);
}

#[test]
fn fuzz_telegram_json() {
    fuzz("telegram_json", 300);
}

#[test]
fn fuzz_x_archive() {
    fuzz("x_archive", 300);
}

#[test]
fn fuzz_meta_json() {
    fuzz("meta_json", 300);
}

#[test]
fn fuzz_meta_zip() {
    fuzz("meta_zip", 300);
}

#[test]
fn fuzz_pack() {
    fuzz("pack", 300);
}

#[test]
fn fuzz_vault() {
    fuzz("vault", 300);
}

#[test]
fn fuzz_envelope() {
    fuzz("envelope", 5000);
}

#[test]
fn fuzz_image() {
    fuzz("image", 300);
}

/// Every input that once failed a target, committed with its fix, still passes.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(TARGETS.contains(&name.as_str()), "tests/fuzz-regressions/{name} is not a fuzz target");
    }
    let mut replayed = 0;
    for name in TARGETS {
        let files = regressions(name);
        if files.is_empty() {
            continue;
        }
        let mut t = target(name);
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let tally = run_inputs(name, files.into_iter().map(|(_, bytes)| bytes), &mut t.run);
        replayed += tally.inputs;
        assert!(
            tally.panics == 0 && tally.wrong.is_empty(),
            "{name}: a regression is back: {:#?} {paths:#?}",
            tally.wrong
        );
    }
    println!("fuzz regressions: {replayed} inputs replayed, 0 panics");
}

// ------------------------------------------------------------------ importers

const SMS_TOKENS: &[&str] = &[
    "<sms ",
    "<mms ",
    "<call ",
    "<part ",
    "<addr ",
    "</smses>",
    "<parts>",
    "</parts>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    "&a;",
    "&#0;",
    "&#x10FFFF;",
    "&amp;",
    "data=\"",
    "ct=\"image/jpeg\"",
    "date=\"",
    "type=\"",
    "address=\"",
    "body=\"",
    "encoding=\"UTF-16\"",
    "<?xml version='1.0' encoding='ISO-8859-1'?>",
];
const CHAT_TOKENS: &[&str] = &[
    "\n01/02/2026, 21:14 - Jon Doe: ",
    "\n[03/04/26, 9:05:01 PM] Jon Doe: ",
    " <attached: IMG-1.jpg>",
    " (file attached)",
    "\u{200e}",
    "\u{202f}",
    "\r\n",
    " PM",
    " AM",
    "13/13/13",
    "31/02/2026",
    "99:99",
    "<Media omitted>",
    "IMG-20260313-WA0001.jpg (file attached)",
];
const TELEGRAM_TOKENS: &[&str] = &[
    "\"type\": \"message\"",
    "\"type\": \"service\"",
    "\"type\": \"unsupported\"",
    "\"action\": \"phone_call\"",
    "\"date_unixtime\": \"",
    "\"from_id\": \"user",
    "\"from_id\": \"channel",
    "\"text\": [",
    "{\"type\": \"link\", \"text\": \"",
    "\"photo\": \"../",
    "\"file\": \"/etc/passwd\"",
    "\"messages\": [",
    "\"chats\": {\"list\": [",
    "\"\\ud83d\"",
    "\"\\u0000\"",
    "null",
    "1e999",
    "-9223372036854775809",
    "[]",
    "{}",
];
const MAIL_TOKENS: &[&str] = &[
    "\nFrom ",
    "\nFrom: ",
    "\nTo: ",
    "\nDate: ",
    "\nSubject: =?utf-8?B?",
    "?=",
    "\nContent-Type: multipart/mixed; boundary=\"b\"\n",
    "\n--b\n",
    "\n--b--\n",
    "\nContent-Transfer-Encoding: base64\n",
    "\nContent-Transfer-Encoding: quoted-printable\n",
    "=\n",
    "=FF",
    "\nContent-Type: image/jpeg; name=\"p.jpg\"\n",
    "\nContent-Disposition: attachment; filename*=utf-8''%FF\n",
    "\n\n",
    "\r\n",
    "charset=\"iso-2022-jp\"",
    "Mon, 32 Foo 99999 25:61:61 +9999",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)).unwrap()
}

fn jon_case() -> CaseDetails {
    CaseDetails {
        victim_initials: "AS".into(),
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: None,
            description: None,
            identifiers: vec![
                Identifier { kind: IdentifierKind::Phone, value: "+447700900123".into() },
                Identifier { kind: IdentifierKind::Email, value: "jon@example.com".into() },
                Identifier { kind: IdentifierKind::Handle, value: "x:2222222222".into() },
            ],
        }],
        order_terms: None,
        default_region: None,
    }
}

fn import_options() -> ImportOptions {
    ImportOptions {
        settings: ImportSettings {
            utc_offset: Some("+00:00".parse().unwrap()),
            date_order: Some(DateOrder::DayFirst),
            ..ImportSettings::default()
        },
        ..ImportOptions::default()
    }
}

/// Preview every input; import every fourth into one vault, whose `check` must pass at the end.
fn import_runner(file_name: String) -> (Run, Finish) {
    let tv = std::rc::Rc::new(std::cell::RefCell::new(new_vault()));
    tv.borrow_mut().vault.set_case(jon_case()).unwrap();
    let path = tv.borrow().dir.path().join(&file_name);
    let case = jon_case();
    let options = import_options();
    let mut n = 0u64;
    let tv_run = tv.clone();
    let run = Box::new(move |input: &[u8]| {
        std::fs::write(&path, input).unwrap();
        n += 1;
        let previewed = preview(&path, &case, &options.settings);
        if n.is_multiple_of(4) {
            let _ = tv_run.borrow_mut().vault.import(&path, &options, &mut |_, _| true);
        }
        Ok(if previewed.is_ok() { Outcome::Accepted } else { Outcome::Refused })
    });
    let finish = Box::new(move || {
        let report = tv.borrow().vault.check().map_err(|e| e.to_string())?;
        if report.is_ok() { Ok(()) } else { Err(format!("check after the imports: {:?}", report.problems)) }
    });
    (run, finish)
}

fn importer(fixtures: &[&str], dictionary: &'static [&'static str], max_len: usize) -> Target {
    let corpus: Vec<Vec<u8>> = fixtures.iter().map(|f| fixture(f)).collect();
    // The file name is part of detection (a .txt, a .mbox): keep the first fixture's.
    let (run, finish) = import_runner(fixtures[0].to_owned());
    Target { corpus, max_len, dictionary, generate: None, run, finish: Some(finish) }
}

/// Telegram Desktop's `result.json`, read by its own name (as the export writes it), from the
/// fixture that follows Telegram's JSON writer byte for byte.
fn telegram_json() -> Target {
    let corpus = vec![fixture("telegram-jon/result.json")];
    let (run, finish) = import_runner("result.json".to_owned());
    Target { corpus, max_len: 64 * 1024, dictionary: TELEGRAM_TOKENS, generate: None, run, finish: Some(finish) }
}

const X_TOKENS: &[&str] = &[
    "window.YTD.direct_messages.part0 = ",
    "{\n  \"dmConversation\" : {",
    "\"messageCreate\" : {",
    "\"participantsJoin\" : {",
    "\"senderId\" : \"",
    "\"recipientId\" : \"2222222222\",",
    "\"createdAt\" : \"2026-03-01T21:14:00.250Z\"",
    "\"mediaUrls\" : [ \"https://ton.twitter.com/dm/1/2/a.jpg\" ],",
    "\"\\ud83d\"",
    "[ ]",
    "null",
];

/// An X archive's direct messages: half the inputs are direct-messages.js mutated (read without
/// account.js), half a well-formed archive .zip holding a mutated direct-messages.js beside the
/// real account.js (detection is by the bytes, not the name).
fn x_archive() -> Target {
    let dms = fixture("x-jon/data/direct-messages.js");
    let group = fixture("x-jon/data/direct-messages-group.js");
    let account = fixture("x-jon/data/account.js");
    let corpus = vec![dms.clone(), group.clone()];
    let parts = [dms, group];
    let mut inner = Mutator::new(seed() ^ 0x7A1, 32 * 1024, X_TOKENS);
    let corpus_for_gen = corpus.clone();
    let generate = Box::new(move |m: &mut Mutator| {
        if m.rng.chance(2) {
            return m.mutate(&corpus_for_gen);
        }
        let text = inner.mutate(&parts);
        zip_of(&[("data/account.js", &account), ("data/direct-messages.js", &text)])
    });
    let (run, finish) = import_runner("direct-messages.js".into());
    Target { corpus, max_len: 64 * 1024, dictionary: X_TOKENS, generate: Some(generate), run, finish: Some(finish) }
}

const META_TOKENS: &[&str] = &[
    "\"sender_name\": \"",
    "\"timestamp_ms\": ",
    "\"content\": \"",
    "\\u00f0\\u009f\\u0098\\u0080",
    "\\u00c5\\u0081",
    "\\u00ff",
    "\"photos\": [{\"uri\": \"../../etc/passwd\"}]",
    "\"uri\": \"/etc/passwd\"",
    "\"type\": \"Call\", \"call_duration\": ",
    "\"type\": \"Unsubscribe\"",
    "\"is_unsent\": true",
    "\"reactions\": [{\"reaction\": ",
    "\"share\": {\"link\": ",
    "\"messages\": [",
    "\"messages\": {",
    "null",
    "1e999",
    "-9223372036854775809",
];

const META_CHAT: &str = "your_instagram_activity/messages/inbox/jondoe_17841400000000001/message_1.json";
const META_PHOTO: &str = "your_instagram_activity/messages/inbox/jondoe_17841400000000001/photos/1234567890123456.jpg";

/// One chat file of an unpacked Instagram or Messenger export, by Meta's own file name.
fn meta_json() -> Target {
    let corpus = vec![
        fixture(&format!("instagram-lucja/{META_CHAT}")),
        fixture("messenger-lucja/messages/inbox/jondoe_10158000000000001/message_2.json"),
    ];
    let (run, finish) = import_runner("message_1.json".to_owned());
    Target { corpus, max_len: 64 * 1024, dictionary: META_TOKENS, generate: None, run, finish: Some(finish) }
}

/// Instagram's download: half the inputs are the zip's bytes mutated, half a well-formed zip of a
/// mutated chat file and a mutated photo under Meta's folders.
fn meta_zip() -> Target {
    let chat = fixture(&format!("instagram-lucja/{META_CHAT}"));
    let photo = common::images::jpeg_with_exif(48, 32, "2026:03:13 08:02:31");
    let corpus = vec![zip_of(&[(META_CHAT, &chat), (META_PHOTO, &photo)])];
    let parts = [chat, photo];
    let mut inner = Mutator::new(seed() ^ 0x3E7A, 48 * 1024, META_TOKENS);
    let corpus_for_gen = corpus.clone();
    let generate = Box::new(move |m: &mut Mutator| {
        if m.rng.chance(2) {
            return m.mutate(&corpus_for_gen);
        }
        let text = inner.mutate(&parts[..1]);
        let image = inner.mutate(&parts[1..]);
        zip_of(&[(META_CHAT, &text), (META_PHOTO, &image)])
    });
    let (run, finish) = import_runner("instagram-lucja.wisniewska-2026-03-15.zip".into());
    Target { corpus, max_len: 96 * 1024, dictionary: &[], generate: Some(generate), run, finish: Some(finish) }
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// Chat zips: half the inputs are the zip's bytes mutated, half a well-formed zip of a
/// mutated chat and a mutated photo (so the parser, not only the ZIP reader, is reached).
fn whatsapp_zip() -> Target {
    let chat =
        b"13/03/2026, 21:14 - Jon Doe: IMG-20260313-WA0001.jpg (file attached)\n13/03/2026, 21:15 - Jon Doe: Look\n"
            .to_vec();
    let photo = common::images::jpeg_with_exif(48, 32, "2026:03:13 21:14:00");
    let txt = fixture("whatsapp-android-en-GB.txt");
    let corpus = vec![
        zip_of(&[("WhatsApp Chat with Jon Doe.txt", &chat), ("IMG-20260313-WA0001.jpg", &photo)]),
        zip_of(&[("WhatsApp Chat with Jon Doe.txt", &txt)]),
        zip_of(&[("_chat.txt", &chat), ("IMG-20260313-WA0001.jpg", &photo)]),
    ];
    let parts = [chat, txt, photo.clone()];
    let mut inner = Mutator::new(seed() ^ 0x21F, 32 * 1024, CHAT_TOKENS);
    let corpus_for_gen = corpus.clone();
    let generate = Box::new(move |m: &mut Mutator| {
        if m.rng.chance(2) {
            return m.mutate(&corpus_for_gen);
        }
        let text = inner.mutate(&parts[..2]);
        let image = inner.mutate(&parts[2..]);
        let chat_name = if m.rng.chance(2) { "_chat.txt" } else { "WhatsApp Chat with Jon Doe.txt" };
        zip_of(&[(chat_name, &text), ("IMG-20260313-WA0001.jpg", &image)])
    });
    let (run, finish) = import_runner("WhatsApp Chat with Jon Doe.zip".into());
    Target { corpus, max_len: 96 * 1024, dictionary: &[], generate: Some(generate), run, finish: Some(finish) }
}

// ------------------------------------------------------------------ pack verifier

const PACK_TOKENS: &[&str] = &["\"seq\": ", "\"sha256\": \"", "null", "true", "[]", "{}", "\"\\u0000\"", "1e999", "-0"];

/// A police pack: half the inputs are its ZIP bytes mutated, half a well-formed ZIP whose
/// one file (manifest, signature, ledger, sums, key) is mutated. A pack judged valid must
/// hold exactly the original files.
fn pack() -> Target {
    let mut s = export_support::scenario();
    let path = export_support::export(&mut s, &export_support::police_options(), "pack.zip");
    let original = std::fs::read(&path).unwrap();
    let files = export_support::read_zip(&original);
    let dir = s.tv.dir.path().to_owned();
    let mut inner = Mutator::new(seed() ^ 0x9AC, 256 * 1024, PACK_TOKENS);
    let corpus = vec![original.clone()];
    let gen_files = files.clone();
    let generate = Box::new(move |m: &mut Mutator| {
        if m.rng.chance(2) {
            return m.mutate(std::slice::from_ref(&original));
        }
        let mut changed = gen_files.clone();
        // The small files carry the structure; the exhibits and the PDF are hashed only.
        let small: Vec<usize> = (0..changed.len()).filter(|&i| changed[i].1.len() < 256 * 1024).collect();
        let i = small[m.rng.below(small.len())];
        changed[i].1 = inner.mutate(std::slice::from_ref(&changed[i].1));
        export_support::write_zip(&changed)
    });
    let pack_path = dir.join("fuzzed.zip");
    let run = Box::new(move |input: &[u8]| {
        let _alive = &s; // its temporary folder holds the pack
        std::fs::write(&pack_path, input).unwrap();
        let report = verify_bundle(&pack_path, None);
        if report.verdict != Verdict::Valid {
            return Ok(Outcome::Refused);
        }
        let got = std::panic::catch_unwind(|| export_support::read_zip(input)).unwrap_or_default();
        if got != files {
            return Err("a changed pack was judged valid".into());
        }
        Ok(Outcome::Accepted)
    });
    let max_len = corpus[0].len() + 64 * 1024;
    Target { corpus, max_len, dictionary: PACK_TOKENS, generate: Some(generate), run, finish: None }
}

// ------------------------------------------------------------------ vault file

fn vault_file() -> Target {
    let (dir, path) = small_vault();
    let original = std::fs::read(&path).unwrap();
    let untouched = open_test_vault(&path).unwrap().check().unwrap();
    assert!(untouched.is_ok(), "the untouched vault must check clean: {:?}", untouched.problems);
    let fuzzed = dir.path().join("fuzzed.casebook");
    let run = Box::new(move |input: &[u8]| {
        let _alive = &dir;
        remove_vault(&fuzzed);
        std::fs::write(&fuzzed, input).unwrap();
        let Ok(vault) = open_test_vault(&fuzzed) else { return Ok(Outcome::Refused) };
        let _ = vault.list_entries(&EntryFilter::default());
        let _ = vault.case();
        // Damage is reported, never raised: `check` names what it found (exit 5, "damaged").
        match vault.check() {
            Ok(report) if report.is_ok() => Ok(Outcome::Accepted),
            Ok(_) => Ok(Outcome::Refused),
            Err(e) => Err(format!("check raised instead of reporting: {e}")),
        }
    });
    let max_len = original.len() + 16 * 1024;
    Target {
        corpus: vec![original],
        max_len,
        dictionary: &["SQLite format 3\0", "CBKV"],
        generate: None,
        run,
        finish: None,
    }
}

// ------------------------------------------------------------------ envelopes and signatures

fn envelope() -> Target {
    let key = SecretKey::from_bytes([7; 32]);
    let aad = b"casebook fuzz aad".to_vec();
    let inner = SecretKey::from_bytes([9; 32]);
    let signer = SigningKey::from_seed(&[3; 32]);
    let message = b"casebook fuzz message".to_vec();
    let corpus = vec![
        casebook_crypto::seal(&key, &aad, b""),
        casebook_crypto::seal(&key, &aad, b"hello"),
        casebook_crypto::seal(&key, &aad, &[0x5A; 700]),
        casebook_crypto::wrap_key(&key, &aad, &inner),
        signer.sign(&message).to_vec(),
    ];
    let originals = corpus.clone();
    let public = signer.verifying_key();
    let run = Box::new(move |input: &[u8]| {
        let untouched = originals.iter().any(|o| o == input);
        let opened = casebook_crypto::open(&key, &aad, input).is_ok();
        let unwrapped = casebook_crypto::unwrap_key(&key, &aad, input).is_ok();
        let verified = casebook_crypto::verify(&public, &message, input).is_ok();
        if (opened || unwrapped || verified) && !untouched {
            return Err("changed bytes opened or verified".into());
        }
        Ok(if opened || verified { Outcome::Accepted } else { Outcome::Refused })
    });
    Target { corpus, max_len: 2048, dictionary: &["\x01", "\x02"], generate: None, run, finish: None }
}

// ------------------------------------------------------------------ image intake

fn encode(img: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn image() -> Target {
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([(x * 9) as u8, (y * 15) as u8, 77]));
    let corpus = vec![
        common::images::png(24, 16),
        common::images::jpeg_with_exif(24, 16, "2026:03:13 21:14:00"),
        encode(&img, image::ImageFormat::Gif),
        encode(&img, image::ImageFormat::Bmp),
        encode(&img, image::ImageFormat::Tiff),
        encode(&img, image::ImageFormat::WebP),
    ];
    let mut tv = new_vault();
    let entry_id = tv.vault.add_entry(entry(EntryKind::Other, "Photos", "2026-02-01T21:14:00+00:00")).unwrap();
    let mut rng = Rng::new(seed() ^ 0x1A6);
    let names = ["photo.jpg", "screen.png", "anim.gif", "scan.tiff", "pic.webp", "file.bmp", "note.txt"];
    let run = Box::new(move |input: &[u8]| {
        // The whole test vault, its temporary folder with it: a closure that named only
        // `tv.vault` would capture that field alone and the folder would be deleted under the
        // open vault (which WAL mode hid, and the rollback journal of an attach cannot be made in).
        let tv = &mut tv;
        let name = names[rng.below(names.len())];
        let info = tv.vault.attach(entry_id, &mut &input[..], name, "fuzz").map_err(|e| format!("not stored: {e}"))?;
        let mut back = Vec::new();
        tv.vault.read_attachment(info.id, &mut back).map_err(|e| format!("not read back: {e}"))?;
        if back != input {
            return Err("read back different bytes".into());
        }
        Ok(if info.has_thumbnail { Outcome::Accepted } else { Outcome::Refused })
    });
    Target {
        corpus,
        max_len: 64 * 1024,
        dictionary: &["IHDR", "IDAT", "Exif\0\0", "GIF89a", "RIFF", "II*\0", "MM\0*"],
        generate: None,
        run,
        finish: None,
    }
}
