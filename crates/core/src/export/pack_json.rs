//! ledger.json (every record's link, and the disclosed ones' bodies and salts) and
//! entries.json (the disclosed entries as plain JSON), built from the plan.

use base64::Engine;

use super::plan::{Handling, Plan};
use super::{
    ENTRIES_FORMAT, EntriesFile, EntryOut, ExhibitOut, LEDGER_FORMAT, LedgerEntry, LedgerFile, Manifest, OriginalOut,
    Status,
};

pub(super) fn ledger_file(plan: &Plan) -> LedgerFile {
    let b64 = base64::engine::general_purpose::STANDARD;
    let records = plan
        .links
        .iter()
        .map(|l| {
            let disclosed = plan.disclosed.get(&l.seq);
            LedgerEntry {
                body: disclosed.map(|r| b64.encode(&r.body_bytes[..])),
                commitment: hex::encode(l.commitment),
                link: hex::encode(l.link),
                prev_link: hex::encode(l.prev_link),
                salt: disclosed.map(|r| hex::encode(r.salt)),
                seq: l.seq,
                status: if disclosed.is_some() {
                    Status::Disclosed
                } else if l.purged {
                    Status::Purged
                } else {
                    Status::Withheld
                },
            }
        })
        .collect();
    LedgerFile { format: LEDGER_FORMAT.to_owned(), records }
}

pub(super) fn entries_file(plan: &Plan, manifest: &Manifest) -> EntriesFile {
    let entries = plan
        .entries
        .iter()
        .map(|e| EntryOut {
            exhibits: e
                .exhibits
                .iter()
                .map(|&i| {
                    let x = &plan.exhibits[i];
                    let file = x.file();
                    let in_pack = file.as_ref().and_then(|f| manifest.exhibits.iter().find(|m| &m.file == f));
                    let exif = x.meta.image.as_ref().and_then(|i| i.exif.as_ref());
                    ExhibitOut {
                        attachment_id: Some(x.attachment_id),
                        derived_from: (x.handling == Handling::LocationRemoved).then(|| x.mark.clone()),
                        file,
                        mark: x.file_mark(),
                        media_type: x.meta.media_type.clone(),
                        original: OriginalOut {
                            captured_at: exif.and_then(|e| e.captured_at.clone()),
                            device: exif.and_then(|e| e.device.clone()),
                            name: x.meta.original_name.clone(),
                            seq: (x.handling == Handling::Original).then_some(x.seq),
                            sha256: x.meta.sha256.clone(),
                            size: x.meta.size,
                        },
                        sha256: in_pack.map(|m| m.sha256.clone()),
                        size: in_pack.map(|m| m.size),
                        withheld: match &x.handling {
                            Handling::Withheld(reason) => Some(reason.clone()),
                            _ => None,
                        },
                    }
                })
                .collect(),
            id: e.id,
            retraction: e.retraction.clone(),
            versions: e.versions.clone(),
        })
        .collect();
    EntriesFile { case: plan.case.clone(), entries, format: ENTRIES_FORMAT.to_owned() }
}
