//! Pictures beside their entry: each photo or screenshot the pack holds, drawn small under the
//! entry in "Entries in full" with its exhibit mark, so an officer sees it without opening the
//! exhibits folder.
//!
//! Drawn only from the files that go into the pack (`gather` is handed each exhibit file as the
//! pack holds it: the original, or the copy without location data), never from the vault's own
//! thumbnails: an exhibit that is withheld, or of an entry not chosen, has no file in the pack
//! and so no picture, and `verify` draws the same pictures again from the pack alone. Each is a
//! JPEG of at most [`MAX_SIDE`] pixels, so a large photo does not make a large report. A picture
//! that cannot be drawn (damaged, beyond the decoding limits, too large a file, HEIC) is a
//! labelled box saying why, and the export goes on.

use std::collections::BTreeMap;

use krilla::Data;
use krilla::image::Image;
use zeroize::Zeroizing;

use super::blocks::SMALL;
use super::pages::{CONTENT_W, GREY, MARGIN_X, Pages};
use super::text::Para;
use crate::attachments::{MAX_PREVIEW_SOURCE_BYTES, small_picture};
use crate::export::format::Manifest;
use crate::export::plan::{Entry, Exhibit, Plan, display_mark};

/// Longest side of a picture in the report, in pixels (about 220 dpi at the size drawn).
pub(crate) const MAX_SIDE: u32 = 480;

/// Largest box a picture is drawn in, in points; three fit across the page.
const CELL: f32 = 155.0;
const CELL_GAP: f32 = (CONTENT_W - 3.0 * CELL) / 2.0;
/// Height of the box drawn instead of a picture that cannot be shown.
const NOT_SHOWN_H: f32 = 56.0;

/// One picture as the report draws it.
pub(crate) enum Thumb {
    Shown {
        image: Image,
        width: u32,
        height: u32,
    },
    /// Why it is not drawn, in words.
    NotShown(String),
}

/// The pictures of a pack, by the mark of their file in it (`AB_3`, `AB_3_1`).
#[derive(Default)]
pub(crate) struct Thumbs {
    by_mark: BTreeMap<String, Thumb>,
}

/// Whether an exhibit of this type is a picture the report shows.
pub(crate) fn is_picture(media_type: &str) -> bool {
    matches!(
        media_type,
        "image/jpeg"
            | "image/png"
            | "image/gif"
            | "image/webp"
            | "image/bmp"
            | "image/tiff"
            | "image/heic"
            | "image/heif"
    )
}

/// An exhibit file's bytes, as `gather` is handed them.
pub(crate) type FileBytes = Zeroizing<Vec<u8>>;

/// Files read before their pictures are made together, at most this many bytes of them.
const BATCH_BYTES: u64 = 2 * MAX_PREVIEW_SOURCE_BYTES;

/// Makes the picture of every exhibit file of the pack that is a photo or screenshot. `read`
/// gives a file's bytes as they go into the pack (`exhibits/AB_3.jpg`); its error ends the
/// gathering (the export fails as it would have when writing the pack). Files are read one by
/// one (the vault is not shared between threads) and decoded a few at a time on every core.
pub(crate) fn gather<E>(
    plan: &Plan,
    manifest: &Manifest,
    read: &mut dyn FnMut(&Exhibit, &str) -> Result<FileBytes, E>,
) -> Result<Thumbs, E> {
    // The manifest lists exactly the files in the pack, with their sizes.
    let listed: BTreeMap<&str, (&str, u64)> =
        manifest.exhibits.iter().map(|m| (m.mark.as_str(), (m.file.as_str(), m.size))).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let mut thumbs = Thumbs::default();
    let mut batch: Vec<(String, FileBytes)> = Vec::new();
    for x in plan.exhibits.iter().filter(|x| x.file().is_some() && is_picture(&x.meta.media_type)) {
        let mark = x.file_mark();
        let Some(&(file, size)) = listed.get(mark.as_str()) else { continue };
        if matches!(x.meta.media_type.as_str(), "image/heic" | "image/heif") {
            // libheif is the system's and differs between computers (Windows builds have none),
            // and verify must draw this report again byte for byte wherever it runs.
            let why = "HEIC photos are not drawn in the report; the photo is the exhibit file";
            thumbs.by_mark.insert(mark, Thumb::NotShown(why.into()));
        } else if size > MAX_PREVIEW_SOURCE_BYTES {
            let why = format!(
                "the file is {} MB; pictures are drawn up to {} MB",
                size.div_ceil(1 << 20),
                MAX_PREVIEW_SOURCE_BYTES >> 20
            );
            thumbs.by_mark.insert(mark, Thumb::NotShown(why));
        } else {
            batch.push((mark, read(x, file)?));
            let held: u64 = batch.iter().map(|(_, b)| b.len() as u64).sum();
            if batch.len() >= 2 * workers || held >= BATCH_BYTES {
                make_all(std::mem::take(&mut batch), workers, &mut thumbs);
            }
        }
    }
    make_all(batch, workers, &mut thumbs);
    Ok(thumbs)
}

/// The pictures of a batch of files, on up to `workers` threads (each picture is made alone,
/// so the result does not depend on how they are shared out).
fn make_all(batch: Vec<(String, FileBytes)>, workers: usize, thumbs: &mut Thumbs) {
    if batch.is_empty() {
        return;
    }
    let per = batch.len().div_ceil(workers.max(1));
    let made: Vec<Vec<(String, Thumb)>> = std::thread::scope(|s| {
        let running: Vec<_> = batch
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(|(mark, b)| (mark.clone(), make(b))).collect::<Vec<_>>()))
            .collect();
        running.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    thumbs.by_mark.extend(made.into_iter().flatten());
}

fn make(bytes: &[u8]) -> Thumb {
    match small_picture(bytes, MAX_SIDE) {
        // Not interpolated: PDF/A forbids it.
        Ok((jpeg, width, height)) => match Image::from_jpeg(Data::from(jpeg), false) {
            Ok(image) => Thumb::Shown { image, width, height },
            Err(e) => Thumb::NotShown(format!("the picture could not be embedded ({e})")),
        },
        Err(why) => Thumb::NotShown(why),
    }
}

/// Draws an entry's pictures under it, three to a row, each with its mark underneath.
pub(super) fn draw(p: &mut Pages, plan: &Plan, thumbs: &Thumbs, e: &Entry) {
    let cells: Vec<(String, &Thumb)> = e
        .exhibits
        .iter()
        .map(|&i| plan.exhibits[i].file_mark())
        .filter_map(|mark| thumbs.by_mark.get(&mark).map(|t| (mark, t)))
        .collect();
    if cells.is_empty() {
        return;
    }
    p.gap(4.0);
    for row in cells.chunks(3) {
        let laid: Vec<_> = row.iter().map(|(mark, thumb)| Cell::lay_out(p, mark, thumb)).collect();
        let h = laid.iter().map(Cell::height).fold(0.0, f32::max);
        p.need(h);
        let top = p.y;
        for (i, cell) in laid.into_iter().enumerate() {
            cell.draw(p, MARGIN_X + i as f32 * (CELL + CELL_GAP), top);
        }
        p.y = top + h + 6.0;
    }
}

/// One picture or box, with its caption, laid out.
struct Cell {
    /// The picture and its size on the page, or the box's words.
    body: Body,
    /// "Exhibit AB/3" under a picture; a box says its mark inside.
    caption: Option<Para>,
}

enum Body {
    Picture { image: Image, w: f32, h: f32 },
    Box(Para),
}

impl Cell {
    fn lay_out(p: &mut Pages, mark: &str, thumb: &Thumb) -> Cell {
        let shown = display_mark(mark);
        match thumb {
            Thumb::Shown { image, width, height } => {
                let scale = (CELL / *width as f32).min(CELL / *height as f32);
                Cell {
                    body: Body::Picture { image: image.clone(), w: *width as f32 * scale, h: *height as f32 * scale },
                    caption: Some(p.fonts.para(&format!("Exhibit {shown}"), SMALL.bold(), CELL)),
                }
            }
            Thumb::NotShown(why) => Cell {
                body: Body::Box(p.fonts.para(&format!("Exhibit {shown}: image not shown ({why})"), SMALL, CELL - 8.0)),
                caption: None,
            },
        }
    }

    fn body_height(&self) -> f32 {
        match &self.body {
            Body::Picture { h, .. } => *h,
            Body::Box(words) => NOT_SHOWN_H.max(words.height() + 8.0),
        }
    }

    fn height(&self) -> f32 {
        self.body_height() + self.caption.as_ref().map_or(0.0, |c| 2.0 + c.height())
    }

    fn draw(self, p: &mut Pages, x: f32, top: f32) {
        let body_h = self.body_height();
        match self.body {
            Body::Picture { image, w, h } => p.image(image, x, top, w, h),
            Body::Box(words) => {
                let (x2, y2) = (x + CELL, top + body_h);
                for (a, b, c, d) in [(x, top, x2, top), (x2, top, x2, y2), (x2, y2, x, y2), (x, y2, x, top)] {
                    p.line(a, b, c, d, 0.75, GREY);
                }
                p.place(&words, x + 4.0, top + 4.0);
            }
        }
        if let Some(caption) = &self.caption {
            p.place(caption, x, top + body_h + 2.0);
        }
    }
}
