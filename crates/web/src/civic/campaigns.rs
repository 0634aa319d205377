//! Satisfaction campaigns for the office (满意度测评): starting one for a plan, reading its results as a 测评表 and applying them to year-end scoring.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use chrono::{NaiveDateTime, TimeZone};
use minsheng_domain::CampaignId;
use minsheng_domain::PlanId;
use minsheng_store::{Campaign, ItemResult};

#[derive(Template, WebTemplate)]
#[template(path = "campaigns.html")]
pub struct CampaignsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    campaigns: Vec<Campaign>,
    today: String,
}

/// GET /plans/{id}/campaigns.
pub async fn list(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<CampaignsPage, AppError> {
    let plan = s.store.plan(id).await?;
    Ok(CampaignsPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: plan.title,
        campaigns: s.store.campaigns(id).await?,
        today: s.clock.today().to_string(),
    })
}

pub(super) fn instant(raw: &str, what: &str) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let t = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
        })
        .map_err(|_| {
            AppError::BadRequest(Words::new(
                format!("{what}“{raw}”应为日期时间，如 2025-12-01T09:00。"),
                format!("{what}: a date and time."),
            ))
        })?;
    china
        .from_local_datetime(&t)
        .single()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| AppError::BadRequest(format!("{what}无效").into()))
}

/// POST /plans/{id}/campaigns: `title`, `opens`, `closes` (China time).
pub async fn create(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let opens = instant(field(&f, "opens"), "开始时间")?;
    let closes = instant(field(&f, "closes"), "结束时间")?;
    let c = me
        .store(&s)
        .create_campaign(id, field(&f, "title"), opens, closes, s.clock.now().at)
        .await?;
    Ok(Redirect::to(&format!("/campaigns/{c}")))
}

#[derive(Template, WebTemplate)]
#[template(path = "campaign.html")]
pub struct CampaignPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    c: Campaign,
    open: bool,
    results: Vec<ItemResult>,
}

impl CampaignPage {
    fn rate(&self, t: &minsheng_domain::civic::Tally) -> String {
        crate::view::rate(t.rate())
    }
}

/// GET /campaigns/{id}: the results (测评表).
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(CampaignId(id)): Id<CampaignId>,
) -> Result<CampaignPage, AppError> {
    let c = s.store.campaign(id).await?;
    let results = s.store.campaign_results(id).await?;
    Ok(CampaignPage {
        t: lang.tr(),
        lang,
        me,
        open: c.open(s.clock.now().at),
        c,
        results,
    })
}

/// POST /campaigns/{id}/apply: results into year-end scoring.
pub async fn apply(
    State(s): State<AppState>,
    me: Me,
    Id(CampaignId(id)): Id<CampaignId>,
) -> Result<Redirect, AppError> {
    me.store(&s).apply_campaign(id, s.clock.now().at).await?;
    Ok(Redirect::to(&format!("/campaigns/{id}")))
}
