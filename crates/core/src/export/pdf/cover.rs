//! The report's cover: the case, what this pack holds and how it was chosen, and the proof of
//! integrity (key fingerprint, chain head, how to check the pack).

use super::blocks::{BODY, heading3, kv};
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::pattern::PackPattern;
use super::report::ReportFacts;
use super::text::Style;
use super::words::day;
use crate::export::plan::Plan;
use crate::model::CaseDetails;

pub(super) fn cover(p: &mut Pages, facts: &ReportFacts<'_>, pattern: &PackPattern) {
    let plan = facts.plan;
    let m = facts.manifest;
    p.gap(30.0);
    p.text("Evidence report", Style::new(28.0).bold(), MARGIN_X, CONTENT_W);
    let for_whom = if m.recipient == "advocate" { "a support advocate" } else { "the police" };
    p.text(
        &format!(
            "From a Casebook diary, prepared for {for_whom} on {}",
            m.exported_at.format("%-d %B %Y at %H:%M UTC")
        ),
        Style::new(11.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(18.0);

    heading3(p, "The case");
    match &plan.case {
        Some(case) => case_details(p, case),
        None => kv(p, "Case details", "None were recorded."),
    }
    p.gap(8.0);

    heading3(p, "This pack");
    let range = match (plan.entries.first(), plan.entries.last()) {
        (Some(a), Some(b)) => {
            format!("{} to {}", day(a.current().fields.occurred.start), day(b.current().fields.occurred.start))
        }
        _ => "no entries".into(),
    };
    kv(p, "Incidents", &range);
    let asked = options_words(plan);
    kv(p, "Chosen", &asked);
    kv(
        p,
        "Entries",
        &format!(
            "{} ({} counted in the pattern, {} retracted by the person and shown as such)",
            plan.entries.len(),
            pattern.summary.incidents,
            pattern.retracted
        ),
    );
    kv(p, "Exhibits", &format!("{} file(s) in exhibits/", m.counts.exhibits));
    kv(
        p,
        "Records",
        &format!(
            "{} in the chain: {} disclosed in full, {} withheld, {} erased by the person (purged)",
            m.counts.records, m.counts.disclosed_records, m.counts.withheld_records, m.counts.purged_records
        ),
    );
    p.gap(8.0);

    heading3(p, "Proof of integrity");
    kv(p, "Key fingerprint", &m.fingerprint);
    kv(p, "Chain head", &format!("record {}, link {}", m.head.seq, m.head.link));
    kv(p, "Vault id", &m.vault_id);
    p.gap(4.0);
    p.text(
        "Every change to the diary is a record in a hash chain; the pack carries every link, so nothing can \
         have been edited, removed, re-ordered or back-dated without the checks failing. The pack's \
         manifest is signed with the diary's key: compare the fingerprint above with the one shown in the \
         person's Casebook app. To check the pack, unzip it and run:",
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(3.0);
    for cmd in [
        "sha256sum -c SHA256SUMS",
        "openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig",
    ] {
        p.text(cmd, Style::new(8.5).bold(), MARGIN_X + 12.0, CONTENT_W - 12.0);
    }
    p.gap(3.0);
    p.text(
        "or open verify.html in a web browser (offline) and drop the ZIP on it. README.txt in the pack explains \
         each step.",
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
}

fn case_details(p: &mut Pages, case: &CaseDetails) {
    if !case.victim_initials.is_empty() {
        kv(
            p,
            "Initials",
            &format!(
                "{} (exhibit marks {}/1, {}/2 ...)",
                case.victim_initials, case.victim_initials, case.victim_initials
            ),
        );
    }
    if case.persons.is_empty() {
        kv(p, "Responsible", "not named");
    }
    for person in &case.persons {
        let mut line = person.name.clone();
        if let Some(r) = &person.relationship {
            line.push_str(&format!(" ({r})"));
        }
        for ident in &person.identifiers {
            line.push_str(&format!("; {}: {}", ident_kind(ident.kind), ident.value));
        }
        if let Some(d) = &person.description {
            line.push_str(&format!(". {d}"));
        }
        kv(p, &format!("Person {}", person.id), &line);
    }
    if let Some(order) = &case.order_terms {
        kv(p, "Order in force", order);
    }
}

fn ident_kind(kind: crate::model::IdentifierKind) -> &'static str {
    use crate::model::IdentifierKind as K;
    match kind {
        K::Phone => "phone",
        K::Email => "email",
        K::Handle => "handle",
        K::Url => "web",
        K::Vehicle => "vehicle",
        K::Other => "other",
    }
}

fn options_words(plan: &Plan) -> String {
    let o = &plan.options;
    let mut parts = Vec::new();
    match (o.from, o.to) {
        (Some(f), Some(t)) => parts.push(format!("happened from {} until before {}", day(f), day(t))),
        (Some(f), None) => parts.push(format!("happened on or after {}", day(f))),
        (None, Some(t)) => parts.push(format!("happened before {}", day(t))),
        (None, None) => {}
    }
    if !o.kinds.is_empty() {
        let kinds: Vec<&str> = o.kinds.iter().map(|k| k.label()).collect();
        parts.push(format!("of kind {}", kinds.join(", ")));
    }
    if !o.persons.is_empty() {
        let names: Vec<String> = o
            .persons
            .iter()
            .map(|id| {
                plan.case.as_ref().and_then(|c| c.person(*id)).map(|p| p.name.clone()).unwrap_or(format!("person {id}"))
            })
            .collect();
        parts.push(format!("about {}", names.join(", ")));
    }
    if !o.entry_ids.is_empty() {
        parts.push(format!(
            "{} entr{} picked one by one",
            o.entry_ids.len(),
            if o.entry_ids.len() == 1 { "y" } else { "ies" }
        ));
    }
    let mut words = if parts.is_empty() {
        "every entry in the diary".to_owned()
    } else {
        format!("entries that {}", parts.join("; "))
    };
    if o.strip_gps {
        words.push_str("; location data removed from photo copies");
    }
    words
}
