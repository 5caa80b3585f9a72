//! Bad input gets a clear error, the documented exit code, and loses or changes nothing.

use std::path::{Path, PathBuf};

use crate::common::{Env, files_under, run};

/// Every file in the dir with its size and SHA-256, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, usize, String)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let digest = casebook_crypto::sha256(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            (p, bytes.len(), digest)
        })
        .collect()
}

/// SQLite's side files (`-wal`, `-shm`) may be left behind by a read-only open; they must
/// hold no pages (an empty WAL), so the vault's content is exactly what it was.
fn without_empty_sqlite_side_files(mut files: Vec<(PathBuf, usize, String)>) -> Vec<(PathBuf, usize, String)> {
    files.retain(|(p, len, _)| {
        let name = p.to_string_lossy();
        !(name.ends_with("-shm") || (name.ends_with("-wal") && *len == 0))
    });
    files
}

#[test]
fn wrong_passphrase_exits_3_and_leaves_the_vault_byte_identical() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "first"]);
    let vault_before = std::fs::read(&env.vault).unwrap();
    let before = snapshot(env.dir.path());
    let wrong = env.write("wrong.txt", "not the passphrase\n");
    let r = run(env.raw(&["add", "--kind", "call", "--title", "x", "--passphrase-file", wrong.to_str().unwrap()]));
    assert_eq!(r.code, 3, "{r:?}");
    assert_eq!(r.stderr.trim(), "casebook: that passphrase does not open this vault");
    let bad_key = env.write("key.txt", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA");
    let r = run(env.raw(&["list", "--recovery-key-file", bad_key.to_str().unwrap()]));
    assert_eq!(r.code, 3, "{r:?}");
    let garbage_key = env.write("garbage-key.txt", "hello");
    assert_eq!(run(env.raw(&["list", "--recovery-key-file", garbage_key.to_str().unwrap()])).code, 3);
    std::fs::remove_file(&wrong).unwrap();
    std::fs::remove_file(&bad_key).unwrap();
    std::fs::remove_file(&garbage_key).unwrap();
    assert!(std::fs::read(&env.vault).unwrap() == vault_before, "a failed unlock changed the vault file");
    assert_eq!(without_empty_sqlite_side_files(snapshot(env.dir.path())), before, "a failed unlock changed a file");
    // And the right passphrase still opens it, with the entry there.
    assert_eq!(env.listed_ids(), vec![1]);
}

#[test]
fn random_bytes_file_is_refused_with_4_and_left_byte_identical() {
    let env = Env::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&env.vault, &bytes).unwrap();
    let before = snapshot(env.dir.path());
    let r = env.run(&["list"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("not a Casebook vault"), "{r:?}");
    assert_eq!(snapshot(env.dir.path()), before);
}

#[test]
fn plain_sqlite_file_is_refused_with_4_and_left_byte_identical() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        conn.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('hello');").unwrap();
    }
    let before = snapshot(env.dir.path());
    for args in [&["list"][..], &["add", "--kind", "call", "--title", "x"], &["check"]] {
        let r = env.run(args);
        assert_eq!(r.code, 4, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("casebook: ") && r.stderr.contains("not a Casebook vault"), "{r:?}");
    }
    assert_eq!(snapshot(env.dir.path()), before, "the foreign database was touched");
}

#[test]
fn missing_vault_exits_4_and_creates_no_file() {
    let env = Env::new();
    let before = snapshot(env.dir.path());
    for args in [&["list"][..], &["add", "--kind", "call", "--title", "x"], &["check"], &["rekey"]] {
        let r = env.run(args);
        assert_eq!(r.code, 4, "{args:?}: {r:?}");
        assert!(r.stderr.contains("no vault at") && r.stderr.contains("casebook init"), "{r:?}");
    }
    assert_eq!(snapshot(env.dir.path()), before);
    assert!(!env.vault.exists());
}

#[test]
fn unknown_kind_and_bad_values_exit_2_and_store_nothing() {
    let env = Env::new();
    env.init();
    let cases: [&[&str]; 7] = [
        &["add", "--kind", "teleport", "--title", "x"],
        &["add", "--kind", "call", "--title", "x", "--at", "next tuesday"],
        &["add", "--kind", "call", "--title", "x", "--duration", "3 fortnights"],
        &["add", "--kind", "call", "--title", "   "],
        &["add", "--kind", "call", "--title", "x", "--person", "9"],
        &["add", "--kind", "call", "--title", "x", "--attach", "no-such-file.png"],
        &["edit", "1", "--title", "no reason given"],
    ];
    for args in cases {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("casebook: "), "{r:?}");
        assert!(r.stdout.is_empty(), "{args:?} printed {:?}", r.stdout);
    }
    let r = env.run(&["add", "--kind", "teleport", "--title", "x"]);
    assert!(r.stderr.contains("sighting"), "the message lists the kinds: {r:?}");
    assert!(env.listed_ids().is_empty());
    let r = env.run(&["show", "42"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr.trim(), "casebook: there is no entry 42");
}

#[test]
fn init_refuses_an_existing_path_and_leaves_it_untouched() {
    let env = Env::new();
    std::fs::write(&env.vault, b"my precious notes").unwrap();
    let r = env.run(&["init"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("already exists") && r.stderr.contains("untouched"), "{r:?}");
    assert_eq!(std::fs::read(&env.vault).unwrap(), b"my precious notes");

    let other = Env::new();
    other.init();
    other.ok(&["add", "--kind", "call", "--title", "keep me"]);
    let before = std::fs::read(&other.vault).unwrap();
    assert_eq!(other.run(&["init"]).code, 1);
    assert_eq!(std::fs::read(&other.vault).unwrap(), before);
    assert_eq!(other.listed_ids(), vec![1]);
}

#[test]
fn test_vault_without_the_switch_exits_4_without_naming_the_variable() {
    let env = Env::new();
    env.init();
    let r = run(env.cmd(&["list"]).env_remove("CASEBOOK_INSECURE_TEST_KDF"));
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stderr.contains("test vault"), "{r:?}");
    // Whoever flipped the mark on a stolen copy learns nothing about how test builds open it.
    assert!(!r.stderr.contains("CASEBOOK_INSECURE_TEST_KDF"), "{r:?}");
}

#[test]
fn no_passphrase_source_without_a_terminal_is_refused_clearly() {
    let env = Env::new();
    let r = run(&mut env.raw(&["init"]));
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--new-passphrase-file"), "{r:?}");
    assert!(!env.vault.exists(), "no vault may be made without a passphrase");

    env.init();
    let r = run(&mut env.raw(&["list"]));
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--passphrase-file"), "{r:?}");
    let r = run(&mut env.raw(&["passwd", "--passphrase-file", env.pass_file.to_str().unwrap()]));
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--new-passphrase-file"), "{r:?}");
}

#[test]
fn purge_without_yes_off_a_terminal_refuses_and_erases_nothing() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "keep me"]);
    let r = env.run(&["purge", "1"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--yes"), "{r:?}");
    assert_eq!(env.json(&["show", "1"])["versions"].as_array().unwrap().len(), 1);
}

#[test]
fn help_documents_every_exit_code() {
    let env = Env::new();
    let r = run(env.bare().arg("--help"));
    assert_eq!(r.code, 0);
    for line in [
        "0  success",
        "1  other error (file or database)",
        "2  usage error (bad flags or values)",
        "3  wrong passphrase or recovery key",
        "4  no vault at the path, or not a Casebook vault",
        "(also: test vault without the switch, weak KDF, newer format)",
        "5  damage or tampering found (check found problems, corrupt record)",
        "(also: a time-stamp reply whose signature or certificate does not hold)",
        "6  vault busy (open in another program)",
        "7  disk full or input too large (nothing was stored)",
    ] {
        assert!(r.stdout.contains(line), "--help lacks {line:?}:\n{}", r.stdout);
    }
    let r = run(env.bare().arg("--no-such-flag"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("casebook: "), "{r:?}");
}

#[test]
fn damaged_vault_is_named_by_record_and_exits_5() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "call", "--title", "first"]);
    env.ok(&["add", "--kind", "call", "--title", "second"]);
    {
        // Flip one byte of record 3's sealed body, as an attacker with the file could.
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        let mut sealed: Vec<u8> = conn.query_row("SELECT sealed FROM ledger WHERE seq = 3", [], |r| r.get(0)).unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 0x01;
        conn.execute("UPDATE ledger SET sealed = ?1 WHERE seq = 3", [sealed]).unwrap();
    }
    let r = env.run(&["check"]);
    assert_eq!(r.code, 5, "{r:?}");
    assert!(r.stdout.lines().any(|l| l.starts_with("record 3:")), "{r:?}");
    assert!(r.stdout.starts_with("Problems found"), "{r:?}");
}

/// Casebook's own pack, or the vault itself, given to `import` as a phone's export: named for
/// what it is in one sentence, exit 2, and the vault not written to.
#[test]
fn importing_a_pack_or_the_vault_itself_is_named_and_writes_nothing() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "text-message", "--title", "He texted at 21:04"]);
    env.ok(&["export", "--out", "pack.zip"]);
    let vault = env.vault.to_string_lossy().into_owned();
    let before = env.json(&["info"]);
    for (file, what) in [("pack.zip", "a Casebook evidence pack"), (vault.as_str(), "a Casebook vault")] {
        let r = env.run(&["import", file]);
        assert_eq!(r.code, 2, "{file}: {r:?}");
        let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one sentence: {r:?}");
        assert!(lines[0].starts_with(&format!("casebook: this is {what}")), "{r:?}");
        assert!(lines[0].contains("nothing was imported"), "{r:?}");
    }
    assert_eq!(env.json(&["info"]), before, "nothing was written");
}
