//! Year-end department scoring (绩效考核): the plan's units scored over the whole year from
//! the same data as the bulletins plus satisfaction results, with configurable weights and an
//! Excel export; satisfaction results entered from a 测评表; locked periods and amendments.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError, parse_id};
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use minsheng_domain::supervision::{BulletinKind, ScoreWeights, UnitScore};
use minsheng_domain::{ItemId, PlanId};
use minsheng_store::{Amendment, Snapshot};

type Fields = Vec<(String, String)>;

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
        crate::ledger::view::rate(*v)
    }
}

/// GET /plans/{id}/scores.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
) -> Result<ScoresPage, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let (plan_title, year, w, scores) = year_scores(&s, id).await.map_err(err)?;
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
        AppError::BadRequest(format!(
            "权重“{}”不是数字，请填 0–100 的数 (weight is not a number)",
            field(f, name)
        ))
    })
}

/// POST /plans/{id}/scores: saves the weights.
pub async fn weights(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let mut settings = s.store.plan_settings(id).await.map_err(|e| err(e.into()))?;
    settings.weights = ScoreWeights {
        timeliness: weight(&f, "timeliness").map_err(err)?,
        attainment: weight(&f, "attainment").map_err(err)?,
        overdue: weight(&f, "overdue").map_err(err)?,
        orders: weight(&f, "orders").map_err(err)?,
        satisfaction: weight(&f, "satisfaction").map_err(err)?,
    };
    me.store(&s)
        .set_plan_settings(id, &settings)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/plans/{}/scores", id.0)))
}

/// POST /plans/{id}/ratings: satisfaction results, one line per item: 序号,满意,基本满意,不满意.
pub async fn ratings(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let detail = s
        .store
        .plan_detail(id, None)
        .await
        .map_err(|e| err(e.into()))?;
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
            err(AppError::BadRequest(format!(
                "第 {} 行“{line}”格式不对：应为 序号,满意,基本满意,不满意，例如 3,120,20,5；未保存任何数据 (line {}: expected seq,satisfied,basic,unsatisfied)",
                n + 1,
                n + 1
            )))
        };
        let [seq, a, b, c] = parts[..] else {
            return Err(bad());
        };
        let item = detail
            .items
            .iter()
            .find(|i| i.item.seq == seq)
            .ok_or_else(|| {
                err(AppError::BadRequest(format!(
                    "第 {} 行：清单中没有序号为 {seq} 的项目；未保存任何数据 (no item {seq})",
                    n + 1
                )))
            })?;
        let num = |x: &str| x.parse::<u32>().map_err(|_| bad());
        parsed.push((item.item.id, (num(a)?, num(b)?, num(c)?)));
    }
    let store = me.store(&s);
    for (item, r) in parsed {
        store
            .set_item_rating(item, r, "测评表", s.clock.now().at)
            .await
            .map_err(|e| err(e.into()))?;
    }
    Ok(Redirect::to(&format!("/plans/{}/scores", id.0)))
}

/// GET /plans/{id}/scores/xlsx.
pub async fn xlsx(
    State(s): State<AppState>,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let (title, year, _, scores) = year_scores(&s, id).await.map_err(err)?;
    let bytes = super::xlsx::scores(&format!("{title} {year}年度部门考核"), &scores)
        .map_err(|e| err(AppError::Internal(e.to_string())))?;
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
    Path(raw): Path<String>,
) -> Result<PeriodsPage, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let plan = s.store.plan(id).await.map_err(|e| err(e.into()))?;
    Ok(PeriodsPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: plan.title,
        snapshots: s.store.snapshots(id).await.map_err(|e| err(e.into()))?,
        amendments: s.store.amendments(id).await.map_err(|e| err(e.into()))?,
    })
}
