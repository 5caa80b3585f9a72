//! `casebook recipient new|show`, `export --to-card` and `verify --identity`: a pack for an
//! advocate's key round-trips through the CLI and the `age` tool; another recipient's identity,
//! a malformed card and a card for another purpose are refused in plain words.

use crate::common::{Env, run};

fn diary() -> Env {
    let env = Env::new();
    env.init();
    env.ok(&["case", "set", "--initials", "AB"]);
    env.ok(&["add", "--kind", "call", "--title", "Missed call, withheld", "--at", "2026-03-01T21:00:00Z"]);
    env
}

fn bare(env: &Env, args: &[&str]) -> crate::common::Run {
    let mut cmd = env.bare();
    cmd.args(args);
    run(cmd)
}

#[test]
fn a_pack_for_a_recipient_card_opens_with_their_identity_only() {
    let env = diary();
    let made =
        bare(&env, &["recipient", "new", "--name", "Anytown Advocacy", "--card", "card.txt", "--identity", "id.txt"]);
    assert_eq!(made.code, 0, "{made:?}");
    assert!(!made.stdout.contains("AGE-SECRET-KEY"), "the secret is never printed");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(env.path("id.txt")).unwrap().permissions().mode() & 0o777, 0o600);
    let shown = bare(&env, &["recipient", "show", "card.txt"]);
    assert_eq!(shown.code, 0, "{shown:?}");
    let fp_line = shown.stdout.lines().find(|l| l.starts_with("Fingerprint: ")).unwrap().to_owned();
    let fp = fp_line.trim_start_matches("Fingerprint: ");
    assert!(shown.stdout.contains('█'), "a QR code: {shown:?}");
    bare(&env, &["recipient", "new", "--name", "Someone else", "--card", "other.txt", "--identity", "other-id.txt"]);

    let out = env.ok(&["export", "--recipient", "advocate", "--to-card", "card.txt", "--out", "pack.age"]);
    assert!(out.stdout.starts_with(&format!("For recipient Anytown Advocacy — card fingerprint {fp}")), "{out:?}");

    let v = bare(&env, &["verify", "pack.age", "--identity", "id.txt"]);
    assert_eq!(v.code, 0, "{v:?}");
    assert!(v.stdout.starts_with("VALID"), "{v:?}");
    let v = bare(&env, &["verify", "pack.age", "--identity", "other-id.txt"]);
    assert_eq!(v.code, 3, "{v:?}");
    assert!(v.stdout.contains("made for another recipient's key"), "{v:?}");
    let v = bare(&env, &["verify", "pack.age"]);
    assert_eq!(v.code, 3, "{v:?}");
    assert!(v.stdout.contains("--identity FILE"), "{v:?}");
    // At a terminal too, a pack locked to a card never asks for a passphrase.
    let t = env.in_terminal(&["verify", "pack.age"], "");
    assert_eq!(t.code, 3, "{t:?}");
    assert!(!t.stdout.contains("passphrase:"), "asked for a passphrase: {t:?}");
    assert!(t.stdout.contains("--identity FILE"), "{t:?}");

    let age = std::process::Command::new("age")
        .args(["-d", "-i", "id.txt", "-o", "pack.zip", "pack.age"])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(age.status.success(), "{age:?}");
    assert_eq!(bare(&env, &["verify", "pack.zip"]).code, 0);
}

#[test]
fn a_malformed_card_or_one_for_another_purpose_is_refused() {
    let env = diary();
    bare(&env, &["recipient", "new", "--name", "Anytown Advocacy", "--card", "card.txt", "--identity", "id.txt"]);
    let card = std::fs::read_to_string(env.path("card.txt")).unwrap();
    env.write("purpose.txt", card.replace("receive Casebook evidence packs", "log in"));
    env.write("broken.txt", card.replace("recipient: age1", "recipient: age2"));
    for (file, words) in
        [("purpose.txt", "another purpose"), ("broken.txt", "malformed"), ("id.txt", "secret identity file")]
    {
        let v = env.run(&["export", "--recipient", "advocate", "--to-card", file, "--out", "pack.age"]);
        assert_eq!(v.code, 2, "{file}: {v:?}");
        assert!(v.stderr.contains(words), "{file}: {v:?}");
        assert!(!env.path("pack.age").exists());
        let s = bare(&env, &["recipient", "show", file]);
        assert_eq!(s.code, 2, "{file}: {s:?}");
    }
}
