//! Signing in: rate limiting per client address, lockout after repeated failures, password
//! check, and a new session. Every attempt is recorded; outcomes go to the audit log.

use super::password;
use crate::audit::{Change, audit};
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::access::{LockoutPolicy, SessionPolicy};
use serde_json::json;

/// The sign-in settings (configurable; defaults follow the security document).
#[derive(Debug, Clone, Copy)]
pub struct AuthConfig {
    /// Session timeouts.
    pub session: SessionPolicy,
    /// Lockout after failures.
    pub lockout: LockoutPolicy,
    /// Sign-in attempts allowed per client address per minute.
    pub attempts_per_minute: i64,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            session: SessionPolicy::default(),
            lockout: LockoutPolicy::default(),
            attempts_per_minute: 20,
        }
    }
}

/// Why a sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown user, wrong password or disabled account: deliberately the same message.
    #[error("用户名或口令错误 (wrong user name or password)")]
    Wrong,
    /// Too many failures.
    #[error(
        "失败次数过多，账号已锁定至 {0}，请稍后再试或联系管理员 (account locked after repeated failures)"
    )]
    Locked(String),
    /// Too many attempts from this address.
    #[error("登录尝试过于频繁，请一分钟后再试 (too many attempts; wait a minute)")]
    RateLimited,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LoginError {
    fn from(e: sqlx::Error) -> Self {
        LoginError::Store(e.into())
    }
}

fn china_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

impl Store {
    /// Signs `username` in from `ip`; on success returns the user, the session cookie value and
    /// its CSRF token.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
        user_agent: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
    ) -> Result<(super::User, String, String), LoginError> {
        let username = username.trim();
        let since = now - Duration::minutes(1);
        let recent: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2").bind(ip).bind(since).fetch_one(p).await?);
        if recent >= cfg.attempts_per_minute {
            return Err(LoginError::RateLimited);
        }
        let user = self.user_by_name(username).await?;
        let stored: Option<String> = match &user {
            Some(u) => {
                on_pool!(self, p => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(u.id.0).fetch_optional(p).await?)
            }
            None => None,
        };
        let locked = user
            .as_ref()
            .and_then(|u| u.locked_until)
            .filter(|t| *t > now);
        // Verify even for unknown users so timing does not tell which names exist.
        let matches = password::verify(password, stored.as_deref().unwrap_or(DUMMY_HASH)).await
            && stored.is_some();
        let ok = matches && locked.is_none() && user.as_ref().is_some_and(|u| !u.disabled);
        let actor = self.acting(crate::Actor {
            user: user.as_ref().map(|u| u.id),
            name: username.chars().take(64).collect(),
            role: user
                .as_ref()
                .map(|u| u.role.code().to_string())
                .unwrap_or_default(),
            ip: ip.to_string(),
        });
        // The lock this attempt ends in: one already running, or one this failure starts.
        let lock: Option<DateTime<Utc>> = in_write_tx!(actor, tx => {
            sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(now - Duration::hours(1)).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO login_attempts (ip, username, ok, at) VALUES ($1, $2, $3, $4)")
                .bind(ip).bind(&actor.actor.name).bind(ok).bind(now).execute(&mut *tx).await?;
            let uid = user.as_ref().map(|u| u.id.0);
            if ok {
                sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2").bind(now).bind(uid).execute(&mut *tx).await?;
                audit!(actor, tx, Change::new("auth.login", "user", uid.unwrap_or(0)));
                None
            } else if let (Some(u), None) = (&user, locked) {
                let failures = u.failed_logins + 1;
                let until = cfg.lockout.lock_after(failures as u32, now);
                sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3").bind(failures).bind(until).bind(u.id.0).execute(&mut *tx).await?;
                audit!(actor, tx, Change::new(if until.is_some() { "auth.locked" } else { "auth.login_failed" }, "user", u.id)
                    .after(json!({"failed_logins": failures, "locked_until": until})));
                until
            } else {
                audit!(actor, tx, Change::new("auth.login_failed", "user", uid.map(|u| u.to_string()).unwrap_or_else(|| "-".into()))
                    .after(json!({"reason": if locked.is_some() { "locked" } else { "unknown user" }})));
                locked
            }
        });
        match (user.filter(|_| ok), lock) {
            (Some(u), _) => {
                let (token, csrf) = self.start_session(u.id, ip, user_agent, now).await?;
                Ok((self.user(u.id).await?, token, csrf))
            }
            (None, Some(until)) => Err(LoginError::Locked(china_time(until))),
            (None, None) => Err(LoginError::Wrong),
        }
    }
}

/// A valid argon2id hash of a random string, checked against when the user name is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$rybKzI5uMCupacABQa1AzQ$IT1s6U+4Xz1F32H6nGBD2neQLx/94hdXNCJhyxdT6u8";
