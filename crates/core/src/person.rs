//! A page per person: their identifiers with when each was first and last seen and how often,
//! a "new identifier" marker where a number or account first appears after the course of
//! conduct began (typically after a block), their incidents, and what was reported.
//! Computed here, from the diary and the one identifier rule (`identity.rs`); `casebook case show
//! N` only prints it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::diary::EntryId;
use crate::error::{Result, VaultError};
use crate::import::party::{CorrespondentKey, Normaliser, identifier_keys, typed_keys};
use crate::model::{CaseDetails, Identifier, Person};
use crate::query::{EntryFilter, EntrySummary};
use crate::vault::Vault;

/// One of a person's identifiers, as their entries show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IdentifierSeen {
    /// The identifier: as stored with the person, or as first typed in an entry.
    pub identifier: Identifier,
    /// Whether it is in the person's case details (false: only seen in their entries).
    pub listed: bool,
    /// How many of their incidents came from it (written any way: `07700 900123` counts for
    /// `+44 7700 900123`).
    pub count: u32,
    /// When it was first seen (the earliest incident from it).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_seen: Option<DateTime<FixedOffset>>,
    /// When it was last seen.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_seen: Option<DateTime<FixedOffset>>,
    /// It first appeared after the person's first incident: a new number or account.
    pub new_identifier: bool,
    /// It first appeared after an incident where something of theirs was blocked.
    pub after_block: bool,
}

/// An incident the person reported, and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reported {
    /// The entry.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: EntryId,
    /// When it happened.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub occurred: DateTime<FixedOffset>,
    /// Who it was reported to.
    pub reported_to: Option<String>,
    /// The police reference.
    pub police_reference: Option<String>,
}

/// Everything the diary says about one person responsible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PersonPage {
    /// The person as the case holds them.
    pub person: Person,
    /// Their incidents (the entries linked to them), retracted ones left out.
    pub incidents: u32,
    /// The first incident.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_incident: Option<DateTime<FixedOffset>>,
    /// The last incident.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_incident: Option<DateTime<FixedOffset>>,
    /// Their identifiers, listed ones first in the case's order, then ones only seen.
    pub identifiers: Vec<IdentifierSeen>,
    /// Their incidents' numbers, oldest first.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub entry_ids: Vec<EntryId>,
    /// What was reported, oldest first.
    pub reported: Vec<Reported>,
}

/// The page for `person_id`, from `entries` (the diary, any order). `None` if the case has no
/// such person.
pub fn person_page(case: &CaseDetails, person_id: u32, entries: &[EntrySummary]) -> Option<PersonPage> {
    let person = case.person(person_id)?.clone();
    let mut n = Normaliser::new(case.region());
    let listed_keys: Vec<Vec<CorrespondentKey>> =
        person.identifiers.iter().map(|i| identifier_keys(i, &mut n)).collect();
    let mut seen: Vec<(Vec<CorrespondentKey>, IdentifierSeen)> =
        person.identifiers.iter().zip(&listed_keys).map(|(i, k)| (k.clone(), blank(i.clone(), true))).collect();
    let mut mine: Vec<&EntrySummary> = Vec::new();
    let mut blocked_at: Vec<DateTime<FixedOffset>> = Vec::new();
    let mut sorted: Vec<&EntrySummary> = entries.iter().filter(|e| e.retracted.is_none()).collect();
    sorted.sort_by_key(|e| (e.fields.occurred.start, e.id));
    for e in sorted {
        // Their incidents are the entries linked to them (a typed or imported identifier links
        // an entry when it is saved; an entry left unlinked was left so on purpose).
        if e.fields.person_id != Some(person_id) {
            continue;
        }
        let keys = e.fields.identifier.as_deref().map(|t| typed_keys(t, &mut n)).unwrap_or_default();
        let slot = seen.iter().position(|(k, _)| k.iter().any(|k| keys.contains(k)));
        mine.push(e);
        let at = e.fields.occurred.start;
        let slot = match (slot, e.fields.identifier.as_deref()) {
            (Some(s), _) => Some(s),
            (None, Some(typed)) if !keys.is_empty() => {
                let kind = crate::identity::guess_kind(typed);
                let ident = Identifier { kind, value: typed.trim().to_owned() };
                seen.push((keys, blank(ident, false)));
                Some(seen.len() - 1)
            }
            _ => None,
        };
        if let Some(s) = slot {
            let s = &mut seen[s].1;
            s.count += 1;
            if s.first_seen.is_none() {
                s.first_seen = Some(at);
                s.after_block = blocked_at.iter().any(|b| *b < at);
            }
            s.last_seen = Some(at);
        }
        if e.fields.actions.blocked {
            blocked_at.push(at);
        }
    }
    let first_incident = mine.first().map(|e| e.fields.occurred.start);
    let mut identifiers: Vec<IdentifierSeen> = seen.into_iter().map(|(_, s)| s).collect();
    for s in &mut identifiers {
        s.new_identifier = matches!((s.first_seen, first_incident), (Some(f), Some(first)) if f > first);
    }
    let reported = mine
        .iter()
        .filter(|e| e.fields.actions.reported_to.is_some() || e.fields.actions.police_reference.is_some())
        .map(|e| Reported {
            entry_id: e.id,
            occurred: e.fields.occurred.start,
            reported_to: e.fields.actions.reported_to.clone(),
            police_reference: e.fields.actions.police_reference.clone(),
        })
        .collect();
    Some(PersonPage {
        person,
        incidents: u32::try_from(mine.len()).unwrap_or(u32::MAX),
        first_incident,
        last_incident: mine.last().map(|e| e.fields.occurred.start),
        identifiers,
        entry_ids: mine.iter().map(|e| e.id).collect(),
        reported,
    })
}

fn blank(identifier: Identifier, listed: bool) -> IdentifierSeen {
    IdentifierSeen {
        identifier,
        listed,
        count: 0,
        first_seen: None,
        last_seen: None,
        new_identifier: false,
        after_block: false,
    }
}

impl Vault {
    /// The page for person `person_id`: [`person_page`] over the whole diary.
    pub fn person_page(&self, person_id: u32) -> Result<PersonPage> {
        let case = self.case()?;
        let filter = EntryFilter { person_id: Some(person_id), hide_retracted: true, ..EntryFilter::default() };
        let entries = self.list_entries(&filter)?;
        person_page(&case, person_id, &entries)
            .ok_or_else(|| VaultError::InvalidInput(format!("there is no person {person_id} in the case details")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntryFields, EntryKind, IdentifierKind};
    use crate::query::Retraction;

    fn case() -> CaseDetails {
        let person = |id: u32, name: &str, phone: &str| Person {
            id,
            name: name.into(),
            relationship: None,
            description: None,
            identifiers: vec![Identifier { kind: IdentifierKind::Phone, value: phone.into() }],
        };
        CaseDetails {
            persons: vec![person(1, "Jon Doe", "+44 7700 900123"), person(2, "Sam", "+44 7700 900777")],
            ..CaseDetails::default()
        }
    }

    fn e(id: EntryId, at: &str, identifier: Option<&str>, person: Option<u32>) -> EntrySummary {
        let mut fields = EntryFields::new(EntryKind::Call, "call", at.parse().unwrap());
        fields.identifier = identifier.map(str::to_owned);
        fields.person_id = person;
        EntrySummary::unrevised(id, fields)
    }

    #[test]
    fn identifiers_are_counted_with_first_and_last_seen_and_new_ones_marked() {
        let mut blocked = e(2, "2026-01-02T09:00:00+00:00", Some("+447700900123"), Some(1));
        blocked.fields.actions.blocked = true;
        let mut retracted = e(5, "2026-01-20T09:00:00+00:00", Some("07700 900123"), Some(1));
        retracted.retracted =
            Some(Retraction { seq: 9, recorded_at: "2026-03-01T00:00:00Z".parse().unwrap(), reason: "x".into() });
        let mut reported = e(7, "2026-01-12T09:00:00+00:00", None, Some(1));
        reported.fields.actions.reported_to = Some("police".into());
        reported.fields.actions.police_reference = Some("CAD 1234".into());
        let entries = vec![
            e(4, "2026-01-11T09:00:00+00:00", Some("07700 900123"), Some(1)),
            e(1, "2026-01-01T09:00:00+00:00", Some("07700 900123"), Some(1)),
            blocked,
            e(3, "2026-01-10T09:00:00+00:00", Some("07700 900456"), Some(1)),
            retracted,
            e(6, "2026-01-15T09:00:00+00:00", Some("07700 900123"), Some(2)),
            e(8, "2026-01-16T09:00:00+00:00", Some("Unknown"), Some(1)),
            e(9, "2026-01-17T09:00:00+00:00", Some("07700 900456"), None),
            reported,
        ];
        let page = person_page(&case(), 1, &entries).unwrap();
        assert_eq!(page.entry_ids, [1, 2, 3, 4, 7, 8]);
        assert_eq!(page.incidents, 6);
        assert_eq!(page.first_incident, Some("2026-01-01T09:00:00+00:00".parse().unwrap()));
        assert_eq!(page.last_incident, Some("2026-01-16T09:00:00+00:00".parse().unwrap()));
        let [old, new] = page.identifiers.as_slice() else { panic!("{:?}", page.identifiers) };
        assert_eq!((old.listed, old.count, old.new_identifier, old.after_block), (true, 3, false, false));
        assert_eq!(old.first_seen, Some("2026-01-01T09:00:00+00:00".parse().unwrap()));
        assert_eq!(old.last_seen, Some("2026-01-11T09:00:00+00:00".parse().unwrap()));
        // Entry 9 (linked to no one) is not theirs, though it came from a number of theirs.
        assert_eq!(new.identifier, Identifier { kind: IdentifierKind::Phone, value: "07700 900456".into() });
        assert_eq!((new.listed, new.count, new.new_identifier, new.after_block), (false, 1, true, true));
        assert_eq!(page.reported.len(), 1);
        assert_eq!(page.reported[0].police_reference.as_deref(), Some("CAD 1234"));
        assert!(person_page(&case(), 9, &entries).is_none());
    }
}
