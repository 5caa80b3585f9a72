//! The Windows system calls Casebook needs, where Unix has a mode bit or a `prctl` and Windows
//! needs `unsafe` Win32 calls. On every other system this crate is empty.
//!
//! - [`owner_only`]: new files and folders that only the person running Casebook can open (a
//!   protected DACL with one entry, set as the file is created), the Windows counterpart of
//!   modes `0600` and `0700`.
//! - [`dacl`]: reads back who a file's DACL lets in, for the tests that prove the above and for
//!   anyone checking a file by hand.
//! - [`crash_reports`]: keeps Windows Error Reporting from collecting the process's memory, the
//!   counterpart of Linux's "no core dumps".
//!
//! Like casebook-memory, this crate denies `unsafe` and allows it only in the modules that make
//! the calls, each block with the reasoning beside it.

#[cfg(windows)]
pub mod crash_reports;
#[cfg(windows)]
pub mod dacl;
#[cfg(windows)]
pub mod owner_only;
#[cfg(windows)]
mod token;
#[cfg(windows)]
mod wide;
