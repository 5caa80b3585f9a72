//! The advocate pack as one web page (layout: `casebook_pack::format::advocate`; docs/FORMAT.md,
//! "Advocate page"): what an advocate opens with a browser and nothing else installed.
//!
//! The page is written around the encrypted pack in one pass: [`start`] writes everything up to
//! the payload and hands back an armor writer for the age file; [`finish`] closes the armor and
//! writes the page's digest of the age file, then the scripts. The scripts are verify.html's
//! own (carried byte for byte, so the checks are the same code), age-encryption bundled
//! (assets/advocate/age.min.js, pinned; assets/advocate/README.md says how it is built), and
//! the page's own (assets/advocate/advocate.js). The Content-Security-Policy allows exactly
//! these scripts and styles by their SHA-256, computed here, and nothing from the network.

use std::io::{self, Write};

use base64::Engine;
use casebook_crypto::sha256;
use casebook_pack::format::advocate::{
    ADVOCATE_HTML_FORMAT, ArmorWriter, FORMAT_META, PAYLOAD_OPEN, WRAPPER_OPEN, Wrapper,
};

use super::VERIFY_HTML;

/// age-encryption (BSD-3-Clause) and the noble/scure libraries it uses (MIT), bundled into one
/// classic script that defines `window.CasebookAge`.
const AGE_JS: &str = include_str!("../../../../assets/advocate/age.min.js");
/// Their licences, shown in the page (the bundle itself carries none).
const AGE_LICENSES: &str = include_str!("../../../../assets/advocate/age.min.js.LICENSES.txt");
const ADVOCATE_JS: &str = include_str!("../../../../assets/advocate/advocate.js");
const ADVOCATE_CSS: &str = include_str!("../../../../assets/advocate/advocate.css");
const BODY: &str = include_str!("../../../../assets/advocate/body.html");

/// The text between the first `open` and the `close` after it in verify.html (its one script
/// and its one style: tests/advocate_page.rs checks there is exactly one of each).
fn verify_part(open: &str, close: &str) -> &'static str {
    let start = VERIFY_HTML.find(open).map_or(0, |i| i + open.len());
    let end = VERIFY_HTML[start..].find(close).map_or(start, |i| start + i);
    &VERIFY_HTML[start..end]
}

/// verify.html's script: the checks, run unchanged on the decrypted pack.
pub(crate) fn verify_script() -> &'static str {
    verify_part("<script>", "</script>")
}

fn verify_style() -> &'static str {
    verify_part("<style>", "</style>")
}

/// The scripts, in the order they run (each needs the ones before it).
pub(crate) fn scripts() -> [&'static str; 3] {
    [AGE_JS, verify_script(), ADVOCATE_JS]
}

fn styles() -> [&'static str; 2] {
    [verify_style(), ADVOCATE_CSS]
}

fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha256(text.as_bytes())))
}

/// The page's Content-Security-Policy: its own scripts and styles by hash, images only from
/// the blob: URLs it makes of the pack's photos, nothing else at all.
pub(crate) fn csp() -> String {
    let scripts: Vec<String> = scripts().iter().map(|s| hash_source(s)).collect();
    let styles: Vec<String> = styles().iter().map(|s| hash_source(s)).collect();
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src blob:; connect-src 'none'; font-src 'none'; \
         media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; form-action 'none'; \
         base-uri 'none'",
        scripts.join(" "),
        styles.join(" ")
    )
}

/// Escapes text for an HTML text node.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Everything before the armored age file.
fn prefix() -> String {
    let [verify_css, advocate_css] = styles();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{FORMAT_META}\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>An evidence pack, sent to you (Casebook)</title>\n\
         <style>{verify_css}</style>\n<style>{advocate_css}</style>\n</head>\n<body>\n{BODY}{PAYLOAD_OPEN}\n",
        csp = csp(),
    )
}

/// Everything after the armored age file.
fn suffix(wrapper: &Wrapper) -> String {
    let [age_js, verify_js, advocate_js] = scripts();
    let json = serde_json::to_string(wrapper).unwrap_or_default();
    format!(
        "</script>\n{WRAPPER_OPEN}{json}</script>\n\
         <footer><details class=\"licences\"><summary>Software in this page</summary>\n\
         <p>Decryption: age-encryption and the libraries it uses, under these licences.</p>\n\
         <pre>{licences}</pre></details></footer>\n\
         <script>{age_js}</script>\n<script>{verify_js}</script>\n<script>{advocate_js}</script>\n</body>\n</html>\n",
        licences = escape(AGE_LICENSES),
    )
}

/// Counts the bytes of the whole page as they are written.
pub(crate) struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the page up to the payload; the age file goes into the returned writer.
pub(crate) fn start<W: Write>(out: W) -> io::Result<ArmorWriter<Counted<W>>> {
    let mut out = Counted { inner: out, bytes: 0 };
    out.write_all(prefix().as_bytes())?;
    ArmorWriter::new(out)
}

/// Closes the payload and writes the rest of the page, with the digest (`sha256`, hex) and
/// size of the age file written into `armor`. Returns the inner writer and the page's size.
pub(crate) fn finish<W: Write>(armor: ArmorWriter<Counted<W>>, sha256: &str, bytes: u64) -> io::Result<(W, u64)> {
    let mut out = armor.finish()?;
    let wrapper =
        Wrapper { format: ADVOCATE_HTML_FORMAT.to_owned(), payload_bytes: bytes, payload_sha256: sha256.to_owned() };
    out.write_all(suffix(&wrapper).as_bytes())?;
    Ok((out.inner, out.bytes))
}

/// The advocate page around an age file already made (`age`): the same page export writes.
/// For checking pages built around edited payloads (tests, the benchmark); export itself
/// writes the page in one pass with [`start`] and [`finish`].
pub fn page_around(age: &[u8]) -> io::Result<Vec<u8>> {
    let mut armor = start(Vec::new())?;
    armor.write_all(age)?;
    let digest = hex::encode(sha256(age));
    let (page, _) = finish(armor, &digest, age.len() as u64)?;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_meta_sits_where_readers_look_for_it() {
        let head = prefix();
        let at = head.find(FORMAT_META).unwrap();
        assert!(at + FORMAT_META.len() <= casebook_pack::format::advocate::HEAD_BYTES, "at {at}");
    }

    #[test]
    fn the_bundled_age_library_is_the_committed_one() {
        // assets/advocate/README.md: rebuilt byte for byte from the pinned versions.
        let recorded = include_str!("../../../../assets/advocate/age.min.js.sha256");
        let digest = hex::encode(sha256(AGE_JS.as_bytes()));
        assert_eq!(recorded.split_whitespace().next(), Some(digest.as_str()), "age.min.js changed without its SHA-256");
    }

    #[test]
    fn no_carried_text_can_end_its_element_early() {
        // A script or style holding "</" would be cut short by the HTML parser.
        for (name, text) in [("age.min.js", AGE_JS), ("verify script", verify_script()), ("advocate.js", ADVOCATE_JS)] {
            assert!(!text.contains("</script") && !text.contains("<!--"), "{name}");
        }
        for text in styles() {
            assert!(!text.contains("</style"));
        }
        assert!(verify_script().contains("window.CasebookVerify"));
        assert!(verify_style().contains("font:"));
    }
}
