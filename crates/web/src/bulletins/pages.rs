//! A plan's bulletins: list and create, the bulletin page (draft: live and editable; issued:
//! frozen, public), issuing, and the DOCX and XLSX downloads of the same content.

use super::charts::charts;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::{download, field};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::{Redirect, Response};
use minsheng_domain::BulletinId;
use minsheng_domain::PlanId;
use minsheng_domain::supervision::BulletinKind;
use minsheng_store::{Bulletin, BulletinData};

#[derive(Template, WebTemplate)]
#[template(path = "bulletins.html")]
pub struct ListPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    bulletins: Vec<Bulletin>,
    kinds: Vec<(&'static str, &'static str)>,
    today: String,
}

/// GET /plans/{id}/bulletins.
pub async fn list(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<ListPage, AppError> {
    let plan = s.store.plan(id).await?;
    Ok(ListPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: plan.title,
        bulletins: s.store.bulletins(id).await?,
        kinds: BulletinKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        today: s.clock.today().to_string(),
    })
}

/// POST /plans/{id}/bulletins: starts a draft.
pub async fn create(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let kind: BulletinKind = field(&f, "kind")
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("请选择通报类型。", "Choose a kind.")))?;
    let date = match field(&f, "date") {
        "" => s.clock.today(),
        d => d.parse().map_err(|_| {
            AppError::BadRequest(Words::new(
                "日期格式应为 2025-09-30。",
                "Date as YYYY-MM-DD.",
            ))
        })?,
    };
    let b = me
        .store(&s)
        .create_bulletin(id, kind, date, s.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/bulletins/{b}")))
}

/// The bulletin and its content, if the person may see it: issued ones are public, drafts
/// are for those who read everything.
pub(crate) async fn load(
    s: &AppState,
    me: &Me,
    id: i64,
) -> Result<(Bulletin, BulletinData), AppError> {
    let b = s.store.bulletin(id).await?;
    // A draft is not published: to anyone who may not read everything it does not exist.
    if !b.issued() && !me.can("read_all") {
        return Err(AppError::NotFound("通报 (bulletin)"));
    }
    let d = s.store.bulletin_content(&b, s.clock.today()).await?;
    Ok((b, d))
}

#[derive(Template, WebTemplate)]
#[template(path = "bulletin.html")]
pub struct BulletinPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    b: Bulletin,
    d: BulletinData,
    charts: Vec<String>,
    /// A draft's 数据质量 list, for the office to check before issuing (not printed).
    quality: Vec<crate::view::QualityView>,
}

impl BulletinPage {
    fn pct(&self, v: &Option<f64>) -> String {
        crate::view::rate(*v)
    }
    /// A percent already out of 100, or a dash.
    fn pct_opt(&self, v: &Option<f64>) -> String {
        v.map(crate::view::pct).unwrap_or_else(|| "—".into())
    }
    fn light_zh(&self, code: &str) -> &'static str {
        super::docx::light_zh(code)
    }
}

/// GET /bulletins/{id}.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
) -> Result<BulletinPage, AppError> {
    let (b, d) = load(&s, &me, id).await?;
    let charts = charts(&d).map_err(|e| AppError::internal(&e))?;
    let quality = if !b.issued() && me.can("supervise") {
        let plan = PlanId(b.plan_id);
        let rule = s.store.plan_settings(plan).await?.rule;
        crate::view::QualityView::list(&s.store.plan_quality(plan).await?, &rule, lang)
    } else {
        Vec::new()
    };
    Ok(BulletinPage {
        t: lang.tr(),
        lang,
        me,
        b,
        d,
        charts,
        quality,
    })
}

/// POST /bulletins/{id}: edits a draft's title and next steps.
pub async fn edit(
    State(s): State<AppState>,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    me.store(&s)
        .edit_bulletin(id, field(&f, "title"), field(&f, "next_steps"))
        .await?;
    Ok(Redirect::to(&format!("/bulletins/{id}")))
}

/// POST /bulletins/{id}/issue.
pub async fn issue(
    State(s): State<AppState>,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
) -> Result<Redirect, AppError> {
    me.store(&s).issue_bulletin(id, s.clock.now()).await?;
    Ok(Redirect::to(&format!("/bulletins/{id}")))
}

fn file_name(b: &Bulletin, ext: &str) -> String {
    format!(
        "{}{}.{ext}",
        b.title,
        b.number.map(|n| format!("（第{n}期）")).unwrap_or_default()
    )
}

/// GET /bulletins/{id}/docx.
pub async fn docx(
    State(s): State<AppState>,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
) -> Result<Response, AppError> {
    let (b, d) = load(&s, &me, id).await?;
    let bytes = super::docx::render(&b, &d).map_err(|e| AppError::internal(&e))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        file_name(&b, "docx"),
    ))
}

/// GET /bulletins/{id}/xlsx.
pub async fn xlsx(
    State(s): State<AppState>,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
) -> Result<Response, AppError> {
    let (b, d) = load(&s, &me, id).await?;
    let heading = format!("{}（{}）", b.title, b.number_label());
    let bytes = super::xlsx::render(&heading, &d).map_err(|e| AppError::internal(&e))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name(&b, "xlsx"),
    ))
}
