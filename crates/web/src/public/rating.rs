//! Satisfaction campaigns on the web (满意度测评): citizens and deputies rate an item on its
//! public page while a campaign is open; the office starts campaigns, reads the results as a
//! 测评表 and applies them to year-end scoring.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::ids::Id;
use crate::ids::parse_id;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use minsheng_domain::CampaignId;
use minsheng_domain::ItemId;
use minsheng_domain::access::UserRole;
use minsheng_domain::civic::Choice;
use minsheng_store::Voter;

/// POST /public/items/{id}/rate: `campaign`, `choice`.
pub async fn rate(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let campaign = parse_id::<CampaignId>(field(&f, "campaign"))?.0;
    let choice: Choice = field(&f, "choice").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "请选择满意、基本满意或不满意。",
            "Choose a rating.",
        ))
    })?;
    let voter = match me.user.as_ref().map(|u| (u.id, u.role)) {
        None => {
            let client = super::client_of(&me, &headers);
            match super::verify::verified_phone(&s, &headers, campaign).await? {
                Some(phone) => Voter::Verified { phone, client },
                None => Voter::Citizen(client),
            }
        }
        Some((id, UserRole::Deputy)) => Voter::Deputy(id),
        Some(_) => {
            return Err(AppError::Forbidden(Words::new(
                "工作人员账号不参与满意度测评；请退出登录后以群众身份评价。",
                "Staff accounts do not rate.",
            )));
        }
    };
    s.store
        .acting(me.actor())
        .rate(campaign, item, &voter, choice, s.clock.now().at)
        .await?;
    Ok(Redirect::to(&format!(
        "/public/items/{}?rated=1#rate",
        item.0
    )))
}
