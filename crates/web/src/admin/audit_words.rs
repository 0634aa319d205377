//! The audit log in words: each action, record kind and recorded field by its Chinese (or
//! English) name, and a change's values as a short list rather than JSON. A code this table
//! does not know yet is shown as it is, marked as a code.

use crate::i18n::Lang;
use serde_json::Value;

/// Actions: code, Chinese, English.
const ACTIONS: &[(&str, &str, &str)] = &[
    ("acceptance.decide", "验收审核", "acceptance decided"),
    ("acceptance.request", "申请验收", "acceptance requested"),
    ("adjustment.approve", "批准调整", "adjustment approved"),
    ("adjustment.propose", "申请调整", "adjustment proposed"),
    ("adjustment.return", "退回调整", "adjustment returned"),
    ("attachment.add", "上传佐证材料", "evidence added"),
    ("attachment.publish", "公开照片", "photo published"),
    ("attachment.withdraw", "撤回公开照片", "photo withdrawn"),
    ("auth.locked", "账号锁定", "account locked"),
    ("auth.login", "登录", "signed in"),
    ("auth.login_failed", "登录失败", "sign-in failed"),
    ("auth.logout", "退出登录", "signed out"),
    (
        "auth.recovery_codes_renewed",
        "重新生成恢复码",
        "recovery codes renewed",
    ),
    ("auth.second_factor", "两步验证通过", "second factor passed"),
    (
        "auth.second_factor_check",
        "两步验证核对",
        "second factor checked",
    ),
    (
        "auth.second_factor_check_failed",
        "两步验证核对失败",
        "second factor check failed",
    ),
    (
        "auth.second_factor_failed",
        "两步验证失败",
        "second factor failed",
    ),
    (
        "auth.second_factor_off",
        "关闭两步验证",
        "second factor off",
    ),
    ("auth.second_factor_on", "开启两步验证", "second factor on"),
    (
        "auth.second_factor_reset",
        "重置两步验证",
        "second factor reset",
    ),
    ("ballot.adopt", "票决结果列入计划", "ballot adopted"),
    ("ballot.create", "发起票决", "ballot created"),
    ("ballot.vote", "投票", "vote cast"),
    ("bulletin.create", "起草通报", "bulletin drafted"),
    ("bulletin.edit", "修改通报", "bulletin edited"),
    ("bulletin.issue", "签发通报", "bulletin issued"),
    ("campaign.apply", "采纳征集结果", "campaign applied"),
    ("campaign.create", "发起征集", "campaign created"),
    ("category.create", "新增类别", "category added"),
    ("category.delete", "删除类别", "category deleted"),
    ("category.move", "调整类别顺序", "category moved"),
    ("category.rename", "重命名类别", "category renamed"),
    ("contact.add", "新增联系人", "contact added"),
    ("contact.delete", "删除联系人", "contact deleted"),
    ("data.generate", "生成演示数据", "data generated"),
    ("delay.review", "审核延期说明", "delay reviewed"),
    ("delay.submit", "提交延期说明", "delay explained"),
    ("dispatch.review", "调度审阅", "dispatch review"),
    ("feedback.leave", "群众留言", "message left"),
    ("feedback.moderate", "审核留言", "message moderated"),
    ("feedback.reply", "回复留言", "message answered"),
    ("import.confirm", "确认导入", "import confirmed"),
    ("import.reread", "重新识别", "import re-read"),
    ("import.upload", "上传清单", "list uploaded"),
    ("item.assign", "分配责任单位", "units assigned"),
    ("item.assign_leader", "指定分管领导", "leader assigned"),
    ("item.carry_over", "结转下一年度", "carried over"),
    ("item.create", "新增项目", "item added"),
    (
        "item.allocate",
        "分解下达项目",
        "item allocated to a region below",
    ),
    ("item.delete", "删除项目", "item deleted"),
    ("meeting.create", "召开调度会议", "meeting set up"),
    ("meeting.minutes", "记录会议纪要", "minutes recorded"),
    (
        "meeting.attendees",
        "修改参会单位和领导",
        "attendees changed",
    ),
    ("meeting.agenda_add", "增加会议议题", "agenda entry added"),
    (
        "meeting.agenda_remove",
        "删除会议议题",
        "agenda entry removed",
    ),
    ("meeting.agenda_move", "调整议题顺序", "agenda entry moved"),
    ("meeting.issue", "印发会议纪要", "minutes issued"),
    (
        "item.link_allocation",
        "关联上级下达事项",
        "item linked to what the level above allocated",
    ),
    ("item.disposition", "项目处置", "item disposed"),
    ("item.move", "调整项目顺序", "item moved"),
    ("item.update", "修改项目", "item edited"),
    ("leader.create", "新增领导", "leader added"),
    ("leader.update", "修改领导", "leader edited"),
    ("milestone.add", "新增节点", "milestone added"),
    ("milestone.done", "节点完成", "milestone done"),
    ("note.add", "添加备注", "note added"),
    ("note.instruction", "领导批示", "instruction"),
    ("order.acknowledge", "签收督办单", "order acknowledged"),
    ("order.answer", "反馈办理情况", "order answered"),
    ("order.close", "督办办结", "order closed"),
    ("order.escalate", "督办逾期提级", "order escalated"),
    ("order.issue", "下发督办单", "order issued"),
    ("order.return", "退回督办单", "order returned"),
    ("period.lock", "锁定报送周期", "period locked"),
    ("plan.create", "新建计划", "plan created"),
    ("plan.import", "导入计划", "plan imported"),
    ("plan.renumber", "重新编号", "plan renumbered"),
    ("plan.settings", "修改计划设置", "plan settings"),
    ("plan.state", "变更计划状态", "plan state"),
    ("proposal.leave", "提交项目建议", "proposal left"),
    ("proposal.screen", "初审项目建议", "proposal screened"),
    ("rating.cast", "满意度评价", "rating cast"),
    ("rating.code_sent", "发送评价验证码", "rating code sent"),
    (
        "rating.phone_verified",
        "评价手机号验证",
        "rating phone verified",
    ),
    ("rating.set", "设置满意度评价", "rating set"),
    ("region.create", "新增地区", "region added"),
    ("region.update", "修改地区", "region edited"),
    ("reminder.send", "催报", "reminder sent"),
    ("report.amend", "锁定后更正台账", "report amended"),
    ("report.correct", "更正台账", "report corrected"),
    ("report.draft", "保存台账草稿", "report draft"),
    ("report.submit", "报送台账", "report submitted"),
    ("site.add", "新增点位", "site added"),
    ("token.create", "创建接口令牌", "token created"),
    ("token.revoke", "吊销接口令牌", "token revoked"),
    ("unit.alias_add", "新增单位别名", "unit alias added"),
    ("unit.create", "新增单位", "unit added"),
    ("unit.update", "修改单位", "unit edited"),
    ("user.create", "新建账号", "account created"),
    ("user.password_change", "修改密码", "password changed"),
    ("user.password_reset", "重置密码", "password reset"),
    ("user.update", "修改账号", "account edited"),
];

/// Record kinds.
const ENTITIES: &[(&str, &str, &str)] = &[
    ("acceptance", "验收申请", "acceptance"),
    ("adjustment", "调整申请", "adjustment"),
    ("attachment", "佐证材料", "evidence"),
    ("ballot", "票决", "ballot"),
    ("bulletin", "通报", "bulletin"),
    ("campaign", "征集", "campaign"),
    ("category", "类别", "category"),
    ("contact", "联系人", "contact"),
    ("delay", "延期说明", "delay"),
    ("feedback", "留言", "message"),
    ("import", "导入", "import"),
    ("item", "项目", "item"),
    ("leader", "领导", "leader"),
    ("milestone", "节点", "milestone"),
    ("note", "备注", "note"),
    ("order", "督办单", "order"),
    ("supervision_order", "督办单", "order"),
    ("meeting", "会议", "meeting"),
    ("period", "报送周期", "period"),
    ("plan", "计划", "plan"),
    ("proposal", "项目建议", "proposal"),
    ("rating", "满意度评价", "rating"),
    ("region", "地区", "region"),
    ("report", "台账", "report"),
    ("site", "点位", "site"),
    ("token", "接口令牌", "token"),
    ("api_token", "接口令牌", "API token"),
    ("rating_campaign", "满意度测评", "rating campaign"),
    ("import_review", "导入复核", "import review"),
    ("database", "数据库", "database"),
    ("unit", "单位", "unit"),
    ("user", "账号", "account"),
    ("session", "会话", "session"),
];

/// Recorded fields.
const FIELDS: &[(&str, &str)] = &[
    ("item", "项目"),
    ("items", "项目"),
    ("unit", "单位"),
    ("units", "单位"),
    ("plan", "计划"),
    ("period", "周期"),
    ("period_start", "周期"),
    ("state", "状态"),
    ("percent", "完成百分比"),
    ("values", "指标值"),
    ("investments", "资金条数"),
    ("correction_reason", "更正原因"),
    ("on_behalf", "代报人"),
    ("no_progress", "无进展原因"),
    ("file", "文件"),
    ("size", "大小"),
    ("sha256", "内容指纹"),
    ("owner", "所属"),
    ("owner_id", "所属编号"),
    ("findings", "存疑"),
    ("checks", "存疑"),
    ("title", "标题"),
    ("number", "编号"),
    ("deliveries", "送达人次"),
    ("step", "步骤"),
    ("username", "用户名"),
    ("display_name", "姓名"),
    ("role", "角色"),
    ("reason", "原因"),
    ("note", "说明"),
    ("deadline", "时限"),
    ("requirement", "要求"),
    ("report", "台账"),
    ("version", "版本"),
    ("revision", "修订"),
    ("name", "名称"),
    ("second_factor", "两步验证"),
    ("disabled", "停用"),
    ("must_change_password", "须改密码"),
    ("phone", "电话"),
    ("email", "邮箱"),
    ("leader", "领导"),
    ("monitors", "关注项目"),
    ("amendment", "锁定后更正"),
    ("correction", "更正"),
    ("ip", "IP"),
];

fn find(
    table: &[(&'static str, &'static str, &'static str)],
    code: &str,
    lang: Lang,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, ..)| *c == code)
        .map(|(_, zh, en)| lang.pick(zh, en))
}

/// An action by name; `None` for a code not in the table.
pub fn action(code: &str, lang: Lang) -> Option<&'static str> {
    find(ACTIONS, code, lang)
}

/// A record kind by name, else the code.
pub fn entity(code: &str, lang: Lang) -> String {
    find(ENTITIES, code, lang)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A field by name.
fn field(key: &str, lang: Lang) -> String {
    match lang {
        Lang::En => key.replace('_', " "),
        _ => FIELDS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, zh)| zh.to_string())
            .unwrap_or_else(|| key.replace('_', " ")),
    }
}

/// A value in a few words: lists joined with 、, yes/no, nothing as —.
fn value(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => lang
            .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
            .into(),
        // A moment as recorded (RFC 3339, UTC) in Beijing time.
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => crate::view::local_time(t.with_timezone(&chrono::Utc)),
            Err(_) => s.chars().take(80).collect(),
        },
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::Array(pair) if pair.len() == 2 => {
                    format!("{}={}", value(&pair[0], lang), value(&pair[1], lang))
                }
                x => value(x, lang),
            })
            .collect::<Vec<_>>()
            .join("、"),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| format!("{}：{}", field(k, lang), value(x, lang)))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// States and other codes recorded as values, by name.
const CODES: &[(&str, &str, &str)] = &[
    ("draft", "草稿", "draft"),
    ("submitted", "已报送", "submitted"),
    ("published", "已发布", "published"),
    ("archived", "已归档", "archived"),
    ("pending", "待审核", "pending"),
    ("approved", "已批准", "approved"),
    ("rejected", "未批准", "rejected"),
    ("returned", "已退回", "returned"),
    ("issued", "已下发", "issued"),
    ("acknowledged", "已签收", "acknowledged"),
    ("answered", "已反馈", "answered"),
    ("closed", "已办结", "closed"),
    ("none", "未开启", "off"),
    ("totp", "验证器", "authenticator"),
    ("manual", "人工下发", "by hand"),
    ("red_light", "红灯自动建议", "for a red item"),
    ("meeting", "会议议定事项", "decided by a meeting"),
];

/// A recorded value of `key` as people read it: codes by name, photo findings in words, a
/// content hash shortened.
fn value_of(key: &str, v: &Value, lang: Lang) -> String {
    match (key, v) {
        ("findings" | "checks", v) => {
            match serde_json::from_value::<Vec<minsheng_domain::ledger::evidence::PhotoFinding>>(
                v.clone(),
            ) {
                Ok(f) => f
                    .iter()
                    .map(|x| match lang {
                        Lang::En => x.en(),
                        _ => x.zh(),
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                Err(_) => value(v, lang),
            }
        }
        ("sha256", Value::String(h)) => format!("{}…", &h[..h.len().min(12)]),
        ("owner" | "entity", Value::String(c)) => entity(c, lang),
        ("role", Value::String(c)) => c
            .parse::<minsheng_domain::access::UserRole>()
            .map(|r| lang.pick(r.label().0, r.label().1).to_string())
            .unwrap_or_else(|_| c.clone()),
        ("step", Value::String(c)) => c
            .parse::<minsheng_domain::supervision::ReminderStep>()
            .map(|s| lang.pick(s.label_zh(), s.label_en()).to_string())
            .unwrap_or_else(|_| c.clone()),
        (_, Value::String(c)) => find(CODES, c, lang)
            .map(str::to_string)
            .unwrap_or_else(|| value(v, lang)),
        _ => value(v, lang),
    }
}

/// A change's recorded JSON as (field, value) pairs; empty for none.
pub fn change(json: &str, lang: Lang) -> Vec<(String, String)> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (field(k, lang), value_of(k, v, lang)))
            .collect(),
        Ok(Value::Null) | Err(_) => Vec::new(),
        Ok(v) => vec![(String::new(), value(&v, lang))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_and_record_kind_the_store_records_has_a_name() {
        // The codes written by the store and the web layer (`Change::new("…"` and the
        // sign-in events), gathered from the sources.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let (mut missing, mut seen) = (Vec::new(), 0);
        for dir in ["store/src", "web/src"] {
            for path in walk(&std::path::Path::new(root).join(dir)) {
                if path.ends_with("audit_words.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("Change::new(").skip(1) {
                    let Some(code) = part
                        .trim_start()
                        .strip_prefix('"')
                        .and_then(|p| p.split('"').next())
                    else {
                        continue;
                    };
                    seen += 1;
                    if action(code, Lang::Zh).is_none() {
                        missing.push(format!("{code} ({})", path.display()));
                    }
                    // The record kind, when written as a literal too.
                    let kind = part
                        .split_once(',')
                        .and_then(|(_, rest)| rest.trim_start().strip_prefix('"'))
                        .and_then(|p| p.split('"').next());
                    if let Some(kind) = kind
                        && find(ENTITIES, kind, Lang::Zh).is_none()
                    {
                        missing.push(format!("record kind {kind} ({})", path.display()));
                    }
                }
            }
        }
        assert!(seen > 60, "only {seen} actions found: the scan is broken");
        assert!(
            missing.is_empty(),
            "audit actions without a name: {missing:?}"
        );
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn a_change_reads_as_words() {
        let c = change(
            r#"{"items":[14,15],"deliveries":0,"note":null,"second_factor":"none"}"#,
            Lang::Zh,
        );
        assert!(c.contains(&("项目".into(), "14、15".into())), "{c:?}");
        assert!(c.contains(&("送达人次".into(), "0".into())), "{c:?}");
        assert!(!c.iter().any(|(k, _)| k == "说明"), "{c:?}");
        assert!(change("null", Lang::Zh).is_empty());
        let photo = change(
            r#"{"owner":"report","sha256":"94785c6a373ed34506896d277dba1669","findings":[{"kind":"same_file","other":1,"item":1}],"second_factor":"none"}"#,
            Lang::Zh,
        );
        let text = format!("{photo:?}");
        assert!(
            text.contains("台账")
                && text.contains("94785c6a373e…")
                && text.contains("完全相同")
                && text.contains("未开启"),
            "{text}"
        );
        assert!(
            !text.contains("same_file") && !text.contains("none"),
            "{text}"
        );
    }
}
