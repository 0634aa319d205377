//! Browsing the audit log: newest first, filtered by person, action, record and time, with
//! the chain's state shown at the top.

use super::audit_words as words;
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

/// One entry as read: when in Beijing time, who by name, what in words.
pub struct AuditRow {
    seq: i64,
    when: String,
    who: String,
    login: String,
    role: String,
    ip: String,
    action: String,
    /// The action's code when it has no name yet.
    code: Option<String>,
    record: String,
    before: Vec<(String, String)>,
    after: Vec<(String, String)>,
    raw: String,
}

impl AuditRow {
    fn new(e: AuditEntry, people: &crate::view::People, lang: Lang) -> AuditRow {
        let when = chrono::DateTime::parse_from_rfc3339(&e.at)
            .map(|t| crate::view::local_time(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| e.at.clone());
        let role = match e.role.parse::<minsheng_domain::access::UserRole>() {
            Ok(r) => lang.pick(r.label().0, r.label().1).to_string(),
            Err(_) if e.role == "system" => lang.pick("系统", "system").to_string(),
            Err(_) if e.role.is_empty() || e.role == "anonymous" => "—".to_string(),
            Err(_) => e.role.clone(),
        };
        let named = words::action(&e.action, lang);
        AuditRow {
            seq: e.seq,
            when,
            who: people.name(&e.actor),
            login: e.actor.clone(),
            role,
            ip: e.ip.clone(),
            action: named.unwrap_or(&e.action).to_string(),
            code: named.is_none().then(|| e.action.clone()),
            record: format!("{} {}", words::entity(&e.entity, lang), e.entity_id)
                .trim()
                .to_string(),
            before: words::change(&e.before_json, lang),
            after: words::change(&e.after_json, lang),
            raw: format!("{}\n{}", e.before_json, e.after_json),
        }
    }
}

/// The audit page.
#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    q: AuditQuery,
    rows: Vec<AuditRow>,
    check: AuditCheck,
    next: Option<String>,
}

/// Entries a page: enough to scan, short enough for a phone.
const PAGE: i64 = 50;

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
    let people = crate::view::People::of(&s, rows.iter().map(|r| r.actor.as_str()), lang).await?;
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
        rows: rows
            .into_iter()
            .map(|r| AuditRow::new(r, &people, lang))
            .collect(),
        check,
        next,
    })
}

impl AuditPage {
    fn f<'a>(&self, o: &'a Option<String>) -> &'a str {
        v(o)
    }
}
