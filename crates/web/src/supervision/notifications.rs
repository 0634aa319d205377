//! In-app notifications (站内通知): reminders, orders, bulletins and instructions addressed to
//! one's units or leader post, with one's open supervision orders.

use super::orders::OrderRow;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
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
) -> Result<NotificationsPage, AppError> {
    let p = me.principal()?;
    let items = s.store.notifications_for(&p.units, p.leader, 200).await?;
    let orders = if p.units.is_empty() {
        Vec::new()
    } else {
        let open = OrderFilter {
            units: Some(p.units.clone()),
            open_only: true,
            ..OrderFilter::default()
        };
        super::listed(&s, open, lang).await?
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
pub async fn read(State(s): State<AppState>, me: Me) -> Result<Redirect, AppError> {
    let p = me.principal()?;
    s.store
        .mark_notifications_read(&p.units, p.leader, s.clock.now().at)
        .await?;
    Ok(Redirect::to("/notifications"))
}
