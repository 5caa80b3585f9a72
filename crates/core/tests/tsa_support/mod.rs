//! A throw-away RFC 3161 time-stamp authority made with `openssl ts`, in a temp folder: a CA,
//! a TSA certificate with extendedKeyUsage timeStamping (critical, as RFC 3161 requires), and a
//! config. No network. `reply` answers a DER request as any TSA would.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

pub struct Tsa {
    pub dir: tempfile::TempDir,
}

/// `openssl` in `dir` (through the Linux-side bridge in the Windows test run: `casebook_testtools`).
fn openssl(args: &[&str], dir: &Path) -> std::process::Output {
    casebook_testtools::output("openssl", args, Some(dir), None)
        .unwrap_or_else(|e| panic!("cannot run `openssl` ({e}); install it: apt-get install openssl"))
}

fn ok(args: &[&str], dir: &Path) {
    let out = openssl(args, dir);
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// How the TSA's own certificate is made.
#[derive(Clone, Copy, Default)]
pub struct TsaOptions {
    /// An RSA 2048 key (as most public TSAs have) instead of ECDSA P-256.
    pub rsa: bool,
    /// Valid only through 2020 (long expired when it signs).
    pub expired: bool,
}

impl Tsa {
    pub fn new() -> Tsa {
        Tsa::with(TsaOptions::default())
    }

    pub fn with(options: TsaOptions) -> Tsa {
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
        let rsa = ["-newkey", "rsa:2048", "-nodes"];
        let key: &[&str] = if options.rsa { &rsa } else { &ec };
        ok(
            &[&["req"][..], key, &["-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Casebook test TSA"]].concat(),
            d,
        );
        std::fs::write(
            d.join("tsa.ext"),
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
        )
        .unwrap();
        if options.expired {
            // `openssl x509 -req` cannot back-date; `openssl ca` can.
            std::fs::write(
                d.join("ca.cnf"),
                "[ ca ]\ndefault_ca = c\n[ c ]\ndatabase = index.txt\nnew_certs_dir = .\nserial = ca.srl\n\
                 default_md = sha256\npolicy = p\n[ p ]\ncommonName = supplied\n",
            )
            .unwrap();
            std::fs::write(d.join("index.txt"), "").unwrap();
            std::fs::write(d.join("ca.srl"), "1000\n").unwrap();
            ok(
                &[
                    "ca",
                    "-batch",
                    "-config",
                    "ca.cnf",
                    "-cert",
                    "ca.pem",
                    "-keyfile",
                    "ca.key",
                    "-in",
                    "tsa.csr",
                    "-out",
                    "tsa.pem",
                    "-startdate",
                    "20200101000000Z",
                    "-enddate",
                    "20210101000000Z",
                    "-extfile",
                    "tsa.ext",
                    "-notext",
                ],
                d,
            );
        } else {
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
        }
        // The certificate `resigned_without_time_stamping_eku` signs with, made now so that it is
        // valid before any token this TSA dates.
        ok(
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "other.key",
                "-out",
                "other.pem",
                "-days",
                "30",
                "-subj",
                "/CN=Not a TSA",
            ],
            d,
        );
        std::fs::write(d.join("serial"), "01\n").unwrap();
        // `dir = .`: openssl reads this file in the TSA's folder (`reply`), and a path written
        // into the file would be a Windows one in the Windows test run, which no bridge sees.
        std::fs::write(
            d.join("ts.cnf"),
            "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\ndir = .\nserial = $dir/serial\n\
              crypto_device = builtin\nsigner_cert = $dir/tsa.pem\ncerts = $dir/ca.pem\nsigner_key = $dir/tsa.key\n\
              signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384\naccuracy = secs:1\n\
              ordering = no\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
        )
        .unwrap();
        Tsa { dir }
    }

    /// `reply` with its token signed again by a self-made certificate that has no
    /// timeStamping extended key usage (`openssl ts -reply` will not sign with one, `openssl
    /// cms -sign` will): the same TSTInfo, a signature that verifies, the wrong kind of key.
    pub fn resigned_without_time_stamping_eku(&self, reply: &[u8]) -> Vec<u8> {
        let d = self.dir.path();
        std::fs::write(d.join("in.tsr"), reply).unwrap();
        ok(&["ts", "-reply", "-in", "in.tsr", "-token_out", "-out", "token.der"], d);
        ok(&["cms", "-verify", "-noverify", "-inform", "DER", "-in", "token.der", "-out", "tstinfo.der"], d);
        ok(
            &[
                "cms",
                "-sign",
                "-nodetach",
                "-binary",
                "-econtent_type",
                "1.2.840.113549.1.9.16.1.4",
                "-in",
                "tstinfo.der",
                "-signer",
                "other.pem",
                "-inkey",
                "other.key",
                "-md",
                "sha256",
                "-outform",
                "DER",
                "-out",
                "token2.der",
            ],
            d,
        );
        let token = std::fs::read(d.join("token2.der")).unwrap();
        // TimeStampResp ::= SEQUENCE { status SEQUENCE { INTEGER 0 }, timeStampToken }
        let body = [&[0x30, 0x03, 0x02, 0x01, 0x00][..], &token].concat();
        let mut out = vec![0x30];
        let len = body.len();
        if len < 0x80 {
            out.push(len as u8);
        } else if len < 0x100 {
            out.extend([0x81, len as u8]);
        } else {
            out.extend([0x82, (len >> 8) as u8, len as u8]);
        }
        out.extend(body);
        out
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
