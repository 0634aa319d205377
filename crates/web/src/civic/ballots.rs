//! The deputies' vote on the web (票决): the office puts candidates to a ballot; deputies
//! vote once, choosing up to K; totals are shown only after the ballot closes.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::ids::parse_id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::Refusal;
use minsheng_domain::RegionId;
use minsheng_domain::{BallotId, CandidateId};
use minsheng_store::{Ballot, BallotCandidate, Proposal, ProposalState};

#[derive(Template, WebTemplate)]
#[template(path = "ballots.html")]
pub struct ListPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    ballots: Vec<Ballot>,
    candidates: Vec<Proposal>,
    regions: Vec<(i64, String)>,
}

/// GET /ballots: ballots; for the office also the form to start one.
pub async fn list(State(s): State<AppState>, lang: Lang, me: Me) -> Result<ListPage, AppError> {
    let candidates = if me.can("supervise") {
        s.store
            .proposals()
            .await?
            .into_iter()
            .filter(|p| p.state() == ProposalState::Candidate)
            .collect()
    } else {
        Vec::new()
    };
    Ok(ListPage {
        t: lang.tr(),
        lang,
        ballots: s.store.ballots().await?,
        candidates,
        regions: s
            .store
            .regions()
            .await?
            .into_iter()
            .map(|r| (r.id.0, r.name))
            .collect(),
        me,
    })
}

/// POST /ballots: `title`, `region`, `year`, `choose`, `opens`, `closes`, `candidate` (repeated).
pub async fn create(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let candidates: Vec<i64> = f
        .iter()
        .filter(|(k, _)| k == "candidate")
        .map(|(_, v)| parse_id::<CandidateId>(v).map(|c| c.0))
        .collect::<Result<_, _>>()?;
    let region = parse_id::<RegionId>(field(&f, "region"))?;
    let year = field(&f, "year")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("年度应为数字。", "Year.")))?;
    let choose = field(&f, "choose")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("应选数应为数字。", "Seats.")))?;
    let opens = super::campaigns::instant(field(&f, "opens"), "开始时间")?;
    let closes = super::campaigns::instant(field(&f, "closes"), "结束时间")?;
    let id = me
        .store(&s)
        .create_ballot(
            region,
            year,
            field(&f, "title"),
            choose,
            &candidates,
            (opens, closes),
            s.clock.now().at,
        )
        .await?;
    Ok(Redirect::to(&format!("/ballots/{id}")))
}

#[derive(Template, WebTemplate)]
#[template(path = "ballot.html")]
pub struct BallotPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    b: Ballot,
    candidates: Vec<BallotCandidate>,
    open: bool,
    closed: bool,
    may_vote: bool,
    voted: bool,
    /// A vote sent back: what was wrong, and the choices ticked (kept on the ballot).
    refused: Option<String>,
    picked: Vec<i64>,
}

impl BallotPage {
    fn ticked(&self, id: &i64) -> bool {
        self.picked.contains(id)
    }
}

/// GET /ballots/{id}.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(BallotId(id)): Id<BallotId>,
) -> Result<BallotPage, AppError> {
    ballot_page(&s, lang, me, id, None, Vec::new()).await
}

async fn ballot_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    id: i64,
    refused: Option<String>,
    picked: Vec<i64>,
) -> Result<BallotPage, AppError> {
    let (b, candidates) = s.store.ballot(id).await?;
    let now = s.clock.now().at;
    let voted = match me.user.as_ref() {
        Some(u) if me.can("vote") => s.store.has_voted(id, u.id).await?,
        _ => false,
    };
    Ok(BallotPage {
        t: lang.tr(),
        lang,
        open: b.open(now),
        closed: now >= b.closes_at,
        may_vote: me.can("vote") && b.open(now) && !voted,
        voted,
        me,
        b,
        candidates,
        refused,
        picked,
    })
}

/// POST /ballots/{id}/vote: `choice` (repeated). A vote the rules refuse (none ticked, too
/// many, not a candidate) comes back on the ballot with the ticks kept and what to change.
pub async fn vote(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(BallotId(id)): Id<BallotId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let user = me.principal()?.user;
    let choices: Vec<i64> = f
        .iter()
        .filter(|(k, _)| k == "choice")
        .map(|(_, v)| parse_id::<CandidateId>(v).map(|c| c.0))
        .collect::<Result<_, _>>()?;
    match me
        .store(&s)
        .cast_ballot(id, user, &choices, s.clock.now().at)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/ballots/{id}")).into_response()),
        Err(minsheng_store::StoreError::Refused(
            r @ (Refusal::ChoiceCount { .. } | Refusal::NotACandidate),
        )) => {
            let said = match lang {
                Lang::En => r.en(),
                _ => r.zh(),
            };
            let page = ballot_page(&s, lang, me, id, Some(said), choices).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
