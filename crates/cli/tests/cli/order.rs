//! `casebook order` and `casebook breach`: an interim order recorded with its terms, served,
//! varied and discharged; breaches marked from entries, the one before service flagged; bad
//! input refused with one sentence and exit 2, writing nothing.

use crate::common::*;

const ZONE: &str = "exclusion-zone: Acacia Avenue between Elm Road and the station";

fn with_order(env: &Env) {
    env.init();
    env.ok(&[
        "order",
        "add",
        "--kind",
        "interim-spo",
        "--court",
        "Anytown Magistrates' Court",
        "--made",
        "2026-02-01",
        "--reference",
        "SPO/2026/00417",
        "--term",
        "no-contact",
        "--term",
        ZONE,
        "--term",
        "Not to publish anything about the children",
    ]);
}

#[test]
fn an_order_is_recorded_served_varied_and_discharged() {
    let env = Env::new();
    with_order(&env);
    let shown = env.ok(&["order", "show", "1"]).stdout;
    for words in [
        "Order 1: Interim Stalking Protection Order",
        "Reference: SPO/2026/00417",
        "Served: not yet recorded as served",
        "  2. Not to enter the exclusion zone: Acacia Avenue between Elm Road and the station",
        "  3. Not to publish anything about the children",
    ] {
        assert!(shown.contains(words), "{words:?} in\n{shown}");
    }
    assert!(env.ok(&["order", "list"]).stdout.contains("made 2026-02-01, not yet served; made, not yet served"));
    env.ok(&["order", "serve", "1", "--on", "2026-02-03"]);
    let varied = env.ok(&[
        "order",
        "vary",
        "1",
        "--on",
        "2026-02-20",
        "--reason",
        "hearing on 20 February",
        "--keep",
        "1",
        "--keep",
        "2",
        "--term",
        "keep-away: 100 metres of 12 Acacia Avenue",
    ]);
    assert!(varied.stdout.contains("  4. Not to go within 100 metres of 12 Acacia Avenue"), "{varied:?}");
    assert!(varied.stdout.contains("2026-02-20 varied (record "), "{varied:?}");
    env.ok(&["order", "discharge", "1", "--on", "2026-03-01", "--reason", "replaced by the full order"]);
    let order = env.json(&["order", "show", "1"]);
    assert_eq!(order["versions"].as_array().unwrap().len(), 2);
    assert_eq!(order["served"]["on"], "2026-02-03");
    assert_eq!(order["discharged"]["on"], "2026-03-01");
    assert!(env.ok(&["order", "list"]).stdout.contains("discharged"));
    assert_eq!(env.json(&["check"])["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn breaches_are_marked_listed_and_the_one_before_service_flagged() {
    let env = Env::new();
    with_order(&env);
    let before = env.json(&["add", "--kind", "call", "--title", "Withheld call", "--at", "2026-02-02T21:14:00Z"]);
    let after =
        env.json(&["add", "--kind", "sighting", "--title", "Outside the station", "--at", "2026-02-10T08:05:00Z"]);
    let (before, after) = (before["id"].as_i64().unwrap().to_string(), after["id"].as_i64().unwrap().to_string());
    env.ok(&["order", "serve", "1", "--on", "2026-02-03"]);

    // Without terms: refused, with the suggestions for the entry's kind.
    let r = env.run(&["breach", "add", &after, "--order", "1"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--term 2 (Not to enter the exclusion zone"), "{}", r.stderr);
    let suggested = env.json(&["breach", "suggest", &before]);
    assert_eq!(suggested[0]["term_id"], 1);

    env.ok(&["breach", "add", &before, "--order", "1", "--term", "1"]);
    let r = env.ok(&["breach", "add", &after, "--order", "1", "--term", "2", "--police-ref", "CAD 4471 10/02"]);
    assert!(r.stdout.contains("reported, police ref CAD 4471 10/02"), "{r:?}");
    let list = env.ok(&["breach", "list"]).stdout;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].contains("[before the order was served]") && lines[0].contains("not reported"), "{list}");
    assert!(!lines[1].contains("before the order was served"), "{list}");
    let json = env.json(&["breach", "list"]);
    assert_eq!(json[0]["service"], "before_service");
    assert_eq!(json[1]["breach"]["reported"], true);

    env.ok(&["breach", "remove", &before, "--order", "1"]);
    assert_eq!(env.json(&["breach", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["check"])["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_orders_and_breaches_are_refused_with_exit_2_and_nothing_written() {
    let env = Env::new();
    with_order(&env);
    let early = env.json(&["add", "--kind", "call", "--title", "Before the order", "--at", "2026-01-02T21:14:00Z"]);
    let early = early["id"].as_i64().unwrap().to_string();
    let records = env.json(&["info"])["records"].clone();
    let add = |extra: &[&str]| {
        let mut args = vec!["order", "add", "--kind", "spo", "--court", "Anytown", "--made", "2026-02-01"];
        args.extend_from_slice(extra);
        env.run(&args)
    };
    for (r, says) in [
        (add(&["--term", "no-contact", "--served", "2026-01-30"]), "before it was made"),
        (add(&["--term", "no-contact", "--expires", "2026-01-01"]), "before it was made"),
        (add(&["--term", "exclusion-zone"]), "zone described"),
        (
            env.run(&["order", "add", "--kind", "spo", "--court", "x", "--made", "2026-13-01", "--term", "x"]),
            "not a date",
        ),
        (add(&[]), "--term"),
        (
            env.run(&[
                "order",
                "add",
                "--kind",
                "court-martial",
                "--court",
                "x",
                "--made",
                "2026-02-01",
                "--term",
                "x",
            ]),
            "unknown order kind",
        ),
        (env.run(&["order", "serve", "9", "--on", "2026-02-03"]), "there is no order 9"),
        (env.run(&["order", "serve", "1", "--on", "2030-02-03"]), "in the future"),
        (env.run(&["order", "vary", "1", "--on", "2026-02-20", "--reason", "r", "--keep", "7"]), "no term 7"),
        (env.run(&["breach", "add", &early, "--order", "1", "--term", "1"]), "after 2026-01-02"),
        (env.run(&["breach", "add", "99", "--order", "1", "--term", "1"]), "there is no entry 99"),
    ] {
        assert_eq!(r.code, 2, "{says}: {r:?}");
        assert!(r.stderr.contains(says), "{says}: {}", r.stderr);
    }
    assert_eq!(env.json(&["info"])["records"], records, "nothing was written");
}
