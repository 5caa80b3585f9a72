//! RFC 3161 time-stamps, offline: a request the person carries to any time-stamp authority
//! (here a local one made with `openssl ts`, no network), and a reply that is stored only when
//! it answers one of this diary's requests.
#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;
mod tsa_support;

use casebook_core::anchor::SignatureError;
use casebook_core::anchor::{TspError, anchor_data};
use casebook_core::{AnchorError, EntryKind};
use common::*;
use tsa_support::{Tsa, TsaOptions};

fn diary() -> TestVault {
    let mut tv = new_vault();
    tv.vault.add_entry(entry(EntryKind::Call, "Withheld number", "2026-03-01T20:00:00+00:00")).unwrap();
    tv
}

#[test]
fn a_reply_from_a_local_tsa_round_trips_and_openssl_verifies_it() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    // The checkpoint is signed, then the request is recorded after it.
    assert_eq!(req.seq, req.checkpoint_seq + 1);
    let reply = tsa.reply(&req.der);
    tv.tick(30);
    let anchor = tv.vault.anchor_import(&reply).unwrap();
    assert_eq!(anchor.checkpoint_seq, req.checkpoint_seq);
    assert_eq!(anchor.policy, "1.2.3.4.1");
    assert_eq!(tv.vault.anchors().unwrap(), vec![anchor.clone()]);
    assert!(tv.vault.check().unwrap().is_ok());

    // The stored reply is the TSA's bytes, and openssl checks it over the anchor file.
    let (_, stored) = tv.vault.anchor_replies().unwrap().remove(0);
    assert_eq!(stored, reply);
    let link = ledger_link(&tv, req.checkpoint_seq);
    let data = anchor_data(&tv.vault.public_key().to_bytes(), req.checkpoint_seq, &link);
    assert_eq!(hex::encode(casebook_crypto::sha256(&data)), req.imprint);
    std::fs::write(tv.dir.path().join("anchor.txt"), &data).unwrap();
    std::fs::write(tv.dir.path().join("anchor.tsr"), &stored).unwrap();
    let (ok, out) = tsa.verify_in(tv.dir.path(), "anchor.txt", "anchor.tsr");
    assert!(ok && out.contains("Verification: OK"), "{out}");

    // A second import of the same reply adds nothing.
    let head = tv.vault.head().unwrap();
    assert!(matches!(tv.vault.anchor_import(&reply), Err(AnchorError::AlreadyImported(s)) if s == anchor.seq));
    assert_eq!(tv.vault.head().unwrap(), head);

    // It survives locking.
    let tv = tv.reopen();
    assert_eq!(tv.vault.anchors().unwrap(), vec![anchor]);
}

#[test]
fn the_newest_checkpoint_is_reused_and_each_request_has_its_own_nonce() {
    let mut tv = diary();
    let cp = tv.vault.checkpoint().unwrap();
    let first = tv.vault.anchor_request().unwrap();
    assert_eq!(first.checkpoint_seq, cp, "the head was already a signed checkpoint");
    let second = tv.vault.anchor_request().unwrap();
    assert_eq!(second.checkpoint_seq, first.seq + 1, "a new checkpoint after the first request");
    assert_ne!(first.nonce, second.nonce);
    assert_eq!(first.der.len(), 69);
}

#[test]
fn a_reply_to_another_nonce_is_refused_and_nothing_is_written() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    // The same digest, asked for by someone else (openssl's own nonce).
    let link = ledger_link(&tv, req.checkpoint_seq);
    let data = anchor_data(&tv.vault.public_key().to_bytes(), req.checkpoint_seq, &link);
    let foreign = tsa.reply(&tsa.openssl_request(&data));
    let head = tv.vault.head().unwrap();
    let err = tv.vault.anchor_import(&foreign).unwrap_err();
    assert!(matches!(err, AnchorError::OtherRequest), "{err:?}");
    assert!(err.to_string().contains("answers a different request"), "{err}");
    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    assert!(tv.vault.anchors().unwrap().is_empty());
}

#[test]
fn a_token_for_another_digest_is_refused_even_with_our_nonce() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    // Our request with another digest in it: bytes 24..56 are the imprint (the layout is frozen).
    let mut other = req.der.clone();
    assert_eq!(hex::encode(&other[24..56]), req.imprint);
    other[24..56].copy_from_slice(&[0x5a; 32]);
    let reply = tsa.reply(&other);
    let head = tv.vault.head().unwrap();
    let err = tv.vault.anchor_import(&reply).unwrap_err();
    assert!(
        matches!(err, AnchorError::OtherDigest { checkpoint_seq } if checkpoint_seq == req.checkpoint_seq),
        "{err:?}"
    );
    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
}

#[test]
fn a_reply_for_another_diary_is_refused() {
    let mut mine = diary();
    let mut other = diary();
    let tsa = Tsa::new();
    mine.vault.anchor_request().unwrap();
    let theirs = other.vault.anchor_request().unwrap();
    let err = mine.vault.anchor_import(&tsa.reply(&theirs.der)).unwrap_err();
    assert!(matches!(err, AnchorError::OtherRequest), "{err:?}");
}

#[test]
fn a_malformed_reply_gets_a_clear_error() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    let reply = tsa.reply(&req.der);
    let head = tv.vault.head().unwrap();
    for bad in [&b""[..], b"hello, I am not DER", &reply[..reply.len() / 2], &req.der] {
        let err = tv.vault.anchor_import(bad).unwrap_err();
        assert!(matches!(err, AnchorError::Reply(TspError::Malformed(_))), "{err:?}");
        assert!(
            err.to_string().starts_with("this file was not stored: it is not an RFC 3161 time-stamp reply"),
            "{err}"
        );
    }
    let mut trailing = reply.clone();
    trailing.push(0);
    assert!(matches!(tv.vault.anchor_import(&trailing), Err(AnchorError::Reply(TspError::Malformed(_)))));
    let huge = vec![0x30; casebook_core::anchor::MAX_REPLY_BYTES + 1];
    assert!(matches!(tv.vault.anchor_import(&huge), Err(AnchorError::TooLarge(_))));
    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    // The genuine reply still goes in afterwards.
    tv.vault.anchor_import(&reply).unwrap();
}

/// Imports `reply` into `tv`, expecting a refusal that writes nothing.
fn refused(tv: &mut TestVault, reply: &[u8]) -> AnchorError {
    let head = tv.vault.head().unwrap();
    let err = tv.vault.anchor_import(reply).unwrap_err();
    assert_eq!(tv.vault.head().unwrap(), head, "nothing was written");
    assert!(tv.vault.anchors().unwrap().is_empty());
    err
}

#[test]
fn a_token_from_a_tsa_with_an_rsa_key_imports() {
    let mut tv = diary();
    let tsa = Tsa::with(TsaOptions { rsa: true, ..TsaOptions::default() });
    let req = tv.vault.anchor_request().unwrap();
    let anchor = tv.vault.anchor_import(&tsa.reply(&req.der)).unwrap();
    assert_eq!(anchor.checkpoint_seq, req.checkpoint_seq);
}

#[test]
fn a_token_whose_signature_was_altered_is_refused() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    let mut reply = tsa.reply(&req.der);
    // The SignerInfo's signature is the reply's last field (no unsigned attributes): its
    // last byte is the end of the ECDSA signature's s.
    *reply.last_mut().unwrap() ^= 0x01;
    let err = refused(&mut tv, &reply);
    assert!(matches!(err, AnchorError::Signature(SignatureError::BadSignature)), "{err:?}");
    assert!(err.to_string().contains("signature on it does not verify"), "{err}");
}

#[test]
fn a_token_signed_by_an_expired_tsa_certificate_is_refused() {
    let mut tv = diary();
    let tsa = Tsa::with(TsaOptions { expired: true, ..TsaOptions::default() });
    let req = tv.vault.anchor_request().unwrap();
    let err = refused(&mut tv, &tsa.reply(&req.der));
    assert!(matches!(err, AnchorError::Signature(SignatureError::OutsideValidity { .. })), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("certificate was not valid at the time it claims") && text.contains("2021-01-01"), "{text}");
}

#[test]
fn a_token_signed_by_a_certificate_without_the_time_stamping_usage_is_refused() {
    let mut tv = diary();
    let tsa = Tsa::new();
    let req = tv.vault.anchor_request().unwrap();
    let reply = tsa.resigned_without_time_stamping_eku(&tsa.reply(&req.der));
    let err = refused(&mut tv, &reply);
    assert!(matches!(err, AnchorError::Signature(SignatureError::NotTimeStamping)), "{err:?}");
    assert!(err.to_string().contains("not a time-stamping certificate"), "{err}");
}

fn ledger_link(tv: &TestVault, seq: i64) -> [u8; 32] {
    link_of(&tv.path, seq)
}

/// A record's link, read from the file as an outsider would (the ledger's links are plaintext).
fn link_of(path: &std::path::Path, seq: i64) -> [u8; 32] {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let link: Vec<u8> = conn.query_row("SELECT link FROM ledger WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    link.try_into().unwrap()
}
