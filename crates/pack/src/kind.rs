//! What kind of contact or incident an entry records: part of the format, since the manifest
//! names the kinds a pack was narrowed to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of contact or incident an entry records.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A phone call (answered, missed, rejected, or blocked).
    Call,
    /// An SMS, MMS, or chat-app message.
    TextMessage,
    /// An email.
    Email,
    /// Social media or other online contact or abuse.
    SocialMedia,
    /// A voicemail.
    Voicemail,
    /// A letter, gift, or delivery.
    LetterGiftDelivery,
    /// The person was seen.
    Sighting,
    /// Following or loitering.
    Following,
    /// An approach or a visit to home, work, or elsewhere.
    ApproachVisit,
    /// Damage to property.
    PropertyDamage,
    /// A threat.
    Threat,
    /// Contact through other people.
    ThirdPartyContact,
    /// A report made to police or others.
    Report,
    /// Anything else.
    Other,
}

impl EntryKind {
    /// Every kind, in the order the app offers them.
    pub const ALL: [EntryKind; 14] = [
        EntryKind::Call,
        EntryKind::TextMessage,
        EntryKind::Email,
        EntryKind::SocialMedia,
        EntryKind::Voicemail,
        EntryKind::LetterGiftDelivery,
        EntryKind::Sighting,
        EntryKind::Following,
        EntryKind::ApproachVisit,
        EntryKind::PropertyDamage,
        EntryKind::Threat,
        EntryKind::ThirdPartyContact,
        EntryKind::Report,
        EntryKind::Other,
    ];

    /// The stable machine name (as in JSON and on the command line).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Call => "call",
            EntryKind::TextMessage => "text_message",
            EntryKind::Email => "email",
            EntryKind::SocialMedia => "social_media",
            EntryKind::Voicemail => "voicemail",
            EntryKind::LetterGiftDelivery => "letter_gift_delivery",
            EntryKind::Sighting => "sighting",
            EntryKind::Following => "following",
            EntryKind::ApproachVisit => "approach_visit",
            EntryKind::PropertyDamage => "property_damage",
            EntryKind::Threat => "threat",
            EntryKind::ThirdPartyContact => "third_party_contact",
            EntryKind::Report => "report",
            EntryKind::Other => "other",
        }
    }

    /// Plain words for people.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Call => "Call",
            EntryKind::TextMessage => "Text message",
            EntryKind::Email => "Email",
            EntryKind::SocialMedia => "Social media / online",
            EntryKind::Voicemail => "Voicemail",
            EntryKind::LetterGiftDelivery => "Letter, gift or delivery",
            EntryKind::Sighting => "Sighting",
            EntryKind::Following => "Following or loitering",
            EntryKind::ApproachVisit => "Approach or visit",
            EntryKind::PropertyDamage => "Property damage",
            EntryKind::Threat => "Threat",
            EntryKind::ThirdPartyContact => "Contact through others",
            EntryKind::Report => "Report to police or others",
            EntryKind::Other => "Other",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryKind {
    type Err = String;

    /// Accepts the machine name with `_` or `-`, in any case, and a few everyday words.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match norm.as_str() {
            "text" | "sms" | "message" => Some(EntryKind::TextMessage),
            "social" | "online" => Some(EntryKind::SocialMedia),
            "letter" | "gift" | "delivery" => Some(EntryKind::LetterGiftDelivery),
            "loitering" => Some(EntryKind::Following),
            "approach" | "visit" => Some(EntryKind::ApproachVisit),
            "damage" => Some(EntryKind::PropertyDamage),
            "third_party" => Some(EntryKind::ThirdPartyContact),
            _ => None,
        };
        alias.or_else(|| EntryKind::ALL.into_iter().find(|k| k.as_str() == norm)).ok_or_else(|| {
            let names: Vec<_> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown kind {s:?}; use one of: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_from_its_own_name() {
        for kind in EntryKind::ALL {
            assert_eq!(kind.as_str().parse::<EntryKind>(), Ok(kind));
            assert_eq!(kind.as_str().replace('_', "-").parse::<EntryKind>(), Ok(kind));
        }
    }

    #[test]
    fn unknown_kind_lists_the_choices() {
        let err = "teleport".parse::<EntryKind>().unwrap_err();
        assert!(err.contains("sighting"));
    }
}
