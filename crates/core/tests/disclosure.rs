//! What leaves the vault from an import: each imported entry records the exact bytes of its
//! item in the export file (the XML element, the chat lines, the message), so a pack can
//! carry that excerpt instead of the whole export, which also holds other people's messages
//! (the victim's mother: "I am moving to 12 Hidden Lane").
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::io::Write;
use std::path::{Path, PathBuf};

use casebook_core::import::{ImportOptions, ImportSettings};
use casebook_core::verify::{Pack, Verdict, verify_bundle};
use casebook_core::{
    CaseDetails, EntryFilter, EntryKind, EntrySource, EntrySummary, ExportOptions, Identifier, IdentifierKind, Person,
    Recipient, SourceSpan, Vault,
};
use casebook_crypto::Passphrase;
use casebook_crypto::hash::{Digest, Sha256};
use common::*;
use export_support::{get, read_zip, set, text, tool, write_zip};

/// The mother's text: it must never leave in a pack made of the stalker's messages.
const SECRET: &str = "I am moving to 12 Hidden Lane";

fn case() -> CaseDetails {
    CaseDetails {
        victim_initials: "AS".into(),
        persons: vec![Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: Some("ex-partner".into()),
            description: None,
            identifiers: vec![
                Identifier { kind: IdentifierKind::Phone, value: "07700 900123".into() },
                Identifier { kind: IdentifierKind::Email, value: "jon.doe@example.com".into() },
            ],
        }],
        order_terms: None,
        default_region: None,
    }
}

fn options() -> ImportOptions {
    ImportOptions {
        settings: ImportSettings { utc_offset: Some("+00:00".parse().unwrap()), ..ImportSettings::default() },
        ..ImportOptions::default()
    }
}

/// SMS Backup & Restore as the app writes it: Jon's texts and a picture message, and the
/// mother's text between them.
const SMS_XML: &str = r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.003 on 01/03/2026 23:30:00-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
<smses count="4" backup_set="4c6f8e34-2d1b-4b8e-9a51-0d6b5f3d1a11" backup_date="1772407800000" type="full">
  <sms protocol="0" address="+447700900123" date="1772399640000" type="1" subject="null" body="You can't hide from me" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="1772399638000" sub_id="1" readable_date="1 Mar 2026 21:14:00" contact_name="Jon" />
  <sms protocol="0" address="+447700900555" date="1772402600000" type="1" subject="null" body="I am moving to 12 Hidden Lane on Friday, love Mum" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="1772402599000" sub_id="1" readable_date="1 Mar 2026 22:03:20" contact_name="Mum" />
  <mms date="1772403000000" ct_t="application/vnd.wap.multipart.related" msg_box="1" rr="null" sub="null" read_status="null" address="+447700900123" m_id="mms-1@example" read="1" m_size="312" m_type="132" sub_id="1" readable_date="1 Mar 2026 22:10:00" contact_name="Jon">
    <parts>
      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;/smil&gt;" />
      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="Nice door" />
    </parts>
    <addrs>
      <addr address="+447700900123" type="137" charset="106" />
    </addrs>
  </mms>
  <sms protocol="0" address="07700 900123" date="1772404000000" type="1" subject="null" body="See you soon" toa="null" sc_toa="null" service_center="+447958879879" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="1 Mar 2026 22:26:40" contact_name="Jon" />
</smses>
"#;

/// An Android WhatsApp group export: Jon's lines (one message over two lines) and the mother's.
const CHAT_TXT: &str = "13/03/2026, 21:14 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n\
13/03/2026, 21:15 - Jon Doe: I know where you live\r\n\
and I will find you\r\n\
13/03/2026, 21:16 - Mum: I am moving to 12 Hidden Lane on Friday\r\n\
13/03/2026, 21:17 - Jon Doe: Answer me\r\n";

/// A Gmail Takeout mailbox: Jon's message, then the mother's.
const MBOX: &str = "From 1826@xxx Sun Mar 01 21:14:00 +0000 2026\n\
From: Jon Doe <jon.doe@example.com>\n\
To: Alex <alex@example.org>\n\
Subject: Last chance\n\
Date: Sun, 1 Mar 2026 21:14:00 +0000\n\
Message-ID: <jon-1@example.com>\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
You will regret ignoring me.\n\
>From now on I am watching.\n\
\n\
From 1827@xxx Sun Mar 01 21:20:00 +0000 2026\n\
From: Mum <mum@example.net>\n\
To: Alex <alex@example.org>\n\
Subject: New address\n\
Date: Sun, 1 Mar 2026 21:20:00 +0000\n\
Message-ID: <mum-1@example.net>\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
I am moving to 12 Hidden Lane on Friday.\n\
\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A WhatsApp "export chat" zip: the text beside a photo.
fn chat_zip(dir: &Path, photo: &[u8]) -> PathBuf {
    let path = dir.join("WhatsApp Chat with Jon Doe.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("WhatsApp Chat with Jon Doe.txt", deflated).unwrap();
    zip.write_all(CHAT_TXT.as_bytes()).unwrap();
    zip.start_file("IMG-20260301-WA0001.jpg", deflated).unwrap();
    zip.write_all(photo).unwrap();
    zip.finish().unwrap();
    path
}

fn imported(v: &Vault) -> Vec<(EntrySummary, SourceSpan)> {
    v.list_entries(&EntryFilter::default())
        .unwrap()
        .into_iter()
        .filter_map(|e| match &e.fields.source {
            EntrySource::Import { span: Some(span), .. } => {
                let span = span.clone();
                Some((e, span))
            }
            _ => None,
        })
        .collect()
}

fn excerpt<'a>(source: &'a [u8], span: &SourceSpan) -> &'a [u8] {
    &source[span.start as usize..span.end as usize]
}

/// Each span's bytes in `source` (the export file, or the file inside a ZIP export whose
/// whole bytes are `whole`), checked against the span's hashes.
fn checked_spans(v: &Vault, source: &[u8]) -> Vec<String> {
    checked_spans_in(v, source, source)
}

fn checked_spans_in(v: &Vault, whole: &[u8], source: &[u8]) -> Vec<String> {
    let source_sha256 = hex::encode(Sha256::digest(whole));
    imported(v)
        .iter()
        .map(|(_, span)| {
            assert_eq!(span.source_sha256, source_sha256);
            let bytes = excerpt(source, span);
            assert_eq!(span.sha256, hex::encode(Sha256::digest(bytes)));
            String::from_utf8(bytes.to_vec()).unwrap()
        })
        .collect()
}

#[test]
fn sms_entries_record_their_exact_xml_elements() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "sms-20260301233000.xml", SMS_XML.as_bytes());
    let report = tv.vault.import(&path, &options(), &mut |_, _| true).unwrap();
    assert_eq!((report.counts.imported, report.counts.not_selected), (3, 1));
    let excerpts = checked_spans(&tv.vault, SMS_XML.as_bytes());
    assert_eq!(excerpts.len(), 3);
    assert!(excerpts[0].starts_with("<sms protocol=\"0\" address=\"+447700900123\"") && excerpts[0].ends_with("/>"));
    assert!(excerpts[1].starts_with("<mms date=") && excerpts[1].ends_with("</mms>"), "{}", excerpts[1]);
    assert!(excerpts[2].contains("See you soon") && excerpts[2].ends_with("/>"));
    assert!(excerpts.iter().all(|x| !x.contains(SECRET) && !x.contains("Mum")));
}

#[test]
fn a_byte_order_mark_is_counted_in_the_offsets() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), SMS_XML.as_bytes()].concat();
    let path = write(dir.path(), "sms-bom.xml", &with_bom);
    tv.vault.import(&path, &options(), &mut |_, _| true).unwrap();
    let excerpts = checked_spans(&tv.vault, &with_bom);
    assert!(excerpts[0].starts_with("<sms "), "{}", excerpts[0]);
}

#[test]
fn chat_entries_record_their_exact_lines_in_the_zip_member() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = chat_zip(dir.path(), &images::png(4, 3));
    let options = ImportOptions {
        correspondents: Some(vec![casebook_core::import::CorrespondentKey {
            kind: casebook_core::import::CorrespondentKind::Name,
            value: "jon doe".into(),
        }]),
        ..options()
    };
    let report = tv.vault.import(&path, &options, &mut |_, _| true).unwrap();
    assert_eq!(report.counts.imported, 2);
    let spans = imported(&tv.vault);
    assert!(spans.iter().all(|(_, s)| s.member.as_deref() == Some("WhatsApp Chat with Jon Doe.txt")));
    let excerpts = checked_spans_in(&tv.vault, &std::fs::read(&path).unwrap(), CHAT_TXT.as_bytes());
    assert_eq!(
        excerpts,
        [
            "13/03/2026, 21:15 - Jon Doe: I know where you live\r\nand I will find you",
            "13/03/2026, 21:17 - Jon Doe: Answer me"
        ]
    );
}

#[test]
fn mailbox_entries_record_their_exact_messages() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "takeout.mbox", MBOX.as_bytes());
    tv.vault.import(&path, &options(), &mut |_, _| true).unwrap();
    let excerpts = checked_spans(&tv.vault, MBOX.as_bytes());
    assert_eq!(excerpts.len(), 1);
    assert!(excerpts[0].starts_with("From: Jon Doe <jon.doe@example.com>\n"), "{}", excerpts[0]);
    assert!(excerpts[0].ends_with(">From now on I am watching.\n\n"), "the file's own bytes, still quoted");
    assert!(!excerpts[0].contains(SECRET));
}

#[test]
fn a_single_email_is_the_whole_file() {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let eml = MBOX.split_once('\n').unwrap().1.split("\nFrom 1827").next().unwrap().to_owned() + "\n";
    let path = write(dir.path(), "jon.eml", eml.as_bytes());
    tv.vault.import(&path, &options(), &mut |_, _| true).unwrap();
    let spans = imported(&tv.vault);
    assert_eq!(spans.len(), 1);
    assert_eq!((spans[0].1.start, spans[0].1.end), (0, eml.len() as u64));
}

// ------------------------------------------------------------------ packs

/// Every byte a recipient can reach in a pack: each file, and each file inside any ZIP in it
/// (a chat export is deflated, so its text is not in the pack's bytes as such).
fn reachable(files: &[(String, Vec<u8>)], out: &mut Vec<(String, Vec<u8>)>) {
    for (name, data) in files {
        if data.starts_with(b"PK\x03\x04") {
            let inner: Vec<(String, Vec<u8>)> =
                read_zip(data).into_iter().map(|(n, d)| (format!("{name}!{n}"), d)).collect();
            reachable(&inner, out);
        }
        out.push((name.clone(), data.clone()));
    }
}

/// Fails if the mother's text (or her number) is anywhere in the pack or its report's text.
fn assert_no_secret(pack: &[(String, Vec<u8>)], dir: &Path) {
    let mut all = Vec::new();
    reachable(pack, &mut all);
    for (name, data) in &all {
        for needle in [SECRET, "Hidden Lane", "900555", "mum@example.net"] {
            assert!(!contains(data, needle.as_bytes()), "{needle:?} is in {name}");
        }
    }
    std::fs::write(dir.join("report.pdf"), get(pack, "report.pdf")).unwrap();
    let pdf = tool("pdftotext", &["report.pdf", "report.txt"], dir);
    assert!(pdf.status.success(), "{}", text(&pdf));
    let report = std::fs::read_to_string(dir.join("report.txt")).unwrap();
    assert!(!report.contains("Hidden Lane") && !report.contains("900555"), "the report names the mother's text");
}

fn police_pack(v: &mut Vault, dir: &Path, options: &ExportOptions) -> (PathBuf, Vec<(String, Vec<u8>)>) {
    let out = dir.join(format!("pack-{}.zip", v.list_entries(&EntryFilter::default()).unwrap().len()));
    let _ = std::fs::remove_file(&out);
    v.export(options, None, &out, &mut |_| true).unwrap();
    let files = read_zip(&std::fs::read(&out).unwrap());
    (out, files)
}

fn excerpt_check_passes(path: &Path) {
    let report = verify_bundle(path, None);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report.checks);
    assert!(report.checks.iter().any(|c| c.name == "excerpts" && c.ok));
}

/// Imports `path` (Jon's items only, or those of `only`), and returns the vault.
fn imported_vault(path: &Path, only: Option<casebook_core::import::CorrespondentKey>) -> TestVault {
    let mut tv = new_vault();
    tv.vault.set_case(case()).unwrap();
    let options = ImportOptions { correspondents: only.map(|k| vec![k]), ..options() };
    let report = tv.vault.import(path, &options, &mut |_, _| true).unwrap();
    assert_eq!(report.counts.not_selected, 1, "the mother's item is not imported");
    tv
}

fn jon_by_name() -> Option<casebook_core::import::CorrespondentKey> {
    Some(casebook_core::import::CorrespondentKey {
        kind: casebook_core::import::CorrespondentKind::Name,
        value: "jon doe".into(),
    })
}

#[test]
fn a_default_police_pack_of_the_stalkers_texts_never_holds_the_mothers_text() {
    let dir = tempfile::tempdir().unwrap();
    let sms = write(dir.path(), "sms-20260301233000.xml", SMS_XML.as_bytes());
    let chat = chat_zip(dir.path(), &images::png(4, 3));
    let mbox = write(dir.path(), "takeout.mbox", MBOX.as_bytes());
    for (path, only, items) in [(sms, None, 3), (chat, jon_by_name(), 2), (mbox, None, 1)] {
        let mut tv = imported_vault(&path, only);
        let (out, pack) = police_pack(&mut tv.vault, dir.path(), &ExportOptions::default());
        assert_no_secret(&pack, dir.path());
        excerpt_check_passes(&out);

        // Each of Jon's items is there as its exact original bytes, pointing into the export.
        let source = std::fs::read(&path).unwrap();
        let manifest: serde_json::Value = serde_json::from_slice(get(&pack, "manifest.json")).unwrap();
        assert_eq!(manifest["format"], "casebook.bundle.v3");
        let excerpts = manifest["excerpts"].as_array().unwrap();
        assert_eq!(excerpts.len(), items, "{}", path.display());
        for x in excerpts {
            assert_eq!(x["source_sha256"].as_str().unwrap(), hex::encode(Sha256::digest(&source)));
            let bytes = get(&pack, x["file"].as_str().unwrap());
            if x.get("member").is_none() {
                let (start, end) = (x["start"].as_u64().unwrap() as usize, x["end"].as_u64().unwrap() as usize);
                assert_eq!(bytes, &source[start..end]);
            } else {
                assert!(contains(CHAT_TXT.as_bytes(), bytes));
            }
        }
        // The export file itself is listed as withheld, with how many others it holds.
        let preview = tv.vault.export_preview(&ExportOptions::default()).unwrap();
        assert_eq!(preview.sources.len(), 1);
        assert_eq!((preview.sources[0].other_people_items, preview.sources[0].included), (1, false));
        assert_eq!(preview.excerpts, items as u64);
    }
}

#[test]
fn the_whole_export_goes_in_only_when_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let sms = write(dir.path(), "sms-20260301233000.xml", SMS_XML.as_bytes());
    let mut tv = imported_vault(&sms, None);
    let chosen = ExportOptions { include_sources: true, ..ExportOptions::default() };
    let preview = tv.vault.export_preview(&chosen).unwrap();
    assert!(preview.sources[0].included);
    let (out, pack) = police_pack(&mut tv.vault, dir.path(), &chosen);
    assert!(pack.iter().any(|(n, d)| n.starts_with("exhibits/") && contains(d, SECRET.as_bytes())));
    excerpt_check_passes(&out);
}

#[test]
fn an_altered_or_unlisted_excerpt_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let sms = write(dir.path(), "sms-20260301233000.xml", SMS_XML.as_bytes());
    let mut tv = imported_vault(&sms, None);
    let (_, pack) = police_pack(&mut tv.vault, dir.path(), &ExportOptions::default());
    let name = pack.iter().map(|(n, _)| n.clone()).find(|n| n.starts_with("excerpts/")).unwrap();
    let check = |files: &[(String, Vec<u8>)], what: &str| {
        let path = dir.path().join(format!("{what}.zip"));
        std::fs::write(&path, write_zip(files)).unwrap();
        let report = verify_bundle(&path, None);
        assert_eq!(report.verdict, Verdict::Invalid, "{what}");
        assert!(report.checks.iter().any(|c| c.name == "excerpts" && !c.ok), "{what}: {:#?}", report.checks);
    };
    let mut altered = pack.clone();
    let mut bytes = get(&altered, &name).to_vec();
    bytes[10] ^= 1;
    set(&mut altered, &name, bytes);
    check(&altered, "altered");
    let mut extra = pack.clone();
    extra.insert(4, ("excerpts/entry-99.txt".into(), b"<sms body=\"made up\" />".to_vec()));
    check(&extra, "extra");
}

#[test]
fn an_advocate_pack_with_location_removal_carries_no_container_that_could_hold_a_located_photo() {
    let dir = tempfile::tempdir().unwrap();
    let photo = export_support::jpeg_with_gps();
    let chat = chat_zip(dir.path(), &photo);
    let mut tv = imported_vault(&chat, jon_by_name());
    // And a zip the person attached by hand, holding the same photo.
    let id =
        tv.vault.add_entry(entry(EntryKind::Other, "His photos, sent on a stick", "2026-03-01T20:00:00Z")).unwrap();
    tv.vault.attach(id, &mut std::fs::File::open(&chat).unwrap(), "stick.zip", "manual").unwrap();
    let pass = Passphrase::from(export_support::ADVOCATE_PASSPHRASE);
    let options = ExportOptions { recipient: Recipient::Advocate, strip_gps: true, ..ExportOptions::default() };
    let preview = tv.vault.export_preview(&options).unwrap();
    let stick = preview.exhibits.iter().find(|x| x.original_name == "stick.zip").unwrap();
    assert_eq!(stick.treatment, casebook_core::Treatment::Withheld);
    // Chosen explicitly, the export file goes in whole, and the person is told what that means.
    let chosen = ExportOptions { include_sources: true, ..options.clone() };
    let warned = tv.vault.export_preview(&chosen).unwrap().warnings;
    assert!(warned.iter().any(|w| w.contains("location removal cannot reach inside it")), "{warned:?}");
    let out = dir.path().join("advocate.zip.age");
    tv.vault.export(&options, Some(&pass), &out, &mut |_| true).unwrap();
    let mut pack = Pack::open(&out, Some(&pass)).unwrap();
    let mut files = Vec::new();
    for name in pack.names() {
        let data = pack.read(&name, 1 << 30).unwrap();
        files.push((name, data));
    }
    let mut all = Vec::new();
    reachable(&files, &mut all);
    assert!(all.iter().all(|(n, _)| !n.contains('!')), "no ZIP inside the pack");
    // The exact JPEG (GPS and all) is nowhere; only a copy without location may be.
    assert!(all.iter().all(|(_, d)| !contains(d, &photo)), "the located photo is in the pack");
    assert!(all.iter().all(|(_, d)| !contains(d, SECRET.as_bytes())));
    assert_eq!(verify_bundle(&out, Some(&pass)).verdict, Verdict::Valid);
}
