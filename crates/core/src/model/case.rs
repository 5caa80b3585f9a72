use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};

/// What kind of identifier a person responsible uses.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A phone number.
    Phone,
    /// An email address.
    Email,
    /// A social media or chat handle.
    Handle,
    /// A web address (profile page, post).
    Url,
    /// A vehicle registration.
    Vehicle,
    /// Anything else.
    Other,
}

impl std::str::FromStr for IdentifierKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "phone" | "number" | "tel" => Ok(Self::Phone),
            "email" | "mail" => Ok(Self::Email),
            "handle" | "username" | "account" => Ok(Self::Handle),
            "url" | "link" => Ok(Self::Url),
            "vehicle" | "car" | "registration" | "reg" => Ok(Self::Vehicle),
            "other" => Ok(Self::Other),
            other => Err(format!("unknown identifier kind {other:?}; use phone, email, handle, url, vehicle or other")),
        }
    }
}

/// One number, address, handle or vehicle.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdentifierKind,
    /// The value as written.
    pub value: String,
}

/// A person responsible.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Stable within the case; entries point to it.
    pub id: u32,
    /// Name as known.
    pub name: String,
    /// Relationship to the victim (ex-partner, neighbour, unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    /// Description (appearance, habits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Numbers, emails, handles, vehicles.
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
}

/// The case: whose diary it is (initials only, for exhibit marks), who is responsible, and
/// any order in force.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetails {
    /// The victim's initials, used for exhibit marks (`AB/1`).
    #[serde(default)]
    pub victim_initials: String,
    /// The person or people responsible.
    #[serde(default)]
    pub persons: Vec<Person>,
    /// Terms of any order in force (Stalking Protection Order, non-molestation order...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_terms: Option<String>,
    /// The country phone numbers written without a country code are in (ISO 3166 code,
    /// `IE`), for typed entries, imports and the people's identifiers alike. Absent (every
    /// vault before it existed): [`crate::identity::FALLBACK_REGION`], `GB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
}

impl CaseDetails {
    /// Checks initials and person ids, and tidies whitespace.
    pub fn validate(mut self) -> Result<Self> {
        self.victim_initials = self.victim_initials.trim().to_uppercase();
        let n = self.victim_initials.chars().count();
        if n > 0 && (n > 4 || !self.victim_initials.chars().all(char::is_alphabetic)) {
            return Err(VaultError::InvalidInput("initials are one to four letters, for example AB".into()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for person in &mut self.persons {
            person.name = person.name.trim().to_owned();
            if person.name.is_empty() {
                return Err(VaultError::InvalidInput("each person needs a name (\"unknown man\" will do)".into()));
            }
            if !seen.insert(person.id) {
                return Err(VaultError::InvalidInput(format!("person id {} is used twice", person.id)));
            }
            person.identifiers.retain(|i| !i.value.trim().is_empty());
            for ident in &mut person.identifiers {
                ident.value = ident.value.trim().to_owned();
            }
        }
        self.order_terms = self.order_terms.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        self.default_region = match self.default_region.map(|r| r.trim().to_ascii_uppercase()) {
            None => None,
            Some(r) if r.is_empty() => None,
            Some(r) => Some(crate::identity::checked_region(&r)?),
        };
        Ok(self)
    }

    /// The person with this id.
    pub fn person(&self, id: u32) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// The country for phone numbers written without a country code: the one set in the
    /// case, else `GB`.
    pub fn region(&self) -> &str {
        self.default_region.as_deref().unwrap_or(crate::identity::FALLBACK_REGION)
    }

    /// The next free person id.
    pub fn next_person_id(&self) -> u32 {
        self.persons.iter().map(|p| p.id).max().unwrap_or(0) + 1
    }
}
