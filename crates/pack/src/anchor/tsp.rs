//! RFC 3161 (Time-Stamp Protocol) messages: the request Casebook writes and the reply it reads.
//!
//! Only DER is read and written here, with RustCrypto's `der` and `cms`; nothing is sent
//! anywhere. The TSA's signature on the token is checked on import by [`super::signer`], with
//! the certificate the token carries; whether that certificate is from a TSA to trust needs a
//! CA certificate only the person checking can choose: `openssl ts -verify -CAfile` does that.
//!
//! ```text
//! TimeStampReq ::= SEQUENCE {
//!    version          INTEGER { v1(1) },
//!    messageImprint   MessageImprint,            -- SHA-256 of the anchor file
//!    reqPolicy        TSAPolicyId OPTIONAL,      -- absent: the TSA's default policy
//!    nonce            INTEGER OPTIONAL,          -- 64 random bits, always present here
//!    certReq          BOOLEAN DEFAULT FALSE,     -- TRUE: the token carries the TSA's certificate
//!    extensions       [0] IMPLICIT Extensions OPTIONAL }  -- absent
//! MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
//! TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
//! TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime,
//!    accuracy OPTIONAL, ordering DEFAULT FALSE, nonce OPTIONAL, tsa [0] OPTIONAL, extensions [1] OPTIONAL }
//! ```

use chrono::{DateTime, NaiveDateTime, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{AnyRef, ObjectIdentifier, OctetString, Uint};
use der::{Decode, Encode, Reader, Sequence, SliceReader, Tag, Tagged};

/// id-sha256 (NIST), the only imprint algorithm Casebook asks for and accepts.
pub const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// id-signedData (CMS): a time-stamp token is a ContentInfo of this type.
const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// id-ct-TSTInfo: the signed content of a time-stamp token.
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// Why a reply could not be read as an RFC 3161 time-stamp reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TspError {
    /// Not DER, or not the structure RFC 3161 gives.
    #[error("it is not an RFC 3161 time-stamp reply ({0})")]
    Malformed(String),
    /// The TSA said no.
    #[error("the time-stamp authority refused the request (status {status}{text})")]
    NotGranted {
        /// PKIStatus: 2 rejection, 3 waiting, 4 revocation warning, 5 revocation notification.
        status: u8,
        /// The TSA's own words, with a leading ": ", or empty.
        text: String,
    },
}

impl From<der::Error> for TspError {
    fn from(err: der::Error) -> Self {
        TspError::Malformed(err.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
struct AlgorithmId {
    oid: ObjectIdentifier,
    #[asn1(optional = "true")]
    parameters: Option<der::asn1::Any>,
}

#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmId,
    hashed_message: OctetString,
}

#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    #[asn1(optional = "true")]
    req_policy: Option<ObjectIdentifier>,
    #[asn1(optional = "true")]
    nonce: Option<Uint>,
    #[asn1(default = "Default::default")]
    cert_req: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
struct PkiStatusInfo {
    status: u8,
    #[asn1(optional = "true")]
    status_string: Option<Vec<String>>,
    #[asn1(optional = "true")]
    fail_info: Option<der::asn1::BitString>,
}

#[derive(Debug, Clone, PartialEq, Eq, Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    #[asn1(optional = "true")]
    token: Option<ContentInfo>,
}

/// The DER TimeStampReq for a SHA-256 `imprint` and `nonce` (unsigned big-endian, first byte
/// not zero), with certReq TRUE. The same inputs always give the same bytes.
pub fn request(imprint: &[u8; 32], nonce: &[u8]) -> Vec<u8> {
    let req = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            // Parameters NULL, as `openssl ts -query` writes them (RFC 5754 lets readers take both).
            hash_algorithm: AlgorithmId { oid: SHA256, parameters: Some(der::asn1::Any::null()) },
            hashed_message: OctetString::new(imprint.to_vec()).expect("32 bytes fit an OCTET STRING"),
        },
        req_policy: None,
        nonce: Some(Uint::new(nonce).expect("a nonce of 8 bytes fits an INTEGER")),
        cert_req: true,
    };
    req.to_der().expect("a TimeStampReq of fixed small size encodes")
}

/// What Casebook reads from a granted reply's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The imprint's hash algorithm.
    pub hash_algorithm: ObjectIdentifier,
    /// The imprint: the digest the TSA signed.
    pub imprint: Vec<u8>,
    /// The nonce, big-endian without leading zeros; `None` if the token has none.
    pub nonce: Option<Vec<u8>>,
    /// When the TSA says it signed (TSTInfo genTime), to the second.
    pub gen_time: DateTime<Utc>,
    /// The token's serial number, hex.
    pub serial: String,
    /// The TSA's policy OID, dotted.
    pub policy: String,
}

/// Reads a DER TimeStampResp: the status must be granted (0) or granted with modifications
/// (1), and the token a CMS SignedData over a TSTInfo. Trailing bytes are refused.
pub fn parse_reply(bytes: &[u8]) -> Result<Reply, TspError> {
    let resp = TimeStampResp::from_der(bytes)?;
    if resp.status.status > 1 {
        let text = resp.status.status_string.map(|t| format!(": {}", t.join(" "))).unwrap_or_default();
        return Err(TspError::NotGranted { status: resp.status.status, text });
    }
    let token = resp.token.ok_or_else(|| TspError::Malformed("granted, but it holds no token".into()))?;
    parse_token(&token)
}

/// The CMS SignedData of a granted reply's token, for checking its signature
/// ([`super::signer`]). Call after [`parse_reply`] accepted the same bytes.
pub fn signed_data(bytes: &[u8]) -> Result<SignedData, TspError> {
    let token = TimeStampResp::from_der(bytes)?
        .token
        .ok_or_else(|| TspError::Malformed("granted, but it holds no token".into()))?;
    token_signed_data(&token)
}

fn token_signed_data(token: &ContentInfo) -> Result<SignedData, TspError> {
    if token.content_type != SIGNED_DATA {
        return Err(TspError::Malformed("the token is not CMS signed data".into()));
    }
    Ok(token.content.decode_as()?)
}

/// Reads a TimeStampToken (ContentInfo) on its own.
fn parse_token(token: &ContentInfo) -> Result<Reply, TspError> {
    let signed = token_signed_data(token)?;
    if signed.encap_content_info.econtent_type != TST_INFO {
        return Err(TspError::Malformed("the token does not sign a TSTInfo".into()));
    }
    if signed.signer_infos.0.is_empty() {
        return Err(TspError::Malformed("the token has no signature".into()));
    }
    let content = signed
        .encap_content_info
        .econtent
        .ok_or_else(|| TspError::Malformed("the token's TSTInfo is missing".into()))?;
    if content.tag() != Tag::OctetString {
        return Err(TspError::Malformed("the token's TSTInfo is not an OCTET STRING".into()));
    }
    parse_tst_info(content.value())
}

fn parse_tst_info(der_bytes: &[u8]) -> Result<Reply, TspError> {
    let mut reader = SliceReader::new(der_bytes)?;
    let reply = reader.sequence(|r| {
        let version: u8 = r.decode()?;
        if version != 1 {
            return Err(Tag::Integer.value_error());
        }
        let policy: ObjectIdentifier = r.decode()?;
        let imprint: MessageImprint = r.decode()?;
        let serial: der::asn1::Int = r.decode()?;
        let gen_time: AnyRef<'_> = r.decode()?;
        if gen_time.tag() != Tag::GeneralizedTime {
            return Err(Tag::GeneralizedTime.value_error());
        }
        let gen_time = generalized_time(gen_time.value()).ok_or_else(|| Tag::GeneralizedTime.value_error())?;
        // accuracy (SEQUENCE), ordering (BOOLEAN), nonce (INTEGER), tsa [0], extensions [1]:
        // the nonce is the only INTEGER at this level.
        let mut nonce = None;
        while !r.is_finished() {
            let field: AnyRef<'_> = r.decode()?;
            if field.tag() == Tag::Integer {
                let value = field.value();
                let start = value.iter().position(|b| *b != 0).unwrap_or(value.len());
                nonce = Some(value[start..].to_vec());
            }
        }
        Ok(Reply {
            hash_algorithm: imprint.hash_algorithm.oid,
            imprint: imprint.hashed_message.as_bytes().to_vec(),
            nonce,
            gen_time,
            serial: hex::encode(serial.as_bytes()),
            policy: policy.to_string(),
        })
    })?;
    Ok(reader.finish(reply)?)
}

/// `YYYYMMDDhhmmss[.fff...]Z` (RFC 3161 allows a fraction; the fraction is dropped).
fn generalized_time(text: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(text).ok()?;
    let text = text.strip_suffix('Z')?;
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    if whole.len() != 14 || !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.is_empty() {
        return None;
    }
    NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").ok().map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_layout_is_frozen() {
        // 0x30 len, version 1, MessageImprint(SHA-256 with NULL, 32 bytes), nonce, certReq TRUE.
        let der = request(&[0xab; 32], &[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
        let want =
            format!("30430201013031300d060960864801650304020105000420{}02081234 56789abcdef0 0101ff", "ab".repeat(32))
                .replace(' ', "");
        assert_eq!(hex::encode(&der), want);
    }

    #[test]
    fn garbage_and_trailing_bytes_are_malformed() {
        assert!(matches!(parse_reply(b""), Err(TspError::Malformed(_))));
        assert!(matches!(parse_reply(b"not der at all"), Err(TspError::Malformed(_))));
        // A request is not a reply.
        let req = request(&[1; 32], &[1; 8]);
        assert!(matches!(parse_reply(&req), Err(TspError::Malformed(_))));
    }

    #[test]
    fn a_rejection_is_not_granted_with_the_tsa_words() {
        // TimeStampResp { status { 2, ["bad alg"] } }
        let der = hex::decode("3010300e02010230090c0762616420616c67").unwrap_or_default();
        assert_eq!(parse_reply(&der), Err(TspError::NotGranted { status: 2, text: ": bad alg".into() }));
    }

    #[test]
    fn generalized_time_takes_fractions_and_needs_z() {
        assert_eq!(
            generalized_time(b"20261204170102Z").map(|t| t.to_rfc3339()),
            Some("2026-12-04T17:01:02+00:00".into())
        );
        assert!(generalized_time(b"20261204170102.123Z").is_some());
        assert!(generalized_time(b"20261204170102").is_none());
        assert!(generalized_time(b"20261204170102.Z").is_none());
    }
}
