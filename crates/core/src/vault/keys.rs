//! Key slots: the master key wrapped once per way in (passphrase, recovery key).

use std::fmt;

use casebook_crypto::kdf::SALT_LEN;
use casebook_crypto::{CryptoError, KdfParams, Passphrase, SecretKey, derive_key, random_array, unwrap_key, wrap_key};
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};

/// Which slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// Unlocked with the everyday passphrase.
    Passphrase,
    /// Unlocked with the printed recovery key.
    Recovery,
}

impl SlotKind {
    fn as_str(self) -> &'static str {
        match self {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
        }
    }
}

/// How the person proves it is their vault.
#[derive(Debug)]
pub enum Credential {
    /// The everyday passphrase.
    Passphrase(Passphrase),
    /// The recovery key from the emergency kit.
    RecoveryKey(RecoveryKey),
}

impl Credential {
    pub(crate) fn slot(&self) -> SlotKind {
        match self {
            Credential::Passphrase(_) => SlotKind::Passphrase,
            Credential::RecoveryKey(_) => SlotKind::Recovery,
        }
    }

    fn secret_bytes(&self) -> &[u8] {
        match self {
            Credential::Passphrase(p) => p.expose_secret().as_bytes(),
            Credential::RecoveryKey(k) => &k.0[..],
        }
    }
}

/// A recovery key: 160 random bits, shown once as eight groups of four characters
/// (RFC 4648 base32), for the person to print or write down.
pub struct RecoveryKey(Zeroizing<[u8; 20]>);

impl RecoveryKey {
    pub(crate) fn generate() -> Self {
        Self(Zeroizing::new(random_array()))
    }

    /// Reads a recovery key as typed: case, spaces and dashes do not matter; 0/1/8 are read
    /// as O/I/B, the usual misreadings.
    pub fn parse(text: &str) -> Result<Self> {
        let mut bits: u64 = 0;
        let mut nbits = 0;
        let mut out = Zeroizing::new([0u8; 20]);
        let mut n = 0;
        let typed: Vec<char> = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if typed.len() != 32 {
            return Err(VaultError::InvalidInput("a recovery key has 32 characters".into()));
        }
        for c in typed {
            let v = crate::base32::value(c)
                .ok_or_else(|| VaultError::InvalidInput("a recovery key has only letters A-Z and digits 2-7".into()))?;
            bits = (bits << 5) | v as u64;
            nbits += 5;
            if nbits >= 8 {
                nbits -= 8;
                if n == 20 {
                    return Err(VaultError::InvalidInput("that recovery key is too long".into()));
                }
                out[n] = (bits >> nbits) as u8;
                n += 1;
            }
        }
        if n != 20 {
            return Err(VaultError::InvalidInput("a recovery key has 32 characters".into()));
        }
        Ok(Self(out))
    }

    /// The key for a person to write down: `ABCD-EFGH-...` (8 groups of 4).
    pub fn expose_display(&self) -> Zeroizing<String> {
        let mut chars = String::with_capacity(39);
        let (mut bits, mut nbits) = (0u64, 0);
        for &b in self.0.iter() {
            bits = (bits << 8) | b as u64;
            nbits += 8;
            while nbits >= 5 {
                nbits -= 5;
                if !chars.is_empty() && (chars.len() + 1).is_multiple_of(5) {
                    chars.push('-');
                }
                chars.push(crate::base32::ALPHABET[((bits >> nbits) & 31) as usize] as char);
            }
        }
        Zeroizing::new(chars)
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey([redacted])")
    }
}

/// A stored slot's public parameters.
pub(crate) struct Slot {
    pub salt: [u8; SALT_LEN],
    pub params: KdfParams,
    pub wrapped: Vec<u8>,
}

fn slot_aad(vault_id: &[u8; 16], kind: SlotKind, salt: &[u8; SALT_LEN], p: KdfParams) -> Vec<u8> {
    // Binding the parameters means a tampered (weakened) slot fails to unwrap.
    let mut aad = b"casebook.slot.v1".to_vec();
    aad.extend_from_slice(vault_id);
    aad.extend_from_slice(kind.as_str().as_bytes());
    aad.extend_from_slice(salt);
    for n in [p.m_kib, p.t, p.p] {
        aad.extend_from_slice(&n.to_be_bytes());
    }
    aad
}

pub(crate) fn read_slot(conn: &Connection, kind: SlotKind) -> Result<Option<Slot>> {
    conn.query_row(
        "SELECT salt, m_kib, t_cost, p_cost, wrapped_key FROM key_slots WHERE kind = ?1",
        [kind.as_str()],
        |r| {
            let salt: Vec<u8> = r.get(0)?;
            Ok((salt, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?, r.get::<_, u32>(3)?, r.get::<_, Vec<u8>>(4)?))
        },
    )
    .optional()?
    .map(|(salt, m_kib, t, p, wrapped)| {
        let salt = salt
            .try_into()
            .map_err(|_| VaultError::Corrupt { seq: None, detail: "key slot salt has the wrong length".into() })?;
        Ok(Slot { salt, params: KdfParams { m_kib, t, p }, wrapped })
    })
    .transpose()
}

/// Derives the slot key and unwraps the master key. A wrong credential is `WrongPassphrase`.
pub(crate) fn unwrap_master(vault_id: &[u8; 16], slot: &Slot, cred: &Credential) -> Result<SecretKey> {
    let kek = derive_key(cred.secret_bytes(), &slot.salt, slot.params)?;
    unwrap_key(&kek, &slot_aad(vault_id, cred.slot(), &slot.salt, slot.params), &slot.wrapped).map_err(|e| match e {
        CryptoError::Decrypt => VaultError::WrongPassphrase,
        other => VaultError::Crypto(other),
    })
}

/// Wraps `master` for `cred` under a fresh salt and writes (or replaces) its slot.
pub(crate) fn write_slot(
    conn: &Connection,
    vault_id: &[u8; 16],
    cred: &Credential,
    params: KdfParams,
    master: &SecretKey,
) -> Result<()> {
    let salt: [u8; SALT_LEN] = random_array();
    let kek = derive_key(cred.secret_bytes(), &salt, params)?;
    let wrapped = wrap_key(&kek, &slot_aad(vault_id, cred.slot(), &salt, params), master);
    conn.execute(
        "INSERT OR REPLACE INTO key_slots (kind, salt, m_kib, t_cost, p_cost, wrapped_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![cred.slot().as_str(), &salt[..], params.m_kib, params.t, params.p, wrapped],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_its_display_form() {
        let key = RecoveryKey::generate();
        let shown = key.expose_display();
        assert_eq!(shown.len(), 39);
        assert_eq!(shown.matches('-').count(), 7);
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(*RecoveryKey::parse(&typed).unwrap().0, *key.0);
    }

    #[test]
    fn short_or_bad_recovery_keys_are_refused_not_panics() {
        assert!(RecoveryKey::parse("").is_err());
        assert!(RecoveryKey::parse("ABCD").is_err());
        assert!(RecoveryKey::parse("!!!!").is_err());
        assert!(RecoveryKey::parse(&"A".repeat(40)).is_err());
    }
}
