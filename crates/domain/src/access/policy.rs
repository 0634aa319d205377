//! The permission table and the object scope. Routes name a [`Permission`]; [`GRANTS`] says
//! which roles hold it; [`Principal`] narrows it to the person's units, leader post and
//! monitored items. Nothing else in the code decides access.

use crate::{ItemId, LeaderId, RegionId, UnitId, UserId};

crate::code_enum!(
    /// An account's role (角色).
    UserRole, "role" {
        /// System administrator (系统管理员): accounts, units, leaders, regions, the audit log.
        Admin = "admin",
        /// Coordinating office (专班/督查室): plans, assignments, approvals.
        Coordinator = "coordinator",
        /// Leader in charge (分管领导): reads their items, writes instructions (批示).
        Leader = "leader",
        /// Head of a responsible unit (单位负责人).
        UnitHead = "unit_head",
        /// Liaison or clerk of a responsible unit (联络员/填报员).
        UnitStaff = "unit_staff",
        /// People's congress deputy (人大代表): reads and comments on monitored items.
        Deputy = "deputy",
        /// Read-only viewer (只读).
        Viewer = "viewer",
    }
);

impl UserRole {
    /// Name shown in the UI, Chinese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            UserRole::Admin => ("系统管理员", "Administrator"),
            UserRole::Coordinator => ("专班/督查室", "Coordinator"),
            UserRole::Leader => ("分管领导", "Leader in charge"),
            UserRole::UnitHead => ("单位负责人", "Unit head"),
            UserRole::UnitStaff => ("单位联络员", "Unit liaison"),
            UserRole::Deputy => ("人大代表", "Deputy"),
            UserRole::Viewer => ("只读用户", "Viewer"),
        }
    }

    /// Whether accounts of this role act for units (and must be bound to at least one).
    pub fn is_unit_role(self) -> bool {
        matches!(self, UserRole::UnitHead | UserRole::UnitStaff)
    }
}

crate::code_enum!(
    /// What a route asks of the person calling it.
    Permission, "permission" {
        /// Published plans and the sign-in page: anyone, signed in or not.
        ReadPublic = "read_public",
        /// Signed in: one's own account, workbench, and the items in one's scope.
        ReadOwn = "read_own",
        /// Every plan's dashboard, every item, every unit's submitted reports.
        ReadAll = "read_all",
        /// A plan's dashboard (调度看板) and its issued bulletins: every plan for those who
        /// read everything, the plans with items in their charge for leaders.
        ReadOverview = "read_overview",
        /// A unit's work on its own items: reports, delay explanations, acceptance requests,
        /// milestones done, replies to instructions.
        FileReports = "file_reports",
        /// Plans: import, publish, settings, period locks, milestones, assignments.
        ManagePlans = "manage_plans",
        /// Decisions: delay explanations, acceptance, termination and carry-over.
        Decide = "decide",
        /// A leader's instruction (批示) on an item in their charge.
        Instruct = "instruct",
        /// A deputy's comment on a monitored item.
        Comment = "comment",
        /// Accounts, units, leaders and regions.
        ManageAccounts = "manage_accounts",
        /// Browsing the audit log.
        ReadAudit = "read_audit",
        /// Supervision: orders, bulletins, scoring, contacts and reminder settings (督查督办).
        Supervise = "supervise",
        /// A leader's dispatch view of the items in their charge (领导调度).
        Dispatch = "dispatch",
        /// A deputy's ballot in the vote on next year's items (票决).
        Vote = "vote",
    }
);

crate::code_enum!(
    /// What the `{id}` of a route names, so that the region an account is scoped to can be
    /// checked before the handler runs: each leads to one region (a list's, or its own).
    Scoped, "object" {
        /// A list (计划).
        Plan = "plan",
        /// An item, through its list.
        Item = "item",
        /// A region itself.
        Region = "region",
        /// A supervision order, through its list.
        Order = "order",
        /// A bulletin, through its list.
        Bulletin = "bulletin",
        /// A report, through its item.
        Report = "report",
        /// An adjustment, through its list.
        Adjustment = "adjustment",
        /// A delay explanation, through its item.
        Delay = "delay",
        /// An acceptance request, through its item.
        Acceptance = "acceptance",
        /// A milestone, through its item.
        Milestone = "milestone",
        /// A category heading, through its list.
        Category = "category",
        /// A rating campaign, through its list.
        Campaign = "campaign",
        /// A citizen's feedback, through its item.
        Feedback = "feedback",
        /// An attached file, through its item.
        File = "file",
        /// A vote on next year's items, by its region.
        Ballot = "ballot",
        /// A citizen's proposal, by its region.
        Proposal = "proposal",
        /// A meeting, by its list's region.
        Meeting = "meeting",
        /// A responsible unit, by its region (a unit's workbench).
        Unit = "unit",
    }
);

use UserRole::*;

/// The grant table: each permission and the roles that hold it. Anonymous visitors hold only
/// [`Permission::ReadPublic`].
pub const GRANTS: &[(Permission, &[UserRole])] = &[
    (
        Permission::ReadPublic,
        &[
            Admin,
            Coordinator,
            Leader,
            UnitHead,
            UnitStaff,
            Deputy,
            Viewer,
        ],
    ),
    (
        Permission::ReadOwn,
        &[
            Admin,
            Coordinator,
            Leader,
            UnitHead,
            UnitStaff,
            Deputy,
            Viewer,
        ],
    ),
    (Permission::ReadAll, &[Admin, Coordinator, Viewer]),
    (
        Permission::ReadOverview,
        &[Admin, Coordinator, Viewer, Leader],
    ),
    (Permission::FileReports, &[UnitHead, UnitStaff]),
    (Permission::ManagePlans, &[Coordinator]),
    (Permission::Decide, &[Coordinator]),
    (Permission::Instruct, &[Leader]),
    (Permission::Comment, &[Deputy]),
    (Permission::ManageAccounts, &[Admin]),
    (Permission::ReadAudit, &[Admin]),
    (Permission::Supervise, &[Coordinator]),
    (Permission::Dispatch, &[Coordinator, Leader]),
    (Permission::Vote, &[Deputy]),
];

/// Whether `role` (None: an anonymous visitor) holds `permission`.
pub fn grants(role: Option<UserRole>, permission: Permission) -> bool {
    match role {
        None => permission == Permission::ReadPublic,
        Some(r) => GRANTS
            .iter()
            .any(|(p, roles)| *p == permission && roles.contains(&r)),
    }
}

/// Who answers for an item: its units (lead, co-units, share holders) and leaders in charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemParties {
    /// The item.
    pub item: ItemId,
    /// Every unit named on the item.
    pub units: Vec<UnitId>,
    /// The lead units among them.
    pub leads: Vec<UnitId>,
    /// Leaders in charge.
    pub leaders: Vec<LeaderId>,
}

/// A signed-in person as access sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account.
    pub user: UserId,
    /// Its role.
    pub role: UserRole,
    /// Units it acts for (unit roles).
    pub units: Vec<UnitId>,
    /// The leader post it holds (leader role).
    pub leader: Option<LeaderId>,
    /// Items it monitors (deputies).
    pub monitors: Vec<ItemId>,
    /// The region the account is confined to (its own and every region below it); None: the
    /// whole installation.
    pub region: Option<RegionId>,
}

impl Principal {
    /// Whether an object lies in the person's region: `path` is the object's region followed
    /// by every region above it (see [`Scoped`]). An account without a region reaches all.
    pub fn within(&self, path: &[RegionId]) -> bool {
        self.region.is_none_or(|r| path.contains(&r))
    }

    /// Whether the role holds `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        grants(Some(self.role), permission)
    }

    /// Whether every item is in scope.
    pub fn reads_all(&self) -> bool {
        self.can(Permission::ReadAll)
    }

    /// Whether the person may read the dashboard of a plan whose items have `leaders` in
    /// charge: those who read everything, and a leader in charge of one of its items.
    pub fn can_read_overview(&self, leaders: &[LeaderId]) -> bool {
        self.reads_all()
            || (self.can(Permission::ReadOverview)
                && self.leader.is_some_and(|l| leaders.contains(&l)))
    }

    /// Whether the person may see the item (and its units' submitted reports).
    pub fn can_read_item(&self, parties: &ItemParties) -> bool {
        self.reads_all()
            || self.unit_on(parties).is_some()
            || self.leads(parties)
            || self.monitors.contains(&parties.item)
    }

    /// The first of the person's units named on the item, when the role files reports.
    pub fn unit_on(&self, parties: &ItemParties) -> Option<UnitId> {
        if !self.can(Permission::FileReports) {
            return None;
        }
        self.units
            .iter()
            .copied()
            .find(|u| parties.units.contains(u))
    }

    /// Whether the person may write for `unit` on the item: a unit role bound to that unit,
    /// and the unit named on the item.
    pub fn can_file_for(&self, unit: UnitId, parties: &ItemParties) -> bool {
        self.can(Permission::FileReports)
            && self.units.contains(&unit)
            && parties.units.contains(&unit)
    }

    /// Whether the person may mark a milestone of the item done or reopen it: a unit role
    /// bound to the milestone's owner unit, or to a lead unit of the item (a co-unit answers
    /// for its own milestones only).
    pub fn may_mark_milestone(&self, parties: &ItemParties, owner: Option<UnitId>) -> bool {
        self.can(Permission::FileReports)
            && self.units.iter().any(|u| {
                parties.units.contains(u) && (Some(*u) == owner || parties.leads.contains(u))
            })
    }

    /// The first of the person's units that leads the item, when the role files reports:
    /// the unit that proposes its adjustments.
    pub fn lead_unit_on(&self, parties: &ItemParties) -> Option<UnitId> {
        if !self.can(Permission::FileReports) {
            return None;
        }
        self.units
            .iter()
            .copied()
            .find(|u| parties.leads.contains(u))
    }

    /// Whether the person is a leader in charge of the item.
    pub fn leads(&self, parties: &ItemParties) -> bool {
        self.can(Permission::Instruct) && self.leader.is_some_and(|l| parties.leaders.contains(&l))
    }

    /// Whether the person may comment on the item as its monitoring deputy.
    pub fn can_comment(&self, parties: &ItemParties) -> bool {
        self.can(Permission::Comment) && self.monitors.contains(&parties.item)
    }

    /// Whether a unit's unsubmitted draft is visible: only to that unit's own people.
    pub fn can_read_draft_of(&self, unit: UnitId) -> bool {
        self.can(Permission::FileReports) && self.units.contains(&unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: UserRole) -> Principal {
        Principal {
            user: UserId(1),
            role,
            units: vec![UnitId(10)],
            leader: Some(LeaderId(5)),
            monitors: vec![ItemId(3)],
            region: None,
        }
    }

    fn item(id: i64, units: &[i64], leaders: &[i64]) -> ItemParties {
        ItemParties {
            item: ItemId(id),
            units: units.iter().map(|u| UnitId(*u)).collect(),
            leads: units.first().map(|u| UnitId(*u)).into_iter().collect(),
            leaders: leaders.iter().map(|l| LeaderId(*l)).collect(),
        }
    }

    #[test]
    fn anonymous_reads_only_public() {
        for p in Permission::ALL {
            assert_eq!(grants(None, *p), *p == Permission::ReadPublic, "{p}");
        }
    }

    #[test]
    fn every_permission_is_in_the_table_once() {
        for p in Permission::ALL {
            assert_eq!(GRANTS.iter().filter(|(q, _)| q == p).count(), 1, "{p}");
        }
    }

    #[test]
    fn a_region_reaches_itself_and_below_not_beside_or_above() {
        // Province 1 > city 2 > county 3; city 4 is 2's sibling.
        let county = [RegionId(3), RegionId(2), RegionId(1)];
        let city = [RegionId(2), RegionId(1)];
        let other_city = [RegionId(4), RegionId(1)];
        let mut office = person(Coordinator);
        assert!(
            office.within(&county) && office.within(&other_city),
            "no region: all"
        );
        office.region = Some(RegionId(2));
        assert!(office.within(&county) && office.within(&city));
        assert!(!office.within(&other_city) && !office.within(&[RegionId(1)]));
        office.region = Some(RegionId(3));
        assert!(office.within(&county) && !office.within(&city));
        assert!(
            !office.within(&[]),
            "an object without a region is nobody's"
        );
    }

    #[test]
    fn scope_follows_units_leaders_and_monitors() {
        let mine = item(1, &[10, 11], &[9]);
        let theirs = item(2, &[11], &[5]);
        let watched = item(3, &[12], &[]);
        let staff = person(UnitStaff);
        assert!(staff.can_read_item(&mine) && !staff.can_read_item(&theirs));
        assert!(staff.can_file_for(UnitId(10), &mine));
        assert!(
            !staff.can_file_for(UnitId(11), &mine),
            "a co-unit's share is not mine"
        );
        assert!(!staff.can_file_for(UnitId(10), &theirs));
        assert!(staff.can_read_draft_of(UnitId(10)) && !staff.can_read_draft_of(UnitId(11)));
        let leader = person(Leader);
        assert!(leader.can_read_item(&theirs) && !leader.can_read_item(&mine));
        assert!(leader.leads(&theirs) && leader.unit_on(&mine).is_none());
        let deputy = person(Deputy);
        assert!(deputy.can_read_item(&watched) && deputy.can_comment(&watched));
        assert!(!deputy.can_read_item(&mine) && !deputy.can_comment(&mine));
        let coordinator = person(Coordinator);
        assert!(coordinator.can_read_item(&theirs) && !coordinator.can_read_draft_of(UnitId(10)));
        assert!(!coordinator.can_file_for(UnitId(10), &mine));
        let viewer = person(Viewer);
        assert!(viewer.can_read_item(&mine) && !viewer.can(Permission::Decide));
        // Dashboards: a leader reads those of plans with items in their charge (leader 5).
        assert!(leader.can_read_overview(&[LeaderId(3), LeaderId(5)]));
        assert!(!leader.can_read_overview(&[LeaderId(9)]));
        assert!(viewer.can_read_overview(&[]) && coordinator.can_read_overview(&[]));
        assert!(!staff.can_read_overview(&[LeaderId(5)]) && !deputy.can_read_overview(&[]));
    }
}
