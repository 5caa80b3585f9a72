//! The report's fonts: embedded brotli-compressed, unpacked once per process on first use.
//!
//! The five TTFs are 5.6 MB; compressed (brotli, quality 11) they take 2.3 MB of the binary,
//! which keeps the app inside its size goal. They are unpacked in memory only (public data, no
//! temporary file) the first time a report or key card is drawn, then kept for the process's
//! life, so a second report costs nothing. `assets/fonts/README.md` lists each original's
//! SHA-256; a test checks the unpacked bytes against it.

use std::io::Read;
use std::sync::OnceLock;

/// Noto Sans regular, Noto Sans bold, Noto Sans Arabic regular and bold, Droid Sans Fallback
/// (in `FontId` order).
const PACKED: [(&str, &[u8]); 5] = [
    ("NotoSans-Regular.ttf", include_bytes!("../../../../../assets/fonts/NotoSans-Regular.ttf.br")),
    ("NotoSans-Bold.ttf", include_bytes!("../../../../../assets/fonts/NotoSans-Bold.ttf.br")),
    ("NotoSansArabic-Regular.ttf", include_bytes!("../../../../../assets/fonts/NotoSansArabic-Regular.ttf.br")),
    ("NotoSansArabic-Bold.ttf", include_bytes!("../../../../../assets/fonts/NotoSansArabic-Bold.ttf.br")),
    ("DroidSansFallbackFull.ttf", include_bytes!("../../../../../assets/fonts/DroidSansFallbackFull.ttf.br")),
];

/// The largest a font may unpack to: far above the real sizes (4 MB at most), so a damaged
/// stream cannot make this allocate without bound.
const MAX_UNPACKED: u64 = 16 * 1024 * 1024;

static UNPACKED: OnceLock<Result<[Vec<u8>; 5], String>> = OnceLock::new();

/// The five fonts as TTF bytes, in `FontId` order; an error names the font that did not unpack.
pub(crate) fn fonts() -> Result<[&'static [u8]; 5], String> {
    let fonts = UNPACKED.get_or_init(unpack_all).as_ref().map_err(Clone::clone)?;
    Ok([&fonts[0], &fonts[1], &fonts[2], &fonts[3], &fonts[4]].map(Vec::as_slice))
}

fn unpack_all() -> Result<[Vec<u8>; 5], String> {
    let mut out: [Vec<u8>; 5] = Default::default();
    for (slot, (name, packed)) in out.iter_mut().zip(PACKED) {
        *slot = unpack(packed).map_err(|e| format!("the embedded font {name} does not unpack: {e}"))?;
    }
    Ok(out)
}

fn unpack(packed: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(packed.len() * 3);
    brotli_decompressor::Decompressor::new(packed, 64 * 1024).take(MAX_UNPACKED + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_UNPACKED {
        return Err(std::io::Error::other("larger than any embedded font"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// Each font unpacks to exactly the original file whose SHA-256 assets/fonts/README.md lists.
    #[test]
    fn each_font_unpacks_to_the_original_listed_in_the_fonts_readme() {
        let readme = include_str!("../../../../../assets/fonts/README.md");
        let fonts = fonts().unwrap();
        for ((name, _), bytes) in PACKED.iter().zip(fonts) {
            let line = readme
                .lines()
                .find(|l| l.contains(&format!("`{name}`")))
                .unwrap_or_else(|| panic!("{name} not listed"));
            let digest = hex::encode(Sha256::digest(bytes));
            assert!(line.contains(&digest), "{name} unpacks to {digest}, README says {line}");
        }
    }

    #[test]
    fn a_damaged_stream_is_an_error_not_a_panic() {
        let mut damaged = PACKED[1].1.to_vec();
        damaged.truncate(damaged.len() / 2);
        assert!(unpack(&damaged).is_err());
        assert!(unpack(b"not brotli at all").is_err());
    }

    #[test]
    fn the_fonts_are_unpacked_once_and_shared() {
        let a = fonts().unwrap();
        let b = fonts().unwrap();
        assert!(std::ptr::eq(a[4], b[4]));
    }
}
