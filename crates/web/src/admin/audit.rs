//! Browsing the audit log: newest first, filtered by person, action, record and time, with
//! the chain's state shown at the top.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use minsheng_store::{AuditCheck, AuditEntry, AuditFilter};
use serde::Deserialize;

/// Filters from the query string.
#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<i64>,
}

/// The audit page.
#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    q: AuditQuery,
    rows: Vec<AuditEntry>,
    check: AuditCheck,
    next: Option<String>,
}

const PAGE: i64 = 100;

fn v(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// GET /admin/audit.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    let filter = AuditFilter {
        actor: q.actor.clone(),
        action: q.action.clone(),
        entity: q.entity.clone(),
        entity_id: q.entity_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        before_seq: q.before,
        limit: PAGE,
    };
    let rows = s.store.audit_entries(&filter).await?;
    let check = s.store.verify_audit().await?;
    let next = (rows.len() as i64 == PAGE).then(|| {
        let last = rows.last().map(|r| r.seq).unwrap_or(0);
        let qs = [
            ("actor", v(&q.actor)),
            ("action", v(&q.action)),
            ("entity", v(&q.entity)),
            ("entity_id", v(&q.entity_id)),
            ("from", v(&q.from)),
            ("to", v(&q.to)),
        ]
        .iter()
        .filter(|(_, x)| !x.is_empty())
        .map(|(k, x)| format!("{k}={}", crate::forms::urlencode(x)))
        .collect::<Vec<_>>()
        .join("&");
        format!("/admin/audit?{qs}&before={last}")
    });
    Ok(AuditPage {
        t: lang.tr(),
        lang,
        me,
        q,
        rows,
        check,
        next,
    })
}

impl AuditPage {
    fn f<'a>(&self, o: &'a Option<String>) -> &'a str {
        v(o)
    }
}
