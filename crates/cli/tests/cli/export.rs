//! `casebook export` and `casebook verify` as their users meet them: a pack checked by an
//! outsider with standard tools, a changed byte caught, an advocate pack opened with `age`,
//! a preview that writes nothing, and no file ever overwritten.

use std::path::Path;

use serde_json::Value;

use crate::common::{Env, Run, files_under, png_bytes, run, tool};

const ADVOCATE_PASS: &str = "blue kettle on the windowsill";

/// A vault with a case, three incidents (one with a PNG) and one private entry.
fn diary() -> Env {
    let env = Env::new();
    env.init();
    env.ok(&["case", "set", "--initials", "AB"]);
    env.ok(&["case", "add-person", "--name", "Jon Doe", "--phone", "07700 900123"]);
    env.ok(&[
        "add",
        "--kind",
        "call",
        "--title",
        "Missed call, withheld",
        "--at",
        "2026-03-01T21:00:00Z",
        "--person",
        "1",
    ]);
    let photo = env.write("car.png", png_bytes());
    env.ok(&[
        "add",
        "--kind",
        "sighting",
        "--title",
        "His car outside work",
        "--at",
        "2026-03-02T08:10:00Z",
        "--person",
        "1",
        "--attach",
        photo.to_str().unwrap(),
    ]);
    env.ok(&["add", "--kind", "text_message", "--title", "Text: I know where you are", "--at", "2026-03-03T22:00:00Z"]);
    env.ok(&["add", "--kind", "other", "--title", "Private note for my counsellor", "--at", "2026-03-04T10:00:00Z"]);
    env
}

fn sha256_hex(bytes: &[u8]) -> String {
    casebook_crypto::sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn verify(env: &Env, pack: &Path, extra: &[&str]) -> Run {
    let mut cmd = env.bare();
    cmd.arg("verify").arg(pack).args(extra);
    run(cmd)
}

#[test]
fn a_police_pack_checks_out_with_standard_tools_and_with_casebook_verify() {
    let env = diary();
    let pack = env.path("pack.zip");
    let r = env.ok(&["export", "--out", "pack.zip", "--to", "2026-03-02"]);
    let bytes = std::fs::read(&pack).unwrap();
    let sha = sha256_hex(&bytes);
    assert!(r.stdout.starts_with("Evidence pack for the police written: pack.zip"), "{r:?}");
    assert!(r.stdout.contains(&sha), "the pack's SHA-256 is printed: {r:?}");
    let fingerprint = env.json(&["info"])["fingerprint"].as_str().unwrap().to_owned();
    assert!(r.stdout.contains(&fingerprint), "the key fingerprint is printed: {r:?}");
    assert!(r.stdout.contains("Entries:          2 with 1 exhibit file"), "{r:?}");
    assert!(r.stderr.is_empty(), "no progress when stderr is not a terminal: {:?}", r.stderr);

    // An outsider: unzip, sha256sum -c, openssl, unzip -t.
    let dir = env.path("unzipped");
    std::fs::create_dir(&dir).unwrap();
    let t = tool("unzip", &["-q", pack.to_str().unwrap(), "-d", dir.to_str().unwrap()], env.dir.path(), None);
    assert_eq!(t.code, 0, "{t:?}");
    let t = tool("sha256sum", &["-c", "--strict", "SHA256SUMS"], &dir, None);
    assert_eq!(t.code, 0, "{t:?}");
    assert!(t.stdout.contains("exhibits/AB_1.png: OK"), "{t:?}");
    let t = tool(
        "openssl",
        &[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "public-key.pem",
            "-rawin",
            "-in",
            "manifest.json",
            "-sigfile",
            "manifest.sig",
        ],
        &dir,
        None,
    );
    assert!(t.code == 0 && t.stdout.contains("Signature Verified Successfully"), "{t:?}");
    let t = tool("unzip", &["-t", pack.to_str().unwrap()], env.dir.path(), None);
    assert!(t.code == 0 && t.stdout.contains("No errors detected"), "{t:?}");
    assert_eq!(std::fs::read(dir.join("exhibits/AB_1.png")).unwrap(), png_bytes(), "the exhibit is the original");
    let entries = std::fs::read_to_string(dir.join("entries.json")).unwrap();
    assert!(!entries.contains("counsellor"), "an entry outside the range stays out");

    // casebook verify, on a machine without the vault: a fresh HOME, no vault, no passphrase.
    let outsider = Env::new();
    let v = verify(&outsider, &pack, &[]);
    assert_eq!(v.code, 0, "{v:?}");
    assert!(v.stdout.starts_with("VALID"), "{v:?}");
    for check in ["signature", "files", "sha256sums", "chain", "exhibits"] {
        assert!(v.stdout.lines().any(|l| l.trim_start().starts_with("OK") && l.contains(check)), "{check}: {v:?}");
    }
    assert!(v.stdout.contains(&fingerprint), "{v:?}");
    assert!(v.stdout.contains("proves nothing about who made it"), "unanchored: {v:?}");
    assert!(!v.stdout.contains("exactly as"), "{v:?}");

    // Against the key card: the right fingerprint (typed without spaces) anchors it; another
    // key's is its own exit code; a malformed one is a usage error in one sentence.
    let v = verify(&outsider, &pack, &["--expect-fingerprint", &fingerprint.replace(' ', "")]);
    assert_eq!(v.code, 0, "{v:?}");
    assert!(v.stdout.contains("signed by the key you expected"), "{v:?}");
    let other = "0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 aaaa bbbb cccc dddd eeee ffff";
    let v = verify(&outsider, &pack, &["--expect-fingerprint", other]);
    assert_eq!(v.code, 6, "{v:?}");
    assert!(v.stdout.starts_with("NOT THE EXPECTED KEY"), "{v:?}");
    assert!(v.stdout.lines().any(|l| l.contains("FAILED") && l.contains("anchor") && l.contains(other)), "{v:?}");
    let v = verify(&outsider, &pack, &["--expect-fingerprint", "12ab"]);
    assert_eq!(v.code, 2, "{v:?}");
    assert_eq!(v.stderr.lines().count(), 1, "{v:?}");
    assert!(v.stderr.contains("not a key fingerprint"), "{v:?}");
    let mut cmd = outsider.bare();
    cmd.args(["verify", "--json"]).arg(&pack);
    let j = run(cmd);
    let report: Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["facts"]["fingerprint"], fingerprint.as_str());
    assert_eq!(report["facts"]["entries"], 2);
    assert!(
        files_under(outsider.dir.path()).iter().all(|p| !p.to_string_lossy().contains("casebook")),
        "no vault made"
    );
}

#[test]
fn one_changed_exhibit_byte_makes_verify_fail_and_name_the_check() {
    let env = diary();
    env.ok(&["export", "--out", "pack.zip"]);
    let dir = env.path("x");
    std::fs::create_dir(&dir).unwrap();
    let t = tool("unzip", &["-q", "../pack.zip", "exhibits/AB_1.png"], &dir, None);
    assert_eq!(t.code, 0, "{t:?}");
    let exhibit = dir.join("exhibits/AB_1.png");
    let mut bytes = std::fs::read(&exhibit).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&exhibit, &bytes).unwrap();
    std::fs::copy(env.path("pack.zip"), env.path("changed.zip")).unwrap();
    // Replace that one file inside the zip, stored (uncompressed) like the rest.
    let t = tool("zip", &["-0", "-X", "-D", "-q", "../changed.zip", "exhibits/AB_1.png"], &dir, None);
    assert_eq!(t.code, 0, "{t:?}");

    let v = verify(&env, &env.path("changed.zip"), &[]);
    assert_eq!(v.code, 5, "{v:?}");
    assert!(v.stdout.starts_with("INVALID"), "{v:?}");
    let failed: Vec<&str> = v.stdout.lines().filter(|l| l.trim_start().starts_with("FAILED")).collect();
    assert!(failed.iter().any(|l| l.contains("files") && l.contains("exhibits/AB_1.png")), "{v:?}");
    assert!(failed.iter().any(|l| l.contains("exhibits")), "{v:?}");
    // The untouched pack is still valid.
    assert_eq!(verify(&env, &env.path("pack.zip"), &[]).code, 0);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn an_advocate_pack_without_photo_locations_opens_with_age_and_verifies_with_its_passphrase() {
    let env = diary();
    let pass_file = env.write("advocate-pass.txt", format!("{ADVOCATE_PASS}\n"));
    let pass_arg = pass_file.to_str().unwrap();
    let r = env.ok(&[
        "export",
        "--out",
        "casebook-pack-for-advocate-2026-03-02.html",
        "--recipient",
        "advocate",
        "--strip-gps",
        "--person",
        "1",
        "--advocate-passphrase-file",
        pass_arg,
    ]);
    assert!(r.stdout.contains("Encrypted:        yes"), "{r:?}");
    assert!(!r.stdout.contains(ADVOCATE_PASS), "the passphrase is never printed");
    let page = env.path("casebook-pack-for-advocate-2026-03-02.html");
    let sealed = std::fs::read(&page).unwrap();
    assert!(sealed.starts_with(b"<!doctype html>"), "a web page that opens it");
    let (age, _) = casebook_core::export::advocate::read_payload(&mut &sealed[..]).unwrap();
    assert!(r.stdout.contains(&sha256_hex(&age)), "the SHA-256 of the encrypted pack in the page: {r:?}");

    // Without the passphrase verify says so (3); with the wrong one too; with the right one, valid.
    let v = verify(&env, &page, &[]);
    assert_eq!(v.code, 3, "{v:?}");
    assert!(v.stdout.starts_with("ENCRYPTED") && v.stdout.contains("--pack-passphrase-file"), "{v:?}");
    let wrong = env.write("wrong.txt", "not it\n");
    let v = verify(&env, &page, &["--pack-passphrase-file", wrong.to_str().unwrap()]);
    assert_eq!(v.code, 3, "{v:?}");
    assert!(v.stdout.starts_with("WRONG PASSPHRASE"), "{v:?}");
    let v = verify(&env, &page, &["--pack-passphrase-file", pass_arg]);
    assert_eq!(v.code, 0, "{v:?}");
    assert!(v.stdout.starts_with("VALID") && v.stdout.contains("Encrypted:        yes"), "{v:?}");

    // The standard age tool opens the encrypted pack cut out of the page as --help says; it
    // reads the passphrase from a terminal, so give it one.
    let line = "sed -n '/^-----BEGIN AGE/,/^-----END AGE/p' casebook-pack-for-advocate-2026-03-02.html \
                | age --decrypt -o advocate.zip";
    let t = env.shell_in_terminal(line, &format!("{ADVOCATE_PASS}\n"));
    assert_eq!(t.code, 0, "age --decrypt failed: {t:?}");
    let zip = env.path("advocate.zip");
    assert_eq!(verify(&env, &zip, &[]).code, 0);
    let t = tool("unzip", &["-l", zip.to_str().unwrap()], env.dir.path(), None);
    assert!(t.stdout.contains("exhibits/AB_1.png"), "the PNG (no location in it) goes in as it is: {t:?}");
    let t = tool("unzip", &["-p", zip.to_str().unwrap(), "entries.json"], env.dir.path(), None);
    assert!(t.stdout.contains("His car outside work") && !t.stdout.contains("I know where you are"), "{t:?}");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn an_advocate_passphrase_is_asked_twice_at_a_terminal_and_never_taken_from_an_argument() {
    let env = diary();
    // Typed the same twice: the pack is made, and the passphrase opens it.
    let typed = format!("{ADVOCATE_PASS}\n{ADVOCATE_PASS}\n");
    let t = env.in_terminal(&["export", "--out", "typed.age", "--recipient", "advocate"], &typed);
    assert_eq!(t.code, 0, "{t:?}");
    assert!(t.stdout.contains("Passphrase for the advocate pack") && t.stdout.contains("Type it again"), "{t:?}");
    let pass_file = env.write("p.txt", ADVOCATE_PASS);
    let v = verify(&env, &env.path("typed.age"), &["--pack-passphrase-file", pass_file.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{v:?}");

    // Typed differently: refused, nothing written.
    let t = env.in_terminal(&["export", "--out", "differ.age", "--recipient", "advocate"], "one\ntwo\n");
    assert_eq!(t.code, 2, "{t:?}");
    assert!(t.stdout.contains("differ"), "{t:?}");
    assert!(!env.path("differ.age").exists());

    // Off a terminal with no passphrase file: refused with the way to give one.
    let r = env.run(&["export", "--out", "none.age", "--recipient", "advocate"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--advocate-passphrase-file"), "{r:?}");
    assert!(!env.path("none.age").exists());
    // There is no flag that takes the passphrase itself.
    let r = env.run(&["export", "--out", "arg.age", "--recipient", "advocate", "--advocate-passphrase", "x"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!env.path("arg.age").exists());
}

#[test]
fn preview_writes_nothing_and_says_what_is_disclosed_and_withheld() {
    let env = diary();
    let records_before = env.json(&["info"])["records"].as_i64().unwrap();
    let vault_before = std::fs::read(&env.vault).unwrap();
    let r = env.ok(&["export", "--preview", "--out", "pack.zip", "--recipient", "advocate", "--entry", "2"]);
    assert!(r.stdout.contains("A pack for an advocate would disclose 1 entry"), "{r:?}");
    assert!(r.stdout.contains("AB_1") && r.stdout.contains("car.png"), "exhibits with marks: {r:?}");
    assert!(r.stdout.contains("withheld"), "{r:?}");
    assert!(r.stdout.contains("Nothing was written"), "{r:?}");
    assert!(!env.path("pack.zip").exists(), "--preview wrote the pack");
    let j = env.json(&["export", "--preview", "--entry", "2", "--entry", "3"]);
    assert_eq!(j["entry_ids"], serde_json::json!([2, 3]));
    assert_eq!(j["exhibits"][0]["mark"], "AB_1");
    assert!(j["withheld_records"].as_u64().unwrap() >= 1);
    assert_eq!(env.json(&["info"])["records"].as_i64().unwrap(), records_before, "a preview recorded something");
    assert!(std::fs::read(&env.vault).unwrap() == vault_before, "a preview changed the vault file");
    let leftovers: Vec<_> =
        files_under(env.dir.path()).into_iter().filter(|p| p.to_string_lossy().contains("pack")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_existing_file_is_never_overwritten_and_bad_selections_are_refused() {
    let env = diary();
    let keep = env.write("pack.zip", b"my earlier pack");
    let records_before = env.json(&["info"])["records"].as_i64().unwrap();
    let r = env.run(&["export", "--out", "pack.zip"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr.trim(), "casebook: pack.zip already exists; choose a new name (nothing was overwritten)");
    assert_eq!(std::fs::read(&keep).unwrap(), b"my earlier pack");

    let cases: [(&[&str], &str); 5] = [
        (&["export", "--out", "a.zip", "--from", "2030-01-01"], "no entries match"),
        (&["export", "--out", "a.zip", "--entry", "99"], "there is no entry 99"),
        (&["export", "--out", "a.zip", "--strip-gps"], "advocate"),
        (&["export", "--out", "a.zip", "--recipient", "press"], "police or advocate"),
        (&["export", "--out", "a.zip", "--advocate-passphrase-file", "x.txt"], "not encrypted"),
    ];
    for (args, says) in cases {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("casebook: ") && r.stderr.contains(says), "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
    }
    let r = env.run(&["export"]);
    assert_eq!(r.code, 2, "--out is needed without --preview: {r:?}");
    assert!(!env.path("a.zip").exists());
    assert_eq!(env.json(&["info"])["records"].as_i64().unwrap(), records_before, "a refused export was recorded");
    let stray: Vec<_> =
        files_under(env.dir.path()).into_iter().filter(|p| p.to_string_lossy().contains("partial")).collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn verify_needs_no_vault_and_says_plainly_what_is_not_a_pack() {
    let env = Env::new();
    let junk = env.write("holiday.zip", b"PK\x03\x04 but not really a zip");
    let v = verify(&env, &junk, &[]);
    assert_eq!(v.code, 4, "{v:?}");
    assert!(v.stdout.starts_with("NOT A PACK"), "{v:?}");
    let v = verify(&env, &env.path("missing.zip"), &[]);
    assert_eq!(v.code, 4, "{v:?}");
    assert!(v.stderr.contains("there is no file there"), "{v:?}");
    let mut cmd = env.bare();
    cmd.args(["verify", "--help"]);
    let help = run(cmd);
    for line in [
        "0  VALID",
        "3  ENCRYPTED, WRONG PASSPHRASE",
        "4  NOT A PACK",
        "5  INVALID",
        "6  NOT THE EXPECTED KEY",
        "7  REFUSED",
        "--expect-fingerprint",
    ] {
        assert!(help.stdout.contains(line), "verify --help lacks {line:?}: {}", help.stdout);
    }
    assert!(!env.vault.exists());
}

#[test]
fn export_json_reports_the_pack_and_the_export_is_logged() {
    let env = diary();
    let j = env.json(&["export", "--out", "pack.zip", "--kind", "call", "--kind", "sighting"]);
    let bytes = std::fs::read(env.path("pack.zip")).unwrap();
    assert_eq!(j["sha256"], sha256_hex(&bytes).as_str());
    assert_eq!(j["bundle_sha256"], j["sha256"]);
    assert_eq!(j["entries"], 2);
    assert_eq!(j["exhibits"], 1);
    assert_eq!(j["recipient"], "police");
    assert_eq!(j["fingerprint"], env.json(&["info"])["fingerprint"]);
    assert_eq!(j["record_seq"], env.json(&["info"])["records"], "the export is the last record");
    assert_eq!(env.run(&["check"]).code, 0);
}
