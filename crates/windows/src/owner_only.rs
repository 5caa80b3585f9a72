//! Files and folders only their owner can open: the Windows counterpart of modes `0600` and
//! `0700`.
//!
//! Each is created with a security descriptor whose DACL is *protected* (it takes nothing from
//! the folder it is in: no "Users", "Everyone" or "Authenticated Users" entry inherited from a
//! shared folder or a USB stick) and holds one entry: full access for the user this process runs
//! as (the token's user). The descriptor is given to `CreateFileW` / `CreateDirectoryW`, so there
//! is no moment at which the file exists with its folder's permissions.
//!
//! Not granted, on purpose:
//! - SYSTEM. What runs as SYSTEM can read any file anyway (backup privilege, taking
//!   ownership); without an entry, services that read as SYSTEM but honour ACLs, the Windows
//!   Search indexer first, skip the file, so an exported pack's text or a recipient's secret key
//!   is not copied into the search index.
//! - Administrators. An administrator can take ownership of any file; an entry would only let
//!   every program they run as administrator read the vault without asking.
//!
//! A folder's entry is inherited by what is made in it later (files and folders), so SQLite's
//! `-wal` and `-shm` files and backups in a folder Casebook made are owner-only too.
//!
//! File systems without ACLs (FAT32, exFAT: most USB sticks and SD cards) ignore the
//! descriptor: the file is created all the same, and anyone with the stick can read it. The
//! vault is encrypted either way; docs/THREAT-MODEL.md says what that leaves.
#![allow(unsafe_code)]

use std::fs::File;
use std::io;
use std::os::windows::io::{FromRawHandle, OwnedHandle};
use std::path::Path;

use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACE_FLAGS, ACL, ACL_REVISION, AddAccessAllowedAceEx, CONTAINER_INHERIT_ACE, InitializeAcl,
    InitializeSecurityDescriptor, OBJECT_INHERIT_ACE, PSECURITY_DESCRIPTOR, SE_DACL_PROTECTED, SECURITY_ATTRIBUTES,
    SECURITY_DESCRIPTOR, SetSecurityDescriptorControl, SetSecurityDescriptorDacl,
};
use windows_sys::Win32::Storage::FileSystem::{
    CREATE_NEW, CreateDirectoryW, CreateFileW, FILE_ALL_ACCESS, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_DELETE,
    FILE_SHARE_READ, FILE_SHARE_WRITE,
};
use windows_sys::Win32::System::SystemServices::SECURITY_DESCRIPTOR_REVISION;

use crate::token::{self, Sid};
use crate::wide;

/// Creates a new file at `path`, open for reading and writing, that only the current user can
/// open. Fails (`AlreadyExists`) if anything is there. Shared for reading, writing and deleting
/// as the standard library opens files, so the file can be removed while it is open.
pub fn create_file(path: &Path) -> io::Result<File> {
    let name = wide::path(path)?;
    let descriptor = OwnerOnly::new(Inherit::No)?;
    let attributes = descriptor.attributes();
    // SAFETY: `name` is NUL-terminated; `attributes` and the descriptor and ACL it points to
    // live until the call returns; no template file.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            &attributes,
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            std::ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: CreateFileW returned a valid file handle that nothing else owns.
    Ok(File::from(unsafe { OwnedHandle::from_raw_handle(handle) }))
}

/// Creates the folder `path` (its parent must exist) that only the current user can open, and
/// whose entry files and folders made in it inherit. Fails (`AlreadyExists`) if it exists.
pub fn create_dir(path: &Path) -> io::Result<()> {
    let name = wide::path(path)?;
    let descriptor = OwnerOnly::new(Inherit::ToContents)?;
    let attributes = descriptor.attributes();
    // SAFETY: `name` is NUL-terminated; `attributes` and what it points to outlive the call.
    if unsafe { CreateDirectoryW(name.as_ptr(), &attributes) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Inherit {
    No,
    /// Files and folders made inside later inherit the entry.
    ToContents,
}

/// A security descriptor with a protected DACL of one entry: full access for the current user.
/// It points into `acl`, and `acl` holds a copy of `_user`'s SID; all three live together.
struct OwnerOnly {
    descriptor: SECURITY_DESCRIPTOR,
    acl: Vec<u32>,
    _user: Sid,
}

impl OwnerOnly {
    fn new(inherit: Inherit) -> io::Result<OwnerOnly> {
        let user = token::current_user()?;
        // The ACL header, then one ACE: its header and mask, with the SID in place of its
        // last 4 bytes (`SidStart`). Whole 32-bit words, as ACLs are aligned.
        let size = size_of::<ACL>() + size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + user.len();
        let mut acl = vec![0u32; size.div_ceil(4)];
        let acl_ptr = acl.as_mut_ptr().cast::<ACL>();
        let flags: ACE_FLAGS = match inherit {
            Inherit::No => 0,
            Inherit::ToContents => OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE,
        };
        // SAFETY: `acl` is a writable, aligned buffer of `acl.len() * 4` bytes, large enough
        // for the header and the one ACE added; the SID is valid while `user` lives.
        unsafe {
            if InitializeAcl(acl_ptr, (acl.len() * 4) as u32, ACL_REVISION) == 0
                || AddAccessAllowedAceEx(acl_ptr, ACL_REVISION, flags, FILE_ALL_ACCESS, user.as_psid()) == 0
            {
                return Err(io::Error::last_os_error());
            }
        }
        let mut this = OwnerOnly {
            // SAFETY: SECURITY_DESCRIPTOR is plain data; all zeros is what Initialize… expects.
            descriptor: unsafe { std::mem::zeroed() },
            acl,
            _user: user,
        };
        let sd: PSECURITY_DESCRIPTOR = (&raw mut this.descriptor).cast();
        // SAFETY: `sd` points at the descriptor in `this`; the DACL pointer it stores points
        // into `this.acl`'s heap buffer, which does not move when `this` does.
        unsafe {
            if InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) == 0
                || SetSecurityDescriptorDacl(sd, 1, this.acl.as_ptr().cast(), 0) == 0
                || SetSecurityDescriptorControl(sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED) == 0
            {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(this)
    }

    /// What `CreateFileW` and `CreateDirectoryW` take; it points at `self`, so `self` must not
    /// move while it is in use (it is used at once, in the same function).
    fn attributes(&self) -> SECURITY_ATTRIBUTES {
        SECURITY_ATTRIBUTES {
            nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: (&raw const self.descriptor).cast_mut().cast(),
            bInheritHandle: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dacl;

    fn assert_owner_only(path: &Path, folder: bool) {
        if let Some(problem) = dacl::not_owner_only(path, folder).unwrap() {
            panic!("{}: {problem}", path.display());
        }
    }

    #[test]
    fn a_new_file_is_open_to_its_owner_only_and_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.casebook");
        let mut file = create_file(&path).unwrap();
        io::Write::write_all(&mut file, b"evidence").unwrap();
        drop(file);
        assert_eq!(std::fs::read(&path).unwrap(), b"evidence");
        assert_owner_only(&path, false);
        assert_eq!(create_file(&path).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"evidence");
    }

    #[test]
    fn a_new_folder_is_open_to_its_owner_only_and_passes_that_on() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Zoë's diary");
        create_dir(&folder).unwrap();
        assert_owner_only(&folder, true);
        assert_eq!(create_dir(&folder).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn a_file_with_a_path_over_260_characters_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("d".repeat(120)).join("e".repeat(120));
        std::fs::create_dir_all(&deep).unwrap();
        let path = deep.join("backup-2026-12-06.casebook");
        assert!(path.as_os_str().len() > 260);
        drop(create_file(&path).unwrap());
        assert_owner_only(&path, false);
    }
}
