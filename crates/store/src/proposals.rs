//! Proposals for next year's list (征集) in storage: left by citizens (or deputies) with a
//! tracking code, limited per client, screened by the office into candidates (with cost and
//! feasibility notes) or declined with a reason; the proposer follows the fate by the code.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Datelike, Duration, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::civic::{Screen, screen, valid_phone};
use minsheng_domain::{RegionId, UserId};
use serde::Serialize;
use serde_json::json;

/// Proposals one client may leave per day.
pub const PROPOSALS_PER_DAY: i64 = 3;
/// Proposals one client address may leave a day, whatever browsers it names (a household or
/// an office shares one address).
pub const ORIGIN_PROPOSALS_PER_DAY: i64 = 10;

minsheng_domain::code_enum!(
    /// Where a proposal stands.
    ProposalState, "proposal state" {
        /// Received, waiting for screening (已受理).
        Submitted = "submitted",
        /// Screened into the candidate list (列入候选).
        Candidate = "candidate",
        /// Voted in by the deputies and put into next year's draft list (已列入项目).
        Adopted = "adopted",
        /// Declined, with a reason (未采纳).
        Declined = "declined",
        /// Held back by the filter (疑似垃圾).
        Spam = "spam",
    }
);

impl ProposalState {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ProposalState::Submitted => "已受理，待筛选",
            ProposalState::Candidate => "已列入候选项目",
            ProposalState::Declined => "未采纳",
            ProposalState::Adopted => "经人大代表票决，已列入民生实事项目",
            ProposalState::Spam => "已受理，待筛选",
        }
    }
}

/// A proposal to leave.
#[derive(Debug, Clone, Default)]
pub struct NewProposal {
    /// Region it is for.
    pub region: Option<RegionId>,
    /// Year it is for.
    pub year: i32,
    /// Title.
    pub title: String,
    /// What should be done.
    pub content: String,
    /// Where.
    pub location: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// A deputy's account, when a deputy proposes.
    pub deputy: Option<UserId>,
    /// Optional name (office only).
    pub name: Option<String>,
    /// Optional mobile (office only).
    pub phone: Option<String>,
    /// The client (address and browser), kept as a hash.
    pub client: crate::Client,
}

/// A proposal as the office sees it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Proposal {
    /// Identifier.
    pub id: i64,
    /// Region.
    pub region_id: i64,
    /// Year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Content.
    pub content: String,
    /// Location.
    pub location: Option<String>,
    /// Reason.
    pub reason: Option<String>,
    /// Proposed by a deputy (account id).
    pub by_deputy: Option<i64>,
    /// Name.
    pub name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Tracking code.
    pub code: String,
    /// State code.
    pub state: String,
    /// Estimated cost.
    pub cost: Option<String>,
    /// Feasibility.
    pub feasibility: Option<String>,
    /// The office's note (the reason when declined).
    pub note: Option<String>,
    /// Left at.
    pub created_at: DateTime<Utc>,
}

impl Proposal {
    /// State.
    pub fn state(&self) -> ProposalState {
        self.state.parse().unwrap_or(ProposalState::Submitted)
    }
}

const COLS: &str = "id, region_id, year, title, content, location, reason, by_deputy, name, phone, code, state, cost, feasibility, note, created_at";

impl Store {
    /// Leaves a proposal; returns its tracking code.
    pub async fn leave_proposal(
        &self,
        p: &NewProposal,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let Some(region) = p.region else {
            return Err(Refusal::ProposalRegion.into());
        };
        let title = p.title.trim();
        if title.chars().count() < 2 || title.chars().count() > 60 {
            return Err(Refusal::ProposalTitle.into());
        }
        let state = match screen(&format!("{title}\n{}", p.content)) {
            Screen::Invalid(r) => return Err(r.into()),
            Screen::Spam(_) => ProposalState::Spam,
            Screen::Accept => ProposalState::Submitted,
        };
        if !(5..=2000).contains(&p.content.trim().chars().count()) {
            return Err(Refusal::ProposalContent.into());
        }
        // Proposals are gathered for this year's or next year's list.
        let this_year = now
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .year();
        if !(this_year..=this_year + 1).contains(&p.year) {
            return Err(Refusal::ProposalYear { this_year }.into());
        }
        let phone = crate::trimmed(&p.phone, usize::MAX);
        if phone.as_deref().is_some_and(|x| !valid_phone(x)) {
            return Err(Refusal::MobileDigits.into());
        }
        let exists: Option<i64> = on_pool!(self, c => sqlx::query_scalar("SELECT id FROM regions WHERE id = $1").bind(region.0).fetch_optional(c).await?);
        exists.ok_or(StoreError::NotFound("地区 (region)"))?;
        let (client, origin) = (p.client.key(), p.client.origin());
        let since = now - Duration::days(1);
        let (recent, from_origin): (i64, i64) = on_pool!(self, c => sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN client = $1 THEN 1 ELSE 0 END), 0), COUNT(*) FROM proposals WHERE (client = $1 OR origin = $2) AND created_at > $3")
            .bind(&client).bind(&origin).bind(since).fetch_one(c).await?);
        // A changed browser name does not make a new person: the address has a cap of its own.
        if p.deputy.is_none()
            && (recent >= PROPOSALS_PER_DAY || from_origin >= ORIGIN_PROPOSALS_PER_DAY)
        {
            return Err(StoreError::TooMany(format!(
                "每天最多提交 {PROPOSALS_PER_DAY} 条建议，请明天再来 (at most {PROPOSALS_PER_DAY} a day)"
            )));
        }
        let code = format!(
            "JY{}",
            &crate::accounts::random_token()[..10].to_uppercase()
        );
        in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO proposals (region_id, year, title, content, location, reason, by_deputy, name, phone, client, code, state, created_at, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
                .bind(region.0).bind(p.year).bind(title).bind(p.content.trim()).bind(crate::trimmed(&p.location, 100)).bind(crate::trimmed(&p.reason, 500))
                .bind(p.deputy.map(|d| d.0)).bind(crate::trimmed(&p.name, 20)).bind(&phone).bind(&client).bind(&code).bind(state.code()).bind(now).bind(&origin)
                .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("proposal.leave", "proposal", id).after(json!({"region": region, "year": p.year, "title": title, "deputy": p.deputy, "state": state}))).await?;
        });
        Ok(code)
    }

    /// A proposal by its tracking code.
    pub async fn proposal_by_code(&self, code: &str) -> Result<Proposal, StoreError> {
        let sql = format!("SELECT {COLS} FROM proposals WHERE code = $1");
        let p: Option<Proposal> = on_pool!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code.trim().to_uppercase()).fetch_optional(c).await?);
        p.ok_or(StoreError::NotFound("建议（查询码不对）(proposal)"))
    }

    /// Proposals, newest first: of the acting office's region and those below it when it is
    /// confined to one.
    pub async fn proposals(&self) -> Result<Vec<Proposal>, StoreError> {
        let below = crate::regions::within_sql("CAST($1 AS BIGINT)");
        let sql = format!(
            "SELECT {COLS} FROM proposals WHERE (CAST($1 AS BIGINT) IS NULL OR region_id IN {below}) ORDER BY id DESC LIMIT 1000"
        );
        Ok(
            on_pool!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.actor.region.map(|r| r.0)).fetch_all(c).await?),
        )
    }

    /// Screens a proposal into the candidates (with cost and feasibility) or declines it (a
    /// reason is required).
    pub async fn screen_proposal(
        &self,
        id: i64,
        to: ProposalState,
        cost: &str,
        feasibility: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (cost, feasibility, note) = (cost.trim(), feasibility.trim(), note.trim());
        match to {
            ProposalState::Candidate => {}
            ProposalState::Declined if !note.is_empty() => {}
            ProposalState::Declined => {
                return Err(Refusal::DeclineNeedsReason.into());
            }
            _ => {
                return Err(Refusal::ScreenChoice.into());
            }
        }
        let by = self.actor.name.clone();
        let opt = |s: &str| (!s.is_empty()).then(|| s.chars().take(500).collect::<String>());
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE proposals SET state = $1, cost = $2, feasibility = $3, note = $4, screened_by = $5, screened_at = $6 WHERE id = $7")
                .bind(to.code()).bind(opt(cost)).bind(opt(feasibility)).bind(opt(note)).bind(&by).bind(now).bind(id)
                .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("建议 (proposal)"));
            }
            tx.audit(&self.actor, Change::new("proposal.screen", "proposal", id).after(json!({"state": to, "cost": cost, "feasibility": feasibility, "note": note}))).await?;
        });
        Ok(())
    }
}
