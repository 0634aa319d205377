//! In-app notifications (站内通知): reminders, orders, bulletins and instructions addressed to
//! one's units or leader post, with one's open supervision orders.

use super::orders::OrderRow;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError};
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use minsheng_store::{Notification, OrderFilter};

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    items: Vec<Notification>,
    orders: Vec<OrderRow>,
}

/// GET /notifications.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
) -> Result<NotificationsPage, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let p = me.principal().map_err(err)?;
    let items = s
        .store
        .notifications_for(&p.units, p.leader, 200)
        .await
        .map_err(|e| err(e.into()))?;
    let orders = if p.units.is_empty() {
        Vec::new()
    } else {
        let open = OrderFilter {
            units: Some(p.units.clone()),
            open_only: true,
            ..OrderFilter::default()
        };
        super::listed(&s, open, lang).await.map_err(err)?
    };
    Ok(NotificationsPage {
        t: lang.tr(),
        lang,
        me,
        items,
        orders,
    })
}

/// POST /notifications/read: marks all read.
pub async fn read(State(s): State<AppState>, lang: Lang, me: Me) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let p = me.principal().map_err(err)?;
    s.store
        .mark_notifications_read(&p.units, p.leader, s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/notifications"))
}
