//! The media type comes from the bytes, never from the name a stalker (or a phone) gave.

/// Sniffs a media type from the first bytes of a file.
pub(crate) fn media_type(head: &[u8]) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_owned();
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    if text.trim_start().starts_with("<svg") || (text.trim_start().starts_with("<?xml") && text.contains("<svg")) {
        // Never decoded or shown inline: SVG can carry script.
        return "image/svg+xml".to_owned();
    }
    // A chunk boundary may split a character: an incomplete sequence at the end is fine.
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if !head.is_empty() && utf8 && !head.contains(&0) {
        return "text/plain".to_owned();
    }
    "application/octet-stream".to_owned()
}

/// Whether we decode this type for a thumbnail.
pub(crate) fn is_raster_image(media_type: &str) -> bool {
    matches!(
        media_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/bmp" | "image/tiff" | "image/heif"
    )
}
