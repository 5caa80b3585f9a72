//! What a pack will hold: which entries are selected, which records are disclosed, which
//! exhibits go in and how. Computed once from the ledger (the authoritative record) for both
//! the preview and the export, so the two can never disagree.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::{ExportError, ExportOptions, Recipient};
use crate::error::VaultError;
use crate::keycard::KeyCardGiven;
use crate::ledger::{AttachmentMeta, Event, LedgerRecord, Link, read_body, read_links};
use crate::model::{CaseDetails, EntrySource, SourceSpan};
use crate::query::{EntryVersion, Retraction};
use crate::vault::Vault;
use crate::witness::WitnessShare;

/// Exhibit marks fall back to this when the case has no initials.
pub(crate) const FALLBACK_INITIALS: &str = "EX";

/// Images larger than this are not copied in memory to remove location data; such an image
/// with location data is withheld instead.
const MAX_STRIP_BYTES: u64 = 64 * 1024 * 1024;

/// How one exhibit goes into the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Handling {
    /// The original, byte for byte.
    Original,
    /// A copy with EXIF/XMP removed, marked `<mark>_1`; the original is not included.
    LocationRemoved,
    /// Not included; the reason is stated.
    Withheld(String),
}

impl Handling {
    /// What the preview says of it (the reason for withholding goes in the note).
    pub fn treatment(&self) -> super::Treatment {
        match self {
            Handling::Original => super::Treatment::Original,
            Handling::LocationRemoved => super::Treatment::LocationRemoved,
            Handling::Withheld(_) => super::Treatment::Withheld,
        }
    }
}

/// One exhibit.
#[derive(Debug, Clone)]
pub(crate) struct Exhibit {
    /// `AB_3`: its number within this pack (`number_marks`).
    pub mark: String,
    /// The vault's attachment number: the same in every pack.
    pub attachment_id: i64,
    pub entry_id: i64,
    /// Its `attachment_added` record.
    pub seq: i64,
    pub meta: AttachmentMeta,
    pub handling: Handling,
}

impl Exhibit {
    /// The mark of the file in the pack (`AB_3`, or `AB_3_1` for a copy).
    pub fn file_mark(&self) -> String {
        match self.handling {
            Handling::LocationRemoved => format!("{}_1", self.mark),
            _ => self.mark.clone(),
        }
    }

    /// Path inside the pack, unless withheld.
    pub fn file(&self) -> Option<String> {
        match self.handling {
            Handling::Withheld(_) => None,
            _ => Some(format!("exhibits/{}{}", self.file_mark(), extension(&self.meta))),
        }
    }

    /// Whether the vault recorded location coordinates for it.
    pub fn has_location(&self) -> bool {
        self.meta
            .image
            .as_ref()
            .and_then(|i| i.exif.as_ref())
            .is_some_and(|e| e.gps_latitude.is_some() || e.gps_longitude.is_some())
    }
}

/// An export file kept by an import (the attachment of an "export imported" entry).
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Its attachment.
    pub attachment_id: i64,
    pub name: String,
    pub sha256: String,
    /// Items of people who were not picked when it was imported: what disclosing the whole
    /// file would disclose beyond the diary's own entries.
    pub others: u64,
    /// A copy re-cut by a purge (one item blanked): an excerpt is cut from it only when no
    /// whole copy is held, since the purged item may have been imported again since.
    pub recut: bool,
}

/// One imported item's exact bytes, cut from the export file kept in the vault.
#[derive(Debug, Clone)]
pub(crate) struct Excerpt {
    pub entry_id: i64,
    /// The disclosed record whose body commits to `span`.
    pub seq: i64,
    pub span: SourceSpan,
    /// The attachment holding the export file.
    pub source_attachment_id: i64,
}

impl Excerpt {
    pub fn file(&self) -> String {
        super::names::excerpt(self.entry_id)
    }
}

/// One selected entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: i64,
    pub versions: Vec<EntryVersion>,
    pub retraction: Option<Retraction>,
    /// Indices into [`Plan::exhibits`].
    pub exhibits: Vec<usize>,
}

impl Entry {
    pub fn current(&self) -> &EntryVersion {
        self.versions.last().unwrap_or_else(|| unreachable!("a selected entry has at least one version"))
    }
}

/// An earlier export, for the continuity log.
#[derive(Debug, Clone)]
pub(crate) struct EarlierExport {
    pub seq: i64,
    pub exported_at: DateTime<Utc>,
    pub recipient: String,
    pub bundle_sha256: String,
    pub entries: usize,
    pub head_seq: i64,
}

/// Everything a pack will hold.
pub(crate) struct Plan {
    pub options: ExportOptions,
    pub exported_at: DateTime<Utc>,
    pub links: Vec<Link>,
    /// Disclosed records, by seq.
    pub disclosed: BTreeMap<i64, LedgerRecord>,
    /// Withheld (not purged) records, with their kind, for the person's preview only.
    pub withheld_kinds: BTreeMap<&'static str, u64>,
    pub purged: u64,
    pub entries: Vec<Entry>,
    pub exhibits: Vec<Exhibit>,
    /// Excerpts of the selected imported entries, in entry order.
    pub excerpts: Vec<Excerpt>,
    /// Export files kept by imports, by attachment id.
    pub sources: BTreeMap<i64, SourceFile>,
    pub case: Option<CaseDetails>,
    pub earlier_exports: Vec<EarlierExport>,
    /// Witness codes the person recorded as shared (`witness_shared` records), oldest first.
    pub witness_shares: Vec<WitnessShare>,
    /// Key cards the person recorded as given (`key_card_given` records), oldest first.
    pub key_cards: Vec<KeyCardGiven>,
    /// RFC 3161 time-stamps stored (`anchor_imported` records), oldest first.
    pub stamps: Vec<super::stamps::Stamp>,
    /// Every order recorded, oldest first (`super::breaches`).
    pub orders: Vec<crate::order::Order>,
    /// The breaches of the chosen entries, in the order they happened.
    pub breaches: Vec<crate::order::BreachView>,
    /// The effects on the person the pack discloses, in the order they began (`super::effects`).
    pub effects: Vec<crate::effect::Effect>,
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn head(&self) -> (i64, [u8; 32]) {
        self.links.last().map(|l| (l.seq, l.link)).unwrap_or((0, crate::ledger::chain::GENESIS))
    }

    pub fn withheld(&self) -> u64 {
        self.withheld_kinds.values().sum()
    }

    /// Exhibit files going into the pack.
    pub fn files(&self) -> impl Iterator<Item = &Exhibit> {
        self.exhibits.iter().filter(|e| e.file().is_some())
    }

    /// Total bytes of exhibit originals to read.
    pub fn exhibit_bytes(&self) -> u64 {
        self.files().map(|e| e.meta.size).sum()
    }
}

/// Builds the plan from the ledger.
pub(crate) fn plan(vault: &Vault, options: &ExportOptions, exported_at: DateTime<Utc>) -> Result<Plan, ExportError> {
    if options.strip_gps && options.recipient == Recipient::Police {
        return Err(ExportError::PoliceKeepsLocation);
    }
    let links = read_links(&vault.conn)?;
    let mut records: BTreeMap<i64, LedgerRecord> = BTreeMap::new();
    let mut purged = 0;
    for link in &links {
        if link.purged {
            purged += 1;
            continue;
        }
        let rec = read_body(&vault.conn, &vault.sealer, link.seq)?
            .ok_or(VaultError::Corrupt { seq: Some(link.seq), detail: "the record's body is missing".into() })?;
        records.insert(link.seq, rec);
    }

    // Gather every entry's history from its records.
    #[derive(Default)]
    struct Gathered {
        versions: Vec<EntryVersion>,
        retraction: Option<Retraction>,
        attachments: Vec<(i64, i64, AttachmentMeta)>,
        seqs: Vec<i64>,
        purged: bool,
    }
    let mut gathered: BTreeMap<i64, Gathered> = BTreeMap::new();
    let mut case_seqs = Vec::new();
    let mut always = BTreeSet::new();
    let mut earlier_exports = Vec::new();
    let mut witness_shares = Vec::new();
    let mut sources: BTreeMap<i64, SourceFile> = BTreeMap::new();
    // Attachments whose record still has its body (a purge erases it, and the file with it).
    let mut live_attachments: BTreeSet<i64> = BTreeSet::new();
    for rec in records.values() {
        match &rec.body.event {
            Event::ImportDone { source_attachment_id, source_name, source_sha256, counts, .. } => {
                sources.entry(*source_attachment_id).or_insert_with(|| SourceFile {
                    attachment_id: *source_attachment_id,
                    name: source_name.clone(),
                    sha256: source_sha256.clone(),
                    others: counts.not_selected,
                    recut: false,
                });
            }
            // A purge re-cut the file (it now lives in another attachment) or took it whole.
            Event::EntryPurged { source: Some(purged), .. } => {
                if let Some(file) = sources.remove(&purged.attachment_id)
                    && let Some(recut) = &purged.recut
                {
                    sources.insert(
                        recut.attachment_id,
                        SourceFile { attachment_id: recut.attachment_id, recut: true, ..file },
                    );
                }
            }
            Event::AttachmentAdded { attachment_id, .. } => {
                live_attachments.insert(*attachment_id);
            }
            _ => {}
        }
    }
    let mut key_cards = Vec::new();
    let mut stamps = Vec::new();
    for (&seq, rec) in &records {
        let body = &rec.body;
        if let Some(entry_id) = body.entry_id() {
            let g = gathered.entry(entry_id).or_default();
            g.seqs.push(seq);
            if let Some(version) = EntryVersion::of_record(seq, body) {
                g.versions.push(version);
                continue;
            }
            match &body.event {
                Event::EntryRetracted { reason, .. } => {
                    g.retraction = Some(Retraction { seq, recorded_at: body.recorded_at, reason: reason.clone() })
                }
                Event::EntryPurged { .. } => g.purged = true,
                Event::AttachmentAdded { attachment_id, file, .. } => {
                    g.attachments.push((*attachment_id, seq, file.clone()))
                }
                _ => {}
            }
            continue;
        }
        match &body.event {
            // Orders frame the breaches: every order record goes in, for either recipient.
            Event::VaultCreated { .. }
            | Event::Checkpoint { .. }
            | Event::OrderMade { .. }
            | Event::OrderVaried { .. }
            | Event::OrderServed { .. }
            | Event::OrderDischarged { .. } => {
                always.insert(seq);
            }
            Event::CaseUpdated { .. } => case_seqs.push(seq),
            Event::KeyCardGiven { to, .. } => {
                always.insert(seq);
                key_cards.push(KeyCardGiven { seq, recorded_at: body.recorded_at, to: to.clone() });
            }
            Event::AnchorImported { checkpoint_seq, gen_time, serial, reply, .. } => {
                always.insert(seq);
                stamps.push(super::stamps::Stamp {
                    seq,
                    checkpoint_seq: *checkpoint_seq,
                    gen_time: *gen_time,
                    serial: serial.clone(),
                    reply: reply.clone(),
                });
            }
            Event::WitnessShared { code, to, how } => {
                always.insert(seq);
                witness_shares.push(WitnessShare {
                    seq,
                    recorded_at: body.recorded_at,
                    code: code.clone(),
                    to: to.clone(),
                    how: how.clone(),
                });
            }
            Event::ExportMade { exported_at, recipient, bundle_sha256, entry_ids, head_seq, .. } => {
                always.insert(seq);
                earlier_exports.push(EarlierExport {
                    seq,
                    exported_at: *exported_at,
                    recipient: recipient.clone(),
                    bundle_sha256: bundle_sha256.clone(),
                    entries: entry_ids.len(),
                    head_seq: *head_seq,
                });
            }
            _ => {}
        }
    }

    // Case records: the police get the case's whole history; an advocate only its current state.
    let disclosed_case_seqs: Vec<i64> = match options.recipient {
        Recipient::Police => case_seqs.clone(),
        Recipient::Advocate => case_seqs.last().copied().into_iter().collect(),
    };
    let case = case_seqs.last().and_then(|s| match &records[s].body.event {
        Event::CaseUpdated { case } => Some(case.clone()),
        _ => None,
    });
    let initials = case
        .as_ref()
        .map(|c| c.victim_initials.clone())
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| FALLBACK_INITIALS.to_owned());
    let mut warnings = Vec::new();
    if initials == FALLBACK_INITIALS && case.as_ref().is_none_or(|c| c.victim_initials.is_empty()) {
        warnings.push(format!(
            "No initials are set in the case details, so exhibits are marked {FALLBACK_INITIALS}_1, {FALLBACK_INITIALS}_2 ..."
        ));
    }

    // Which entries are selected.
    for id in &options.entry_ids {
        match gathered.get(id) {
            None => return Err(VaultError::UnknownEntry(*id).into()),
            Some(g) if g.purged || g.versions.is_empty() => return Err(VaultError::Purged(*id).into()),
            Some(_) => {}
        }
    }
    let mut selected: Vec<(i64, Gathered)> = gathered
        .into_iter()
        .filter(|(id, g)| !g.purged && !g.versions.is_empty() && selects(options, *id, g.versions.last()))
        .collect();
    selected.sort_by(|(a_id, a), (b_id, b)| {
        let (a_at, b_at) = (last(&a.versions).fields.occurred.start, last(&b.versions).fields.occurred.start);
        a_at.cmp(&b_at).then(a_id.cmp(b_id))
    });

    let mut disclosed_seqs: BTreeSet<i64> = always;
    disclosed_seqs.extend(disclosed_case_seqs);
    disclosed_seqs.extend(super::effects::disclosed_seqs(&records, &links, options)?);
    let mut entries = Vec::with_capacity(selected.len());
    let mut exhibits = Vec::new();
    let mut excerpts = Vec::new();
    for (id, g) in selected {
        let mut entry = Entry { id, versions: g.versions, retraction: g.retraction, exhibits: Vec::new() };
        let attachment_seqs: BTreeSet<i64> = g.attachments.iter().map(|(_, s, _)| *s).collect();
        disclosed_seqs.extend(g.seqs.iter().filter(|s| !attachment_seqs.contains(s)));
        let mut attachments = g.attachments;
        attachments.sort_by_key(|(aid, ..)| *aid);
        for (attachment_id, seq, meta) in attachments {
            let mut exhibit = Exhibit {
                // Numbered once every exhibit's handling is known (`number_marks`).
                mark: String::new(),
                attachment_id,
                entry_id: id,
                seq,
                meta,
                handling: Handling::Original,
            };
            if let Some(source) = sources.get(&attachment_id) {
                if !options.include_sources {
                    exhibit.handling = Handling::Withheld(format!(
                        "the whole export file {}, which also holds {} message(s) or call(s) of people not \
                         imported; each disclosed item is in the pack as its own excerpt, and the file goes in \
                         only if you choose to include export files",
                        source.name, source.others
                    ));
                } else if options.strip_gps {
                    warnings.push(format!(
                        "The export file {} goes in whole, as chosen: photos inside it may still record where they \
                         were taken; location removal cannot reach inside it.",
                        source.name
                    ));
                }
            } else if options.strip_gps && is_container(&exhibit.meta) {
                exhibit.handling = Handling::Withheld(format!(
                    "a {} file can hold photos that record where they were taken, and location removal cannot \
                     reach inside it",
                    exhibit.meta.media_type
                ));
            } else if options.strip_gps && exhibit.has_location() {
                exhibit.handling = match super::strip::kind_of(&exhibit.meta.media_type) {
                    Some(_) if exhibit.meta.size <= MAX_STRIP_BYTES => Handling::LocationRemoved,
                    Some(_) => Handling::Withheld(
                        "the photo records where it was taken and is too large to copy without that".into(),
                    ),
                    None => Handling::Withheld(format!(
                        "the file records where it was taken, and Casebook cannot remove that from {} files",
                        exhibit.meta.media_type
                    )),
                };
            }
            // The attachment record holds the coordinates: it is disclosed only with the original.
            if exhibit.handling == Handling::Original {
                disclosed_seqs.insert(seq);
            }
            entry.exhibits.push(exhibits.len());
            exhibits.push(exhibit);
        }
        if let Some(excerpt) = excerpt_of(&entry, &sources, &live_attachments) {
            // With location removal, an excerpt that carried the entry's files inside it (a
            // picture message's or an email's attachments, base64) stays out like them.
            if options.strip_gps && !entry.exhibits.is_empty() && excerpt.span.member.is_none() {
                warnings.push(format!(
                    "Entry {}'s original excerpt is left out: it holds the entry's files, which may record where \
                     they were taken.",
                    entry.id
                ));
            } else {
                excerpts.push(excerpt);
            }
        }
        entries.push(entry);
    }

    number_marks(&mut exhibits, &initials);

    let mut disclosed = BTreeMap::new();
    let mut withheld_kinds: BTreeMap<&'static str, u64> = BTreeMap::new();
    for (seq, rec) in records {
        if disclosed_seqs.contains(&seq) {
            disclosed.insert(seq, rec);
        } else {
            *withheld_kinds.entry(rec.body.kind_name()).or_default() += 1;
        }
    }
    earlier_exports.sort_by_key(|e| e.seq);
    let (orders, breaches) = super::breaches::schedule(&disclosed, &links, &entries)
        .map_err(|(seq, detail)| VaultError::Corrupt { seq: Some(seq), detail })?;
    let effects = super::effects::of_pack(&disclosed, &links)
        .map_err(|(seq, detail)| VaultError::Corrupt { seq: Some(seq), detail })?;
    if !effects.is_empty() {
        warnings.push(format!(
            "The pack includes {} change(s) to your life that you noted (how this has affected you). They may \
             hold health details; you can leave them out.",
            effects.len()
        ));
    }
    if !orders.is_empty() {
        // Orders go into every pack, whichever entries are chosen: the person sees so first.
        warnings.push(format!(
            "The pack includes the {} order(s) you recorded, with their terms, service and any variation or \
             discharge, and the {} breach(es) marked on the chosen entries (in the report and as breaches.csv).",
            orders.len(),
            breaches.len()
        ));
    }
    Ok(Plan {
        options: normalized(options),
        exported_at,
        links,
        disclosed,
        withheld_kinds,
        purged,
        entries,
        exhibits,
        excerpts,
        sources,
        case,
        earlier_exports,
        witness_shares,
        stamps,
        key_cards,
        orders,
        breaches,
        effects,
        warnings,
    })
}

/// Marks each exhibit `<initials>_<n>`, numbered 1, 2, 3 … within this pack with no gap: first
/// the files that go in, in the order their entries happened (the order of `exhibits`), then
/// the exhibits withheld, which the report and entries.json list without a file. So the
/// exhibits/ folder runs AB_1 … AB_k however narrow the pack, and every mark the report gives
/// runs AB/1 … AB/n. The vault's stable attachment id stays beside each mark (manifest.json,
/// entries.json), which ties a mark to the same file in another pack.
fn number_marks(exhibits: &mut [Exhibit], initials: &str) {
    let (going_in, withheld): (Vec<&mut Exhibit>, Vec<&mut Exhibit>) =
        exhibits.iter_mut().partition(|x| !matches!(x.handling, Handling::Withheld(_)));
    for (n, x) in going_in.into_iter().chain(withheld).enumerate() {
        x.mark = format!("{initials}_{}", n + 1);
    }
}

/// `AB_3` as officers write it: `AB/3` (`AB_3_1` → `AB/3/1`).
pub(crate) fn display_mark(mark: &str) -> String {
    mark.replace('_', "/")
}

/// The excerpt of an imported entry: the span its newest version carries, when the export
/// file it points into is still in the vault.
fn excerpt_of(entry: &Entry, sources: &BTreeMap<i64, SourceFile>, live: &BTreeSet<i64>) -> Option<Excerpt> {
    let (seq, span) = entry.versions.iter().rev().find_map(|v| match &v.fields.source {
        EntrySource::Import { span: Some(span), .. } => Some((v.seq, span.clone())),
        _ => None,
    })?;
    let source = sources
        .values()
        .filter(|s| s.sha256 == span.source_sha256 && live.contains(&s.attachment_id))
        .min_by_key(|s| s.recut)?;
    Some(Excerpt { entry_id: entry.id, seq, span, source_attachment_id: source.attachment_id })
}

/// Files that hold other files (archives, mail, exports): photos inside them keep whatever
/// location they record, beyond the reach of location removal.
fn is_container(meta: &AttachmentMeta) -> bool {
    let t = meta.media_type.as_str();
    let name = meta.original_name.to_ascii_lowercase();
    matches!(
        t,
        "application/zip"
            | "application/x-zip-compressed"
            | "application/x-tar"
            | "application/gzip"
            | "application/x-gzip"
            | "application/x-7z-compressed"
            | "application/vnd.rar"
            | "application/x-rar-compressed"
            | "application/mbox"
            | "message/rfc822"
            | "application/xml"
            | "text/xml"
            | "application/pdf"
    ) || t.starts_with("application/vnd.openxmlformats")
        || t.starts_with("application/vnd.oasis.opendocument")
        || [".zip", ".tar", ".gz", ".tgz", ".7z", ".rar", ".eml", ".mbox", ".xml", ".pdf", ".docx", ".odt"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn last(versions: &[EntryVersion]) -> &EntryVersion {
    versions.last().unwrap_or_else(|| unreachable!("filtered to entries with versions"))
}

/// Whether an entry's current version matches every criterion given.
fn selects(options: &ExportOptions, id: i64, current: Option<&EntryVersion>) -> bool {
    let Some(v) = current else { return false };
    let f = &v.fields;
    let at = f.occurred.start;
    (options.entry_ids.is_empty() || options.entry_ids.contains(&id))
        && options.from.is_none_or(|from| at >= from)
        && options.to.is_none_or(|to| at < to)
        && (options.kinds.is_empty() || options.kinds.contains(&f.kind))
        && (options.persons.is_empty() || f.person_id.is_some_and(|p| options.persons.contains(&p)))
}

/// A file extension for an exhibit that cannot run: taken from the type sniffed from its
/// bytes, never from the name the sender gave it, and only for types that open in a viewer.
/// Anything else (HTML, HTA, SVG, scripts, programs, shortcuts, office files that can carry
/// macros, and whatever is not recognised) is `.bin`, so a double click on a police PC asks
/// what to open it with instead of running it. The original name stays in entries.json,
/// manifest.json and the report.
pub(crate) fn extension(meta: &AttachmentMeta) -> &'static str {
    match meta.media_type.as_str() {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "image/tiff" => ".tif",
        "image/bmp" => ".bmp",
        "image/heic" | "image/heif" => ".heic",
        "application/pdf" => ".pdf",
        "audio/mpeg" => ".mp3",
        "audio/mp4" | "audio/x-m4a" | "audio/m4a" => ".m4a",
        "audio/ogg" | "audio/opus" => ".ogg",
        "audio/x-wav" | "audio/wav" => ".wav",
        "audio/amr" => ".amr",
        "video/mp4" => ".mp4",
        "video/quicktime" => ".mov",
        "video/3gpp" => ".3gp",
        "text/plain" => ".txt",
        "application/zip" => ".zip",
        _ => ".bin",
    }
}

/// The options with their lists sorted and without repeats, as the manifest states them, so
/// that a report drawn again from the pack (`replay.rs`) words them identically.
fn normalized(options: &ExportOptions) -> ExportOptions {
    let mut o = options.clone();
    o.entry_ids.sort_unstable();
    o.entry_ids.dedup();
    o.kinds.sort();
    o.kinds.dedup();
    o.persons.sort_unstable();
    o.persons.dedup();
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(original_name: &str, media_type: &str) -> AttachmentMeta {
        AttachmentMeta {
            original_name: original_name.into(),
            media_type: media_type.into(),
            size: 0,
            sha256: String::new(),
            source: "manual".into(),
            image: None,
            note: None,
        }
    }

    #[test]
    fn active_or_unknown_exhibits_are_bin_whatever_their_name() {
        assert_eq!(extension(&named("invoice.hta", "text/html")), ".bin");
        assert_eq!(extension(&named("logo.svg", "image/svg+xml")), ".bin");
        assert_eq!(extension(&named("run.js", "application/octet-stream")), ".bin");
        assert_eq!(extension(&named("setup.exe", "application/vnd.microsoft.portable-executable")), ".bin");
        assert_eq!(
            extension(&named("letter.docm", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
            ".bin"
        );
        assert_eq!(extension(&named("photo.jpg.lnk", "application/x-ms-shortcut")), ".bin");
    }

    #[test]
    fn the_extension_comes_from_the_bytes_not_the_name() {
        assert_eq!(extension(&named("photo.exe", "image/jpeg")), ".jpg");
        assert_eq!(extension(&named("notes.hta", "text/plain")), ".txt");
        assert_eq!(extension(&named("no name", "application/pdf")), ".pdf");
    }
}
