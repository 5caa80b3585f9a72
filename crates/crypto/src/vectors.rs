//! One harness for every test-vector file in `tests/vectors/` (the layout follows age's
//! testkit: `key: value` lines, with `expect:` saying what must happen). Published vectors
//! and negative cases run through the same code as the vault does.

use std::collections::HashMap;
use std::path::Path;

use crate::envelope::seal_with_nonce;
use crate::kdf::argon2id;
use crate::{CryptoError, KdfParams, SecretKey, SigningKey, VerifyingKey, open, verify};

struct Vector {
    name: String,
    fields: HashMap<String, String>,
}

impl Vector {
    fn text(&self, key: &str) -> &str {
        self.fields.get(key).unwrap_or_else(|| panic!("{}: missing `{key}:`", self.name))
    }
    fn bytes(&self, key: &str) -> Vec<u8> {
        hex::decode(self.text(key)).unwrap_or_else(|e| panic!("{}: `{key}` is not hex: {e}", self.name))
    }
    fn array32(&self, key: &str) -> [u8; 32] {
        self.bytes(key).try_into().unwrap_or_else(|_| panic!("{}: `{key}` is not 32 bytes", self.name))
    }
    fn number(&self, key: &str) -> u32 {
        self.text(key).parse().unwrap_or_else(|e| panic!("{}: `{key}`: {e}", self.name))
    }
}

fn load_all() -> Vec<Vector> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/vectors exists") {
        let path = entry.expect("readable dir entry").path();
        let text = std::fs::read_to_string(&path).expect("vector file is UTF-8");
        let fields = text
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        out.push(Vector { name, fields });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn run_xchacha(v: &Vector, expect: &str) {
    let key = SecretKey::from_bytes(v.array32("key"));
    let aad = v.bytes("aad");
    let envelope = v.bytes("envelope");
    let result = open(&key, &aad, &envelope);
    match expect {
        "success" => {
            assert_eq!(result.as_deref().map(|p| p.as_slice()), Ok(v.bytes("plaintext").as_slice()), "{}", v.name);
            let nonce: [u8; 24] = v.bytes("nonce").try_into().expect("24-byte nonce");
            assert_eq!(seal_with_nonce(&key, &aad, &v.bytes("plaintext"), &nonce), envelope, "{}", v.name);
        }
        "decrypt failure" => assert_eq!(result.err(), Some(CryptoError::Decrypt), "{}", v.name),
        "truncated" => assert_eq!(result.err(), Some(CryptoError::Truncated), "{}", v.name),
        "unknown version" => assert!(matches!(result, Err(CryptoError::UnknownVersion(_))), "{}", v.name),
        other => panic!("{}: unknown expectation {other:?}", v.name),
    }
}

fn run_argon2id(v: &Vector, expect: &str) {
    let params = KdfParams { m_kib: v.number("m_kib"), t: v.number("t"), p: v.number("p") };
    let tag = v.bytes("tag");
    let out =
        argon2id(&v.bytes("password"), &v.bytes("salt"), params, &v.bytes("secret"), &v.bytes("associated"), tag.len())
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
    match expect {
        "success" => assert_eq!(out.as_slice(), tag.as_slice(), "{}", v.name),
        "mismatch" => assert_ne!(out.as_slice(), tag.as_slice(), "{}", v.name),
        other => panic!("{}: unknown expectation {other:?}", v.name),
    }
}

fn run_ed25519(v: &Vector, expect: &str) {
    let public = VerifyingKey::from_bytes(&v.bytes("public")).expect("valid public key");
    let message = v.bytes("message");
    let signature = v.bytes("signature");
    match expect {
        "success" => {
            let secret = SigningKey::from_seed(&v.array32("secret"));
            assert_eq!(secret.verifying_key(), public, "{}: public key from seed", v.name);
            assert_eq!(secret.sign(&message).to_vec(), signature, "{}: signature", v.name);
            assert_eq!(verify(&public, &message, &signature), Ok(()), "{}", v.name);
        }
        "bad signature" => {
            assert_eq!(verify(&public, &message, &signature), Err(CryptoError::BadSignature), "{}", v.name)
        }
        other => panic!("{}: unknown expectation {other:?}", v.name),
    }
}

#[test]
fn every_vector_file_behaves_as_it_expects() {
    let vectors = load_all();
    assert!(vectors.len() >= 15, "vector files went missing: {}", vectors.len());
    for v in &vectors {
        let expect = v.text("expect");
        match v.text("algorithm") {
            "xchacha20poly1305" => run_xchacha(v, expect),
            "argon2id" => run_argon2id(v, expect),
            "ed25519" => run_ed25519(v, expect),
            other => panic!("{}: unknown algorithm {other:?}", v.name),
        }
    }
}
