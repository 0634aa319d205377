//! API tokens for integrations: scoped (read, or read and write), revocable, stored as SHA-256,
//! with the time each was last used.

use super::User;
use super::password::{digest, random_token};
use super::users::{USER_COLS, UserRow, user_from};
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::UserId;
use minsheng_domain::refusal::SetupRefusal;
use serde::Serialize;
use serde_json::json;

minsheng_domain::code_enum!(
    /// What a token may do.
    TokenScope, "token scope" {
        /// GET requests only.
        Read = "read",
        /// Everything the owner may do.
        Write = "write",
    }
);

/// A token as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    /// Identifier.
    pub id: i64,
    /// The owner.
    pub user_id: i64,
    /// What it is for.
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    /// Scope code.
    pub scope: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

const PREFIX: &str = "msk_";

impl Store {
    /// Creates a token for `user`; the secret is returned once and never stored.
    pub async fn create_token(
        &self,
        user: UserId,
        name: &str,
        scope: TokenScope,
        now: DateTime<Utc>,
    ) -> Result<(String, ApiToken), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SetupRefusal::TokenNameRequired.into());
        }
        let secret = format!("{PREFIX}{}", random_token());
        let prefix: String = secret.chars().take(12).collect();
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO api_tokens (user_id, name, prefix, token_hash, scope, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(user.0).bind(name).bind(&prefix).bind(digest(&secret)).bind(scope.code()).bind(now).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("token.create", "api_token", id).after(json!({"user": user, "name": name, "prefix": prefix, "scope": scope}))).await?;
            id
        });
        let t = self
            .tokens(user)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(StoreError::NotFound("令牌 (token)"))?;
        Ok((secret, t))
    }

    /// A user's tokens, newest first.
    pub async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_as("SELECT id, user_id, name, prefix, scope, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC")
            .bind(user.0).fetch_all(p).await?),
        )
    }

    /// Revokes one of `user`'s tokens.
    pub async fn revoke_token(
        &self,
        user: UserId,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now).bind(id).bind(user.0).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("令牌 (token)"));
            }
            tx.audit(&self.actor, Change::new("token.revoke", "api_token", id)).await?;
        });
        Ok(())
    }

    /// The user and scope a bearer token stands for, if it is live and its owner enabled.
    pub async fn token_user(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(User, TokenScope)>, StoreError> {
        if !secret.starts_with(PREFIX) {
            return Ok(None);
        }
        // The token with its account, in one query.
        let row: Option<TokenUserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLS}, tk.token_id, tk.token_scope, tk.token_last_used FROM users \
             JOIN (SELECT id AS token_id, user_id AS token_user, scope AS token_scope, last_used_at AS token_last_used \
                   FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL) tk ON tk.token_user = users.id")))
            .bind(digest(secret)).fetch_optional(p).await?);
        let Some(TokenUserRow {
            user,
            token_id: id,
            token_scope: scope,
            token_last_used: last,
        }) = row
        else {
            return Ok(None);
        };
        let user = user_from(user);
        // A token does not get round a disabled account or a password that must be changed.
        if user.disabled || user.must_change_password {
            return Ok(None);
        }
        if last.is_none_or(|l| now - l >= Duration::seconds(60)) {
            crate::write_on_pool!(self, p => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(id).execute(p).await?.rows_affected());
        }
        Ok(Some((user, scope.parse().unwrap_or(TokenScope::Read))))
    }
}

/// A token's row with its account's (`Store::token_user`).
#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_id: i64,
    token_scope: String,
    token_last_used: Option<DateTime<Utc>>,
}
