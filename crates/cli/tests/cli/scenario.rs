//! A person's whole journey through the CLI, on one vault.

use crate::common::{Env, png_bytes};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn diary_keeps_every_version_and_survives_backup_passphrase_change_and_rekey() {
    let env = Env::new();
    let recovery1 = env.init();
    assert_eq!(recovery1.len(), 39, "recovery key shape: {recovery1}");

    // The case: one person responsible, printed id on the first line.
    let person = env.ok(&["case", "add-person", "--name", "Mark Example", "--phone", "07700 900123"]).id();
    assert_eq!(person, 1);
    env.ok(&["case", "add-identifier", "1", "--kind", "vehicle", "--value", "AB12 CDE"]);
    env.ok(&["case", "set", "--initials", "js"]);
    let case = env.json(&["case", "show"]);
    assert_eq!(case["victim_initials"], "JS");
    assert_eq!(case["persons"][0]["identifiers"].as_array().unwrap().len(), 2);

    // Three incidents, added out of order.
    let call = env
        .ok(&[
            "add",
            "--kind",
            "call",
            "--title",
            "Withheld number",
            "--at",
            "2026-03-02T10:00:00+00:00",
            "--direction",
            "missed",
            "--duration",
            "3m20s",
            "--person",
            "1",
        ])
        .id();
    let text = env
        .ok(&[
            "add",
            "--kind",
            "text_message",
            "--title",
            "Text from his number",
            "--at",
            "2026-03-02 09:00",
            "--narrative",
            "You can't hide from me.",
            "--channel",
            "SMS",
            "--identifier",
            "07700 900123",
            "--tag",
            "threat",
            "--blocked",
        ])
        .id();
    let png = png_bytes();
    let photo = env.write("photo.png", &png);
    let sighting_run = env.ok(&[
        "add",
        "--kind",
        "sighting",
        "--title",
        "Parked outside work",
        "--at",
        "2026-03-02T11:00:00Z",
        "--location",
        "Car park, Station Road",
        "--witness",
        "Priya (colleague)",
        "--attach",
        photo.to_str().unwrap(),
    ]);
    let sighting = sighting_run.id();
    assert!(sighting_run.stdout.contains(&hex(&casebook_crypto::sha256(&png))), "{sighting_run:?}");
    assert_eq!([call, text, sighting].iter().collect::<std::collections::BTreeSet<_>>().len(), 3);

    // Listed in the order they happened, with the attachment counted.
    let list = env.json(&["list"]);
    let ids: Vec<i64> = list.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![text, call, sighting]);
    assert_eq!(list[2]["attachments"], 1);
    assert_eq!(list[1]["fields"]["call"]["duration_secs"], 200);
    assert_eq!(list[0]["fields"]["actions"]["blocked"], true);
    let table = env.ok(&["list"]).stdout;
    assert!(table.contains("Parked outside work") && table.contains("1 file"), "{table}");
    let found = env.json(&["list", "--search", "HIDE FROM"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["list", "--kind", "call", "--kind", "sighting"]).as_array().unwrap().len(), 2);

    // An edit keeps the original, with the reason; untouched fields stay.
    env.ok(&[
        "edit",
        &call.to_string(),
        "--reason",
        "It was 10:05, I checked my phone",
        "--at",
        "2026-03-02T10:05:00Z",
    ]);
    let history = env.json(&["show", &call.to_string()]);
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["reason"], serde_json::Value::Null);
    assert_eq!(versions[1]["reason"], "It was 10:05, I checked my phone");
    assert_eq!(versions[1]["fields"]["title"], "Withheld number");
    assert_eq!(versions[1]["fields"]["call"]["direction"], "missed");
    assert_eq!(versions[1]["fields"]["person_id"], 1);
    let shown = env.ok(&["show", &call.to_string()]).stdout;
    assert!(shown.contains("Versions (2)") && shown.contains("reason: It was 10:05"), "{shown}");

    // The photo: stored with a thumbnail, extracted byte for byte.
    let photo_history = env.json(&["show", &sighting.to_string()]);
    let attachment = &photo_history["attachments"][0];
    assert_eq!(attachment["meta"]["media_type"], "image/png");
    assert_eq!(attachment["has_thumbnail"], true);
    let att_id = attachment["id"].as_i64().unwrap().to_string();
    let out = env.path("extracted.png");
    env.ok(&["extract", &att_id, out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), png);
    let again = env.run(&["extract", &att_id, out.to_str().unwrap()]);
    assert_eq!(again.code, 1, "extract must not overwrite: {again:?}");

    // Retraction: still listed, marked.
    env.ok(&["retract", &text.to_string(), "--reason", "Entered twice"]);
    assert_eq!(env.json(&["show", &text.to_string()])["retraction"]["reason"], "Entered twice");
    assert_eq!(env.json(&["list", "--hide-retracted"]).as_array().unwrap().len(), 2);
    assert_eq!(env.run(&["edit", &text.to_string(), "--reason", "x", "--title", "y"]).code, 2);

    env.ok(&["checkpoint"]);
    let check = env.ok(&["check"]);
    assert!(check.stdout.starts_with("All is well"), "{check:?}");
    assert_eq!(env.json(&["check"])["checkpoints_verified"], 1);

    // A backup opens like the vault.
    let backup = env.path("backup.casebook");
    env.ok(&["backup", backup.to_str().unwrap()]);
    let from_backup = crate::common::run(
        env.bare()
            .args(["--vault", backup.to_str().unwrap(), "--passphrase-file", env.pass_file.to_str().unwrap()])
            .args(["list", "--json"]),
    );
    assert_eq!(from_backup.code, 0, "{from_backup:?}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&from_backup.stdout).unwrap().as_array().unwrap().len(), 3);

    // New passphrase: the old one stops working, the new one opens.
    let new_pass = env.write("new-pass.txt", "a different long passphrase\n");
    env.ok(&["passwd", "--new-passphrase-file", new_pass.to_str().unwrap()]);
    let old = env.run(&["list"]);
    assert_eq!(old.code, 3, "{old:?}");
    let with_new =
        |args: &[&str]| crate::common::run(env.raw(args).args(["--passphrase-file", new_pass.to_str().unwrap()]));
    assert_eq!(with_new(&["list"]).code, 0);

    // Re-key: a new recovery key; the old one stops working, the new one opens.
    let rekey = with_new(&["rekey", "--json"]);
    assert_eq!(rekey.code, 0, "{rekey:?}");
    // Two JSON lines: the key shown before the commit, then the same key in use after it.
    let lines: Vec<serde_json::Value> = rekey.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{}", rekey.stdout);
    assert_eq!((lines[0]["state"].as_str(), lines[1]["state"].as_str()), (Some("shown"), Some("in_use")));
    assert_eq!(lines[0]["recovery_key"], lines[1]["recovery_key"]);
    let recovery2 = lines[1]["recovery_key"].as_str().unwrap().to_owned();
    assert_ne!(recovery1, recovery2);
    let old_key = env.write("old-key.txt", format!("{recovery1}\n"));
    let new_key = env.write("new-key.txt", recovery2.to_lowercase());
    let by_old = crate::common::run(env.raw(&["list", "--recovery-key-file", old_key.to_str().unwrap()]));
    assert_eq!(by_old.code, 3, "{by_old:?}");
    let by_new = crate::common::run(env.raw(&["list", "--json", "--recovery-key-file", new_key.to_str().unwrap()]));
    assert_eq!(by_new.code, 0, "{by_new:?}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&by_new.stdout).unwrap().as_array().unwrap().len(), 3);
    assert_eq!(with_new(&["check"]).code, 0);

    // Purge: content gone, the erasure visible, the chain still whole.
    let purge = with_new(&["purge", &sighting.to_string(), "--reason", "Asked to remove", "--yes"]);
    assert_eq!(purge.code, 0, "{purge:?}");
    let shown = with_new(&["show", &sighting.to_string()]);
    assert!(shown.stdout.contains("erased") && !shown.stdout.contains("Parked outside work"), "{shown:?}");
    assert_eq!(with_new(&["check"]).code, 0);
}

#[test]
fn plain_init_output_shows_the_recovery_key_once_with_safekeeping_words() {
    let env = Env::new();
    let r = env.ok(&["init"]);
    let key_lines: Vec<&str> =
        r.stdout.lines().filter(|l| l.trim().len() == 39 && l.matches('-').count() == 7).collect();
    assert_eq!(key_lines.len(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("Write it down") && r.stdout.contains("away from this computer"), "{}", r.stdout);
    // A passphrase never comes back out.
    assert!(!r.stdout.contains(crate::common::PASS) && !r.stderr.contains(crate::common::PASS));
}

#[test]
#[cfg_attr(windows, ignore = "inherits a Unix file descriptor")]
fn passphrase_can_come_from_an_inherited_file_descriptor() {
    use std::io::Write;
    let env = Env::new();
    env.init();
    let mut child = env
        .raw(&["list", "--json", "--passphrase-fd", "0"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", crate::common::PASS).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn pattern_counts_incidents_per_week_without_retracted_ones() {
    let env = Env::new();
    env.init();
    for (at, kind) in
        [("2026-03-02T10:00:00Z", "call"), ("2026-03-03T10:00:00Z", "call"), ("2026-03-17T10:00:00Z", "sighting")]
    {
        env.ok(&["add", "--kind", kind, "--title", "incident", "--at", at]);
    }
    let pattern = env.json(&["pattern"]);
    let weeks = pattern["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 3, "the empty week in between is shown: {weeks:?}");
    assert_eq!(weeks[0]["total"], 2);
    assert_eq!(weeks[1]["total"], 0);
    assert_eq!(weeks[2]["by_kind"]["sighting"], 1);
    // Core's summary under the weeks: escalation and the gap in words, channels, the grid.
    let text = env.ok(&["pattern"]).stdout;
    assert!(
        text.contains("First half (1 week): 2.0 incidents per week; last half: 1.0 per week: decreasing."),
        "{text}"
    );
    assert!(text.contains("Longest gap: no incidents for 14 days, 2026-03-03 to 2026-03-17."), "{text}");
    assert!(text.contains("By channel: (not given) 3."), "{text}");
    let monday = text.lines().find(|l| l.starts_with("Mon  ")).unwrap_or_default();
    assert_eq!(monday.split_whitespace().filter(|c| *c != ".").collect::<Vec<_>>(), ["Mon", "1"], "{text}");
    let info = env.json(&["info"]);
    assert_eq!(info["insecure_test_kdf"], true);
}
