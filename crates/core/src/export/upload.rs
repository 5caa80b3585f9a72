//! Exhibits for police upload portals (docs/FORMAT.md, "Exhibits for upload portals"): beside a
//! police pack, a folder with each exhibit as its own file and, next to each, a small sidecar
//! ([`ExhibitSidecar`]) that ties it back to the signed pack (`casebook verify-exhibit`).
//!
//! ```text
//! casebook-pack-for-police-2026-12-03.zip
//! casebook-pack-for-police-2026-12-03-exhibits/
//!   README.txt  AB_1.jpg  AB_1.jpg.sidecar.json  AB_2.pdf  AB_2.pdf.sidecar.json ...
//! ```
//!
//! The folder is written from the pack as it lies on disk (read back, every file checked
//! against the signed manifest by the reader's own digests), so it holds exactly the pack's
//! exhibits; the pack itself is byte for byte what it would be without the folder. File names
//! are safe on Windows (`winsafe.rs`) and short.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use casebook_crypto::{Sha256, hash::Digest};

use super::winsafe::windows_safe_name;
use super::{EntriesFile, ExportError, Manifest, names};
use crate::error::VaultError;
use crate::newfile::NewFile;
use crate::verify::Pack;
use casebook_pack::format::ExhibitSidecar;

/// What the folder's name ends with, after the pack's (shortened) name.
pub const FOLDER_SUFFIX: &str = "-exhibits";

/// The longest the pack's name may run in the folder's name, so paths stay short on Windows.
const MAX_STEM_CHARS: usize = 40;

/// The upload folder's path for a pack written at `pack`: beside it, named after it.
pub fn upload_folder_for(pack: &Path) -> PathBuf {
    let stem = pack.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut stem = windows_safe_name(&stem);
    stem.truncate(MAX_STEM_CHARS);
    pack.with_file_name(format!("{stem}{FOLDER_SUFFIX}"))
}

/// Writes the upload folder for the police pack at `pack` into `folder`, which must not exist.
/// On any failure the folder is removed again. Returns how many exhibits it holds.
pub(crate) fn write_upload_folder(pack: &Path, folder: &Path) -> Result<u64, ExportError> {
    // Private like the pack beside it (0700, owner-only on Windows): it holds the exhibits.
    crate::newfile::create_private_folder(folder).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ExportError::Vault(VaultError::AlreadyExists(folder.to_owned())),
        _ => e.into(),
    })?;
    let written = fill(pack, folder);
    if written.is_err() {
        // We made this folder a moment ago; half a folder must not stay.
        let _ = std::fs::remove_dir_all(folder);
    }
    written
}

fn fill(pack_path: &Path, folder: &Path) -> Result<u64, ExportError> {
    let mut pack = Pack::open(pack_path, None).map_err(|e| std::io::Error::other(e.to_string()))?;
    let manifest_bytes = pack.read(names::MANIFEST, 1 << 30)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    let entries: EntriesFile = serde_json::from_slice(&pack.read(names::ENTRIES, 1 << 30)?)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let manifest_sha256 = hex::encode(Sha256::digest(&manifest_bytes));
    let pack_file = pack_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut taken = BTreeSet::new();
    taken.insert("README.TXT".to_owned());
    let mut count = 0u64;
    for x in &manifest.exhibits {
        let Some(entry_id) = entries.entries.iter().find(|e| e.exhibits.iter().any(|o| o.mark == x.mark)).map(|e| e.id)
        else {
            continue;
        };
        let base = x.file.rsplit('/').next().unwrap_or(&x.file);
        let name = unique(windows_safe_name(base), &mut taken);
        let mut file = NewFile::create(&folder.join(&name))?;
        pack.copy_to(&x.file, &mut file)?;
        file.place()?;
        let sidecar = ExhibitSidecar {
            check: format!("casebook verify-exhibit {name} --pack ../{pack_file}"),
            entry_id,
            exported_at: manifest.exported_at,
            file: name.clone(),
            fingerprint: manifest.fingerprint.clone(),
            format: casebook_pack::format::SIDECAR_FORMAT.to_owned(),
            mark: x.mark.clone(),
            pack_file: pack_file.clone(),
            pack_manifest_sha256: manifest_sha256.clone(),
            sha256: x.sha256.clone(),
            size: x.size,
        };
        write_new(&folder.join(ExhibitSidecar::name_for(&name)), &sidecar.to_bytes())?;
        count += 1;
    }
    write_new(&folder.join("README.txt"), readme(&pack_file, &manifest.fingerprint).as_bytes())?;
    Ok(count)
}

/// `name`, or `name` with `-2`, `-3` ... before its extension when Windows (which ignores case)
/// would see it as one already written.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let (stem, ext) = match name.find('.') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name.as_str(), ""),
    };
    let mut n = 2;
    while !taken.insert(candidate.to_ascii_uppercase()) {
        candidate = format!("{stem}-{n}{ext}");
        n += 1;
    }
    candidate
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let mut file = NewFile::create(path)?;
    file.write_all(bytes).map_err(VaultError::from)?;
    file.place()?;
    Ok(())
}

fn readme(pack_file: &str, fingerprint: &str) -> String {
    format!(
        "Exhibits for an upload portal\r\n\
         =============================\r\n\r\n\
         Each file here is one exhibit of the signed evidence pack {pack_file}, exactly as the pack holds it.\r\n\
         Beside each is a small sidecar (NAME.sidecar.json) saying its exhibit mark, its entry, its SHA-256,\r\n\
         and which pack it belongs to (the SHA-256 of that pack's manifest.json, and the key fingerprint\r\n\
         {fingerprint}).\r\n\r\n\
         Upload each exhibit with its sidecar, and the pack too. Anyone can then tie one uploaded file back\r\n\
         to the signed pack:\r\n\r\n\
         \x20   casebook verify-exhibit FILE --pack {pack_file}\r\n\r\n\
         which refuses a file with any byte changed, and a sidecar that belongs to another pack.\r\n"
    )
}
