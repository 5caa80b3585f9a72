//! People and their identifiers: one rule for every phone number, email address, handle, web
//! address and vehicle registration, whether a person typed it into an entry, an import read
//! it from an export, or it was added to a person in the case (in the app or the CLI).
//!
//! - Phone numbers go through `phonenumber` (libphonenumber's metadata) with the case's one
//!   default region ([`CaseDetails::region`]) for numbers written without a country code, so
//!   `07700 900123` and `+44 7700 900123` are one identifier.
//! - Email addresses compare without case; handles without case, spacing or a leading `@`;
//!   web addresses without case, scheme, `www.`, query or trailing `/`; vehicle
//!   registrations on their letters and digits (`ab12 cde` is `AB12 CDE`).
//! - "Unknown", "No caller ID", "Private", "Withheld" and the like are withheld markers: what a
//!   phone shows when the caller hid their number. They are never an identifier and never link
//!   to a person.

use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};
use crate::import::party::{
    Normaliser, identifier_keys, looks_like_email, looks_like_phone, looks_like_url, typed_keys,
};
use crate::model::{CaseDetails, Identifier, IdentifierKind};
use crate::vault::Vault;

/// The region phone numbers are read in when the case sets none (vaults made before the case
/// had one included).
pub const FALLBACK_REGION: &str = "GB";

/// What a phone shows when the caller hid their number, compared without case, spacing or
/// surrounding punctuation. Android's call log writes `-1`, `-2` and `-3` for them.
const WITHHELD_MARKERS: &[&str] = &[
    "unknown",
    "unknown number",
    "unknown caller",
    "caller unknown",
    "no caller id",
    "no caller id.",
    "no id",
    "no number",
    "private",
    "private number",
    "private caller",
    "withheld",
    "number withheld",
    "withheld number",
    "caller id withheld",
    "restricted",
    "restricted number",
    "anonymous",
    "hidden",
    "hidden number",
    "unavailable",
    "not available",
    "payphone",
    "-1",
    "-2",
    "-3",
];

/// Whether `raw` is a withheld marker ("Unknown", "No caller ID", "Private", "Withheld"...)
/// rather than an identifier.
pub fn is_withheld_marker(raw: &str) -> bool {
    let t = raw.trim().trim_matches(|c: char| "()[]<>\"'".contains(c));
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    WITHHELD_MARKERS.contains(&t.as_str())
}

/// `region` upper-cased if libphonenumber knows it, else an error naming it.
pub fn checked_region(region: &str) -> Result<String> {
    let r = region.trim().to_ascii_uppercase();
    match r.parse::<phonenumber::country::Id>() {
        Ok(_) => Ok(r),
        Err(_) => Err(VaultError::InvalidInput(format!(
            "{region:?} is not a country code phone numbers know; use two letters such as GB, IE or US"
        ))),
    }
}

/// Whether two identifiers are the same by the one rule (in `case`'s region).
pub fn same_identifier(case: &CaseDetails, a: &Identifier, b: &Identifier) -> bool {
    let mut n = Normaliser::new(case.region());
    let ka = identifier_keys(a, &mut n);
    let kb = identifier_keys(b, &mut n);
    ka.iter().any(|k| kb.contains(k))
}

/// What a value typed into an entry's identifier field is, against the people in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IdentifierMatch {
    /// Nothing typed.
    Empty,
    /// A withheld marker ("Unknown", "Private"...): it links to no one and is not offered
    /// as an identifier.
    Withheld,
    /// One of this person's identifiers is the same (lower person ids win when two people
    /// share one).
    Person {
        /// The person's id in the case.
        person_id: u32,
        /// Their name.
        name: String,
        /// Their identifier it matched, as stored.
        matched: Identifier,
    },
    /// No one in the case has it; `identifier` is what "add to a person" would add.
    NoOne {
        /// The value as typed, trimmed, with the kind it looks like.
        identifier: Identifier,
    },
}

/// Matches a value typed into an entry (a number, address, handle, web address or
/// registration, of any kind) to the person in `case` it belongs to.
pub fn match_identifier(case: &CaseDetails, typed: &str) -> IdentifierMatch {
    let typed = typed.trim();
    if typed.is_empty() {
        return IdentifierMatch::Empty;
    }
    if is_withheld_marker(typed) {
        return IdentifierMatch::Withheld;
    }
    let mut n = Normaliser::new(case.region());
    let keys = typed_keys(typed, &mut n);
    let mut persons: Vec<_> = case.persons.iter().collect();
    persons.sort_by_key(|p| p.id);
    for person in persons {
        for ident in &person.identifiers {
            if identifier_keys(ident, &mut n).iter().any(|k| keys.contains(k)) {
                return IdentifierMatch::Person {
                    person_id: person.id,
                    name: person.name.clone(),
                    matched: ident.clone(),
                };
            }
        }
    }
    IdentifierMatch::NoOne { identifier: Identifier { kind: guess_kind(typed), value: typed.to_owned() } }
}

/// The kind a typed value looks like: a number, an address, a web address, else a handle.
pub fn guess_kind(value: &str) -> IdentifierKind {
    if looks_like_email(value) {
        IdentifierKind::Email
    } else if looks_like_url(value) {
        IdentifierKind::Url
    } else if looks_like_phone(value) {
        IdentifierKind::Phone
    } else {
        IdentifierKind::Handle
    }
}

/// Adds `identifiers` to `person_id` in `case` (inside [`Vault::update_case`]), skipping withheld markers, empty values and any
/// the person already has by the one rule. Returns how many were added.
pub fn add_to_person(case: &mut CaseDetails, person_id: u32, identifiers: &[Identifier]) -> Result<usize> {
    let mut n = Normaliser::new(case.region());
    let person = case
        .persons
        .iter_mut()
        .find(|p| p.id == person_id)
        .ok_or_else(|| VaultError::InvalidInput(format!("there is no person {person_id} in the case details")))?;
    let mut have: std::collections::HashSet<_> =
        person.identifiers.iter().flat_map(|i| identifier_keys(i, &mut n)).collect();
    let mut added = 0;
    for ident in identifiers {
        let value = ident.value.trim();
        if value.is_empty() || is_withheld_marker(value) {
            continue;
        }
        let keys = identifier_keys(ident, &mut n);
        if keys.iter().any(|k| have.contains(k))
            || (keys.is_empty() && person.identifiers.iter().any(|i| i.kind == ident.kind && i.value == value))
        {
            continue;
        }
        have.extend(keys);
        person.identifiers.push(Identifier { kind: ident.kind, value: value.to_owned() });
        added += 1;
    }
    Ok(added)
}

impl Vault {
    /// Adds identifiers (typed, or seen in an import: see
    /// [`crate::import::CorrespondentSummary::identifier`]) to case person `person_id`,
    /// skipping withheld markers and any the person already has by the one rule (numbers in
    /// the case's region). Read and written in one write transaction; one `case_updated`
    /// record when anything was added. Returns how many were added.
    pub fn add_identifiers(&mut self, person_id: u32, identifiers: &[Identifier]) -> Result<usize> {
        self.update_case(|case| add_to_person(case, person_id, identifiers))
    }

    /// The person in the case a typed identifier belongs to: [`match_identifier`] on the case
    /// as it stands.
    pub fn match_identifier(&self, typed: &str) -> Result<IdentifierMatch> {
        Ok(match_identifier(&self.case()?, typed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    fn ident(kind: IdentifierKind, value: &str) -> Identifier {
        Identifier { kind, value: value.into() }
    }

    fn case_in(region: Option<&str>) -> CaseDetails {
        let jon = Person {
            id: 1,
            name: "Jon Doe".into(),
            relationship: None,
            description: None,
            identifiers: vec![
                ident(IdentifierKind::Phone, "07700 900123"),
                ident(IdentifierKind::Phone, "087 123 4567"),
                ident(IdentifierKind::Phone, "(202) 555-0143"),
                ident(IdentifierKind::Email, "Jon.Doe@Example.com"),
                ident(IdentifierKind::Handle, "@JonD"),
                ident(IdentifierKind::Url, "https://www.instagram.com/jon.doe/"),
                ident(IdentifierKind::Vehicle, "AB12 CDE"),
            ],
        };
        CaseDetails { persons: vec![jon], default_region: region.map(str::to_owned), ..CaseDetails::default() }
    }

    fn linked(case: &CaseDetails, typed: &str) -> Option<u32> {
        match match_identifier(case, typed) {
            IdentifierMatch::Person { person_id, .. } => Some(person_id),
            _ => None,
        }
    }

    /// (region, typed, links to Jon). Jon's numbers are stored as written, national form.
    #[test]
    fn uk_irish_us_and_withheld_forms() {
        let table: &[(Option<&str>, &str, bool)] = &[
            // UK, the case's region unset (GB).
            (None, "07700 900123", true),
            (None, "+44 7700 900123", true),
            (None, "+447700900123", true),
            (None, "0044 7700 900123", true),
            (None, "+44 (0)7700 900123", true),
            (None, "07700-900-123", true),
            (None, "07700 900124", false),
            // The Irish number stored as 087... reads as Irish only in an Irish case.
            (Some("IE"), "+353 87 123 4567", true),
            (Some("IE"), "00353871234567", true),
            (Some("IE"), "087 1234567", true),
            (None, "+353 87 123 4567", false),
            // US.
            (Some("US"), "+1 202-555-0143", true),
            (Some("US"), "202.555.0143", true),
            (Some("US"), "1 (202) 555 0143", true),
            (None, "+1 202-555-0143", false),
            // Withheld: never a link, whatever the case holds.
            (None, "Unknown", false),
            (None, "No caller ID", false),
            (None, "  private  ", false),
            (None, "WITHHELD", false),
            (None, "Private number", false),
            (None, "(Unknown)", false),
            (None, "-2", false),
            // The other kinds.
            (None, "jon.doe@example.COM", true),
            (None, "jond", true),
            (None, "@jond", true),
            (None, "instagram.com/Jon.Doe", true),
            (None, "http://instagram.com/jon.doe?igsh=x", true),
            (None, "ab12cde", true),
            (None, "AB12 CDF", false),
        ];
        for &(region, typed, want) in table {
            let case = case_in(region);
            assert_eq!(linked(&case, typed).is_some(), want, "{typed:?} in region {region:?}");
        }
    }

    #[test]
    fn withheld_markers_are_not_identifiers() {
        let case = case_in(None);
        for raw in ["Unknown", "No caller ID", "Private", "Withheld", "no  caller  id", "Anonymous"] {
            assert!(is_withheld_marker(raw), "{raw}");
            assert_eq!(match_identifier(&case, raw), IdentifierMatch::Withheld, "{raw}");
        }
        for raw in ["Unknowns", "jon", "07700 900123", "privateer"] {
            assert!(!is_withheld_marker(raw), "{raw}");
        }
    }

    /// A person someone gave "Unknown" as a number (or a handle) still never matches a
    /// withheld caller, and adding a marker to a person adds nothing.
    #[test]
    fn a_withheld_marker_never_links_to_a_person() {
        let mut case = case_in(None);
        case.persons[0].identifiers.push(ident(IdentifierKind::Phone, "Unknown"));
        case.persons[0].identifiers.push(ident(IdentifierKind::Handle, "Private"));
        for raw in ["Unknown", "unknown", "Private", "private"] {
            assert_eq!(linked(&case, raw), None, "{raw}");
        }
        let mut clean = case_in(None);
        let added = add_to_person(
            &mut clean,
            1,
            &[ident(IdentifierKind::Phone, "No caller ID"), ident(IdentifierKind::Handle, "Withheld")],
        )
        .unwrap();
        assert_eq!(added, 0);
        assert_eq!(clean, case_in(None));
    }

    #[test]
    fn local_and_international_forms_are_one_identifier() {
        let case = case_in(None);
        assert!(same_identifier(
            &case,
            &ident(IdentifierKind::Phone, "07700 900123"),
            &ident(IdentifierKind::Phone, "+44 7700 900123")
        ));
        let mut c = case_in(None);
        assert_eq!(add_to_person(&mut c, 1, &[ident(IdentifierKind::Phone, "+44 7700 900123")]).unwrap(), 0);
        assert_eq!(add_to_person(&mut c, 1, &[ident(IdentifierKind::Vehicle, "ab12cde")]).unwrap(), 0);
        assert_eq!(add_to_person(&mut c, 1, &[ident(IdentifierKind::Phone, "+44 7700 900999")]).unwrap(), 1);
        assert!(add_to_person(&mut c, 9, &[]).is_err());
    }

    #[test]
    fn no_one_offers_the_kind_it_looks_like() {
        let case = case_in(None);
        let offered = |typed: &str| match match_identifier(&case, typed) {
            IdentifierMatch::NoOne { identifier } => identifier.kind,
            other => panic!("{typed}: {other:?}"),
        };
        assert_eq!(offered("07700 900555"), IdentifierKind::Phone);
        assert_eq!(offered("someone@example.org"), IdentifierKind::Email);
        assert_eq!(offered("tiktok.com/@someone"), IdentifierKind::Url);
        assert_eq!(offered("someone_else"), IdentifierKind::Handle);
        assert_eq!(match_identifier(&case, "  "), IdentifierMatch::Empty);
    }

    #[test]
    fn a_region_must_be_one_phone_numbers_know() {
        let mut case = case_in(Some(" ie "));
        case = case.validate().unwrap();
        assert_eq!(case.region(), "IE");
        assert!(case_in(Some("XX")).validate().is_err());
        assert_eq!(case_in(Some("")).validate().unwrap().default_region, None);
        assert_eq!(case_in(None).region(), "GB");
    }
}
