//! manifest.json: what the pack holds and how it was chosen, signed as the pack's last step.

use super::format::Counts;
use super::plan::{self, Handling, Plan};
use super::{FileDigest, Head, MANIFEST_FORMAT, Manifest, ManifestExcerpt, ManifestExhibit, OptionsSummary, replay};
use crate::vault::Vault;

/// The manifest, without the file digests (filled in as the pack is written).
pub(super) fn manifest_for(vault: &Vault, plan: &Plan, copies: &[(String, FileDigest)]) -> Manifest {
    let (head_seq, head_link) = plan.head();
    let mut exhibits = Vec::new();
    for x in &plan.exhibits {
        let Some(file) = x.file() else { continue };
        // A `.bin` name says nothing of what the file was: the manifest says it.
        let original_name = (plan::extension(&x.meta) == ".bin").then(|| x.meta.original_name.clone());
        match x.handling {
            Handling::LocationRemoved => {
                let mark = x.file_mark();
                let digest = copies.iter().find(|(m, _)| *m == mark).map(|(_, d)| d.clone());
                let digest = digest.unwrap_or(FileDigest { sha256: String::new(), size: 0 });
                exhibits.push(ManifestExhibit {
                    attachment_id: Some(x.attachment_id),
                    derived_from: Some(x.mark.clone()),
                    file,
                    mark,
                    original_name,
                    original_sha256: Some(x.meta.sha256.clone()),
                    seq: None,
                    sha256: digest.sha256,
                    size: digest.size,
                });
            }
            _ => exhibits.push(ManifestExhibit {
                attachment_id: Some(x.attachment_id),
                derived_from: None,
                file,
                mark: x.mark.clone(),
                original_name,
                original_sha256: None,
                seq: Some(x.seq),
                sha256: x.meta.sha256.clone(),
                size: x.meta.size,
            }),
        }
    }
    exhibits.sort_by_key(|a| mark_order(&a.mark));
    let excerpts = plan
        .excerpts
        .iter()
        .map(|x| ManifestExcerpt {
            end: x.span.end,
            entry_id: x.entry_id,
            file: x.file(),
            member: x.span.member.clone(),
            seq: x.seq,
            sha256: x.span.sha256.clone(),
            size: x.span.end - x.span.start,
            source_sha256: x.span.source_sha256.clone(),
            start: x.span.start,
        })
        .collect();
    let o = &plan.options;
    let mut entry_ids = o.entry_ids.clone();
    entry_ids.sort_unstable();
    entry_ids.dedup();
    let mut kinds = o.kinds.clone();
    kinds.sort();
    kinds.dedup();
    let mut persons = o.persons.clone();
    persons.sort_unstable();
    persons.dedup();
    Manifest {
        counts: Counts {
            derived_exhibits: exhibits.iter().filter(|e| e.derived_from.is_some()).count() as u64,
            disclosed_records: plan.disclosed.len() as u64,
            entries: plan.entries.len() as u64,
            exhibits: exhibits.len() as u64,
            purged_records: plan.purged,
            records: plan.links.len() as u64,
            withheld_records: plan.withheld(),
        },
        excerpts,
        exhibits,
        exported_at: plan.exported_at,
        files: Default::default(),
        fingerprint: vault.public_key.fingerprint(),
        format: MANIFEST_FORMAT.to_owned(),
        head: Head { link: hex::encode(head_link), seq: head_seq },
        options: OptionsSummary {
            entry_ids,
            from: o.from,
            include_sources: o.include_sources,
            kinds,
            leave_out_effects: o.leave_out_effects,
            persons,
            strip_gps: o.strip_gps,
            to: o.to,
        },
        public_key: hex::encode(vault.public_key.to_bytes()),
        recipient: o.recipient.as_str().to_owned(),
        tool: replay::tool(),
        vault_id: hex::encode(vault.vault_id()),
    }
}

/// Sort key for marks: `AB_2` before `AB_10`, a copy right after its original.
fn mark_order(mark: &str) -> Vec<u64> {
    mark.split('_').skip(1).map(|n| n.parse().unwrap_or(u64::MAX)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_sort_numerically_with_copies_after_originals() {
        let mut marks = vec!["AB_10", "AB_2_1", "AB_2", "AB_1"];
        marks.sort_by_key(|m| mark_order(m));
        assert_eq!(marks, vec!["AB_1", "AB_2", "AB_2_1", "AB_10"]);
    }
}
