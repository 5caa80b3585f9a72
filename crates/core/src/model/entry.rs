use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{EntryKind, MAX_TEXT_BYTES, MAX_TITLE_CHARS};
use crate::error::{Result, VaultError};

/// When something happened, as the person gives it: with its UTC offset, possibly
/// approximate, possibly lasting until `end`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurredAt {
    /// When it started (or happened), with the offset the person was in.
    pub start: DateTime<FixedOffset>,
    /// The person is not sure of the exact time.
    #[serde(default)]
    pub approximate: bool,
    /// When it ended, for something that lasted (following, loitering, a long call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<FixedOffset>>,
}

/// Which way a call went.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallDirection {
    /// They called; it was answered.
    Incoming,
    /// The person called them (for example, to tell them to stop).
    Outgoing,
    /// They called; it was not answered.
    Missed,
    /// They called; it was declined.
    Rejected,
    /// They called; the phone blocked it.
    Blocked,
}

impl std::str::FromStr for CallDirection {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "incoming" | "in" => Ok(Self::Incoming),
            "outgoing" | "out" => Ok(Self::Outgoing),
            "missed" => Ok(Self::Missed),
            "rejected" | "declined" => Ok(Self::Rejected),
            "blocked" => Ok(Self::Blocked),
            other => {
                Err(format!("unknown call direction {other:?}; use incoming, outgoing, missed, rejected or blocked"))
            }
        }
    }
}

/// Call-specific fields.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallDetails {
    /// Which way the call went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<CallDirection>,
    /// How long it lasted, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<u32>,
}

/// What the person did about it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsTaken {
    /// The number, account or address was blocked.
    #[serde(default)]
    pub blocked: bool,
    /// Who it was reported to (police, employer, platform, helpline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_to: Option<String>,
    /// Police reference (crime or incident number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<String>,
    /// Officer's name or collar number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// Anything else done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

/// Where an entry came from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntrySource {
    /// Typed by the person.
    #[default]
    Manual,
    /// Made from an item in an imported export (SMS backup, chat export, mailbox).
    Import {
        /// The import's format (for example `sms_backup_restore`).
        format: String,
        /// A stable key for the item within that format, used to skip duplicates.
        item_key: String,
        /// Where the item's exact original bytes are in the export file, so a pack can carry
        /// that excerpt instead of the whole file. Absent for entries imported before spans
        /// were recorded, for the "export imported" entry itself, and for exports whose text
        /// had to be converted (UTF-16, Latin-1) to be read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        span: Option<SourceSpan>,
    },
}

/// An item's exact bytes within the export file it was imported from. Committed with the
/// entry, so a pack's excerpt can be checked against what was recorded at import.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// SHA-256 of the whole export file, hex.
    pub source_sha256: String,
    /// For a ZIP export: the file inside it that the offsets are in (`_chat.txt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The first byte, counted from 0.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub start: u64,
    /// One past the last byte.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub end: u64,
    /// SHA-256 of the bytes `start..end`, hex.
    pub sha256: String,
}

/// Everything a person records about one incident. `recorded_at` is not here: the vault sets
/// it from its clock, never the caller.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryFields {
    /// When it happened.
    pub occurred: OccurredAt,
    /// What kind of incident.
    pub kind: EntryKind,
    /// A short summary line.
    pub title: String,
    /// What happened, in the person's words.
    #[serde(default)]
    pub narrative: String,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The channel: phone, WhatsApp, Instagram, email, in person...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The number, handle, email address or URL it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// For calls: direction and duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallDetails>,
    /// The person responsible, by their id in the case details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<u32>,
    /// Who else saw or heard it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    // Left out of the JSON when empty, so TypeScript must treat it as optional.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub witnesses: Vec<String>,
    /// How it affected the person (fear, alarm, distress, changes to routine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// What was done about it.
    #[serde(default)]
    pub actions: ActionsTaken,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    // Left out of the JSON when empty, so TypeScript must treat it as optional.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub tags: Vec<String>,
    /// Typed by hand or imported.
    #[serde(default)]
    pub source: EntrySource,
}

impl EntryFields {
    /// A minimal entry: the rest can be filled in field by field.
    pub fn new(kind: EntryKind, title: impl Into<String>, start: DateTime<FixedOffset>) -> Self {
        Self {
            occurred: OccurredAt { start, approximate: false, end: None },
            kind,
            title: title.into(),
            narrative: String::new(),
            location: None,
            channel: None,
            identifier: None,
            call: None,
            person_id: None,
            witnesses: Vec::new(),
            impact: None,
            actions: ActionsTaken::default(),
            tags: Vec::new(),
            source: EntrySource::Manual,
        }
    }

    /// Tidies whitespace and refuses what cannot be right, with a message a person can act on.
    pub fn validate(mut self) -> Result<Self> {
        self.title = self.title.trim().to_owned();
        if self.title.is_empty() {
            return Err(VaultError::InvalidInput("a title is needed (a few words will do)".into()));
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(VaultError::InvalidInput(format!(
                "the title is longer than {MAX_TITLE_CHARS} characters; put the detail in the narrative"
            )));
        }
        for (name, text) in [("narrative", Some(&self.narrative)), ("impact", self.impact.as_ref())] {
            if text.is_some_and(|t| t.len() > MAX_TEXT_BYTES) {
                return Err(VaultError::TooLarge { what: format!("the {name}"), limit: MAX_TEXT_BYTES as u64 });
            }
        }
        if let Some(end) = self.occurred.end
            && end < self.occurred.start
        {
            return Err(VaultError::InvalidInput("the end time is before the start time".into()));
        }
        let tidy = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.location = tidy(self.location);
        self.channel = tidy(self.channel);
        self.identifier = tidy(self.identifier);
        self.impact = tidy(self.impact);
        self.actions.reported_to = tidy(self.actions.reported_to);
        self.actions.police_reference = tidy(self.actions.police_reference);
        self.actions.officer = tidy(self.actions.officer);
        self.actions.other = tidy(self.actions.other);
        // Duplicates anywhere go, the first one stays where the person put it.
        let mut seen = std::collections::HashSet::new();
        self.tags = self
            .tags
            .into_iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty() && seen.insert(t.clone()))
            .collect();
        self.witnesses = self.witnesses.into_iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        Ok(self)
    }

    /// All searchable text of the entry, for the in-memory text search.
    pub(crate) fn haystack(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.title, &self.narrative];
        parts.extend(
            [&self.location, &self.channel, &self.identifier, &self.impact].into_iter().flatten().map(String::as_str),
        );
        parts.extend(self.witnesses.iter().map(String::as_str));
        parts.extend(self.tags.iter().map(String::as_str));
        parts.extend(
            [&self.actions.reported_to, &self.actions.police_reference, &self.actions.officer, &self.actions.other]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        parts.join("\n").to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    fn fields() -> EntryFields {
        let at = FixedOffset::east_opt(0).and_then(|tz| tz.with_ymd_and_hms(2026, 11, 20, 21, 14, 0).single());
        EntryFields::new(EntryKind::Call, "Missed call", at.expect("a valid time"))
    }

    #[test]
    fn blank_actions_are_dropped_not_stored_as_empty_text() {
        let mut f = fields();
        f.actions.reported_to = Some("  ".into());
        f.actions.police_reference = Some(" CAD 1234 ".into());
        f.actions.officer = Some(String::new());
        f.actions.other = Some("\n".into());
        let f = f.validate().expect("valid");
        assert_eq!(f.actions.reported_to, None);
        assert_eq!(f.actions.police_reference.as_deref(), Some("CAD 1234"));
        assert_eq!(f.actions.officer, None);
        assert_eq!(f.actions.other, None);
    }

    #[test]
    fn repeated_tags_are_kept_once_in_first_seen_order() {
        let mut f = fields();
        f.tags = vec!["night".into(), " bus ".into(), "night".into(), "".into(), "bus".into(), "work".into()];
        assert_eq!(f.validate().expect("valid").tags, ["night", "bus", "work"]);
    }
}
