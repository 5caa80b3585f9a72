//! The shell's commands driven through Tauri's mock runtime (no display): the same IPC path,
//! capabilities and serialisation the webview uses, with the page origin `tauri://localhost`.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::time::Duration;

use casebook_app::state::AppState;
use casebook_core::KdfPolicy;
use casebook_crypto::channel::{Channel, Handshake, Side};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Harness {
    dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness(auto_lock: Option<Duration>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(dir.path().join("vault.casebook"), KdfPolicy::InsecureTestOnly, auto_lock);
    let app = casebook_app::configure(mock_builder(), state).build(tauri::generate_context!()).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { dir, _app: app, window }
}

/// One command from the page, as the webview sends it.
fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

impl Harness {
    fn call_with(&self, cmd: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> Result<Value, Value> {
        invoke(&self.window, cmd, body, headers)
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.call_with(cmd, InvokeBody::Json(args), Default::default())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn call_fields(title: &str) -> Value {
    json!({
        "occurred": {"start": "2026-03-01T21:14:00+00:00", "approximate": false},
        "kind": "call", "title": title, "narrative": "", "identifier": "+447700900123",
        "call": {"direction": "missed"}, "witnesses": [], "actions": {"blocked": false}, "tags": [],
        "source": {"type": "manual"}
    })
}

#[test]
fn first_run_create_log_edit_lock_and_unlock_through_ipc() {
    let h = harness(None);
    let status = h.ok("app_status", json!({}));
    assert_eq!((status["vault_exists"].as_bool(), status["unlocked"].as_bool()), (Some(false), Some(false)));

    let created = h.ok("create_vault", json!({"passphrase": "a long passphrase"}));
    assert_eq!(created["recovery_key"].as_str().unwrap().len(), 39);
    let id = h.ok("add_entry", json!({"fields": call_fields("Missed call")}));
    h.ok(
        "revise_entry",
        json!({"id": id, "fields": call_fields("Missed call from his number"), "reason": "Checked the number"}),
    );
    let history = h.ok("get_entry", json!({"id": id}));
    assert_eq!(history["versions"].as_array().unwrap().len(), 2);
    assert_eq!(history["versions"][1]["reason"], "Checked the number");

    h.ok("lock", json!({}));
    let locked = h.call("list_entries", json!({"filter": {}})).unwrap_err();
    assert_eq!(locked["code"], "locked");

    let wrong = h.call("unlock", json!({"passphrase": "nope"})).unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase");
    h.ok("unlock", json!({"passphrase": "a long passphrase"}));
    let list = h.ok("list_entries", json!({"filter": {"text": "HIS NUMBER"}}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["fields"]["title"], "Missed call from his number");
}

/// The diary's page crosses as the UI reads it: its cursor goes back as it came, and the filter
/// is applied over the whole vault, not over the page.
#[test]
fn the_diary_comes_a_page_at_a_time_and_its_cursor_goes_back_as_it_came() {
    let h = harness(None);
    h.ok("create_vault", json!({"passphrase": "a long passphrase"}));
    for title in ["first call", "a text", "second call", "third call"] {
        h.ok("add_entry", json!({"fields": call_fields(title)}));
    }
    let calls = json!({"text": "CALL"});
    let first = h.ok("diary_page", json!({"filter": calls, "order": "newest_first", "after": null, "limit": 2}));
    assert_eq!((first["total"].as_u64(), first["remaining"].as_u64()), (Some(3), Some(1)));
    assert_eq!(first["entries"].as_array().unwrap().len(), 2);
    let rest =
        h.ok("diary_page", json!({"filter": calls, "order": "newest_first", "after": first["next"], "limit": 2}));
    assert_eq!(rest["entries"][0]["fields"]["title"], "third call");
    assert_eq!((rest["remaining"].as_u64(), rest["next"].is_null()), (Some(0), true));
    let refused =
        h.call("diary_page", json!({"filter": {}, "order": "newest_first", "after": null, "limit": 0})).unwrap_err();
    assert!(refused["message"].as_str().unwrap().contains("at least one entry"), "{refused}");
    let sideways = h.call("diary_page", json!({"filter": {}, "order": "sideways", "after": null, "limit": 5}));
    assert!(sideways.is_err(), "an order that is not one of the two is refused");
}

#[test]
fn errors_cross_as_code_and_message_and_codes_only_where_the_ui_branches() {
    let h = harness(None);
    // No vault yet: the UI learns that from app_status, so this error has no code.
    let no_vault = h.call("unlock", json!({"passphrase": "x"})).unwrap_err();
    assert!(no_vault.get("code").is_none(), "{no_vault}");
    assert!(no_vault["message"].as_str().unwrap().contains("no vault"), "{no_vault}");
    h.ok("create_vault", json!({"passphrase": "pw"}));
    let mut bad = call_fields("   ");
    bad["title"] = json!("   ");
    let err = h.call("add_entry", json!({"fields": bad})).unwrap_err();
    assert!(err.get("code").is_none(), "{err}");
    assert!(err["message"].as_str().unwrap().contains("title"));
}

#[test]
fn pasted_bytes_become_an_attachment_with_its_name() {
    let h = harness(None);
    h.ok("create_vault", json!({"passphrase": "pw"}));
    let id = h.ok("add_entry", json!({"fields": call_fields("with screenshot")}));
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-entry-id", id.to_string().parse().unwrap());
    headers.insert("x-file-name", "Zrzut%20ekranu%20%C5%81%C3%B3d%C5%BA.txt".parse().unwrap());
    headers.insert("x-source", "paste".parse().unwrap());
    let info =
        h.call_with("attach_bytes", InvokeBody::Raw(b"plain text screenshot stand-in".to_vec()), headers).unwrap();
    assert_eq!(info["meta"]["original_name"], "Zrzut ekranu Łódź.txt");
    assert_eq!(info["meta"]["source"], "paste");
    assert_eq!(info["meta"]["media_type"], "text/plain");
}

#[test]
fn the_backend_locks_after_idle_even_if_the_ui_does_not() {
    let h = harness(Some(Duration::from_millis(300)));
    h.ok("create_vault", json!({"passphrase": "pw"}));
    h.ok("list_entries", json!({"filter": {}}));
    std::thread::sleep(Duration::from_millis(500));
    let err = h.call("list_entries", json!({"filter": {}})).unwrap_err();
    assert_eq!(err["code"], "locked");
    assert_eq!(h.ok("app_status", json!({}))["unlocked"], false);
}

#[test]
fn settings_are_saved_beside_the_vault_and_the_minimum_auto_lock_is_enforced() {
    let h = harness(None);
    let saved = h.ok("set_settings", json!({"settings": {"auto_lock_seconds": 120, "neutral_title": true}}));
    assert_eq!(saved["neutral_title"], true);
    assert_eq!(h.ok("get_settings", json!({}))["auto_lock_seconds"], 120);
    let err = h.call("set_settings", json!({"settings": {"auto_lock_seconds": 5, "neutral_title": true}})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("one minute"));
}

#[test]
fn the_zoom_is_kept_in_settings_from_100_to_200_percent() {
    let h = harness(None);
    assert_eq!(h.ok("get_settings", json!({}))["zoom_percent"], 100);
    let saved = h.ok(
        "set_settings",
        json!({"settings": {"auto_lock_seconds": 300, "neutral_title": false, "zoom_percent": 175}}),
    );
    assert_eq!(saved["zoom_percent"], 175);
    assert_eq!(h.ok("get_settings", json!({}))["zoom_percent"], 175);
    for bad in [90, 250] {
        let err = h
            .call(
                "set_settings",
                json!({"settings": {"auto_lock_seconds": 300, "neutral_title": false, "zoom_percent": bad}}),
            )
            .unwrap_err();
        assert!(err["message"].as_str().unwrap().contains("100% to 200%"), "{err}");
    }
    assert_eq!(h.ok("get_settings", json!({}))["zoom_percent"], 175, "a refused zoom changed nothing");
}

#[test]
fn a_command_not_in_the_capability_is_refused() {
    let h = harness(None);
    // The dialog plugin's save and open are granted; its message box is not.
    let err = h.call("plugin:dialog|message", json!({"message": "hi"})).unwrap_err();
    assert!(err.to_string().contains("not allowed") || err.to_string().contains("denied"), "{err}");
}

/// The page's progress channel as the webview sends it (the mock runtime drops messages).
const CHANNEL: &str = "__CHANNEL__:1";

fn vault_with_a_case(h: &Harness) {
    h.ok("create_vault", json!({"passphrase": "a long passphrase"}));
    h.ok(
        "change_case",
        json!({"changes": [{"change": "set_initials", "initials": "AB"}, {"change": "add_person", "name": "Jon Doe",
            "relationship": null, "description": null,
            "identifiers": [{"kind": "phone", "value": "+44 7700 900123"}]}]}),
    );
}

#[test]
fn a_pack_made_through_ipc_checks_out_and_opens_read_only_even_when_locked() {
    let h = harness(None);
    vault_with_a_case(&h);
    for title in ["Missed call", "Second call"] {
        h.ok("add_entry", json!({"fields": call_fields(title)}));
    }
    let preview = h.ok("export_preview", json!({"options": {"recipient": "police"}}));
    assert_eq!(preview["entry_ids"].as_array().unwrap().len(), 2);

    let out = h.dir.path().join("pack.zip");
    let report = h.ok("export_pack", json!({"options": {}, "path": out, "onProgress": CHANNEL}));
    assert_eq!(report["entries"], 2);
    assert_eq!(report["bundle_sha256"].as_str().unwrap().len(), 64);
    // The vault is back in the session after the job.
    h.ok("list_entries", json!({"filter": {}}));

    let again = h.call("export_pack", json!({"options": {}, "path": out, "onProgress": CHANNEL})).unwrap_err();
    assert!(again["message"].as_str().unwrap().contains("already exists"), "{again}");
    let relative = h.call("export_pack", json!({"options": {}, "path": "pack.zip", "onProgress": CHANNEL}));
    assert!(relative.unwrap_err()["message"].as_str().unwrap().contains("full path"));

    h.ok("lock", json!({}));
    let checked = h.ok("verify_pack", json!({"path": out}));
    assert_eq!(checked["report"]["verdict"], "valid", "{checked}");
    assert!(checked["report"]["checks"].as_array().unwrap().iter().all(|c| c["ok"] == true));
    let entries = checked["contents"]["entries"].as_array().unwrap();
    assert_eq!(entries[1]["versions"][0]["fields"]["title"], "Second call");

    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.windows(11).position(|w| w == b"Second call").unwrap();
    bytes[at] = b's';
    let changed = h.dir.path().join("changed.zip");
    std::fs::write(&changed, bytes).unwrap();
    let checked = h.ok("verify_pack", json!({"path": changed}));
    assert_eq!(checked["report"]["verdict"], "invalid");
    assert!(checked["contents"].is_null());
}

#[test]
fn an_advocate_pack_is_encrypted_and_opens_only_with_its_passphrase() {
    let h = harness(None);
    vault_with_a_case(&h);
    h.ok("add_entry", json!({"fields": call_fields("Missed call")}));
    let out = h.dir.path().join("pack.zip.age");
    let options = json!({"recipient": "advocate", "strip_gps": true});
    let err = h.call("export_pack", json!({"options": options, "path": out, "onProgress": CHANNEL})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("passphrase"), "{err}");
    let report = h.ok(
        "export_pack",
        json!({"options": options, "passphrase": "for the advocate", "path": out, "onProgress": CHANNEL}),
    );
    assert_eq!(report["encrypted_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(h.ok("verify_pack", json!({"path": out}))["report"]["verdict"], "needs_passphrase");
    let wrong = h.ok("verify_pack", json!({"path": out, "passphrase": "not it"}));
    assert_eq!(wrong["report"]["verdict"], "wrong_passphrase");
    let right = h.ok("verify_pack", json!({"path": out, "passphrase": "for the advocate"}));
    assert_eq!(right["report"]["verdict"], "valid");
    assert_eq!(right["report"]["facts"]["recipient"], "advocate");
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/core/tests/fixtures/import").join(name)
}

#[test]
fn a_typed_number_is_matched_to_its_person_by_cores_rule() {
    let h = harness(None);
    vault_with_a_case(&h);
    let m = h.ok("match_identifier", json!({"typed": "07700 900123"}));
    assert_eq!(
        (m["outcome"].as_str(), m["person_id"].as_u64(), m["name"].as_str()),
        (Some("person"), Some(1), Some("Jon Doe"))
    );
    assert_eq!(h.ok("match_identifier", json!({"typed": "No caller ID"}))["outcome"], "withheld");
    let none = h.ok("match_identifier", json!({"typed": "07700 900555"}));
    assert_eq!((none["outcome"].as_str(), none["identifier"]["kind"].as_str()), (Some("no_one"), Some("phone")));
}

#[test]
fn a_call_log_is_previewed_imported_once_and_a_number_added_to_the_person() {
    let h = harness(None);
    vault_with_a_case(&h);
    let path = fixture("calls-20260301213000.xml");
    let settings = json!({"default_region": null, "utc_offset": "+00:00"});
    let preview = h.ok("import_preview", json!({"path": path, "settings": settings}));
    assert_eq!(preview["format"], "sms_backup_restore");
    let people = preview["correspondents"].as_array().unwrap();
    let jon = people.iter().find(|c| c["person_id"] == 1).unwrap();
    assert_eq!(jon["selected_by_default"], true);
    let other = people.iter().find(|c| c["person_id"].is_null() && !c["identifier"].is_null()).unwrap();

    let options = json!({"settings": settings, "correspondents": [jon["key"]]});
    let report = h.ok("import_file", json!({"path": path, "options": options, "onProgress": CHANNEL}));
    let imported = report["counts"]["imported"].as_u64().unwrap();
    assert!(imported > 0);
    assert_eq!(
        h.ok("list_entries", json!({"filter": {"person_id": 1}})).as_array().unwrap().len() as u64,
        imported + 1
    );
    let again = h.ok("import_file", json!({"path": path, "options": options, "onProgress": CHANNEL}));
    assert_eq!(again["counts"]["imported"], 0);
    assert_eq!(again["counts"]["duplicates"].as_u64(), Some(imported));

    let added = h.ok("add_identifiers", json!({"personId": 1, "identifiers": [other["identifier"]]}));
    assert_eq!(added, 1);
    let preview = h.ok("import_preview", json!({"path": path, "settings": settings}));
    let now = preview["correspondents"].as_array().unwrap().iter().find(|c| c["key"] == other["key"]).unwrap().clone();
    assert_eq!(now["person_id"], 1);

    let junk = h.dir.path().join("notes.txt");
    std::fs::write(&junk, "just some text").unwrap();
    let err = h.call("import_preview", json!({"path": junk, "settings": settings})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("nothing was imported"), "{err}");
}

/// A vault with one entry and a large exhibit, so an export takes long enough to stop.
fn vault_with_a_large_exhibit(h: &Harness) {
    vault_with_a_case(h);
    let id = h.ok("add_entry", json!({"fields": call_fields("with a large file")}));
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-entry-id", id.to_string().parse().unwrap());
    headers.insert("x-file-name", "big.bin".parse().unwrap());
    headers.insert("x-source", "picker".parse().unwrap());
    let bytes: Vec<u8> = (0..24u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    h.call_with("attach_bytes", InvokeBody::Raw(bytes), headers).unwrap();
}

/// Runs `export_pack` on another thread and calls `meanwhile` once the job is running.
fn export_while(h: &Harness, out: &std::path::Path, meanwhile: impl FnOnce()) -> Result<Value, Value> {
    let window = h.window.clone();
    let args = json!({"options": {}, "path": out, "onProgress": CHANNEL});
    std::thread::scope(|s| {
        let export = s.spawn(move || invoke(&window, "export_pack", InvokeBody::Json(args), Default::default()));
        // The job is running once other commands are told Casebook is busy.
        loop {
            match h.call("touch", json!({})) {
                Err(e) if e["code"] == "busy" => break,
                _ if export.is_finished() => panic!("the export finished before it could be stopped"),
                _ => std::thread::yield_now(),
            }
        }
        meanwhile();
        export.join().unwrap()
    })
}

#[test]
fn cancelling_an_export_leaves_no_file_and_the_diary_open() {
    let h = harness(None);
    vault_with_a_large_exhibit(&h);
    let out = h.dir.path().join("pack.zip");
    let err = export_while(&h, &out, || assert_eq!(h.ok("cancel_job", json!({})), true)).unwrap_err();
    assert_eq!(err["code"], "cancelled", "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(h.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(h.ok("cancel_job", json!({})), false);
    h.ok("list_entries", json!({"filter": {}}));
    h.ok("export_pack", json!({"options": {}, "path": out, "onProgress": CHANNEL}));
    assert!(out.exists());
}

#[test]
fn locking_during_an_export_stops_it_and_keeps_casebook_locked() {
    let h = harness(None);
    vault_with_a_large_exhibit(&h);
    let out = h.dir.path().join("pack.zip");
    let err = export_while(&h, &out, || {
        h.ok("lock", json!({}));
    })
    .unwrap_err();
    assert_eq!(err["code"], "cancelled", "{err}");
    assert!(!out.exists());
    assert_eq!(h.call("list_entries", json!({"filter": {}})).unwrap_err()["code"], "locked");
    assert_eq!(h.ok("app_status", json!({}))["unlocked"], false);
    h.ok("unlock", json!({"passphrase": "a long passphrase"}));
    h.ok("list_entries", json!({"filter": {}}));
}

#[test]
fn settings_make_a_witness_code_and_a_key_card_and_a_pack_is_checked_against_both() {
    let h = harness(None);
    vault_with_a_case(&h);
    h.ok("add_entry", json!({"fields": call_fields("Missed call")}));
    let made = h.ok("make_witness_code", json!({}));
    let code = made["code"].as_str().unwrap().to_owned();
    assert!(made["message"].as_str().unwrap().contains(&code), "{made}");
    let shared = h.ok("record_witness_shared", json!({"code": code, "to": "my advocate", "how": "text message"}));
    assert_eq!(shared["to"], "my advocate");
    assert_eq!(h.ok("witness_shares", json!({})).as_array().unwrap().len(), 1);
    let typo = h.call("record_witness_shared", json!({"code": "W-3-NOPE", "to": "x", "how": "y"})).unwrap_err();
    assert!(typo["message"].as_str().unwrap().contains("20 letters"), "{typo}");

    let card = h.dir.path().join("card.pdf");
    let saved = h.ok("save_key_card", json!({"path": card}));
    assert!(std::fs::read(&card).unwrap().starts_with(b"%PDF-"));
    let again = h.call("save_key_card", json!({"path": card})).unwrap_err();
    assert!(again["message"].as_str().unwrap().contains("already exists"), "{again}");
    h.ok("record_key_card_given", json!({"to": "PC 1234, Leeds"}));
    assert_eq!(h.ok("key_cards_given", json!({}))[0]["to"], "PC 1234, Leeds");

    let out = h.dir.path().join("pack.zip");
    h.ok("export_pack", json!({"options": {}, "path": out, "onProgress": CHANNEL}));
    let fp = saved["fingerprint"].as_str().unwrap();
    let checked = h.ok("verify_pack", json!({"path": out, "expectedFingerprint": fp, "witnesses": [code, " "]}));
    assert_eq!((&checked["report"]["verdict"], &checked["report"]["anchored"]), (&json!("valid"), &json!(true)));
    assert_eq!(checked["report"]["witnesses"][0]["outcome"], "matched");
    let bad = h.call("verify_pack", json!({"path": out, "witnesses": ["hello"]})).unwrap_err();
    assert!(bad["message"].as_str().unwrap().contains("starts with W-"), "{bad}");
}

/// The page's half of the sealed channel, played here in Rust (the app's page does the same
/// with WebCrypto, ui/src/lib/ipc/sealed.ts).
fn open_channel(h: &Harness) -> Channel {
    let page = Handshake::new(Side::Page);
    let shell_public = raw_response(h, "open_channel", page.public_key().to_vec()).unwrap();
    page.finish(&shell_public).unwrap()
}

fn raw_response(h: &Harness, cmd: &str, body: Vec<u8>) -> Result<Vec<u8>, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Raw(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    tauri::test::get_ipc_response(&h.window, request).map(|b| match b {
        InvokeResponseBody::Raw(bytes) => bytes,
        InvokeResponseBody::Json(json) => panic!("{cmd} answered JSON {json}"),
    })
}

/// One call through the channel: (request as it crossed IPC, answer as it crossed, result).
fn sealed(h: &Harness, channel: &Channel, cmd: &str, args: Value) -> (Vec<u8>, Vec<u8>, Result<Value, Value>) {
    let header = json!({ "cmd": cmd }).to_string();
    let body = args.to_string();
    let plain = [&(header.len() as u32).to_le_bytes()[..], header.as_bytes(), body.as_bytes()].concat();
    let request = channel.seal(&plain);
    let answer = raw_response(h, "sealed", request.clone()).unwrap_or_else(|e| panic!("sealed {cmd}: {e}"));
    let opened = channel.open(&answer).unwrap();
    let value = serde_json::from_slice::<Value>(&opened[1..]).unwrap();
    let result = if opened[0] == 2 { Err(value) } else { Ok(value) };
    (request, answer, result)
}

#[test]
fn every_call_travels_sealed_and_lock_leaves_only_ciphertext_nothing_can_open() {
    let h = harness(None);
    let channel = open_channel(&h);
    let (passphrase, marker) = ("kestrel lantern sealed passphrase", "Marker-sealed-heron-quay");
    let contains = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());

    let (req, _, created) = sealed(&h, &channel, "create_vault", json!({ "passphrase": passphrase }));
    assert!(created.is_ok(), "{created:?}");
    assert!(!contains(&req, passphrase));
    let mut fields = call_fields("At the bus stop");
    fields["narrative"] = json!(format!("He was waiting again. {marker}"));
    let (req, _, id) = sealed(&h, &channel, "add_entry", json!({ "fields": fields }));
    assert!(!contains(&req, marker));
    let (_, answer, entry) = sealed(&h, &channel, "get_entry", json!({ "id": id.unwrap() }));
    assert!(entry.unwrap().to_string().contains(marker));
    assert!(!contains(&answer, marker), "the answer crossed IPC in the clear");

    // Errors come back sealed too, as the command gave them.
    let (_, _, wrong) = sealed(&h, &channel, "get_entry", json!({ "id": 999 }));
    assert!(wrong.unwrap_err()["message"].is_string());

    // Lock drops the shell's half: what crossed before can no longer be opened by the shell,
    // and a call on the old channel is refused (the fresh page opens a new one).
    h.ok("lock", json!({}));
    let refused = raw_response(&h, "sealed", channel.seal(b"\x0b\x00\x00\x00{\"cmd\":\"x\"}")).unwrap_err();
    assert_eq!(refused["code"], "channel");
    let fresh = open_channel(&h);
    let (_, _, locked) = sealed(&h, &fresh, "list_entries", json!({ "filter": {} }));
    assert_eq!(locked.unwrap_err()["code"], "locked");
    let (_, _, unlocked) = sealed(&h, &fresh, "unlock", json!({ "passphrase": passphrase }));
    assert!(unlocked.is_ok(), "{unlocked:?}");

    // A ciphertext from the old channel does not open under the new one.
    let (old_request, _, _) = sealed(&h, &fresh, "app_status", json!({}));
    assert!(channel.open(&old_request).is_err());
}

#[test]
fn a_sealed_call_obeys_the_capability_like_any_other() {
    let h = harness(None);
    let channel = open_channel(&h);
    let header = json!({ "cmd": "plugin:fs|read_file" }).to_string();
    let plain = [&(header.len() as u32).to_le_bytes()[..], header.as_bytes(), b"{}"].concat();
    let answer = raw_response(&h, "sealed", channel.seal(&plain)).unwrap();
    let opened = channel.open(&answer).unwrap();
    assert_eq!(opened[0], 2, "a command outside the capability ran through the channel");
}

/// The re-key form asks for the passphrase the diary opens with, and the shell holds it to
/// that: a passphrase that is not the current one is refused before any new recovery key is
/// made or shown (was: the form said "or a new one", a key was shown, and only the re-key after
/// it failed). The re-key keeps the passphrase as it was.
#[test]
fn rekey_wants_the_current_passphrase_before_any_key_is_shown_and_keeps_it() {
    let h = harness(None);
    h.ok("create_vault", json!({"passphrase": "the passphrase it opens with"}));
    let id = h.ok("add_entry", json!({"fields": call_fields("Missed call")}));

    // A new passphrase, as the form used to invite: refused, no key made, nothing pending.
    let wrong = h.call("new_recovery_key", json!({"passphrase": "a brand new passphrase"})).unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase", "{wrong}");
    let none_pending = h.call("rekey", json!({"passphrase": "the passphrase it opens with"})).unwrap_err();
    assert!(none_pending["message"].as_str().unwrap().contains("show the new recovery key first"), "{none_pending}");

    // The current one: a key is shown, put in use, and the same passphrase still opens the diary.
    let key = h.ok("new_recovery_key", json!({"passphrase": "the passphrase it opens with"}));
    assert_eq!(key.as_str().unwrap().len(), 39);
    h.ok("rekey", json!({"passphrase": "the passphrase it opens with"}));
    h.ok("lock", json!({}));
    assert_eq!(
        h.call("unlock", json!({"passphrase": "a brand new passphrase"})).unwrap_err()["code"],
        "wrong_passphrase"
    );
    h.ok("unlock", json!({"passphrase": "the passphrase it opens with"}));
    assert_eq!(h.ok("get_entry", json!({"id": id}))["versions"][0]["fields"]["title"], "Missed call");
    h.ok("lock", json!({}));
    h.ok("unlock_with_recovery_key", json!({"recoveryKey": key}));
}

/// Launching Casebook again while an export runs (the single-instance plugin calls
/// `bring_back` in the first app): the window is shown and the export runs to its end, with
/// the diary still open afterwards (issue 14: the second launch must not disturb it).
#[test]
fn launching_again_during_an_export_lets_it_finish() {
    let h = harness(None);
    vault_with_a_large_exhibit(&h);
    let out = h.dir.path().join("pack.zip");
    let report = export_while(&h, &out, || casebook_app::single_instance::bring_back(h._app.handle()))
        .expect("the export finishes");
    assert!(out.exists(), "no pack after {report}");
    assert_eq!(h.ok("app_status", json!({}))["unlocked"], true);
    h.ok("list_entries", json!({"filter": {}}));
}

#[test]
fn case_details_changes_land_on_the_case_as_it_stands() {
    let h = harness(None);
    vault_with_a_case(&h);
    // An import (another writer) adds a number after Case details was opened...
    h.ok("add_identifiers", json!({"personId": 1, "identifiers": [{"kind": "phone", "value": "07700 900555"}]}));
    // ...and Case details sends only what it changed: it never saw that number, and keeps it.
    let changes = json!([
        {"change": "edit_person", "person_id": 1, "name": "Jon Doe", "relationship": "ex-partner", "description": null},
        {"change": "add_identifier", "person_id": 1, "identifier": {"kind": "email", "value": "jon@example.com"}},
        {"change": "remove_identifier", "person_id": 1, "identifier": {"kind": "phone", "value": "+44 7700 900123"}},
    ]);
    let case = h.ok("change_case", json!({"changes": changes}));
    let values: Vec<&str> =
        case["persons"][0]["identifiers"].as_array().unwrap().iter().map(|i| i["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["07700 900555", "jon@example.com"]);
    assert_eq!(case["persons"][0]["relationship"], "ex-partner");
    // One bad change and none of them happen.
    let bad = json!([{"change": "set_initials", "initials": "XY"}, {"change": "remove_person", "person_id": 1},
        {"change": "edit_person", "person_id": 1, "name": "Gone", "relationship": null, "description": null}]);
    assert!(h.call("change_case", json!({"changes": bad})).is_err());
    assert_eq!(h.ok("get_case", json!({}))["victim_initials"], "AB");
}

#[test]
fn the_person_page_and_the_pattern_come_from_core() {
    let h = harness(None);
    vault_with_a_case(&h);
    for (title, at) in [("First", "2026-03-01T21:14:00+00:00"), ("Second", "2026-03-24T08:00:00+00:00")] {
        let mut fields = call_fields(title);
        fields["person_id"] = json!(1);
        fields["channel"] = json!("phone");
        fields["occurred"]["start"] = json!(at);
        h.ok("add_entry", json!({"fields": fields}));
    }
    let page = h.ok("person_page", json!({"personId": 1}));
    assert_eq!((page["incidents"].as_u64(), page["identifiers"][0]["count"].as_u64()), (Some(2), Some(2)));
    let pattern = h.ok("pattern_summary", json!({"filter": {}}));
    assert_eq!(pattern["by_channel"], json!([["phone", 2]]));
    assert_eq!(pattern["longest_gap"]["days"], 23);
    assert_eq!(pattern["grid"][6][21], 1, "Sunday 21:00");
}

#[test]
fn effects_are_noted_listed_and_withdrawn_through_core_and_a_bad_one_refused_in_words() {
    let h = harness(None);
    vault_with_a_case(&h);
    let details = json!({"kind": "security", "from": "2026-02-06", "until": null, "description": "Fitted a camera"});
    assert_eq!(h.ok("note_effect", json!({"details": details})), json!(1));
    let backwards = json!({"kind": "moved_home", "from": "2026-02-06", "until": "2026-02-01", "description": "x"});
    let err = h.call("note_effect", json!({"details": backwards})).unwrap_err();
    assert!(err.get("code").is_none(), "no code: the UI shows the words: {err}");
    assert!(err["message"].as_str().unwrap().contains("before it began"), "{err}");
    h.ok("withdraw_effect", json!({"id": 1, "reason": "noted twice"}));
    let list = h.ok("list_effects", json!({}));
    assert_eq!(list[0]["details"]["description"], "Fitted a camera");
    assert_eq!(list[0]["withdrawn"]["reason"], "noted twice");
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn the_draft_statement_is_written_by_core_and_never_replaces_a_file() {
    let h = harness(None);
    vault_with_a_case(&h);
    h.ok("add_entry", json!({"fields": call_fields("Withheld call")}));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.docx");
    let report = h.ok("write_statement", json!({"options": {}, "path": path}));
    assert_eq!(report["entries"], 1);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "a .docx is a ZIP");
    let again = h.call("write_statement", json!({"options": {}, "path": path})).unwrap_err();
    assert!(again["message"].as_str().unwrap().contains("already exists"), "{again}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let empty = h.call("write_statement", json!({"options": {}, "path": ""})).unwrap_err();
    assert!(empty["message"].as_str().unwrap().contains("choose where"), "{empty}");
}

#[test]
fn an_order_and_a_breach_through_the_shell_with_core_refusing_a_breach_outside_it() {
    let h = harness(None);
    vault_with_a_case(&h);
    let before = call_fields("Call before the order");
    h.ok("add_entry", json!({"fields": before}));
    let mut after = call_fields("Call after service");
    after["occurred"]["start"] = json!("2026-02-10T21:00:00+00:00");
    let entry = h.ok("add_entry", json!({"fields": after}));
    let input = json!({"kind": "interim_spo", "court": "Anytown Magistrates' Court", "made_on": "2026-02-01",
        "served_on": null, "expires_on": null, "reference": "SPO/1",
        "terms": [{"id": null, "preset": "no_contact", "text": null}]});
    assert_eq!(h.ok("add_order", json!({"input": input})), json!(1));
    h.ok("serve_order", json!({"id": 1, "servedOn": "2026-02-03"}));
    let suggested = h.ok("breach_suggestions", json!({"entryId": entry}));
    assert_eq!(suggested[0]["term_id"], 1, "{suggested}");
    let mark =
        json!({"entry_id": entry, "order_id": 1, "term_ids": [1], "reported": true, "police_reference": "CAD 1"});
    h.ok("mark_breach", json!({"input": mark}));
    assert_eq!(h.ok("entry_breaches", json!({"entryId": entry}))[0]["service"], "after_service");
    // The first call (1 March 2026 in call_fields) is after the order too; one dated before it is refused.
    let mut early = call_fields("Call in January");
    early["occurred"]["start"] = json!("2026-01-10T21:00:00+00:00");
    let early = h.ok("add_entry", json!({"fields": early}));
    let refused =
        json!({"entry_id": early, "order_id": 1, "term_ids": [1], "reported": false, "police_reference": null});
    let err = h.call("mark_breach", json!({"input": refused})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("order 1 was made on 2026-02-01, after 2026-01-10"), "{err}");
    assert_eq!(h.ok("list_orders", json!({}))[0]["served"]["on"], "2026-02-03");
    h.ok("unmark_breach", json!({"entryId": entry, "orderId": 1}));
    assert_eq!(h.ok("entry_breaches", json!({"entryId": entry})), json!([]));
}

#[test]
fn an_order_is_varied_and_discharged_through_the_shell_with_core_refusing_bad_dates() {
    let h = harness(None);
    vault_with_a_case(&h);
    let input = json!({"kind": "interim_spo", "court": "Anytown Magistrates' Court", "made_on": "2026-02-01",
        "served_on": null, "expires_on": null, "reference": "SPO/1",
        "terms": [{"id": null, "preset": "no_contact", "text": null}, {"id": null, "preset": null, "text": "Not to go to the school"}]});
    h.ok("add_order", json!({"input": input}));
    let mut varied = input.clone();
    varied["terms"] =
        json!([{"id": 1, "preset": null, "text": null}, {"id": null, "preset": null, "text": "Not to go to the park"}]);
    let early = json!({"id": 1, "variedOn": "2026-01-05", "reason": "typed wrong", "input": varied});
    let err = h.call("vary_order", early).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("before it was made (2026-02-01)"), "{err}");
    h.ok("vary_order", json!({"id": 1, "variedOn": "2026-03-02", "reason": "At the hearing", "input": varied}));
    let order = &h.ok("list_orders", json!({}))[0];
    let now = &order["versions"][1];
    assert_eq!((now["from"].as_str(), now["reason"].as_str()), (Some("2026-03-02"), Some("At the hearing")));
    let ids: Vec<_> = now["details"]["terms"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(3)], "kept term 1; term 2 removed; the new one is 3, never 2 again");
    let blank = h.call("discharge_order", json!({"id": 1, "dischargedOn": "2026-04-01", "reason": " "})).unwrap_err();
    assert!(blank.get("code").is_none(), "no code: the UI shows the words: {blank}");
    h.ok("discharge_order", json!({"id": 1, "dischargedOn": "2026-04-01", "reason": "Discharged on appeal"}));
    assert_eq!(h.ok("list_orders", json!({}))[0]["discharged"]["reason"], "Discharged on appeal");
    let again = json!({"id": 1, "variedOn": "2026-04-02", "reason": "after", "input": varied});
    let err = h.call("vary_order", again).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("was discharged"), "{err}");
}
