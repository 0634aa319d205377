//! Year-end department scoring (绩效考核): the plan's units scored over the whole year from
//! the same data as the bulletins plus satisfaction results, with configurable weights and an
//! Excel export; satisfaction results entered from a 测评表; locked periods and amendments.

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
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use minsheng_domain::supervision::{BulletinKind, ScoreWeights, UnitScore};
use minsheng_domain::{ItemId, PlanId};
use minsheng_store::{Amendment, Snapshot};

async fn year_scores(
    s: &AppState,
    plan: PlanId,
) -> Result<(String, i32, ScoreWeights, Vec<UnitScore>), AppError> {
    let p = s.store.plan(plan).await?;
    let range = BulletinKind::YearEnd.range(NaiveDate::from_ymd_opt(p.year, 6, 30).expect("date"));
    let d = s
        .store
        .bulletin_data(plan, BulletinKind::YearEnd, range, s.clock.today())
        .await?;
    Ok((p.title, p.year, d.weights, d.ranking))
}

#[derive(Template, WebTemplate)]
#[template(path = "scores.html")]
pub struct ScoresPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    year: i32,
    w: ScoreWeights,
    scores: Vec<UnitScore>,
}

impl ScoresPage {
    fn pct(&self, v: &Option<f64>) -> String {
        crate::view::rate(*v)
    }
}

/// GET /plans/{id}/scores.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<ScoresPage, AppError> {
    let (plan_title, year, w, scores) = year_scores(&s, id).await?;
    Ok(ScoresPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title,
        year,
        w,
        scores,
    })
}

fn weight(f: &Fields, name: &str) -> Result<f64, AppError> {
    field(f, name).trim().parse::<f64>().map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("权重“{}”不是数字，请填 0–100 的数。", field(f, name)),
            format!("Weight “{}” is not a number: give 0–100.", field(f, name)),
        ))
    })
}

/// POST /plans/{id}/scores: saves the weights.
pub async fn weights(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let mut settings = s.store.plan_settings(id).await?;
    settings.weights = ScoreWeights {
        timeliness: weight(&f, "timeliness")?,
        attainment: weight(&f, "attainment")?,
        overdue: weight(&f, "overdue")?,
        orders: weight(&f, "orders")?,
        satisfaction: weight(&f, "satisfaction")?,
    };
    me.store(&s).set_plan_settings(id, &settings).await?;
    Ok(Redirect::to(&format!("/plans/{}/scores", id.0)))
}

/// POST /plans/{id}/ratings: satisfaction results, one line per item: 序号,满意,基本满意,不满意.
pub async fn ratings(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let detail = s.store.plan_detail(id, None).await?;
    let mut parsed: Vec<(ItemId, (u32, u32, u32))> = Vec::new();
    for (n, line) in field(&f, "ratings").lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line
            .split([',', '，', '\t', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let bad = || {
            AppError::BadRequest(Words::new(
                format!(
                    "第 {} 行“{line}”格式不对：应为 序号,满意,基本满意,不满意，例如 3,120,20,5；未保存任何数据",
                    n + 1
                ),
                format!(
                    "line {}: “{line}” should be seq,satisfied,basic,unsatisfied, e.g. 3,120,20,5; nothing was saved",
                    n + 1
                ),
            ))
        };
        let [seq, a, b, c] = parts[..] else {
            return Err(bad());
        };
        let item = detail
            .items
            .iter()
            .find(|i| i.item.seq == seq)
            .ok_or_else(|| {
                AppError::BadRequest(Words::new(
                    format!(
                        "第 {} 行：清单中没有序号为 {seq} 的项目；未保存任何数据",
                        n + 1
                    ),
                    format!(
                        "line {}: the list has no item numbered {seq}; nothing was saved",
                        n + 1
                    ),
                ))
            })?;
        let num = |x: &str| x.parse::<u32>().map_err(|_| bad());
        parsed.push((item.item.id, (num(a)?, num(b)?, num(c)?)));
    }
    let store = me.store(&s);
    for (item, r) in parsed {
        store
            .set_item_rating(item, r, "测评表", s.clock.now().at)
            .await?;
    }
    Ok(Redirect::to(&format!("/plans/{}/scores", id.0)))
}

/// GET /plans/{id}/scores/xlsx.
pub async fn xlsx(State(s): State<AppState>, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    let (title, year, _, scores) = year_scores(&s, id).await?;
    let bytes = super::xlsx::scores(&format!("{title} {year}年度部门考核"), &scores)
        .map_err(|e| AppError::internal(&e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::forms::disposition(&format!("{year}年度部门考核.xlsx"), false),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "periods.html")]
pub struct PeriodsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    snapshots: Vec<Snapshot>,
    amendments: Vec<Amendment>,
}

/// GET /plans/{id}/periods.
pub async fn periods(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<PeriodsPage, AppError> {
    let plan = s.store.plan(id).await?;
    Ok(PeriodsPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: plan.title,
        snapshots: s.store.snapshots(id).await?,
        amendments: s.store.amendments(id).await?,
    })
}
