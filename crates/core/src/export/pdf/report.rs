//! The report's sections.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};

use super::pages::{CONTENT_W, DocInfo, GREY, MARGIN_X, PAGE_W, Pages, RULE};
use super::pattern::{PackPattern, section as pattern_section};
use super::text::{Fonts, Rgb, Style};
use crate::export::format::Manifest;
use crate::export::plan::{Entry, Handling, Plan, display_mark};
use crate::model::{CaseDetails, EntryFields, EntrySource};

pub(super) const BODY: Style = Style::new(9.5);
pub(super) const SMALL: Style = Style::new(8.0);
const H1: Style = Style::new(20.0).bold();
const H2: Style = Style::new(14.0).bold();
const H3: Style = Style::new(10.5).bold();
const LABEL: Style = Style::new(8.0).bold().color(GREY);
const SHADE: Rgb = (236, 239, 243);
const RED: Rgb = (170, 20, 20);

/// What the report needs beyond the plan, all also stated in the manifest.
pub(crate) struct ReportFacts<'a> {
    pub plan: &'a Plan,
    pub manifest: &'a Manifest,
}

/// The finished report.
pub(crate) struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
    /// PDF/A-2b validated; false only when some text defeated validation (then a plain PDF).
    pub archival: bool,
}

/// Writes the report. `keep_going` is asked between entries; `false` cancels (`None`).
pub(crate) fn render(
    facts: &ReportFacts<'_>,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<Rendered>, String> {
    match render_with(facts, true, keep_going) {
        Ok(Some((bytes, pages))) => Ok(Some(Rendered { bytes, pages, archival: true })),
        Ok(None) => Ok(None),
        // krilla refused PDF/A (for example a glyph it cannot map): still give the officer a
        // report, as plain PDF 1.7; the manifest and verify do not depend on PDF/A.
        Err(_) => {
            Ok(render_with(facts, false, keep_going)?.map(|(bytes, pages)| Rendered { bytes, pages, archival: false }))
        }
    }
}

fn render_with(
    facts: &ReportFacts<'_>,
    archival: bool,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Option<(Vec<u8>, u32)>, String> {
    let plan = facts.plan;
    let m = facts.manifest;
    let info = DocInfo {
        title: format!("Casebook evidence report, {}", m.exported_at.format("%-d %B %Y")),
        footer: format!(
            "Casebook evidence report · {} · key {} · chain head {} ",
            m.exported_at.format("%-d %b %Y %H:%M UTC"),
            short_fingerprint(&m.fingerprint),
            m.head.seq
        ),
        created: m.exported_at,
        archival,
    };
    let mut p = Pages::new(Fonts::new()?, &info)?;
    let pattern = PackPattern::of(&plan.entries);
    cover(&mut p, facts, &pattern);
    p.new_page();
    pattern_section(&mut p, plan, &pattern);
    if !plan.orders.is_empty() {
        p.new_page();
        super::orders::section(&mut p, plan);
    }
    p.new_page();
    if !chronology(&mut p, plan, keep_going) {
        return Ok(None);
    }
    p.new_page();
    if !entries_in_full(&mut p, plan, keep_going) {
        return Ok(None);
    }
    p.new_page();
    exhibits(&mut p, facts);
    continuity(&mut p, plan);
    witness_codes(&mut p, plan);
    time_stamps(&mut p, plan);
    withheld(&mut p, facts);
    Ok(Some(p.finish()?))
}

// ---------------------------------------------------------------- cover

fn cover(p: &mut Pages, facts: &ReportFacts<'_>, pattern: &PackPattern) {
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

// ---------------------------------------------------------------- chronology

fn chronology(p: &mut Pages, plan: &Plan, keep_going: &mut dyn FnMut() -> bool) -> bool {
    heading(p, "Chronology");
    p.text(
        "Every chosen entry in the order the incidents happened. \"Recorded\" is when the person wrote it \
         down (the diary's clock, shown in the same time zone as the incident); \"Gap\" is the time between. \
         ≈ marks a time the person gave as approximate.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    let table = Table::new(&[
        ("No.", 28.0),
        ("Occurred", 72.0),
        ("Recorded", 72.0),
        ("Gap", 42.0),
        ("Kind", 64.0),
        ("Summary", CONTENT_W - 28.0 - 72.0 - 72.0 - 42.0 - 64.0 - 58.0),
        ("Exhibits", 58.0),
    ]);
    table.header(p);
    for (i, e) in plan.entries.iter().enumerate() {
        if i % 256 == 0 && !keep_going() {
            return false;
        }
        let first = &e.versions[0];
        let cur = e.current();
        let f = &cur.fields;
        let at = f.occurred.start;
        let recorded = first.recorded_at.with_timezone(at.offset());
        let mut summary = f.title.clone();
        if let Some(r) = &e.retraction {
            summary = format!("RETRACTED ({}): {summary}", r.reason);
        }
        if cur.revision > 1 {
            summary.push_str(&format!(" [revised ×{}]", cur.revision - 1));
        }
        let marks: Vec<String> = e.exhibits.iter().map(|&x| display_mark(&plan.exhibits[x].file_mark())).collect();
        table.row(
            p,
            &[
                e.id.to_string(),
                format!("{}{}", if f.occurred.approximate { "≈ " } else { "" }, at.format("%Y-%m-%d %H:%M")),
                recorded.format("%Y-%m-%d %H:%M").to_string(),
                gap(first.recorded_at, at),
                f.kind.label().to_owned(),
                summary,
                marks.join(", "),
            ],
        );
    }
    true
}

// ---------------------------------------------------------------- entries in full

fn entries_in_full(p: &mut Pages, plan: &Plan, keep_going: &mut dyn FnMut() -> bool) -> bool {
    heading(p, "Entries in full");
    p.text(
        "Each entry as it now reads, then every earlier version with the reason it was changed. \
         Times are as the person gave them, with their UTC offset; recorded times are the diary's clock (UTC).",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(8.0);
    for (i, e) in plan.entries.iter().enumerate() {
        if i % 128 == 0 && !keep_going() {
            return false;
        }
        entry_block(p, plan, e);
    }
    true
}

fn entry_block(p: &mut Pages, plan: &Plan, e: &Entry) {
    let cur = e.current();
    let f = &cur.fields;
    p.need(60.0);
    p.rule();
    p.gap(4.0);
    let mut head = format!("Entry {} · {}", e.id, f.kind.label());
    if e.retraction.is_some() {
        head.push_str(" · RETRACTED");
    }
    p.text(&head, LABEL, MARGIN_X, CONTENT_W);
    p.text(&f.title, H3, MARGIN_X, CONTENT_W);
    p.gap(2.0);
    if let Some(r) = &e.retraction {
        let para = p.fonts.para(
            &format!("Retracted by the person on {} (record {}): {}", utc(r.recorded_at), r.seq, r.reason),
            BODY.color(RED),
            CONTENT_W,
        );
        p.flow(&para, MARGIN_X);
    }
    let first = &e.versions[0];
    kv(p, "Occurred", &occurred(f));
    kv(
        p,
        "Recorded",
        &format!(
            "{} ({} after it happened) · record {}{}",
            utc(first.recorded_at),
            gap(first.recorded_at, f.occurred.start),
            first.seq,
            if first.clock_went_backwards { " · the diary's clock had gone back when this was saved" } else { "" }
        ),
    );
    if cur.revision > 1 {
        kv(p, "Revised", &format!("version {} recorded {} · record {}", cur.revision, utc(cur.recorded_at), cur.seq));
    }
    fields(p, plan, f);
    let marks: Vec<String> = e
        .exhibits
        .iter()
        .map(|&x| {
            let ex = &plan.exhibits[x];
            format!("{} ({})", display_mark(&ex.file_mark()), ex.meta.original_name)
        })
        .collect();
    if !marks.is_empty() {
        kv(p, "Exhibits", &marks.join(", "));
    }
    for b in plan.breaches.iter().filter(|b| b.breach.entry_id == e.id) {
        kv(p, "Breach", &super::orders::breach_words(b));
    }
    // Earlier versions, newest first, each with what it said that the next one changed.
    if e.versions.len() > 1 {
        p.gap(3.0);
        p.text("Earlier versions", LABEL, MARGIN_X, CONTENT_W);
        for pair in e.versions.windows(2).rev() {
            let (old, new) = (&pair[0], &pair[1]);
            let reason = new.reason.as_deref().unwrap_or("");
            p.text(
                &format!(
                    "Changed to version {} on {} (record {}). Reason given: {}",
                    new.revision,
                    utc(new.recorded_at),
                    new.seq,
                    reason
                ),
                Style::new(9.0).bold(),
                MARGIN_X + 10.0,
                CONTENT_W - 10.0,
            );
            let diffs = differences(&old.fields, &new.fields);
            let was = format!("Version {} (recorded {}, record {}) said:", old.revision, utc(old.recorded_at), old.seq);
            p.text(&was, Style::new(9.0).color(GREY), MARGIN_X + 10.0, CONTENT_W - 10.0);
            if diffs.is_empty() {
                p.text("(no visible difference)", BODY, MARGIN_X + 20.0, CONTENT_W - 20.0);
            }
            for (label, value) in diffs {
                kv_at(p, MARGIN_X + 20.0, &label, &value);
            }
        }
    }
    p.gap(8.0);
}

fn occurred(f: &EntryFields) -> String {
    let o = &f.occurred;
    let mut s = format!("{} ({})", o.start.format("%a %-d %b %Y, %H:%M"), offset_words(o.start));
    if o.approximate {
        s.push_str(", approximate time");
    }
    if let Some(end) = o.end {
        s.push_str(&format!(", until {}", end.format("%a %-d %b %Y, %H:%M")));
    }
    s
}

fn fields(p: &mut Pages, plan: &Plan, f: &EntryFields) {
    for (label, value) in field_list(plan, f) {
        kv(p, &label, &value);
    }
}

/// The entry's fields as label and value, in reading order, empty ones left out.
fn field_list(plan: &Plan, f: &EntryFields) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |l: &str, v: String| {
        if !v.trim().is_empty() {
            out.push((l.to_owned(), v));
        }
    };
    push("Title", f.title.clone());
    push("Where", f.location.clone().unwrap_or_default());
    push("Channel", f.channel.clone().unwrap_or_default());
    push("From", f.identifier.clone().unwrap_or_default());
    if let Some(call) = &f.call {
        let mut s = call.direction.map(|d| format!("{d:?}").to_lowercase()).unwrap_or_default();
        if let Some(secs) = call.duration_secs {
            s.push_str(&format!("{}{}:{:02} long", if s.is_empty() { "" } else { ", " }, secs / 60, secs % 60));
        }
        push("Call", s);
    }
    if let Some(pid) = f.person_id {
        let name = plan.case.as_ref().and_then(|c| c.person(pid)).map(|p| p.name.clone());
        push("Person", name.unwrap_or_else(|| format!("person {pid}")));
    }
    push("What happened", f.narrative.clone());
    push("Witnesses", f.witnesses.join(", "));
    push("Impact", f.impact.clone().unwrap_or_default());
    let a = &f.actions;
    let mut actions = Vec::new();
    if a.blocked {
        actions.push("blocked".to_owned());
    }
    if let Some(r) = &a.reported_to {
        actions.push(format!("reported to {r}"));
    }
    if let Some(r) = &a.police_reference {
        actions.push(format!("police reference {r}"));
    }
    if let Some(o) = &a.officer {
        actions.push(format!("officer {o}"));
    }
    if let Some(o) = &a.other {
        actions.push(o.clone());
    }
    push("Action taken", actions.join("; "));
    push("Tags", f.tags.join(", "));
    if let EntrySource::Import { format, .. } = &f.source {
        push("Source", format!("imported from {format}"));
    }
    out
}

/// Fields of `old` that differ from `new`, with `old`'s values.
fn differences(old: &EntryFields, new: &EntryFields) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if old.occurred != new.occurred {
        out.push(("Occurred".to_owned(), occurred(old)));
    }
    if old.kind != new.kind {
        out.push(("Kind".to_owned(), old.kind.label().to_owned()));
    }
    let list = |f: &EntryFields| {
        let mut v = Vec::new();
        let mut push = |l: &str, s: String| v.push((l.to_owned(), s));
        push("Title", f.title.clone());
        push("Where", f.location.clone().unwrap_or_default());
        push("Channel", f.channel.clone().unwrap_or_default());
        push("From", f.identifier.clone().unwrap_or_default());
        push("Call", f.call.as_ref().map(|c| format!("{c:?}")).unwrap_or_default());
        push("Person", f.person_id.map(|p| format!("person {p}")).unwrap_or_default());
        push("What happened", f.narrative.clone());
        push("Witnesses", f.witnesses.join(", "));
        push("Impact", f.impact.clone().unwrap_or_default());
        push("Action taken", format!("{:?}", f.actions));
        push("Tags", f.tags.join(", "));
        v
    };
    for ((label, a), (_, b)) in list(old).into_iter().zip(list(new)) {
        if a != b {
            out.push((label, if a.is_empty() { "(empty)".to_owned() } else { a }));
        }
    }
    out
}

// ---------------------------------------------------------------- exhibits

fn exhibits(p: &mut Pages, facts: &ReportFacts<'_>) {
    let plan = facts.plan;
    heading(p, "Exhibit list");
    p.text(
        "Each exhibit file is in the pack's exhibits/ folder under its mark (AB_1 is exhibit AB/1). An original's \
         SHA-256 is committed in the diary's record of when it was added, so any change to the file shows. \
         Capture time and device are from the photo's own EXIF data, as the camera wrote them.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    if plan.exhibits.is_empty() {
        p.text("No exhibits were attached to the chosen entries.", BODY, MARGIN_X, CONTENT_W);
        p.gap(10.0);
        return;
    }
    let digests: BTreeMap<&str, (&str, u64)> =
        facts.manifest.exhibits.iter().map(|x| (x.mark.as_str(), (x.sha256.as_str(), x.size))).collect();
    let table = Table::new(&[
        ("Mark", 44.0),
        ("Description", 92.0),
        ("Original name, type", 96.0),
        ("Size", 46.0),
        ("SHA-256", 127.0),
        ("Captured, device", CONTENT_W - 44.0 - 92.0 - 96.0 - 46.0 - 127.0),
    ])
    .small(7.0);
    table.header(p);
    for x in &plan.exhibits {
        let entry = plan.entries.iter().find(|e| e.id == x.entry_id);
        let title = entry.map(|e| e.current().fields.title.clone()).unwrap_or_default();
        let exif = x.meta.image.as_ref().and_then(|i| i.exif.as_ref());
        let captured = [exif.and_then(|e| e.captured_at.clone()), exif.and_then(|e| e.device.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let (mark, sha, size, note) = match &x.handling {
            Handling::Original => {
                (display_mark(&x.mark), x.meta.sha256.clone(), size_words(x.meta.size), String::new())
            }
            Handling::LocationRemoved => {
                let fm = x.file_mark();
                let (sha, size) = digests.get(fm.as_str()).copied().unwrap_or(("", 0));
                (
                    display_mark(&fm),
                    sha.to_owned(),
                    size_words(size),
                    format!(
                        "\nCopy of {} with location data removed; the original ({}, SHA-256 {}) is not in this pack.",
                        display_mark(&x.mark),
                        size_words(x.meta.size),
                        x.meta.sha256
                    ),
                )
            }
            Handling::Withheld(reason) => (
                display_mark(&x.mark),
                x.meta.sha256.clone(),
                size_words(x.meta.size),
                format!("\nNot in this pack: {reason}."),
            ),
        };
        table.row(
            p,
            &[
                mark,
                format!("Entry {}: {title}{note}", x.entry_id),
                format!("{}\n{}", x.meta.original_name, x.meta.media_type),
                size,
                sha,
                captured,
            ],
        );
    }
    p.gap(12.0);
}

// ---------------------------------------------------------------- continuity and withheld

fn continuity(p: &mut Pages, plan: &Plan) {
    p.need(80.0);
    heading(p, "Continuity log");
    p.text(
        "Key cards given and packs made from this diary before this one, as the diary recorded them (each is a \
         record in the chain).",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    key_cards(p, plan);
    if plan.earlier_exports.is_empty() {
        p.text("None: this is the first pack made from this diary.", BODY, MARGIN_X, CONTENT_W);
        p.gap(12.0);
        return;
    }
    let table = Table::new(&[
        ("Record", 40.0),
        ("Made", 90.0),
        ("For", 55.0),
        ("Entries", 45.0),
        ("Chain head", 50.0),
        ("Pack SHA-256", CONTENT_W - 280.0),
    ])
    .small(7.5);
    table.header(p);
    for x in &plan.earlier_exports {
        table.row(
            p,
            &[
                x.seq.to_string(),
                utc(x.exported_at),
                x.recipient.clone(),
                x.entries.to_string(),
                x.head_seq.to_string(),
                x.bundle_sha256.clone(),
            ],
        );
    }
    p.gap(12.0);
}

/// Key cards given, at the head of the continuity log: who holds the key's fingerprint on paper.
fn key_cards(p: &mut Pages, plan: &Plan) {
    if plan.key_cards.is_empty() {
        p.text(
            "Key cards given: none recorded. Compare the key fingerprint on the cover with one the person gives you.",
            BODY,
            MARGIN_X,
            CONTENT_W,
        );
    } else {
        p.text("Key cards given (the key fingerprint on paper):", BODY, MARGIN_X, CONTENT_W);
        p.gap(3.0);
        let table = Table::new(&[("Record", 40.0), ("Recorded", 90.0), ("Given to", CONTENT_W - 130.0)]).small(7.5);
        table.header(p);
        for k in &plan.key_cards {
            table.row(p, &[k.seq.to_string(), utc(k.recorded_at), k.to.clone()]);
        }
    }
    p.gap(8.0);
    p.text("Packs made before this one:", BODY, MARGIN_X, CONTENT_W);
    p.gap(3.0);
}

/// RFC 3161 time-stamps the pack carries, with the command that checks each; nothing at all
/// for a diary without any (so such reports are unchanged).
fn time_stamps(p: &mut Pages, plan: &Plan) {
    let head = plan.head().0;
    let stamps: Vec<_> = plan.stamps.iter().filter(|s| s.checkpoint_seq <= head).collect();
    if stamps.is_empty() {
        return;
    }
    p.need(100.0);
    heading(p, "Trusted time-stamps (RFC 3161)");
    p.text(
        "A time-stamp authority signed that the records up to each number existed, with this key, no later than \
         its time. The pack carries each reply (timestamps/anchor-N.tsr) beside what it time-stamped \
         (timestamps/anchor-N.txt); casebook verify checks that this is the pack's own chain. Check the \
         authority's signature with its CA certificate, obtained from the authority yourself, in the unzipped pack:",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    let table = Table::new(&[("Records", 55.0), ("Authority's time", 110.0), ("Serial", CONTENT_W - 165.0)]).small(7.5);
    table.header(p);
    for s in &stamps {
        table.row(p, &[format!("1 to {}", s.checkpoint_seq), utc(s.gen_time), s.serial.clone()]);
    }
    p.gap(6.0);
    for s in &stamps {
        p.text(
            &format!(
                "openssl ts -verify -data {} -in {} -CAfile TSA-CA.pem",
                crate::export::stamps::data_name(s.checkpoint_seq),
                crate::export::stamps::reply_name(s.checkpoint_seq)
            ),
            SMALL,
            MARGIN_X,
            CONTENT_W,
        );
        p.gap(3.0);
    }
    p.gap(12.0);
}

fn witness_codes(p: &mut Pages, plan: &Plan) {
    p.need(80.0);
    heading(p, "Witness codes shared");
    p.text(
        "Short codes the person sent to others, each fixing the diary's records up to the number in the code. \
         Whoever received one can check that this pack's chain passes through that record with the same key: \
         if it does, those records existed, unchanged, when the code was sent.",
        Style::new(9.0).color(GREY),
        MARGIN_X,
        CONTENT_W,
    );
    p.gap(6.0);
    if plan.witness_shares.is_empty() {
        p.text("None recorded.", BODY, MARGIN_X, CONTENT_W);
        p.gap(12.0);
        return;
    }
    let table =
        Table::new(&[("Record", 40.0), ("Recorded", 90.0), ("Code", 150.0), ("To, and how", CONTENT_W - 280.0)])
            .small(7.5);
    table.header(p);
    for w in &plan.witness_shares {
        table.row(p, &[w.seq.to_string(), utc(w.recorded_at), w.code.clone(), format!("{} ({})", w.to, w.how)]);
    }
    p.gap(12.0);
}

fn withheld(p: &mut Pages, facts: &ReportFacts<'_>) {
    let c = &facts.manifest.counts;
    p.need(90.0);
    heading(p, "What this pack does not include");
    p.text(
        &format!(
            "The diary's chain holds {} records up to record {}. This pack includes {} of them in full. \
             {} record(s) are withheld: only their hashes are included, so the chain can still be checked from \
             start to end, but their content is not part of this pack. {} record(s) were erased by the person \
             (purged); their content no longer exists anywhere, but their place in the chain does.",
            c.records, facts.manifest.head.seq, c.disclosed_records, c.withheld_records, c.purged_records
        ),
        BODY,
        MARGIN_X,
        CONTENT_W,
    );
    if p.fonts.replaced > 0 {
        p.gap(4.0);
        p.text(
            &format!(
                "{} character(s) could not be shown by the report's fonts and appear as \u{FFFD}; the exact text is \
                 in entries.json.",
                p.fonts.replaced
            ),
            BODY,
            MARGIN_X,
            CONTENT_W,
        );
    }
    p.gap(10.0);
    p.text("End of report.", Style::new(9.0).color(GREY), MARGIN_X, CONTENT_W);
}

// ---------------------------------------------------------------- building blocks

pub(super) fn heading(p: &mut Pages, text: &str) {
    p.need(50.0);
    p.text(text, H1, MARGIN_X, CONTENT_W);
    p.gap(4.0);
}

pub(super) fn heading3(p: &mut Pages, text: &str) {
    p.need(40.0);
    p.text(text, H2, MARGIN_X, CONTENT_W);
    p.gap(3.0);
}

const KEY_W: f32 = 92.0;

/// A label and its value side by side; the value wraps and may flow across pages.
pub(super) fn kv(p: &mut Pages, label: &str, value: &str) {
    kv_at(p, MARGIN_X, label, value);
}

fn kv_at(p: &mut Pages, x: f32, label: &str, value: &str) {
    let key = p.fonts.para(label, LABEL, KEY_W - 6.0);
    let val = p.fonts.para(value, BODY, CONTENT_W - (x - MARGIN_X) - KEY_W);
    let first = val.lines.first().map(|l| l.height).unwrap_or(0.0).max(key.height());
    p.need(first);
    // Align the label's baseline with the value's first line.
    let shift =
        val.lines.first().map(|l| l.baseline).unwrap_or(0.0) - key.lines.first().map(|l| l.baseline).unwrap_or(0.0);
    let y = p.y;
    p.place(&key, x, y + shift.max(0.0));
    p.flow(&val, x + KEY_W);
    p.gap(1.5);
}

/// A table with wrapping cells; the header repeats on every page.
pub(super) struct Table<'c> {
    cols: &'c [(&'c str, f32)],
    style: Style,
}

const PAD: f32 = 3.0;

impl<'c> Table<'c> {
    pub(super) fn new(cols: &'c [(&'c str, f32)]) -> Self {
        Self { cols, style: Style::new(8.0) }
    }

    fn small(self, size: f32) -> Self {
        Self { style: Style::new(size), ..self }
    }

    pub(super) fn header(&self, p: &mut Pages) {
        let style = Style { bold: true, ..self.style };
        let cells: Vec<_> = self.cols.iter().map(|(t, w)| p.fonts.para(t, style, w - 2.0 * PAD)).collect();
        let h = cells.iter().map(|c| c.height()).fold(0.0, f32::max) + 2.0 * PAD;
        p.need(h + 30.0);
        let y = p.y;
        p.rect(MARGIN_X, y, CONTENT_W, h, SHADE);
        let mut x = MARGIN_X;
        for (cell, (_, w)) in cells.iter().zip(self.cols) {
            p.place(cell, x + PAD, y + PAD);
            x += w;
        }
        p.y += h;
    }

    pub(super) fn row(&self, p: &mut Pages, values: &[String]) {
        let cells: Vec<_> =
            values.iter().zip(self.cols).map(|(v, (_, w))| p.fonts.para(v, self.style, w - 2.0 * PAD)).collect();
        let h = cells.iter().map(|c| c.height()).fold(0.0, f32::max) + 2.0 * PAD;
        if p.need(h) {
            self.header(p);
        }
        let y = p.y;
        let mut x = MARGIN_X;
        for (cell, (_, w)) in cells.iter().zip(self.cols) {
            p.place(cell, x + PAD, y + PAD);
            x += w;
        }
        p.y += h;
        p.line(MARGIN_X, p.y, PAGE_W - MARGIN_X, p.y, 0.3, RULE);
    }
}

// ---------------------------------------------------------------- words for times and sizes

fn day(t: DateTime<FixedOffset>) -> String {
    t.format("%-d %B %Y").to_string()
}

pub(super) fn when(t: DateTime<FixedOffset>) -> String {
    format!("{} ({})", t.format("%a %-d %b %Y, %H:%M"), offset_words(t))
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y %H:%M UTC").to_string()
}

fn offset_words(t: DateTime<FixedOffset>) -> String {
    let secs = t.offset().local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The time from `occurred` to `recorded`, in the largest sensible unit.
fn gap(recorded: DateTime<Utc>, occurred: DateTime<FixedOffset>) -> String {
    let secs = (recorded - occurred.with_timezone(&Utc)).num_seconds();
    let (sign, s) = if secs < 0 { ("-", -secs) } else { ("", secs) };
    let words = if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    };
    format!("{sign}{words}")
}

fn size_words(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else {
        format!("{:.2} GiB", b / KIB / KIB / KIB)
    }
}

fn short_fingerprint(fp: &str) -> String {
    fp.split(' ').take(4).collect::<Vec<_>>().join(" ")
}
