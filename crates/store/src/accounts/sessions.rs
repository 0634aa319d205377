//! Sessions: a random id in an HttpOnly cookie, stored only as its SHA-256, with a CSRF token,
//! ended by sign-out, the idle timeout or the absolute lifetime.

use super::User;
use super::password::{digest, random_token};
use super::users::{USER_COLS, UserRow, user_from};
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::UserId;
use minsheng_domain::access::{SessionEnd, SessionPolicy};

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The account.
    pub user: User,
    /// The token forms and API calls must echo back (synchroniser token).
    pub csrf: String,
    /// Signed in at.
    pub created_at: DateTime<Utc>,
    /// The password was right but the second factor is still to come: the session opens
    /// nothing but the second step of signing in.
    pub factor_pending: bool,
    /// Unread notifications addressed to the account's units or leader post.
    pub unread: i64,
}

/// What a session cookie turned out to be.
#[derive(Debug, Clone)]
pub enum SessionCheck {
    /// Valid: the request runs as this user.
    Valid(Box<Session>),
    /// It was valid but has ended (and is now deleted).
    Ended(SessionEnd),
    /// Unknown, signed out, or the account is disabled.
    Unknown,
}

/// Writing `last_seen` on every request would turn reads into writes; a minute's slack on a
/// 30-minute timeout is harmless.
const TOUCH_EVERY: i64 = 60;

/// A session's row with its account's.
#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    s_csrf: String,
    s_created_at: DateTime<Utc>,
    s_last_seen: DateTime<Utc>,
    s_factor_pending: bool,
    s_unread: i64,
}

/// How long the second step of signing in waits for its code.
pub(crate) const FACTOR_WAIT_MINUTES: i64 = 5;

impl Store {
    /// Starts a session (`factor_pending`: waiting for the second factor); returns the cookie
    /// value and the CSRF token.
    pub(crate) async fn start_session(
        &self,
        user: UserId,
        ip: &str,
        user_agent: &str,
        now: DateTime<Utc>,
        factor_pending: bool,
    ) -> Result<(String, String), StoreError> {
        let token = random_token();
        let csrf = random_token();
        crate::write_on_pool!(self, p => sqlx::query("INSERT INTO sessions (id, user_id, csrf, created_at, last_seen, ip, user_agent, factor_pending) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)")
            .bind(digest(&token)).bind(user.0).bind(&csrf).bind(now).bind(ip).bind(user_agent.chars().take(200).collect::<String>()).bind(factor_pending)
            .execute(p).await?.rows_affected());
        Ok((token, csrf))
    }

    /// Looks a session cookie up at `now`, ending it if it has timed out.
    pub async fn session(
        &self,
        token: &str,
        now: DateTime<Utc>,
        policy: &SessionPolicy,
    ) -> Result<SessionCheck, StoreError> {
        let id = digest(token);
        // The session and its account in one query (every signed-in request asks this).
        let row: Option<SessionUserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT q.*, s.csrf AS s_csrf, s.created_at AS s_created_at, s.last_seen AS s_last_seen, s.factor_pending AS s_factor_pending, \
             (SELECT COUNT(*) FROM notifications n WHERE n.read_at IS NULL AND (n.unit_id IN (SELECT unit_id FROM user_units WHERE user_id = s.user_id) OR n.leader_id = q.leader_id)) AS s_unread \
             FROM sessions s JOIN (SELECT {USER_COLS} FROM users) q ON q.id = s.user_id WHERE s.id = $1"))).bind(&id).fetch_optional(p).await?);
        let Some(row) = row else {
            return Ok(SessionCheck::Unknown);
        };
        let (csrf, created_at, last_seen, factor_pending) = (
            row.s_csrf,
            row.s_created_at,
            row.s_last_seen,
            row.s_factor_pending,
        );
        let waited_too_long =
            factor_pending && now - created_at >= Duration::minutes(FACTOR_WAIT_MINUTES);
        let ended = policy
            .ended(created_at, last_seen, now)
            .or(waited_too_long.then_some(SessionEnd::Idle));
        if let Some(end) = ended {
            crate::write_on_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(&id).execute(p).await?.rows_affected());
            return Ok(SessionCheck::Ended(end));
        }
        let user = user_from(row.user);
        if user.disabled {
            return Ok(SessionCheck::Unknown);
        }
        if now - last_seen >= Duration::seconds(TOUCH_EVERY) {
            crate::write_on_pool!(self, p => sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id = $2").bind(now).bind(&id).execute(p).await?.rows_affected());
        }
        Ok(SessionCheck::Valid(Box::new(Session {
            user,
            csrf,
            created_at,
            factor_pending,
            unread: row.s_unread,
        })))
    }

    /// Signs out: the session is deleted.
    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        let id = digest(token);
        let user: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT user_id FROM sessions WHERE id = $1").bind(&id).fetch_optional(p).await?);
        if let Some(u) = user {
            crate::in_write_tx!(self, tx => {
                sqlx::query("DELETE FROM sessions WHERE id = $1").bind(&id).execute(&mut *tx).await?;
                tx.audit(&self.actor, crate::audit::Change::new("auth.logout", "user", u)).await?;
            });
        }
        Ok(())
    }
}
