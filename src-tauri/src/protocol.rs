//! `casebook://` serves decrypted thumbnails and image originals straight from memory, so no
//! plaintext ever touches the disk (no cache: `no-store`, and the webview is incognito).
//!
//! `casebook://localhost/thumb/{id}`: the sealed JPEG thumbnail.
//! `casebook://localhost/original/{id}`: the original, only for raster image types; SVG and
//! everything else is refused (they are downloads, never rendered).

use std::borrow::Cow;

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext};

use crate::state::AppState;

/// Largest original served for a full-size view.
const MAX_INLINE_BYTES: u64 = 64 * 1024 * 1024;

/// Handles one request.
pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    let state = ctx.app_handle().state::<AppState>();
    let mut parts = request.uri().path().trim_start_matches('/').splitn(2, '/');
    let (kind, id) = (parts.next().unwrap_or_default(), parts.next().and_then(|s| s.parse::<i64>().ok()));
    let Some(id) = id else { return status(StatusCode::NOT_FOUND) };
    let result = state.with_vault(|v| match kind {
        "thumb" => Ok(v.thumbnail(id)?.map(|t| ("image/jpeg".to_owned(), t.to_vec()))),
        "original" => {
            let info = v.attachment(id)?;
            let raster = matches!(
                info.meta.media_type.as_str(),
                "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/bmp"
            );
            if !raster || info.meta.size > MAX_INLINE_BYTES {
                return Ok(None);
            }
            let mut bytes = Vec::with_capacity(info.meta.size as usize);
            v.read_attachment(id, &mut bytes)?;
            Ok(Some((info.meta.media_type, bytes)))
        }
        _ => Ok(None),
    });
    match result {
        Ok(Some((media_type, body))) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, media_type)
            .header(header::CACHE_CONTROL, "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'")
            .body(Cow::Owned(body))
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Ok(None) => status(StatusCode::NOT_FOUND),
        Err(e) if e.code.as_deref() == Some("locked") => status(StatusCode::FORBIDDEN),
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

fn status(code: StatusCode) -> Response<Cow<'static, [u8]>> {
    let mut response = Response::new(Cow::Borrowed(&[][..]));
    *response.status_mut() = code;
    response
}
