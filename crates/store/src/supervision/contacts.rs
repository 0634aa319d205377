//! Contacts and channels (联系人与通知渠道): for each unit its liaisons and head, for each leader
//! in charge their own; each with an e-mail address and/or a group robot webhook (企业微信,
//! 钉钉, 飞书 or generic JSON). Reminders and notices go to the contacts of the right level.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::refusal::SetupRefusal;
use minsheng_domain::{LeaderId, UnitId};
use serde::Serialize;
use serde_json::json;

minsheng_domain::code_enum!(
    /// Whom a contact stands for.
    ContactLevel, "contact level" {
        /// The unit's liaison (联络员): first to be reminded.
        Liaison = "liaison",
        /// The unit's head (单位负责人): reminded on escalation.
        Head = "head",
        /// A leader in charge (分管领导) or their secretary.
        Leader = "leader",
    }
);

minsheng_domain::code_enum!(
    /// A group robot's message format.
    WebhookKind, "webhook kind" {
        /// 企业微信群机器人.
        Wecom = "wecom",
        /// 钉钉群机器人.
        Dingtalk = "dingtalk",
        /// 飞书群机器人.
        Feishu = "feishu",
        /// Any receiver that takes a plain JSON document.
        Generic = "generic",
    }
);

impl ContactLevel {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ContactLevel::Liaison => "联络员",
            ContactLevel::Head => "单位负责人",
            ContactLevel::Leader => "分管领导",
        }
    }
}

impl WebhookKind {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            WebhookKind::Wecom => "企业微信机器人",
            WebhookKind::Dingtalk => "钉钉机器人",
            WebhookKind::Feishu => "飞书机器人",
            WebhookKind::Generic => "通用 JSON Webhook",
        }
    }
}

/// A contact as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Contact {
    /// Identifier.
    pub id: i64,
    /// The unit, for liaisons and heads.
    pub unit_id: Option<i64>,
    /// The leader, for leaders.
    pub leader_id: Option<i64>,
    /// Unit or leader name.
    pub owner: String,
    /// Level code.
    pub level: String,
    /// Person's name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Mobile (for @-mentions in group robots).
    pub phone: Option<String>,
    /// Robot format code.
    pub webhook_kind: Option<String>,
    /// Robot address.
    pub webhook_url: Option<String>,
    /// DingTalk userid, for work notices (工作通知).
    pub dingtalk_user: Option<String>,
    /// WeCom UserID, for application messages (应用消息).
    pub wecom_user: Option<String>,
    /// Feishu user_id or open_id, for messages from the application's bot.
    pub feishu_user: Option<String>,
}

/// A person's user ids on the office platforms, for personal work notices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkIds {
    /// 钉钉 / 浙政钉 userid.
    pub dingtalk: Option<String>,
    /// 企业微信 UserID.
    pub wecom: Option<String>,
    /// 飞书 user_id, or open_id (`ou_…`).
    pub feishu: Option<String>,
}

impl WorkIds {
    /// The ids given, trimmed, each checked to be one plain id.
    fn checked(&self) -> Result<[Option<String>; 3], StoreError> {
        let one = |v: &Option<String>| -> Result<Option<String>, StoreError> {
            let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            crate::within(v, 64, minsheng_domain::refusal::Field::WorkUserId)?;
            if !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.@".contains(c))
            {
                return Err(SetupRefusal::WorkUserId.into());
            }
            Ok(Some(v.to_string()))
        };
        Ok([one(&self.dingtalk)?, one(&self.wecom)?, one(&self.feishu)?])
    }
}

/// A contact to add.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Unit (liaison, head).
    pub unit: Option<UnitId>,
    /// Leader.
    pub leader: Option<LeaderId>,
    /// Level.
    pub level: Option<ContactLevel>,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Mobile.
    pub phone: Option<String>,
    /// Robot.
    pub webhook: Option<(WebhookKind, String)>,
    /// User ids on the office platforms.
    pub work: WorkIds,
}

pub(crate) const CONTACT_SELECT: &str = "SELECT c.id, c.unit_id, c.leader_id, COALESCE(u.name, l.name, '') AS owner, c.level, c.name, c.email, c.phone, c.webhook_kind, c.webhook_url, c.dingtalk_user, c.wecom_user, c.feishu_user \
     FROM contacts c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN leaders l ON l.id = c.leader_id";

impl NewContact {
    fn check(&self) -> Result<ContactLevel, StoreError> {
        let bad = |r: SetupRefusal| Err(StoreError::from(r));
        let Some(level) = self.level else {
            return bad(SetupRefusal::ContactKindMissing);
        };
        match (level, self.unit, self.leader) {
            (ContactLevel::Leader, None, Some(_)) => {}
            (ContactLevel::Liaison | ContactLevel::Head, Some(_), None) => {}
            _ => {
                return bad(SetupRefusal::ContactBinding);
            }
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 50 {
            return bad(SetupRefusal::ContactName);
        }
        if let Some(e) = crate::trimmed(&self.email, 254)
            && !(e.contains('@') && !e.contains(char::is_whitespace) && e.len() <= 254)
        {
            return bad(SetupRefusal::EmailFormat);
        }
        if let Some((_, url)) = &self.webhook {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return bad(SetupRefusal::WebhookUrl);
            }
            crate::within(url, 1000, minsheng_domain::refusal::Field::WebhookUrl)?;
        }
        crate::within(
            self.phone.as_deref().unwrap_or_default(),
            20,
            minsheng_domain::refusal::Field::Phone,
        )?;
        let work = self.work.checked()?;
        if crate::trimmed(&self.email, 254).is_none()
            && self.webhook.is_none()
            && crate::trimmed(&self.phone, 20).is_none()
            && work.iter().all(Option::is_none)
        {
            return bad(SetupRefusal::NoChannel);
        }
        Ok(level)
    }
}

impl Store {
    /// Adds a contact.
    pub async fn add_contact(&self, c: &NewContact, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let level = c.check()?;
        let [dingtalk, wecom, feishu] = c.work.checked()?;
        let (kind, url) = match &c.webhook {
            Some((k, u)) => (Some(k.code()), Some(u.trim().to_string())),
            None => (None, None),
        };
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO contacts (unit_id, leader_id, level, name, email, phone, webhook_kind, webhook_url, created_at, dingtalk_user, wecom_user, feishu_user) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
                .bind(c.unit.map(|u| u.0)).bind(c.leader.map(|l| l.0)).bind(level.code()).bind(c.name.trim())
                .bind(crate::trimmed(&c.email, 254)).bind(crate::trimmed(&c.phone, 20)).bind(kind).bind(&url).bind(now)
                .bind(&dingtalk).bind(&wecom).bind(&feishu)
                .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("contact.add", "contact", id).after(json!({"unit": c.unit, "leader": c.leader, "level": level, "name": c.name.trim(), "email": crate::trimmed(&c.email, 254), "webhook": kind, "dingtalk": dingtalk, "wecom": wecom, "feishu": feishu}))).await?;
            id
        }))
    }

    /// Removes a contact.
    pub async fn delete_contact(&self, id: i64) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            let n = sqlx::query("DELETE FROM contacts WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("联系人 (contact)"));
            }
            tx.audit(&self.actor, Change::new("contact.delete", "contact", id)).await?;
        });
        Ok(())
    }

    /// Every contact, by unit then leader.
    pub async fn contacts(&self) -> Result<Vec<Contact>, StoreError> {
        let sql = format!("{CONTACT_SELECT} ORDER BY c.unit_id IS NULL, owner, c.level, c.id");
        Ok(on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?))
    }
}
