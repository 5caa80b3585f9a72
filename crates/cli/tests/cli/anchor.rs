//! `casebook anchor`: a time-stamp request written to a file, the reply of a local `openssl ts`
//! authority imported, and replies that answer something else refused with exit 2, writing nothing.

use crate::common::*;
use crate::tsa_support::{Tsa, TsaOptions};

#[test]
fn anchor_request_and_import_round_trip_and_foreign_replies_exit_2() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let tsa = Tsa::new();
    let tsq = env.path("head.tsq");
    let r = env.ok(&["anchor", "request", "--out", tsq.to_str().unwrap()]);
    assert!(r.stdout.contains("for records 1 to 3") && r.stdout.contains("Casebook sends nothing"), "{r:?}");
    let r = env.run(&["anchor", "request", "--out", tsq.to_str().unwrap()]);
    assert_eq!(r.code, 2, "an existing file is never replaced: {r:?}");

    // A reply to someone else's request (openssl's own nonce) is refused.
    let foreign = env.write("foreign.tsr", tsa.reply(&tsa.openssl_request(b"another digest")));
    let records = env.json(&["info"])["records"].clone();
    let r = env.run(&["anchor", "import", foreign.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("answers a different request"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "one sentence: {}", r.stderr);
    let junk = env.write("junk.tsr", b"not a reply");
    let r = env.run(&["anchor", "import", junk.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("not an RFC 3161 time-stamp reply"), "{}", r.stderr);
    assert_eq!(env.json(&["info"])["records"], records, "nothing was written");

    let reply = env.write("head.tsr", tsa.reply(&std::fs::read(&tsq).unwrap()));
    let r = env.ok(&["anchor", "import", reply.to_str().unwrap()]);
    assert!(r.stdout.contains("Stored as record 5: records 1 to 3 existed by"), "{r:?}");
    let list = env.json(&["anchor", "list"]);
    assert_eq!(list[0]["checkpoint_seq"], 3);
    assert_eq!(env.json(&["check"])["checkpoints_verified"], 1);
}

#[test]
fn verify_takes_a_time_stamp_held_outside_the_pack() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let tsa = Tsa::new();
    let tsq = env.path("head.tsq");
    env.ok(&["anchor", "request", "--out", tsq.to_str().unwrap()]);
    let reply = env.write("head.tsr", tsa.reply(&std::fs::read(&tsq).unwrap()));
    env.ok(&["anchor", "import", reply.to_str().unwrap()]);
    env.ok(&["export", "--out", "pack.zip"]);
    let pack = env.path("pack.zip");
    let r = env.ok(&["verify", pack.to_str().unwrap(), "--timestamp", reply.to_str().unwrap()]);
    assert!(r.stdout.contains("matches record 3: records 1 to 3 existed by then"), "{r:?}");
    assert!(r.stdout.contains("timestamps") && r.stdout.contains("report"), "{r:?}");
    // A time-stamp alone says when, not who: no key was expected, so the verdict must not say
    // it was (issue 9: the headline once read "signed by the key you expected").
    let headline = r.stdout.lines().next().unwrap_or_default();
    assert!(!r.stdout.contains("key you expected"), "{r:?}");
    assert!(headline.contains("matches the time-stamp you gave: its records 1 to 3 existed by"), "{headline}");
    assert!(r.stdout.contains("says when, not who"), "{r:?}");

    let junk = env.write("junk.tsr", b"junk");
    let r = env.run(&["verify", pack.to_str().unwrap(), "--timestamp", junk.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("not a Casebook time-stamp"), "{}", r.stderr);

    // Another diary's pack does not match it.
    let other = Env::new();
    other.init();
    other.ok(&["add", "--kind", "call", "--title", "x", "--at", "2026-11-20 21:14"]);
    other.ok(&["export", "--out", "other.zip"]);
    let r = env.run(&["verify", other.path("other.zip").to_str().unwrap(), "--timestamp", reply.to_str().unwrap()]);
    assert_eq!(r.code, 8, "{r:?}");
}

#[test]
fn a_reply_whose_tsa_signature_or_certificate_does_not_hold_exits_5_and_stores_nothing() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let tsq = env.path("head.tsq");
    env.ok(&["anchor", "request", "--out", tsq.to_str().unwrap()]);
    let request = std::fs::read(&tsq).unwrap();
    let tsa = Tsa::new();
    let records = env.json(&["info"])["records"].clone();

    let mut altered = tsa.reply(&request);
    *altered.last_mut().unwrap() ^= 0x01;
    let expired = Tsa::with(TsaOptions { expired: true, ..TsaOptions::default() }).reply(&request);
    let not_a_tsa = tsa.resigned_without_time_stamping_eku(&tsa.reply(&request));
    for (name, bytes, says) in [
        ("altered.tsr", altered, "signature on it does not verify"),
        ("expired.tsr", expired, "certificate was not valid at the time it claims"),
        ("not-a-tsa.tsr", not_a_tsa, "not a time-stamping certificate"),
    ] {
        let file = env.write(name, bytes);
        let r = env.run(&["anchor", "import", file.to_str().unwrap()]);
        assert_eq!(r.code, 5, "{name}: {r:?}");
        assert!(r.stderr.contains(says), "{name}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "one sentence: {}", r.stderr);
        assert_eq!(env.json(&["info"])["records"], records, "{name}: nothing was written");
    }
    // The genuine reply still goes in.
    let good = env.write("head.tsr", tsa.reply(&request));
    env.ok(&["anchor", "import", good.to_str().unwrap()]);
}

#[test]
fn verify_checks_the_authority_s_signature_on_a_time_stamp_in_the_pack() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "Withheld number", "--at", "2026-11-20 21:14"]);
    let tsa = Tsa::new();
    let tsq = env.path("head.tsq");
    env.ok(&["anchor", "request", "--out", tsq.to_str().unwrap()]);
    let reply = tsa.reply(&std::fs::read(&tsq).unwrap());
    let file = env.write("head.tsr", &reply);
    env.ok(&["anchor", "import", file.to_str().unwrap()]);
    env.ok(&["export", "--out", "pack.zip"]);
    let r = env.ok(&["verify", env.path("pack.zip").to_str().unwrap()]);
    assert!(r.stdout.contains("each is signed by the certificate it carries"), "{r:?}");

    // The token's signature altered inside the pack (files are Stored, so its bytes are there
    // as they are; its CRC-32 in the local header and the directory mended): the time-stamp
    // check says so in a sentence, and the pack fails (exit 5).
    let mut pack = std::fs::read(env.path("pack.zip")).unwrap();
    let at = pack.windows(reply.len()).position(|w| w == reply).unwrap();
    pack[at + reply.len() - 1] ^= 0x01;
    let (old_crc, new_crc) = (crc32(&reply).to_le_bytes(), crc32(&pack[at..at + reply.len()]).to_le_bytes());
    let mut mended = 0;
    for i in 0..pack.len() - 4 {
        if pack[i..i + 4] == old_crc {
            pack[i..i + 4].copy_from_slice(&new_crc);
            mended += 1;
        }
    }
    assert_eq!(mended, 2, "the CRC-32 in the local header and in the directory");
    let altered = env.write("altered.zip", &pack);
    let r = env.run(&["verify", altered.to_str().unwrap()]);
    assert_eq!(r.code, 5, "{r:?}");
    let line = r.stdout.lines().find(|l| l.split_whitespace().nth(1) == Some("timestamps")).unwrap_or_default();
    assert!(
        line.contains("FAILED")
            && line.contains("cannot be relied on: the time-stamp authority's signature on it does not verify"),
        "{}",
        r.stdout
    );
}

/// CRC-32 (IEEE), as ZIP stores it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
