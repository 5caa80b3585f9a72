//! The shell's commands driven through Tauri's mock runtime (no display): the same IPC path,
//! capabilities and serialisation the webview uses, with the page origin `tauri://localhost`.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::time::Duration;

use casebook_app::state::AppState;
use casebook_core::KdfPolicy;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness(auto_lock: Option<Duration>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(dir.path().join("vault.casebook"), KdfPolicy::InsecureTestOnly, auto_lock);
    let app = casebook_app::configure(mock_builder(), state).build(tauri::generate_context!()).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { _dir: dir, _app: app, window }
}

impl Harness {
    fn call_with(&self, cmd: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.window,
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

#[test]
fn errors_cross_as_code_and_message_and_codes_only_where_the_ui_branches() {
    let h = harness(None);
    let no_vault = h.call("unlock", json!({"passphrase": "x"})).unwrap_err();
    assert_eq!(no_vault["code"], "no_vault");
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
fn a_command_not_in_the_capability_is_refused() {
    let h = harness(None);
    let err = h.call("plugin:dialog|open", json!({"options": {}})).unwrap_err();
    assert!(err.to_string().contains("not allowed") || err.to_string().contains("denied"), "{err}");
}
