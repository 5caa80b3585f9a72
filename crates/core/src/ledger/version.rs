//! Reading entry versions (`entry_created`, `entry_revised` bodies) for lists and search,
//! parsing only what is needed.
//!
//! [`RecordBody`](super::RecordBody) is parsed through a flattened, internally tagged enum:
//! serde first buffers the whole object, then parses it again. A list of thousands of
//! entries does not need that. [`EntryText`] borrows the searchable text straight from the
//! body bytes (copying only strings with escapes), so an entry that does not contain the
//! searched-for text is rejected without building it; [`parse_version`] reads a version
//! into its fields in one pass. Both refuse what [`super::parse_body`] refuses for these
//! kinds: a body version other than 1, and any other kind (an index pointing at the wrong
//! record is corruption, not an empty entry).

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, de};

use super::body::BODY_VERSION;
use crate::error::{Result, VaultError};
use crate::model::EntryFields;

/// A JSON string, borrowed from the body bytes unless it had escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

/// Body version and kind, checked before anything else is trusted.
fn check_kind(seq: i64, v: u32, kind: &str) -> Result<()> {
    let corrupt = |detail: String| VaultError::Corrupt { seq: Some(seq), detail };
    if v != BODY_VERSION {
        return Err(corrupt(format!("the record body has version {v}, which this Casebook does not read")));
    }
    match kind {
        "entry_created" | "entry_revised" => Ok(()),
        _ => Err(corrupt("expected an entry version".into())),
    }
}

#[derive(Deserialize)]
struct TextBody<'a> {
    v: u32,
    #[serde(borrow)]
    kind: Text<'a>,
    #[serde(borrow)]
    entry: EntryTextFields<'a>,
}

#[derive(Deserialize)]
struct EntryTextFields<'a> {
    #[serde(borrow)]
    title: Text<'a>,
    #[serde(borrow, default)]
    narrative: Option<Text<'a>>,
    #[serde(borrow, default)]
    location: Option<Text<'a>>,
    #[serde(borrow, default)]
    channel: Option<Text<'a>>,
    #[serde(borrow, default)]
    identifier: Option<Text<'a>>,
    #[serde(borrow, default)]
    impact: Option<Text<'a>>,
    #[serde(borrow, default)]
    witnesses: Vec<Text<'a>>,
    #[serde(borrow, default)]
    tags: Vec<Text<'a>>,
    #[serde(borrow, default)]
    actions: Option<ActionsText<'a>>,
}

#[derive(Deserialize)]
struct ActionsText<'a> {
    #[serde(borrow, default)]
    reported_to: Option<Text<'a>>,
    #[serde(borrow, default)]
    police_reference: Option<Text<'a>>,
    #[serde(borrow, default)]
    officer: Option<Text<'a>>,
    #[serde(borrow, default)]
    other: Option<Text<'a>>,
}

/// The searchable text of one entry version, mostly borrowed from its body bytes.
pub(crate) struct EntryText<'a>(EntryTextFields<'a>);

impl<'a> EntryText<'a> {
    /// Reads the text of the entry version in `body_bytes` (already verified against its
    /// commitment).
    pub(crate) fn parse(seq: i64, body_bytes: &'a [u8]) -> Result<Self> {
        let body: TextBody<'a> = serde_json::from_slice(body_bytes).map_err(|e| VaultError::Corrupt {
            seq: Some(seq),
            detail: format!("the record body is not understood ({e})"),
        })?;
        check_kind(seq, body.v, &body.kind.0)?;
        Ok(Self(body.entry))
    }

    /// The searchable fields, in the order of [`EntryFields::haystack`]: title, narrative,
    /// location, channel, identifier, impact, witnesses, tags, then the actions' texts.
    pub(crate) fn parts(&self) -> impl Iterator<Item = &str> {
        fn text<'t>(t: Option<&'t Text<'_>>) -> Option<&'t str> {
            t.map(|t| &*t.0)
        }
        let e = &self.0;
        let actions = e.actions.as_ref();
        [Some(&*e.title.0), Some(text(e.narrative.as_ref()).unwrap_or(""))]
            .into_iter()
            .chain([
                text(e.location.as_ref()),
                text(e.channel.as_ref()),
                text(e.identifier.as_ref()),
                text(e.impact.as_ref()),
            ])
            .flatten()
            .chain(e.witnesses.iter().map(|t| &*t.0))
            .chain(e.tags.iter().map(|t| &*t.0))
            .chain(
                [
                    text(actions.and_then(|a| a.reported_to.as_ref())),
                    text(actions.and_then(|a| a.police_reference.as_ref())),
                    text(actions.and_then(|a| a.officer.as_ref())),
                    text(actions.and_then(|a| a.other.as_ref())),
                ]
                .into_iter()
                .flatten(),
            )
    }
}

/// One entry version, read in one pass.
#[derive(Clone)]
pub(crate) struct Version {
    /// When this version was recorded.
    pub recorded_at: DateTime<Utc>,
    /// 1 for `entry_created`, else the revision number.
    pub revision: u32,
    /// The entry as this version reads.
    pub fields: EntryFields,
}

#[derive(Deserialize)]
struct VersionBody<'a> {
    v: u32,
    recorded_at: DateTime<Utc>,
    #[serde(borrow)]
    kind: Text<'a>,
    #[serde(default)]
    revision: Option<u32>,
    entry: EntryFields,
}

/// Reads the entry version in `body_bytes` (already verified against its commitment).
pub(crate) fn parse_version(seq: i64, body_bytes: &[u8]) -> Result<Version> {
    let corrupt = |detail: String| VaultError::Corrupt { seq: Some(seq), detail };
    let body: VersionBody<'_> =
        serde_json::from_slice(body_bytes).map_err(|e| corrupt(format!("the record body is not understood ({e})")))?;
    check_kind(seq, body.v, &body.kind.0)?;
    let revision = match (&*body.kind.0, body.revision) {
        ("entry_created", _) => 1,
        (_, Some(revision)) => revision,
        (_, None) => return Err(corrupt("the revision has no number".into())),
    };
    Ok(Version { recorded_at: body.recorded_at, revision, fields: body.entry })
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::ledger::{Event, RecordBody, parse_body};
    use crate::model::{ActionsTaken, EntryKind};

    fn fields() -> EntryFields {
        let start: DateTime<FixedOffset> = "2026-03-01T21:10:00+01:00".parse().unwrap();
        let mut f = EntryFields::new(EntryKind::Call, "Withheld \"number\", 3 rings", start);
        f.narrative = "Line one\nline two with a tab\t and ΣΑΣ".into();
        f.location = Some("Bus stop".into());
        f.identifier = Some("07700 900123".into());
        f.witnesses = vec!["Mum".into(), "A. Neighbour".into()];
        f.tags = vec!["night".into()];
        f.actions =
            ActionsTaken { officer: Some("PC 123".into()), other: Some("\\u00e9".into()), ..Default::default() };
        f
    }

    fn body(event: Event, backwards: bool) -> Vec<u8> {
        let body = RecordBody {
            v: 1,
            recorded_at: "2026-03-01T21:16:00.5Z".parse().unwrap(),
            clock_went_backwards: backwards,
            event,
        };
        serde_json::to_vec(&body).unwrap()
    }

    #[test]
    fn versions_read_in_one_pass_match_the_full_parse() {
        let created = body(Event::EntryCreated { entry_id: 4, entry: fields() }, false);
        let revised =
            body(Event::EntryRevised { entry_id: 4, revision: 3, reason: "typo".into(), entry: fields() }, true);
        for (bytes, want_revision) in [(created, 1), (revised, 3)] {
            let full = parse_body(9, &bytes).unwrap();
            let quick = parse_version(9, &bytes).unwrap();
            assert_eq!(quick.recorded_at, full.recorded_at);
            assert_eq!(quick.revision, want_revision);
            let (Event::EntryCreated { entry, .. } | Event::EntryRevised { entry, .. }) = full.event else {
                panic!("not an entry version")
            };
            assert_eq!(quick.fields, entry);
            let text = EntryText::parse(9, &bytes).unwrap();
            assert_eq!(text.parts().collect::<Vec<_>>().join("\n").to_lowercase(), entry.haystack());
        }
    }

    #[test]
    fn other_kinds_and_versions_are_refused() {
        let retracted = body(Event::EntryRetracted { entry_id: 4, reason: "wrong".into() }, false);
        assert!(matches!(parse_version(5, &retracted), Err(VaultError::Corrupt { seq: Some(5), .. })));
        assert!(matches!(EntryText::parse(5, &retracted), Err(VaultError::Corrupt { seq: Some(5), .. })));
        let created = String::from_utf8(body(Event::EntryCreated { entry_id: 4, entry: fields() }, false)).unwrap();
        let newer = created.replacen("\"v\":1", "\"v\":2", 1).into_bytes();
        assert!(matches!(parse_version(5, &newer), Err(VaultError::Corrupt { seq: Some(5), .. })));
        assert!(matches!(EntryText::parse(5, &newer), Err(VaultError::Corrupt { seq: Some(5), .. })));
        let unknown = created.replacen("entry_created", "entry_teleported", 1).into_bytes();
        assert!(parse_body(5, &unknown).is_err());
        assert!(parse_version(5, &unknown).is_err());
        assert!(EntryText::parse(5, &unknown).is_err());
    }
}
