//! The page's calls, sealed end to end (issue 17, "Lock means gone").
//!
//! WebKit keeps its own copies of IPC request and response bodies in the app process (C heap,
//! its own allocator), out of reach of Casebook's zeroing allocator; after Lock they still held
//! the passphrase and the last entry shown. So the page opens a [`Channel`] with the shell
//! when it loads (`open_channel`, ECDH: only public keys cross) and sends every other call as
//! one opaque `sealed` body; the shell opens it, runs the named command exactly as if the page
//! had called it (same handler, same capability checks), and seals the answer. What WebKit
//! keeps is ciphertext. Lock drops the shell's half of the channel (AppState::lock_now) and
//! ends the web process holding the other, so nothing can open those copies any more.
//!
//! A sealed request's plaintext: `header length (u32 LE) ‖ header JSON ‖ body`, the header
//! `{"cmd", "headers", "raw"}`, the body the command's JSON arguments, or its raw bytes when
//! `raw` (an attachment). A sealed answer's plaintext: one tag byte, then the JSON answer
//! ([`TAG_JSON`]), raw bytes ([`TAG_RAW`]) or the JSON error ([`TAG_ERROR`]).
//! ui/src/lib/ipc/sealed.ts is the page's half of both.

use std::collections::BTreeMap;

use casebook_crypto::channel::{Channel, Handshake, Side};
use serde::Deserialize;
use tauri::http::{HeaderMap, HeaderName, HeaderValue};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponse, InvokeResponseBody, Response};
use tauri::webview::InvokeRequest;
use tauri::{Manager, Runtime, Webview};
use zeroize::Zeroizing;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Commands the page calls in the clear: the handshake and the envelope themselves, and the
/// two that lock (they must work whatever state the channel is in, and carry nothing).
pub const UNSEALED: &[&str] = &["open_channel", "sealed", "lock", "quick_exit"];

/// Answer tags (first plaintext byte of a sealed answer).
pub const TAG_JSON: u8 = 0;
/// The answer is raw bytes.
pub const TAG_RAW: u8 = 1;
/// The command failed; the rest is its JSON error (`{code, message}`).
pub const TAG_ERROR: u8 = 2;

/// A command call taken out of its envelope.
#[derive(Debug)]
pub struct Call {
    /// The command's name.
    pub cmd: String,
    /// Headers the page set (raw-body commands read their options there).
    pub headers: HeaderMap,
    /// Its arguments.
    pub body: InvokeBody,
}

#[derive(Deserialize)]
struct Header {
    cmd: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    raw: bool,
}

fn bad(what: &str) -> IpcError {
    IpcError::channel(format!("A sealed call was malformed ({what})."))
}

/// The call inside an opened request.
pub fn parse_call(plain: &[u8]) -> IpcResult<Call> {
    let (len, rest) = plain.split_at_checked(4).ok_or_else(|| bad("too short"))?;
    let len = u32::from_le_bytes(len.try_into().map_err(|_| bad("too short"))?) as usize;
    let (header, body) = rest.split_at_checked(len).ok_or_else(|| bad("header past the end"))?;
    let header: Header = serde_json::from_slice(header).map_err(|_| bad("header"))?;
    if matches!(header.cmd.as_str(), "open_channel" | "sealed") {
        return Err(bad("a channel command inside the channel"));
    }
    let mut headers = HeaderMap::new();
    for (name, value) in &header.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad("header name"))?;
        let value = HeaderValue::from_str(value).map_err(|_| bad("header value"))?;
        headers.insert(name, value);
    }
    let body = if header.raw {
        InvokeBody::Raw(body.to_vec())
    } else if body.is_empty() {
        InvokeBody::Json(serde_json::Value::Object(Default::default()))
    } else {
        InvokeBody::Json(serde_json::from_slice(body).map_err(|_| bad("arguments"))?)
    };
    Ok(Call { cmd: header.cmd, headers, body })
}

/// The plaintext of a sealed answer.
pub fn encode_answer(response: InvokeResponse) -> Zeroizing<Vec<u8>> {
    let (tag, bytes) = match response {
        InvokeResponse::Ok(InvokeResponseBody::Json(json)) => (TAG_JSON, json.into_bytes()),
        InvokeResponse::Ok(InvokeResponseBody::Raw(raw)) => (TAG_RAW, raw),
        InvokeResponse::Err(error) => (TAG_ERROR, serde_json::to_vec(&error.0).unwrap_or_default()),
    };
    let bytes = Zeroizing::new(bytes);
    let mut out = Zeroizing::new(Vec::with_capacity(1 + bytes.len()));
    out.push(tag);
    out.extend_from_slice(&bytes);
    out
}

/// Agrees a channel with the page, replacing any earlier one (a reloaded page makes a new
/// one); answers with the shell's public key.
pub fn open_channel(state: &AppState, page_public: &InvokeBody) -> IpcResult<Response> {
    let InvokeBody::Raw(page_public) = page_public else {
        return Err(IpcError::channel("The page's channel key must be raw bytes."));
    };
    let handshake = Handshake::new(Side::Shell);
    let public = handshake.public_key();
    let channel = handshake.finish(page_public).map_err(|e| IpcError::channel(e.to_string()))?;
    state.set_channel(channel);
    Ok(Response::new(public.to_vec()))
}

/// Opens a sealed call, runs it as the page's own call would run, and seals the answer.
pub async fn call<R: Runtime>(state: &AppState, webview: Webview<R>, sealed: &InvokeBody) -> IpcResult<Response> {
    let InvokeBody::Raw(sealed) = sealed else {
        return Err(bad("not raw bytes"));
    };
    let call = with_channel(state, |c| c.open(sealed).map_err(|_| bad("does not open")))
        .and_then(|plain| parse_call(&plain))?;
    let request = InvokeRequest {
        cmd: call.cmd,
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: webview.url().map_err(|e| IpcError::plain(e.to_string()))?,
        body: call.body,
        headers: call.headers,
        invoke_key: webview.app_handle().invoke_key().to_owned(),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    webview.on_message(
        request,
        Box::new(move |_, _, response, _, _| {
            let _ = tx.send(response);
        }),
    );
    // Synchronous commands have answered already; asynchronous ones answer from a task.
    let response = tauri::async_runtime::spawn_blocking(move || rx.recv())
        .await
        .map_err(|e| IpcError::plain(e.to_string()))?
        .map_err(|_| IpcError::plain("The command gave no answer."))?;
    let plain = encode_answer(response);
    with_channel(state, |c| Ok(Response::new(c.seal(&plain))))
}

/// Runs `f` with the page's channel; `channel` error when there is none (none opened yet, or
/// Casebook locked since: the page opens a new one and tries again).
fn with_channel<T>(state: &AppState, f: impl FnOnce(&Channel) -> IpcResult<T>) -> IpcResult<T> {
    state.with_channel(|channel| f(channel.ok_or_else(|| IpcError::channel("No sealed channel is open."))?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn envelope(header: &str, body: &[u8]) -> Vec<u8> {
        [&(header.len() as u32).to_le_bytes()[..], header.as_bytes(), body].concat()
    }

    #[test]
    fn a_json_call_comes_out_with_its_arguments() {
        let call = parse_call(&envelope(r#"{"cmd":"get_entry"}"#, br#"{"id":7}"#)).unwrap();
        assert_eq!(call.cmd, "get_entry");
        assert!(matches!(call.body, InvokeBody::Json(v) if v == serde_json::json!({"id": 7})));
        let call = parse_call(&envelope(r#"{"cmd":"app_status"}"#, b"")).unwrap();
        assert!(matches!(call.body, InvokeBody::Json(v) if v == serde_json::json!({})));
    }

    #[test]
    fn a_raw_call_keeps_its_bytes_and_headers() {
        let call =
            parse_call(&envelope(r#"{"cmd":"attach_bytes","raw":true,"headers":{"x-entry-id":"3"}}"#, &[0, 255, 7]))
                .unwrap();
        assert!(matches!(call.body, InvokeBody::Raw(ref b) if b == &[0, 255, 7]));
        assert_eq!(call.headers.get("x-entry-id").unwrap(), "3");
    }

    #[test]
    fn malformed_envelopes_and_nested_channel_calls_are_refused() {
        for plain in [
            &b"\x01"[..],
            &envelope(r#"{"cmd":"x"}"#, b"")[..3],
            &[255, 0, 0, 0, b'{'][..],
            &envelope("not json", b"")[..],
            &envelope(r#"{"cmd":"x"}"#, b"not json")[..],
            &envelope(r#"{"cmd":"sealed"}"#, b"")[..],
            &envelope(r#"{"cmd":"open_channel"}"#, b"")[..],
        ] {
            assert_eq!(parse_call(plain).unwrap_err().code, Some(crate::error::ErrorCode::Channel), "{plain:?}");
        }
    }

    #[test]
    fn answers_are_tagged() {
        let ok = encode_answer(InvokeResponse::Ok(InvokeResponseBody::Json(r#"{"a":1}"#.into())));
        assert_eq!(&ok[..], b"\x00{\"a\":1}");
        let raw = encode_answer(InvokeResponse::Ok(InvokeResponseBody::Raw(vec![9, 8])));
        assert_eq!(&raw[..], &[TAG_RAW, 9, 8]);
        let err = encode_answer(InvokeResponse::Err(tauri::ipc::InvokeError(serde_json::json!({"code": "locked"}))));
        assert_eq!(&err[..], b"\x02{\"code\":\"locked\"}");
    }
}
