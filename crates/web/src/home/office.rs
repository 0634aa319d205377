//! Homes of those who see every plan: the office (专班/督查室), the administrator and the
//! read-only viewer.

use super::{Home, Line, List, PlanLine, Task, published};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::plans::Reach;
use chrono::Datelike;
use minsheng_store::Waiting;

/// Where a request waiting for a decision is decided.
fn decided_at(w: &Waiting) -> String {
    match (w.kind.as_str(), w.item_id) {
        ("adjustment", _) | (_, None) => format!("/adjustments/{}", w.id),
        ("delay", Some(i)) => format!("/items/{i}#delay"),
        (_, Some(i)) => format!("/items/{i}#acceptance"),
    }
}

fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "delay" => lang.pick("延期说明", "Delay explanation"),
        "acceptance" => lang.pick("验收申请", "Acceptance request"),
        _ => lang.pick("调整申请", "Adjustment request"),
    }
}

/// A request as a line: "延期说明 · 3. 新建幼儿园", "教育局 · 2024-03-01 09:30", and for a
/// returned one the office's words ("退回意见：…").
pub(super) fn request_line(w: &Waiting, returned: bool, lang: Lang) -> Line {
    let seq = w
        .seq
        .as_deref()
        .map(|s| format!("{s}. "))
        .unwrap_or_default();
    let mut note = format!(
        "{} · {}",
        w.unit.as_deref().unwrap_or("—"),
        crate::view::local_time(w.since)
    );
    if let (true, Some(why)) = (returned, w.reason.as_deref().filter(|r| !r.is_empty())) {
        note.push_str(&format!(
            " · {}{why}",
            lang.pick("退回意见：", "returned: ")
        ));
    }
    Line {
        href: decided_at(w),
        text: format!("{} · {seq}{}", kind_label(&w.kind, lang), w.title()),
        note,
    }
}

/// The office: reports not filed, requests to decide, citizens' messages and proposals to
/// screen, orders to check or overdue, red items with no order, bulletins not yet drafted.
pub(super) async fn coordinator(s: &AppState, lang: Lang, reach: Reach) -> Result<Home, AppError> {
    let today = s.clock.today();
    let ledgers = published(s, reach).await?;
    let mut home = Home::default();
    let mut missing = Vec::new();
    let mut unordered = 0;
    let mut bulletins_due = Vec::new();
    // Dekads of this quarter gone by with no dispatch meeting on a list (每旬调度).
    let mut undispatched = Vec::new();
    let quarter = ((today.month0() / 3) + 1) as usize;
    let plan_ids: Vec<_> = ledgers.iter().map(|l| l.plan.id).collect();
    let all_held = s.store.meetings_held(&plan_ids).await?;
    for l in &ledgers {
        let held: Vec<_> = all_held
            .iter()
            .filter(|h| h.plan == l.plan.id)
            .map(|h| (h.day, h.kind))
            .collect();
        let from = minsheng_store::counted_from(today.year(), l.plan.issued_on);
        let q = &minsheng_store::meeting_quarters(&held, today.year(), from, today)[quarter - 1];
        if q.dekads_missed > 0 {
            undispatched.push((l.plan.id.0, q.dekads_missed));
        }
        for n in &l.not_reported {
            missing.push(Line {
                href: format!("/items/{}", n.item_id.0),
                text: format!("{}. {}", n.seq, n.title),
                note: match ledgers.len() {
                    1 => n.unit.clone(),
                    _ => format!("{} · {}", n.unit, l.plan.title),
                },
            });
        }
        unordered += s.store.proposed_orders(l).await?.len();
        // A bulletin is due once a period has closed that no bulletin covers yet.
        if let Some(closed) = &l.last_closed {
            let covered = s
                .store
                .bulletins(l.plan.id)
                .await?
                .iter()
                .any(|b| b.range_end >= closed.end);
            if !covered {
                bulletins_due.push(l.plan.id.0);
            }
        }
        home.plans
            .push(PlanLine::new(l, l.items.iter(), true, lang));
    }
    let mut decisions = s.store.decisions_waiting(500).await?;
    decisions.retain(|w| reach.decides(w.decided_in));
    let of_kind = |k: &str| decisions.iter().filter(|w| w.kind == k).count();
    let own = match reach {
        Reach::All => None,
        Reach::Own(r) | Reach::Below(r) => Some(r),
    };
    let counts = s.store.queue_counts(today, s.clock.now().at, own).await?;
    home.tasks = vec![
        Task::new(
            "not-reported",
            lang.pick("上期未报送", "Reports not filed"),
            missing.len(),
            "#missing",
        )
        .urgent(),
        Task::new(
            "delays",
            lang.pick("延期说明待审", "Delays to review"),
            of_kind("delay"),
            "#decisions",
        ),
        Task::new(
            "acceptance",
            lang.pick("验收申请待审", "Acceptance to decide"),
            of_kind("acceptance"),
            "#decisions",
        ),
        Task::new(
            "adjustments",
            lang.pick("调整申请待审", "Adjustments to decide"),
            of_kind("adjustment"),
            "#decisions",
        ),
        Task::new(
            "orders-answered",
            lang.pick("督办反馈待复核", "Order answers to check"),
            counts.orders_answered as usize,
            "/supervision",
        ),
        Task::new(
            "orders-overdue",
            lang.pick("督办单逾期", "Orders overdue"),
            counts.orders_overdue as usize,
            "/supervision",
        )
        .urgent(),
        Task::new(
            "unordered",
            lang.pick("红灯项目待督办", "Red items with no order"),
            unordered,
            "/supervision",
        )
        .urgent(),
        Task::new(
            "bulletins-due",
            lang.pick("通报待编发", "Bulletins due"),
            bulletins_due.len(),
            match bulletins_due.as_slice() {
                [id] => format!("/plans/{id}/bulletins"),
                _ => "/supervision".into(),
            },
        ),
        Task::new(
            "undispatched",
            lang.pick("本季度未调度的旬", "Dekads without a dispatch meeting"),
            undispatched.iter().map(|(_, n)| n).sum(),
            match undispatched.as_slice() {
                [(id, _)] => format!("/plans/{id}/meetings#tally"),
                _ => "/supervision".into(),
            },
        )
        .info(),
        Task::new(
            "feedback",
            lang.pick("群众留言待审", "Messages to moderate"),
            counts.feedback as usize,
            "/feedback",
        ),
        Task::new(
            "proposals",
            lang.pick("征集建议待筛选", "Proposals to screen"),
            counts.proposals as usize,
            "/proposals",
        ),
    ];
    home.lists = vec![
        List::new(
            "decisions",
            lang.pick(
                "待审批（最早的在前）",
                "Waiting for a decision (oldest first)",
            ),
            decisions
                .iter()
                .map(|w| request_line(w, false, lang))
                .collect(),
        ),
        List::new(
            "missing",
            lang.pick("上期未报送", "Reports not filed last period"),
            missing,
        ),
    ];
    Ok(home)
}

/// The administrator: accounts, deliveries that failed, the audit log.
pub(super) async fn admin(s: &AppState, lang: Lang) -> Result<Home, AppError> {
    let counts = s
        .store
        .queue_counts(s.clock.today(), s.clock.now().at, None)
        .await?;
    let failed = s.store.jobs(Some("failed"), 50).await?;
    let audit = s.store.verify_audit().await?;
    let mut home = viewer(s, lang, Reach::All).await?;
    home.tasks = vec![
        Task::new(
            "failed-jobs",
            lang.pick("消息发送失败", "Deliveries failed"),
            counts.failed_jobs as usize,
            "/admin/jobs",
        )
        .urgent(),
        Task::new(
            "users-locked",
            lang.pick("账号被锁定", "Accounts locked"),
            counts.users_locked as usize,
            "/admin/users",
        )
        .urgent(),
        Task::new(
            "audit-breaks",
            lang.pick("审计链断点", "Audit chain breaks"),
            audit.breaks.len(),
            "/admin/audit",
        )
        .urgent(),
        Task::new(
            "audit-rows",
            lang.pick("审计日志条数", "Audit log entries"),
            audit.rows as usize,
            "/admin/audit",
        )
        .info(),
        Task::new(
            "users",
            lang.pick("账号总数", "Accounts"),
            counts.users as usize,
            "/admin/users",
        )
        .info(),
        Task::new(
            "users-disabled",
            lang.pick("已停用账号", "Accounts disabled"),
            counts.users_disabled as usize,
            "/admin/users",
        )
        .info(),
    ];
    home.lists = vec![List::new(
        "failed",
        lang.pick("发送失败的消息", "Deliveries that failed"),
        failed
            .iter()
            .map(|j| Line {
                href: "/admin/jobs".into(),
                text: failed_text(j, lang),
                note: j.last_error.clone().unwrap_or_default(),
            })
            .collect(),
    )];
    Ok(home)
}

/// A delivery that failed, as a person reads it: channel, recipient, subject.
fn failed_text(j: &minsheng_store::Job, lang: Lang) -> String {
    match serde_json::from_str::<minsheng_store::Delivery>(&j.payload) {
        Ok(d) => format!(
            "{} → {}：{}",
            crate::view::channel_label(&d.channel, lang),
            if d.name.is_empty() { &d.to } else { &d.name },
            d.subject
        ),
        Err(_) => format!("#{} {}", j.id, j.dedup_key),
    }
}

/// The read-only viewer: every published plan with its lights.
pub(super) async fn viewer(s: &AppState, lang: Lang, reach: Reach) -> Result<Home, AppError> {
    let mut home = Home::default();
    for l in published(s, reach).await? {
        home.plans
            .push(PlanLine::new(&l, l.items.iter(), true, lang));
    }
    Ok(home)
}
