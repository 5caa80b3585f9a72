//! Test images built in memory: plain PNGs, and JPEGs carrying EXIF as a phone writes it.

use std::io::Cursor;

/// A PNG of `width` × `height` with a pattern, so no two sizes share bytes.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 13) as u8, ((x ^ y) * 3) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A `width` × `height` JPEG with an APP1 EXIF segment: camera (Google Pixel 8), capture time
/// `taken` (EXIF's "YYYY:MM:DD HH:MM:SS"), and GPS 51°30'N, 0°7'30"W.
pub fn jpeg_with_exif(width: u32, height: u32, taken: &str) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut jpeg = Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
    let dms = |d, m, s| {
        Value::Rational(vec![
            Rational { num: d, denom: 1 },
            Rational { num: m, denom: 1 },
            Rational { num: s, denom: 10 },
        ])
    };
    let fields = [
        Field { tag: Tag::Make, ifd_num: In::PRIMARY, value: ascii("Google") },
        Field { tag: Tag::Model, ifd_num: In::PRIMARY, value: ascii("Pixel 8") },
        Field { tag: Tag::DateTimeOriginal, ifd_num: In::PRIMARY, value: ascii(taken) },
        Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: ascii("N") },
        Field { tag: Tag::GPSLatitude, ifd_num: In::PRIMARY, value: dms(51, 30, 0) },
        Field { tag: Tag::GPSLongitudeRef, ifd_num: In::PRIMARY, value: ascii("W") },
        Field { tag: Tag::GPSLongitude, ifd_num: In::PRIMARY, value: dms(0, 7, 300) },
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    // SOI, then APP1 "Exif\0\0" + TIFF, then the rest of the encoder's JPEG after its SOI.
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}
