//! Satisfaction campaigns for the office (满意度测评): starting one for a plan (optionally asking
//! citizens for a mobile number verified by SMS), reading its results as a 测评表 with bursts of
//! ratings flagged, and applying them to year-end scoring.

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
    /// Codes can go out by SMS, so a campaign may ask for verified numbers.
    sms: bool,
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
        sms: s.sms.is_some(),
    })
}

pub(super) fn instant(raw: &str, what: &str) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    let china = crate::clock::china();
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

/// POST /plans/{id}/campaigns: `title`, `opens`, `closes` (China time), `verify` (`1`: citizens
/// rate with a mobile number verified by SMS).
pub async fn create(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let opens = instant(field(&f, "opens"), "开始时间")?;
    let closes = instant(field(&f, "closes"), "结束时间")?;
    let verify = field(&f, "verify") == "1";
    if verify && s.sms.is_none() {
        return Err(AppError::BadRequest(Words::new(
            "本站尚未配置短信服务，不能要求手机验证；请系统管理员以 --sms-provider 配置后再发起，或不勾选此项。",
            "No SMS service is set up (--sms-provider), so a campaign cannot ask for verified numbers.",
        )));
    }
    let c = me
        .store(&s)
        .create_campaign(
            id,
            field(&f, "title"),
            (opens, closes),
            verify,
            s.clock.now().at,
        )
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
    /// What the office should look at before applying: item, its list number, in words.
    bursts: Vec<(i64, String, String)>,
}

impl CampaignsPage {
    /// An instant in China time.
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }
}

impl CampaignPage {
    /// An instant in China time.
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }

    fn rate(&self, t: &minsheng_domain::civic::Tally) -> String {
        crate::view::rate(t.rate())
    }

    /// The flags on an item's row.
    fn flags(&self, item: &i64) -> Vec<&str> {
        self.bursts
            .iter()
            .filter(|(i, _, _)| i == item)
            .map(|(_, _, w)| w.as_str())
            .collect()
    }
}

/// A burst in words.
fn burst_words(b: &minsheng_domain::verify::Burst, lang: Lang) -> String {
    use minsheng_domain::verify::{Burst, CROWD_MINUTES};
    match b {
        Burst::SameNetwork { count, .. } => match lang {
            Lang::Zh => format!("同一网络评价 {count} 次"),
            Lang::En => format!("{count} ratings from one network"),
        },
        Burst::Crowd { count, from, .. } => {
            let at = crate::view::local_time(*from);
            match lang {
                Lang::Zh => format!("{at} 起 {CROWD_MINUTES} 分钟内集中评价 {count} 次"),
                Lang::En => format!("{count} ratings within {CROWD_MINUTES} minutes from {at}"),
            }
        }
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
    let bursts = minsheng_domain::verify::bursts(&s.store.campaign_casts(id).await?)
        .iter()
        .map(|b| {
            let seq = results
                .iter()
                .find(|r| r.item_id == b.item())
                .map(|r| r.seq.clone())
                .unwrap_or_default();
            (b.item(), seq, burst_words(b, lang))
        })
        .collect();
    Ok(CampaignPage {
        t: lang.tr(),
        lang,
        me,
        open: c.open(s.clock.now().at),
        c,
        results,
        bursts,
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
