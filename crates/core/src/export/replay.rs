//! The report again, from a pack alone: what `casebook verify` re-renders to show that
//! report.pdf says what the pack's committed records say.
//!
//! The report is drawn from a [`Plan`] and the manifest. Here the plan is rebuilt from what the
//! pack discloses, with the same rules the export used: each entry's versions and retraction,
//! the case, the continuity log, witness codes, key cards and time-stamps from the disclosed
//! record bodies (the authority); exhibits from the disclosed `attachment_added` bodies, or,
//! where that record is withheld (a copy without location data, an export file), from
//! entries.json, which the signature covers; the pictures of photos and screenshots from the
//! pack's own exhibit files, as the export drew them. Rendering is deterministic, so the same
//! version of Casebook draws the same bytes.

use std::collections::BTreeMap;

use base64::Engine as _;
use zeroize::Zeroizing;

use super::format::{EntriesFile, LedgerFile, Manifest, Status};
use super::plan::{EarlierExport, Entry, Exhibit, Handling, Plan};
use super::stamps::Stamp;
use super::{ExportOptions, Recipient};
use crate::keycard::KeyCardGiven;
use crate::ledger::{AttachmentMeta, Event, ExifSummary, ImageInfo, LedgerRecord, Link, RecordBody};
use crate::query::{EntryVersion, Retraction};
use crate::witness::WitnessShare;

/// How report.pdf is drawn, counted: raised with every change to what the report draws or how
/// (layout, fonts, sections, pictures), even within one version number. A pack drawn by another
/// count is then "made by another version: not compared" instead of "altered". Packs made
/// before the count existed say plain `casebook 0.1.0`; 2 is the first to draw pictures.
pub const REPORT_DRAWING: u32 = 2;

/// The program name, version and report drawing packs record in `manifest.tool`
/// (`casebook 0.1.0+report.2`); a report is re-rendered only by the same, since layout and
/// fonts may change between versions.
pub fn tool() -> String {
    format!("casebook {}+report.{REPORT_DRAWING}", env!("CARGO_PKG_VERSION"))
}

/// The report.pdf this version of Casebook draws for a pack with these files. `read_file` gives
/// a file of the pack by its name (the photo and screenshot exhibits, whose pictures the report
/// draws). `Err` says why the plan could not be rebuilt (the pack's other checks say more).
pub(crate) fn report_from_pack(
    manifest: &Manifest,
    ledger: &LedgerFile,
    entries: &EntriesFile,
    read_file: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let plan = plan_from_pack(manifest, ledger, entries)?;
    // The manifest as the export had it when it drew the report: before the file list.
    let mut m = manifest.clone();
    m.files = Default::default();
    let thumbs = super::pdf::gather_thumbs(&plan, &m, &mut |_, name| read_file(name).map(Zeroizing::new))?;
    let facts = super::pdf::ReportFacts { plan: &plan, manifest: &m, thumbs: &thumbs };
    let rendered = super::pdf::render(&facts, &mut || true)?.ok_or("the report was not finished")?;
    Ok(rendered.bytes)
}

/// The breaches.csv this version of Casebook writes for a pack with these files, or `None` when
/// it writes none (no order disclosed).
pub(crate) fn breaches_from_pack(
    manifest: &Manifest,
    ledger: &LedgerFile,
    entries: &EntriesFile,
) -> Result<Option<Vec<u8>>, String> {
    let plan = plan_from_pack(manifest, ledger, entries)?;
    Ok((!plan.orders.is_empty())
        .then(|| super::breaches::csv(&plan.breaches, &plan.entries, &plan.exhibits).into_bytes()))
}

fn plan_from_pack(manifest: &Manifest, ledger: &LedgerFile, entries_file: &EntriesFile) -> Result<Plan, String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let hash = |text: &str| -> Result<[u8; 32], String> {
        hex::decode(text)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| "a hash in ledger.json is malformed".into())
    };
    let mut links = Vec::new();
    let mut disclosed: BTreeMap<i64, LedgerRecord> = BTreeMap::new();
    let mut purged = 0;
    for r in &ledger.records {
        links.push(Link {
            seq: r.seq,
            prev_link: hash(&r.prev_link)?,
            commitment: hash(&r.commitment)?,
            link: hash(&r.link)?,
            purged: r.status == Status::Purged,
        });
        purged += u64::from(r.status == Status::Purged);
        if r.status != Status::Disclosed {
            continue;
        }
        let bytes =
            r.body.as_deref().and_then(|b| b64.decode(b).ok()).ok_or(format!("record {} has no body", r.seq))?;
        let salt = r.salt.as_deref().map(hash).transpose()?.ok_or(format!("record {} has no salt", r.seq))?;
        let body: RecordBody =
            serde_json::from_slice(&bytes).map_err(|e| format!("record {} cannot be read ({e})", r.seq))?;
        disclosed.insert(r.seq, LedgerRecord { seq: r.seq, salt, body_bytes: Zeroizing::new(bytes), body });
    }

    let mut case = None;
    let (mut earlier_exports, mut witness_shares, mut key_cards, mut stamps) = (vec![], vec![], vec![], vec![]);
    let mut versions: BTreeMap<i64, Vec<EntryVersion>> = BTreeMap::new();
    let mut retractions: BTreeMap<i64, Retraction> = BTreeMap::new();
    let mut attachments: BTreeMap<i64, (i64, AttachmentMeta)> = BTreeMap::new();
    for (&seq, rec) in &disclosed {
        let body = &rec.body;
        let recorded_at = body.recorded_at;
        if let (Some(version), Some(entry_id)) = (EntryVersion::of_record(seq, body), body.entry_id()) {
            versions.entry(entry_id).or_default().push(version);
            continue;
        }
        match &body.event {
            Event::EntryRetracted { entry_id, reason } => {
                retractions.insert(*entry_id, Retraction { seq, recorded_at, reason: reason.clone() });
            }
            Event::AttachmentAdded { attachment_id, file, .. } => {
                attachments.insert(*attachment_id, (seq, file.clone()));
            }
            Event::CaseUpdated { case: c } => case = Some(c.clone()),
            Event::ExportMade { exported_at, recipient, bundle_sha256, entry_ids, head_seq, .. } => earlier_exports
                .push(EarlierExport {
                    seq,
                    exported_at: *exported_at,
                    recipient: recipient.clone(),
                    bundle_sha256: bundle_sha256.clone(),
                    entries: entry_ids.len(),
                    head_seq: *head_seq,
                }),
            Event::WitnessShared { code, to, how } => witness_shares.push(WitnessShare {
                seq,
                recorded_at,
                code: code.clone(),
                to: to.clone(),
                how: how.clone(),
            }),
            Event::KeyCardGiven { to, .. } => key_cards.push(KeyCardGiven { seq, recorded_at, to: to.clone() }),
            Event::AnchorImported { checkpoint_seq, gen_time, serial, reply, .. } => stamps.push(Stamp {
                seq,
                checkpoint_seq: *checkpoint_seq,
                gen_time: *gen_time,
                serial: serial.clone(),
                reply: reply.clone(),
            }),
            _ => {}
        }
    }

    // Entries in the order the export sorts them: when they happened (latest version), then number.
    let mut entries = Vec::new();
    let mut exhibits = Vec::new();
    let mut listed: Vec<_> = entries_file.entries.iter().collect();
    let start = |id: i64| versions.get(&id).and_then(|v| v.last()).map(|v| v.fields.occurred.start);
    listed.sort_by(|a, b| start(a.id).cmp(&start(b.id)).then(a.id.cmp(&b.id)));
    for e in listed {
        let v = versions.remove(&e.id).ok_or(format!("entry {} has no disclosed version", e.id))?;
        let mut entry = Entry { id: e.id, versions: v, retraction: retractions.remove(&e.id), exhibits: Vec::new() };
        // The export lists an entry's exhibits by attachment number; the marks are the pack's own.
        let mark_of = |x: &super::format::ExhibitOut| x.derived_from.clone().unwrap_or_else(|| x.mark.clone());
        let mut outs: Vec<_> = e.exhibits.iter().map(|x| (x.attachment_id.unwrap_or(0), x)).collect();
        outs.sort_by_key(|(id, _)| *id);
        for (attachment_id, x) in outs {
            let mark = mark_of(x);
            let handling = match (&x.withheld, &x.derived_from) {
                (Some(reason), _) => Handling::Withheld(reason.clone()),
                (None, Some(_)) => Handling::LocationRemoved,
                (None, None) => Handling::Original,
            };
            let (seq, meta) = match attachments.get(&attachment_id) {
                Some((seq, meta)) if handling == Handling::Original => (*seq, meta.clone()),
                _ => (x.original.seq.unwrap_or(0), meta_from(x)),
            };
            entry.exhibits.push(exhibits.len());
            exhibits.push(Exhibit { mark, attachment_id, entry_id: e.id, seq, meta, handling });
        }
        entries.push(entry);
    }

    let (orders, breaches) = super::breaches::schedule(&disclosed, &links, &entries)
        .map_err(|(seq, detail)| format!("record {seq}: {detail}"))?;
    let effects =
        super::effects::of_pack(&disclosed, &links).map_err(|(seq, detail)| format!("record {seq}: {detail}"))?;
    let o = &manifest.options;
    let recipient = if manifest.recipient == "advocate" { Recipient::Advocate } else { Recipient::Police };
    Ok(Plan {
        options: ExportOptions {
            recipient,
            from: o.from,
            to: o.to,
            kinds: o.kinds.clone(),
            persons: o.persons.clone(),
            entry_ids: o.entry_ids.clone(),
            strip_gps: o.strip_gps,
            include_sources: o.include_sources,
            // Not part of the pack (nor of its manifest): the pack is the same with or without it.
            upload_folder: false,
            recipient_card: None,
            leave_out_effects: o.leave_out_effects,
        },
        exported_at: manifest.exported_at,
        links,
        disclosed,
        withheld_kinds: BTreeMap::new(),
        purged,
        entries,
        exhibits,
        excerpts: Vec::new(),
        sources: BTreeMap::new(),
        case,
        earlier_exports,
        witness_shares,
        key_cards,
        stamps,
        orders,
        breaches,
        effects,
        warnings: Vec::new(),
    })
}

/// What the report shows of an exhibit whose record the pack withholds, from entries.json.
fn meta_from(x: &super::format::ExhibitOut) -> AttachmentMeta {
    let o = &x.original;
    let exif = (o.captured_at.is_some() || o.device.is_some()).then(|| ExifSummary {
        captured_at: o.captured_at.clone(),
        device: o.device.clone(),
        gps_latitude: None,
        gps_longitude: None,
    });
    AttachmentMeta {
        original_name: o.name.clone(),
        media_type: x.media_type.clone(),
        size: o.size,
        sha256: o.sha256.clone(),
        source: String::new(),
        image: exif.map(|exif| ImageInfo { width: 0, height: 0, exif: Some(exif) }),
        note: None,
    }
}
