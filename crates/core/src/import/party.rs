//! Correspondents: the numbers, addresses and names an item involves, normalised so that
//! `07700 900123`, `+44 7700 900123` and `0044 7700 900123` are one person, and matched
//! against the identifiers in the case.
//!
//! Phone numbers go through `phonenumber` (libphonenumber's metadata) with the caller's
//! default region for numbers written without a country code. Short codes (fewer than 7
//! digits) and alphanumeric sender names ("BANK") are kept as written: they have no E.164
//! form.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{CaseDetails, Identifier, IdentifierKind};

/// What kind of correspondent a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum CorrespondentKind {
    /// A phone number, E.164 (`+447700900123`), or a short code's digits.
    Phone,
    /// An email address, lower case.
    Email,
    /// A name as a chat app shows it, or an alphanumeric SMS sender, lower case.
    Name,
    /// A caller who hid their number: `withheld`, `unknown` or `payphone`.
    Withheld,
    /// A web address (profile page), lower case, without scheme, `www.`, query or trailing
    /// `/`: `instagram.com/jon.doe`. Only a case person's identifiers and typed entries
    /// have it; no import makes one.
    Url,
    /// A vehicle registration, upper case letters and digits only: `AB12CDE`.
    Vehicle,
    /// An account on a platform, by the id the platform gives it, lower case:
    /// `telegram:user5012345678`. Names and handles change; the id does not.
    Account,
}

/// A correspondent, normalised: two items from the same person have equal keys however
/// the export wrote the number or address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CorrespondentKey {
    /// What it is.
    pub kind: CorrespondentKind,
    /// The normalised value.
    pub value: String,
}

impl CorrespondentKey {
    /// The identifier to record for a person, or `None` for a withheld number.
    pub fn to_identifier(&self, display: &str) -> Option<Identifier> {
        let kind = match self.kind {
            CorrespondentKind::Phone => IdentifierKind::Phone,
            CorrespondentKind::Email => IdentifierKind::Email,
            CorrespondentKind::Name => IdentifierKind::Handle,
            CorrespondentKind::Url => IdentifierKind::Url,
            CorrespondentKind::Vehicle => IdentifierKind::Vehicle,
            CorrespondentKind::Account => IdentifierKind::Handle,
            CorrespondentKind::Withheld => return None,
        };
        let value = match self.kind {
            CorrespondentKind::Name => display.trim().to_owned(),
            _ => self.value.clone(),
        };
        Some(Identifier { kind, value })
    }
}

/// One correspondent of an item: its key and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Party {
    pub key: CorrespondentKey,
    /// As a person would read it: `+44 7700 900123`, `jon@example.com`, `Jon Doe`.
    pub display: String,
}

/// Normalises numbers, addresses and names, remembering what it has seen (a backup has
/// thousands of items from a handful of numbers).
pub(crate) struct Normaliser {
    region: Option<phonenumber::country::Id>,
    phones: HashMap<String, Party>,
    /// Chat senders as written: a chat of thousands of messages has a handful of senders,
    /// and reading a name (folding its case, checking it is not a withheld marker) cost more
    /// than the message's own reading.
    senders: HashMap<String, Party>,
}

impl Normaliser {
    pub fn new(region: &str) -> Self {
        // A region libphonenumber does not know reads every number as written with its
        // country code; `CaseDetails::validate` refuses such a region before it is stored.
        Self {
            region: region.trim().to_ascii_uppercase().parse().ok(),
            phones: HashMap::new(),
            senders: HashMap::new(),
        }
    }

    /// A phone number or SMS sender as an export wrote it.
    pub fn phone(&mut self, raw: &str) -> Party {
        if let Some(p) = self.phones.get(raw) {
            return p.clone();
        }
        let party = self.phone_uncached(raw);
        if self.phones.len() < 100_000 {
            self.phones.insert(raw.to_owned(), party.clone());
        }
        party
    }

    fn phone_uncached(&self, raw: &str) -> Party {
        let raw = raw.trim();
        if crate::identity::is_withheld_marker(raw) {
            return withheld_party(2);
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let has_letters = raw.chars().any(char::is_alphabetic);
        if has_letters || digits.is_empty() {
            return name_party(raw);
        }
        if digits.len() < 7 {
            return Party {
                key: CorrespondentKey { kind: CorrespondentKind::Phone, value: digits.clone() },
                display: digits,
            };
        }
        match phonenumber::parse(self.region, raw) {
            Ok(n) => Party {
                key: CorrespondentKey {
                    kind: CorrespondentKind::Phone,
                    value: n.format().mode(phonenumber::Mode::E164).to_string(),
                },
                display: n.format().mode(phonenumber::Mode::International).to_string(),
            },
            Err(_) => {
                let plus = if raw.starts_with('+') { "+" } else { "" };
                let value = format!("{plus}{digits}");
                Party { key: CorrespondentKey { kind: CorrespondentKind::Phone, value: value.clone() }, display: value }
            }
        }
    }

    /// A name or handle from a chat export; it may be a phone number (an unsaved contact).
    pub fn sender(&mut self, raw: &str) -> Party {
        if let Some(p) = self.senders.get(raw) {
            return p.clone();
        }
        let party = self.sender_uncached(raw);
        if self.senders.len() < 100_000 {
            self.senders.insert(raw.to_owned(), party.clone());
        }
        party
    }

    fn sender_uncached(&mut self, raw: &str) -> Party {
        let raw = raw.trim();
        let looks_like_number =
            raw.starts_with('+') && raw.chars().all(|c| c.is_ascii_digit() || " +-()\u{a0}\u{202f}".contains(c));
        if looks_like_number {
            self.phone(raw)
        } else if crate::identity::is_withheld_marker(raw) {
            withheld_party(2)
        } else {
            name_party(raw)
        }
    }
}

/// An email address as a key; the display keeps the name if there is one.
pub(crate) fn email_party(address: &str, name: Option<&str>) -> Party {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>').trim();
    let value = address.to_lowercase();
    let display = match name.map(str::trim).filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(address)) {
        Some(n) => format!("{n} <{address}>"),
        None => address.to_owned(),
    };
    Party { key: CorrespondentKey { kind: CorrespondentKind::Email, value }, display }
}

pub(crate) fn name_party(raw: &str) -> Party {
    let display = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let display = if display.is_empty() { "(no name)".to_owned() } else { display };
    Party { key: CorrespondentKey { kind: CorrespondentKind::Name, value: display.to_lowercase() }, display }
}

/// An account on `platform` (`telegram`), keyed by its id there (`user5012345678`) and shown by
/// the name the export gives it, if any.
pub(crate) fn account_party(platform: &str, id: &str, name: Option<&str>) -> Party {
    let value = format!("{platform}:{}", id.trim().to_lowercase());
    let name = name.map(|n| n.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| !n.is_empty());
    Party {
        key: CorrespondentKey { kind: CorrespondentKind::Account, value: value.clone() },
        display: name.unwrap_or(value),
    }
}

/// A platform account id as a person's identifier is written (`telegram:user5012345678`), as a
/// key; `None` for anything else.
pub(crate) fn account_key(value: &str) -> Option<CorrespondentKey> {
    let (platform, id) = value.trim().split_once(':')?;
    let (platform, id) = (platform.trim().to_ascii_lowercase(), id.trim().to_lowercase());
    let digits = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let known = match platform.as_str() {
        "telegram" => ["user", "channel", "chat"].iter().any(|p| id.strip_prefix(p).is_some_and(digits)),
        // X's numeric account id (`x:12345`), not a handle.
        "x" => digits(&id),
        _ => false,
    };
    known.then(|| CorrespondentKey { kind: CorrespondentKind::Account, value: format!("{platform}:{id}") })
}

/// Who hid their number on a call: `presentation` 2 restricted, 3 unknown, 4 payphone.
pub(crate) fn withheld_party(presentation: i64) -> Party {
    let (value, display) = match presentation {
        4 => ("payphone", "a payphone"),
        3 => ("unknown", "an unknown number"),
        _ => ("withheld", "a withheld number"),
    };
    Party { key: CorrespondentKey { kind: CorrespondentKind::Withheld, value: value.into() }, display: display.into() }
}

/// Which case person (if any) each correspondent key belongs to.
pub(crate) struct Matcher {
    keys: HashMap<CorrespondentKey, u32>,
    names: HashMap<u32, String>,
}

impl Matcher {
    pub fn new(case: &CaseDetails, normaliser: &mut Normaliser) -> Self {
        let mut keys = HashMap::new();
        let mut names = HashMap::new();
        // Lower person ids win when two people share an identifier.
        let mut persons: Vec<_> = case.persons.iter().collect();
        persons.sort_by_key(|p| p.id);
        for person in persons {
            names.insert(person.id, person.name.clone());
            keys.entry(name_party(&person.name).key).or_insert(person.id);
            for ident in &person.identifiers {
                for key in identifier_keys(ident, normaliser) {
                    keys.entry(key).or_insert(person.id);
                }
            }
        }
        Self { keys, names }
    }

    /// The case person this correspondent is, if any.
    pub fn person(&self, key: &CorrespondentKey) -> Option<u32> {
        self.keys.get(key).copied()
    }

    /// The case person this party is: by its key, or, for a platform account not yet among a
    /// person's identifiers, by the name the export shows for it (as a chat's sender name
    /// matches).
    pub fn person_of(&self, party: &Party) -> Option<u32> {
        self.person(&party.key).or_else(|| {
            (party.key.kind == CorrespondentKind::Account && party.display != party.key.value)
                .then(|| self.person(&name_party(&party.display).key))
                .flatten()
        })
    }

    /// A person's name.
    pub fn name(&self, id: u32) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }
}

/// The keys an identifier from the case stands for: the one rule by which a person's
/// identifiers, imported correspondents and typed entries are compared. A withheld marker
/// ("Unknown", "No caller ID", "Private") stands for nothing, whatever its kind.
pub(crate) fn identifier_keys(ident: &Identifier, normaliser: &mut Normaliser) -> Vec<CorrespondentKey> {
    let value = ident.value.trim();
    if value.is_empty() || crate::identity::is_withheld_marker(value) {
        return Vec::new();
    }
    let mut out = Vec::new();
    match ident.kind {
        IdentifierKind::Phone => out.push(normaliser.phone(value).key),
        IdentifierKind::Email => out.push(email_party(value, None).key),
        IdentifierKind::Handle | IdentifierKind::Other | IdentifierKind::Url => {
            if ident.kind == IdentifierKind::Url || looks_like_url(value) {
                out.push(url_key(value));
            }
            out.extend(account_key(value));
            out.push(name_party(value.trim_start_matches('@')).key);
            out.push(name_party(value).key);
            if looks_like_email(value) {
                out.push(email_party(value, None).key);
            }
            if looks_like_phone(value) {
                out.push(normaliser.phone(value).key);
            }
        }
        IdentifierKind::Vehicle => out.extend(vehicle_key(value)),
    }
    out.dedup();
    out
}

/// The keys a value typed into an entry's "number, handle or address" field could stand for,
/// whatever kind it is: a person's identifier matches it when they share a key.
pub(crate) fn typed_keys(value: &str, normaliser: &mut Normaliser) -> Vec<CorrespondentKey> {
    let value = value.trim();
    let mut keys = identifier_keys(&Identifier { kind: IdentifierKind::Other, value: value.to_owned() }, normaliser);
    keys.extend(vehicle_key(value));
    keys
}

/// Digits with only the characters numbers are written with, at least 7 of them.
pub(crate) fn looks_like_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    digits >= 7 && value.chars().all(|c| c.is_ascii_digit() || " +-().\u{a0}".contains(c))
}

pub(crate) fn looks_like_email(value: &str) -> bool {
    value.contains('@') && value.contains('.') && !value.starts_with('@') && !value.contains(['/', ' ', '\t'])
}

pub(crate) fn looks_like_url(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    !v.contains(char::is_whitespace)
        && (v.starts_with("http://")
            || v.starts_with("https://")
            || v.starts_with("www.")
            || (v.contains('.') && v.find('/').is_some_and(|slash| v.find('@').is_none_or(|at| slash < at))))
}

/// A web address compared without case, scheme, `www.`, query, fragment or trailing `/`.
pub(crate) fn url_key(value: &str) -> CorrespondentKey {
    let mut v = value.trim().to_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            v = rest.to_owned();
        }
    }
    if let Some(rest) = v.strip_prefix("www.") {
        v = rest.to_owned();
    }
    if let Some(cut) = v.find(['?', '#']) {
        v.truncate(cut);
    }
    let v = v.trim_end_matches('/').to_owned();
    CorrespondentKey { kind: CorrespondentKind::Url, value: v }
}

/// A registration compared on its letters and digits, upper case (`ab12 cde` is `AB12CDE`);
/// `None` unless it is 2 to 8 of them with at least one of each, as plates are.
pub(crate) fn vehicle_key(value: &str) -> Option<CorrespondentKey> {
    let v = value.trim();
    if !v.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
        return None;
    }
    let plate: String = v.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    let plausible = (2..=8).contains(&plate.len())
        && plate.chars().any(|c| c.is_ascii_digit())
        && plate.chars().any(|c| c.is_ascii_alphabetic());
    plausible.then_some(CorrespondentKey { kind: CorrespondentKind::Vehicle, value: plate })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_numbers_written_differently_are_one_key() {
        let mut n = Normaliser::new("GB");
        let want = CorrespondentKey { kind: CorrespondentKind::Phone, value: "+447700900123".into() };
        for raw in ["07700 900123", "+447700900123", "+44 (0)7700 900123", "0044 7700 900123", "07700-900-123"] {
            assert_eq!(n.phone(raw).key, want, "{raw}");
        }
        assert_eq!(n.phone("07700900123").display, "+44 7700 900123");
    }

    #[test]
    fn short_codes_and_sender_names_are_kept_as_written() {
        let mut n = Normaliser::new("GB");
        assert_eq!(n.phone("61234").key.value, "61234");
        assert_eq!(n.phone("BANK").key, CorrespondentKey { kind: CorrespondentKind::Name, value: "bank".into() });
    }

    #[test]
    fn emails_and_names_compare_without_case() {
        assert_eq!(email_party("Jon@Example.COM", Some("Jon")).key, email_party("jon@example.com", None).key);
        assert_eq!(name_party("Jon  Doe").key, name_party("jon doe").key);
    }
}
