//! The person making the request ([`Me`]), put in the request by the guard and taken by
//! handlers as an extractor. Handlers ask it the object-level questions: may I read this item,
//! for which unit may I write on it, and get a store that records them in the audit log.

use crate::AppState;
use crate::error::{AppError, Words};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use minsheng_domain::access::{ItemParties, Permission, Principal, grants};
use minsheng_domain::{ItemId, ReportId, UnitId};
use minsheng_store::accounts::{TokenScope, User};
use minsheng_store::{Actor, Report, Store};

/// Who is asking: a signed-in user (by session or API token) or an anonymous visitor.
#[derive(Debug, Clone, Default)]
pub struct Me {
    /// The account, when signed in.
    pub user: Option<User>,
    /// The session's CSRF token ("" without a session).
    pub csrf: String,
    /// Set when the request came with an API token.
    pub token: Option<TokenScope>,
    /// Client address.
    pub ip: String,
    /// The password was right and the second factor is still to come: not signed in yet.
    pub factor_pending: bool,
    /// Unread notifications (shown beside 通知).
    pub unread: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for Me {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Me>().cloned().unwrap_or_default())
    }
}

pub(crate) fn denied(what: &str) -> AppError {
    AppError::Forbidden(Words::new(
        format!("您无权{what}；如确需办理，请联系专班或系统管理员开通。"),
        "You are not allowed to do this.",
    ))
}

impl Me {
    /// Whether someone is signed in.
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// Name shown in the header.
    pub fn name(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.display_name.as_str())
            .unwrap_or("")
    }

    /// Sign-in name ("" for visitors).
    pub fn username(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.username.as_str())
            .unwrap_or("")
    }

    /// The region the account is confined to (with the regions below it); None: all.
    pub fn region(&self) -> Option<minsheng_domain::RegionId> {
        self.user.as_ref().and_then(|u| u.region)
    }

    /// Whether the account signs in with a second factor.
    pub fn has_second_factor(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.second_factor)
    }

    /// Role name in the UI language (`zh`/`en`).
    pub fn role_label(&self, lang: &crate::Lang) -> &'static str {
        self.user
            .as_ref()
            .map(|u| {
                let (zh, en) = u.role.label();
                lang.pick(zh, en)
            })
            .unwrap_or("")
    }

    /// Whether the role holds a permission, by its code (for templates).
    pub fn can(&self, permission: &str) -> bool {
        permission
            .parse::<Permission>()
            .is_ok_and(|p| grants(self.user.as_ref().map(|u| u.role), p))
    }

    /// The person as access sees them; anonymous visitors have none.
    pub fn principal(&self) -> Result<Principal, AppError> {
        self.user
            .as_ref()
            .map(User::principal)
            .ok_or_else(|| AppError::Unauthorized(Words::new("请先登录。", "Sign in first.")))
    }

    /// The actor the audit log records for this request.
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor {
                user: Some(u.id),
                name: u.username.clone(),
                role: u.role.code().to_string(),
                ip: self.ip.clone(),
                region: u.region,
            },
            None => Actor {
                name: "anonymous".into(),
                role: "anonymous".into(),
                ip: self.ip.clone(),
                ..Actor::system()
            },
        }
    }

    /// The application state with a store that records writes as made by this person.
    pub fn bind(&self, s: &AppState) -> AppState {
        AppState {
            store: s.store.acting(self.actor()),
            ..s.clone()
        }
    }

    /// The store, bound to this person.
    pub fn store(&self, s: &AppState) -> Store {
        s.store.acting(self.actor())
    }

    /// The item's parties, if the person may read it; else a refusal.
    pub async fn readable_item(&self, s: &AppState, item: ItemId) -> Result<ItemParties, AppError> {
        let p = self.principal()?;
        let parties = s.store.item_parties(item).await?;
        if p.can_read_item(&parties) {
            Ok(parties)
        } else {
            Err(denied("查看此项目"))
        }
    }

    /// The unit this person writes for on the item: `asked` if given and allowed, else the
    /// first of their units named on the item.
    pub async fn unit_on_item(
        &self,
        s: &AppState,
        item: ItemId,
        asked: Option<UnitId>,
    ) -> Result<UnitId, AppError> {
        let parties = s.store.item_parties(item).await?;
        self.unit_among(&parties, asked)
    }

    /// The item of a milestone this person may mark done or reopen: its owner unit's or a
    /// lead unit's people only.
    pub async fn milestone_writer(
        &self,
        s: &AppState,
        id: minsheng_domain::MilestoneId,
    ) -> Result<ItemId, AppError> {
        let (item, owner) = s.store.milestone_owner(id).await?;
        let parties = s.store.item_parties(item).await?;
        if self.principal()?.may_mark_milestone(&parties, owner) {
            Ok(item)
        } else {
            Err(denied("办理其他单位负责的节点任务"))
        }
    }

    /// [`Me::unit_on_item`] for an item whose parties are already loaded.
    pub fn unit_among(
        &self,
        parties: &ItemParties,
        asked: Option<UnitId>,
    ) -> Result<UnitId, AppError> {
        let p = self.principal()?;
        match asked {
            Some(u) if p.can_file_for(u, parties) => Ok(u),
            Some(_) => Err(denied("代表该单位填报此项目")),
            None => p.unit_on(parties).ok_or_else(|| denied("填报此项目")),
        }
    }

    /// The unit whose items a workbench shows: `asked` if it is one's own (any unit for those
    /// who read everything), else one's first unit; None for leaders and deputies, who see
    /// the items in their charge or under their watch, and for an overview without a unit.
    pub async fn workbench_unit(
        &self,
        s: &AppState,
        asked: Option<UnitId>,
    ) -> Result<Option<UnitId>, AppError> {
        let p = self.principal()?;
        match asked {
            Some(u) if p.units.contains(&u) => Ok(Some(u)),
            // Any unit of one's region and those below it.
            Some(u) if p.reads_all() => {
                let up = s
                    .store
                    .region_path_of(minsheng_domain::access::Scoped::Unit, u.0)
                    .await?;
                if p.within(&up) {
                    Ok(Some(u))
                } else {
                    Err(AppError::Forbidden(Words::new(
                        "该单位属于其他地区，不在您账号所属地区（本级及下级）的范围内。",
                        "That unit belongs to another region, outside your account's.",
                    )))
                }
            }
            Some(_) => Err(AppError::Forbidden(Words::new(
                "您只能查看本单位的事项。",
                "You may only see your own unit's items.",
            ))),
            None => Ok(p.units.first().copied()),
        }
    }

    /// A report version and the versions beside it (same item, unit and period) that this
    /// person may see; refused for an item out of scope or another unit's draft.
    pub async fn visible_report(
        &self,
        s: &AppState,
        id: ReportId,
    ) -> Result<(Report, Vec<Report>), AppError> {
        let r = s.store.report(id).await?;
        self.readable_item(s, r.item_id).await?;
        if !self.may_see_report(r.unit_id, r.state.code()) {
            return Err(AppError::Forbidden(Words::new(
                "草稿只有填报单位本身可以查看。",
                "A draft is visible only to its own unit.",
            )));
        }
        let mut versions = s
            .store
            .report_versions(r.item_id, r.unit_id, r.period_start)
            .await?;
        versions.retain(|v| self.may_see_report(v.unit_id, v.state.code()));
        Ok((r, versions))
    }

    /// Whether a report of `unit` in `state` may be shown: submitted ones to anyone who reads
    /// the item, drafts only to that unit's own people.
    pub fn may_see_report(&self, unit: UnitId, state: &str) -> bool {
        state != "draft"
            || self
                .user
                .as_ref()
                .is_some_and(|u| u.principal().can_read_draft_of(unit))
    }
}
