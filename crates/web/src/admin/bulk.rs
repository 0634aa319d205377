//! Bulk creation of unit accounts from a sheet (CSV or Excel): one row per account with
//! 用户名, 姓名, 角色, 单位 (names or aliases, several separated by 、), 手机, 邮箱, and 所属地区
//! (the region an office account is confined to, by name). Every row is checked first; if any
//! is wrong nothing is created and the page lists each problem by row.

use super::users::list_page;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::read_multipart;
use crate::i18n::Lang;
use axum::extract::{Multipart, State};
use calamine::{Reader, open_workbook_auto_from_rs};
use minsheng_domain::UnitId;
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::NewUser;
use std::io::Cursor;

const MAX_ROWS: usize = 5000;

fn rows_of(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if name.to_lowercase().ends_with(".csv") || std::str::from_utf8(bytes).is_ok() {
        let text = String::from_utf8_lossy(bytes);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        return r
            .records()
            .map(|rec| {
                rec.map(|r| r.iter().map(|c| c.trim().to_string()).collect())
                    .map_err(|e| e.to_string())
            })
            .collect();
    }
    let mut wb =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or("表格中没有工作表 (no sheet)")?;
    let range = wb.worksheet_range(&first).map_err(|e| e.to_string())?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string().trim().to_string()).collect())
        .collect())
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}

fn role_of(raw: &str) -> Option<UserRole> {
    if raw.is_empty() {
        return Some(UserRole::UnitStaff);
    }
    UserRole::ALL.iter().copied().find(|r| {
        let (zh, en) = r.label();
        raw == r.code()
            || raw == zh
            || raw.eq_ignore_ascii_case(en)
            || (raw == "联络员" && *r == UserRole::UnitStaff)
    })
}

/// POST /admin/users/bulk.
pub async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    m: Multipart,
) -> Result<super::users::UsersPage, AppError> {
    let (_, files) = read_multipart(m).await?;
    let Some(file) = files.into_iter().next() else {
        return list_page(
            &s,
            lang,
            me,
            Some("请选择要上传的表格 (choose a sheet)".into()),
            Vec::new(),
        )
        .await;
    };
    let rows = match rows_of(&file.name, &file.bytes) {
        Ok(r) => r,
        Err(e) => {
            let msg =
                format!("无法读取表格：{e}；请上传 CSV 或 Excel 文件 (sheet could not be read)");
            return list_page(&s, lang, me, Some(msg), Vec::new()).await;
        }
    };
    let Some((header, body)) = rows.split_first() else {
        return list_page(
            &s,
            lang,
            me,
            Some("表格是空的 (the sheet is empty)".into()),
            Vec::new(),
        )
        .await;
    };
    let col = |names: &[&str]| column(header, names);
    let (Some(c_user), Some(c_unit)) = (
        col(&["用户名", "username", "账号"]),
        col(&["单位", "unit", "责任单位"]),
    ) else {
        let msg = "表头须包含“用户名”和“单位”两列（可选：姓名、角色、手机、邮箱） (header needs 用户名 and 单位)".to_string();
        return list_page(&s, lang, me, Some(msg), Vec::new()).await;
    };
    if body.len() > MAX_ROWS {
        let msg = format!("一次最多导入 {MAX_ROWS} 个账号，请拆分表格 (at most {MAX_ROWS} rows)");
        return list_page(&s, lang, me, Some(msg), Vec::new()).await;
    }
    let (c_name, c_role, c_phone, c_mail, c_region) = (
        col(&["姓名", "name"]),
        col(&["角色", "role"]),
        col(&["手机", "phone", "电话"]),
        col(&["邮箱", "email"]),
        col(&["所属地区", "地区", "region"]),
    );
    let units = s.store.units(None).await?;
    let cell =
        |r: &Vec<String>, c: Option<usize>| c.and_then(|c| r.get(c)).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut plan = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, r) in body.iter().enumerate() {
        let row = i + 2;
        let username = cell(r, Some(c_user));
        if username.is_empty() && r.iter().all(String::is_empty) {
            continue;
        }
        if !seen.insert(username.clone()) {
            problems.push(format!("第 {row} 行：用户名“{username}”在表中重复"));
            continue;
        }
        if s.store.user_by_name(&username).await?.is_some() {
            problems.push(format!("第 {row} 行：用户名“{username}”已存在"));
        }
        let Some(role) = role_of(&cell(r, c_role)) else {
            problems.push(format!("第 {row} 行：角色“{}”无法识别", cell(r, c_role)));
            continue;
        };
        let region = match cell(r, c_region).trim() {
            "" => None,
            _ if role == UserRole::Admin => {
                problems.push(format!(
                    "第 {row} 行：系统管理员管理全部地区，不能限定所属地区，请清空该格"
                ));
                None
            }
            name => match s.store.region_named(name).await? {
                Some(region) => Some(region.id),
                None => {
                    problems.push(format!(
                        "第 {row} 行：找不到地区“{name}”，请核对名称或先在地区目录中添加"
                    ));
                    None
                }
            },
        };
        let mut ids: Vec<UnitId> = Vec::new();
        for name in cell(r, Some(c_unit))
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match units
                .iter()
                .find(|u| u.name == name || u.aliases.iter().any(|a| a == name))
            {
                Some(u) => ids.push(u.id),
                None => problems.push(format!(
                    "第 {row} 行：找不到单位“{name}”，请先在单位目录中添加或加别名"
                )),
            }
        }
        plan.push(NewUser {
            username,
            display_name: cell(r, c_name),
            role,
            password: minsheng_store::accounts::initial_password(),
            must_change_password: true,
            units: ids,
            leader: None,
            monitors: Vec::new(),
            region,
            phone: Some(cell(r, c_phone)).filter(|v| !v.is_empty()),
            email: Some(cell(r, c_mail)).filter(|v| !v.is_empty()),
        });
    }
    if !problems.is_empty() {
        let msg = format!(
            "表格有 {} 处问题，未创建任何账号，请修改后重新上传：{}",
            problems.len(),
            problems.join("；")
        );
        return list_page(&s, lang, me, Some(msg), Vec::new()).await;
    }
    let store = me.store(&s);
    let mut created = Vec::new();
    for u in plan {
        match store.create_user(&u, s.clock.now().at).await {
            Ok(x) => created.push((x.username, x.display_name, u.password)),
            Err(e) => {
                let msg = format!(
                    "“{}”创建失败：{}；此前 {} 个账号已创建",
                    u.username,
                    AppError::from(e).message(lang),
                    created.len()
                );
                return list_page(&s, lang, me, Some(msg), created).await;
            }
        }
    }
    list_page(&s, lang, me, None, created).await
}
