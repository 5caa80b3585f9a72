//! File names that Windows (and the upload portals that run on it) accept as they are: the
//! police often receive exhibits on Windows PCs, where `CON.jpg`, `a:b.jpg` or `photo.` cannot
//! be saved, and long paths break. Used for the upload folder's files (`upload.rs`).

/// The longest name this gives, in characters: with a short folder name, a path inside a
/// typical `C:\Users\...\Downloads\` stays far below Windows' 260-character limit.
pub const MAX_NAME_CHARS: usize = 48;

/// Names Windows reserves for devices, whatever the extension (`CON.jpg` is the console).
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `name` made safe to save on Windows: ASCII letters, digits and `._-` kept, everything else
/// (reserved characters `<>:"/\|?*`, controls, spaces, non-ASCII) becomes `_`; no trailing dot
/// or space; a reserved device name gets a `_` in front; at most [`MAX_NAME_CHARS`], keeping
/// the extension. Never empty.
pub fn windows_safe_name(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    while out.ends_with('.') || out.ends_with(' ') {
        out.pop();
    }
    if out.is_empty() {
        out.push('_');
    }
    // Windows reserves the device name with any extension, and also with a trailing space
    // before the dot; the stem is everything before the first dot.
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        out.insert(0, '_');
    }
    if out.len() > MAX_NAME_CHARS {
        // Keep a short extension (it tells Windows how to open the file); cut the stem.
        let ext = out.rfind('.').map(|i| out[i..].to_owned()).filter(|e| e.len() <= 10).unwrap_or_default();
        out.truncate(MAX_NAME_CHARS - ext.len());
        out.push_str(&ext);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_device_names_are_never_written_as_they_are() {
        for bad in ["CON.jpg", "con.jpg", "Aux.txt", "NUL", "com1.pdf", "LPT9.tar.gz", "PRN."] {
            let safe = windows_safe_name(bad);
            let stem = safe.split('.').next().unwrap().to_ascii_uppercase();
            assert!(!RESERVED.contains(&stem.as_str()), "{bad} -> {safe}");
            assert!(safe.starts_with('_'), "{bad} -> {safe}");
        }
        // Not reserved: a longer stem that only starts like one.
        assert_eq!(windows_safe_name("CONSOLE.jpg"), "CONSOLE.jpg");
        assert_eq!(windows_safe_name("AB_1.jpg"), "AB_1.jpg");
    }

    #[test]
    fn reserved_characters_controls_and_trailing_dots_are_replaced() {
        assert_eq!(windows_safe_name("a<b>c:d\"e/f\\g|h?i*j.jpg"), "a_b_c_d_e_f_g_h_i_j.jpg");
        assert_eq!(windows_safe_name("tab\there\u{0}.txt"), "tab_here_.txt");
        assert_eq!(windows_safe_name("photo..."), "photo");
        assert_eq!(windows_safe_name("photo. . "), "photo._._");
        assert_eq!(windows_safe_name("..."), "_");
        assert_eq!(windows_safe_name(""), "_");
        assert_eq!(windows_safe_name("café ☕.png"), "caf___.png");
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let safe = windows_safe_name(&format!("{}.jpeg", "x".repeat(300)));
        assert_eq!(safe.len(), MAX_NAME_CHARS);
        assert!(safe.ends_with(".jpeg"));
    }
}
