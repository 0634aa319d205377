//! Mobile numbers verified by SMS for a rating campaign that asks for them: a six-digit code
//! per request, limited per number and per network, kept as a hash with the ticket the
//! person's browser holds, tried at most [`CODE_TRIES`] times within [`CODE_MINUTES`]; a right
//! code gives a pass for the campaign, so one number rates each item once however many
//! browsers or networks it comes from. Numbers are only ever keyed hashes (`PhoneKey`).

use crate::accounts::password::digest;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};

/// A code works this many minutes.
pub const CODE_MINUTES: i64 = 10;
/// Wrong tries before a code is void.
pub const CODE_TRIES: i32 = 5;
/// Codes to one number: one a minute…
pub const CODE_GAP_SECONDS: i64 = 60;
/// …and this many an hour (what the SMS platforms allow a verification template by default).
pub const CODES_PER_NUMBER_HOUR: i64 = 5;
/// Codes requested from one network an hour (numbers, not people: an office behind one router
/// verifies a few colleagues, not a crowd).
pub const CODES_PER_NETWORK_HOUR: i64 = 20;
/// A pass lasts this many hours.
pub const PASS_HOURS: i64 = 12;

/// A code sent and waiting: what the rating form shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCode {
    /// The campaign.
    pub campaign: i64,
    /// The number's last four digits, to show it back.
    pub tail: String,
    /// Until when the code works.
    pub expires_at: DateTime<Utc>,
}

/// A verified number in a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct PhonePass {
    /// The number as stored (keyed hash).
    pub phone: String,
    /// Its last four digits.
    pub tail: String,
}

fn six_digits() -> String {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).expect("the OS random source");
    format!("{:06}", u32::from_le_bytes(b) % 1_000_000)
}

fn code_hash(ticket: &str, code: &str) -> String {
    digest(&format!("{ticket}:{code}"))
}

impl Store {
    /// A new code for `phone` (keyed hash; `tail` its last four digits) in a campaign that
    /// asks for verified numbers, from `origin` (a hashed network): returns the code to send
    /// and the ticket the browser keeps. Refused when the campaign is not open or does not
    /// ask, or a number or network asks too often.
    pub async fn issue_phone_code(
        &self,
        campaign: i64,
        phone: &str,
        tail: &str,
        origin: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, String), StoreError> {
        let c = self.campaign(campaign).await?;
        c.must_be_open(now)?;
        if !c.verify_phone {
            return Err(StoreError::NotFound(
                "需验证手机号的测评 (campaign asking for a number)",
            ));
        }
        let code = six_digits();
        let ticket = crate::accounts::random_token();
        let hour = now - Duration::hours(1);
        in_write_tx!(self, tx => {
            // Serialises the counting on either database, as ratings do.
            sqlx::query("UPDATE rating_campaigns SET id = id WHERE id = $1").bind(campaign).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM phone_codes WHERE expires_at < $1").bind(now - Duration::days(1)).execute(&mut *tx).await?;
            let last: Option<DateTime<Utc>> = sqlx::query_scalar("SELECT MAX(sent_at) FROM phone_codes WHERE phone = $1")
                .bind(phone).fetch_one(&mut *tx).await?;
            if let Some(wait) = last.map(|t| CODE_GAP_SECONDS - (now - t).num_seconds()).filter(|w| *w > 0) {
                return Err(StoreError::TooMany(format!(
                    "验证码已发送，请 {wait} 秒后再重新获取 (a code was just sent; try again in {wait} s)"
                )));
            }
            let to_number: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM phone_codes WHERE phone = $1 AND sent_at > $2")
                .bind(phone).bind(hour).fetch_one(&mut *tx).await?;
            let from_network: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM phone_codes WHERE origin = $1 AND sent_at > $2")
                .bind(origin).bind(hour).fetch_one(&mut *tx).await?;
            if to_number >= CODES_PER_NUMBER_HOUR || from_network >= CODES_PER_NETWORK_HOUR {
                return Err(StoreError::TooMany(
                    "获取验证码过于频繁，请一小时后再试 (too many codes requested; try again in an hour)".into(),
                ));
            }
            sqlx::query("INSERT INTO phone_codes (ticket, campaign_id, phone, tail, code_hash, origin, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(digest(&ticket)).bind(campaign).bind(phone).bind(tail).bind(code_hash(&ticket, &code)).bind(origin)
                .bind(now).bind(now + Duration::minutes(CODE_MINUTES)).execute(&mut *tx).await?;
            // The audit keeps that a code was sent, not to whom.
            tx.audit(&self.actor, Change::new("rating.code_sent", "rating_campaign", campaign)).await?;
        });
        Ok((code, ticket))
    }

    /// Takes back a code the SMS platform did not accept, so it counts against no limit.
    pub async fn withdraw_phone_code(&self, ticket: &str) -> Result<(), StoreError> {
        crate::write_on_pool!(self, p => sqlx::query("DELETE FROM phone_codes WHERE ticket = $1 AND used_at IS NULL")
            .bind(digest(ticket)).execute(p).await?.rows_affected());
        Ok(())
    }

    /// The code waiting behind a ticket, if it still works.
    pub async fn pending_code(
        &self,
        ticket: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingCode>, StoreError> {
        let row: Option<(i64, String, DateTime<Utc>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT campaign_id, tail, expires_at FROM phone_codes WHERE ticket = $1 AND used_at IS NULL AND attempts < $2 AND expires_at > $3")
            .bind(digest(ticket)).bind(CODE_TRIES).bind(now).fetch_optional(p).await?);
        Ok(row.map(|(campaign, tail, expires_at)| PendingCode {
            campaign,
            tail,
            expires_at,
        }))
    }

    /// Checks `typed` against the ticket's code: right, the code is used up and a pass for the
    /// campaign is returned (the browser keeps it); wrong, one of its tries is gone.
    pub async fn confirm_phone_code(
        &self,
        ticket: &str,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let typed: String = typed.chars().filter(char::is_ascii_digit).collect();
        let pass = crate::accounts::random_token();
        let key = digest(ticket);
        let outcome: Result<(), StoreError> = in_write_tx!(self, tx => {
            let row: Option<(i64, String, String, String, i32, DateTime<Utc>)> = sqlx::query_as(
                "SELECT campaign_id, phone, tail, code_hash, attempts, expires_at FROM phone_codes WHERE ticket = $1 AND used_at IS NULL")
                .bind(&key).fetch_optional(&mut *tx).await?;
            match row {
                Some((campaign, phone, tail, hash, attempts, expires)) if attempts < CODE_TRIES && expires > now => {
                    if code_hash(ticket, &typed) == hash {
                        sqlx::query("UPDATE phone_codes SET used_at = $1 WHERE ticket = $2").bind(now).bind(&key).execute(&mut *tx).await?;
                        sqlx::query("INSERT INTO phone_passes (pass, campaign_id, phone, tail, expires_at) VALUES ($1, $2, $3, $4, $5)")
                            .bind(digest(&pass)).bind(campaign).bind(&phone).bind(&tail).bind(now + Duration::hours(PASS_HOURS)).execute(&mut *tx).await?;
                        tx.audit(&self.actor, Change::new("rating.phone_verified", "rating_campaign", campaign)).await?;
                        Ok(())
                    } else {
                        sqlx::query("UPDATE phone_codes SET attempts = attempts + 1 WHERE ticket = $1").bind(&key).execute(&mut *tx).await?;
                        let left = CODE_TRIES - attempts - 1;
                        Err(StoreError::TooMany(if left > 0 {
                            format!("验证码不正确，还可再试 {left} 次 (wrong code; {left} tries left)")
                        } else {
                            "验证码错误次数过多，已作废，请重新获取 (too many wrong tries: get a new code)".into()
                        }))
                    }
                }
                _ => Err(StoreError::TooMany(
                    "验证码已过期或已作废，请重新获取 (the code has expired: get a new one)".into(),
                )),
            }
        });
        outcome.map(|()| pass)
    }

    /// The verified number a pass stands for in `campaign`, while it lasts.
    pub async fn phone_pass(
        &self,
        pass: &str,
        campaign: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<PhonePass>, StoreError> {
        let row: Option<(String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT phone, tail FROM phone_passes WHERE pass = $1 AND campaign_id = $2 AND expires_at > $3")
            .bind(digest(pass)).bind(campaign).bind(now).fetch_optional(p).await?);
        Ok(row.map(|(phone, tail)| PhonePass { phone, tail }))
    }

    /// The citizen ratings of a campaign as bursts are looked for in them.
    pub async fn campaign_casts(
        &self,
        campaign: i64,
    ) -> Result<Vec<minsheng_domain::verify::Cast>, StoreError> {
        let rows: Vec<(i64, DateTime<Utc>, Option<String>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT item_id, created_at, origin FROM ratings WHERE campaign_id = $1 AND voter_kind = 'citizen'")
            .bind(campaign).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(item, at, origin)| minsheng_domain::verify::Cast {
                item,
                at,
                origin: origin.unwrap_or_default(),
            })
            .collect())
    }
}
