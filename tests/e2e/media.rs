//! Media that plays from memory (issue 14): a voicemail attached to an entry plays in the entry
//! view from bytes fetched through `casebook://localhost/media/ID`, which answers byte-range
//! requests from memory (the page hands the player a blob: of the pieces, because WebKitGTK's
//! player cannot read an app's own scheme); a damaged recording says "cannot play this file" and
//! is still listed, its original unchanged.
//!
//! The WAV is made here; the OGG (Vorbis) is a 3.6 KB fixture made with GStreamer's
//! `audiotestsrc ! vorbisenc ! oggmux` (tests/fixtures/tone.ogg), and the video a 5 KB WebM (VP8,
//! 64×48, one second) made with `videotestsrc ! vp8enc ! webmmux` (tests/fixtures/clip.webm). Under Xvfb there is no sound
//! card: GStreamer's automatic sink falls back to a silent one and playback still advances.

use std::path::{Path, PathBuf};

use casebook_e2e::session::{App, PASSPHRASE, WAIT, run, with_app};
use casebook_e2e::{Result, ensure, fail};
use serde_json::{Value as Json, json};

use super::{image_loaded, open_entry, submit_unlock, wait_timeline};

/// A mono 16-bit PCM WAV: `seconds` of a 440 Hz tone at 8 kHz.
fn wav_tone(dir: &Path, name: &str, seconds: f32) -> Result<PathBuf> {
    let rate = 8000u32;
    let samples = (rate as f32 * seconds) as u32;
    let mut out = Vec::new();
    out.extend(b"RIFF");
    out.extend((36 + samples * 2).to_le_bytes());
    out.extend(b"WAVEfmt ");
    for v in [16u32.to_le_bytes().to_vec(), 1u16.to_le_bytes().to_vec(), 1u16.to_le_bytes().to_vec()] {
        out.extend(v);
    }
    out.extend(rate.to_le_bytes());
    out.extend((rate * 2).to_le_bytes());
    out.extend(2u16.to_le_bytes());
    out.extend(16u16.to_le_bytes());
    out.extend(b"data");
    out.extend((samples * 2).to_le_bytes());
    for i in 0..samples {
        let v = ((i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 8000.0) as i16;
        out.extend(v.to_le_bytes());
    }
    let path = dir.join(name);
    std::fs::write(&path, out).map_err(|e| fail!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Presses the entry view's Play for `name` and waits until its player has played (ended, or
/// moved past the start) or failed; says what it reached.
async fn play(app: &App<'_>, name: &str) -> Result<Json> {
    let what = if name.ends_with(".webm") { "video" } else { "recording" };
    let js = r#"
        const [name, what, done] = arguments;
        const button = [...document.querySelectorAll('[data-testid="attachment-play"]')]
            .find((b) => b.textContent.trim() === `Play the ${what} ${name}`);
        if (!button) return done({ error: 'no Play button for ' + name });
        button.click();
        const started = Date.now();
        const look = () => {
            const a = document.querySelector(`[aria-label="Play the ${what} ${name}"]`);
            const refused = document.querySelector('[data-testid="attachment-unplayable"]');
            if (a && (a.ended || a.currentTime > 0 || a.error)) {
                return done({ why: a.ended ? 'ended' : a.error ? 'error' : 'playing', currentTime: a.currentTime,
                              duration: a.duration, error: a.error ? a.error.code : null, src: a.currentSrc });
            }
            if (!a && refused) return done({ why: 'refused' });
            if (Date.now() - started > 20000) return done({ why: 'timeout', src: a ? a.currentSrc : null,
                readyState: a && a.readyState, paused: a && a.paused });
            setTimeout(look, 50);
        };
        look();
    "#;
    app.client().execute_async(js, vec![json!(name), json!(what)]).await.map_err(|e| fail!("playing {name}: {e}"))
}

/// Files any process holds open whose name says they are WebKit's media buffer
/// ("WebKit-Media-XXXXXX", made in the cache directory and unlinked at once), or that are deleted
/// files under the test's own directory (the app's HOME and caches are there).
fn open_media_files(sandbox: &Path) -> Vec<String> {
    let sandbox = sandbox.to_string_lossy().into_owned();
    let mut found = Vec::new();
    let Ok(procs) = std::fs::read_dir("/proc") else { return found };
    for p in procs.flatten() {
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else { continue };
        for fd in fds.flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else { continue };
            let t = target.to_string_lossy().into_owned();
            if t.contains("WebKit-Media") || (t.ends_with("(deleted)") && t.starts_with(&sandbox)) {
                found.push(format!("{}: {t}", p.path().display()));
            }
        }
    }
    found
}

/// Every file under `dir` that contains `needle`.
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle)) {
            out.push(path);
        }
    }
    out
}

/// Two requests the page could make through the scheme: a first range, and one beyond the end.
const RANGE_PROBE: &str = r#"
    const done = arguments[0];
    const ask = (range) => fetch('casebook://localhost/media/1', { headers: { Range: range }, cache: 'no-store' });
    (async () => {
        const a = await ask('bytes=0-99');
        const first = { status: a.status, range: a.headers.get('Content-Range'), len: (await a.arrayBuffer()).byteLength,
                        accept: a.headers.get('Accept-Ranges') };
        const b = await ask('bytes=99999999-');
        done({ first, beyond: { status: b.status, range: b.headers.get('Content-Range') } });
    })().catch((e) => done({ error: String(e) }));
"#;

#[test]
fn e2e_media_voicemail_plays_from_memory_and_a_damaged_one_says_so() {
    run("media", async |sb| {
        sb.init_vault()?;
        sb.cli(&["add", "--kind", "call", "--title", "Voicemail at night", "--at", "2026-11-19 23:10"])?;
        let wav = wav_tone(sb.dir(), "voicemail.wav", 1.5)?;
        let ogg = sb.dir().join("voice-note.ogg");
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tone.ogg"), &ogg)
            .map_err(|e| fail!("copy the OGG fixture: {e}"))?;
        // A WAV header over noise cut short: sniffed as audio, but no player can decode it.
        let mut damaged = std::fs::read(&wav).map_err(|e| fail!("{e}"))?;
        damaged.truncate(44);
        damaged.extend((0..600u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8));
        damaged[20..22].copy_from_slice(&0x1234u16.to_le_bytes()); // an audio format that does not exist
        let bad = sb.dir().join("broken.wav");
        std::fs::write(&bad, &damaged).map_err(|e| fail!("{e}"))?;
        let webm = sb.dir().join("doorbell.webm");
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clip.webm"), &webm)
            .map_err(|e| fail!("copy the WebM fixture: {e}"))?;
        for f in [&wav, &ogg, &bad, &webm] {
            sb.cli(&["attach", "1", &f.to_string_lossy()])?;
        }
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            wait_timeline(app, &[1], "the voicemail entry").await?;
            open_entry(app, 1, "entry-voicemail").await?;
            app.wait("attachment-play").await?;
            // The scheme answers a range as HTTP says: 206, Content-Range, only the bytes asked.
            let probe = app.client().execute_async(RANGE_PROBE, vec![]).await?;
            println!("  casebook://localhost/media/1 with Range: bytes=0-99 and bytes=99999999-: {probe}");
            ensure!(
                probe["first"] == json!({"status": 206, "range": "bytes 0-99/24044", "len": 100, "accept": "bytes"}),
                "a ranged request was not answered with 206 and the range: {probe}"
            );
            ensure!(
                probe["beyond"] == json!({"status": 416, "range": "bytes */24044"}),
                "beyond the end is not 416: {probe}"
            );
            let buttons = app.all("attachment-play").await?;
            ensure!(buttons.len() == 4, "expected four Play buttons, found {}", buttons.len());

            for name in ["voicemail.wav", "voice-note.ogg", "doorbell.webm"] {
                let outcome = play(app, name).await?;
                println!("  {name}: {outcome}");
                let played = outcome["currentTime"].as_f64().unwrap_or(0.0);
                ensure!(
                    outcome["why"] == json!("ended") || played > 0.0,
                    "{name} did not play through the casebook scheme: {outcome}"
                );
                // The bytes came through casebook://localhost/media/ID in ranges (WebKitGTK's
                // player cannot read the scheme itself: ui/src/lib/ipc/media.ts).
                ensure!(
                    outcome["src"].as_str().is_some_and(|s| s.starts_with("blob:")),
                    "{name} was not played from the pieces fetched in memory: {outcome}"
                );
            }
            app.shot_of("attachment-audio", "entry-voicemail-player").await?;
            // Never on disk: no process holds a media buffer file open (WebKit's GStreamer
            // "download" mode writes one, unlinked, under the cache directory), and nothing
            // under the app's HOME holds the recording's bytes.
            let open = open_media_files(sb.dir());
            ensure!(open.is_empty(), "a media buffer file is open while playing: {open:?}");
            let marker = &std::fs::read(&wav).map_err(|e| fail!("{e}"))?[4000..4064];
            let holders = files_containing(&sb.dir().join("home"), marker);
            ensure!(holders.is_empty(), "the recording's bytes are on disk under the app's HOME: {holders:?}");

            let outcome = play(app, "broken.wav").await?;
            println!("  broken.wav: {outcome}");
            let notice = app.wait("attachment-unplayable").await?.text().await?;
            ensure!(notice.contains("Cannot play this file"), "the damaged recording's notice reads {notice:?}");
            let names = app.all("attachment-name").await?;
            let mut shown = Vec::new();
            for n in names {
                shown.push(n.text().await?);
            }
            ensure!(shown.iter().any(|n| n == "broken.wav"), "the damaged recording is no longer listed: {shown:?}");
            app.screen("screen-entry", "entry-voicemail-damaged").await?;
            Ok(())
        })
        .await?;
        // The original of the damaged file is kept byte-exact.
        let out = sb.dir().join("extracted.wav");
        sb.cli(&["extract", "3", &out.to_string_lossy()])?;
        ensure!(std::fs::read(&out).map_err(|e| fail!("{e}"))? == damaged, "the damaged original was changed");
        Ok(())
    });
}

/// An iPhone photo (HEIC) attached to an entry shows a thumbnail and opens full size: the
/// webview cannot show HEIC, so both are JPEGs made in memory from the sealed original.
#[test]
fn e2e_media_heic_photo_shows_a_thumbnail_and_full_size() {
    run("media-heic", async |sb| {
        sb.init_vault()?;
        sb.cli(&["add", "--kind", "property_damage", "--title", "Car scratched", "--at", "2026-11-19 07:10"])?;
        let heic = sb.dir().join("IMG_4711.HEIC");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/core/tests/fixtures/heic/photo-96x64.heic"),
            &heic,
        )
        .map_err(|e| fail!("copy the HEIC fixture: {e}"))?;
        sb.cli(&["attach", "1", &heic.to_string_lossy()])?;
        with_app(sb, &[], async |app| {
            app.wait("screen-unlock").await?;
            submit_unlock(app, PASSPHRASE).await?;
            wait_timeline(app, &[1], "the photo entry").await?;
            open_entry(app, 1, "entry-heic").await?;
            app.poll(WAIT, "the HEIC thumbnail to load", || async {
                Ok(image_loaded(app, "[data-testid=\"attachment-thumb\"]").await?.then_some(()))
            })
            .await?;
            app.wait_css("[data-testid=\"attachment-thumb\"]", "the thumbnail").await?.click().await?;
            let full = "img[alt=\"Full size: IMG_4711.HEIC\"]";
            app.poll(WAIT, "the full-size HEIC to load", || async { Ok(image_loaded(app, full).await?.then_some(())) })
                .await?;
            let size = app
                .js(&format!("const i = document.querySelector('{full}'); return [i.naturalWidth, i.naturalHeight];"))
                .await?;
            ensure!(size == json!([96, 64]), "the full-size view is {size}, not the photo's 96×64");
            app.screen("screen-entry", "entry-heic-full-size").await?;
            Ok(())
        })
        .await
    });
}
