//! The report's pictures are drawn again by `verify`, byte for byte, on whatever computer the
//! officer uses; the JPEG decoder picks AVX2, SSE4.1 or plain code by what the processor has.
//! The attack this answers is a defence expert's: "Casebook's own check calls this report
//! altered on my machine". A pack with photos (libjpeg's own files: 4:2:0, 4:2:2, 4:4:4,
//! progressive, a size not a multiple of 16) made on this computer is verified as if on a
//! processor without AVX2 or SSE4.1 (`qemu-x86_64 -cpu qemu64`, plain code) and one with SSE4.1
//! but no AVX2 (`-cpu Nehalem`), and a pack made on the plain one is verified here. (This
//! machine's processor has AVX2; on one without, the test still runs but compares less.)

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{Env, Run, run, tool};

/// A photo-like picture of `w` × `h` as a binary PPM: smooth bands with noise on top, so every
/// part of the decoder (DC, AC, chroma upsampling at the edges) has work.
fn ppm(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut out = format!("P6\n{w} {h}\n255\n").into_bytes();
    let mut state = seed;
    let mut noise = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 48) as i32 - 24
    };
    for y in 0..h {
        for x in 0..w {
            let r = 128 + ((x as f32 / 37.0).sin() * (y as f32 / 23.0).cos() * 100.0) as i32 + noise();
            let g = 128 + (((x + y) as f32 / 51.0).sin() * 90.0) as i32 + noise();
            let b = ((x * 255 / w) ^ (y * 255 / h)) as i32 + noise();
            out.extend([r, g, b].map(|c| c.clamp(0, 255) as u8));
        }
    }
    out
}

/// `cmd` run as on a processor of model `cpu` (`qemu-x86_64 -cpu CPU`: its CPUID says what
/// that model has, so the decoder picks the code that model would run).
fn on_cpu(cpu: &str, cmd: &Command) -> Command {
    let mut emulated = Command::new("qemu-x86_64");
    emulated.args(["-cpu", cpu]).arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => emulated.env(k, v),
            None => emulated.env_remove(k),
        };
    }
    emulated.current_dir(cmd.get_current_dir().unwrap_or(Path::new("."))).stdin(Stdio::null());
    emulated
}

fn verify(env: &Env, pack: &Path) -> Command {
    let mut cmd = env.bare();
    cmd.arg("verify").arg(pack);
    cmd
}

const REDRAWN: &str = "report.pdf drawn again from the disclosed records is byte for byte the pack's";

fn assert_redrawn(r: &Run, what: &str) {
    assert_eq!(r.code, 0, "{what}: {r:?}");
    assert!(r.stdout.contains(REDRAWN), "{what}: the report was not drawn again the same:\n{}", r.stdout);
}

#[test]
#[cfg_attr(
    not(all(target_os = "linux", target_arch = "x86_64")),
    ignore = "runs the Linux x86-64 binary under qemu-x86_64's CPU models"
)]
fn a_pack_with_photos_verifies_on_processors_with_and_without_avx2_both_ways() {
    let env = Env::new();
    env.init();
    let dir = env.dir.path();
    let photos = [
        ("s420", ["-sample", "2x2"].as_slice(), (1200, 900)),
        ("s422", &["-sample", "2x1"], (1200, 900)),
        ("s444", &["-sample", "1x1"], (1200, 900)),
        ("progressive", &["-sample", "2x2", "-progressive"], (1200, 900)),
        ("odd", &["-sample", "2x2"], (1001, 777)),
    ];
    for (i, (name, options, (w, h))) in photos.iter().enumerate() {
        let ppm_path = env.write(&format!("{name}.ppm"), ppm(*w, *h, 7 + i as u32));
        let jpeg = env.path(&format!("{name}.jpg"));
        let mut args = vec!["-quality", "90"];
        args.extend_from_slice(options);
        args.extend(["-outfile", jpeg.to_str().unwrap(), ppm_path.to_str().unwrap()]);
        let made = tool("cjpeg", &args, dir, None);
        assert_eq!(made.code, 0, "cjpeg (Debian: libjpeg-turbo-progs): {}", made.stderr);
        let at = format!("2026-02-{:02}T10:00:00Z", i + 1);
        env.ok(&["add", "--kind", "other", "--title", name, "--at", &at, "--attach", jpeg.to_str().unwrap()]);
    }
    let here = env.path("here.zip");
    env.ok(&["export", "--out", here.to_str().unwrap()]);
    let report = env.write("report.pdf", report_of(&here));
    let images = tool("pdfimages", &["-list", report.to_str().unwrap()], dir, None);
    assert_eq!(images.stdout.lines().skip(2).count(), photos.len(), "every photo drawn:\n{}", images.stdout);

    assert_redrawn(&run(verify(&env, &here)), "made here, checked here");
    for cpu in ["qemu64", "Nehalem"] {
        assert_redrawn(&run(on_cpu(cpu, &verify(&env, &here))), &format!("made here, checked on {cpu}"));
    }
    let plain = env.path("plain.zip");
    let made = run(on_cpu("qemu64", &env.cmd(&["export", "--out", plain.to_str().unwrap()])));
    assert_eq!(made.code, 0, "export on a plain processor: {made:?}");
    assert_redrawn(&run(verify(&env, &plain)), "made on qemu64, checked here");
}
/// The report.pdf inside a pack.
fn report_of(pack: &Path) -> Vec<u8> {
    let out = Command::new("unzip").arg("-p").arg(pack).arg("report.pdf").output().unwrap();
    assert!(out.status.success(), "unzip: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}
