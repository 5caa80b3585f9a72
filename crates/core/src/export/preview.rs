//! What a pack would disclose and withhold, shown to the person before anything is written.

use serde::{Deserialize, Serialize};

use super::plan::{self, Handling};
use super::{ExportError, ExportOptions, Recipient};
use crate::diary::EntryId;
use crate::vault::Vault;

/// How an exhibit goes into a pack, as the preview states it (the front ends branch on it, so
/// it is a type, not a word to compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Treatment {
    /// The original, byte for byte.
    Original,
    /// A copy with its location data removed (`<mark>_1`); the original stays out.
    LocationRemoved,
    /// Not in the pack; the preview's note says why.
    Withheld,
}

/// One exhibit as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct PreviewExhibit {
    /// The mark of the file that goes in (`AB_3`, or `AB_3_1` for a copy without location).
    pub mark: String,
    /// The entry it belongs to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entry_id: EntryId,
    /// The file's name as it was attached.
    pub original_name: String,
    /// Its size.
    pub size: u64,
    /// How it goes in.
    pub treatment: Treatment,
    /// Why it is withheld, when it is.
    pub note: Option<String>,
}

/// An export file kept by an import, as the preview lists it: disclosing it whole would
/// disclose everyone else's messages in it too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewSource {
    /// Its exhibit mark.
    pub mark: String,
    /// The export file's name.
    pub original_name: String,
    /// Its size.
    pub size: u64,
    /// Messages or calls in it of people who were not imported.
    pub other_people_items: u64,
    /// Whether it goes in (only when export files are chosen).
    pub included: bool,
}

/// What a pack would disclose and withhold: shown to the person before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, optional_fields = nullable))]
pub struct ExportPreview {
    /// Who it is for.
    pub recipient: Recipient,
    /// The entries that would go in, in the order they happened.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub entry_ids: Vec<EntryId>,
    /// Of which retracted (they go in, marked as retracted).
    pub retracted: u64,
    /// Exhibit files.
    pub exhibits: Vec<PreviewExhibit>,
    /// Whole export files among the exhibits: withheld unless chosen.
    pub sources: Vec<PreviewSource>,
    /// Imported items that go in as their own original excerpt.
    pub excerpts: u64,
    /// Bytes of exhibit files to copy.
    pub exhibit_bytes: u64,
    /// Records disclosed in full.
    pub disclosed_records: u64,
    /// Records present only as links, by kind (`entry_created`: 12 ...). For the person's
    /// eyes: the pack itself never says what kind a withheld record is.
    pub withheld_by_kind: std::collections::BTreeMap<String, u64>,
    /// Records withheld in total.
    pub withheld_records: u64,
    /// Records erased by purges (no content to disclose).
    pub purged_records: u64,
    /// Earlier packs listed in the continuity log.
    pub earlier_exports: u64,
    /// Things the person should know (no initials for exhibit marks, ...).
    pub warnings: Vec<String>,
}

impl Vault {
    /// What a pack with these options would disclose and withhold. Reads only.
    pub fn export_preview(&self, options: &ExportOptions) -> Result<ExportPreview, ExportError> {
        let plan = plan::plan(self, options, self.clock.now())?;
        let exhibits = plan
            .exhibits
            .iter()
            .map(|x| PreviewExhibit {
                mark: x.file_mark(),
                entry_id: x.entry_id,
                original_name: x.meta.original_name.clone(),
                size: x.meta.size,
                treatment: x.handling.treatment(),
                note: match &x.handling {
                    Handling::Withheld(reason) => Some(reason.clone()),
                    _ => None,
                },
            })
            .collect();
        let sources = plan
            .exhibits
            .iter()
            .filter_map(|x| {
                let source = plan.sources.get(&x.attachment_id)?;
                Some(PreviewSource {
                    mark: x.mark.clone(),
                    original_name: x.meta.original_name.clone(),
                    size: x.meta.size,
                    other_people_items: source.others,
                    included: x.file().is_some(),
                })
            })
            .collect();
        Ok(ExportPreview {
            recipient: options.recipient,
            entry_ids: plan.entries.iter().map(|e| e.id).collect(),
            retracted: plan.entries.iter().filter(|e| e.retraction.is_some()).count() as u64,
            exhibits,
            sources,
            excerpts: plan.excerpts.len() as u64,
            exhibit_bytes: plan.exhibit_bytes(),
            disclosed_records: plan.disclosed.len() as u64,
            withheld_by_kind: plan.withheld_kinds.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect(),
            withheld_records: plan.withheld(),
            purged_records: plan.purged,
            earlier_exports: plan.earlier_exports.len() as u64,
            warnings: plan.warnings.clone(),
        })
    }
}
