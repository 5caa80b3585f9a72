//! Files a test attaches: a phone screenshot, hostile content.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};

use crate::{Result, fail};

/// Payloads that must stay inert wherever they are shown. Each would set `window.__xss`.
pub const XSS_SCRIPT: &str = "<script>window.__xss=1</script>";
/// An image whose error handler would run.
pub const XSS_IMG: &str = r#"<img src=x onerror="window.__xss=1">"#;
/// Link text that a careless renderer would turn into a live link.
pub const XSS_JS_LINK: &str = "javascript:window.__xss=1";

/// Writes a small PNG that looks like a phone's message screenshot (grey and blue bubbles)
/// to `dir/name`, and returns its path.
pub fn phone_screenshot(dir: &Path, name: &str) -> Result<PathBuf> {
    let (w, h) = (360u32, 640u32);
    let mut img = RgbImage::from_pixel(w, h, Rgb([250, 250, 250]));
    let bubbles =
        [(20, 60, 220, 60, false), (120, 140, 220, 80, true), (20, 240, 260, 50, false), (100, 310, 240, 70, true)];
    for (x, y, bw, bh, mine) in bubbles {
        let colour = if mine { Rgb([30, 120, 230]) } else { Rgb([225, 225, 230]) };
        for yy in y..y + bh {
            for xx in x..x + bw {
                img.put_pixel(xx, yy, colour);
            }
        }
    }
    for xx in 0..w {
        for yy in 0..40 {
            img.put_pixel(xx, yy, Rgb([40, 40, 48]));
        }
    }
    let path = dir.join(name);
    img.save(&path).map_err(|e| fail!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Writes an SVG whose script, if it ever ran in the app, would set `window.__xss`.
pub fn hostile_svg(dir: &Path, name: &str) -> Result<PathBuf> {
    let svg = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" onload="window.__xss=1">
  <script>window.__xss=1; parent.__xss=1;</script>
  <rect width="120" height="60" fill="#c00"/>
  <text x="10" y="35" fill="#fff">svg</text>
</svg>
"##;
    let path = dir.join(name);
    std::fs::write(&path, svg)?;
    Ok(path)
}
