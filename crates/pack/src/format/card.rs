//! The recipient card (docs/FORMAT.md, "Recipient cards"): an advocate service's or an officer's
//! age X25519 public key, with a name and a fingerprint, as a small text file a person loads to
//! make a pack only that recipient can open (no passphrase to pass on).
//!
//! ```text
//! casebook-recipient-card/1
//! purpose: receive Casebook evidence packs
//! name: Anytown Advocacy Service
//! recipient: age1...
//! fingerprint: 1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d
//! ```
//!
//! The first line and the purpose line are fixed: a file for another purpose (a key card, a
//! sidecar, another program's key) is refused by name, not read as best we can. The fingerprint
//! is recomputed from the key and must match: a card changed by hand, or a key mistyped, is
//! refused.

use casebook_crypto::{Sha256, hash::Digest};

/// The card's first line: its layout's name and version.
pub const CARD_FORMAT: &str = "casebook-recipient-card/1";
/// The card's purpose line.
pub const CARD_PURPOSE: &str = "receive Casebook evidence packs";
/// A card is a few hundred bytes; anything far larger is not one.
pub const MAX_CARD_BYTES: usize = 4096;

/// A recipient's card: who, and the age X25519 public key packs for them are encrypted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientCard {
    /// Who it is, in the card maker's words (one line).
    pub name: String,
    /// The age X25519 recipient, `age1...`.
    pub recipient: String,
}

/// Why a file is not a recipient card this program uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// Another Casebook file, or a card for another purpose.
    #[error("this is not a recipient card: it is a card or file for another purpose ({0})")]
    OtherPurpose(String),
    /// Not laid out as a card, or a key that is not an age X25519 public key.
    #[error("this recipient card is malformed: {0}")]
    Malformed(String),
    /// The fingerprint written on the card is not its key's.
    #[error("this recipient card's fingerprint does not match its key: it was changed or mistyped; ask for a new card")]
    FingerprintMismatch,
}

impl RecipientCard {
    /// A card for `recipient` (checked to be an age X25519 public key) named `name`.
    pub fn new(name: &str, recipient: &str) -> Result<RecipientCard, CardError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(CardError::Malformed("the name must be one line of 1 to 200 characters".into()));
        }
        recipient
            .parse::<age::x25519::Recipient>()
            .map_err(|e| CardError::Malformed(format!("the key is not an age X25519 public key ({e})")))?;
        Ok(RecipientCard { name: name.to_owned(), recipient: recipient.to_owned() })
    }

    /// The age recipient to encrypt to.
    pub fn age_recipient(&self) -> age::x25519::Recipient {
        self.recipient.parse().expect("checked when the card was made or read")
    }

    /// SHA-256 of the recipient string, the first 16 bytes as 8 groups of four hex digits: short
    /// enough to read out over the phone before each use.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.recipient)
    }

    /// The card file's text.
    pub fn to_text(&self) -> String {
        format!(
            "{CARD_FORMAT}\npurpose: {CARD_PURPOSE}\nname: {}\nrecipient: {}\nfingerprint: {}\n",
            self.name,
            self.recipient,
            self.fingerprint()
        )
    }

    /// Reads a card, refusing anything that is not exactly this layout, purpose and version.
    pub fn parse(bytes: &[u8]) -> Result<RecipientCard, CardError> {
        if bytes.len() > MAX_CARD_BYTES {
            return Err(CardError::Malformed("far larger than a recipient card".into()));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| CardError::Malformed("not text".into()))?;
        let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
        let first = lines.next().unwrap_or_default().trim();
        if first != CARD_FORMAT {
            let what = if first.starts_with("casebook-recipient-card/") {
                format!("a later version, {first}")
            } else if text.contains("AGE-SECRET-KEY-") {
                "a secret identity file, which must never be shared; the card is the file made beside it".into()
            } else if first.is_empty() {
                "an empty first line".into()
            } else {
                format!("it begins {:?}", first.chars().take(40).collect::<String>())
            };
            return Err(CardError::OtherPurpose(what));
        }
        let mut field = |key: &str| -> Result<String, CardError> {
            let line = lines.next().ok_or_else(|| CardError::Malformed(format!("no {key} line")))?;
            line.strip_prefix(&format!("{key}: "))
                .map(|v| v.trim().to_owned())
                .ok_or_else(|| CardError::Malformed(format!("expected a {key} line, found {line:?}")))
        };
        let purpose = field("purpose")?;
        if purpose != CARD_PURPOSE {
            return Err(CardError::OtherPurpose(format!("its purpose is {purpose:?}")));
        }
        let name = field("name")?;
        let recipient = field("recipient")?;
        let fingerprint = field("fingerprint")?;
        let card = RecipientCard::new(&name, &recipient)?;
        if fingerprint != card.fingerprint() {
            return Err(CardError::FingerprintMismatch);
        }
        Ok(card)
    }
}

/// The fingerprint of an age recipient string (see [`RecipientCard::fingerprint`]).
pub fn fingerprint_of(recipient: &str) -> String {
    let digest = Sha256::digest(recipient.as_bytes());
    digest[..16].chunks(2).map(hex::encode).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> RecipientCard {
        let id = age::x25519::Identity::generate();
        RecipientCard::new("Anytown Advocacy", &id.to_public().to_string()).unwrap()
    }

    #[test]
    fn a_card_round_trips_and_names_its_fingerprint() {
        let c = card();
        assert_eq!(RecipientCard::parse(c.to_text().as_bytes()).unwrap(), c);
        assert_eq!(c.fingerprint().len(), 8 * 4 + 7);
    }

    #[test]
    fn a_card_for_another_purpose_is_refused_by_name() {
        let c = card();
        let other = c.to_text().replace(CARD_PURPOSE, "sign in to the portal");
        assert!(matches!(RecipientCard::parse(other.as_bytes()), Err(CardError::OtherPurpose(_))));
        let later = c.to_text().replace(CARD_FORMAT, "casebook-recipient-card/2");
        assert!(matches!(RecipientCard::parse(later.as_bytes()), Err(CardError::OtherPurpose(_))));
        let sidecar = br#"{"format":"casebook-exhibit-sidecar/1"}"#;
        assert!(matches!(RecipientCard::parse(sidecar), Err(CardError::OtherPurpose(_))));
        let secret = age::x25519::Identity::generate();
        use age::secrecy::ExposeSecret;
        let identity_file = format!("# created: now\n{}\n", secret.to_string().expose_secret());
        let err = RecipientCard::parse(identity_file.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("secret identity file"), "{err}");
    }

    #[test]
    fn a_malformed_or_edited_card_is_refused() {
        let c = card();
        let text = c.to_text();
        let bad_key = text.replace(&c.recipient, "age1notakey");
        assert!(matches!(RecipientCard::parse(bad_key.as_bytes()), Err(CardError::Malformed(_))));
        let other_key = text.replace(&c.recipient, &card().recipient);
        assert_eq!(RecipientCard::parse(other_key.as_bytes()), Err(CardError::FingerprintMismatch));
        let cut: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(matches!(RecipientCard::parse(cut.as_bytes()), Err(CardError::Malformed(_))));
        assert!(matches!(RecipientCard::parse(&[0xff, 0xfe]), Err(CardError::Malformed(_))));
        assert!(matches!(RecipientCard::parse(&vec![b'a'; 10_000]), Err(CardError::Malformed(_))));
    }
}
