//! Image facts, EXIF and thumbnails, without ever trusting the file.
//!
//! Dimensions are read from the header and checked before any decoding (a PNG claiming
//! 65535×65535 is refused in well under a millisecond); decoding then runs under
//! `image::Limits`. Whatever fails, the original is still stored: only the preview is lost,
//! and a note says why.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::heif;
use crate::ledger::{ExifSummary, ImageInfo};

/// Longest side of a stored thumbnail.
pub(crate) const THUMBNAIL_MAX_SIDE: u32 = 512;
/// Widest or tallest image we decode.
const MAX_SIDE: u32 = 20_000;
/// Most pixels we decode (a 100-megapixel photo).
const MAX_PIXELS: u64 = 100_000_000;
/// Most memory the decoder may allocate.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What looking at an image found.
#[derive(Debug, Default)]
pub(crate) struct Inspected {
    pub info: Option<ImageInfo>,
    /// JPEG bytes, at most 512 px on the longest side.
    pub thumbnail: Option<Vec<u8>>,
    pub note: Option<String>,
}

impl Inspected {
    pub fn note(text: &str) -> Self {
        Self { note: Some(text.to_owned()), ..Self::default() }
    }
}

/// Reads dimensions and EXIF, and makes a thumbnail if the image is sane.
pub(crate) fn inspect(bytes: &[u8], media_type: &str) -> Inspected {
    let exif = read_exif(bytes);
    let heif = heif::is_heif(media_type);
    // HEIC: the coded size must be within the limits too (a rotation could hide it).
    let (dims, coded_ok) = if heif {
        match heif::dimensions(bytes) {
            Ok(stated) => (Some(stated.shown), stated.within_limits()),
            // Windows builds cannot read HEIC at all: say that, not that the header is bad.
            #[cfg(windows)]
            Err(why) => {
                let info = exif.map(|e| ImageInfo { width: 0, height: 0, exif: Some(e) });
                return Inspected { info, thumbnail: None, note: Some(format!("{why}; stored without a thumbnail")) };
            }
            #[cfg(not(windows))]
            Err(_) => (None, false),
        }
    } else {
        let dims =
            ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok().and_then(|r| r.into_dimensions().ok());
        (dims, true)
    };
    let Some((width, height)) = dims else {
        return Inspected {
            info: exif.map(|e| ImageInfo { width: 0, height: 0, exif: Some(e) }),
            thumbnail: None,
            note: Some("the image header could not be read; stored without a thumbnail".into()),
        };
    };
    let info = ImageInfo { width, height, exif };
    if !within_limits(width, height) || !coded_ok {
        return Inspected {
            info: Some(info),
            thumbnail: None,
            note: Some(format!(
                "the image says it is {width}×{height} pixels, beyond the preview limit; stored without a thumbnail"
            )),
        };
    }
    let decoded = if heif { heif::decode(bytes) } else { decode(bytes) };
    match decoded.and_then(small_jpeg) {
        Ok(jpeg) => Inspected { info: Some(info), thumbnail: Some(jpeg), note: None },
        Err(reason) => Inspected {
            info: Some(info),
            thumbnail: None,
            note: Some(format!("the image could not be decoded ({reason}); stored without a thumbnail")),
        },
    }
}

/// Whether an image of this size may be decoded (the same limits for every format).
pub(crate) fn within_limits(width: u32, height: u32) -> bool {
    width <= MAX_SIDE && height <= MAX_SIDE && u64::from(width) * u64::from(height) <= MAX_PIXELS
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// A JPEG at most [`THUMBNAIL_MAX_SIDE`] on its longest side.
fn small_jpeg(img: DynamicImage) -> Result<Vec<u8>, String> {
    small_jpeg_within(img, THUMBNAIL_MAX_SIDE).map(|(jpeg, ..)| jpeg)
}

/// A JPEG at most `side` on its longest side, with its width and height.
fn small_jpeg_within(img: DynamicImage, side: u32) -> Result<(Vec<u8>, u32, u32), String> {
    let small = img.thumbnail(side, side).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| e.to_string())?;
    Ok((out, small.width(), small.height()))
}

/// A small upright JPEG of a picture (JPEG, PNG, GIF, WebP, BMP, TIFF; not HEIC, whose decoder
/// is the system's), at most `side` pixels on its longest side, with its width and height; or,
/// in words, why not. The same limits as a stored thumbnail: the header's size is checked
/// before anything is decoded, and decoding runs under `image::Limits`, so a picture claiming
/// 65535×65535 costs nothing. Deterministic: the same bytes give the same JPEG (the report is
/// drawn again from the pack by `verify`).
pub(crate) fn small_picture(bytes: &[u8], side: u32) -> Result<(Vec<u8>, u32, u32), String> {
    let dims = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok().and_then(|r| r.into_dimensions().ok());
    let Some((width, height)) = dims else {
        return Err("the file is damaged or cut short: its picture header could not be read".into());
    };
    if !within_limits(width, height) {
        return Err(format!("the picture says it is {width}×{height} pixels, beyond the limit for drawing it"));
    }
    let img =
        decode(bytes).map_err(|_| "the file is damaged or cut short: its picture could not be decoded".to_owned())?;
    small_jpeg_within(img, side)
}

fn read_exif(bytes: &[u8]) -> Option<ExifSummary> {
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()?;
    let text = |tag| {
        exif.get_field(tag, exif::In::PRIMARY)
            .map(|f| f.display_value().to_string().trim_matches('"').trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let captured_at = text(exif::Tag::DateTimeOriginal).or_else(|| text(exif::Tag::DateTime)).map(|t| {
        match text(exif::Tag::OffsetTimeOriginal) {
            Some(offset) => format!("{t} {offset}"),
            None => t,
        }
    });
    let device = match (text(exif::Tag::Make), text(exif::Tag::Model)) {
        (Some(make), Some(model)) if model.starts_with(&make) => Some(model),
        (Some(make), Some(model)) => Some(format!("{make} {model}")),
        (a, b) => a.or(b),
    };
    let coord = |value_tag, ref_tag, negative: &str| {
        let field = exif.get_field(value_tag, exif::In::PRIMARY)?;
        let exif::Value::Rational(parts) = &field.value else { return None };
        if parts.len() < 3 {
            return None;
        }
        let deg = parts[0].to_f64() + parts[1].to_f64() / 60.0 + parts[2].to_f64() / 3600.0;
        let sign = if text(ref_tag).is_some_and(|r| r.starts_with(negative)) { -1.0 } else { 1.0 };
        deg.is_finite().then_some(sign * deg)
    };
    let summary = ExifSummary {
        captured_at,
        device,
        gps_latitude: coord(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, "S"),
        gps_longitude: coord(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, "W"),
    };
    (summary != ExifSummary::default()).then_some(summary)
}
