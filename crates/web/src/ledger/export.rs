//! The dashboard's ledger as an Excel workbook (台账导出), straight from the dashboard: the
//! bulletin's workbook (汇总 with charts, a sheet per category with the list's columns and the
//! progress columns, 滞后项目, 部门排名, 督办) for the year so far, as of today, without
//! drafting a bulletin. Whoever may read the dashboard may download it.

use super::dashboard::may_overview;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::download;
use crate::ids::Id;
use axum::extract::State;
use axum::response::Response;
use minsheng_domain::PlanId;
use minsheng_domain::supervision::BulletinKind;

/// GET /plans/{id}/ledger.xlsx.
pub async fn xlsx(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<Response, AppError> {
    let today = s.clock.today();
    let l = s.store.plan_ledger(id, today).await?;
    may_overview(&me, &l, "台账")?;
    let start = l.settings.start_for(&l.plan);
    let d = s
        .store
        .bulletin_data(id, BulletinKind::Monthly, (start, today), today)
        .await?;
    let heading = format!("{}台账（截至{today}）", l.plan.title);
    let bytes = crate::bulletins::xlsx::render(&heading, &d).map_err(|e| AppError::internal(&e))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("{heading}.xlsx"),
    ))
}
