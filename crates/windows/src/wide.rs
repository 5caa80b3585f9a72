//! Paths as Win32 calls take them: UTF-16, NUL-terminated, and with the `\\?\` prefix when
//! long, as Rust's standard library does for its own calls (without it a path of 260
//! characters or more fails, and `CreateDirectoryW` stops at 248).

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;

/// Below this many UTF-16 units a path is passed as given (the standard library's limit too).
const SHORT: usize = 248;

/// `path` as a NUL-terminated UTF-16 string for a Win32 call that takes a file name.
pub(crate) fn path(path: &Path) -> io::Result<Vec<u16>> {
    let mut wide: Vec<u16> = path.as_os_str().encode_wide().collect();
    if wide.len() >= SHORT && !wide.starts_with(&units(r"\\?\")) {
        wide = verbatim(path)?;
    }
    if wide.contains(&0) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a file name cannot contain a NUL character"));
    }
    wide.push(0);
    Ok(wide)
}

/// The absolute form of a long path with the prefix that lifts the length limit:
/// `C:\…` becomes `\\?\C:\…` and `\\server\share\…` becomes `\\?\UNC\server\share\…`.
fn verbatim(path: &Path) -> io::Result<Vec<u16>> {
    let absolute: Vec<u16> = std::path::absolute(path)?.as_os_str().encode_wide().collect();
    Ok(if absolute.starts_with(&units(r"\\?\")) {
        absolute
    } else if let Some(rest) = absolute.strip_prefix(&units(r"\\")[..]) {
        [units(r"\\?\UNC\"), rest.to_vec()].concat()
    } else {
        [units(r"\\?\"), absolute].concat()
    })
}

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_path_is_passed_as_given_and_a_long_one_gets_the_prefix() {
        assert_eq!(path(Path::new(r"C:\a\b.txt")).unwrap(), [units(r"C:\a\b.txt"), vec![0]].concat());
        let long = format!(r"C:\{}\vault.casebook", "x".repeat(300));
        assert_eq!(path(Path::new(&long)).unwrap(), [units(&format!(r"\\?\{long}")), vec![0]].concat());
        let unc = format!(r"\\server\share\{}", "y".repeat(300));
        assert_eq!(
            path(Path::new(&unc)).unwrap(),
            [units(&format!(r"\\?\UNC\server\share\{}", "y".repeat(300))), vec![0]].concat()
        );
    }

    #[test]
    fn a_nul_in_a_name_is_refused() {
        assert_eq!(path(Path::new("a\0b")).unwrap_err().kind(), io::ErrorKind::InvalidInput);
    }
}
