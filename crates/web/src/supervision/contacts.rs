//! Contacts and channels (联系人与通知渠道) per unit and leader, and the jobs queue with retry
//! for deliveries that failed.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::ids::parse_id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::{ContactId, JobId};
use minsheng_domain::{LeaderId, UnitId};
use minsheng_store::{Contact, ContactLevel, Job, NewContact, WebhookKind};

#[derive(Template, WebTemplate)]
#[template(path = "contacts.html")]
pub struct ContactsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    contacts: Vec<Contact>,
    units: Vec<(i64, String)>,
    leaders: Vec<(i64, String)>,
    levels: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl ContactsPage {
    fn level_label(&self, code: &str) -> &'static str {
        code.parse::<ContactLevel>()
            .map(|l| l.label_zh())
            .unwrap_or("")
    }
    fn kind_label(&self, code: &str) -> &'static str {
        code.parse::<WebhookKind>()
            .map(|l| l.label_zh())
            .unwrap_or("")
    }
}

/// GET /admin/contacts.
pub async fn page(State(s): State<AppState>, lang: Lang, me: Me) -> Result<ContactsPage, AppError> {
    Ok(ContactsPage {
        t: lang.tr(),
        lang,
        me,
        contacts: s.store.contacts().await?,
        units: s
            .store
            .units(None)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name))
            .collect(),
        leaders: s
            .store
            .leaders()
            .await?
            .into_iter()
            .map(|l| (l.id.0, l.name))
            .collect(),
        levels: ContactLevel::ALL
            .iter()
            .map(|l| (l.code(), l.label_zh()))
            .collect(),
        kinds: WebhookKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
    })
}

fn opt(f: &Fields, name: &str) -> Option<String> {
    Some(field(f, name).trim().to_string()).filter(|v| !v.is_empty())
}

/// POST /admin/contacts.
pub async fn add(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let level: Option<ContactLevel> = field(&f, "level").parse().ok();
    let (unit, leader) = match level {
        Some(ContactLevel::Leader) => (
            None,
            opt(&f, "leader")
                .as_deref()
                .map(parse_id::<LeaderId>)
                .transpose()?,
        ),
        _ => (
            opt(&f, "unit")
                .as_deref()
                .map(parse_id::<UnitId>)
                .transpose()?,
            None,
        ),
    };
    let webhook = match (
        field(&f, "webhook_kind").parse::<WebhookKind>(),
        opt(&f, "webhook_url"),
    ) {
        (Ok(k), Some(u)) => Some((k, u)),
        (Err(_), Some(_)) => {
            return Err(AppError::BadRequest(Words::new(
                "请选择机器人类型。",
                "Choose the robot's kind.",
            )));
        }
        _ => None,
    };
    let c = NewContact {
        unit,
        leader,
        level,
        name: field(&f, "name").to_string(),
        email: opt(&f, "email"),
        phone: opt(&f, "phone"),
        webhook,
        work: minsheng_store::WorkIds {
            dingtalk: opt(&f, "dingtalk_user"),
            wecom: opt(&f, "wecom_user"),
            feishu: opt(&f, "feishu_user"),
        },
    };
    me.store(&s).add_contact(&c, s.clock.now().at).await?;
    Ok(Redirect::to("/admin/contacts"))
}

/// POST /admin/contacts/{id}/delete.
pub async fn delete(
    State(s): State<AppState>,
    me: Me,
    Id(ContactId(id)): Id<ContactId>,
) -> Result<Redirect, AppError> {
    me.store(&s).delete_contact(id).await?;
    Ok(Redirect::to("/admin/contacts"))
}

#[derive(Template, WebTemplate)]
#[template(path = "jobs.html")]
pub struct JobsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    failed: Vec<Job>,
    recent: Vec<Job>,
    /// The latest deliveries tried: which channel reached whom, which failed and why.
    deliveries: Vec<minsheng_store::DeliveryRow>,
}

impl JobsPage {
    /// An instant in China time.
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }

    /// A channel's name.
    fn channel(&self, code: &str) -> &'static str {
        crate::view::channel_label(code, self.lang)
    }

    /// What a job is about, in words: a message's subject, a reminder's step and period.
    fn subject(&self, kind: &str, payload: &str) -> String {
        let v: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
        match kind {
            "deliver" => v["subject"].as_str().unwrap_or("—").to_string(),
            "remind" => {
                let step = v["step"]
                    .as_str()
                    .and_then(|c| c.parse::<minsheng_domain::supervision::ReminderStep>().ok())
                    .map(|s| s.label_zh())
                    .unwrap_or("催报");
                let period = v["period_start"].as_str().unwrap_or("");
                match self.lang {
                    Lang::En => format!("reminder ({step}) for the period from {period}"),
                    _ => format!("{step}：{period} 起的一期"),
                }
            }
            _ => "—".into(),
        }
    }

    /// What a job does, in words.
    fn kind(&self, code: &str) -> &'static str {
        match code {
            "deliver" => self.lang.pick("发送消息", "send a message"),
            "remind" => self.lang.pick("催报", "reminder"),
            _ => self.lang.pick("其他任务", "other"),
        }
    }

    /// Where a job stands, in words.
    fn state(&self, code: &str) -> &'static str {
        match code {
            "queued" => self.lang.pick("排队中", "queued"),
            "running" => self.lang.pick("执行中", "running"),
            "done" => self.lang.pick("已完成", "done"),
            "failed" => self.lang.pick("已失败", "failed"),
            _ => self.lang.pick("未知", "unknown"),
        }
    }
}

/// GET /admin/jobs.
pub async fn jobs(State(s): State<AppState>, lang: Lang, me: Me) -> Result<JobsPage, AppError> {
    Ok(JobsPage {
        t: lang.tr(),
        lang,
        me,
        failed: s.store.jobs(Some("failed"), 200).await?,
        recent: s.store.jobs(None, 100).await?,
        deliveries: s.store.delivery_report(200).await?,
    })
}

/// POST /admin/jobs/{id}/retry.
pub async fn retry(
    State(s): State<AppState>,
    Id(JobId(id)): Id<JobId>,
) -> Result<Redirect, AppError> {
    s.store.retry_job(id, s.clock.now().at).await?;
    Ok(Redirect::to("/admin/jobs"))
}
