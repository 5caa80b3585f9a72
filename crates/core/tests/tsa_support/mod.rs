//! A throw-away RFC 3161 time-stamp authority made with `openssl ts`, in a temp folder: a CA,
//! a TSA certificate with extendedKeyUsage timeStamping (critical, as RFC 3161 requires), and a
//! config. No network. `reply` answers a DER request as any TSA would.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Tsa {
    pub dir: tempfile::TempDir,
}

fn openssl(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `openssl` ({e}); install it: apt-get install openssl"))
}

fn ok(args: &[&str], dir: &Path) {
    let out = openssl(args, dir);
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

impl Tsa {
    pub fn new() -> Tsa {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
        ok(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "3650",
                    "-subj",
                    "/CN=Casebook test TSA CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            ]
            .concat(),
            d,
        );
        ok(
            &[&["req"][..], &ec, &["-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Casebook test TSA"]].concat(),
            d,
        );
        std::fs::write(
            d.join("tsa.ext"),
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
        )
        .unwrap();
        ok(
            &[
                "x509",
                "-req",
                "-in",
                "tsa.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "tsa.pem",
                "-days",
                "3650",
                "-extfile",
                "tsa.ext",
            ],
            d,
        );
        std::fs::write(d.join("serial"), "01\n").unwrap();
        std::fs::write(
            d.join("ts.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\ndir = {}\nserial = $dir/serial\n\
                 crypto_device = builtin\nsigner_cert = $dir/tsa.pem\ncerts = $dir/ca.pem\nsigner_key = $dir/tsa.key\n\
                 signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384\naccuracy = secs:1\n\
                 ordering = no\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
                d.display()
            ),
        )
        .unwrap();
        Tsa { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The TSA's DER reply to a DER request.
    pub fn reply(&self, request: &[u8]) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(d.join("q.tsq"), request).unwrap();
        let _ = std::fs::remove_file(d.join("r.tsr"));
        ok(&["ts", "-reply", "-config", "ts.cnf", "-queryfile", "q.tsq", "-out", "r.tsr"], d);
        std::fs::read(d.join("r.tsr")).unwrap()
    }

    /// A request for `data` made by openssl itself (its own random nonce, certReq).
    pub fn openssl_request(&self, data: &[u8]) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(d.join("data.bin"), data).unwrap();
        ok(&["ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "o.tsq"], d);
        std::fs::read(d.join("o.tsq")).unwrap()
    }

    /// `openssl ts -verify -data DATA -in REPLY -CAfile ca.pem`, with the files in `dir`:
    /// (success, output).
    pub fn verify_in(&self, dir: &Path, data: &str, reply: &str) -> (bool, String) {
        let ca = self.path("ca.pem");
        let out = openssl(&["ts", "-verify", "-data", data, "-in", reply, "-CAfile", ca.to_str().unwrap()], dir);
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    }
}
