//! Writing a pack: every file into one ZIP (for an advocate: encrypted, inside a web page that
//! opens it), put in place, then logged. The order that matters is here: the `export_made` record is committed only once
//! the pack is in place.

use std::io::{BufWriter, Write};
use std::path::Path;

use casebook_crypto::{Passphrase, Sha256, hash::Digest};

use super::error::not_saved;
use super::manifest::manifest_for;
use super::pack_json::{entries_file, ledger_file};
use super::plan::{self, Handling, Plan};
use super::zipout::{HashingWriter, PackWriter};
use super::{
    ExportError, ExportOptions, ExportReport, FileDigest, Manifest, Progress, Recipient, Stage, VERIFY_HTML,
    advocate_page, names, pdf, readme, record, stamps, strip, sums, to_json, upload,
};
use crate::error::VaultError;
use crate::newfile::NewFile;
use crate::vault::Vault;

impl Vault {
    /// Writes a pack to `out` and records it in the ledger.
    ///
    /// The pack is written privately beside `out` (`newfile`: unnamed where the file system
    /// allows, else a 0600 temporary name), synced, then put in place without replacing
    /// anything; `out` is never left half-written and an existing file there is refused.
    /// Exhibits are decrypted chunk by chunk straight into the ZIP, each checked against its
    /// recorded SHA-256. Advocate packs need `passphrase` and are encrypted with it (age,
    /// scrypt); police packs are never encrypted. `progress` is called often; returning
    /// `false` cancels and removes everything written.
    ///
    /// The `export_made` record is committed only after the pack is in place, so the
    /// continuity log never lists a pack that does not exist (a failed link or copy, on a
    /// full or read-only stick, leaves neither). If that commit fails, the placed pack is
    /// removed again.
    pub fn export(
        &mut self,
        options: &ExportOptions,
        passphrase: Option<&Passphrase>,
        out: &Path,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ExportReport, ExportError> {
        let card = match &options.recipient_card {
            Some(text) => {
                if options.recipient != Recipient::Advocate || passphrase.is_some() {
                    return Err(ExportError::RecipientCardMisused);
                }
                Some(casebook_pack::format::RecipientCard::parse(text.as_bytes())?)
            }
            None => None,
        };
        match (options.recipient, passphrase) {
            (Recipient::Advocate, None) if card.is_some() => {}
            (Recipient::Advocate, None) => {
                return Err(ExportError::PassphraseNeeded);
            }
            (Recipient::Advocate, Some(p)) if p.expose_secret().trim().is_empty() => {
                return Err(ExportError::EmptyPassphrase);
            }
            (Recipient::Police, Some(_)) => {
                return Err(ExportError::PoliceNotEncrypted);
            }
            _ => {}
        }
        if options.upload_folder && options.recipient != Recipient::Police {
            return Err(ExportError::UploadFolderPoliceOnly);
        }
        if out.exists() {
            return Err(VaultError::AlreadyExists(out.to_owned()).into());
        }
        if options.upload_folder && upload::upload_folder_for(out).exists() {
            return Err(VaultError::AlreadyExists(upload::upload_folder_for(out)).into());
        }
        let key = match (&card, passphrase) {
            (Some(card), _) => PackLock::Card(card.age_recipient()),
            (None, Some(p)) => PackLock::Passphrase(p),
            (None, None) => PackLock::None,
        };
        self.export_to(options, key, card.as_ref(), out, progress)
    }

    fn export_to(
        &mut self,
        options: &ExportOptions,
        key: PackLock<'_>,
        card: Option<&casebook_pack::format::RecipientCard>,
        out: &Path,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ExportReport, ExportError> {
        let mut tick = |stage: Stage, done: u64, total: u64| -> Result<(), ExportError> {
            if progress(Progress { stage, done, total }) { Ok(()) } else { Err(ExportError::Cancelled) }
        };
        tick(Stage::Reading, 0, 1)?;
        let exported_at = self.clock.now();
        let plan = plan::plan(self, options, exported_at)?;
        if plan.entries.is_empty() {
            return Err(ExportError::NothingSelected);
        }
        let copies = self.location_free_copies(&plan)?;
        let mut manifest = manifest_for(self, &plan, &copies);
        tick(Stage::Report, 0, plan.entries.len() as u64)?;
        // The report's pictures, from each photo's bytes exactly as the pack will hold them.
        let thumbs = pdf::gather_thumbs(&plan, &manifest, &mut |x, _| {
            tick(Stage::Report, 0, plan.entries.len() as u64)?;
            self.pack_file_bytes(x)
        })?;
        let mut cancelled = false;
        let facts = pdf::ReportFacts { plan: &plan, manifest: &manifest, thumbs: &thumbs };
        let rendered = pdf::render(&facts, &mut || {
            cancelled = !progress(Progress { stage: Stage::Report, done: 0, total: plan.entries.len() as u64 });
            !cancelled
        })
        .map_err(ExportError::Report)?
        .ok_or(ExportError::Cancelled)?;
        let mut tick = |stage: Stage, done: u64, total: u64| -> Result<(), ExportError> {
            if progress(Progress { stage, done, total }) { Ok(()) } else { Err(ExportError::Cancelled) }
        };
        tick(Stage::Report, plan.entries.len() as u64, plan.entries.len() as u64)?;

        let file = NewFile::create(out).map_err(|e| not_saved(out, e.into()))?;
        let buffered = BufWriter::with_capacity(1 << 20, file);
        let (buffered, bundle_sha256, encrypted_sha256, bytes) = match key {
            // A police pack's file is the ZIP itself: its digest and size are the bundle's,
            // already hashed once on the way out, so the file is not hashed a second time.
            PackLock::None => {
                let (buffered, sha, size) = self
                    .write_pack(&plan, &mut manifest, &rendered.bytes, buffered, &mut tick)
                    .map_err(|e| not_saved(out, e))?;
                (buffered, sha, None, size)
            }
            // For a recipient card: a plain age file to the card's key, which `age -d -i` opens
            // as it is (no web page: the page asks for a passphrase, and an identity file does
            // not belong in a browser).
            PackLock::Card(recipient) => {
                let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                let writer =
                    encryptor.wrap_output(HashingWriter::new(buffered)).map_err(|e| not_saved(out, e.into()))?;
                let (writer, sha, _) = self
                    .write_pack(&plan, &mut manifest, &rendered.bytes, writer, &mut tick)
                    .map_err(|e| not_saved(out, e))?;
                let (buffered, age_sha256, age_bytes) = writer.finish().map_err(|e| not_saved(out, e.into()))?.finish();
                (buffered, sha, Some(age_sha256), age_bytes)
            }
            PackLock::Passphrase(p) => {
                let secret = age::secrecy::SecretString::from(p.expose_secret().to_owned());
                // A fixed work factor, not age's per-device one: verifiers refuse anything above
                // it, so a pack made on a fast machine must still open everywhere.
                let mut recipient = age::scrypt::Recipient::new(secret);
                recipient.set_work_factor(crate::verify::PACK_SCRYPT_LOG_N);
                let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                // The age file goes, armored, into a web page that opens it (advocate_page.rs);
                // its digest is the age file's, which the page carries after it.
                let page = advocate_page::start(buffered).map_err(|e| not_saved(out, e.into()))?;
                let writer = encryptor.wrap_output(HashingWriter::new(page)).map_err(|e| not_saved(out, e.into()))?;
                let (writer, sha, _) = self
                    .write_pack(&plan, &mut manifest, &rendered.bytes, writer, &mut tick)
                    .map_err(|e| not_saved(out, e))?;
                let (page, age_sha256, age_bytes) = writer.finish().map_err(|e| not_saved(out, e.into()))?.finish();
                let (buffered, bytes) =
                    advocate_page::finish(page, &age_sha256, age_bytes).map_err(|e| not_saved(out, e.into()))?;
                (buffered, sha, Some(age_sha256), bytes)
            }
        };
        let file = buffered.into_inner().map_err(|e| not_saved(out, e.into_error().into()))?;
        tick(Stage::Finishing, 1, 2)?;

        let (head_seq, _) = plan.head();
        let entry_ids: Vec<i64> = plan.entries.iter().map(|e| e.id).collect();
        let manifest_sha256 = hex::encode(Sha256::digest(to_json(&manifest)));
        let event = record::export_made(
            &plan,
            &manifest,
            record::PackDigests {
                bundle_sha256: bundle_sha256.clone(),
                manifest_sha256: manifest_sha256.clone(),
                encrypted_sha256: encrypted_sha256.clone(),
            },
        );
        // In place first (fsynced, never replacing), then logged: a pack the log lists exists.
        file.place().map_err(|e| not_saved(out, e.into()))?;
        // The upload folder is read from the placed pack, before the log: a failure leaves
        // neither pack nor folder, as for the pack alone.
        let upload_folder = if options.upload_folder {
            let folder = upload::upload_folder_for(out);
            if let Err(e) = upload::write_upload_folder(out, &folder) {
                let _ = std::fs::remove_file(out);
                return Err(not_saved(out, e));
            }
            Some(folder)
        } else {
            None
        };
        // A card is remembered with the pack it was used for, in the same transaction: the
        // vault keeps (sealed) exactly the key the pack was encrypted to.
        let record_seq = match self.write(|tx, v| {
            let export_seq = v.append(tx, event)?.seq;
            if let Some(card) = card {
                v.append(tx, record::card_used(export_seq, card))?;
            }
            Ok(export_seq)
        }) {
            Ok(seq) => seq,
            Err(e) => {
                // We made this file a moment ago; unlogged, it must not stay.
                let _ = std::fs::remove_file(out);
                if let Some(folder) = &upload_folder {
                    let _ = std::fs::remove_dir_all(folder);
                }
                return Err(e.into());
            }
        };
        let _ = tick(Stage::Finishing, 2, 2); // logged and in place: too late to cancel
        Ok(ExportReport {
            path: out.to_owned(),
            recipient: options.recipient,
            bundle_sha256,
            encrypted_sha256,
            manifest_sha256,
            bytes,
            entries: entry_ids.len() as u64,
            exhibits: manifest.counts.exhibits,
            disclosed_records: manifest.counts.disclosed_records,
            withheld_records: manifest.counts.withheld_records,
            head_seq,
            record_seq,
            upload_folder,
            card_fingerprint: card.map(|c| c.fingerprint()),
            report_pages: rendered.pages,
            report_pdfa: rendered.archival,
        })
    }

    /// Makes each location-free copy once to learn its digest (the report lists it before
    /// the copy is written); the copy is made again, identically, when the pack is written.
    fn location_free_copies(&self, plan: &Plan) -> Result<Vec<(String, FileDigest)>, ExportError> {
        let mut out = Vec::new();
        for x in plan.exhibits.iter().filter(|x| x.handling == Handling::LocationRemoved) {
            let bytes = self.location_free_copy(x)?;
            out.push((
                x.file_mark(),
                FileDigest { sha256: hex::encode(Sha256::digest(&bytes)), size: bytes.len() as u64 },
            ));
        }
        Ok(out)
    }

    /// An exhibit file's bytes as the pack holds them: the copy without location data, or the
    /// original (checked against its recorded SHA-256 as it is read).
    fn pack_file_bytes(&self, x: &plan::Exhibit) -> Result<zeroize::Zeroizing<Vec<u8>>, ExportError> {
        if x.handling == Handling::LocationRemoved {
            return Ok(zeroize::Zeroizing::new(self.location_free_copy(x)?));
        }
        let mut original = zeroize::Zeroizing::new(Vec::with_capacity(x.meta.size as usize));
        self.read_attachment(x.attachment_id, &mut *original)?;
        Ok(original)
    }

    fn location_free_copy(&self, x: &plan::Exhibit) -> Result<Vec<u8>, ExportError> {
        let mut original = zeroize::Zeroizing::new(Vec::with_capacity(x.meta.size as usize));
        self.read_attachment(x.attachment_id, &mut *original)?;
        let not_removable =
            || ExportError::LocationNotRemovable { mark: x.mark.clone(), media_type: x.meta.media_type.clone() };
        let kind = strip::kind_of(&x.meta.media_type).ok_or_else(not_removable)?;
        strip::strip(kind, &original).ok_or_else(not_removable)
    }

    /// Writes every file of the pack into `out` and returns it with the ZIP's SHA-256.
    fn write_pack<W: Write>(
        &self,
        plan: &Plan,
        manifest: &mut Manifest,
        report: &[u8],
        out: W,
        tick: &mut dyn FnMut(Stage, u64, u64) -> Result<(), ExportError>,
    ) -> Result<(W, String, u64), ExportError> {
        let mut zip = PackWriter::new(out, plan.exported_at);
        let readme = readme::readme(manifest, !plan.orders.is_empty()) + &stamps::readme_section(plan);
        zip.add(names::README, readme.as_bytes())?;
        zip.add(names::REPORT, report)?;
        zip.add(names::ENTRIES, &to_json(&entries_file(plan, manifest)))?;
        zip.add(names::LEDGER, &to_json(&ledger_file(plan)))?;
        if !plan.orders.is_empty() {
            let csv = super::breaches::csv(&plan.breaches, &plan.entries, &plan.exhibits);
            zip.add(names::BREACHES, csv.as_bytes())?;
        }
        let total = plan.exhibit_bytes();
        let mut done = 0u64;
        for x in plan.exhibits.iter() {
            let Some(file) = x.file() else { continue };
            match x.handling {
                Handling::LocationRemoved => {
                    let copy = self.location_free_copy(x)?;
                    let digest = zip.add(&file, &copy)?;
                    let expected = manifest.exhibits.iter().find(|m| m.file == file).map(|m| &m.sha256);
                    if expected != Some(&digest.sha256) {
                        return Err(ExportError::UnstableCopy { mark: x.mark.clone() });
                    }
                }
                _ => {
                    // read_attachment checks every chunk and the whole file's SHA-256 against
                    // the record, and fails before the pack is finished if anything differs.
                    let digest = FileDigest { sha256: x.meta.sha256.clone(), size: x.meta.size };
                    zip.add_known(&file, digest, |w| -> Result<(), ExportError> {
                        let mut w = ProgressWriter { inner: w, done: &mut done, total, tick: &mut *tick, failed: None };
                        let r = self.read_attachment(x.attachment_id, &mut w);
                        if let Some(e) = w.failed.take() {
                            return Err(e);
                        }
                        r?;
                        Ok(())
                    })?;
                }
            }
        }
        self.write_excerpts(plan, &mut zip)?;
        stamps::write(plan, &self.public_key.to_bytes(), &mut zip)?;
        zip.add(names::PUBLIC_KEY, self.public_key.to_pem().as_bytes())?;
        zip.add(names::VERIFY_HTML, VERIFY_HTML.as_bytes())?;
        tick(Stage::Finishing, 0, 2)?;
        manifest.files = zip.files.clone();
        let manifest_bytes = to_json(manifest);
        let signature = self.signing_key()?.sign(&manifest_bytes);
        zip.add(names::MANIFEST, &manifest_bytes)?;
        zip.add(names::SIGNATURE, &signature)?;
        zip.add(names::SUMS, sums::render(&zip.files).as_bytes())?;
        Ok(zip.finish()?)
    }
}

/// What an export is locked with: nothing (police), a passphrase (the advocate page), or a
/// recipient card's key (a plain age file).
enum PackLock<'a> {
    None,
    Passphrase(&'a Passphrase),
    Card(age::x25519::Recipient),
}

/// Passes exhibit bytes into the ZIP, reporting progress per chunk and stopping on cancel.
struct ProgressWriter<'a> {
    inner: &'a mut dyn Write,
    done: &'a mut u64,
    total: u64,
    tick: &'a mut dyn FnMut(Stage, u64, u64) -> Result<(), ExportError>,
    failed: Option<ExportError>,
}

impl Write for ProgressWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        *self.done += n as u64;
        if let Err(e) = (self.tick)(Stage::Exhibits, *self.done, self.total) {
            self.failed = Some(e);
            return Err(std::io::Error::other("cancelled"));
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
