//! HEIC/HEIF photos (an iPhone's default) through libheif: their size read from the container
//! before anything is decoded, then decoded to pixels for a thumbnail or a full-size view.
//!
//! The webview cannot show HEIC, so the full-size view is a JPEG made in memory from the
//! original each time it is asked for; the original itself stays byte-exact in the vault.
//!
//! The binding is `libheif-rs` 0.19, the last line that builds against Debian 12's libheif
//! 1.15 (1.0 and later need libheif 1.17's API; its `embedded-libheif` would compile libheif's
//! C++ in every cold build and still link the system's codecs). What is used here (read a
//! context from bytes, the primary image's size, decode to 8-bit RGB) is the API that has not
//! changed since; docs/ARCHITECTURE.md says so.
//!
//! Windows builds have no libheif (a system C library the cross-build cannot link): there a
//! HEIC photo is kept byte-exact like any file, recognised as one, and gets no thumbnail or
//! full-size view ([`dimensions`] says why). docs/ARCHITECTURE.md lists the gap.

use image::DynamicImage;
#[cfg(not(windows))]
use image::RgbImage;
#[cfg(not(windows))]
use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};
use zeroize::Zeroizing;

use super::MAX_PREVIEW_SOURCE_BYTES;
use super::image::within_limits;
use crate::error::Result;
use crate::vault::Vault;

/// Whether these bytes are a HEIC/HEIF image (the sniffed `image/heif`).
pub(crate) fn is_heif(media_type: &str) -> bool {
    media_type == "image/heif"
}

/// The primary image's size as shown (after rotation) and as coded (its `ispe` property), read
/// from the container without decoding any pixels. Both are checked: a rotation must not hide
/// a bomb behind a small stated size.
pub(crate) struct Stated {
    pub shown: (u32, u32),
    pub coded: (u32, u32),
}

impl Stated {
    pub fn within_limits(&self) -> bool {
        within_limits(self.shown.0, self.shown.1) && within_limits(self.coded.0, self.coded.1)
    }
}

/// Reads the stated sizes.
#[cfg(not(windows))]
pub(crate) fn dimensions(bytes: &[u8]) -> std::result::Result<Stated, String> {
    let ctx = HeifContext::read_from_bytes(bytes).map_err(|e| e.to_string())?;
    let handle = ctx.primary_image_handle().map_err(|e| e.to_string())?;
    let coded = (handle.ispe_width().max(0) as u32, handle.ispe_height().max(0) as u32);
    Ok(Stated { shown: (handle.width(), handle.height()), coded })
}

/// Windows builds have no libheif: a HEIC photo gets no preview (see the module's comment).
#[cfg(windows)]
pub(crate) fn dimensions(_bytes: &[u8]) -> std::result::Result<Stated, String> {
    Err(NO_LIBHEIF.to_owned())
}

#[cfg(windows)]
const NO_LIBHEIF: &str = "this Windows build of Casebook cannot read HEIC photos (no libheif); the original is kept";

/// Decodes the primary image to 8-bit RGB (rotation and mirroring applied), only after its
/// stated size is checked against the same limits as every other image.
pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<DynamicImage, String> {
    let stated = dimensions(bytes)?;
    if !stated.within_limits() {
        let ((w, h), (cw, ch)) = (stated.shown, stated.coded);
        return Err(format!("it says it is {w}×{h} pixels (coded {cw}×{ch}), beyond the preview limit"));
    }
    decode_checked(bytes)
}

#[cfg(windows)]
fn decode_checked(_bytes: &[u8]) -> std::result::Result<DynamicImage, String> {
    Err(NO_LIBHEIF.to_owned())
}

#[cfg(not(windows))]
fn decode_checked(bytes: &[u8]) -> std::result::Result<DynamicImage, String> {
    let ctx = HeifContext::read_from_bytes(bytes).map_err(|e| e.to_string())?;
    let handle = ctx.primary_image_handle().map_err(|e| e.to_string())?;
    let lib = LibHeif::new();
    let image = lib.decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None).map_err(|e| e.to_string())?;
    let plane = image.planes().interleaved.ok_or("libheif gave no RGB plane")?;
    let (w, h, stride) = (plane.width, plane.height, plane.stride);
    if !within_limits(w, h) {
        return Err(format!("it decoded to {w}×{h} pixels, beyond the preview limit"));
    }
    let row = w as usize * 3;
    let mut rgb = Vec::with_capacity(row * h as usize);
    for y in 0..h as usize {
        let line = plane.data.get(y * stride..y * stride + row).ok_or("libheif's RGB plane is shorter than stated")?;
        rgb.extend_from_slice(line);
    }
    RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8).ok_or_else(|| "the RGB plane does not fit".into())
}

impl Vault {
    /// A full-size JPEG of a HEIC/HEIF attachment, made in memory for the webview (which cannot
    /// show HEIC), or `None` if it is not one, is larger than the preview limit, or cannot be
    /// decoded. The original is not changed.
    pub fn heif_full_size(&self, id: i64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let info = self.attachment(id)?;
        if !is_heif(&info.meta.media_type) || info.meta.size > MAX_PREVIEW_SOURCE_BYTES {
            return Ok(None);
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(info.meta.size as usize));
        self.read_attachment(id, &mut *bytes)?;
        let Ok(img) = decode(&bytes) else { return Ok(None) };
        let (w, h) = (img.width(), img.height());
        let rgb = Zeroizing::new(img.into_rgb8().into_raw());
        let mut out = Zeroizing::new(Vec::new());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut *out, 90)
            .encode(&rgb, w, h, image::ExtendedColorType::Rgb8)
            .map_err(|e| crate::error::VaultError::InvalidInput(format!("attachment {id}: {e}")))?;
        Ok(Some(out))
    }
}
