//! Recipient keys for advocate services and officers who use Casebook (docs/FORMAT.md,
//! "Recipient cards"): a keypair made once (`casebook recipient new`), the public half as a
//! card to hand to the people they support, the secret half as an age identity file kept by the
//! recipient, owner-only. A pack made for the card opens with the identity file: `casebook
//! verify --identity`, the app's Check a pack, or `age -d -i`.

use std::io::Write;
use std::path::Path;

use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};

use crate::error::{Result, VaultError};
use crate::newfile::NewFile;
pub use crate::qr::QrModules;
pub use casebook_pack::format::{CardError, MAX_CARD_BYTES, RecipientCard};

/// Makes a new keypair for `name`: writes the secret identity to `identity_out` (age's own
/// identity file format, readable by its owner only) and the card to `card_out`; neither may
/// exist. The secret is never returned or printed.
pub fn new_recipient(name: &str, identity_out: &Path, card_out: &Path) -> Result<RecipientCard> {
    let identity = age::x25519::Identity::generate();
    let card = RecipientCard::new(name, &identity.to_public().to_string())
        .map_err(|e| VaultError::InvalidInput(e.to_string()))?;
    for p in [identity_out, card_out] {
        if p.exists() {
            return Err(VaultError::AlreadyExists(p.to_owned()));
        }
    }
    // NewFile writes 0600 and never replaces: the identity is owner-only from its first byte.
    let mut file = NewFile::create(identity_out)?;
    let secret = identity.to_string();
    let text = zeroize::Zeroizing::new(format!(
        "# Casebook recipient identity for {}: SECRET, keep it; never send it to anyone.\n# public key: {}\n{}\n",
        card.name,
        card.recipient,
        secret.expose_secret()
    ));
    file.write_all(text.as_bytes())?;
    file.place()?;
    let mut file = NewFile::create(card_out)?;
    file.write_all(card.to_text().as_bytes())?;
    if let Err(e) = file.place() {
        let _ = std::fs::remove_file(identity_out);
        return Err(e);
    }
    Ok(card)
}

/// File names of a card, its printable page and the identity made in a folder ([`new_recipient_in`]).
pub const CARD_FILE: &str = "casebook-recipient-card.txt";
/// See [`CARD_FILE`].
pub const CARD_PAGE_FILE: &str = "casebook-recipient-card.pdf";
/// See [`CARD_FILE`].
pub const IDENTITY_FILE: &str = "casebook-recipient-identity.txt";

/// A recipient card just made, and where its files are (the app's Settings).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MadeRecipientCard {
    /// Who the card is for.
    pub name: String,
    /// The card's fingerprint, to read out to the people who will use it.
    pub fingerprint: String,
    /// The card (public: give it out).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub card_path: std::path::PathBuf,
    /// The card's printable page (public: print it, hand it out).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub page_path: std::path::PathBuf,
    /// The secret identity (owner-only: keep it, never send it).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub identity_path: std::path::PathBuf,
    /// The card's QR code ([`card_qr`]), for the app to draw.
    pub qr: QrModules,
}

/// [`new_recipient`] into `folder` (an existing folder, given as a full path), as
/// [`CARD_FILE`] and [`IDENTITY_FILE`], with the card's printable page ([`card_page_pdf`],
/// printed `made_at`) as [`CARD_PAGE_FILE`]; none of them may exist there. If the page cannot be
/// written, the card and the identity are removed again.
pub fn new_recipient_in(name: &str, folder: &Path, made_at: DateTime<Utc>) -> Result<MadeRecipientCard> {
    if !folder.is_absolute() || !folder.is_dir() {
        return Err(VaultError::InvalidInput(format!(
            "{} is not a folder (type its full path, starting from the top folder)",
            folder.display()
        )));
    }
    let (card_path, identity_path) = (folder.join(CARD_FILE), folder.join(IDENTITY_FILE));
    let page_path = folder.join(CARD_PAGE_FILE);
    if page_path.exists() {
        return Err(VaultError::AlreadyExists(page_path));
    }
    let card = new_recipient(name, &identity_path, &card_path)?;
    if let Err(e) = write_card_page(&card, &page_path, made_at) {
        let _ = std::fs::remove_file(&card_path);
        let _ = std::fs::remove_file(&identity_path);
        return Err(e);
    }
    let qr = card_qr(&card)?;
    Ok(MadeRecipientCard {
        name: card.name.clone(),
        fingerprint: card.fingerprint(),
        card_path,
        page_path,
        identity_path,
        qr,
    })
}

/// The card's QR code: it holds the card file's text byte for byte ([`RecipientCard::to_text`]),
/// so whatever scans it gets the card, which [`RecipientCard::parse`] checks like the file.
pub fn card_qr(card: &RecipientCard) -> Result<QrModules> {
    QrModules::encode(&card.to_text())
        .ok_or_else(|| VaultError::InvalidInput("the card is too long for a QR code".into()))
}

/// The card's printable page (one A4 PDF: who, the fingerprint, the key, the QR code of
/// [`card_qr`], how a pack is made for it), printed `made_at`.
pub fn card_page_pdf(card: &RecipientCard, made_at: DateTime<Utc>) -> Result<Vec<u8>> {
    crate::export::pdf::render_recipient_page(card, made_at)
        .map_err(|e| VaultError::InvalidInput(format!("the card's page could not be drawn: {e}")))
}

/// Writes [`card_page_pdf`] to `out`, a new file (never over an existing one).
pub fn write_card_page(card: &RecipientCard, out: &Path, made_at: DateTime<Utc>) -> Result<()> {
    if out.exists() {
        return Err(VaultError::AlreadyExists(out.to_owned()));
    }
    let bytes = card_page_pdf(card, made_at)?;
    let mut file = NewFile::create(out)?;
    file.write_all(&bytes)?;
    file.place()
}

/// The card's QR code ([`card_qr`]) drawn with text blocks (two rows a line) for a terminal,
/// with a quiet zone of two modules; dark is drawn as space, for light-on-dark terminals.
pub fn qr_text(card: &RecipientCard) -> String {
    let Ok(qr) = card_qr(card) else { return String::new() };
    let size = qr.size() as i64;
    let mut out = String::new();
    for y in (-2..size + 2).step_by(2) {
        for x in -2..size + 2 {
            out.push(match (qr.dark(x, y), qr.dark(x, y + 1)) {
                (true, true) => ' ',
                (true, false) => '\u{2584}',
                (false, true) => '\u{2580}',
                (false, false) => '\u{2588}',
            });
        }
        out.push('\n');
    }
    out
}

/// A recipient card as loaded for the person: who, the fingerprint to check with them before
/// use, and the card's text (what an export is given).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LoadedCard {
    /// Who the card is for.
    pub name: String,
    /// Its fingerprint: read it out with the recipient before each use.
    pub fingerprint: String,
    /// The card's text, for `ExportOptions::recipient_card`.
    pub card: String,
}

/// Reads and checks the recipient card at `path` (at most [`MAX_CARD_BYTES`] read).
pub fn load_card(path: &Path) -> Result<LoadedCard> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_CARD_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    let card = RecipientCard::parse(&bytes).map_err(|e| VaultError::InvalidInput(e.to_string()))?;
    Ok(LoadedCard { name: card.name.clone(), fingerprint: card.fingerprint(), card: card.to_text() })
}

/// A recipient the person has made a pack for, remembered in the vault (sealed, in the
/// `recipient_card_used` records; never disclosed in a pack).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RememberedRecipient {
    /// Who the card is for, as on the card when last used.
    pub name: String,
    /// The fingerprint of the key the packs were encrypted to: read it out with the recipient
    /// before each use.
    pub fingerprint: String,
    /// The card's text, rebuilt from what the vault kept, for `ExportOptions::recipient_card`.
    pub card: String,
    /// How many packs were made for this key.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub uses: u64,
    /// When the last of them was made (the vault clock).
    pub last_used: chrono::DateTime<chrono::Utc>,
}

impl crate::vault::Vault {
    /// Every recipient the person has made a pack for, one per key (two cards with the same name
    /// and different keys are two recipients), the most recently used first. A record whose
    /// fingerprint is not its key's is reported as damage, never listed.
    pub fn remembered_recipients(&self) -> Result<Vec<RememberedRecipient>> {
        use crate::ledger::{Event, read_body, read_links};
        let mut out: Vec<RememberedRecipient> = Vec::new();
        for link in read_links(&self.conn)?.iter().filter(|l| !l.purged) {
            let Some(rec) = read_body(&self.conn, &self.sealer, link.seq)? else { continue };
            let Event::RecipientCardUsed { name, recipient, fingerprint, .. } = rec.body.event else { continue };
            let card = RecipientCard::new(&name, &recipient)
                .ok()
                .filter(|c| c.fingerprint() == fingerprint)
                .ok_or_else(|| VaultError::Corrupt {
                    seq: Some(rec.seq),
                    detail: "a remembered recipient card does not hold together (its fingerprint is not its key's)"
                        .into(),
                })?;
            let uses = 1 + out_uses(&mut out, &fingerprint);
            out.push(RememberedRecipient {
                name: card.name.clone(),
                fingerprint,
                card: card.to_text(),
                uses,
                last_used: rec.body.recorded_at,
            });
        }
        out.reverse();
        Ok(out)
    }

    /// The remembered recipient whose fingerprint begins with `prefix` (hex digits; spaces,
    /// colons and dashes ignored; at least 8 digits), refused when none or several match.
    pub fn remembered_recipient(&self, prefix: &str) -> Result<RememberedRecipient> {
        let wanted: String =
            prefix.chars().filter(|c| !matches!(c, ' ' | ':' | '-')).map(|c| c.to_ascii_lowercase()).collect();
        if wanted.len() < 8 || !wanted.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(VaultError::InvalidInput(
                "give at least the first 8 hex digits of the recipient's fingerprint (as `casebook recipient list` shows it)"
                    .into(),
            ));
        }
        let mut found =
            self.remembered_recipients()?.into_iter().filter(|r| r.fingerprint.replace(' ', "").starts_with(&wanted));
        match (found.next(), found.next()) {
            (Some(one), None) => Ok(one),
            (None, _) => Err(VaultError::InvalidInput(format!(
                "no recipient you have made a pack for has a fingerprint beginning {prefix}"
            ))),
            (Some(_), Some(_)) => Err(VaultError::InvalidInput(format!(
                "more than one remembered recipient has a fingerprint beginning {prefix}: give more digits"
            ))),
        }
    }
}

/// Removes `fingerprint`'s earlier entry from `out` (a later use moves it to the end) and
/// returns how many uses it had.
fn out_uses(out: &mut Vec<RememberedRecipient>, fingerprint: &str) -> u64 {
    let Some(i) = out.iter().position(|r| r.fingerprint == fingerprint) else { return 0 };
    out.remove(i).uses
}

/// Reads an age identity file (comments and blank lines skipped; the first key is used). The
/// key is never put into an error message.
pub fn read_identity(path: &Path) -> Result<age::x25519::Identity> {
    let bytes = zeroize::Zeroizing::new(std::fs::read(path)?);
    let text = std::str::from_utf8(&bytes).map_err(|_| not_identity(path))?;
    let line =
        text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).ok_or_else(|| not_identity(path))?;
    line.parse::<age::x25519::Identity>().map_err(|_| not_identity(path))
}

fn not_identity(path: &Path) -> VaultError {
    VaultError::InvalidInput(format!(
        "{} is not an age identity file (a line beginning AGE-SECRET-KEY-1, as `casebook recipient new` writes)",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_is_owner_only_and_matches_the_card() {
        let dir = tempfile::tempdir().unwrap();
        let (id, card) = (dir.path().join("id.txt"), dir.path().join("card.txt"));
        let made = new_recipient("Anytown Advocacy", &id, &card).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&id).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let identity = read_identity(&id).unwrap();
        assert_eq!(identity.to_public().to_string(), made.recipient);
        assert_eq!(RecipientCard::parse(&std::fs::read(&card).unwrap()).unwrap(), made);
        assert!(!std::fs::read_to_string(&card).unwrap().contains("AGE-SECRET-KEY"));
        // Never over an existing file.
        assert!(matches!(new_recipient("x", &id, &dir.path().join("c2")), Err(VaultError::AlreadyExists(_))));
        assert!(read_identity(&card).is_err(), "a card is not an identity");
        let loaded = load_card(&card).unwrap();
        assert_eq!(loaded.fingerprint, made.fingerprint());
        assert!(load_card(&id).is_err(), "an identity is not a card");
    }
}
