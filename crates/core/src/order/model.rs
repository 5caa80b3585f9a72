//! What an order says: its kind, who made it, when, and its terms. These are the values the
//! `order_*` ledger records carry (docs/FORMAT.md, "Orders and breaches"); their JSON field
//! names are part of the stored format.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Result, VaultError};

/// Longest court name, reference or reason, in characters.
pub const MAX_ORDER_TEXT_CHARS: usize = 500;
/// Longest term, in characters (an exclusion zone can take a paragraph to describe).
pub const MAX_TERM_CHARS: usize = 2000;
/// Most terms one order can hold.
pub const MAX_TERMS: usize = 50;

/// What kind of order it is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// An interim Stalking Protection Order (Stalking Protection Act 2019, s.5).
    InterimSpo,
    /// A Stalking Protection Order (Stalking Protection Act 2019).
    FullSpo,
    /// A non-molestation order (Family Law Act 1996, s.42).
    NonMolestation,
    /// A restraining order (on conviction or acquittal).
    Restraining,
    /// A civil injunction.
    Injunction,
    /// Bail conditions.
    BailConditions,
    /// Any other order.
    Other,
}

impl OrderKind {
    /// Every kind, in the order the front ends offer them.
    pub const ALL: [OrderKind; 7] = [
        OrderKind::InterimSpo,
        OrderKind::FullSpo,
        OrderKind::NonMolestation,
        OrderKind::Restraining,
        OrderKind::Injunction,
        OrderKind::BailConditions,
        OrderKind::Other,
    ];

    /// The name on the command line (`interim-spo`, ...).
    pub fn as_arg(self) -> &'static str {
        match self {
            OrderKind::InterimSpo => "interim-spo",
            OrderKind::FullSpo => "spo",
            OrderKind::NonMolestation => "non-molestation",
            OrderKind::Restraining => "restraining",
            OrderKind::Injunction => "injunction",
            OrderKind::BailConditions => "bail",
            OrderKind::Other => "other",
        }
    }

    /// The kind in words, as the report prints it.
    pub fn label(self) -> &'static str {
        match self {
            OrderKind::InterimSpo => "Interim Stalking Protection Order",
            OrderKind::FullSpo => "Stalking Protection Order",
            OrderKind::NonMolestation => "Non-molestation order",
            OrderKind::Restraining => "Restraining order",
            OrderKind::Injunction => "Injunction",
            OrderKind::BailConditions => "Bail conditions",
            OrderKind::Other => "Order",
        }
    }
}

impl std::str::FromStr for OrderKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        OrderKind::ALL.into_iter().find(|k| k.as_arg() == s).ok_or_else(|| {
            let all: Vec<&str> = OrderKind::ALL.iter().map(|k| k.as_arg()).collect();
            format!("unknown order kind {s:?}; use one of {}", all.join(", "))
        })
    }
}

/// A term most orders of this kind contain, offered to pick and then edit.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermPreset {
    /// No contact by any means.
    NoContact,
    /// No contact through other people.
    NoContactThroughOthers,
    /// Not to refer to the person on social media.
    NoSocialMedia,
    /// Not to enter an exclusion zone (described in the details).
    ExclusionZone,
    /// Not to monitor or follow the person.
    NoMonitoring,
    /// Not to go within a distance of a person or place (given in the details).
    KeepAway,
}

impl TermPreset {
    /// Every preset, in the order the front ends offer them.
    pub const ALL: [TermPreset; 6] = [
        TermPreset::NoContact,
        TermPreset::NoContactThroughOthers,
        TermPreset::NoSocialMedia,
        TermPreset::ExclusionZone,
        TermPreset::NoMonitoring,
        TermPreset::KeepAway,
    ];

    /// The name on the command line (`no-contact`, ...).
    pub fn as_arg(self) -> &'static str {
        match self {
            TermPreset::NoContact => "no-contact",
            TermPreset::NoContactThroughOthers => "no-third-party-contact",
            TermPreset::NoSocialMedia => "no-social-media",
            TermPreset::ExclusionZone => "exclusion-zone",
            TermPreset::NoMonitoring => "no-monitoring",
            TermPreset::KeepAway => "keep-away",
        }
    }

    /// The term's usual wording. For the two presets that need details (the zone, the
    /// distance and from what), the details complete it.
    pub fn wording(self, details: Option<&str>) -> Result<String> {
        let details = details.map(str::trim).filter(|d| !d.is_empty());
        let base = match self {
            TermPreset::NoContact => "Not to contact the protected person directly by any means",
            TermPreset::NoContactThroughOthers => "Not to contact the protected person through any other person",
            TermPreset::NoSocialMedia => "Not to refer to the protected person on any social media",
            TermPreset::ExclusionZone => "Not to enter the exclusion zone",
            TermPreset::NoMonitoring => "Not to monitor, watch or follow the protected person",
            TermPreset::KeepAway => "Not to go within",
        };
        match (self, details) {
            (TermPreset::ExclusionZone, None) => Err(VaultError::InvalidInput(
                "an exclusion zone term needs the zone described (its streets or area)".into(),
            )),
            (TermPreset::KeepAway, None) => Err(VaultError::InvalidInput(
                "a keep-away term needs the distance and from what, for example \"100 metres of 12 Acacia Avenue\""
                    .into(),
            )),
            (TermPreset::ExclusionZone, Some(d)) => Ok(format!("{base}: {d}")),
            (TermPreset::KeepAway, Some(d)) => Ok(format!("{base} {d}")),
            (_, Some(d)) => Ok(format!("{base} ({d})")),
            (_, None) => Ok(base.to_owned()),
        }
    }
}

impl std::str::FromStr for TermPreset {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        TermPreset::ALL.into_iter().find(|k| k.as_arg() == s).ok_or_else(|| {
            let all: Vec<&str> = TermPreset::ALL.iter().map(|k| k.as_arg()).collect();
            format!("unknown term {s:?}; use one of {}, or a term in your own words", all.join(", "))
        })
    }
}

/// One term of an order. Its number stays with it through variations and is never reused,
/// so a breach marked against term 2 keeps meaning that term after the order is varied.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTerm {
    /// The term's number within its order, from 1.
    pub id: u32,
    /// The preset it was made from, if any (suggestions use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<TermPreset>,
    /// The term as worded on the order.
    pub text: String,
}

/// A term as the person gives it, before it is numbered.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermInput {
    /// A term already on the order, to keep (edited or not); absent for a new one.
    #[serde(default)]
    pub id: Option<u32>,
    /// The preset it starts from, if any.
    #[serde(default)]
    pub preset: Option<TermPreset>,
    /// For a preset: its details (the zone, the distance); for a free term: the whole term.
    /// For a kept term: its new wording, or nothing to keep the wording.
    #[serde(default)]
    pub text: Option<String>,
}

impl TermInput {
    /// A preset term, completed with `details`.
    pub fn preset(preset: TermPreset, details: Option<&str>) -> Self {
        Self { id: None, preset: Some(preset), text: details.map(str::to_owned) }
    }

    /// A term in the person's own words.
    pub fn free(text: &str) -> Self {
        Self { id: None, preset: None, text: Some(text.to_owned()) }
    }
}

/// The order as made or varied (not its service or discharge, which are records of their own).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetails {
    /// What kind of order.
    pub kind: OrderKind,
    /// The court (or police station, for bail) that made it.
    pub court: String,
    /// The date it was made.
    pub made_on: NaiveDate,
    /// The date it ends, if it has one ("until further order" has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// The court's case number or the order's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its terms.
    pub terms: Vec<OrderTerm>,
}

/// What the person gives to record an order, or a variation of one.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderInput {
    /// What kind of order.
    pub kind: OrderKind,
    /// The court (or police station) that made it.
    pub court: String,
    /// The date it was made.
    pub made_on: NaiveDate,
    /// The date it was served on the person it restrains, if it has been.
    #[serde(default)]
    pub served_on: Option<NaiveDate>,
    /// The date it ends, if any.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
    /// The court's reference.
    #[serde(default)]
    pub reference: Option<String>,
    /// Its terms, in the order's order.
    pub terms: Vec<TermInput>,
}

pub(crate) fn tidy_text(what: &str, text: &str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(VaultError::InvalidInput(format!("{what} is longer than {max} characters")));
    }
    Ok(text.to_owned())
}

pub(crate) fn tidy_optional(what: &str, text: Option<String>, max: usize) -> Result<Option<String>> {
    Ok(match text {
        Some(t) => Some(tidy_text(what, &t, max)?).filter(|t| !t.is_empty()),
        None => None,
    })
}

/// Numbers `inputs` into terms: kept terms keep their number (they must be among `earlier`,
/// the terms the order has ever had), new ones are numbered after the highest number ever
/// used, so a removed term's number is never given to another.
pub(crate) fn number_terms(inputs: Vec<TermInput>, earlier: &[OrderTerm]) -> Result<Vec<OrderTerm>> {
    if inputs.is_empty() {
        return Err(VaultError::InvalidInput("an order needs at least one term".into()));
    }
    if inputs.len() > MAX_TERMS {
        return Err(VaultError::InvalidInput(format!("an order can hold at most {MAX_TERMS} terms")));
    }
    let mut next = earlier.iter().map(|t| t.id).max().unwrap_or(0) + 1;
    let mut out: Vec<OrderTerm> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let term = match input.id {
            Some(id) => {
                let was = earlier
                    .iter()
                    .rev()
                    .find(|t| t.id == id)
                    .ok_or_else(|| VaultError::InvalidInput(format!("the order has no term {id} to keep")))?;
                let text = match input.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => t.to_owned(),
                    None => was.text.clone(),
                };
                OrderTerm { id, preset: input.preset.or(was.preset), text }
            }
            None => {
                let text = match input.preset {
                    Some(p) => p.wording(input.text.as_deref())?,
                    None => input.text.unwrap_or_default(),
                };
                let term = OrderTerm { id: next, preset: input.preset, text };
                next += 1;
                term
            }
        };
        let text = tidy_text("a term", &term.text, MAX_TERM_CHARS)?;
        if text.is_empty() {
            return Err(VaultError::InvalidInput("a term cannot be empty".into()));
        }
        if out.iter().any(|t| t.id == term.id) {
            return Err(VaultError::InvalidInput(format!("term {} is given twice", term.id)));
        }
        out.push(OrderTerm { text, ..term });
    }
    Ok(out)
}

/// Checks the dates and texts of an order as given, and numbers its terms after `earlier`.
pub(crate) fn details_of(input: OrderInput, earlier: &[OrderTerm]) -> Result<(OrderDetails, Option<NaiveDate>)> {
    let court = tidy_text("the court", &input.court, MAX_ORDER_TEXT_CHARS)?;
    if court.is_empty() {
        return Err(VaultError::InvalidInput(
            "give the court (or police station) that made the order, as written on it".into(),
        ));
    }
    if let Some(served) = input.served_on
        && served < input.made_on
    {
        return Err(VaultError::InvalidInput(format!(
            "the order cannot have been served ({served}) before it was made ({})",
            input.made_on
        )));
    }
    if let Some(expires) = input.expires_on
        && expires < input.made_on
    {
        return Err(VaultError::InvalidInput(format!(
            "the order cannot end ({expires}) before it was made ({})",
            input.made_on
        )));
    }
    let details = OrderDetails {
        kind: input.kind,
        court,
        made_on: input.made_on,
        expires_on: input.expires_on,
        reference: tidy_optional("the reference", input.reference, MAX_ORDER_TEXT_CHARS)?,
        terms: number_terms(input.terms, earlier)?,
    };
    Ok((details, input.served_on))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_that_need_details_refuse_to_go_without() {
        assert!(TermPreset::ExclusionZone.wording(None).is_err());
        assert!(TermPreset::KeepAway.wording(Some("  ")).is_err());
        assert_eq!(
            TermPreset::KeepAway.wording(Some("100 metres of 12 Acacia Avenue")).unwrap(),
            "Not to go within 100 metres of 12 Acacia Avenue"
        );
    }

    #[test]
    fn a_removed_terms_number_is_never_given_to_another() {
        let first = number_terms(
            vec![TermInput::preset(TermPreset::NoContact, None), TermInput::free("Not to attend the school")],
            &[],
        )
        .unwrap();
        assert_eq!(first.iter().map(|t| t.id).collect::<Vec<_>>(), [1, 2]);
        // Varied: term 2 removed, term 1 kept, one added: it is 3, not 2.
        let varied = number_terms(
            vec![TermInput { id: Some(1), preset: None, text: None }, TermInput::free("Not to call the office")],
            &first,
        )
        .unwrap();
        assert_eq!(
            varied.iter().map(|t| (t.id, t.preset)).collect::<Vec<_>>(),
            [(1, Some(TermPreset::NoContact)), (3, None)]
        );
        assert!(number_terms(vec![TermInput { id: Some(9), preset: None, text: None }], &first).is_err());
    }

    #[test]
    fn kinds_and_presets_read_back_their_own_names() {
        for k in OrderKind::ALL {
            assert_eq!(k.as_arg().parse::<OrderKind>(), Ok(k));
        }
        for p in TermPreset::ALL {
            assert_eq!(p.as_arg().parse::<TermPreset>(), Ok(p));
        }
    }
}
