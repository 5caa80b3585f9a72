//! Packs made for a recipient card (an advocate service's or an officer's age X25519 key): only
//! that recipient's identity opens them, in Casebook and with the real `age` tool. The attacks
//! first: another recipient's identity, no identity, a passphrase instead, a malformed card, a
//! card for another purpose, a card misused on a police pack.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

use std::ffi::OsStr;
use std::path::PathBuf;

use casebook_core::recipient::{new_recipient, read_identity};
use casebook_core::verify::{PackKey, check_and_read_with};
use casebook_core::{Expected, ExportError, ExportOptions, Recipient, Verdict};
use casebook_crypto::Passphrase;
use export_support::*;

struct Keys {
    card: String,
    identity: PathBuf,
}

fn keys(s: &Scenario, who: &str) -> Keys {
    let dir = s.tv.dir.path();
    let (card, identity) = (dir.join(format!("{who}-card.txt")), dir.join(format!("{who}-id.txt")));
    new_recipient(who, &identity, &card).unwrap();
    Keys { card: std::fs::read_to_string(card).unwrap(), identity }
}

fn for_card(s: &Scenario, card: &str) -> ExportOptions {
    ExportOptions { recipient_card: Some(card.to_owned()), ..advocate_options(s) }
}

fn export_to(s: &mut Scenario, options: &ExportOptions, name: &str) -> Result<PathBuf, ExportError> {
    let out = s.tv.dir.path().join(name);
    s.tv.vault.export(options, None, &out, &mut |_| true).map(|_| out)
}

#[test]
fn a_pack_for_a_card_opens_with_its_identity_in_casebook_and_with_age() {
    let mut s = scenario();
    let k = keys(&s, "advocate");
    let options = for_card(&s, &k.card);
    let out = s.tv.dir.path().join("pack.age");
    let report = s.tv.vault.export(&options, None, &out, &mut |_| true).unwrap();
    assert!(report.card_fingerprint.is_some());
    assert!(std::fs::read(&out).unwrap().starts_with(b"age-encryption.org/v1\n"));
    let identity = read_identity(&k.identity).unwrap();
    let checked = check_and_read_with(&out, &Expected::default(), PackKey::Identity(&identity));
    assert_eq!(checked.report.verdict, Verdict::Valid, "{:?}", checked.report.checks);
    assert!(checked.contents.is_some());

    // The real age tool, with the identity file as `casebook recipient new` wrote it.
    let zip = s.tv.dir.path().join("pack.zip");
    let args = [
        OsStr::new("-d"),
        OsStr::new("-i"),
        k.identity.as_os_str(),
        OsStr::new("-o"),
        zip.as_os_str(),
        out.as_os_str(),
    ];
    let age =
        casebook_testtools::output("age", args, None, None).expect("the age tool (Debian package age) is installed");
    assert!(age.status.success(), "{}", String::from_utf8_lossy(&age.stderr));
    let bytes = std::fs::read(&zip).unwrap();
    assert_eq!(hex::encode(casebook_crypto::sha256(&bytes)), report.bundle_sha256);
    assert!(casebook_core::verify_bundle(&zip, None).is_valid());
}

#[test]
fn another_recipients_identity_no_identity_or_a_passphrase_do_not_open_it() {
    let mut s = scenario();
    let (mine, theirs) = (keys(&s, "advocate"), keys(&s, "other"));
    let options = for_card(&s, &mine.card);
    let out = export_to(&mut s, &options, "pack.age").unwrap();
    let other = read_identity(&theirs.identity).unwrap();
    let r = check_and_read_with(&out, &Expected::default(), PackKey::Identity(&other)).report;
    assert_eq!(r.verdict, Verdict::WrongKey);
    assert!(r.checks[0].detail.contains("made for another recipient's key"), "{:?}", r.checks);
    assert_eq!(r.verdict.exit_code(), 3);
    let r = check_and_read_with(&out, &Expected::default(), PackKey::None).report;
    assert_eq!(r.verdict, Verdict::NeedsKey);
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let r = check_and_read_with(&out, &Expected::default(), PackKey::Passphrase(&pass)).report;
    assert_eq!(r.verdict, Verdict::NeedsKey, "a passphrase is not a key");
    // And an identity does not open a passphrase pack.
    let options = advocate_options(&s);
    let page = export(&mut s, &options, "adv.html");
    let mine_id = read_identity(&mine.identity).unwrap();
    let r = check_and_read_with(&page, &Expected::default(), PackKey::Identity(&mine_id)).report;
    assert_eq!(r.verdict, Verdict::NeedsPassphrase);
}

#[test]
fn a_malformed_card_or_one_for_another_purpose_is_refused_and_nothing_is_written() {
    let mut s = scenario();
    let k = keys(&s, "advocate");
    let records = s.tv.vault.info().unwrap().records;
    let key_line = k.card.lines().find(|l| l.starts_with("recipient: ")).unwrap().to_owned();
    for (name, card) in [
        ("malformed", k.card.replace(&key_line, "recipient: age1zzzz")),
        ("edited", k.card.replace(&key_line, keys(&s, "x").card.lines().nth(3).unwrap())),
        ("other purpose", k.card.replace("receive Casebook evidence packs", "sign in")),
        ("identity", std::fs::read_to_string(&k.identity).unwrap()),
        ("empty", String::new()),
    ] {
        let options = for_card(&s, &card);
        let err = export_to(&mut s, &options, "pack.age").unwrap_err();
        assert!(matches!(err, ExportError::BadRecipientCard(_)), "{name}: {err}");
        assert!(!s.tv.dir.path().join("pack.age").exists(), "{name}");
    }
    assert_eq!(s.tv.vault.info().unwrap().records, records, "nothing was recorded");
}

#[test]
fn a_card_is_for_an_advocate_pack_without_a_passphrase() {
    let mut s = scenario();
    let k = keys(&s, "advocate");
    let police =
        ExportOptions { recipient: Recipient::Police, recipient_card: Some(k.card.clone()), ..police_options() };
    assert!(matches!(export_to(&mut s, &police, "p.zip"), Err(ExportError::RecipientCardMisused)));
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let out = s.tv.dir.path().join("both.age");
    let err = s.tv.vault.export(&for_card(&s, &k.card), Some(&pass), &out, &mut |_| true).unwrap_err();
    assert!(matches!(err, ExportError::RecipientCardMisused), "{err}");
}

// Remembered recipients: the cards a pack was made for, kept sealed in the vault
// (`recipient_card_used`), listed with the fingerprint of the key actually used.

const CANARY_NAME: &str = "Zanzibar Canary Refuge 7731";

#[test]
fn a_used_card_is_remembered_sealed_and_nothing_of_it_is_on_disk_or_in_later_packs() {
    let mut s = scenario();
    let k = keys(&s, CANARY_NAME);
    let card = casebook_core::recipient::RecipientCard::parse(k.card.as_bytes()).unwrap();
    assert!(s.tv.vault.remembered_recipients().unwrap().is_empty());
    let options = for_card(&s, &k.card);
    export_to(&mut s, &options, "pack.age").unwrap();

    let remembered = s.tv.vault.remembered_recipients().unwrap();
    assert_eq!(remembered.len(), 1);
    assert_eq!(remembered[0].name, CANARY_NAME);
    assert_eq!(remembered[0].fingerprint, card.fingerprint());
    assert_eq!(remembered[0].card, card.to_text());
    assert_eq!(remembered[0].uses, 1);

    // Later packs, for the police and for a passphrase, say nothing about it.
    let police = export(&mut s, &police_options(), "police.zip");
    let zip = pack_text(&std::fs::read(&police).unwrap());
    let pass = Passphrase::from(ADVOCATE_PASSPHRASE);
    let adv = s.tv.dir.path().join("adv.html");
    let report = s.tv.vault.export(&advocate_options(&s), Some(&pass), &adv, &mut |_| true).unwrap();
    assert!(report.card_fingerprint.is_none());

    let fp_hex = card.fingerprint().replace(' ', "");
    let fp_raw = hex::decode(&fp_hex).unwrap();
    let key_raw = bech32_data(&card.recipient);
    let tv = std::mem::replace(&mut s.tv, common::new_vault());
    let path = tv.path.clone();
    let dir = tv.dir;
    tv.vault.lock();
    let disk = common::all_vault_bytes(&path);
    for (what, needle) in [
        ("name", CANARY_NAME.as_bytes()),
        ("key", card.recipient.as_bytes()),
        ("fingerprint", card.fingerprint().as_bytes()),
        ("fingerprint hex", fp_hex.as_bytes()),
        ("fingerprint bytes", &fp_raw),
        ("key bytes", &key_raw),
    ] {
        assert!(!common::contains(&disk, needle), "the vault file shows the remembered card's {what}");
        assert!(!common::contains(&zip, needle), "a later police pack shows the remembered card's {what}");
    }
    drop(dir);
}

/// A pack's bytes with every disclosed ledger body decoded after them (ledger.json carries
/// bodies in base64).
fn pack_text(zip: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let mut out = zip.to_vec();
    let ledger: serde_json::Value = serde_json::from_slice(get(&read_zip(zip), "ledger.json")).unwrap();
    let mut bodies = 0;
    for body in ledger["records"].as_array().unwrap().iter().filter_map(|r| r["body"].as_str()) {
        let body = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        assert!(!common::contains(&body, b"recipient_card_used"), "a pack discloses a remembered card");
        out.extend(body);
        bodies += 1;
    }
    assert!(bodies > 3, "the pack's bodies were read");
    out
}

/// The 32 key bytes inside an `age1...` string (bech32: 5-bit groups after the `1`, less the
/// 6-character checksum).
fn bech32_data(s: &str) -> Vec<u8> {
    const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let data = &s[s.rfind('1').unwrap() + 1..s.len() - 6];
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in data.chars() {
        acc = (acc << 5) | CHARSET.find(c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    assert_eq!(out.len(), 32);
    out
}

fn card_used_seq(s: &mut Scenario, card: &str) -> i64 {
    let options = for_card(s, card);
    let out = s.tv.dir.path().join(format!("pack-{}.age", s.tv.vault.info().unwrap().records));
    s.tv.vault.export(&options, None, &out, &mut |_| true).unwrap().record_seq + 1
}

/// Changes record `seq`'s sealed bytes behind the vault's back, as someone with the file could.
fn reseal(tv: common::TestVault, seq: i64, change: impl FnOnce(&mut Vec<u8>)) -> common::TestVault {
    let common::TestVault { dir, path, clock, vault, recovery } = tv;
    vault.lock();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut sealed: Vec<u8> = conn.query_row("SELECT sealed FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    change(&mut sealed);
    conn.execute("UPDATE ledger SET sealed = ?1 WHERE seq = ?2", rusqlite::params![sealed, seq]).unwrap();
    drop(conn);
    let vault = common::unlock(&path, common::PASSPHRASE, &clock).unwrap();
    common::TestVault { dir, path, clock, vault, recovery }
}

#[test]
fn a_remembered_card_changed_on_disk_or_brought_from_another_vault_is_refused() {
    // A byte of the sealed record changed: refused, never read as some other key.
    let mut s = scenario();
    let k = keys(&s, "Anytown Advocacy");
    let seq = card_used_seq(&mut s, &k.card);
    let tv = std::mem::replace(&mut s.tv, common::new_vault());
    s.tv = reseal(tv, seq, |sealed| sealed[60] ^= 1);
    let err = s.tv.vault.remembered_recipients().unwrap_err();
    assert!(err.to_string().contains(&seq.to_string()), "{err}");
    assert!(s.tv.vault.remembered_recipient(&k.card.lines().nth(4).unwrap()[13..]).is_err());

    // The sealed record of another vault's pack, for an attacker's card, put in its place.
    let mut mine = scenario();
    let mut theirs = scenario();
    let genuine = keys(&mine, "Anytown Advocacy");
    let seq = card_used_seq(&mut mine, &genuine.card);
    let attacker = keys(&theirs, "Anytown Advocacy");
    assert_eq!(card_used_seq(&mut theirs, &attacker.card), seq, "the two vaults are alike");
    let sealed: Vec<u8> = {
        let tv = std::mem::replace(&mut theirs.tv, common::new_vault());
        let path = tv.path.clone();
        let _dir = tv.dir;
        tv.vault.lock();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("SELECT sealed FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).unwrap()
    };
    let tv = std::mem::replace(&mut mine.tv, common::new_vault());
    mine.tv = reseal(tv, seq, |mine| *mine = sealed);
    assert!(mine.tv.vault.remembered_recipients().is_err(), "another vault's record opens in this one");
}

#[test]
fn the_fingerprint_shown_for_a_remembered_recipient_is_the_key_the_pack_is_locked_to() {
    let mut s = scenario();
    // Two cards with the same name: the real service's and a look-alike. They stay two.
    let real = keys(&s, "Anytown Advocacy");
    let fake = keys(&s, "Anytown Advocacy ");
    card_used_seq(&mut s, &real.card);
    s.tv.tick(5);
    card_used_seq(&mut s, &fake.card);
    s.tv.tick(5);
    card_used_seq(&mut s, &real.card);
    let list = s.tv.vault.remembered_recipients().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let real_id = read_identity(&real.identity).unwrap();
    let real_fp = casebook_pack::format::fingerprint_of(&real_id.to_public().to_string());
    assert_eq!((list[0].fingerprint.as_str(), list[0].uses), (real_fp.as_str(), 2), "most recent first");
    assert_ne!(list[1].fingerprint, real_fp);

    // Chosen by the fingerprint's first digits, as `--to-remembered` does.
    for short in ["", "1a2b", "xyz12345"] {
        assert!(s.tv.vault.remembered_recipient(short).is_err(), "{short:?}");
    }
    let chosen = s.tv.vault.remembered_recipient(&real_fp[..9]).unwrap();
    assert_eq!(chosen.fingerprint, real_fp);
    let options = for_card(&s, &chosen.card);
    let out = s.tv.dir.path().join("again.age");
    let report = s.tv.vault.export(&options, None, &out, &mut |_| true).unwrap();
    assert_eq!(report.card_fingerprint.as_deref(), Some(real_fp.as_str()), "the fingerprint reported is the key's");
    let r = check_and_read_with(&out, &Expected::default(), PackKey::Identity(&real_id)).report;
    assert_eq!(r.verdict, Verdict::Valid);
    let fake_id = read_identity(&fake.identity).unwrap();
    let r = check_and_read_with(&out, &Expected::default(), PackKey::Identity(&fake_id)).report;
    assert_eq!(r.verdict, Verdict::WrongKey);
    assert_eq!(s.tv.vault.remembered_recipients().unwrap()[0].uses, 3);
}
