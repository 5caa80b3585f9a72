//! The statement's paragraphs, in the person's first person, from a pack's plan. Plain data, so
//! the wording is tested without opening a .docx.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::effect::Effect;
use crate::export::plan::{Entry, Exhibit, Handling, Plan, display_mark};
use crate::order::{BreachView, Order, ServiceStatus};

/// One paragraph of the draft, by what it is (the .docx styles each kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "block", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// The title.
    Title(String),
    /// A note to the person, not part of the statement (they delete it).
    Note(String),
    /// A labelled line at the top ("Statement of: …").
    Field(String),
    /// The declaration the person signs in front of the officer.
    Declaration(String),
    /// A section heading.
    Heading(String),
    /// A paragraph of the statement.
    Para(String),
    /// The first paragraph of one incident: when, and what.
    Incident {
        /// The entry's number in the diary.
        entry_id: i64,
        /// The sentence.
        text: String,
    },
    /// An exhibit produced by its mark.
    Exhibit {
        /// The mark as officers write it (`AB/3`).
        mark: String,
        /// The sentence.
        text: String,
    },
    /// A breach of an order.
    Breach(String),
    /// One change to the person's life.
    Effect(String),
    /// Where only the person can say what goes (in square brackets).
    Placeholder(String),
}

/// The MG11 declaration, as the form has it.
pub const DECLARATION: &str = "This statement (consisting of [number] page(s) each signed by me) is true to the best of \
    my knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be liable to \
    prosecution if I have wilfully stated in it anything which I know to be false, or do not believe to be true.";

/// Characters XML 1.0 cannot carry (C0 controls but tab and line ends, U+FFFE, U+FFFF): a
/// document holding one does not open. Imported text can hold them; they are dropped.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() && (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn when(t: DateTime<FixedOffset>, approximate: bool) -> String {
    format!("{} at {}{}", t.format("%A %-d %B %Y"), if approximate { "about " } else { "" }, t.format("%H:%M"))
}

/// "a", or "an" before a vowel sound (good enough for the words used here).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    match t.chars().last() {
        None => String::new(),
        Some('.' | '!' | '?' | '"' | '\'' | ')' | '…') => t.to_owned(),
        Some(_) => format!("{t}."),
    }
}

/// What an exhibit is, in words.
fn what_file(x: &Exhibit) -> String {
    let t = x.meta.media_type.as_str();
    let what = if t.starts_with("image/") {
        if x.meta.source == "paste" { "screenshot" } else { "image" }
    } else if t.starts_with("audio/") {
        "recording"
    } else if t.starts_with("video/") {
        "video"
    } else if t == "application/pdf" {
        "document"
    } else {
        "file"
    };
    format!("{} {what} ({})", article(what), x.meta.original_name)
}

/// Every paragraph of the draft for `plan`.
pub(crate) fn statement_blocks(plan: &Plan) -> Vec<Block> {
    let mut out = Vec::new();
    let case = plan.case.clone().unwrap_or_default();
    out.push(Block::Title("Witness statement: DRAFT".into()));
    out.push(Block::Note(
        "Note for you (delete this before you hand it over): Casebook drafted this from your diary, laid out like \
         the police's witness statement form (MG11). Read every line and change anything that is not right or not in \
         your own words. Fill in the parts in square brackets. Do not sign it: the officer takes your statement and \
         you sign it then."
            .into(),
    ));
    let initials =
        if case.victim_initials.is_empty() { String::new() } else { format!(" (initials {})", case.victim_initials) };
    out.push(Block::Field(format!("Statement of: [your full name]{initials}")));
    out.push(Block::Field("Age if under 18: [your age, or \"over 18\"]        Occupation: [your occupation]".into()));
    out.push(Block::Declaration(DECLARATION.into()));
    out.push(Block::Field("Signature: ____________________        Date: ____________".into()));

    out.push(Block::Heading("Who this is about".into()));
    let people: Vec<String> = case
        .persons
        .iter()
        .map(|p| match &p.relationship {
            Some(r) if !r.trim().is_empty() => format!("{} ({})", p.name, r.trim()),
            _ => p.name.clone(),
        })
        .collect();
    out.push(Block::Para(match people.as_slice() {
        [] => "This statement is about [the person or people responsible: their name, or how you know them].".into(),
        [one] => format!("This statement is about {one}."),
        [rest @ .., last] => format!("This statement is about {} and {last}.", rest.join(", ")),
    }));
    out.push(Block::Para(
        "I kept a diary of what happened in an app called Casebook, writing each incident down at the time or as \
         soon as I could. The dates and times below come from that diary; where I was not sure of the exact time I \
         say \"about\"."
            .into(),
    ));

    orders(&mut out, &plan.orders);
    chronology(&mut out, plan);
    effects(&mut out, &plan.effects);

    out.push(Block::Heading("Court".into()));
    out.push(Block::Placeholder(
        "[Say whether you are willing to go to court to give evidence, and any dates you cannot attend.]".into(),
    ));
    out.iter().map(clean).collect()
}

fn clean(b: &Block) -> Block {
    match b {
        Block::Title(t) => Block::Title(xml_safe(t)),
        Block::Note(t) => Block::Note(xml_safe(t)),
        Block::Field(t) => Block::Field(xml_safe(t)),
        Block::Declaration(t) => Block::Declaration(xml_safe(t)),
        Block::Heading(t) => Block::Heading(xml_safe(t)),
        Block::Para(t) => Block::Para(xml_safe(t)),
        Block::Incident { entry_id, text } => Block::Incident { entry_id: *entry_id, text: xml_safe(text) },
        Block::Exhibit { mark, text } => Block::Exhibit { mark: xml_safe(mark), text: xml_safe(text) },
        Block::Breach(t) => Block::Breach(xml_safe(t)),
        Block::Effect(t) => Block::Effect(xml_safe(t)),
        Block::Placeholder(t) => Block::Placeholder(xml_safe(t)),
    }
}

fn orders(out: &mut Vec<Block>, orders: &[Order]) {
    if orders.is_empty() {
        return;
    }
    out.push(Block::Heading("The court order".into()));
    for o in orders {
        let first = &o.versions[0].details;
        let reference = o.current().reference.as_deref().map(|r| format!(" (reference {r})")).unwrap_or_default();
        out.push(Block::Para(format!(
            "On {}, {} made {} {}{reference}.",
            day(o.made_on()),
            first.court,
            article(&first.kind.label().to_lowercase()),
            first.kind.label()
        )));
        for (i, v) in o.versions.iter().enumerate() {
            let intro = match i {
                0 => "Its terms were:".to_owned(),
                _ => format!(
                    "On {} it was varied ({}). From then its terms were:",
                    day(v.from),
                    v.reason.as_deref().unwrap_or("no reason recorded")
                ),
            };
            let terms: Vec<String> =
                v.details.terms.iter().map(|t| format!("{}. {}", t.id, sentence(&t.text))).collect();
            out.push(Block::Para(format!("{intro} {}", terms.join(" "))));
        }
        out.push(Block::Para(match o.served {
            Some(s) => format!("It was served on {}.", day(s.on)),
            None => "[Say when the order was served, or that you do not know.]".into(),
        }));
        if let Some(d) = &o.discharged {
            out.push(Block::Para(format!("It was discharged on {} ({}).", day(d.on), d.reason)));
        }
    }
}

fn chronology(out: &mut Vec<Block>, plan: &Plan) {
    out.push(Block::Heading("What happened".into()));
    let shown: Vec<&Entry> = plan.entries.iter().filter(|e| e.retraction.is_none()).collect();
    if shown.is_empty() {
        out.push(Block::Placeholder("[No diary entries were chosen: describe what happened.]".into()));
        return;
    }
    for e in shown {
        let f = &e.current().fields;
        out.push(Block::Incident {
            entry_id: e.id,
            text: format!(
                "On {}, {}",
                when(f.occurred.start, f.occurred.approximate),
                sentence(&lower_first(&f.title))
            ),
        });
        for line in f.narrative.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push(Block::Para(line.to_owned()));
        }
        if let Some(place) = f.location.as_deref().filter(|p| !p.trim().is_empty()) {
            out.push(Block::Para(format!("This was at {}", sentence(place))));
        }
        match (f.identifier.as_deref(), f.channel.as_deref()) {
            (Some(id), Some(ch)) if !id.trim().is_empty() => {
                out.push(Block::Para(format!("It came from {id} ({ch}).")))
            }
            (Some(id), None) if !id.trim().is_empty() => out.push(Block::Para(format!("It came from {id}."))),
            _ => {}
        }
        if !f.witnesses.is_empty() {
            out.push(Block::Para(format!("{} also saw or heard this.", f.witnesses.join(", "))));
        }
        if let Some(impact) = f.impact.as_deref().filter(|i| !i.trim().is_empty()) {
            out.push(Block::Para(format!("How it made me feel: {}", sentence(impact))));
        }
        let a = &f.actions;
        if a.blocked {
            out.push(Block::Para("I blocked them.".into()));
        }
        if let Some(to) = a.reported_to.as_deref().filter(|t| !t.trim().is_empty()) {
            let reference = a.police_reference.as_deref().map(|r| format!(" (reference {r})")).unwrap_or_default();
            out.push(Block::Para(format!("I reported it to {to}{reference}.")));
        }
        for &x in &e.exhibits {
            let x = &plan.exhibits[x];
            if matches!(x.handling, Handling::Withheld(_)) {
                continue;
            }
            let mark = display_mark(&x.file_mark());
            out.push(Block::Exhibit { text: format!("I produce {} as exhibit {mark}.", what_file(x)), mark });
        }
        for b in plan.breaches.iter().filter(|b| b.breach.entry_id == e.id) {
            out.push(Block::Breach(breach_words(b)));
        }
    }
}

fn lower_first(title: &str) -> String {
    let mut chars = title.trim().chars();
    match chars.next() {
        // Keep "I", names and numbers as they are; lower only an ordinary capitalised word.
        Some(c)
            if c.is_uppercase()
                && (chars.clone().next().is_some_and(|n| n.is_lowercase()) || title.trim().starts_with("A ")) =>
        {
            c.to_lowercase().chain(chars).collect()
        }
        _ => title.trim().to_owned(),
    }
}

fn breach_words(b: &BreachView) -> String {
    let terms: Vec<String> = b
        .terms
        .iter()
        .map(|t| {
            format!(
                "term {} ({}){}",
                t.id,
                t.text.trim_end_matches('.'),
                if t.later_varied { ", later varied" } else { "" }
            )
        })
        .collect();
    let service = match b.service {
        ServiceStatus::BeforeService => " This was before the order was served.",
        ServiceStatus::DayOfService => " This was on the day the order was served.",
        ServiceStatus::NotServed => " [Say whether the order had been served by then.]",
        ServiceStatus::AfterService => "",
    };
    let reported = match (b.breach.reported, &b.breach.police_reference) {
        (_, Some(r)) => format!(" I reported it to the police (reference {r})."),
        (true, None) => " I reported it to the police.".to_owned(),
        (false, None) => String::new(),
    };
    format!("I believe this breached {} of the {}.{service}{reported}", terms.join(" and "), b.order)
}

fn effects(out: &mut Vec<Block>, effects: &[Effect]) {
    out.push(Block::Heading("How this has affected me".into()));
    for e in effects {
        let d = &e.details;
        let period = match d.until {
            Some(until) => format!("From {} to {}", day(d.from), day(until)),
            None => format!("Since {}", day(d.from)),
        };
        out.push(Block::Effect(format!("{period} ({}): {}", d.kind.label().to_lowercase(), sentence(&d.description))));
    }
    out.push(Block::Placeholder(
        "[Say in your own words how all this has made you feel, whether you fear violence, and how it has changed \
         your day-to-day life.]"
            .into(),
    ));
}
