//! `casebook statement`: the draft witness statement as a process writes it, read back by
//! pandoc; an existing file is refused (exit 1, as for every file Casebook will not
//! replace) and left as it was.

use crate::common::*;

#[test]
fn the_draft_statement_is_written_read_by_pandoc_and_never_overwrites() {
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
    let again = env.run(&["statement", "--out", out.to_str().unwrap()]);
    assert_eq!(again.code, 1, "as for every file Casebook refuses to replace: {again:?}");
    assert!(again.stderr.contains("already exists") && again.stderr.contains("left untouched"), "{}", again.stderr);
    let json = env.json(&["statement", "--out", env.path("second.docx").to_str().unwrap()]);
    assert_eq!(json["entries"], 1);
}
