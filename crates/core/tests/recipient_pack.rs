//! Packs made for a recipient card (an advocate service's or an officer's age X25519 key): only
//! that recipient's identity opens them, in Casebook and with the real `age` tool. The attacks
//! first: another recipient's identity, no identity, a passphrase instead, a malformed card, a
//! card for another purpose, a card misused on a police pack.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod export_support;

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
    let age = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&k.identity)
        .arg("-o")
        .arg(&zip)
        .arg(&out)
        .output()
        .expect("the age tool (Debian package age) is installed");
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
