//! Copies of photos without their metadata, for advocate packs that leave out where a photo
//! was taken. The picture data is copied byte for byte; only metadata segments are dropped:
//!
//! - JPEG: every APP1 segment (EXIF, which holds GPS, and XMP) and APP13 (Photoshop/IPTC).
//! - PNG: `eXIf` and the text chunks (`tEXt`, `zTXt`, `iTXt`), where XMP and raw EXIF live.
//!
//! Anything that does not parse cleanly is refused rather than copied half-cleaned.

/// File types this module can clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
}

/// Which kind of file a media type is, if it can be cleaned.
pub(crate) fn kind_of(media_type: &str) -> Option<Kind> {
    match media_type {
        "image/jpeg" => Some(Kind::Jpeg),
        "image/png" => Some(Kind::Png),
        _ => None,
    }
}

/// The file without its metadata segments, or `None` if it does not parse.
pub(crate) fn strip(kind: Kind, bytes: &[u8]) -> Option<Vec<u8>> {
    match kind {
        Kind::Jpeg => strip_jpeg(bytes),
        Kind::Png => strip_png(bytes),
    }
}

fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut i = 2;
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        if *b.get(i)? != 0xFF {
            return None;
        }
        while *b.get(i + 1)? == 0xFF {
            i += 1;
        }
        let marker = *b.get(i + 1)?;
        match marker {
            // Standalone markers without a length.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                i += 2;
            }
            0xD9 => {
                out.extend_from_slice(&b[i..]);
                return Some(out);
            }
            _ => {
                let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
                if len < 2 {
                    return None;
                }
                let end = i.checked_add(2 + len)?;
                if end > b.len() {
                    return None;
                }
                if marker != 0xE1 && marker != 0xED {
                    out.extend_from_slice(&b[i..end]);
                }
                i = end;
                if marker == 0xDA {
                    // Start of scan: the rest is entropy-coded picture data (and any later
                    // scans); copied as it is.
                    out.extend_from_slice(&b[i..]);
                    return Some(out);
                }
            }
        }
    }
}

fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !b.starts_with(SIG) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(SIG);
    let mut i = SIG.len();
    while i < b.len() {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = b.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        if end > b.len() {
            return None;
        }
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt") {
            out.extend_from_slice(&b[i..end]);
        }
        i = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_app1_is_dropped_and_the_rest_kept() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend([0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB]); // APP0 kept
        jpeg.extend([0xFF, 0xE1, 0x00, 0x06, b'E', b'x', b'i', b'f']); // APP1 dropped
        jpeg.extend([0xFF, 0xDA, 0x00, 0x03, 0x01, 0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9]);
        let out = strip(Kind::Jpeg, &jpeg).unwrap_or_default();
        let mut want = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB];
        want.extend([0xFF, 0xDA, 0x00, 0x03, 0x01, 0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9]);
        assert_eq!(out, want);
    }

    #[test]
    fn truncated_or_foreign_input_is_refused_not_half_copied() {
        assert_eq!(strip(Kind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40, 1, 2]), None);
        assert_eq!(strip(Kind::Jpeg, b"GIF89a"), None);
        assert_eq!(strip(Kind::Png, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x10IHDR"), None);
    }

    #[test]
    fn png_text_and_exif_chunks_are_dropped() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(data);
            c.extend([0, 0, 0, 0]);
            c
        };
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"eXIf", b"MM\x00*"));
        png.extend(chunk(b"iTXt", b"XML:com.adobe.xmp"));
        png.extend(chunk(b"IDAT", &[1, 2, 3]));
        png.extend(chunk(b"IEND", &[]));
        let out = strip(Kind::Png, &png).unwrap_or_default();
        let mut want = b"\x89PNG\r\n\x1a\n".to_vec();
        want.extend(chunk(b"IHDR", &[0; 13]));
        want.extend(chunk(b"IDAT", &[1, 2, 3]));
        want.extend(chunk(b"IEND", &[]));
        assert_eq!(out, want);
    }
}
