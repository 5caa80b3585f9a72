//! Who a file's or folder's DACL lets in, read back from the file system: for the tests that
//! prove [`crate::owner_only`] and for checking a file by hand. It reads what Windows stored,
//! walking the ACL entry by entry, and shares no code with the writer.
//!
//! Wine (8) keeps no DACL: it turns the one a file is created with into Unix mode bits, and
//! answers a query with a DACL made up from those bits: never protected, full access for SYSTEM
//! always, for the owner and "Everyone" as the owner's and the others' bits allow.
//! [`not_owner_only`] therefore checks there only what Wine can show: that "Everyone" (and so
//! any other account) cannot open the file.
#![allow(unsafe_code)]

use std::io;
use std::path::Path;
use std::ptr::null_mut;

use windows_sys::Win32::Foundation::{ERROR_SUCCESS, LocalFree};
use windows_sys::Win32::Security::Authorization::{GetNamedSecurityInfoW, SE_FILE_OBJECT};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, CONTAINER_INHERIT_ACE, DACL_SECURITY_INFORMATION, GetAce,
    GetSecurityDescriptorControl, OBJECT_INHERIT_ACE, PSECURITY_DESCRIPTOR, SE_DACL_PROTECTED,
};
use windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS;
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows_sys::Win32::System::SystemServices::{ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE};

use crate::token::{self, Sid};
use crate::wide;

/// A DACL as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dacl {
    /// Whether the DACL is protected: it takes no entries from the folder it is in.
    pub protected: bool,
    /// Its entries in order; `None` for a NULL DACL, which lets everyone in.
    pub entries: Option<Vec<Ace>>,
}

/// One entry of a DACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ace {
    /// Whether it allows or denies (or is of another type, not read further).
    pub kind: AceKind,
    /// Whom it is for, as `S-1-5-…` (empty for other types).
    pub sid: String,
    /// The access it allows or denies (`FILE_ALL_ACCESS` is 0x1F01FF).
    pub mask: u32,
    /// Its flags: `OBJECT_INHERIT_ACE` (1) and `CONTAINER_INHERIT_ACE` (2) pass it on to what
    /// is made inside a folder, `INHERITED_ACE` (0x10) says it came from the folder above.
    pub flags: u8,
}

/// The type of a DACL entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AceKind {
    /// `ACCESS_ALLOWED_ACE_TYPE`.
    Allow,
    /// `ACCESS_DENIED_ACE_TYPE`.
    Deny,
    /// Any other type (object, callback, audit …), by its number.
    Other(u8),
}

/// SYSTEM's SID, which Wine's made-up DACLs always grant.
const SYSTEM: &str = "S-1-5-18";

/// Why the file or folder at `path` is not open to its owner only, or `None` if it is: its DACL
/// is protected and has one entry, full access for the user this process runs as, which a
/// `folder`'s passes on to files and folders made inside. Under Wine (see the module's
/// documentation) only that no entry but the owner's and SYSTEM's allows anything.
pub fn not_owner_only(path: &Path, folder: bool) -> io::Result<Option<String>> {
    let me = current_user_sid()?;
    let found = of(path)?;
    let Some(entries) = &found.entries else {
        return Ok(Some("a NULL DACL: everyone may open it".into()));
    };
    let others = entries.iter().any(|e| e.kind != AceKind::Deny && e.sid != me && e.sid != SYSTEM);
    if running_under_wine() {
        return Ok(others.then(|| format!("others may open it (Wine's DACL from the Unix mode bits): {found:?}")));
    }
    let inherit = u8::try_from(OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE).unwrap_or(u8::MAX);
    let wanted = Ace { kind: AceKind::Allow, sid: me, mask: FILE_ALL_ACCESS, flags: if folder { inherit } else { 0 } };
    Ok((!found.protected || entries.as_slice() != [wanted]).then(|| format!("not owner-only: {found:?}")))
}

/// Whether this process runs under Wine (which exports `wine_get_version` from its ntdll).
pub fn running_under_wine() -> bool {
    let ntdll: Vec<u16> = "ntdll.dll\0".encode_utf16().collect();
    // SAFETY: `ntdll` is NUL-terminated; ntdll is loaded in every process and its handle needs
    // no freeing; the name passed to GetProcAddress is a NUL-terminated byte string.
    unsafe {
        let module = GetModuleHandleW(ntdll.as_ptr());
        !module.is_null() && GetProcAddress(module, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

/// The SID of the user this process runs as, as `S-1-5-…`.
pub fn current_user_sid() -> io::Result<String> {
    Ok(token::current_user()?.to_text())
}

/// The DACL of the file or folder at `path`.
pub fn of(path: &Path) -> io::Result<Dacl> {
    let name = wide::path(path)?;
    let mut dacl: *mut ACL = null_mut();
    let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: `name` is NUL-terminated; the call writes a DACL pointer (into the descriptor)
    // and the descriptor, which it allocated and which is freed below with LocalFree.
    let status = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            &mut dacl,
            null_mut(),
            &mut descriptor,
        )
    };
    if status != ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(status as i32));
    }
    let read = read(descriptor, dacl);
    // SAFETY: `descriptor` was allocated by GetNamedSecurityInfoW and is not used after this.
    unsafe { LocalFree(descriptor) };
    read
}

fn read(descriptor: PSECURITY_DESCRIPTOR, dacl: *mut ACL) -> io::Result<Dacl> {
    let mut control = 0u16;
    let mut revision = 0u32;
    // SAFETY: `descriptor` is the valid descriptor GetNamedSecurityInfoW returned.
    if unsafe { GetSecurityDescriptorControl(descriptor, &mut control, &mut revision) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let protected = control & SE_DACL_PROTECTED != 0;
    if dacl.is_null() {
        return Ok(Dacl { protected, entries: None });
    }
    // SAFETY: a non-null DACL pointer from GetNamedSecurityInfoW points at a valid ACL.
    let count = unsafe { (*dacl).AceCount };
    let mut entries = Vec::with_capacity(usize::from(count));
    for index in 0..u32::from(count) {
        let mut ace: *mut core::ffi::c_void = null_mut();
        // SAFETY: `index` is below the ACL's count; GetAce writes a pointer into the ACL.
        if unsafe { GetAce(dacl, index, &mut ace) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: every ACE starts with an ACE_HEADER.
        let header = unsafe { *ace.cast::<ACE_HEADER>() };
        let kind = match u32::from(header.AceType) {
            ACCESS_ALLOWED_ACE_TYPE => AceKind::Allow,
            ACCESS_DENIED_ACE_TYPE => AceKind::Deny,
            _ => {
                entries.push(Ace {
                    kind: AceKind::Other(header.AceType),
                    sid: String::new(),
                    mask: 0,
                    flags: header.AceFlags,
                });
                continue;
            }
        };
        // Allowed and denied ACEs share one layout: header, mask, then the SID.
        let ace = ace.cast::<ACCESS_ALLOWED_ACE>();
        // SAFETY: an ACE of these two types has this layout, with a valid SID at SidStart.
        let (mask, sid) = unsafe { ((*ace).Mask, Sid::copy_from((&raw mut (*ace).SidStart).cast())) };
        entries.push(Ace { kind, sid: sid.to_text(), mask, flags: header.AceFlags });
    }
    Ok(Dacl { protected, entries: Some(entries) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the tests of `owner_only` stand on: a file made the ordinary way takes its folder's
    /// entries (under Wine: the others' mode bits), so the check must fail for it.
    #[test]
    fn a_file_made_the_ordinary_way_is_not_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ordinary.txt");
        std::fs::write(&path, b"x").unwrap();
        assert!(not_owner_only(&path, false).unwrap().is_some());
    }

    #[test]
    fn a_missing_file_is_an_error_not_an_empty_dacl() {
        let dir = tempfile::tempdir().unwrap();
        assert!(of(&dir.path().join("missing")).is_err());
    }
}
