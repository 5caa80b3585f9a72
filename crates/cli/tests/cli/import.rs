//! `casebook import` as a person uses it: preview, import the person responsible's items,
//! import again (nothing twice), answer the date question, add a number to the case, and
//! bad files refused with the vault untouched, even when interrupted part-way.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Env, import_fixture};

const SMS: &str = "sms-20260301213000.xml";

fn fixture(name: &str) -> String {
    import_fixture(name).to_str().unwrap().to_owned()
}

/// A vault whose case has Jon Doe with his number written the way a person would type it.
fn with_jon() -> Env {
    let env = Env::new();
    env.init();
    env.ok(&["case", "add-person", "--name", "Jon Doe", "--phone", "07700 900123"]);
    env
}

fn records(env: &Env) -> i64 {
    env.json(&["info"])["records"].as_i64().unwrap()
}

fn titles(env: &Env, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["list"];
    args.extend_from_slice(extra);
    env.json(&args).as_array().unwrap().iter().map(|e| e["fields"]["title"].as_str().unwrap().to_owned()).collect()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "types at a terminal through script (a pseudo-terminal), which a Windows process cannot drive"
)]
fn sms_backup_is_previewed_imported_once_and_listed() {
    let env = with_jon();
    let sms = fixture(SMS);
    let before = records(&env);

    let p = env.ok(&["import", &sms, "--preview", "--utc-offset", "+00:00"]);
    assert!(p.stdout.starts_with("SMS Backup & Restore: sms-20260301213000.xml"), "{p:?}");
    assert!(p.stdout.contains("9 items, from 2026-03-01 21:14 +00:00 to"), "{p:?}");
    let jon = p.stdout.lines().find(|l| l.contains("phone:+447700900123")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(jon.trim_start().starts_with('*') && jon.contains("1 Jon Doe"), "Jon is matched and marked: {jon}");
    let mum = p.stdout.lines().find(|l| l.contains("phone:+447700900555")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(!mum.trim_start().starts_with('*') && mum.contains("Mum"), "Mum is not marked: {mum}");
    assert!(p.stdout.contains("Nothing was imported"), "{p:?}");
    assert_eq!(records(&env), before, "a preview wrote something");
    let j = env.json(&["import", &sms, "--preview", "--utc-offset", "+00:00"]);
    assert_eq!(j["format"], "sms_backup_restore");
    assert_eq!(j["total_items"], 9);
    let picked: Vec<&Value> =
        j["correspondents"].as_array().unwrap().iter().filter(|c| c["selected_by_default"] == true).collect();
    assert_eq!(picked.len(), 1);
    assert_eq!((picked[0]["items"].as_u64(), picked[0]["new_items"].as_u64()), (Some(7), Some(7)));

    // The default: only Jon's items.
    let r = env.ok(&["import", &sms, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 7 new entries; skipped 0 duplicates already in the diary."), "{r:?}");
    assert!(r.stdout.contains("2 of others (not imported)"), "{r:?}");
    assert!(r.stderr.is_empty(), "no progress off a terminal: {:?}", r.stderr);
    let jons = titles(&env, &["--person", "1"]);
    assert!(jons.iter().any(|t| t.starts_with("Text from Jon Doe: You can't ignore me forever")), "{jons:#?}");
    assert!(jons.iter().any(|t| t == "Text to Jon Doe: Please stop contacting me."), "{jons:#?}");
    assert!(!titles(&env, &[]).iter().any(|t| t.contains("Mum") || t.contains("123456")), "others stay out");
    let after_first = records(&env);

    // Again: nothing twice, nothing written.
    let r = env.ok(&["import", &sms, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 0 new entries; skipped 7 duplicates"), "{r:?}");
    assert!(r.stdout.contains("Nothing new, so nothing was written."), "{r:?}");
    assert_eq!(records(&env), after_first);
    let j = env.json(&["import", &sms, "--utc-offset", "+00:00"]);
    assert_eq!((j["counts"]["imported"].as_u64(), j["counts"]["duplicates"].as_u64()), (Some(0), Some(7)));
    assert!(j["import_id"].is_null());

    // Everyone, at a terminal: progress shows there, and only the two new ones come in.
    let t = env.in_terminal(&["import", &sms, "--all", "--utc-offset", "+00:00"], "");
    assert_eq!(t.code, 0, "{t:?}");
    assert!(t.stdout.contains("Importing…"), "progress at a terminal: {t:?}");
    assert!(t.stdout.contains("Added 2 new entries; skipped 7 duplicates"), "{t:?}");
    assert!(titles(&env, &[]).iter().any(|t| t.contains("Mum")));
    assert_eq!(env.run(&["check"]).code, 0);
}

#[test]
fn a_whatsapp_chat_with_dates_that_read_both_ways_waits_for_the_answer() {
    let env = with_jon();
    let chat = fixture("whatsapp-ambiguous-dates.txt");
    let p = env.ok(&["import", &chat, "--preview"]);
    assert!(p.stdout.starts_with("WhatsApp chat export: whatsapp-ambiguous-dates.txt"), "{p:?}");
    assert!(p.stdout.contains("--date-order day-first (03/04/2026 is 3 April 2026)"), "{p:?}");
    assert!(p.stdout.contains("--date-order month-first (4 March 2026)"), "{p:?}");

    let vault_before = std::fs::read(&env.vault).unwrap();
    let r = env.run(&["import", &chat]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr.lines().count(), 1, "one line: {r:?}");
    assert!(r.stderr.contains("3 April 2026 read day-first, or 4 March 2026 read month-first"), "{r:?}");
    assert!(r.stderr.contains("--date-order day-first or --date-order month-first"), "{r:?}");
    assert!(std::fs::read(&env.vault).unwrap() == vault_before, "the vault changed");

    let r = env.ok(&["import", &chat, "--date-order", "month-first", "--utc-offset", "+01:00"]);
    assert!(r.stdout.starts_with("Added 2 new entries"), "{r:?}");
    let list = env.json(&["list", "--person", "1"]);
    let starts: Vec<&str> =
        list.as_array().unwrap().iter().filter_map(|e| e["fields"]["occurred"]["start"].as_str()).collect();
    assert!(starts.contains(&"2026-03-04T10:00:00+01:00"), "read month-first, in the offset given: {starts:?}");

    // A chat whose dates decide for themselves, and a correspondent picked by name.
    let other = fixture("whatsapp-android-en-GB.txt");
    let r = env.ok(&["import", &other, "--correspondent", "Alice Smith", "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 1 new entry;"), "{r:?}");
    let accounting = "Lines of the chat: 12 read = 7 messages + 3 lines continuing a message + 2 notice lines + 0 \
                      unreadable lines + 0 blank lines.";
    assert!(r.stdout.contains(accounting), "{r:?}");
    assert!(
        r.stdout.contains("    security or blocking notice: 1 (line 1: \"01/03/2026, 21:10 - Messages and calls"),
        "{r:?}"
    );
    let p = env.ok(&["import", &other, "--preview", "--utc-offset", "+00:00"]);
    assert!(p.stdout.contains(accounting), "the preview gives the same numbers: {p:?}");
    let j = env.json(&["import", &other, "--preview", "--utc-offset", "+00:00"]);
    assert_eq!(j["lines"]["lines_read"], 12, "{j}");
    assert_eq!(j["lines"]["notices"][0]["samples"][0]["line"], 1, "{j}");
    let again = env.json(&["import", &other, "--correspondent", "Alice Smith", "--utc-offset", "+00:00"]);
    assert_eq!(again["lines"], j["lines"], "the import's --json gives the preview's numbers");
    assert!(titles(&env, &[]).iter().any(|t| t.contains("Please stop messaging me")));
}

/// One region, stored in the case, reads every number; a typed number links the entry to its
/// person, and a withheld marker links no one.
#[test]
fn the_cases_region_reads_numbers_and_a_typed_number_links_the_entry() {
    let env = Env::new();
    env.init();
    env.ok(&["case", "set", "--region", "ie"]);
    assert!(env.ok(&["case", "show"]).stdout.contains("read as: IE"));
    env.ok(&["case", "add-person", "--name", "Jon Doe", "--phone", "+353 87 123 4567", "--phone", "Unknown"]);
    assert_eq!(env.json(&["case", "show"])["persons"][0]["identifiers"].as_array().unwrap().len(), 1, "no marker");
    let r = env.ok(&[
        "add",
        "--kind",
        "call",
        "--title",
        "Missed call",
        "--identifier",
        "087 123 4567",
        "--at",
        "2026-11-20 21:14",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines.get(1).copied(),
        Some(
            "Linked to person 1 (Jon Doe): 087 123 4567 is their number +353 87 123 4567 (--person none to link no one)."
        ),
        "{r:?}"
    );
    let j = env.json(&["add", "--kind", "call", "--title", "Withheld", "--identifier", "No caller ID"]);
    assert_eq!(j["linked_person_id"], serde_json::Value::Null);
    env.ok(&["add", "--kind", "call", "--title", "Not him", "--identifier", "087 123 4567", "--person", "none"]);
    assert_eq!(titles(&env, &["--person", "1"]), ["Missed call"]);
    // Their page: each identifier with its count and dates, a new number marked.
    env.ok(&[
        "add",
        "--kind",
        "call",
        "--title",
        "New number",
        "--identifier",
        "+353 86 000 1111",
        "--person",
        "1",
        "--at",
        "2026-11-22 08:00",
    ]);
    let page = env.ok(&["case", "show", "1"]).stdout;
    assert!(page.contains("Person 1: Jon Doe"), "{page}");
    assert!(page.contains("2 incidents, 2026-11-20 to 2026-11-22"), "{page}");
    let line = |needle: &str| page.lines().find(|l| l.contains(needle)).unwrap_or_default().to_owned();
    let old = line("+353 87 123 4567");
    assert!(old.contains(" 1  2026-11-20  2026-11-20") && !old.contains("new"), "{page}");
    let new = line("+353 86 000 1111");
    assert!(new.contains("2026-11-22") && new.contains("new") && new.contains("not in their case details"), "{page}");
    let j = env.json(&["case", "show", "1"]);
    assert_eq!(j["identifiers"][1]["new_identifier"], true);
    assert_eq!(env.run(&["case", "show", "7"]).code, 2);
    let r = env.run(&["case", "set", "--region", "XX"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("GB, IE or US"), "{r:?}");
}

#[test]
fn a_number_added_to_the_case_makes_the_next_import_match() {
    let env = Env::new();
    env.init();
    env.ok(&["case", "add-person", "--name", "Unknown caller"]);
    let sms = fixture(SMS);
    let p = env.ok(&["import", &sms, "--preview"]);
    assert!(p.stdout.contains("No one in this file matches a person in the case"), "{p:?}");
    assert!(!p.stdout.lines().any(|l| l.trim_start().starts_with('*')), "{p:?}");
    let r = env.run(&["import", &sms]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("no one in this file is a person in the case") && r.stderr.contains("add-identifier"),
        "{r:?}"
    );

    let r = env.ok(&["case", "add-identifier", "--person", "1", "--phone", "+44 7700 900123", "--handle", "jd_1984"]);
    assert_eq!(r.stdout.trim(), "Added 2 identifiers to person 1 (Unknown caller).");
    // The same number written another way is already there.
    let r = env.ok(&["case", "add-identifier", "--person", "1", "--phone", "07700900123"]);
    assert_eq!(r.stdout.trim(), "Added 0 identifiers to person 1 (Unknown caller). 1 was already there.");
    // A withheld marker is never an identifier.
    let r = env.ok(&["case", "add-identifier", "--person", "1", "--phone", "No caller ID"]);
    assert!(r.stdout.contains("Added 0 identifiers") && r.stdout.contains("not an identifier"), "{r:?}");
    let j = env.json(&["case", "add-identifier", "1", "--kind", "vehicle", "--value", "AB12 CDE"]);
    assert_eq!((j["person_id"].as_u64(), j["added"].as_u64()), (Some(1), Some(1)));
    let case = env.json(&["case", "show"]);
    assert_eq!(case["persons"][0]["identifiers"].as_array().unwrap().len(), 3);
    for (args, says) in [
        (&["case", "add-identifier", "--person", "7", "--phone", "123456789"][..], "no person 7"),
        (&["case", "add-identifier", "--person", "1"], "nothing to add"),
        (&["case", "add-identifier", "--person", "1", "--email", " "], "empty"),
        (&["case", "add-identifier", "--phone", "07700900123"], "--person"),
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains(says), "{args:?}: {r:?}");
    }

    let r = env.ok(&["import", &sms, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 7 new entries"), "{r:?}");
    assert!(titles(&env, &["--person", "1"]).iter().any(|t| t.starts_with("Text from Unknown caller")));
}

#[test]
fn a_file_that_is_not_a_good_export_is_refused_in_one_line_and_the_vault_is_byte_identical() {
    let env = with_jon();
    env.ok(&["add", "--kind", "call", "--title", "Before any import"]);
    let sms_bytes = std::fs::read(import_fixture(SMS)).unwrap();
    let notes = env.write("notes.txt", "Shopping: milk, eggs\nCall the landlord about the lock\n");
    let cut = env.write("sms-cut.xml", &sms_bytes[..sms_bytes.len() / 2]);
    let sms = fixture(SMS);
    let vault_before = std::fs::read(&env.vault).unwrap();
    let records_before = records(&env);
    let cases: [(&[&str], i32, &str); 8] = [
        (&["import", notes.to_str().unwrap()], 2, "doesn't look like an sms backup & restore file"),
        (&["import", notes.to_str().unwrap(), "--preview"], 2, "nothing was imported"),
        (&["import", cut.to_str().unwrap()], 2, "nothing was imported"),
        (&["import", "no-such-export.xml"], 2, "there is no file there"),
        (&["import", &sms, "--format", "whatsapp"], 2, "doesn't look like a whatsapp chat export"),
        (&["import", &sms, "--correspondent", "Nobody Atall"], 2, "no one in this file matches \"nobody atall\""),
        (&["import", &sms, "--utc-offset", "+25:00"], 2, "not a utc offset"),
        (&["import", &sms, "--date-order", "sideways"], 2, "day-first"),
    ];
    for (args, code, says) in cases {
        let r = env.run(args);
        assert_eq!(r.code, code, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("casebook: ") && r.stderr.to_lowercase().contains(says), "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
        assert!(std::fs::read(&env.vault).unwrap() == vault_before, "{args:?} changed the vault file");
    }
    let r = env.run(&["import", notes.to_str().unwrap()]);
    assert_eq!(r.stderr.lines().count(), 1, "one line: {r:?}");
    assert_eq!(records(&env), records_before);
    assert_eq!(env.run(&["check"]).code, 0);
}

/// An SMS Backup & Restore file of `n` texts from Jon, as the app writes it.
fn big_sms_backup(n: u64) -> String {
    let start_ms: u64 = 1_772_399_640_000;
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n\
         <!--File Created By SMS Backup & Restore v10.20.003 on 01/03/2026 23:30:00-->\n\
         <?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n",
    );
    xml.push_str(&format!(
        "<smses count=\"{n}\" backup_set=\"6a1d0c57-9a7e-4f7b-9e43-2c1f7a0b5d21\" backup_date=\"1772407800000\" type=\"full\">\n"
    ));
    for i in 0..n {
        let date = start_ms + i * 61_000;
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"+447700900123\" date=\"{date}\" type=\"1\" subject=\"null\" \
             body=\"Message number {i}: answer me\" toa=\"null\" sc_toa=\"null\" service_center=\"+447958879879\" \
             read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"{sent}\" sub_id=\"1\" readable_date=\"1 Mar 2026\" \
             contact_name=\"Jon\" />\n",
            sent = date - 2000
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

#[test]
#[cfg_attr(windows, ignore = "interrupts with SIGINT and SIGTERM, which Windows does not have")]
fn an_import_interrupted_with_ctrl_c_leaves_all_or_nothing() {
    const N: u64 = 4000;
    let env = with_jon();
    let file = env.write("sms-big.xml", big_sms_backup(N));
    let file = file.to_str().unwrap();

    // How long a whole import takes here (on a throw-away vault), so the interrupts land inside it.
    // The faster of two runs: the first pays for cold caches, and a warm import can be several
    // times quicker, which would put every interrupt after the end.
    let mut whole = Duration::MAX;
    for _ in 0..2 {
        let probe = with_jon();
        let start = Instant::now();
        let r = probe.ok(&["import", file, "--utc-offset", "+00:00"]);
        whole = whole.min(start.elapsed());
        assert!(r.stdout.starts_with(&format!("Added {N} new entries")), "{r:?}");
    }

    let mut interrupted = 0;
    for step in 1..=8u32 {
        // A fresh vault each time, so every attempt is a whole import: on a vault that already
        // holds the messages, a re-import only skips duplicates and ends before any interrupt.
        let env = with_jon();
        let before = env.listed_ids().len();
        let mut child = env
            .cmd(&["import", file, "--utc-offset", "+00:00"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * step / 10);
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        // A test run started in the background by a non-interactive shell inherits SIGINT as
        // ignored (POSIX), and the CLI has no handler of its own; SIGTERM, which ends it the same
        // way (default action, no clean-up), makes sure the interrupt lands there too.
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = child.wait().unwrap();
        let after = env.listed_ids().len();
        let added = after - before;
        if status.success() {
            // It finished first: then everything came in, and the next attempts add nothing.
            assert!(added == 0 || added as u64 == N + 1, "step {step}: {added} entries added");
        } else {
            interrupted += 1;
            assert_eq!(added, 0, "step {step}: an interrupted import left {added} entries behind");
        }
        assert_eq!(env.run(&["check"]).code, 0, "step {step}: the vault does not check out");
    }
    assert!(interrupted > 0, "no import was interrupted (a whole import took {whole:?})");
    // And the import then completes as if nothing had happened.
    let r = env.run(&["import", file, "--utc-offset", "+00:00"]);
    assert_eq!(r.code, 0, "{r:?}");
    let total = env.listed_ids().len() as u64;
    assert_eq!(total, N + 1, "the items and the record of the export");
}

/// The first imported item's entry (not the "export imported" entry that holds the file).
fn first_item(env: &Env) -> String {
    let list = env.json(&["list"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["fields"]["source"]["type"] == "import" && !e["fields"]["title"].as_str().unwrap().contains(" imported: ")
        })
        .unwrap_or_else(|| panic!("no imported item in {list}"));
    item["id"].to_string()
}

#[test]
fn purging_an_imported_text_says_its_export_file_was_recut() {
    let env = with_jon();
    env.ok(&["import", &fixture(SMS), "--utc-offset", "+00:00"]);
    let id = first_item(&env);
    let r = env.ok(&["purge", &id, "--yes"]);
    assert!(r.stdout.contains(&format!("Entry {id} was erased.")), "{r:?}");
    assert!(r.stdout.contains("\"sms-20260301213000.xml\" it was imported from was re-cut without it"), "{r:?}");
    env.ok(&["check"]);
}

#[test]
fn purging_an_imported_email_warns_that_its_whole_file_goes() {
    let env = Env::new();
    env.init();
    env.ok(&["case", "add-person", "--name", "Jon Doe", "--email", "jon.doe@example.com"]);
    env.ok(&["import", &fixture("jon-20260303.eml"), "--utc-offset", "+00:00"]);
    let id = first_item(&env);
    let r = env.ok(&["purge", &id, "--yes"]);
    assert!(r.stdout.contains("Warning: it was imported from the export file \"jon-20260303.eml\""), "{r:?}");
    assert!(r.stdout.contains("the file holds only this item") && r.stdout.contains("erased too"), "{r:?}");
    env.ok(&["check"]);
}

/// The import tables are plaintext indexes: a row taken out of them with any SQLite tool,
/// or the newest import taken out whole with every row it wrote, is named by `check` with the
/// record it contradicts, and `check` exits 5.
#[test]
fn check_names_an_import_row_deleted_behind_casebooks_back() {
    let env = with_jon();
    let j = env.json(&["import", &fixture(SMS), "--utc-offset", "+00:00"]);
    let import_seq = j["ledger_seq"].as_i64().unwrap();
    let record_entry = j["record_entry_id"].as_i64().unwrap();
    let vault_bytes = std::fs::read(&env.vault).unwrap();
    let tamper = |sql: &str| {
        std::fs::write(&env.vault, &vault_bytes).unwrap();
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        env.run(&["check"])
    };

    let r = tamper("DELETE FROM imports;");
    assert_eq!(r.code, 5, "{r:?}");
    assert!(r.stdout.contains(&format!("the first broken record is {import_seq}.")), "{r:?}");
    assert!(r.stdout.contains(&format!("record {import_seq}: import 1 is missing from the index")), "{r:?}");

    let item = first_item(&env);
    let r = tamper(&format!("DELETE FROM imported_entries WHERE entry_id = {item};"));
    assert_eq!(r.code, 5, "{r:?}");
    assert!(r.stdout.contains(&format!("entry {item} came from import 1, and the index no longer says so")), "{r:?}");

    let first: i64 = {
        std::fs::write(&env.vault, &vault_bytes).unwrap();
        let conn = rusqlite::Connection::open(&env.vault).unwrap();
        conn.query_row("SELECT created_seq FROM entries WHERE id = ?1", [record_entry], |r| r.get(0)).unwrap()
    };
    let r = tamper(&format!(
        "DELETE FROM imported_entries; DELETE FROM imports; \
         DELETE FROM attachment_chunks WHERE attachment_id IN (SELECT id FROM attachments WHERE seq >= {first}); \
         DELETE FROM attachments WHERE seq >= {first}; DELETE FROM entry_records WHERE seq >= {first}; \
         DELETE FROM entries WHERE created_seq >= {first}; DELETE FROM ledger WHERE seq >= {first};"
    ));
    assert_eq!(r.code, 5, "{r:?}");
    assert!(r.stdout.contains(&format!("record {first}: records {first} to {import_seq} are missing")), "{r:?}");

    std::fs::write(&env.vault, &vault_bytes).unwrap();
    env.ok(&["check"]);
}

/// A mailbox from another mail program with one message that cannot be read (no date the reader
/// can take): the preview and the import both count it among the items in the file and name it by
/// its number and the byte its "From " line starts at, in text and in --json (issue 15, item 5).
#[test]
fn an_unreadable_mailbox_message_is_counted_and_named_in_text_and_json() {
    let env = Env::new();
    env.init();
    env.ok(&["case", "add-person", "--name", "Jon Doe", "--email", "jon.doe@example.com"]);
    let first = "From jon.doe@example.com Sun Mar  1 21:14:00 2026\nDate: Sun, 1 Mar 2026 21:14:00 +0000\n\
                 Message-ID: <one@mail.example.com>\nSubject: We need to talk\nFrom: Jon Doe <jon.doe@example.com>\n\
                 To: alice@example.org\n\nYou blocked my number.\n\n";
    let second = "From jon.doe@example.com 05/03/2026\nDate: Thursday afternoon\nMessage-ID: <two@mail.example.com>\n\
                  Subject: Answer me\nFrom: Jon Doe <jon.doe@example.com>\nTo: alice@example.org\n\nOutside again.\n";
    let mbox = env.write("inbox.mbox", format!("{first}{second}"));
    let mbox = mbox.to_str().unwrap();
    let place = format!("message 2 (its \"From \" line at byte {})", first.len());

    let p = env.ok(&["import", mbox, "--preview", "--utc-offset", "+00:00"]);
    assert!(p.stdout.contains("and 1 item that could not be read: 2 in the file"), "{p:?}");
    assert!(p.stdout.contains(&place), "{p:?}");
    assert!(!p.stdout.contains("lines are not messages"), "a chat's words for a mailbox: {p:?}");
    let j = env.json(&["import", mbox, "--preview", "--utc-offset", "+00:00"]);
    assert_eq!((j["total_items"].as_u64(), j["unreadable"].as_u64()), (Some(1), Some(1)));

    let r = env.ok(&["import", mbox, "--utc-offset", "+00:00"]);
    assert!(
        r.stdout.contains(
            "inbox.mbox (email): 2 items in the file = 1 added + 0 already in the diary + 0 of others (not imported) \
             + 1 that could not be read."
        ),
        "{r:?}"
    );
    assert!(r.stdout.contains(&place), "{r:?}");
    let j = env.json(&["import", mbox, "--utc-offset", "+00:00"]);
    let c = &j["counts"];
    assert_eq!(
        (c["items_in_file"].as_u64(), c["duplicates"].as_u64(), c["unreadable"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(c["unreadable_items"][0]["place"], place.as_str());
}

/// A Telegram Desktop chat export (result.json): previewed with Jon's account by its id, ticked
/// because his name matches the case, with the message Telegram could not export named; imported
/// once.
#[test]
fn telegram_chat_is_previewed_by_account_and_imported_once() {
    let env = with_jon();
    let chat = fixture("telegram-jon/result.json");
    let p = env.ok(&["import", &chat, "--preview", "--utc-offset", "+00:00"]);
    assert!(p.stdout.starts_with("Telegram chat export: result.json"), "{p:?}");
    assert!(p.stdout.contains("8 items, from 2026-03-01 21:10 +00:00"), "{p:?}");
    assert!(p.stdout.contains("message 8 (on line 145): Telegram Desktop could not export it"), "{p:?}");
    let jon =
        p.stdout.lines().find(|l| l.contains("account:telegram:user5012345678")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(jon.trim_start().starts_with('*') && jon.contains("1 Jon Doe"), "{jon}");
    let r = env.ok(&["import", &chat, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 8 new entries"), "{r:?}");
    assert!(r.stdout.contains("9 items in the file = 8 added + 0 already in the diary"), "{r:?}");
    let r = env.ok(&["import", &chat, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 0 new entries; skipped 8 duplicates"), "{r:?}");
    assert!(titles(&env, &["--person", "1"]).iter().any(|t| t == "Missed call from Jon Doe"));
}

/// The direct messages of an X archive (data/direct-messages.js of the unpacked archive):
/// listed by account id, not ticked until the id is among Jon's identifiers; then imported once.
#[test]
fn x_direct_messages_are_previewed_by_account_id_and_imported_once() {
    let env = with_jon();
    let dms = fixture("x-jon/data/direct-messages.js");
    let p = env.ok(&["import", &dms, "--preview", "--utc-offset", "+00:00"]);
    assert!(p.stdout.starts_with("X archive: direct-messages.js"), "{p:?}");
    assert!(p.stdout.contains("5 items, from 2026-02-27 17:30 +00:00"), "{p:?}");
    let jon = p.stdout.lines().find(|l| l.contains("account:x:2222222222")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(!jon.trim_start().starts_with('*'), "{jon}");
    env.ok(&["case", "add-identifier", "--person", "1", "--handle", "x:2222222222"]);
    let p = env.ok(&["import", &dms, "--preview", "--utc-offset", "+00:00", "--format", "x"]);
    let jon = p.stdout.lines().find(|l| l.contains("account:x:2222222222")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(jon.trim_start().starts_with('*') && jon.contains("1 Jon Doe"), "{jon}");
    let r = env.ok(&["import", &dms, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 4 new entries"), "{r:?}");
    assert!(r.stdout.contains("5 items in the file = 4 added + 0 already in the diary"), "{r:?}");
    let r = env.ok(&["import", &dms, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 0 new entries; skipped 4 duplicates"), "{r:?}");
    assert!(titles(&env, &["--person", "1"]).iter().any(|t| t.starts_with("X message to Jon Doe: Please stop")));
}

/// One chat file of an unpacked Instagram export ("Download your information", JSON): the
/// senders' names decoded from Meta's escapes (Łucja's, Jon's emoji), Jon ticked because his name
/// matches the case; imported once.
#[test]
fn instagram_chat_file_is_previewed_by_sender_and_imported_once() {
    let env = with_jon();
    let chat =
        fixture("instagram-lucja/your_instagram_activity/messages/inbox/jondoe_17841400000000001/message_1.json");
    let p = env.ok(&["import", &chat, "--preview", "--utc-offset", "+00:00", "--format", "instagram"]);
    assert!(p.stdout.starts_with("Instagram export: message_1.json"), "{p:?}");
    assert!(p.stdout.contains("6 items, from 2026-03-01 21:14 +00:00"), "{p:?}");
    let jon = p.stdout.lines().find(|l| l.contains("name:jon doe")).unwrap_or_else(|| panic!("{p:?}"));
    assert!(jon.trim_start().starts_with('*') && jon.contains("1 Jon Doe"), "{jon}");
    assert!(p.stdout.contains("Łucja Wiśniewska"), "{p:?}");
    let r = env.ok(&["import", &chat, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 5 new entries"), "{r:?}");
    assert!(r.stdout.contains("6 items in the file = 5 added + 0 already in the diary"), "{r:?}");
    let r = env.ok(&["import", &chat, "--utc-offset", "+00:00"]);
    assert!(r.stdout.starts_with("Added 0 new entries; skipped 5 duplicates"), "{r:?}");
    assert!(
        titles(&env, &["--person", "1"])
            .iter()
            .any(|t| t == "Instagram message from Jon Doe: Answer me \u{1F621}\u{1F621}")
    );
}
