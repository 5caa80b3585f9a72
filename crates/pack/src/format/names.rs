//! Names of the fixed files and folders in a pack.

/// For the officer: what this is and how to check it.
pub const README: &str = "README.txt";
/// The report.
pub const REPORT: &str = "report.pdf";
/// Disclosed entries in plain JSON.
pub const ENTRIES: &str = "entries.json";
/// Every link; disclosed bodies and salts.
pub const LEDGER: &str = "ledger.json";
/// What the pack holds, signed.
pub const MANIFEST: &str = "manifest.json";
/// Raw 64-byte Ed25519 signature over manifest.json.
pub const SIGNATURE: &str = "manifest.sig";
/// The vault's public key, SubjectPublicKeyInfo PEM.
pub const PUBLIC_KEY: &str = "public-key.pem";
/// coreutils `sha256sum` lines for every other file.
pub const SUMS: &str = "SHA256SUMS";
/// The offline verifier page.
pub const VERIFY_HTML: &str = "verify.html";
/// The breach schedule, one row per breach of the pack's entries; only in packs from a diary
/// that records an order (older packs and packs without orders have none).
pub const BREACHES: &str = "breaches.csv";
/// Folder of exhibit files.
pub const EXHIBITS_DIR: &str = "exhibits/";
/// Folder of imported items' original excerpts (`excerpts/entry-<id>.txt`).
pub const EXCERPTS_DIR: &str = "excerpts/";

/// The excerpt file of entry `id`.
pub fn excerpt(id: i64) -> String {
    format!("{EXCERPTS_DIR}entry-{id}.txt")
}
/// Every fixed file, in the order they are written.
pub const FIXED: [&str; 9] = [README, REPORT, ENTRIES, LEDGER, PUBLIC_KEY, VERIFY_HTML, MANIFEST, SIGNATURE, SUMS];
