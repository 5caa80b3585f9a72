//! The `export_made` record that logs a pack in the ledger (and in later packs' continuity
//! log).

use super::Manifest;
use super::plan::Plan;
use crate::ledger::Event;

/// The digests of what was written, known only once the pack is finished.
pub(super) struct PackDigests {
    /// The ZIP (inside the encryption, for an advocate pack).
    pub bundle_sha256: String,
    /// manifest.json's exact bytes.
    pub manifest_sha256: String,
    /// The age-encrypted file, when the pack is encrypted.
    pub encrypted_sha256: Option<String>,
}

/// The record for a pack made from `plan`, whose signed manifest is `manifest`.
pub(super) fn export_made(plan: &Plan, manifest: &Manifest, digests: PackDigests) -> Event {
    let (head_seq, head_link) = plan.head();
    Event::ExportMade {
        exported_at: plan.exported_at,
        recipient: plan.options.recipient.as_str().to_owned(),
        bundle_sha256: digests.bundle_sha256,
        manifest_sha256: digests.manifest_sha256,
        encrypted_sha256: digests.encrypted_sha256,
        head_seq,
        head_link: hex::encode(head_link),
        entry_ids: plan.entries.iter().map(|e| e.id).collect(),
        disclosed_seqs: ranges(plan.disclosed.keys().copied()),
        exhibits: manifest.counts.exhibits,
        gps_removed: manifest.counts.derived_exhibits > 0,
    }
}

/// Sorted numbers as inclusive `[first, last]` ranges.
pub(super) fn ranges(seqs: impl Iterator<Item = i64>) -> Vec<[i64; 2]> {
    let mut out: Vec<[i64; 2]> = Vec::new();
    for s in seqs {
        match out.last_mut() {
            Some(r) if r[1] + 1 == s => r[1] = s,
            _ => out.push([s, s]),
        }
    }
    out
}

/// The `recipient_card_used` record that remembers the card a pack was made for.
pub(super) fn card_used(export_seq: i64, card: &casebook_pack::format::RecipientCard) -> Event {
    Event::RecipientCardUsed {
        export_seq,
        name: card.name.clone(),
        recipient: card.recipient.clone(),
        fingerprint: card.fingerprint(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_runs() {
        assert_eq!(ranges([1, 2, 3, 5, 7, 8].into_iter()), vec![[1, 3], [5, 5], [7, 8]]);
        assert!(ranges(std::iter::empty()).is_empty());
    }
}
