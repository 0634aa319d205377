//! The second factor (等保 8.1.4.1 d): a time-based one-time password (TOTP, RFC 6238: HMAC-SHA1,
//! six digits, 30-second steps, as every authenticator app reads them) and single-use recovery
//! codes for a lost phone. Which roles must have one is a policy. Pure: secrets, random bytes
//! and the time come in.

use super::UserRole;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// How many recovery codes an account gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// Bytes of a TOTP secret (160 bits, RFC 4226's recommended length).
pub const SECRET_BYTES: usize = 20;

/// Bytes of randomness in a recovery code (40 bits, ten hex digits).
pub const RECOVERY_BYTES: usize = 5;

/// Which roles must sign in with a second factor; everyone else may choose to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondFactorPolicy {
    required: u16,
}

impl Default for SecondFactorPolicy {
    /// Administrators only (等保 level 3 asks it of administrators).
    fn default() -> Self {
        SecondFactorPolicy::for_roles(&[UserRole::Admin])
    }
}

fn bit(role: UserRole) -> u16 {
    let at = UserRole::ALL.iter().position(|r| *r == role).unwrap_or(0);
    1 << at
}

impl SecondFactorPolicy {
    /// Nobody must; anybody may.
    pub fn optional() -> Self {
        SecondFactorPolicy { required: 0 }
    }

    /// These roles must.
    pub fn for_roles(roles: &[UserRole]) -> Self {
        SecondFactorPolicy {
            required: roles.iter().fold(0, |acc, r| acc | bit(*r)),
        }
    }

    /// Whether an account of `role` must have a second factor.
    pub fn requires(&self, role: UserRole) -> bool {
        self.required & bit(role) != 0
    }

    /// The roles that must, in declaration order.
    pub fn roles(&self) -> Vec<UserRole> {
        UserRole::ALL
            .iter()
            .copied()
            .filter(|r| self.requires(*r))
            .collect()
    }
}

impl std::str::FromStr for SecondFactorPolicy {
    type Err = crate::UnknownValue;

    /// `none`, or role codes separated by commas (`admin,coordinator`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s == "none" {
            return Ok(SecondFactorPolicy::optional());
        }
        let roles = s
            .split(',')
            .map(|r| r.trim().parse::<UserRole>())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SecondFactorPolicy::for_roles(&roles))
    }
}

/// A code as typed on the second step of signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorCode {
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, normalised (ten lowercase hex digits).
    Recovery(String),
}

impl FactorCode {
    /// Reads what was typed: spaces and hyphens are ignored, letters in any case. None when it
    /// is neither six digits nor a recovery code.
    pub fn read(typed: &str) -> Option<FactorCode> {
        let s: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Some(FactorCode::Totp(s))
        } else if s.len() == RECOVERY_BYTES * 2 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(FactorCode::Recovery(s))
        } else {
            None
        }
    }
}

/// A recovery code as shown to the person: `xxxxx-xxxxx`.
pub fn recovery_code(random: [u8; RECOVERY_BYTES]) -> String {
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}", &hex[..5], &hex[5..])
}

/// An account's authenticator secret.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    /// From fresh random bytes.
    pub fn new(random: [u8; SECRET_BYTES]) -> Self {
        TotpSecret(random.to_vec())
    }

    /// From its stored form (base32, as authenticator apps show it).
    pub fn from_base32(s: &str) -> Option<Self> {
        Secret::try_from_base32(s.trim())
            .ok()
            .map(|s| TotpSecret(s.as_bytes().to_vec()))
            .filter(|s| s.0.len() >= 16)
    }

    /// Its stored form, and what a person types when the QR code cannot be scanned.
    pub fn base32(&self) -> String {
        Secret::from(self.0.clone()).to_base32()
    }

    /// The same secret in groups of four, easier to type.
    pub fn base32_grouped(&self) -> String {
        let b = self.base32();
        let chars: Vec<char> = b.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn totp(&self, issuer: &str, account: &str) -> Totp {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_skew(1)
            .with_step_duration(30)
            .with_secret(self.0.clone())
            .with_issuer(Some(label(issuer)))
            .with_account_name(label(account))
            .build_noncompliant()
    }

    /// The time step of `code` at `unix_seconds` (one step of clock drift either way allowed),
    /// if it is right and later than `last_step`: a code is accepted once (RFC 6238 5.2).
    pub fn check(&self, code: &str, unix_seconds: u64, last_step: u64) -> Option<u64> {
        self.totp("", "")
            .check(code, unix_seconds)
            .filter(|step| *step > last_step)
    }

    /// The code at `unix_seconds` (for tests and for showing what a device should say).
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("", "").generate(unix_seconds).to_string()
    }

    /// The `otpauth://` address an authenticator app reads from the QR code.
    pub fn otpauth_url(&self, issuer: &str, account: &str) -> String {
        self.totp(issuer, account)
            .to_url()
            .unwrap_or_else(|_| format!("otpauth://totp/?secret={}", self.base32()))
    }
}

/// Issuer and account names may not hold `:` in an otpauth address.
fn label(s: &str) -> String {
    let s: String = s.chars().filter(|c| *c != ':').collect();
    if s.is_empty() { "minsheng".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1: the secret is the ASCII "12345678901234567890"; the
    /// reference values are eight digits, of which six-digit codes are the last six.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = TotpSecret::new(*b"12345678901234567890");
        for (t, eight) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(secret.code_at(t), eight[2..], "at {t}");
        }
    }

    #[test]
    fn a_code_is_accepted_once_and_within_a_step_of_drift() {
        let secret = TotpSecret::new([7; SECRET_BYTES]);
        let now = 1_800_000_000;
        let code = secret.code_at(now);
        let step = secret.check(&code, now, 0).expect("right code");
        assert_eq!(step, now / 30);
        assert_eq!(secret.check(&code, now, step), None, "replayed");
        assert!(secret.check(&secret.code_at(now - 30), now, 0).is_some());
        assert!(secret.check(&secret.code_at(now + 30), now, 0).is_some());
        assert_eq!(secret.check(&secret.code_at(now - 90), now, 0), None);
        assert_eq!(secret.check("000000x", now, 0), None);
    }

    #[test]
    fn secrets_round_trip_and_show_in_an_authenticator_address() {
        let secret = TotpSecret::new([42; SECRET_BYTES]);
        let back = TotpSecret::from_base32(&secret.base32()).unwrap();
        assert_eq!(back, secret);
        assert_eq!(
            TotpSecret::from_base32(&secret.base32_grouped().replace(' ', "")),
            Some(secret.clone())
        );
        let url = secret.otpauth_url("minsheng", "admin:x");
        assert!(url.starts_with("otpauth://totp/minsheng:adminx?"), "{url}");
        assert!(
            url.contains(&format!("secret={}", secret.base32())),
            "{url}"
        );
        assert!(TotpSecret::from_base32("short").is_none());
    }

    #[test]
    fn typed_codes_are_read_leniently() {
        assert_eq!(
            FactorCode::read(" 123 456 "),
            Some(FactorCode::Totp("123456".into()))
        );
        let shown = recovery_code([0xab, 0xcd, 0xef, 0x01, 0x23]);
        assert_eq!(shown, "abcde-f0123");
        assert_eq!(
            FactorCode::read(&shown.to_uppercase()),
            Some(FactorCode::Recovery("abcdef0123".into()))
        );
        for bad in ["", "12345", "1234567", "abcdef", "zzzzz-zzzzz"] {
            assert_eq!(FactorCode::read(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_policy_reads_roles() {
        let p: SecondFactorPolicy = "admin, coordinator".parse().unwrap();
        assert!(p.requires(UserRole::Admin) && p.requires(UserRole::Coordinator));
        assert!(!p.requires(UserRole::UnitStaff));
        assert_eq!(p.roles(), vec![UserRole::Admin, UserRole::Coordinator]);
        assert_eq!(
            "none".parse::<SecondFactorPolicy>().unwrap(),
            SecondFactorPolicy::optional()
        );
        assert!(SecondFactorPolicy::default().requires(UserRole::Admin));
        assert!("admin,boss".parse::<SecondFactorPolicy>().is_err());
    }
}
