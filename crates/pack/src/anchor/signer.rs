//! The TSA's signature on a time-stamp token, checked before a reply is stored (casebook-core's
//! `anchor_import`) and again for each token a pack carries (the verifier's `timestamps` check).
//!
//! What is checked here, with the signing certificate the token itself carries (Casebook's
//! requests set certReq, so every TSA includes it):
//! 1. the certificate named by the SignerInfo (issuer and serial, or subject key identifier)
//!    is in the token;
//! 2. the signed attributes hold content-type id-ct-TSTInfo and the message digest of the
//!    TSTInfo's exact bytes, and the signature over those attributes verifies with that
//!    certificate's key (RSA PKCS #1 v1.5, or ECDSA on P-256 or P-384; SHA-256/384/512);
//! 3. the certificate's validity covers the token's genTime;
//! 4. the certificate has the timeStamping extended key usage (RFC 3161 §2.3).
//!
//! What is **not** checked, and cannot be here: whether the certificate comes from a TSA the
//! checker trusts (that needs a CA certificate obtained independently: `openssl ts -verify
//! -CAfile`), and revocation. A forger can make a token that passes all four with a TSA of
//! their own; only the trust decision tells that apart.

use chrono::{DateTime, Utc};
use cms::cert::CertificateChoices;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha2::Digest;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectKeyIdentifier};

/// Why the token's signature or certificate does not hold. The sentences say what is wrong with
/// the token; the caller says what follows (nothing stored, or the pack fails).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The token does not carry the certificate its SignerInfo names.
    #[error("it does not include the time-stamp authority's certificate, so its signature cannot be checked")]
    NoCertificate,
    /// The signature, or the signed digest of the TSTInfo, does not verify.
    #[error(
        "the time-stamp authority's signature on it does not verify, so it was altered or is not a genuine time-stamp"
    )]
    BadSignature,
    /// Signed with an algorithm Casebook does not check.
    #[error(
        "it is signed with {0}, which Casebook cannot check (it checks RSA PKCS #1 v1.5 and ECDSA P-256 or P-384 with SHA-256, SHA-384 or SHA-512)"
    )]
    Unsupported(String),
    /// The certificate was not valid when the token says it was made.
    #[error(
        "the time-stamp authority's certificate was not valid at the time it claims ({gen_time}); it is valid from {not_before} to {not_after}"
    )]
    OutsideValidity {
        /// The token's genTime.
        gen_time: DateTime<Utc>,
        /// The certificate's notBefore.
        not_before: DateTime<Utc>,
        /// The certificate's notAfter.
        not_after: DateTime<Utc>,
    },
    /// The certificate is not one for time-stamping.
    #[error(
        "the certificate that signed it is not a time-stamping certificate (it lacks the timeStamping extended key usage)"
    )]
    NotTimeStamping,
}

const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const RSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

#[derive(Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn of(oid: ObjectIdentifier) -> Option<Hash> {
        match oid {
            SHA256 => Some(Hash::Sha256),
            SHA384 => Some(Hash::Sha384),
            SHA512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
        }
    }
}

/// Checks the signature of `signed` (a time-stamp token whose TSTInfo says `gen_time`) with
/// the certificate it carries; see the module documentation for what that does and does not
/// prove.
pub fn check(signed: &SignedData, gen_time: DateTime<Utc>) -> Result<(), SignatureError> {
    // A TSA signs a token once (RFC 3161 §2.4.2); more than one signer is not a TSA's token.
    let [signer] = signed.signer_infos.0.as_slice() else { return Err(SignatureError::BadSignature) };
    let cert = signer_certificate(signed, signer).ok_or(SignatureError::NoCertificate)?;
    let hash = Hash::of(signer.digest_alg.oid)
        .ok_or_else(|| SignatureError::Unsupported(format!("the digest {}", signer.digest_alg.oid)))?;

    // The signature covers the signed attributes, which name the content and its digest.
    let attrs = signer.signed_attrs.as_ref().ok_or(SignatureError::BadSignature)?;
    let content = signed.encap_content_info.econtent.as_ref().ok_or(SignatureError::BadSignature)?;
    let mut content_type_ok = false;
    let mut digest_ok = false;
    for attr in attrs.iter() {
        let [value] = attr.values.as_slice() else { return Err(SignatureError::BadSignature) };
        if attr.oid == CONTENT_TYPE {
            content_type_ok = value.decode_as::<ObjectIdentifier>().is_ok_and(|oid| oid == TST_INFO);
        } else if attr.oid == MESSAGE_DIGEST {
            digest_ok =
                value.decode_as::<OctetString>().is_ok_and(|d| d.as_bytes() == hash.digest(content.value()).as_slice());
        }
    }
    if !(content_type_ok && digest_ok) {
        return Err(SignatureError::BadSignature);
    }
    // Signed as a SET OF (tag 0x31), not as the [0] IMPLICIT field it is stored in (RFC 5652 §5.4).
    let signed_bytes = attrs.to_der().map_err(|_| SignatureError::BadSignature)?;
    verify_signature(&cert, signer, hash, &signed_bytes)?;

    let validity = &cert.tbs_certificate.validity;
    let at = |t: x509_cert::time::Time| {
        DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs().try_into().unwrap_or(i64::MAX), 0)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    };
    let (not_before, not_after) = (at(validity.not_before), at(validity.not_after));
    if gen_time < not_before || gen_time > not_after {
        return Err(SignatureError::OutsideValidity { gen_time, not_before, not_after });
    }

    let eku = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == EXT_KEY_USAGE)
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok());
    if !eku.is_some_and(|eku| eku.0.contains(&TIME_STAMPING)) {
        return Err(SignatureError::NotTimeStamping);
    }
    Ok(())
}

/// The certificate in the token that the SignerInfo names.
fn signer_certificate(signed: &SignedData, signer: &SignerInfo) -> Option<Certificate> {
    signed.certificates.as_ref()?.0.iter().find_map(|choice| {
        let CertificateChoices::Certificate(cert) = choice else { return None };
        let tbs = &cert.tbs_certificate;
        let named = match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                tbs.issuer == id.issuer && tbs.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                .extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id == SUBJECT_KEY_ID)
                .and_then(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
                .is_some_and(|own| own == *ski),
        };
        named.then(|| cert.clone())
    })
}

/// Verifies the SignerInfo's signature over `message` with the certificate's public key.
fn verify_signature(cert: &Certificate, signer: &SignerInfo, hash: Hash, message: &[u8]) -> Result<(), SignatureError> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let key_bytes = spki.subject_public_key.as_bytes().ok_or(SignatureError::BadSignature)?;
    let signature = signer.signature.as_bytes();
    let prehash = hash.digest(message);
    let sig_alg = signer.signature_algorithm.oid;
    let bad = |_| SignatureError::BadSignature;
    // The hash a signature algorithm names (shaNNNWithRSAEncryption, ecdsa-with-SHANNN) must be
    // the digest the SignerInfo used.
    let named = match sig_alg {
        RSA_SHA256 | ECDSA_SHA256 => Some(SHA256),
        RSA_SHA384 | ECDSA_SHA384 => Some(SHA384),
        RSA_SHA512 | ECDSA_SHA512 => Some(SHA512),
        _ => None,
    };
    if named.is_some_and(|oid| oid != signer.digest_alg.oid) {
        return Err(SignatureError::BadSignature);
    }
    match (spki.algorithm.oid, sig_alg) {
        (RSA, RSA | RSA_SHA256 | RSA_SHA384 | RSA_SHA512) => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            let key = rsa::RsaPublicKey::from_pkcs1_der(key_bytes).map_err(|_| SignatureError::BadSignature)?;
            let scheme = match hash {
                Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            };
            key.verify(scheme, &prehash, signature).map_err(|_| SignatureError::BadSignature)
        }
        (EC_PUBLIC_KEY, EC_PUBLIC_KEY | ECDSA_SHA256 | ECDSA_SHA384 | ECDSA_SHA512) => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            match curve {
                Some(P256) => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes).map_err(bad)?;
                    let sig = p256::ecdsa::Signature::from_der(signature).map_err(bad)?;
                    key.verify_prehash(&prehash, &sig).map_err(bad)
                }
                Some(P384) => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes).map_err(bad)?;
                    let sig = p384::ecdsa::Signature::from_der(signature).map_err(bad)?;
                    key.verify_prehash(&prehash, &sig).map_err(bad)
                }
                other => Err(SignatureError::Unsupported(match other {
                    Some(oid) => format!("ECDSA on the curve {oid}"),
                    None => "ECDSA on an unnamed curve".into(),
                })),
            }
        }
        (key, sig) => Err(SignatureError::Unsupported(format!("the algorithm {sig} (key {key})"))),
    }
}
