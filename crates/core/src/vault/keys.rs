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
    /// A new random recovery key. A re-key takes one made here, so the caller can show it to
    /// the person *before* the re-key commits ([`crate::Vault::rekey`]).
    pub fn generate() -> Self {
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

/// Which kind of vault a slot belongs to. It decides the cost a new slot gets, the weakest
/// cost an existing slot may have, and the label its associated data starts with, so the
/// plain `vault_meta.insecure_test_kdf` mark cannot be flipped without the slot failing to
/// unwrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotFloor {
    /// A real vault: new slots at the default cost; the floor enforced on open.
    Real,
    /// A test vault (`vault_meta.insecure_test_kdf = 1`): the insecure test parameters, which
    /// exist only in `test-kdf` builds.
    Test,
}

impl SlotFloor {
    pub(crate) fn of(insecure_test_kdf: bool) -> Self {
        if insecure_test_kdf { SlotFloor::Test } else { SlotFloor::Real }
    }

    /// Whether an existing slot's parameters are acceptable for this kind of vault.
    pub(crate) fn allows(self, params: KdfParams) -> bool {
        match self {
            SlotFloor::Real => params.meets(KdfParams::MINIMUM),
            SlotFloor::Test => true,
        }
    }

    /// The parameters every new slot of this kind of vault gets. Only this function chooses
    /// them, so no operation can write a slot below the vault's floor.
    fn new_slot_params(self) -> Result<KdfParams> {
        match self {
            SlotFloor::Real => Ok(KdfParams::DEFAULT),
            #[cfg(feature = "test-kdf")]
            SlotFloor::Test => Ok(KdfParams::INSECURE_TEST),
            #[cfg(not(feature = "test-kdf"))]
            SlotFloor::Test => Err(VaultError::InsecureTestVault),
        }
    }

    /// The first 16 bytes of the slot's associated data. Do not modify: existing slots were
    /// wrapped under these exact bytes.
    fn aad_label(self) -> &'static [u8; 16] {
        match self {
            SlotFloor::Real => b"casebook.slot.v1",
            SlotFloor::Test => b"casebook.test.v1",
        }
    }
}

/// The associated data a slot's master key is wrapped under (docs/FORMAT.md, "Slot associated
/// data"). Binding the kind of vault, the salt and the parameters means a slot whose
/// parameters were lowered, or whose vault was re-marked as a test vault, fails to unwrap.
fn slot_aad(vault_id: &[u8; 16], kind: SlotKind, salt: &[u8; SALT_LEN], p: KdfParams, floor: SlotFloor) -> Vec<u8> {
    let mut aad = floor.aad_label().to_vec();
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
/// `floor` is what the vault claims to be; a claim that does not match the slot fails here
/// like a wrong passphrase.
pub(crate) fn unwrap_master(
    vault_id: &[u8; 16],
    slot: &Slot,
    cred: &Credential,
    floor: SlotFloor,
) -> Result<SecretKey> {
    if !floor.allows(slot.params) {
        return Err(VaultError::WeakKdf);
    }
    let kek = derive_key(cred.secret_bytes(), &slot.salt, slot.params)?;
    let aad = slot_aad(vault_id, cred.slot(), &slot.salt, slot.params, floor);
    unwrap_key(&kek, &aad, &slot.wrapped).map_err(|e| match e {
        CryptoError::Decrypt => VaultError::WrongPassphrase,
        other => VaultError::Crypto(other),
    })
}

/// Wraps `master` for `cred` under a fresh salt and writes (or replaces) its slot, at the
/// cost `floor` gives every new slot of this kind of vault.
pub(crate) fn write_slot(
    conn: &Connection,
    vault_id: &[u8; 16],
    cred: &Credential,
    floor: SlotFloor,
    master: &SecretKey,
) -> Result<()> {
    let params = floor.new_slot_params()?;
    let salt: [u8; SALT_LEN] = random_array();
    let kek = derive_key(cred.secret_bytes(), &salt, params)?;
    let wrapped = wrap_key(&kek, &slot_aad(vault_id, cred.slot(), &salt, params, floor), master);
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
    fn a_real_vault_slot_is_never_written_below_the_floor() {
        assert!(SlotFloor::Real.new_slot_params().unwrap().meets(KdfParams::MINIMUM));
        assert!(SlotFloor::Real.allows(SlotFloor::Real.new_slot_params().unwrap()));
    }

    #[test]
    fn the_associated_data_names_the_kind_of_vault() {
        let p = KdfParams::DEFAULT;
        let real = slot_aad(&[7; 16], SlotKind::Passphrase, &[1; 16], p, SlotFloor::Real);
        let test = slot_aad(&[7; 16], SlotKind::Passphrase, &[1; 16], p, SlotFloor::Test);
        assert_eq!(&real[..16], b"casebook.slot.v1");
        assert_eq!(&test[..16], b"casebook.test.v1");
        assert_eq!(real[16..], test[16..]);
        // 16 label + 16 vault id + 10 "passphrase" + 16 salt + 3 x 4 parameters.
        assert_eq!(real.len(), 70);
    }

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
