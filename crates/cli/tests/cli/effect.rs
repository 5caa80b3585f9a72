//! `casebook effect`: changes to the person's life noted, listed and withdrawn; in the pack's
//! report unless left out with `--leave-out-effects`; bad input refused with one sentence and
//! exit 2, writing nothing.

use crate::common::*;

const CAMERAS: &str = "Fitted a doorbell camera and a chain on the door";

#[test]
fn changes_are_noted_listed_withdrawn_and_reach_the_report_unless_left_out() {
    let env = Env::new();
    env.init();
    env.ok(&["add", "--kind", "sighting", "--title", "Outside my door", "--at", "2026-02-05T22:00:00Z"]);
    let noted = env.ok(&["effect", "add", "--kind", "security", "--from", "2026-02-06", CAMERAS]);
    assert!(noted.stdout.contains("Noted as change 1."), "{noted:?}");
    let json = env.json(&["effect", "add", "--kind", "moved-home", "--from", "2026-02-07", "Moved out by mistake"]);
    assert_eq!(json["id"], 2);
    assert_eq!(json["details"]["kind"], "moved_home");
    env.ok(&["effect", "withdraw", "2", "--reason", "typed in the wrong diary"]);
    let list = env.ok(&["effect", "list"]).stdout;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].contains("Cameras, alarms, locks or new numbers, from 2026-02-06 continuing"), "{list}");
    assert!(lines[1].contains("[withdrawn: typed in the wrong diary]"), "{list}");
    assert_eq!(env.json(&["check"])["problems"].as_array().unwrap().len(), 0);

    let with = env.path("with.zip");
    env.ok(&["export", "--out", with.to_str().unwrap()]);
    let without = env.path("without.zip");
    env.ok(&["export", "--leave-out-effects", "--out", without.to_str().unwrap()]);
    for (pack, expected) in [(&with, true), (&without, false)] {
        let dir = env.dir.path().join(if expected { "with" } else { "without" });
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(tool("unzip", &["-q", pack.to_str().unwrap()], &dir, None).code, 0);
        let text = tool("pdftotext", &["report.pdf", "-"], &dir, None).stdout;
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(joined.contains(CAMERAS), expected, "{joined}");
        assert!(!joined.contains("Moved out by mistake"), "a withdrawn change is never in a pack");
        assert_eq!(env.run(&["verify", pack.to_str().unwrap()]).code, 0);
    }
}

#[test]
fn bad_changes_are_refused_with_exit_2_and_nothing_written() {
    let env = Env::new();
    env.init();
    let records = env.json(&["info"])["records"].clone();
    for (args, says) in [
        (vec!["effect", "add", "--kind", "holiday", "--from", "2026-02-06", "x"], "moved-home"),
        (vec!["effect", "add", "--kind", "security", "--from", "2026-02-30", "x"], "not a date"),
        (
            vec!["effect", "add", "--kind", "security", "--from", "2026-02-06", "--until", "2026-02-01", "x"],
            "before it began",
        ),
        (vec!["effect", "add", "--kind", "security", "--from", "2999-01-01", "x"], "in the future"),
        (vec!["effect", "add", "--kind", "security", "--from", "2026-02-06", "  "], "what changed"),
        (vec!["effect", "withdraw", "7", "--reason", "x"], "there is no effect 7"),
    ] {
        let r = env.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        let first = r.stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("casebook: ") && first.contains(says), "{args:?}: {says:?} in {}", r.stderr);
    }
    assert_eq!(env.json(&["info"])["records"], records, "nothing was written");
}
