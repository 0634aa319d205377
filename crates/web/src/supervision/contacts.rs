//! Contacts and channels (联系人与通知渠道) per unit and leader, and the jobs queue with retry
//! for deliveries that failed.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError, parse_id};
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use minsheng_domain::{LeaderId, UnitId};
use minsheng_store::{Contact, ContactLevel, Job, NewContact, WebhookKind};

type Fields = Vec<(String, String)>;

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
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
) -> Result<ContactsPage, PageError> {
    let e = |x: minsheng_store::StoreError| PageError(x.into(), lang);
    Ok(ContactsPage {
        t: lang.tr(),
        lang,
        me,
        contacts: s.store.contacts().await.map_err(e)?,
        units: s
            .store
            .units(None)
            .await
            .map_err(e)?
            .into_iter()
            .map(|u| (u.id.0, u.name))
            .collect(),
        leaders: s
            .store
            .leaders()
            .await
            .map_err(e)?
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
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let level: Option<ContactLevel> = field(&f, "level").parse().ok();
    let id = |name: &str, what| -> Result<Option<i64>, PageError> {
        opt(&f, name)
            .map(|v| parse_id(&v, what))
            .transpose()
            .map_err(err)
    };
    let (unit, leader) = match level {
        Some(ContactLevel::Leader) => (None, id("leader", "领导 leader")?.map(LeaderId)),
        _ => (id("unit", "单位 unit")?.map(UnitId), None),
    };
    let webhook = match (
        field(&f, "webhook_kind").parse::<WebhookKind>(),
        opt(&f, "webhook_url"),
    ) {
        (Ok(k), Some(u)) => Some((k, u)),
        (Err(_), Some(_)) => {
            return Err(err(AppError::BadRequest(
                "请选择机器人类型 (choose the robot's kind)".into(),
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
    };
    me.store(&s)
        .add_contact(&c, s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/admin/contacts"))
}

/// POST /admin/contacts/{id}/delete.
pub async fn delete(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = parse_id(&raw, "联系人 contact").map_err(err)?;
    me.store(&s)
        .delete_contact(id)
        .await
        .map_err(|e| err(e.into()))?;
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
}

/// GET /admin/jobs.
pub async fn jobs(State(s): State<AppState>, lang: Lang, me: Me) -> Result<JobsPage, PageError> {
    let e = |x: minsheng_store::StoreError| PageError(x.into(), lang);
    Ok(JobsPage {
        t: lang.tr(),
        lang,
        me,
        failed: s.store.jobs(Some("failed"), 200).await.map_err(e)?,
        recent: s.store.jobs(None, 100).await.map_err(e)?,
    })
}

/// POST /admin/jobs/{id}/retry.
pub async fn retry(
    State(s): State<AppState>,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = parse_id(&raw, "任务 job").map_err(err)?;
    s.store
        .retry_job(id, s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/admin/jobs"))
}
