//! Argon2id: from a passphrase (or recovery key) to a key-encryption key.
//!
//! The parameters travel with the salt in each key slot, so a vault made today still opens
//! after the defaults rise.

use argon2::{Algorithm, Argon2, Version};
use zeroize::Zeroizing;

use crate::{CryptoError, SecretKey};

/// Argon2id cost parameters: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory cost in KiB.
    pub m_kib: u32,
    /// Number of passes.
    pub t: u32,
    /// Degree of parallelism (lanes).
    pub p: u32,
}

impl KdfParams {
    /// Used for new vaults: 256 MiB, 3 passes, 1 lane (about 0.75 s on a 2-core laptop).
    pub const DEFAULT: KdfParams = KdfParams { m_kib: 256 * 1024, t: 3, p: 1 };
    /// The weakest parameters a normal vault may have: 64 MiB, 3 passes.
    pub const MINIMUM: KdfParams = KdfParams { m_kib: 64 * 1024, t: 3, p: 1 };
    /// For test vaults only: brute-forceable. It exists only in builds with the `test-kdf`
    /// feature (the test harness's builds), never in what people run.
    #[cfg(feature = "test-kdf")]
    pub const INSECURE_TEST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    /// Whether the parameters are within what any real slot could hold (at most 4 GiB,
    /// 64 passes, 16 lanes). A tampered slot asking for more is refused before Argon2id
    /// tries to allocate it.
    pub fn within_sane_bounds(&self) -> bool {
        self.m_kib <= 4 * 1024 * 1024 && self.t <= 64 && (1..=16).contains(&self.p)
    }

    /// Whether these parameters cost at least as much memory and as many passes as `floor`.
    pub fn meets(&self, floor: KdfParams) -> bool {
        self.m_kib >= floor.m_kib && self.t >= floor.t
    }
}

/// Salt length stored in each key slot.
pub const SALT_LEN: usize = 16;

/// Derives a 256-bit key from `secret` (passphrase bytes) and `salt` with Argon2id v0x13.
pub fn derive_key(secret: &[u8], salt: &[u8; SALT_LEN], params: KdfParams) -> Result<SecretKey, CryptoError> {
    let out = argon2id(secret, salt, params, &[], &[], 32)?;
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&out);
    Ok(SecretKey::from_bytes(bytes))
}

/// Raw Argon2id v0x13 with an optional secret (pepper) and associated data, as RFC 9106
/// defines them. Only the test vectors use the last two.
pub(crate) fn argon2id(
    password: &[u8],
    salt: &[u8],
    params: KdfParams,
    secret: &[u8],
    associated: &[u8],
    out_len: usize,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut builder = argon2::ParamsBuilder::new();
    builder.m_cost(params.m_kib).t_cost(params.t).p_cost(params.p).output_len(out_len);
    if !associated.is_empty() {
        builder.data(argon2::AssociatedData::new(associated).map_err(|e| CryptoError::KdfParams(e.to_string()))?);
    }
    let argon_params = builder.build().map_err(|e| CryptoError::KdfParams(e.to_string()))?;
    let ctx = if secret.is_empty() {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params)
    } else {
        Argon2::new_with_secret(secret, Algorithm::Argon2id, Version::V0x13, argon_params)
            .map_err(|e| CryptoError::KdfParams(e.to_string()))?
    };
    let mut out = Zeroizing::new(vec![0u8; out_len]);
    ctx.hash_password_into(password, salt, &mut out).map_err(|e| CryptoError::KdfParams(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters for these tests, spelled out so they need no feature.
    const CHEAP: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    #[test]
    fn same_inputs_same_key_and_salt_matters() {
        let p = CHEAP;
        let a = derive_key(b"pw", &[1; 16], p).unwrap();
        let b = derive_key(b"pw", &[1; 16], p).unwrap();
        let c = derive_key(b"pw", &[2; 16], p).unwrap();
        assert_eq!(a.expose_secret_bytes(), b.expose_secret_bytes());
        assert_ne!(a.expose_secret_bytes(), c.expose_secret_bytes());
    }

    #[test]
    fn zero_memory_is_an_error_not_a_panic() {
        let bad = KdfParams { m_kib: 0, t: 0, p: 0 };
        assert!(matches!(derive_key(b"pw", &[0; 16], bad), Err(CryptoError::KdfParams(_))));
    }

    #[test]
    fn floor_compares_memory_and_passes() {
        assert!(KdfParams::DEFAULT.meets(KdfParams::MINIMUM));
        assert!(!CHEAP.meets(KdfParams::MINIMUM));
        assert!(!KdfParams { m_kib: 64 * 1024, t: 2, p: 1 }.meets(KdfParams::MINIMUM));
    }
}
