//! QR codes: the modules are computed here, once, and every front end only draws them (the
//! key card's and the recipient card's printed pages, the app's Settings, the terminal).

/// A QR code's modules, error correction M, without the quiet zone (whoever draws it leaves
/// four light modules round it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QrModules {
    /// The rows, top to bottom, each with its modules left to right: `true` is dark. Square.
    pub rows: Vec<Vec<bool>>,
}

impl QrModules {
    /// `text` as a QR code (byte mode, error correction M); `None` when it is too long for one
    /// (about 2,300 bytes; nothing Casebook encodes comes near).
    pub fn encode(text: &str) -> Option<QrModules> {
        let code = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
        let n = code.size();
        Some(QrModules { rows: (0..n).map(|y| (0..n).map(|x| code.get_module(x, y)).collect()).collect() })
    }

    /// Modules on a side.
    pub fn size(&self) -> usize {
        self.rows.len()
    }

    /// Whether the module at column `x`, row `y` is dark (anything outside the code, such as the
    /// quiet zone, is light).
    pub fn dark(&self, x: i64, y: i64) -> bool {
        let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y)) else { return false };
        self.rows.get(y).and_then(|r| r.get(x)).copied().unwrap_or(false)
    }

    /// Each row's horizontal runs of dark modules as (row, first column, length): one rectangle
    /// each when drawn, so fewer drawing operations and no seams between modules.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for (y, row) in self.rows.iter().enumerate() {
            let mut x = 0;
            while x < row.len() {
                if !row[x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < row.len() && row[x] {
                    x += 1;
                }
                runs.push((y, start, x - start));
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_qrcodegens_and_runs_cover_exactly_the_dark_ones() {
        let q = QrModules::encode("casebook").unwrap();
        let code = qrcodegen::QrCode::encode_text("casebook", qrcodegen::QrCodeEcc::Medium).unwrap();
        assert_eq!(q.size(), code.size() as usize);
        let mut from_runs = vec![vec![false; q.size()]; q.size()];
        for (y, x, len) in q.dark_runs() {
            for module in &mut from_runs[y][x..x + len] {
                assert!(!*module, "runs overlap");
                *module = true;
            }
        }
        assert_eq!(from_runs, q.rows);
        for y in -1..=q.size() as i64 {
            for x in -1..=q.size() as i64 {
                let inside = (0..q.size() as i64).contains(&x) && (0..q.size() as i64).contains(&y);
                assert_eq!(q.dark(x, y), inside && code.get_module(x as i32, y as i32));
            }
        }
        assert!(QrModules::encode(&"x".repeat(5000)).is_none());
    }
}
