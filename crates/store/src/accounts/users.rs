//! Users: creating, listing, changing role and bindings, disabling, passwords.

use super::password;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::access::{Principal, UserRole, check_password};
use minsheng_domain::refusal::SetupRefusal;
use minsheng_domain::{ItemId, LeaderId, RegionId, UnitId, UserId};
use serde::Serialize;
use serde_json::json;

/// An account as the rest of the program sees it (never its password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// Identifier.
    pub id: UserId,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: UserRole,
    /// Units it acts for.
    pub units: Vec<UnitId>,
    /// Leader post held.
    pub leader: Option<LeaderId>,
    /// Items monitored (deputies).
    pub monitors: Vec<ItemId>,
    /// The region the account is confined to (with every region below); None: all.
    pub region: Option<RegionId>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Must change the password before anything else.
    pub must_change_password: bool,
    /// Cannot sign in.
    pub disabled: bool,
    /// Signs in with a second factor (an authenticator app).
    pub second_factor: bool,
    /// Failed sign-ins in a row.
    pub failed_logins: i32,
    /// Locked until.
    pub locked_until: Option<DateTime<Utc>>,
    /// Last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl User {
    /// The person as access sees them.
    pub fn principal(&self) -> Principal {
        Principal {
            user: self.id,
            role: self.role,
            units: self.units.clone(),
            leader: self.leader,
            monitors: self.monitors.clone(),
            region: self.region,
        }
    }

    fn audit_view(&self) -> serde_json::Value {
        json!({"username": self.username, "display_name": self.display_name, "role": self.role, "units": self.units,
               "leader": self.leader, "monitors": self.monitors, "region": self.region, "phone": self.phone, "email": self.email, "disabled": self.disabled})
    }
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: UserRole,
    /// Initial password (checked against the policy).
    pub password: String,
    /// Whether the first sign-in must change it (true for passwords an administrator set).
    pub must_change_password: bool,
    /// Units, for unit roles.
    pub units: Vec<UnitId>,
    /// Leader post, for leaders.
    pub leader: Option<LeaderId>,
    /// Monitored items, for deputies.
    pub monitors: Vec<ItemId>,
    /// The region the account is confined to; None: the whole installation.
    pub region: Option<RegionId>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// A change to an account's profile, role and bindings.
#[derive(Debug, Clone)]
pub struct UserUpdate {
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: UserRole,
    /// Units.
    pub units: Vec<UnitId>,
    /// Leader post.
    pub leader: Option<LeaderId>,
    /// Monitored items.
    pub monitors: Vec<ItemId>,
    /// The region the account is confined to; None: the whole installation.
    pub region: Option<RegionId>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Disabled.
    pub disabled: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    leader_id: Option<i64>,
    region_id: Option<i64>,
    phone: Option<String>,
    email: Option<String>,
    must_change_password: bool,
    disabled: bool,
    second_factor: bool,
    failed_logins: i32,
    locked_until: Option<DateTime<Utc>>,
    last_login_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    /// The units it works for, as `1,2,3` (read with the row: one query per account).
    unit_ids: Option<String>,
    /// The items it monitors, the same way.
    item_ids: Option<String>,
}

/// An account's columns and its bindings; select them `FROM users` (not aliased).
pub(crate) const USER_COLS: &str = "id, username, display_name, role, leader_id, region_id, phone, email, must_change_password, disabled, failed_logins, locked_until, last_login_at, created_at, \
     EXISTS (SELECT 1 FROM user_totp WHERE user_id = users.id AND enabled_at IS NOT NULL) AS second_factor, \
     (SELECT string_agg(CAST(unit_id AS TEXT), ',') FROM user_units WHERE user_id = users.id) AS unit_ids, \
     (SELECT string_agg(CAST(item_id AS TEXT), ',') FROM user_items WHERE user_id = users.id) AS item_ids";

/// Ids joined by commas, sorted.
fn id_list(s: Option<&str>) -> Vec<i64> {
    let mut ids: Vec<i64> = s
        .unwrap_or_default()
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

fn check_username(name: &str) -> Result<(), StoreError> {
    let n = name.chars().count();
    let ok = (2..=32).contains(&n)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(SetupRefusal::UsernameRules {
            name: name.to_string(),
        }
        .into())
    }
}

/// Longest name shown for an account, and longest phone or e-mail kept.
const MAX_NAME: usize = 50;
const MAX_CONTACT: usize = 100;

/// An account's shown name and contacts: bounded like every other field.
fn check_profile(
    display_name: &str,
    phone: &Option<String>,
    email: &Option<String>,
) -> Result<(), StoreError> {
    if display_name.trim().chars().count() > MAX_NAME {
        return Err(SetupRefusal::DisplayNameLength { max: MAX_NAME }.into());
    }
    if [phone, email]
        .into_iter()
        .flatten()
        .any(|c| c.chars().count() > MAX_CONTACT)
    {
        return Err(SetupRefusal::ContactLength { max: MAX_CONTACT }.into());
    }
    Ok(())
}

fn check_bindings(
    role: UserRole,
    units: &[UnitId],
    region: Option<RegionId>,
) -> Result<(), StoreError> {
    if role.is_unit_role() && units.is_empty() {
        return Err(SetupRefusal::UnitAccountNeedsUnit.into());
    }
    if role == UserRole::Admin && region.is_some() {
        return Err(SetupRefusal::AdminHasNoRegion.into());
    }
    Ok(())
}

fn policy(username: &str, password: &str) -> Result<(), StoreError> {
    check_password(username, password).map_err(|p| SetupRefusal::Password(p).into())
}

impl Store {
    /// Creates an account. The password must meet the policy.
    pub async fn create_user(&self, u: &NewUser, now: DateTime<Utc>) -> Result<User, StoreError> {
        let username = u.username.trim();
        check_username(username)?;
        policy(username, &u.password)?;
        check_bindings(u.role, &u.units, u.region)?;
        check_profile(&u.display_name, &u.phone, &u.email)?;
        if self.user_by_name(username).await?.is_some() {
            return Err(SetupRefusal::UsernameTaken {
                name: username.to_string(),
            }
            .into());
        }
        let hash = password::hash(&u.password).await?;
        let display = if u.display_name.trim().is_empty() {
            username
        } else {
            u.display_name.trim()
        };
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, display_name, role, password_hash, must_change_password, leader_id, phone, email, created_at, password_changed_at, region_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
            )
            .bind(username).bind(display).bind(u.role.code()).bind(&hash).bind(u.must_change_password)
            .bind(u.leader.map(|l| l.0)).bind(&u.phone).bind(&u.email).bind(now).bind(u.region.map(|r| r.0))
            .fetch_one(&mut *tx).await?;
            for unit in &u.units {
                sqlx::query("INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id).bind(unit.0).execute(&mut *tx).await?;
            }
            for item in &u.monitors {
                sqlx::query("INSERT INTO user_items (user_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id).bind(item.0).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("user.create", "user", id).after(json!({
                "username": username, "display_name": display, "role": u.role, "units": u.units, "leader": u.leader, "monitors": u.monitors, "region": u.region,
                "must_change_password": u.must_change_password}))).await?;
            id
        });
        self.user(UserId(id)).await
    }

    /// Every account, by user name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users ORDER BY username"))).fetch_all(p).await?);
        Ok(rows.into_iter().map(user_from).collect())
    }

    /// One account.
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        let row: Option<UserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users WHERE id = $1"))).bind(id.0).fetch_optional(p).await?);
        row.map(user_from)
            .ok_or(StoreError::NotFound("用户 (user)"))
    }

    /// The display names of the accounts named, by user name (names that are no account are
    /// left out): what pages show instead of a login name.
    pub async fn display_names(
        &self,
        usernames: &[&str],
    ) -> Result<std::collections::HashMap<String, String>, StoreError> {
        let mut out = std::collections::HashMap::new();
        let mut wanted: Vec<&str> = usernames.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        for chunk in wanted.chunks(200) {
            let marks = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql =
                format!("SELECT username, display_name FROM users WHERE username IN ({marks})");
            let rows: Vec<(String, String)> = on_pool!(self, p => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for n in chunk {
                    q = q.bind(*n);
                }
                q.fetch_all(p).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }

    /// The account with this user name, if any.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users WHERE username = $1"))).bind(username.trim()).fetch_optional(p).await?);
        Ok(row.map(user_from))
    }

    /// Changes an account's profile, role and bindings. Disabling ends its sessions.
    pub async fn update_user(&self, id: UserId, u: &UserUpdate) -> Result<User, StoreError> {
        check_bindings(u.role, &u.units, u.region)?;
        check_profile(&u.display_name, &u.phone, &u.email)?;
        let before = self.user(id).await?;
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE users SET display_name = $1, role = $2, leader_id = $3, phone = $4, email = $5, disabled = $6, region_id = $7 WHERE id = $8")
                .bind(u.display_name.trim()).bind(u.role.code()).bind(u.leader.map(|l| l.0)).bind(&u.phone).bind(&u.email).bind(u.disabled).bind(u.region.map(|r| r.0)).bind(id.0)
                .execute(&mut *tx).await?;
            sqlx::query("DELETE FROM user_units WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            for unit in &u.units {
                sqlx::query("INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id.0).bind(unit.0).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM user_items WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            for item in &u.monitors {
                sqlx::query("INSERT INTO user_items (user_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id.0).bind(item.0).execute(&mut *tx).await?;
            }
            if u.disabled || u.role != before.role || u.region != before.region {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            }
            if u.disabled && !before.disabled {
                // Enabling the account again does not bring its tokens back.
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(chrono::Utc::now()).bind(id.0).execute(&mut *tx).await?;
            }
            let after = json!({"username": before.username, "display_name": u.display_name.trim(), "role": u.role, "units": u.units,
                "leader": u.leader, "monitors": u.monitors, "region": u.region, "phone": u.phone, "email": u.email, "disabled": u.disabled});
            tx.audit(&self.actor, Change::new("user.update", "user", id).before(before.audit_view()).after(after)).await?;
        });
        self.user(id).await
    }

    /// Sets a password. `by_owner`: the user changed it themself (clears the forced change);
    /// otherwise an administrator reset it and the user must change it at next sign-in. All of
    /// the account's sessions end either way, except `keep_session` (the one the owner is using).
    pub async fn set_password(
        &self,
        id: UserId,
        new_password: &str,
        by_owner: bool,
        keep_session: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let user = self.user(id).await?;
        policy(&user.username, new_password)?;
        let hash = password::hash(new_password).await?;
        let keep = keep_session.map(password::digest).unwrap_or_default();
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3, failed_logins = 0, locked_until = NULL WHERE id = $4")
                .bind(&hash).bind(!by_owner).bind(now).bind(id.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2").bind(id.0).bind(&keep).execute(&mut *tx).await?;
            if !by_owner {
                // A reset means the account may be in other hands: its tokens die with it,
                // and its sign-in lock is lifted.
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(now).bind(id.0).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM login_budget WHERE key = $1").bind(super::login::user_key(&user.username)).execute(&mut *tx).await?;
            }
            let action = if by_owner { "user.password_change" } else { "user.password_reset" };
            tx.audit(&self.actor, Change::new(action, "user", id).after(json!({"username": user.username, "must_change_password": !by_owner}))).await?;
        });
        Ok(())
    }

    /// Checks a user's current password (for changing it).
    pub async fn password_matches(&self, id: UserId, password: &str) -> Result<bool, StoreError> {
        let stored: String = on_pool!(self, p => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(id.0).fetch_one(p).await?);
        Ok(password::verify(password, &stored).await)
    }
}

pub(crate) fn user_from(r: UserRow) -> User {
    let units = id_list(r.unit_ids.as_deref());
    let monitors = id_list(r.item_ids.as_deref());
    User {
        id: UserId(r.id),
        role: r.role.parse().unwrap_or(UserRole::Viewer),
        username: r.username,
        display_name: r.display_name,
        units: units.into_iter().map(UnitId).collect(),
        leader: r.leader_id.map(LeaderId),
        monitors: monitors.into_iter().map(ItemId).collect(),
        region: r.region_id.map(RegionId),
        phone: r.phone,
        email: r.email,
        must_change_password: r.must_change_password,
        disabled: r.disabled,
        second_factor: r.second_factor,
        failed_logins: r.failed_logins,
        locked_until: r.locked_until,
        last_login_at: r.last_login_at,
        created_at: r.created_at,
    }
}
