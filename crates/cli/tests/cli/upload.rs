//! `casebook export --upload-folder` and `casebook verify-exhibit` as an officer meets them: each
//! exhibit uploaded on its own ties back to the signed pack; a changed byte, a sidecar from
//! another pack, a missing sidecar and an advocate pack are refused with their own exit codes.

use std::path::PathBuf;

use crate::common::{Env, Run, png_bytes, run};

fn diary() -> Env {
    let env = Env::new();
    env.init();
    env.ok(&["case", "set", "--initials", "AB"]);
    let photo = env.write("car.png", png_bytes());
    // A file named after a Windows device, as one copied from a phone may be.
    let note = env.plain_path("CON.txt");
    std::fs::write(&note, "He said he would wait outside.").unwrap();
    for (title, at, file) in
        [("His car outside work", "2026-03-02T08:10:00Z", &photo), ("A note", "2026-03-03T08:10:00Z", &note)]
    {
        env.ok(&["add", "--kind", "sighting", "--title", title, "--at", at, "--attach", file.to_str().unwrap()]);
    }
    env
}

fn verify_exhibit(env: &Env, file: &PathBuf, extra: &[&str]) -> Run {
    let mut cmd = env.bare();
    cmd.arg("verify-exhibit").arg(file).args(extra);
    run(cmd)
}

#[test]
fn each_exhibit_of_the_upload_folder_verifies_alone_and_a_changed_byte_or_foreign_sidecar_is_refused() {
    let env = diary();
    let out = env.ok(&["export", "--out", "pack.zip", "--upload-folder"]);
    assert!(out.stdout.contains("pack-exhibits"), "{out:?}");
    let folder = env.path("pack-exhibits");
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["AB_1.png", "AB_1.png.sidecar.json", "AB_2.txt", "AB_2.txt.sidecar.json", "README.txt"],
        "{names:?}"
    );
    let fp = env.json(&["info"])["fingerprint"].as_str().unwrap().to_owned();
    for name in ["AB_1.png", "AB_2.txt"] {
        // The pack is found from the sidecar (in the folder above), as export left it.
        let v = verify_exhibit(&env, &folder.join(name), &["--expect-fingerprint", &fp]);
        assert_eq!(v.code, 0, "{v:?}");
        assert!(v.stdout.starts_with("MATCHES: this file is exhibit"), "{v:?}");
    }

    // Another pack, made a moment later: its sidecars do not tie to the first pack.
    env.ok(&["export", "--out", "second.zip", "--upload-folder"]);
    let v = verify_exhibit(
        &env,
        &folder.join("AB_1.png"),
        &["--sidecar", env.path("second-exhibits/AB_1.png.sidecar.json").to_str().unwrap(), "--pack", "pack.zip"],
    );
    assert_eq!(v.code, 6, "{v:?}");
    assert!(v.stdout.contains("belongs to another pack"), "{v:?}");

    let mut bytes = std::fs::read(folder.join("AB_1.png")).unwrap();
    bytes[10] ^= 0x01;
    std::fs::write(folder.join("AB_1.png"), &bytes).unwrap();
    let v = verify_exhibit(&env, &folder.join("AB_1.png"), &[]);
    assert_eq!(v.code, 5, "{v:?}");
    assert!(v.stdout.starts_with("CHANGED"), "{v:?}");

    std::fs::remove_file(folder.join("AB_2.txt.sidecar.json")).unwrap();
    let v = verify_exhibit(&env, &folder.join("AB_2.txt"), &["--pack", "pack.zip"]);
    assert_eq!(v.code, 4, "{v:?}");
}

#[test]
fn an_upload_folder_is_for_police_packs_only() {
    let env = diary();
    let pass = env.write("adv-pass", "blue kettle on the windowsill");
    let v = env.run(&[
        "export",
        "--recipient",
        "advocate",
        "--out",
        "adv.html",
        "--upload-folder",
        "--advocate-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert_eq!(v.code, 2, "{v:?}");
    assert!(v.stderr.contains("for police packs"), "{v:?}");
    assert!(!env.path("adv.html").exists() && !env.path("adv-exhibits").exists());
}
