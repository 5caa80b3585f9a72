//! `casebook statement`: the draft witness statement as a process writes it, read back by
//! pandoc; an existing file is refused (exit 1, as for every file Casebook will not
//! replace) and left as it was.

use crate::common::*;

/// A vault with one call, its screenshot and one effect; the draft written to `draft.docx`.
fn drafted() -> (Env, std::path::PathBuf) {
    let env = Env::new();
    env.init();
    env.ok(&["case", "set", "--initials", "AB"]);
    let id = env.json(&["add", "--kind", "call", "--title", "Withheld call at night", "--at", "2026-02-02T23:10:00Z"]);
    let id = id["id"].as_i64().unwrap().to_string();
    let shot = env.write("shot.png", png_bytes());
    env.ok(&["attach", &id, shot.to_str().unwrap()]);
    env.ok(&["effect", "add", "--kind", "health", "--from", "2026-02-10", "Started counselling"]);
    let out = env.path("draft.docx");
    let said = env.ok(&["statement", "--out", out.to_str().unwrap()]).stdout;
    assert!(said.contains("1 entries, 1 exhibits produced by their marks, 0 breaches, 1 changes"), "{said}");
    (env, out)
}

#[test]
fn the_draft_statement_is_written_and_read_by_pandoc() {
    let (env, _) = drafted();
    let text =
        tool("pandoc", &["--from", "docx", "--to", "plain", "--wrap", "none", "draft.docx"], env.dir.path(), None);
    assert_eq!(text.code, 0, "{text:?}");
    let words = text.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "On Monday 2 February 2026 at 23:10, withheld call at night.",
        "I produce an image (shot.png) as exhibit AB/",
        "Since 10 February 2026 (medical or counselling help): Started counselling.",
    ] {
        assert!(words.contains(expected), "{expected:?} in {words}");
    }
}

#[test]
fn a_draft_statement_never_overwrites_a_file() {
    let (env, out) = drafted();
    let before = std::fs::read(&out).unwrap();
    let again = env.run(&["statement", "--out", out.to_str().unwrap()]);
    assert_eq!(again.code, 1, "as for every file Casebook refuses to replace: {again:?}");
    assert!(again.stderr.contains("already exists") && again.stderr.contains("left untouched"), "{}", again.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before, "the first draft is byte for byte as it was");
    let json = env.json(&["statement", "--out", env.path("second.docx").to_str().unwrap()]);
    assert_eq!(json["entries"], 1);
}
