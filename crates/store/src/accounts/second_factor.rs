//! The second factor of signing in: setting up an authenticator app (a secret shown once as a
//! QR code, switched on when a code from it is typed back), recovery codes (shown once, kept as
//! SHA-256, each used once), the second step of signing in (its codes taken from the same
//! attempt budget as passwords, so guessing them locks the account), turning it off, and an
//! administrator's reset for a lost phone. Every change and every use is in the audit log.

use super::User;
use super::login::{Attempt, AuthConfig, Budget, LoginError, china_time};
use super::password::digest;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::UserId;
use minsheng_domain::access::{
    FactorCode, RECOVERY_BYTES, RECOVERY_CODES, SECRET_BYTES, TotpSecret, recovery_code,
};
use minsheng_domain::refusal::SetupRefusal;
use serde_json::json;

/// An account's second factor as its owner sees it.
#[derive(Debug, Clone, Default)]
pub struct SecondFactor {
    /// Switched on at.
    pub enabled_at: Option<DateTime<Utc>>,
    /// A secret being set up (shown until a code from it is typed back).
    pub pending: Option<TotpSecret>,
    /// Recovery codes not used yet.
    pub recovery_left: i64,
}

/// Replaces the account's recovery codes inside the write transaction `$tx` (either database).
macro_rules! replace_codes {
    ($tx:ident, $user:expr, $stored:expr, $now:expr) => {{
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind($user.0)
            .execute(&mut *$tx)
            .await?;
        for hash in $stored {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind($user.0)
            .bind(hash)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// The audit actions of a code proving the authenticator is at hand (renewing codes, turning
/// it off).
const CHECK: (&str, &str) = (
    "auth.second_factor_check",
    "auth.second_factor_check_failed",
);

/// Removes the account's authenticator and recovery codes inside the write transaction `$tx`.
macro_rules! forget_factor {
    ($tx:ident, $user:expr) => {{
        sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
            .bind($user.0)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind($user.0)
            .execute(&mut *$tx)
            .await?;
    }};
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the OS random source");
    b
}

fn secret_of(stored: &str) -> Result<TotpSecret, StoreError> {
    TotpSecret::from_base32(stored)
        .ok_or_else(|| StoreError::Internal("a stored authenticator secret is unreadable".into()))
}

/// Fresh recovery codes: as shown, and as stored.
fn fresh_codes() -> (Vec<String>, Vec<String>) {
    let shown: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| recovery_code(random::<RECOVERY_BYTES>()))
        .collect();
    let stored = shown
        .iter()
        .map(|c| match FactorCode::read(c) {
            Some(FactorCode::Recovery(n)) => digest(&n),
            _ => unreachable!("a recovery code reads as one"),
        })
        .collect();
    (shown, stored)
}

impl Store {
    /// The account's second factor.
    pub async fn second_factor(&self, user: UserId) -> Result<SecondFactor, StoreError> {
        let row: Option<(String, Option<DateTime<Utc>>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT secret, enabled_at FROM user_totp WHERE user_id = $1").bind(user.0).fetch_optional(p).await?);
        let left: i64 = on_pool!(self, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL").bind(user.0).fetch_one(p).await?);
        Ok(match row {
            None => SecondFactor::default(),
            Some((secret, None)) => SecondFactor {
                pending: Some(secret_of(&secret)?),
                ..SecondFactor::default()
            },
            Some((_, enabled_at)) => SecondFactor {
                enabled_at,
                pending: None,
                recovery_left: left,
            },
        })
    }

    /// Starts setting up an authenticator: a new secret, kept until a code from it is typed
    /// back. Refused while one is on.
    pub async fn begin_second_factor(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<TotpSecret, StoreError> {
        let secret = TotpSecret::new(random::<SECRET_BYTES>());
        let changed = crate::write_on_pool!(self, p => sqlx::query(
            "INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3 WHERE user_totp.enabled_at IS NULL")
            .bind(user.0).bind(secret.base32()).bind(now).execute(p).await?.rows_affected());
        if changed == 0 {
            return Err(SetupRefusal::SecondFactorOn.into());
        }
        Ok(secret)
    }

    /// Switches the authenticator being set up on when `typed` is its current code; returns
    /// the recovery codes, shown this once.
    pub async fn confirm_second_factor(
        &self,
        user: UserId,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let state = self.second_factor(user).await?;
        let Some(secret) = state.pending else {
            return Err(if state.enabled_at.is_some() {
                SetupRefusal::SecondFactorOn
            } else {
                SetupRefusal::SecondFactorOff
            }
            .into());
        };
        let step = match FactorCode::read(typed) {
            Some(FactorCode::Totp(code)) => secret.check(&code, wall_clock(), 0),
            _ => None,
        }
        .ok_or(SetupRefusal::SecondFactorCode)?;
        let (shown, stored) = fresh_codes();
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE user_totp SET enabled_at = $1, last_step = $2 WHERE user_id = $3 AND enabled_at IS NULL")
                .bind(now).bind(step as i64).bind(user.0).execute(&mut *tx).await?;
            replace_codes!(tx, user, &stored, now);
            tx.audit(&self.actor, Change::new("auth.second_factor_on", "user", user)
                .after(json!({"method": "totp", "recovery_codes": RECOVERY_CODES}))).await?;
        });
        Ok(shown)
    }

    /// New recovery codes (the old ones stop working), after a code proves the authenticator
    /// is at hand; taken from the account's sign-in budget like a password.
    pub async fn renew_recovery_codes(
        &self,
        user: &User,
        typed: &str,
        ip: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
    ) -> Result<Vec<String>, LoginError> {
        self.prove_factor(user, typed, ip, now, cfg, CHECK).await?;
        let (shown, stored) = fresh_codes();
        in_write_tx!(self, tx => {
            replace_codes!(tx, user.id, &stored, now);
            tx.audit(&self.actor, Change::new("auth.recovery_codes_renewed", "user", user.id)
                .after(json!({"recovery_codes": RECOVERY_CODES}))).await?;
        });
        Ok(shown)
    }

    /// Turns the second factor off, after a code proves the authenticator (or a recovery code)
    /// is at hand. A role that must have one is asked to set it up again at once.
    pub async fn disable_second_factor(
        &self,
        user: &User,
        typed: &str,
        ip: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
    ) -> Result<(), LoginError> {
        self.prove_factor(user, typed, ip, now, cfg, CHECK).await?;
        in_write_tx!(self, tx => {
            forget_factor!(tx, user.id);
            tx.audit(&self.actor, Change::new("auth.second_factor_off", "user", user.id)).await?;
        });
        Ok(())
    }

    /// An administrator removes an account's second factor (a lost phone): its sessions end,
    /// and it sets one up again at its next sign-in if its role must have one.
    pub async fn reset_second_factor(&self, user: UserId) -> Result<(), StoreError> {
        let u = self.user(user).await?;
        in_write_tx!(self, tx => {
            forget_factor!(tx, user);
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("auth.second_factor_reset", "user", user)
                .before(json!({"username": u.username, "second_factor": u.second_factor}))
                .after(json!({"second_factor": false}))).await?;
        });
        Ok(())
    }

    /// The second step of signing in: `typed` (the authenticator's code or a recovery code) for
    /// the session waiting for it. On success that session is replaced by a full one (a new
    /// cookie value); wrong codes count against the account like wrong passwords and lock it.
    pub async fn pass_second_factor(
        &self,
        session: &str,
        typed: &str,
        ip: &str,
        user_agent: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
    ) -> Result<(User, String, String), LoginError> {
        let id = digest(session);
        let row: Option<(i64, DateTime<Utc>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT user_id, created_at FROM sessions WHERE id = $1 AND factor_pending").bind(&id).fetch_optional(p).await?);
        let wait = Duration::minutes(super::sessions::FACTOR_WAIT_MINUTES);
        let Some((uid, _)) = row.filter(|(_, at)| now - *at < wait) else {
            return Err(LoginError::FactorExpired);
        };
        let user = self.user(UserId(uid)).await?;
        let outcome = self
            .prove_factor(
                &user,
                typed,
                ip,
                now,
                cfg,
                ("auth.second_factor", "auth.second_factor_failed"),
            )
            .await;
        if matches!(outcome, Err(LoginError::Locked(_)) | Ok(())) {
            // Done with: passed, or the account locked and the sign-in must start again.
            crate::write_on_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(&id).execute(p).await?.rows_affected());
        }
        outcome?;
        let (token, csrf) = self
            .start_session(user.id, ip, user_agent, now, false)
            .await?;
        Ok((user, token, csrf))
    }

    /// Checks `typed` against the account's second factor, from its sign-in budget, and writes
    /// the attempt down (`step`: the audit actions of success and failure).
    async fn prove_factor(
        &self,
        user: &User,
        typed: &str,
        ip: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
        step: (&'static str, &'static str),
    ) -> Result<(), LoginError> {
        let budget = self.take_budget(&user.username, ip, now, cfg).await?;
        let method = match budget {
            Budget::RateLimited => return Err(LoginError::RateLimited),
            Budget::Check(_) if !user.disabled => self.use_code(user.id, typed, now).await?,
            _ => None,
        };
        let attempt = Attempt {
            username: &user.username,
            user: Some(user),
            ip,
            now,
            budget,
            ok: method.is_some(),
            step,
            detail: json!({"method": method}),
        };
        match self.settle(&attempt, cfg).await? {
            _ if method.is_some() => Ok(()),
            Some(until) => Err(LoginError::Locked(china_time(until))),
            None => Err(LoginError::WrongCode),
        }
    }

    /// Uses `typed` up if it is the authenticator's code for a step not used before, or an
    /// unused recovery code; says which it was. Parallel uses of one code: one wins.
    async fn use_code(
        &self,
        user: UserId,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<&'static str>, StoreError> {
        let row: Option<(String, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT secret, last_step FROM user_totp WHERE user_id = $1 AND enabled_at IS NOT NULL").bind(user.0).fetch_optional(p).await?);
        let Some((secret, last_step)) = row else {
            return Ok(None);
        };
        let used = match FactorCode::read(typed) {
            Some(FactorCode::Totp(code)) => {
                let last = u64::try_from(last_step).unwrap_or(0);
                match secret_of(&secret)?.check(&code, wall_clock(), last) {
                    Some(step) => {
                        crate::write_on_pool!(self, p => sqlx::query("UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND last_step < $1")
                            .bind(step as i64).bind(user.0).execute(p).await?.rows_affected())
                            == 1
                    }
                    None => false,
                }
                .then_some("totp")
            }
            Some(FactorCode::Recovery(code)) => {
                (crate::write_on_pool!(self, p => sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
                    .bind(now).bind(user.0).bind(digest(&code)).execute(p).await?.rows_affected())
                    == 1)
                    .then_some("recovery")
            }
            None => None,
        };
        Ok(used)
    }
}

/// The time codes are checked at: the real time, as the phone's authenticator keeps it, even
/// when the server's working day is simulated (`--today`, the demo, tests of the ledger).
fn wall_clock() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}
