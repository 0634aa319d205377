//! Signing in: an attempt budget per client address and per user name, taken atomically in
//! the database before the password is checked (parallel guesses cannot outrun it, and unknown
//! names lock like known ones), the password check, and a new session. Every attempt is
//! recorded; outcomes go to the audit log.

use super::password;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::access::{LockoutPolicy, SecondFactorPolicy, SessionPolicy};
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
    /// The roles that must sign in with a second factor.
    pub second_factor: SecondFactorPolicy,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            session: SessionPolicy::default(),
            lockout: LockoutPolicy::default(),
            attempts_per_minute: 20,
            second_factor: SecondFactorPolicy::default(),
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
    /// The second factor was wrong or used already.
    #[error(
        "验证码不正确或已用过：请输入验证器应用当前显示的 6 位数字或一个未用过的恢复码 (wrong or used code)"
    )]
    WrongCode,
    /// The second step of signing in waited too long, or there is none.
    #[error("验证已超时，请重新输入用户名和口令 (the sign-in timed out; start again)")]
    FactorExpired,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LoginError {
    fn from(e: sqlx::Error) -> Self {
        LoginError::Store(e.into())
    }
}

pub(super) fn china_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The budget key of a user name as typed: known and unknown names alike, case folded.
pub(crate) fn user_key(username: &str) -> String {
    format!("user:{}", username.trim().to_lowercase())
}

/// What taking from the budgets allowed.
#[derive(Clone, Copy)]
pub(super) enum Budget {
    /// Check the password; this is the `n`th failure in a row if it is wrong.
    Check(u32),
    /// Too many attempts from the address this minute.
    RateLimited,
    /// The name is locked until then.
    Locked(DateTime<Utc>),
}

impl Store {
    /// Takes one attempt from the address's budget and charges one failure to the name's,
    /// atomically, before any password is checked: parallel guesses each see the count the
    /// others left, so no more than the budget is ever evaluated.
    pub(super) async fn take_budget(
        &self,
        username: &str,
        ip: &str,
        now: DateTime<Utc>,
        cfg: &AuthConfig,
    ) -> Result<Budget, LoginError> {
        let ip_key = format!("ip:{ip}");
        let user_key = user_key(username);
        let window_from = now - Duration::minutes(1);
        let lock_for = cfg.lockout.lock_for;
        let max = i64::from(cfg.lockout.max_failures);
        let budget = in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM login_budget WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)")
                .bind(now - Duration::hours(1)).bind(now).execute(&mut *tx).await?;
            let attempts: i32 = sqlx::query_scalar(
                "INSERT INTO login_budget (key, window_start, attempts, failures, locked_until) VALUES ($1, $2, 1, 0, NULL) \
                 ON CONFLICT (key) DO UPDATE SET \
                 attempts = CASE WHEN login_budget.window_start <= $3 THEN 1 ELSE login_budget.attempts + 1 END, \
                 window_start = CASE WHEN login_budget.window_start <= $3 THEN $2 ELSE login_budget.window_start END \
                 RETURNING attempts")
                .bind(&ip_key).bind(now).bind(window_from).fetch_one(&mut *tx).await?;
            if i64::from(attempts) > cfg.attempts_per_minute {
                Budget::RateLimited
            } else {
                // A lock that has run out starts the count again.
                let (failures, locked): (i32, Option<DateTime<Utc>>) = sqlx::query_as(
                    "INSERT INTO login_budget (key, window_start, attempts, failures, locked_until) VALUES ($1, $2, 0, 1, NULL) \
                     ON CONFLICT (key) DO UPDATE SET \
                     failures = CASE WHEN login_budget.locked_until IS NOT NULL AND login_budget.locked_until <= $2 THEN 1 ELSE login_budget.failures + 1 END, \
                     locked_until = CASE WHEN login_budget.locked_until IS NOT NULL AND login_budget.locked_until <= $2 THEN NULL ELSE login_budget.locked_until END, \
                     window_start = $2 \
                     RETURNING failures, locked_until")
                    .bind(&user_key).bind(now).fetch_one(&mut *tx).await?;
                match locked {
                    Some(until) => Budget::Locked(until),
                    // Past the budget while the attempt that locks is still being checked.
                    None if i64::from(failures) > max => {
                        let until = now + lock_for;
                        sqlx::query("UPDATE login_budget SET locked_until = $1 WHERE key = $2 AND locked_until IS NULL")
                            .bind(until).bind(&user_key).execute(&mut *tx).await?;
                        Budget::Locked(until)
                    }
                    None => Budget::Check(u32::try_from(failures).unwrap_or(u32::MAX)),
                }
            }
        });
        Ok(budget)
    }

    /// Signs `username` in from `ip`; on success returns the user, the session cookie value and
    /// its CSRF token. Unknown, disabled and locked names get the same answers as known ones:
    /// a wrong password, then after the budget of failures a lock. For an account with a second
    /// factor (`User::second_factor`) the session waits for it ([`Store::pass_second_factor`]).
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
        let budget = self.take_budget(username, ip, now, cfg).await?;
        if matches!(budget, Budget::RateLimited) {
            return Err(LoginError::RateLimited);
        }
        let user = self.user_by_name(username).await?;
        let ok = match budget {
            Budget::Check(_) => {
                let stored: Option<String> = match &user {
                    Some(u) => {
                        on_pool!(self, p => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(u.id.0).fetch_optional(p).await?)
                    }
                    None => None,
                };
                // Verify even for unknown users so timing does not tell which names exist.
                let matches =
                    password::verify(password, stored.as_deref().unwrap_or(DUMMY_HASH)).await;
                matches && stored.is_some() && user.as_ref().is_some_and(|u| !u.disabled)
            }
            _ => false,
        };
        let pending = user.as_ref().is_some_and(|u| u.second_factor);
        let attempt = Attempt {
            username,
            user: user.as_ref(),
            ip,
            now,
            budget,
            ok,
            step: ("auth.login", "auth.login_failed"),
            detail: json!({"second_factor": if pending { "pending" } else { "none" }}),
        };
        let lock = self.settle(&attempt, cfg).await?;
        match (user.filter(|_| ok), lock) {
            (Some(u), _) => {
                let (token, csrf) = self
                    .start_session(u.id, ip, user_agent, now, u.second_factor)
                    .await?;
                Ok((self.user(u.id).await?, token, csrf))
            }
            (None, Some(until)) => Err(LoginError::Locked(china_time(until))),
            (None, None) => Err(LoginError::Wrong),
        }
    }

    /// Writes down how an attempt ended, in one transaction: the attempt, and on success the
    /// name's failures forgotten; on failure the count and any lock this failure starts. Returns
    /// the lock the attempt ends in.
    pub(super) async fn settle(
        &self,
        a: &Attempt<'_>,
        cfg: &AuthConfig,
    ) -> Result<Option<DateTime<Utc>>, LoginError> {
        let actor = self.acting(crate::Actor {
            user: a.user.map(|u| u.id),
            name: a.username.chars().take(64).collect(),
            role: a
                .user
                .map(|u| u.role.code().to_string())
                .unwrap_or_default(),
            ip: a.ip.to_string(),
            region: None,
        });
        let key = user_key(a.username);
        let (now, ok) = (a.now, a.ok);
        let (step, failed) = a.step;
        let lock: Option<DateTime<Utc>> = in_write_tx!(actor, tx => {
            sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(now - Duration::hours(1)).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO login_attempts (ip, username, ok, at) VALUES ($1, $2, $3, $4)")
                .bind(a.ip).bind(&actor.actor.name).bind(ok).bind(now).execute(&mut *tx).await?;
            let uid = a.user.map(|u| u.id.0);
            let target = uid.map(|u| u.to_string()).unwrap_or_else(|| "-".into());
            match a.budget {
                Budget::Check(_) if ok => {
                    sqlx::query("UPDATE login_budget SET failures = 0, locked_until = NULL WHERE key = $1").bind(&key).execute(&mut *tx).await?;
                    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2").bind(now).bind(uid).execute(&mut *tx).await?;
                    tx.audit(&actor.actor, Change::new(step, "user", target).after(a.detail.clone())).await?;
                    None
                }
                Budget::Check(failures) => {
                    let until = cfg.lockout.lock_after(failures, now);
                    if until.is_some() {
                        sqlx::query("UPDATE login_budget SET locked_until = $1 WHERE key = $2 AND locked_until IS NULL").bind(until).bind(&key).execute(&mut *tx).await?;
                    }
                    if let Some(u) = a.user {
                        // Parallel attempts finish in any order: the count only grows, a lock stays.
                        sqlx::query("UPDATE users SET failed_logins = CASE WHEN failed_logins < $1 THEN $1 ELSE failed_logins END, locked_until = COALESCE($2, locked_until) WHERE id = $3")
                            .bind(failures as i32).bind(until).bind(u.id.0).execute(&mut *tx).await?;
                    }
                    let action = if until.is_some() { "auth.locked" } else { failed };
                    tx.audit(&actor.actor, Change::new(action, "user", target)
                        .after(json!({"failed_logins": failures, "locked_until": until, "known": a.user.is_some(), "step": step}))).await?;
                    until
                }
                Budget::Locked(until) => {
                    tx.audit(&actor.actor, Change::new(failed, "user", target)
                        .after(json!({"reason": "locked"}))).await?;
                    Some(until)
                }
                Budget::RateLimited => None,
            }
        });
        Ok(lock)
    }
}

/// One sign-in attempt, password or second factor, as [`Store::settle`] writes it down.
pub(super) struct Attempt<'a> {
    pub(super) username: &'a str,
    pub(super) user: Option<&'a super::User>,
    pub(super) ip: &'a str,
    pub(super) now: DateTime<Utc>,
    pub(super) budget: Budget,
    pub(super) ok: bool,
    /// The audit actions of success and of failure.
    pub(super) step: (&'static str, &'static str),
    /// What the success records.
    pub(super) detail: serde_json::Value,
}

/// A valid argon2id hash of a random string, checked against when the user name is unknown.
pub(super) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$rybKzI5uMCupacABQa1AzQ$IT1s6U+4Xz1F32H6nGBD2neQLx/94hdXNCJhyxdT6u8";
