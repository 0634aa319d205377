//! `minsheng user add|passwd|reset-second-factor|list`, `minsheng audit verify`, and the demo's accounts.

use crate::cli::{AuditAction, DbArgs, UserAction};
use chrono::Utc;
use minsheng_domain::access::UserRole;
use minsheng_domain::{ItemId, PlanId, UnitId};
use minsheng_store::accounts::{NewUser, initial_password};
use minsheng_store::{Actor, Store};

async fn units_by_name(store: &Store, names: &[String]) -> Result<Vec<UnitId>, String> {
    let units = store.units(None).await.map_err(|e| e.to_string())?;
    names
        .iter()
        .map(|n| {
            units
                .iter()
                .find(|u| &u.name == n || u.aliases.iter().any(|a| a == n))
                .map(|u| u.id)
                .ok_or_else(|| {
                    format!("找不到单位“{n}”；请先导入清单或在单位目录中添加 (unknown unit)")
                })
        })
        .collect()
}

/// Runs a `user` subcommand.
pub async fn user(action: UserAction) -> Result<(), String> {
    match action {
        UserAction::Add {
            username,
            role,
            name,
            unit,
            leader,
            password,
            db,
        } => {
            let store = open(&db).await?;
            let role: UserRole = role.parse().map_err(|_| {
                format!(
                    "角色“{role}”无效，可选：{} (unknown role)",
                    UserRole::ALL
                        .iter()
                        .map(|r| r.code())
                        .collect::<Vec<_>>()
                        .join("、")
                )
            })?;
            let leader = match leader {
                Some(n) => Some(
                    store
                        .leaders()
                        .await
                        .map_err(|e| e.to_string())?
                        .into_iter()
                        .find(|l| l.name == n)
                        .ok_or_else(|| format!("找不到领导“{n}” (unknown leader)"))?
                        .id,
                ),
                None => None,
            };
            let (password, shown) = match password {
                Some(p) => (p, false),
                None => (initial_password(), true),
            };
            let u = store
                .create_user(
                    &NewUser {
                        display_name: name.unwrap_or_else(|| username.clone()),
                        username,
                        role,
                        password: password.clone(),
                        must_change_password: true,
                        units: units_by_name(&store, &unit).await?,
                        leader,
                        monitors: Vec::new(),
                        region: None,
                        phone: None,
                        email: None,
                    },
                    Utc::now(),
                )
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已创建用户 {}（{}），首次登录须修改口令 (user created; must change password at first sign-in)",
                u.username,
                role.label().0
            );
            if shown {
                println!("初始口令 (initial password): {password}");
            }
            store.close().await;
            Ok(())
        }
        UserAction::Passwd {
            username,
            password,
            db,
        } => {
            let store = open(&db).await?;
            let u = named(&store, &username).await?;
            let (password, shown) = match password {
                Some(p) => (p, false),
                None => (initial_password(), true),
            };
            store
                .set_password(u.id, &password, false, None, Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已重置 {username} 的口令，其会话已全部失效，下次登录须修改口令 (password reset; sessions ended)"
            );
            if shown {
                println!("新的初始口令 (new initial password): {password}");
            }
            store.close().await;
            Ok(())
        }
        UserAction::ResetSecondFactor { username, db } => {
            let store = open(&db).await?;
            let u = named(&store, &username).await?;
            store
                .reset_second_factor(u.id)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已重置 {username} 的两步验证，其会话已全部失效，下次登录时重新设置 (second factor reset; sessions ended)"
            );
            store.close().await;
            Ok(())
        }
        UserAction::List { db } => {
            let store = open(&db).await?;
            for u in store.users().await.map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.display_name,
                    u.role.code(),
                    if u.disabled { "disabled" } else { "active" },
                    if u.second_factor { "2fa" } else { "-" }
                );
            }
            store.close().await;
            Ok(())
        }
    }
}

/// Runs an `audit` subcommand; a broken chain is an error (non-zero exit) naming each row.
pub async fn audit(action: AuditAction) -> Result<(), String> {
    match action {
        AuditAction::Verify { db } => {
            let store = open(&db).await?;
            let check = store.verify_audit().await.map_err(|e| e.to_string())?;
            store.close().await;
            if check.breaks.is_empty() {
                println!(
                    "审计日志完整 (audit chain intact): {} 条 rows, 链头 head {}",
                    check.rows, check.head
                );
                return Ok(());
            }
            for b in &check.breaks {
                eprintln!("seq {}: {}", b.seq, b.problem);
            }
            Err(format!(
                "审计日志校验失败：{} 处问题，见上（第一处在第 {} 条） (audit chain broken: {} problem(s), first at row {})",
                check.breaks.len(),
                check.breaks[0].seq,
                check.breaks.len(),
                check.breaks[0].seq
            ))
        }
    }
}

/// The account with this user name, or a message saying there is none.
async fn named(store: &Store, username: &str) -> Result<minsheng_store::accounts::User, String> {
    store
        .user_by_name(username)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("没有用户“{username}” (no such user)"))
}

async fn open(db: &DbArgs) -> Result<Store, String> {
    Ok(super::open(db).await?.acting(Actor::cli()))
}

/// One demo account per role; prints the user names and passwords.
pub async fn demo_accounts(store: &Store, plan: PlanId) -> Result<(), String> {
    let detail = store
        .plan_detail(plan, None)
        .await
        .map_err(|e| e.to_string())?;
    let first = detail
        .items
        .first()
        .ok_or("示范清单为空 (empty demo list)")?;
    let unit = first.lead_units.first().map(|u| u.id);
    let leader = detail
        .items
        .iter()
        .find_map(|i| i.leaders.first())
        .map(|l| l.id);
    let watched: Vec<ItemId> = detail.items.iter().take(5).map(|i| i.item.id).collect();
    let accounts: [(&str, &str, UserRole); 7] = [
        ("admin", "系统管理员", UserRole::Admin),
        ("coordinator", "专班", UserRole::Coordinator),
        ("leader", "分管领导", UserRole::Leader),
        ("unit.head", "单位负责人", UserRole::UnitHead),
        ("unit.staff", "单位联络员", UserRole::UnitStaff),
        ("deputy", "人大代表", UserRole::Deputy),
        ("viewer", "只读用户", UserRole::Viewer),
    ];
    println!("示范账号（口令每次随机生成）/ demo accounts (passwords are new each run):");
    for (username, name, role) in accounts {
        let password = initial_password();
        store
            .create_user(
                &NewUser {
                    username: username.into(),
                    display_name: name.into(),
                    role,
                    password: password.clone(),
                    must_change_password: false,
                    units: if role.is_unit_role() {
                        unit.into_iter().collect()
                    } else {
                        Vec::new()
                    },
                    leader: if role == UserRole::Leader {
                        leader
                    } else {
                        None
                    },
                    monitors: if role == UserRole::Deputy {
                        watched.clone()
                    } else {
                        Vec::new()
                    },
                    region: None,
                    phone: None,
                    email: None,
                },
                Utc::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
        println!("  {username:<12} {password:<16} {}", role.label().0);
    }
    Ok(())
}
