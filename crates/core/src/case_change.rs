//! One change to the case details (add or remove a person's identifier, edit or add or remove a
//! person, the initials, the order's terms), applied to the case as it stands inside
//! [`Vault::update_case`]'s write transaction. A screen that was opened before an import added
//! a number to a person, and saved after it, then keeps that number: it sends what it changed,
//! not the whole case as it saw it.

use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};
use crate::identity::{add_to_person, same_identifier};
use crate::model::{CaseDetails, Identifier, Person};
use crate::vault::Vault;

/// One change to the case details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CaseChange {
    /// The victim's initials.
    SetInitials {
        /// One to four letters, or empty.
        initials: String,
    },
    /// The terms of any order in force (`null` or empty: none).
    SetOrderTerms {
        /// The terms.
        terms: Option<String>,
    },
    /// A new person, numbered after the highest person in the case as it stands.
    AddPerson {
        /// Their name.
        name: String,
        /// Relationship to the victim.
        relationship: Option<String>,
        /// Appearance, habits.
        description: Option<String>,
        /// Their numbers, addresses, accounts and vehicles (by the one rule: repeats dropped).
        identifiers: Vec<Identifier>,
    },
    /// A person's name, relationship and description (their identifiers are left alone).
    EditPerson {
        /// The person.
        person_id: u32,
        /// Their name.
        name: String,
        /// Relationship to the victim.
        relationship: Option<String>,
        /// Appearance, habits.
        description: Option<String>,
    },
    /// Removes a person (entries linked to them keep their number).
    RemovePerson {
        /// The person.
        person_id: u32,
    },
    /// Adds an identifier to a person, unless they have it already by the one rule.
    AddIdentifier {
        /// The person.
        person_id: u32,
        /// The number, address, account or vehicle.
        identifier: Identifier,
    },
    /// Removes a person's identifier: the one written exactly so, else any that is the same by
    /// the one rule. Nothing happens if they no longer have it.
    RemoveIdentifier {
        /// The person.
        person_id: u32,
        /// The identifier as the screen showed it.
        identifier: Identifier,
    },
}

fn no_person(person_id: u32) -> VaultError {
    VaultError::InvalidInput(format!("there is no person {person_id} in the case details"))
}

fn tidy(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Applies `change` to `case`.
pub fn apply_change(case: &mut CaseDetails, change: CaseChange) -> Result<()> {
    match change {
        CaseChange::SetInitials { initials } => case.victim_initials = initials,
        CaseChange::SetOrderTerms { terms } => case.order_terms = tidy(terms),
        CaseChange::AddPerson { name, relationship, description, identifiers } => {
            let id = case.next_person_id();
            case.persons.push(Person {
                id,
                name,
                relationship: tidy(relationship),
                description: tidy(description),
                identifiers: Vec::new(),
            });
            add_to_person(case, id, &identifiers)?;
        }
        CaseChange::EditPerson { person_id, name, relationship, description } => {
            let person = case.persons.iter_mut().find(|p| p.id == person_id).ok_or_else(|| no_person(person_id))?;
            person.name = name;
            person.relationship = tidy(relationship);
            person.description = tidy(description);
        }
        CaseChange::RemovePerson { person_id } => case.persons.retain(|p| p.id != person_id),
        CaseChange::AddIdentifier { person_id, identifier } => {
            add_to_person(case, person_id, &[identifier])?;
        }
        CaseChange::RemoveIdentifier { person_id, identifier } => {
            let person = case.person(person_id).ok_or_else(|| no_person(person_id))?;
            let at = person.identifiers.iter().position(|i| *i == identifier).or_else(|| {
                person
                    .identifiers
                    .iter()
                    .position(|i| i.kind == identifier.kind && same_identifier(case, i, &identifier))
            });
            if let Some(at) = at
                && let Some(p) = case.persons.iter_mut().find(|p| p.id == person_id)
            {
                p.identifiers.remove(at);
            }
        }
    }
    Ok(())
}

impl Vault {
    /// Applies `changes` in order to the case as it stands, inside one write transaction
    /// ([`Vault::update_case`]): all of them or, on an error, none. Returns the case after.
    pub fn change_case(&mut self, changes: Vec<CaseChange>) -> Result<CaseDetails> {
        self.update_case(|case| {
            for change in changes {
                apply_change(case, change)?;
            }
            Ok(())
        })?;
        self.case()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdentifierKind;

    fn phone(value: &str) -> Identifier {
        Identifier { kind: IdentifierKind::Phone, value: value.into() }
    }

    fn jay() -> CaseDetails {
        CaseDetails {
            persons: vec![Person {
                id: 1,
                name: "Jay Doe".into(),
                relationship: None,
                description: None,
                identifiers: vec![phone("+44 7700 900123")],
            }],
            ..CaseDetails::default()
        }
    }

    /// What one screen changed lands on what another writer saved meanwhile, without undoing it.
    #[test]
    fn a_change_keeps_what_another_writer_added_meanwhile() {
        let mut case = jay();
        // Meanwhile an import added a number to Jay.
        add_to_person(&mut case, 1, &[phone("07700 900555")]).unwrap();
        // The screen, opened before it, renames Jay and adds an email.
        let email = Identifier { kind: IdentifierKind::Email, value: "jay@example.com".into() };
        apply_change(
            &mut case,
            CaseChange::EditPerson {
                person_id: 1,
                name: "Jay Doe".into(),
                relationship: Some(" ex ".into()),
                description: None,
            },
        )
        .unwrap();
        apply_change(&mut case, CaseChange::AddIdentifier { person_id: 1, identifier: email.clone() }).unwrap();
        let p = case.person(1).unwrap();
        assert_eq!(p.identifiers, [phone("+44 7700 900123"), phone("07700 900555"), email]);
        assert_eq!(p.relationship.as_deref(), Some("ex"));
    }

    #[test]
    fn removing_an_identifier_finds_it_by_the_one_rule_and_a_gone_one_is_no_error() {
        let mut case = jay();
        apply_change(&mut case, CaseChange::RemoveIdentifier { person_id: 1, identifier: phone("07700 900123") })
            .unwrap();
        assert!(case.person(1).unwrap().identifiers.is_empty());
        apply_change(&mut case, CaseChange::RemoveIdentifier { person_id: 1, identifier: phone("07700 900123") })
            .unwrap();
        assert!(matches!(
            apply_change(&mut case, CaseChange::RemoveIdentifier { person_id: 9, identifier: phone("1") }),
            Err(VaultError::InvalidInput(_))
        ));
    }

    #[test]
    fn a_new_person_is_numbered_after_the_highest_and_repeats_are_dropped() {
        let mut case = jay();
        apply_change(
            &mut case,
            CaseChange::AddPerson {
                name: "Sam".into(),
                relationship: Some("  ".into()),
                description: None,
                identifiers: vec![phone("07700 900999"), phone("+44 7700 900999"), phone("Unknown")],
            },
        )
        .unwrap();
        let sam = case.person(2).unwrap();
        assert_eq!((sam.relationship.clone(), sam.identifiers.clone()), (None, vec![phone("07700 900999")]));
        apply_change(&mut case, CaseChange::RemovePerson { person_id: 1 }).unwrap();
        assert_eq!(case.persons.iter().map(|p| p.id).collect::<Vec<_>>(), [2]);
    }
}
