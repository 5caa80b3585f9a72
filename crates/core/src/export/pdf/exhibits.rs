//! The exhibit list: each exhibit's mark, entry, original name and type, size, SHA-256 and
//! capture details, and what became of it in this pack (a copy without location data, withheld).

use std::collections::BTreeMap;

use super::blocks::{BODY, Table, heading, intro};
use super::pages::{CONTENT_W, MARGIN_X, Pages};
use super::report::ReportFacts;
use super::words::size_words;
use crate::export::plan::{Handling, display_mark};

pub(super) fn exhibits(p: &mut Pages, facts: &ReportFacts<'_>) {
    let plan = facts.plan;
    heading(p, "Exhibit list");
    intro(
        p,
        "Each exhibit file is in the pack's exhibits/ folder under its mark (AB_1 is exhibit AB/1). An original's \
         SHA-256 is committed in the diary's record of when it was added, so any change to the file shows. \
         Capture time and device are from the photo's own EXIF data, as the camera wrote them.",
    );
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
