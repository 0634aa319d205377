//! What each refusal says in Chinese, with what to do.

use super::Refusal;
use crate::supervision::order::OrderAction;

impl Refusal {
    /// What it says in Chinese, with what to do.
    pub fn zh(&self) -> String {
        match self {
            Refusal::PlanNotPublished => "计划尚未发布，发布后才能填报台账。".into(),
            Refusal::PlanClosed => "计划已关闭，不能再填报台账。".into(),
            Refusal::NotPeriodStart { day } => {
                format!("{day} 不是报送周期的第一天，请从周期列表中选择。")
            }
            Refusal::FuturePeriod { start } => {
                format!("不能填报尚未开始的周期（{start} 起），请填报本期或以前的周期。")
            }
            Refusal::UnitDoesNotReport => {
                "该单位不是此项目的牵头单位，也未分担指标，不能填报。".into()
            }
            Refusal::TargetTwice { target } => format!("指标 {target} 填了两次，请只填一次。"),
            Refusal::TargetNotReported { target } => {
                format!("指标 {target} 不属于此项目或不由本单位填报，请只填写表中列出的指标。")
            }
            Refusal::PeriodLocked { period } => format!(
                "{period} 起的报送周期已锁定，数据已冻结；锁定后补报或更正须填写原因，将作为更正记录显示。"
            ),
            Refusal::CorrectionNeedsReason => "更正已提交的台账须填写更正原因。".into(),
            Refusal::OnlyLeadUnit => "只有此项目的牵头单位可以办理。".into(),
            Refusal::DelayCauseNotListed { causes } => {
                format!("延期原因须从列表中选择：{}。", causes.join("、"))
            }
            Refusal::DeadlineNotLater { current } => {
                format!("新的完成时限须晚于当前时限 {current} 和今天。")
            }
            Refusal::StepsRequired => "请至少填写一条整改措施及完成时间。".into(),
            Refusal::ExplanationPending => "已有一份延期说明在审核中，请等待审核结果。".into(),
            Refusal::ReturnNeedsReason => "退回须写明理由。".into(),
            Refusal::AlreadyDecided => "这份延期说明已审核过。".into(),
            Refusal::CompletionInFuture => "完成日期不能晚于今天。".into(),
            Refusal::AlreadyAccepted => "该项目已验收。".into(),
            Refusal::AcceptancePending => "已有验收申请在审核中，请等待审核结果。".into(),
            Refusal::AcceptanceNotPending => "这份验收申请不存在或已处理。".into(),
            Refusal::DispositionNeedsReason => "终止或结转须写明理由。".into(),
            Refusal::TargetNotOnItem { target } => format!("指标 {target} 不属于此项目。"),
            Refusal::ShareNotPositive => "分担数量须为正数。".into(),
            Refusal::DecidedAbove { region } => format!(
                "此项目由{region}分解下达，调整申请由{region}专班审批；本级可在项目页查看审批进度。"
            ),
            Refusal::BeyondRegion { region } => format!(
                "“{region}”不在您账号所属地区（本级及下级）之内，不能为它建立清单；请核对地区名称，或请上级专班办理。"
            ),
            Refusal::RegionNotBelow { region } => {
                format!("“{region}”不是本清单所属地区的直接下级，只能分解下达到直接下级地区。")
            }
            Refusal::OnlyCountsShared { target } => format!(
                "指标 {target} 是水平或比率类指标，不分解下达，各地区按原标准执行；只有累计数量类指标可以分解。"
            ),
            Refusal::SharesNeeded => {
                "此项目有数量类指标，请至少为该地区填写一个指标的下达数量。".into()
            }
            Refusal::AlreadyAllocated { region } => format!(
                "此项目已分解下达到“{region}”；要调整下达数量，请修改该地区清单中对应项目的指标。"
            ),
            Refusal::NotAllocatedHere { region } => format!(
                "所选上级事项没有分解下达到“{region}”，不能关联；请选择下达到本地区的事项，或请上级专班先分解下达。"
            ),
            Refusal::AlreadyLinked => {
                "此项目已关联上级下达事项，每个项目只能关联一项；如关联有误，请联系上级专班。".into()
            }
            Refusal::AllocatedCopyReported => "上级下达时生成的本地区项目已有填报，关联会使这些填报失去归属，不能关联；请继续在该项目上填报，并删除导入清单中的重复项目。".into(),
            Refusal::MilestoneTitle => "任务名称不能为空，且不超过 200 字。".into(),
            Refusal::PercentOutOfRange => "计划完成百分比应在 0 到 100 之间。".into(),
            Refusal::UnknownUnit => "责任单位不存在，请从单位列表中选择。".into(),
            Refusal::BallotNotOpen => "票决未在进行。".into(),
            Refusal::ChoiceCount { seats } => {
                format!("请在候选项目中选择 1 至 {seats} 项，每项只选一次。")
            }
            Refusal::NotACandidate => "所选项目不在本次候选之中，请重新选择。".into(),
            Refusal::AlreadyVoted => "您已投过票，每位代表只能投一次。".into(),
            Refusal::BallotNotClosed => "票决尚未结束，结束后才能确定当选项目。".into(),
            Refusal::AlreadyAdopted { plan } => format!("当选项目已列入计划草案（计划 {plan}）。"),
            Refusal::BallotTie { votes, tied } => format!(
                "末位得票相同（{votes} 票）：{}。请另行票决后再列入计划。",
                tied.join("、")
            ),
            Refusal::NoVotes => "没有候选项目得票，无法确定当选项目。".into(),
            Refusal::RequirementLength => "请填写督办要求（1–2000 字）。".into(),
            Refusal::DeadlineInPast { deadline } => {
                format!("办理时限 {deadline} 早于今天，请选择今天或以后的日期。")
            }
            Refusal::UnitNotOnItem => "所选单位不是此项目的责任单位，请另选。".into(),
            Refusal::ItemHasNoLead => "此项目没有牵头单位，请先分配责任单位。".into(),
            Refusal::OrderStepNotNow { state, action } => format!(
                "督办单当前为“{}”，不能{}。",
                state.label_zh(),
                action.label_zh()
            ),
            Refusal::OrderNoteRequired { action } => match action {
                OrderAction::Answer => "请填写办理情况。".into(),
                _ => "请填写退回原因和整改要求。".into(),
            },
            Refusal::TooLong { max } => format!("内容不超过 {max} 字，请删减。"),
            Refusal::BulletinRangeNotStarted => "不能为尚未开始的时段出通报。".into(),
            Refusal::BulletinTextLength => "标题 1–200 字，下步工作不超过 10000 字。".into(),
            Refusal::BulletinIssued => "通报已签发，内容已冻结，不能修改。".into(),
            Refusal::MeetingIssued => "会议纪要已印发，会议内容已冻结，不能修改；新的事项请在下次会议议定。".into(),
            Refusal::TitleLength => "名称须为 1–100 字。".into(),
            Refusal::ClosesBeforeOpens => "结束时间应晚于开始时间。".into(),
            Refusal::PlanMustBePublished => "只能对已发布的计划开展测评。".into(),
            Refusal::CampaignNotOpen { opens, closes } => {
                format!("测评未在进行（{opens} 至 {closes}）。")
            }
            Refusal::AlreadyRated => "您已评价过该项目，每人每项只能评价一次。".into(),
            Refusal::PhoneNotVerified => {
                "本次测评每个手机号每项评价一次：请先输入手机号，用短信验证码完成验证。".into()
            }
            Refusal::CampaignNotClosed => "测评结束后才能计入考核。".into(),
            Refusal::PeriodNotFinished => "只能锁定已经结束的周期。".into(),
            Refusal::SiteName => "请填写点位名称（不超过 100 字）。".into(),
            Refusal::CoordinatesOutOfRange => {
                "坐标超出范围：纬度 −90 至 90、经度 −180 至 180，例如 35.41, 116.59。".into()
            }
            Refusal::TextLength { max } => format!("请填写内容（1–{max} 字）。"),
            Refusal::ReplyToMissing => "回复须指明所回复的批示或意见。".into(),
            Refusal::ReplyNotOnItem => "所回复的批示或意见不在此项目上。".into(),
            Refusal::EvidenceNotOnDraft => {
                "附件只能加到本项目的草稿台账、任务、延期说明或验收申请上。".into()
            }
            Refusal::OnlyPhotosPublic => "只有照片可以公开。".into(),
            Refusal::PhotoOfDraft => "这张照片属于尚未报送的台账草稿，不能公开。".into(),
            Refusal::CarryNotAllowed { item } => format!(
                "项目 {item} 不能结转：须为本地区往年已发布计划中未验收、未终止、未结转的项目。"
            ),
            Refusal::CarryIntoDraftOnly => "只能结转到草稿计划。".into(),
            Refusal::ReplyToUnpublished => "只能回复已公开的留言。".into(),
            Refusal::MobileDigits => "手机号应为 11 位数字，可不填。".into(),
            Refusal::DeclineNeedsReason => "未采纳须说明理由，建议人可以看到。".into(),
            Refusal::ScreenChoice => "只能列入候选或不予采纳。".into(),
            Refusal::ProposalYear { this_year } => {
                format!("建议的年度应为 {this_year} 或 {} 年。", this_year + 1)
            }
            Refusal::ProposalRegion => "请选择地区。".into(),
            Refusal::ProposalTitle => "项目名称 2–60 字。".into(),
            Refusal::ProposalContent => "请具体说明建议做什么：至少 5 个字，最多 2000 字。".into(),
            Refusal::MessageLength => "留言 2–1000 字。".into(),
            Refusal::SeatsAndCandidates { candidates, seats } => format!(
                "差额票决：候选项目数（{candidates}）须多于应选数（{seats}），应选数至少为 1。"
            ),
            Refusal::CandidateNotScreened { proposal } => {
                format!("建议 {proposal} 不是候选项目，请先筛选列入候选。")
            }
            Refusal::PlanStateChange { from, to } => format!(
                "计划状态不能从“{}”变为“{}”：草稿只能发布，已发布的只能关闭。",
                from.label_zh(),
                to.label_zh()
            ),
            Refusal::FieldRequired { field } => format!("请填写{}。", field.zh()),
            Refusal::FieldTooLong { field, max } => {
                format!("{}不能超过 {max} 字。", field.zh())
            }
            Refusal::TooMany { field, max } => format!("{}最多 {max} 个。", field.zh()),
            Refusal::TargetValue { metric } => {
                format!("“{metric}”须填不小于 0 的数字，例如 320 或 1050.5。")
            }
            Refusal::ShareTwice { unit } => format!(
                "“{unit}”分担了两个指标：一个单位在一个项目里只能分担一个指标，请合并或删去一处。"
            ),
            Refusal::PlanNotDraft => {
                "计划已发布，不能再直接编辑；已发布计划的变更须作为调整提出并经审批。".into()
            }
            Refusal::CategoryNotInPlan => "该分类不属于这份计划，请刷新页面后重试。".into(),
            Refusal::AdjustDraft => "计划还是草稿，请直接在“编辑清单”里修改，无需提出调整。".into(),
            Refusal::AdjustmentPending => {
                "这个项目已有一项调整在等待审批，请等审批后再提出。".into()
            }
            Refusal::AdjustmentDecided => "这项调整已审批过，请刷新页面查看结果。".into(),
            Refusal::AdjustmentUnchanged => "提出的内容与现在相同，没有需要调整的地方。".into(),
            Refusal::DecisionRecordRequired => {
                "重大调整须有决定依据：请填写决定机关、文号和日期后再批准。".into()
            }
            Refusal::ItemEnded => "该项目已终止、已并入其他项目或已结转，不能再调整。".into(),
            Refusal::NewItemByOffice => "新增项目由专班/督查室提出；单位可把建议报专班。".into(),
            Refusal::DateOutOfRange { field } => {
                format!("{}应在 2000 年到 2100 年之间，例如 2025-12-31。", field.zh())
            }
            Refusal::CategoryNameTaken => "这个分类名称已经有了，请换一个名称，或把项目移到已有的分类。".into(),
            Refusal::SplitNeedsParts => {
                "拆分须写明拆出的项目：在“拆出的项目”框里每项一行，例如：2. 新建社区食堂3处（牵头单位：区民政局）。".into()
            }
            Refusal::MergeNeedsItems => {
                "合并须勾选要并入本项目的其他项目（同一计划中尚在实施的项目）。".into()
            }
            Refusal::TargetHasReports { metric } => format!(
                "指标“{metric}”已有填报数据，不能删除；可改为“仅供参考，不计入考核”，或调整其目标值。"
            ),
            Refusal::ReportInput(e) => e.zh(),
            Refusal::Questions(q) => q.iter().map(|q| q.zh.as_str()).collect::<Vec<_>>().join(" "),
            Refusal::Setup(r) => r.zh(),
        }
    }
}
