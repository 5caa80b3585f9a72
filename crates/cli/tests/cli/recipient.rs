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
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn a_pack_for_a_recipient_card_opens_with_their_identity_only() {
    let env = diary();
    let made =
        bare(&env, &["recipient", "new", "--name", "Anytown Advocacy", "--card", "card.txt", "--identity", "id.txt"]);
    assert_eq!(made.code, 0, "{made:?}");
    assert!(!made.stdout.contains("AGE-SECRET-KEY"), "the secret is never printed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(env.path("id.txt")).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let shown = bare(&env, &["recipient", "show", "card.txt"]);
    assert_eq!(shown.code, 0, "{shown:?}");
    let fp_line = shown.stdout.lines().find(|l| l.starts_with("Fingerprint: ")).unwrap().to_owned();
    let fp = fp_line.trim_start_matches("Fingerprint: ");
    assert!(shown.stdout.contains('█'), "a QR code: {shown:?}");
    let paged = bare(&env, &["recipient", "show", "card.txt", "--page", "card.pdf"]);
    assert_eq!(paged.code, 0, "{paged:?}");
    assert!(std::fs::read(env.path("card.pdf")).unwrap().starts_with(b"%PDF-"), "no printable page");
    let again = bare(&env, &["recipient", "show", "card.txt", "--page", "card.pdf"]);
    assert_ne!(again.code, 0, "the page was written over: {again:?}");
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

#[test]
fn a_recipient_used_once_is_listed_and_used_again_by_fingerprint_shown_before_use() {
    let env = diary();
    let empty = env.ok(&["recipient", "list"]);
    assert!(empty.stdout.contains("No packs have been made for a recipient card yet"), "{empty:?}");
    bare(&env, &["recipient", "new", "--name", "Anytown Advocacy", "--card", "card.txt", "--identity", "id.txt"]);
    bare(&env, &["recipient", "new", "--name", "Anytown Advocacy", "--card", "fake.txt", "--identity", "fake-id.txt"]);
    let fp = |card: &str| {
        let s = bare(&env, &["recipient", "show", card]).stdout;
        s.lines().find_map(|l| l.strip_prefix("Fingerprint: ")).unwrap().to_owned()
    };
    let (real_fp, fake_fp) = (fp("card.txt"), fp("fake.txt"));
    env.ok(&["export", "--recipient", "advocate", "--to-card", "card.txt", "--out", "one.age"]);
    env.ok(&["export", "--recipient", "advocate", "--to-card", "fake.txt", "--out", "two.age"]);
    std::fs::remove_file(env.path("card.txt")).unwrap();

    let listed = env.ok(&["recipient", "list"]);
    assert!(listed.stdout.contains(&format!("{real_fp}  Anytown Advocacy  (1 pack")), "{listed:?}");
    assert!(listed.stdout.contains(&format!("{fake_fp}  Anytown Advocacy  (1 pack")), "{listed:?}");
    let json = env.json(&["recipient", "list"]);
    assert_eq!(json.as_array().unwrap().len(), 2, "{json}");
    assert!(!listed.stdout.contains("age1"), "the list shows fingerprints, not keys");

    // Used again without the card file, by the first digits of its fingerprint.
    let prefix = &real_fp[..9];
    let out = env.ok(&["export", "--recipient", "advocate", "--to-remembered", prefix, "--out", "three.age"]);
    assert!(out.stdout.starts_with(&format!("For recipient Anytown Advocacy — card fingerprint {real_fp}")), "{out:?}");
    assert_eq!(bare(&env, &["verify", "three.age", "--identity", "id.txt"]).code, 0);
    assert_eq!(bare(&env, &["verify", "three.age", "--identity", "fake-id.txt"]).code, 3);
    assert!(env.ok(&["recipient", "list"]).stdout.contains(&format!("{real_fp}  Anytown Advocacy  (2 packs")));

    for (bad, words) in [("1a2b", "at least the first 8"), ("00000000", "no recipient"), ("zzzzzzzz", "at least")] {
        let r = env.run(&["export", "--recipient", "advocate", "--to-remembered", bad, "--out", "x.age"]);
        assert_eq!(r.code, 2, "{bad}: {r:?}");
        assert!(r.stderr.contains(words), "{bad}: {r:?}");
        assert!(!env.path("x.age").exists());
    }
    let r = env.run(&["export", "--recipient", "police", "--to-remembered", prefix, "--out", "x.zip"]);
    assert_eq!(r.code, 2, "{r:?}");
}
