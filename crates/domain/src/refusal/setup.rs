//! Refusals of the set-up an administrator or the office does: accounts, the directory of
//! regions, units and leaders, a plan's settings, reminder contacts, tokens and jobs.

use super::RefusalKind;
use crate::access::PasswordProblem;

/// A kind of thing in the directory, for refusals that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A region (地区).
    Region,
    /// A unit (单位).
    Unit,
    /// A leader (领导).
    Leader,
}

impl Named {
    fn zh(self) -> &'static str {
        match self {
            Named::Region => "地区",
            Named::Unit => "单位",
            Named::Leader => "领导",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Named::Region => "region",
            Named::Unit => "unit",
            Named::Leader => "leader",
        }
    }
}

/// A set-up change the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupRefusal {
    /// A user name of 2–32 letters, digits, 汉字 and `. _ - @`.
    UsernameRules {
        /// The name given.
        name: String,
    },
    /// The user name is in use.
    UsernameTaken {
        /// The name given.
        name: String,
    },
    /// A password the policy refuses.
    Password(PasswordProblem),
    /// A display name of at most `max` characters.
    DisplayNameLength {
        /// The limit.
        max: usize,
    },
    /// A phone or e-mail of at most `max` characters.
    ContactLength {
        /// The limit.
        max: usize,
    },
    /// A unit account is bound to at least one unit.
    UnitAccountNeedsUnit,
    /// An administrator's account is not confined to a region: it manages every account, so
    /// a region would confine nothing.
    AdminHasNoRegion,
    /// An API token is named for what it is for.
    TokenNameRequired,
    /// The second factor is already on (turn it off first to set up another device).
    SecondFactorOn,
    /// There is no second factor to use or turn off.
    SecondFactorOff,
    /// The code typed does not match the authenticator (or was used already).
    SecondFactorCode,
    /// A name of 1 to 100 characters.
    NameLength {
        /// What is named.
        what: Named,
    },
    /// Another one has that name.
    NameTaken {
        /// What is named.
        what: Named,
    },
    /// A region cannot be its own parent.
    OwnParent,
    /// An empty alias.
    AliasEmpty,
    /// Light thresholds must satisfy 0 ≤ yellow < red ≤ 100.
    Thresholds,
    /// Blue-light days are 0 to 366.
    BlueDays,
    /// The due day does not fit the cadence.
    DueDay,
    /// Grace of at most 60 days.
    GraceDays,
    /// The list of delay causes is empty.
    DelayCausesEmpty,
    /// Score weights are numbers from 0 to 100.
    WeightRange,
    /// Score weights are not all zero.
    WeightsAllZero,
    /// A start date before 2000.
    StartDate,
    /// A jump factor from 1 to 50.
    JumpFactor,
    /// A contact is a liaison, a unit head or a leader.
    ContactKindMissing,
    /// Liaisons and heads belong to a unit, leaders to a leader.
    ContactBinding,
    /// A contact's name of 1 to 50 characters.
    ContactName,
    /// An e-mail address that does not look like one.
    EmailFormat,
    /// A robot's address is an http(s) URL.
    WebhookUrl,
    /// A contact with neither an e-mail address nor a robot cannot be reached.
    NoChannel,
    /// An office platform's user id is one id: letters, digits and `_-.@`, no spaces and no
    /// list separators (a `,` or `|` would address others too).
    WorkUserId,
    /// Only a failed job is retried.
    JobNotFailed,
    /// PostgreSQL is backed up with pg_dump.
    BackupIsPgDump,
}

impl SetupRefusal {
    /// Whether the input or the state is at fault.
    pub fn kind(&self) -> RefusalKind {
        match self {
            SetupRefusal::UsernameTaken { .. }
            | SetupRefusal::NameTaken { .. }
            | SetupRefusal::JobNotFailed => RefusalKind::Conflict,
            _ => RefusalKind::Invalid,
        }
    }

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            SetupRefusal::UsernameRules { .. } => "username_rules",
            SetupRefusal::UsernameTaken { .. } => "username_taken",
            SetupRefusal::Password(_) => "password_policy",
            SetupRefusal::DisplayNameLength { .. } => "display_name_length",
            SetupRefusal::ContactLength { .. } => "contact_length",
            SetupRefusal::UnitAccountNeedsUnit => "unit_account_needs_unit",
            SetupRefusal::AdminHasNoRegion => "admin_has_no_region",
            SetupRefusal::TokenNameRequired => "token_name_required",
            SetupRefusal::SecondFactorOn => "second_factor_on",
            SetupRefusal::SecondFactorOff => "second_factor_off",
            SetupRefusal::SecondFactorCode => "second_factor_code",
            SetupRefusal::NameLength { .. } => "name_length",
            SetupRefusal::NameTaken { .. } => "name_taken",
            SetupRefusal::OwnParent => "own_parent",
            SetupRefusal::AliasEmpty => "alias_empty",
            SetupRefusal::Thresholds => "thresholds",
            SetupRefusal::BlueDays => "blue_days",
            SetupRefusal::DueDay => "due_day",
            SetupRefusal::GraceDays => "grace_days",
            SetupRefusal::DelayCausesEmpty => "delay_causes_empty",
            SetupRefusal::WeightRange => "weight_range",
            SetupRefusal::WeightsAllZero => "weights_all_zero",
            SetupRefusal::StartDate => "start_date",
            SetupRefusal::JumpFactor => "jump_factor",
            SetupRefusal::ContactKindMissing => "contact_kind_missing",
            SetupRefusal::ContactBinding => "contact_binding",
            SetupRefusal::ContactName => "contact_name",
            SetupRefusal::EmailFormat => "email_format",
            SetupRefusal::WebhookUrl => "webhook_url",
            SetupRefusal::NoChannel => "no_channel",
            SetupRefusal::WorkUserId => "work_user_id",
            SetupRefusal::JobNotFailed => "job_not_failed",
            SetupRefusal::BackupIsPgDump => "backup_is_pg_dump",
        }
    }

    /// What it says in Chinese, with what to do.
    pub fn zh(&self) -> String {
        match self {
            SetupRefusal::UsernameRules { name } => format!(
                "用户名“{name}”不合规：2–32 个字符，只用字母、数字、汉字和 . _ - @。"
            ),
            SetupRefusal::UsernameTaken { name } => format!("用户名“{name}”已被使用，请换一个。"),
            SetupRefusal::Password(p) => match p {
                PasswordProblem::TooShort => "口令至少 8 位。".into(),
                PasswordProblem::TooSimple => {
                    "口令须包含大写字母、小写字母、数字、符号中的至少三类。".into()
                }
                PasswordProblem::SameAsUsername => "口令不能与用户名相同。".into(),
            },
            SetupRefusal::DisplayNameLength { max } => format!("显示名称最多 {max} 字。"),
            SetupRefusal::ContactLength { max } => format!("电话和电子邮箱各最多 {max} 字。"),
            SetupRefusal::UnitAccountNeedsUnit => "单位账号须至少绑定一个单位。".into(),
            SetupRefusal::AdminHasNoRegion => {
                "系统管理员管理全部账号，不能限定地区；请把“所属地区”留空，或改选其他角色。"
                    .into()
            }
            SetupRefusal::TokenNameRequired => "请给令牌起一个名称，说明用途。".into(),
            SetupRefusal::SecondFactorOn => {
                "动态口令已经开启；如要换手机，请先关闭再重新设置。".into()
            }
            SetupRefusal::SecondFactorOff => "尚未开启动态口令，请先按页面提示设置。".into(),
            SetupRefusal::SecondFactorCode => {
                "验证码不正确或已用过：请输入验证器应用当前显示的 6 位数字（或一个未用过的恢复码），并确认手机时间准确。".into()
            }
            SetupRefusal::NameLength { what } => {
                format!("{}名称不能为空，且不超过 100 字。", what.zh())
            }
            SetupRefusal::NameTaken { what } => {
                format!("已有同名的{}，请换一个名称。", what.zh())
            }
            SetupRefusal::OwnParent => "上级地区不能是自己。".into(),
            SetupRefusal::AliasEmpty => "别名不能为空。".into(),
            SetupRefusal::Thresholds => "亮灯阈值应满足 0 ≤ 黄灯 < 红灯 ≤ 100。".into(),
            SetupRefusal::BlueDays => "蓝灯天数应在 0 到 366 之间。".into(),
            SetupRefusal::DueDay => "报送日超出范围：每周填 1–7（周一至周日），每旬填 0–10（旬末后天数），每月/每季填 1–31。".into(),
            SetupRefusal::GraceDays => "宽限天数不能超过 60 天。".into(),
            SetupRefusal::DelayCausesEmpty => "延期原因列表不能为空。".into(),
            SetupRefusal::WeightRange => "权重应为 0 到 100 之间的数字。".into(),
            SetupRefusal::WeightsAllZero => "权重不能全为 0。".into(),
            SetupRefusal::StartDate => "开始日期不正确。".into(),
            SetupRefusal::JumpFactor => {
                "跳增核对倍数应在 1 到 50 之间（默认 4：可超前计划进度 4 期）。".into()
            }
            SetupRefusal::ContactKindMissing => "请选择联系人类别。".into(),
            SetupRefusal::ContactBinding => {
                "联络员和单位负责人须选择单位，分管领导须选择领导。".into()
            }
            SetupRefusal::ContactName => "请填写联系人姓名（不超过 50 字）。".into(),
            SetupRefusal::EmailFormat => {
                "电子邮箱格式不正确，例如 liaison@example.gov.cn。".into()
            }
            SetupRefusal::WebhookUrl => "机器人地址须以 https:// 开头。".into(),
            SetupRefusal::NoChannel => {
                "请至少填写电子邮箱、机器人地址、手机号或办公平台账号之一，否则提醒无法送达。".into()
            }
            SetupRefusal::WorkUserId => {
                "办公平台账号（钉钉 userid、企业微信 UserID、飞书 user_id/open_id）只能含字母、数字和 _-.@，且一次只填一个人。".into()
            }
            SetupRefusal::JobNotFailed => "只有失败的任务可以重试。".into(),
            SetupRefusal::BackupIsPgDump => "PostgreSQL 由 pg_dump 备份。".into(),
        }
    }

    /// What it says in English, with what to do.
    pub fn en(&self) -> String {
        match self {
            SetupRefusal::UsernameRules { name } => format!(
                "The user name “{name}” does not fit: 2–32 letters, digits, Chinese characters and . _ - @."
            ),
            SetupRefusal::UsernameTaken { name } => {
                format!("The user name “{name}” is taken; choose another.")
            }
            SetupRefusal::Password(p) => match p {
                PasswordProblem::TooShort => "The password needs at least 8 characters.".into(),
                PasswordProblem::TooSimple => {
                    "The password needs three of: upper case, lower case, digits, symbols.".into()
                }
                PasswordProblem::SameAsUsername => {
                    "The password must differ from the user name.".into()
                }
            },
            SetupRefusal::DisplayNameLength { max } => {
                format!("The display name is at most {max} characters.")
            }
            SetupRefusal::ContactLength { max } => {
                format!("Phone and e-mail are at most {max} characters each.")
            }
            SetupRefusal::UnitAccountNeedsUnit => {
                "A unit account needs at least one unit.".into()
            }
            SetupRefusal::AdminHasNoRegion => {
                "An administrator manages every account and cannot be confined to a region; leave the region empty or pick another role.".into()
            }
            SetupRefusal::TokenNameRequired => "Name the token for what it is for.".into(),
            SetupRefusal::SecondFactorOn => {
                "The second factor is already on; turn it off before setting up another phone."
                    .into()
            }
            SetupRefusal::SecondFactorOff => {
                "The second factor is not on yet; set it up as the page shows.".into()
            }
            SetupRefusal::SecondFactorCode => {
                "Wrong or used code: type the 6 digits your authenticator app shows now (or an unused recovery code), and check the phone's clock.".into()
            }
            SetupRefusal::NameLength { what } => {
                format!("The {} name must be 1 to 100 characters.", what.en())
            }
            SetupRefusal::NameTaken { what } => {
                format!("Another {} has that name; choose another.", what.en())
            }
            SetupRefusal::OwnParent => "A region cannot be its own parent.".into(),
            SetupRefusal::AliasEmpty => "The alias is empty.".into(),
            SetupRefusal::Thresholds => {
                "Light thresholds must satisfy 0 ≤ yellow < red ≤ 100.".into()
            }
            SetupRefusal::BlueDays => "Blue-light days must be 0 to 366.".into(),
            SetupRefusal::DueDay => "Due day out of range: weekly 1–7 (Monday to Sunday), ten-day 0–10 (days after the period), monthly or quarterly 1–31.".into(),
            SetupRefusal::GraceDays => "Grace must be at most 60 days.".into(),
            SetupRefusal::DelayCausesEmpty => "The list of delay causes must not be empty.".into(),
            SetupRefusal::WeightRange => "Weights must be numbers from 0 to 100.".into(),
            SetupRefusal::WeightsAllZero => "At least one weight must be above 0.".into(),
            SetupRefusal::StartDate => "The start date looks wrong.".into(),
            SetupRefusal::JumpFactor => {
                "The jump factor is from 1 to 50 (default 4: four periods ahead of the plan).".into()
            }
            SetupRefusal::ContactKindMissing => {
                "Choose whether the contact is a liaison, a unit head or a leader.".into()
            }
            SetupRefusal::ContactBinding => {
                "Liaisons and heads belong to a unit, leaders to a leader.".into()
            }
            SetupRefusal::ContactName => "The name is required, at most 50 characters.".into(),
            SetupRefusal::EmailFormat => {
                "The e-mail address looks wrong, e.g. liaison@example.gov.cn.".into()
            }
            SetupRefusal::WebhookUrl => "The robot's address must be an http(s) URL.".into(),
            SetupRefusal::NoChannel => {
                "Give an e-mail address, a robot, a mobile number or an office platform user id, or reminders reach nobody.".into()
            }
            SetupRefusal::WorkUserId => {
                "An office platform user id (DingTalk userid, WeCom UserID, Feishu user_id/open_id) has only letters, digits and _-.@, and names one person.".into()
            }
            SetupRefusal::JobNotFailed => "Only a failed job can be retried.".into(),
            SetupRefusal::BackupIsPgDump => "PostgreSQL is backed up with pg_dump.".into(),
        }
    }
}
