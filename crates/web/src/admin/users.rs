//! Account pages: the list with a create form, one account's edit form, password reset.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::access::UserRole;
use minsheng_domain::{ItemId, Leader, LeaderId, RegionId, Unit, UnitId, UserId};
use minsheng_store::accounts::{NewUser, User, UserUpdate};

/// The account list.
#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    users: Vec<(User, String)>,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<Unit>,
    leaders: Vec<Leader>,
    error: Option<String>,
    created: Vec<(String, String, String)>,
}

impl UsersPage {
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }
}

/// One account.
#[derive(Template, WebTemplate)]
#[template(path = "admin_user.html")]
pub struct UserPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    user: User,
    roles: Vec<(&'static str, &'static str)>,
    units: Vec<Unit>,
    leaders: Vec<Leader>,
    monitors: String,
    /// The name of the region the account is confined to ("" for none).
    region: String,
    notice: Option<String>,
}

impl UserPage {
    fn is_role(&self, code: &str) -> bool {
        self.user.role.code() == code
    }

    fn is_leader(&self, id: &LeaderId) -> bool {
        self.user.leader == Some(*id)
    }

    fn has_unit(&self, id: &UnitId) -> bool {
        self.user.units.contains(id)
    }
}

pub(super) fn roles(lang: Lang) -> Vec<(&'static str, &'static str)> {
    UserRole::ALL
        .iter()
        .map(|r| {
            let (zh, en) = r.label();
            (r.code(), lang.pick(zh, en))
        })
        .collect()
}

/// Renders the list, with an error or freshly created accounts to show once.
pub(super) async fn list_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    error: Option<String>,
    created: Vec<(String, String, String)>,
) -> Result<UsersPage, AppError> {
    let units = s.store.units(None).await?;
    let users = s.store.users().await?;
    let users = users
        .into_iter()
        .map(|u| {
            let names = u
                .units
                .iter()
                .filter_map(|id| units.iter().find(|x| x.id == *id).map(|x| x.name.clone()))
                .collect::<Vec<_>>()
                .join("、");
            (u, names)
        })
        .collect();
    Ok(UsersPage {
        t: lang.tr(),
        lang,
        me,
        users,
        roles: roles(lang),
        leaders: s.store.leaders().await?,
        units,
        error,
        created,
    })
}

/// GET /admin/users.
pub async fn list(State(s): State<AppState>, lang: Lang, me: Me) -> Result<UsersPage, AppError> {
    list_page(&s, lang, me, None, Vec::new()).await
}

fn ids<T>(f: &Fields, name: &str, make: fn(i64) -> T) -> Vec<T> {
    f.iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.trim().parse().ok())
        .map(make)
        .collect()
}

fn monitors(raw: &str) -> Vec<ItemId> {
    raw.split([',', '，', ' ', '、'])
        .filter_map(|v| v.trim().parse().ok())
        .map(ItemId)
        .collect()
}

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}

/// The region an account is confined to, named in the form ("" for none).
async fn region(s: &AppState, f: &Fields) -> Result<Option<RegionId>, AppError> {
    let name = field(f, "region").trim();
    if name.is_empty() {
        return Ok(None);
    }
    match s.store.region_named(name).await? {
        Some(r) => Ok(Some(r.id)),
        None => Err(AppError::BadRequest(Words::new(
            format!(
                "没有名为“{name}”的地区；请按“单位、领导与地区目录”中的全称填写，或留空表示不限地区。"
            ),
            format!(
                "There is no region named {name}; write its full name as in the directory, or leave it empty for all regions."
            ),
        ))),
    }
}

fn role(f: &Fields) -> Result<UserRole, AppError> {
    field(f, "role")
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("请选择角色。", "Choose a role.")))
}

/// POST /admin/users: creates one account with an initial password shown once.
pub async fn create(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<UsersPage, AppError> {
    let (role, region) = match (role(&f), region(&s, &f).await) {
        (Ok(r), Ok(g)) => (r, g),
        (Err(x), _) | (_, Err(x)) => {
            return list_page(&s, lang, me, Some(x.message(lang)), Vec::new()).await;
        }
    };
    let password = Some(field(&f, "password").to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(minsheng_store::accounts::initial_password);
    let new = NewUser {
        username: field(&f, "username").to_string(),
        display_name: field(&f, "display_name").to_string(),
        role,
        password: password.clone(),
        must_change_password: true,
        units: ids(&f, "unit", UnitId),
        leader: field(&f, "leader").trim().parse().ok().map(LeaderId),
        monitors: monitors(field(&f, "monitors")),
        region,
        phone: opt(field(&f, "phone")),
        email: opt(field(&f, "email")),
    };
    match me.store(&s).create_user(&new, s.clock.now().at).await {
        Ok(u) => {
            let created = vec![(u.username, u.display_name, password)];
            list_page(&s, lang, me, None, created).await
        }
        Err(x) => {
            let msg = AppError::from(x).message(lang);
            list_page(&s, lang, me, Some(msg), Vec::new()).await
        }
    }
}

async fn user_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    id: UserId,
    notice: Option<String>,
) -> Result<UserPage, AppError> {
    let user = s.store.user(id).await?;
    Ok(UserPage {
        t: lang.tr(),
        lang,
        me,
        monitors: user
            .monitors
            .iter()
            .map(|i| i.0.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        region: match user.region {
            Some(r) => s.store.region(r).await?.name,
            None => String::new(),
        },
        user,
        roles: roles(lang),
        units: s.store.units(None).await?,
        leaders: s.store.leaders().await?,
        notice,
    })
}

/// GET /admin/users/{id}.
pub async fn edit(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<UserId>,
) -> Result<UserPage, AppError> {
    user_page(&s, lang, me, id, None).await
}

/// POST /admin/users/{id}: role, bindings, profile, disabled.
pub async fn update(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<UserId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    if me.user.as_ref().is_some_and(|u| u.id == id) && field(&f, "disabled") == "1" {
        return Err(AppError::BadRequest(Words::new(
            "不能停用自己的账号。",
            "You cannot disable yourself.",
        )));
    }
    let u = UserUpdate {
        display_name: field(&f, "display_name").to_string(),
        role: role(&f)?,
        units: ids(&f, "unit", UnitId),
        leader: field(&f, "leader").trim().parse().ok().map(LeaderId),
        monitors: monitors(field(&f, "monitors")),
        region: region(&s, &f).await?,
        phone: opt(field(&f, "phone")),
        email: opt(field(&f, "email")),
        disabled: field(&f, "disabled") == "1",
    };
    me.store(&s).update_user(id, &u).await?;
    Ok(Redirect::to(&format!("/admin/users/{}", id.0)).into_response())
}

/// POST /admin/users/{id}/password: a new initial password, shown once.
pub async fn reset_password(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<UserId>,
) -> Result<UserPage, AppError> {
    let pw = minsheng_store::accounts::initial_password();
    me.store(&s)
        .set_password(id, &pw, false, None, s.clock.now().at)
        .await?;
    let notice = format!(
        "{}{pw}",
        lang.pick(
            "口令已重置，新的初始口令（只显示这一次）：",
            "Password reset; new initial password (shown once): "
        )
    );
    user_page(&s, lang, me, id, Some(notice)).await
}

/// POST /admin/users/{id}/second-factor/reset: a lost phone; the account sets one up again.
pub async fn reset_second_factor(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<UserId>,
) -> Result<UserPage, AppError> {
    me.store(&s).reset_second_factor(id).await?;
    let notice = lang
        .pick(
            "两步验证已重置：该用户的会话已结束，下次登录时重新设置。",
            "Second factor reset: the user's sessions ended; they set it up again at next sign-in.",
        )
        .to_string();
    user_page(&s, lang, me, id, Some(notice)).await
}
