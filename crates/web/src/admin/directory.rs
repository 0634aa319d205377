//! The directory page: regions, units (kind, region, aliases) and leaders, each with a form
//! that creates a new entry or, given its id, corrects one.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::{Leader, LeaderId, Region, RegionId, RegionLevel, Unit, UnitId, UnitKind};

/// The directory page.
#[derive(Template, WebTemplate)]
#[template(path = "admin_directory.html")]
pub struct DirectoryPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    regions: Vec<Region>,
    units: Vec<Unit>,
    leaders: Vec<Leader>,
    /// Unit kinds: code, name.
    kinds: Vec<(&'static str, &'static str)>,
    /// Region levels: code, name.
    levels: Vec<(&'static str, &'static str)>,
}

impl DirectoryPage {
    fn region_name(&self, id: &RegionId) -> String {
        self.regions
            .iter()
            .find(|r| r.id == *id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    }

    fn kind(&self, k: &UnitKind) -> &'static str {
        self.lang.pick(k.label_zh(), k.label_en())
    }

    fn level(&self, l: &RegionLevel) -> &'static str {
        self.lang.pick(l.label_zh(), l.label_en())
    }
}

/// GET /admin/directory.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
) -> Result<DirectoryPage, AppError> {
    Ok(DirectoryPage {
        t: lang.tr(),
        lang,
        me,
        regions: s.store.regions().await?,
        units: s.store.units(None).await?,
        leaders: s.store.leaders().await?,
        kinds: UnitKind::ALL
            .iter()
            .map(|k| (k.code(), lang.pick(k.label_zh(), k.label_en())))
            .collect(),
        levels: RegionLevel::ALL
            .iter()
            .map(|k| (k.code(), lang.pick(k.label_zh(), k.label_en())))
            .collect(),
    })
}

fn id_of(f: &Fields, name: &str) -> Option<i64> {
    field(f, name).trim().parse().ok().filter(|v| *v > 0)
}

fn region(f: &Fields) -> Result<RegionId, AppError> {
    id_of(f, "region")
        .map(RegionId)
        .ok_or_else(|| AppError::BadRequest(Words::new("请选择地区。", "Choose a region.")))
}

fn parsed<T: std::str::FromStr>(f: &Fields, name: &str, what: &str) -> Result<T, AppError> {
    field(f, name).parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("{what}无效。"),
            format!("Unknown {name}."),
        ))
    })
}

const BACK: &str = "/admin/directory";

/// POST /admin/regions.
pub async fn save_region(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let level: RegionLevel = parsed(&f, "level", "层级")?;
    me.store(&s)
        .save_region(
            id_of(&f, "id").map(RegionId),
            field(&f, "name"),
            level,
            id_of(&f, "parent").map(RegionId),
        )
        .await?;
    Ok(Redirect::to(BACK))
}

/// POST /admin/units.
pub async fn save_unit(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let kind: UnitKind = parsed(&f, "kind", "单位类型")?;
    let aliases: Vec<String> = field(&f, "aliases")
        .split(['、', ',', '，', '\n'])
        .map(|a| a.trim().to_string())
        .collect();
    me.store(&s)
        .save_unit(
            id_of(&f, "id").map(UnitId),
            region(&f)?,
            field(&f, "name"),
            kind,
            &aliases,
        )
        .await?;
    Ok(Redirect::to(BACK))
}

/// POST /admin/leaders.
pub async fn save_leader(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    me.store(&s)
        .save_leader(
            id_of(&f, "id").map(LeaderId),
            region(&f)?,
            field(&f, "name"),
            Some(field(&f, "title")),
        )
        .await?;
    Ok(Redirect::to(BACK))
}
