//! One Telegram message, read from its own bytes (copied as the export was streamed) into typed
//! fields that borrow from those bytes: no `serde_json::Value` tree, no copy of a string that
//! needs no unescaping. Every field is lenient, as reading a `Value` was: a field of another
//! JSON type than Telegram writes reads as absent, so it makes the message unreadable (said by
//! the importer) rather than the file.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The fields of a message the importer reads. Unknown fields are skipped.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Msg<'a> {
    #[serde(borrow)]
    pub id: Any<'a>,
    #[serde(borrow, rename = "type")]
    pub kind: Any<'a>,
    #[serde(borrow)]
    pub date_unixtime: Any<'a>,
    #[serde(borrow)]
    pub date: Any<'a>,
    #[serde(borrow)]
    pub from: Any<'a>,
    #[serde(borrow)]
    pub from_id: Any<'a>,
    #[serde(borrow)]
    pub actor: Any<'a>,
    #[serde(borrow)]
    pub actor_id: Any<'a>,
    #[serde(borrow)]
    pub action: Any<'a>,
    #[serde(borrow)]
    pub duration_seconds: Any<'a>,
    #[serde(borrow)]
    pub discard_reason: Any<'a>,
    #[serde(borrow)]
    pub text: Text<'a>,
    #[serde(borrow)]
    pub photo: Any<'a>,
    #[serde(borrow)]
    pub file: Any<'a>,
    #[serde(borrow)]
    pub media_type: Any<'a>,
    #[serde(borrow)]
    pub sticker_emoji: Any<'a>,
    #[serde(borrow)]
    pub forwarded_from: Any<'a>,
    #[serde(borrow)]
    pub edited: Any<'a>,
    #[serde(borrow)]
    pub location_information: Object<'a>,
    #[serde(borrow)]
    pub poll: Object<'a>,
}

/// Any JSON value, kept only if it is a string or a number.
#[derive(Default, Debug, PartialEq)]
pub(super) enum Any<'a> {
    #[default]
    Absent,
    Str(Cow<'a, str>),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// null, a boolean, a list or an object.
    Other,
}

impl Any<'_> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Any::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Any::Int(n) => Some(n),
            Any::UInt(n) => i64::try_from(n).ok(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Any::Int(n) => u64::try_from(n).ok(),
            Any::UInt(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Any::Int(n) => Some(n as f64),
            Any::UInt(n) => Some(n as f64),
            Any::Float(f) => Some(f),
            _ => None,
        }
    }
}

struct AnyVisitor;

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = Any<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Any<'de>, E> {
        Ok(Any::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Any<'de>, E> {
        Ok(Any::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Any<'de>, E> {
        Ok(Any::Str(Cow::Owned(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Any<'de>, E> {
        Ok(Any::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Any<'de>, E> {
        Ok(Any::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Any<'de>, E> {
        Ok(Any::Float(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Any<'de>, E> {
        Ok(Any::Other)
    }
    fn visit_unit<E>(self) -> Result<Any<'de>, E> {
        Ok(Any::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Any<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Any::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Any<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Any::Other)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Any<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyVisitor)
    }
}

/// Whether a value is a JSON object; the value is read whole and nothing is kept (the first pass
/// over a message, on the stream).
pub(super) struct IsObject;

impl<'de> Visitor<'de> for IsObject {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        AnyVisitor.visit_map(map).map(|_| true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        AnyVisitor.visit_seq(seq).map(|_| false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// The few fields read from a nested object (`location_information`, `poll`); anything else
/// in its place reads as empty.
#[derive(Default)]
pub(super) struct Object<'a> {
    pub latitude: Any<'a>,
    pub longitude: Any<'a>,
    pub question: Any<'a>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Object<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'de>, A::Error> {
                let mut o = Object::default();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match &*key {
                        "latitude" => o.latitude = map.next_value()?,
                        "longitude" => o.longitude = map.next_value()?,
                        "question" => o.question = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(o)
            }
        }
        // Not an object: read it whole and keep nothing.
        match d.deserialize_any(ObjectOrNot(V))? {
            Some(o) => Ok(o),
            None => Ok(Object::default()),
        }
    }
}

/// Visits an object with the inner visitor; anything else is skipped.
struct ObjectOrNot<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectOrNot<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        AnyVisitor.visit_seq(seq).map(|_| None)
    }
    fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A message's `text`: absent or null (empty), a string, or a list of strings and
/// `{"type", "text", "href"?, ...}` parts; anything else is `Bad`.
#[derive(Default)]
pub(super) enum Text<'a> {
    #[default]
    Empty,
    Plain(Cow<'a, str>),
    Parts(Vec<Part<'a>>),
    Bad,
}

/// One part of a list `text`.
pub(super) enum Part<'a> {
    Plain(Cow<'a, str>),
    Entity { text: Option<Cow<'a, str>>, href: Option<Cow<'a, str>> },
    Bad,
}

impl Text<'_> {
    /// Whether [`Text::flatten`] gives words (without building them).
    pub fn is_readable(&self) -> bool {
        match self {
            Text::Empty | Text::Plain(_) => true,
            Text::Bad => false,
            Text::Parts(parts) => !parts.iter().any(|p| matches!(p, Part::Bad)),
        }
    }

    /// The words as a person reads them, a link's address after its words (`None`: `Bad`).
    pub fn flatten(&self) -> Option<String> {
        match self {
            Text::Empty => Some(String::new()),
            Text::Plain(s) => Some(s.to_string()),
            Text::Bad => None,
            Text::Parts(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Plain(s) => out.push_str(s),
                        Part::Entity { text, href } => {
                            let words = text.as_deref().unwrap_or_default();
                            out.push_str(words);
                            if let Some(href) = href.as_deref()
                                && href != words
                            {
                                out.push_str(&format!(" ({href})"));
                            }
                        }
                        Part::Bad => return None,
                    }
                }
                Some(out)
            }
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of parts")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Plain(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text::Plain(Cow::Owned(v.to_owned())))
            }
            fn visit_unit<E>(self) -> Result<Text<'de>, E> {
                Ok(Text::Empty)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text<'de>, E> {
                Ok(Text::Bad)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text<'de>, E> {
                Ok(Text::Bad)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Text<'de>, E> {
                Ok(Text::Bad)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Text<'de>, E> {
                Ok(Text::Bad)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
                AnyVisitor.visit_map(map).map(|_| Text::Bad)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text<'de>, A::Error> {
                let mut parts = Vec::new();
                while let Some(part) = seq.next_element::<Part<'de>>()? {
                    parts.push(part);
                }
                Ok(Text::Parts(parts))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Part<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Part<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an entity")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Part<'de>, E> {
                Ok(Part::Plain(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Part<'de>, E> {
                Ok(Part::Plain(Cow::Owned(v.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Part<'de>, A::Error> {
                let (mut text, mut href) = (None, None);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let slot = match &*key {
                        "text" => &mut text,
                        "href" => &mut href,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = match map.next_value::<Any<'de>>()? {
                        Any::Str(s) => Some(s),
                        _ => None,
                    };
                }
                Ok(Part::Entity { text, href })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Part<'de>, A::Error> {
                AnyVisitor.visit_seq(seq).map(|_| Part::Bad)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Part<'de>, E> {
                Ok(Part::Bad)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Part<'de>, E> {
                Ok(Part::Bad)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Part<'de>, E> {
                Ok(Part::Bad)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Part<'de>, E> {
                Ok(Part::Bad)
            }
            fn visit_unit<E>(self) -> Result<Part<'de>, E> {
                Ok(Part::Bad)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a `text` value; checks that the first pass's [`Text::is_readable`] agrees.
    fn text(json: &str) -> Option<String> {
        let text = serde_json::from_str::<Text<'_>>(json).unwrap_or(Text::Bad);
        let words = text.flatten();
        assert_eq!(text.is_readable(), words.is_some(), "{json}");
        words
    }

    #[test]
    fn text_as_a_string_or_a_list_of_parts() {
        let parts = r#"["Look ", {"type": "bold", "text": "outside"}, " ",
            {"type": "text_link", "text": "here", "href": "https://example.com/x"}]"#;
        assert_eq!(text(parts).as_deref(), Some("Look outside here (https://example.com/x)"));
        assert_eq!(text(r#""plain \"quoted\"""#).as_deref(), Some("plain \"quoted\""));
        assert_eq!(text("null").as_deref(), Some(""));
        assert_eq!(text("12"), None);
        assert_eq!(text("[12]"), None);
        assert_eq!(text(r#"{"text": "x"}"#), None);
    }

    #[test]
    fn fields_of_another_type_read_as_absent_not_as_an_error() {
        let m: Msg<'_> = serde_json::from_str(
            r#"{"id": "seven", "type": ["message"], "date_unixtime": 5, "from": null, "poll": "x",
                "location_information": {"latitude": 51.5, "longitude": -0.1}, "extra": {"a": [1]}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (m.id.as_i64(), m.kind.as_str(), m.date_unixtime.as_str(), m.from.as_str()),
            (None, None, None, None)
        );
        assert_eq!(m.location_information.latitude.as_f64(), Some(51.5));
        assert_eq!(m.poll.question, Any::Absent);
    }
}
