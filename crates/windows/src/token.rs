//! The security identifier (SID) of the account this process runs as: the user in the process
//! token, copied out of it.
#![allow(unsafe_code)]

use std::io;
use std::ptr::null_mut;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::Security::{GetLengthSid, GetTokenInformation, PSID, TOKEN_QUERY, TOKEN_USER, TokenUser};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// A SID's bytes, in a buffer aligned as Win32 reads SIDs (by 32-bit words).
pub(crate) struct Sid {
    words: Vec<u32>,
    len: usize,
}

impl Sid {
    /// The pointer Win32 calls take. Valid while `self` lives; they only read through it.
    pub(crate) fn as_psid(&self) -> PSID {
        self.words.as_ptr().cast_mut().cast()
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Copies the SID at `sid`.
    ///
    /// # Safety
    /// `sid` must point to a valid SID.
    pub(crate) unsafe fn copy_from(sid: PSID) -> Sid {
        // SAFETY: the caller promises a valid SID, whose length GetLengthSid reads from it.
        let len = unsafe { GetLengthSid(sid) } as usize;
        let mut words = vec![0u32; len.div_ceil(4)];
        // SAFETY: `sid` has `len` readable bytes; `words` has room for them; they are distinct.
        unsafe { std::ptr::copy_nonoverlapping(sid.cast::<u8>(), words.as_mut_ptr().cast::<u8>(), len) };
        Sid { words, len }
    }

    /// The usual text form, `S-1-5-21-…`, worked out from the bytes (revision, count of
    /// sub-authorities, a 48-bit big-endian authority, then little-endian 32-bit
    /// sub-authorities).
    pub(crate) fn to_text(&self) -> String {
        // A valid SID has 8 + 4 × count bytes, all of which `copy_from` copied.
        let bytes: Vec<u8> = self.words.iter().flat_map(|w| w.to_le_bytes()).take(self.len).collect();
        let count = usize::from(bytes[1]);
        let authority = bytes[2..8].iter().fold(0u64, |a, b| (a << 8) | u64::from(*b));
        let mut text = format!("S-{}-{authority}", bytes[0]);
        for i in 0..count {
            let at = 8 + 4 * i;
            let sub = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            text.push_str(&format!("-{sub}"));
        }
        text
    }
}

/// The SID of the user this process runs as.
pub(crate) fn current_user() -> io::Result<Sid> {
    let mut token: HANDLE = null_mut();
    // SAFETY: GetCurrentProcess gives a pseudo-handle that needs no closing; OpenProcessToken
    // writes one handle to `token`, closed below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let user = user_of(token);
    // SAFETY: `token` is the handle OpenProcessToken opened, closed once.
    unsafe { CloseHandle(token) };
    user
}

fn user_of(token: HANDLE) -> io::Result<Sid> {
    let mut len = 0u32;
    // SAFETY: with no buffer the call only writes the size it needs to `len`.
    unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
    if len == 0 {
        return Err(io::Error::last_os_error());
    }
    // u64s: TOKEN_USER holds a pointer and must be aligned for one.
    let mut buffer = vec![0u64; (len as usize).div_ceil(8)];
    // SAFETY: `buffer` has at least `len` writable bytes, aligned for TOKEN_USER.
    if unsafe { GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), len, &mut len) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the call filled `buffer` with a TOKEN_USER, whose SID pointer points into
    // `buffer` at a valid SID; it is copied out before `buffer` is dropped.
    Ok(unsafe { Sid::copy_from((*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_user_has_a_sid_in_its_text_form() {
        let sid = current_user().unwrap();
        let text = sid.to_text();
        assert!(text.starts_with("S-1-5-"), "{text}");
        assert_eq!(sid.len(), 8 + 4 * (text.split('-').count() - 3), "{text}");
    }
}
