//! `casebook://` serves decrypted thumbnails, image originals and media straight from memory, so
//! no plaintext ever touches the disk (no cache: `no-store`, and the webview is incognito).
//!
//! `casebook://localhost/thumb/{id}`: the sealed JPEG thumbnail.
//! `casebook://localhost/original/{id}`: the original, only for raster image types; SVG and
//! everything else is refused (they are downloads, never rendered). A HEIC/HEIF photo, which
//! the webview cannot show, is answered with a full-size JPEG made in memory from it.
//! `casebook://localhost/media/{id}`: audio or video for the player, one byte range at a time
//! (HTTP range requests, answered by core's `range::plan` and `read_attachment_range`): only the
//! chunks a range touches are decrypted, and one answer is at most a few MiB, so a 2 GiB video
//! plays without a 2 GiB buffer.

use std::borrow::Cow;

use casebook_core::attachments::playable_type;
use casebook_core::attachments::range::{self, Answer};
use tauri::http::{HeaderValue, Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext};

use crate::state::AppState;

/// Largest original served for a full-size view.
const MAX_INLINE_BYTES: u64 = 64 * 1024 * 1024;

/// What one request is answered with.
enum Reply {
    /// 200 with the whole body.
    Whole { media_type: String, body: Vec<u8> },
    /// 206 with one range of a file of `size` bytes.
    Partial { media_type: String, body: Vec<u8>, content_range: String },
    /// 416: the range asked for cannot be served from a file of this size.
    Unsatisfiable { size: u64 },
    /// Nothing to serve (unknown, purged, or not a type shown inline).
    NotFound,
}

/// The app's own page, the one origin allowed to fetch media from here (WebKitGTK's player
/// cannot read this scheme, so the page fetches the ranges itself: ui/src/lib/ipc/media.ts).
/// `tauri://localhost` on Linux and macOS, `http://tauri.localhost` on Windows.
const APP_ORIGINS: [&str; 2] = ["tauri://localhost", "http://tauri.localhost"];

/// Handles one request.
pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    let origin = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let allowed_origin = origin.filter(|o| APP_ORIGINS.contains(&o.as_str()));
    let mut response = answer(ctx, &request);
    // Cross-origin reads (the page is tauri://, this is casebook://) only for the app's page.
    if let Some(origin) = allowed_origin {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET"));
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("Range"));
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("Content-Range, Accept-Ranges"),
            );
            headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
    }
    response
}

fn answer<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: &Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    if request.method() == tauri::http::Method::OPTIONS {
        // A CORS preflight (the Range header): answered with the headers above, no body.
        return status(StatusCode::NO_CONTENT);
    }
    let state = ctx.app_handle().state::<AppState>();
    let mut parts = request.uri().path().trim_start_matches('/').splitn(2, '/');
    let (kind, id) = (parts.next().unwrap_or_default(), parts.next().and_then(|s| s.parse::<i64>().ok()));
    let Some(id) = id else { return status(StatusCode::NOT_FOUND) };
    // A header that is not text is no range we understand: answered 416 like any other.
    let range_header = request.headers().get(header::RANGE).map(|h| h.to_str().unwrap_or("\u{0}"));
    let result = state.with_vault(|v| match kind {
        "thumb" => Ok(v
            .thumbnail(id)?
            .map_or(Reply::NotFound, |t| Reply::Whole { media_type: "image/jpeg".to_owned(), body: t.to_vec() })),
        "original" => {
            let info = v.attachment(id)?;
            if info.meta.media_type == "image/heif" {
                // The webview cannot show HEIC: a JPEG made in memory from the original.
                return Ok(v.heif_full_size(id)?.map_or(Reply::NotFound, |mut jpeg| Reply::Whole {
                    media_type: "image/jpeg".to_owned(),
                    body: std::mem::take(&mut *jpeg),
                }));
            }
            let raster = matches!(
                info.meta.media_type.as_str(),
                "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/bmp"
            );
            if !raster || info.meta.size > MAX_INLINE_BYTES {
                return Ok(Reply::NotFound);
            }
            let mut bytes = Vec::with_capacity(info.meta.size as usize);
            v.read_attachment(id, &mut bytes)?;
            Ok(Reply::Whole { media_type: info.meta.media_type, body: bytes })
        }
        "media" => {
            let info = v.attachment(id)?;
            let Some(media_type) = playable_type(&info.meta.media_type) else { return Ok(Reply::NotFound) };
            let size = info.meta.size;
            let answer = match range::plan(range_header, size) {
                Ok(answer) => answer,
                Err(_) => return Ok(Reply::Unsatisfiable { size }),
            };
            let span = answer.span();
            let mut plain = v.read_attachment_range(id, span.start, span.len)?;
            // Moved, not copied: the one buffer is wiped when the webview's copy is freed
            // (the app's allocator zeroes every freed block).
            let body = std::mem::take(&mut *plain);
            let media_type = media_type.to_owned();
            Ok(match answer {
                Answer::Whole(_) => Reply::Whole { media_type, body },
                Answer::Partial(span) => Reply::Partial { media_type, body, content_range: span.content_range(size) },
            })
        }
        _ => Ok(Reply::NotFound),
    });
    let ranged = kind == "media";
    match result {
        Ok(Reply::Whole { media_type, body }) => respond(StatusCode::OK, &media_type, None, ranged, body),
        Ok(Reply::Partial { media_type, body, content_range }) => {
            respond(StatusCode::PARTIAL_CONTENT, &media_type, Some(content_range), ranged, body)
        }
        Ok(Reply::Unsatisfiable { size }) => {
            let mut response = status(StatusCode::RANGE_NOT_SATISFIABLE);
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            response
        }
        Ok(Reply::NotFound) => status(StatusCode::NOT_FOUND),
        Err(e) if e.code == Some(crate::error::ErrorCode::Locked) => status(StatusCode::FORBIDDEN),
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

fn respond(
    code: StatusCode,
    media_type: &str,
    content_range: Option<String>,
    ranged: bool,
    body: Vec<u8>,
) -> Response<Cow<'static, [u8]>> {
    let mut builder = Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, media_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'");
    if ranged {
        builder = builder.header(header::ACCEPT_RANGES, "bytes");
    }
    if let Some(content_range) = content_range {
        builder = builder.header(header::CONTENT_RANGE, content_range);
    }
    builder.body(Cow::Owned(body)).unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn status(code: StatusCode) -> Response<Cow<'static, [u8]>> {
    let mut response = Response::new(Cow::Borrowed(&[][..]));
    *response.status_mut() = code;
    response
}
