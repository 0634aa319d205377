//! Verifying a mobile number for a rating campaign that asks for one: the number typed on the
//! item's page gets a six-digit code by SMS (the browser keeps a ticket in a cookie), the code
//! typed back gives a pass for the campaign (another cookie), and with it the person rates each
//! item once. The number itself is never kept, only its keyed hash.

use crate::AppState;
use crate::auth::Me;
use crate::cookies::cookie;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::ids::{Id, parse_id};
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::verify::Mobile;
use minsheng_domain::{CampaignId, ItemId};

/// The cookie holding the ticket of a code sent.
pub const TICKET_COOKIE: &str = "ms_sms";
/// The cookie holding a campaign's pass.
pub const PASS_COOKIE: &str = "ms_pass";

/// Where a citizen stands with a campaign that asks for a verified number.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification {
    /// The campaign does not ask.
    NotAsked,
    /// Asks: type a number.
    Number,
    /// A code was sent to the number ending so; type it.
    Code {
        /// The number's last four digits.
        tail: String,
    },
    /// Verified: the number ending so.
    Verified {
        /// The number's last four digits.
        tail: String,
    },
}

/// What this visitor's cookies say about `campaign`.
pub async fn state_of(
    s: &AppState,
    headers: &HeaderMap,
    campaign: &minsheng_store::Campaign,
) -> Result<Verification, AppError> {
    if !campaign.verify_phone {
        return Ok(Verification::NotAsked);
    }
    let now = s.clock.now().at;
    if let Some(pass) = cookie(headers, PASS_COOKIE)
        && let Some(p) = s.store.phone_pass(&pass, campaign.id, now).await?
    {
        return Ok(Verification::Verified { tail: p.tail });
    }
    if let Some(ticket) = cookie(headers, TICKET_COOKIE)
        && let Some(p) = s.store.pending_code(&ticket, now).await?
        && p.campaign == campaign.id
    {
        return Ok(Verification::Code { tail: p.tail });
    }
    Ok(Verification::Number)
}

/// Whether the visitor's page depends on their own cookies (not the page kept for all).
pub fn personal(headers: &HeaderMap) -> bool {
    cookie(headers, PASS_COOKIE).is_some() || cookie(headers, TICKET_COOKIE).is_some()
}

/// The verified number behind the visitor's pass for `campaign`, if any.
pub async fn verified_phone(
    s: &AppState,
    headers: &HeaderMap,
    campaign: i64,
) -> Result<Option<String>, AppError> {
    let Some(pass) = cookie(headers, PASS_COOKIE) else {
        return Ok(None);
    };
    Ok(s.store
        .phone_pass(&pass, campaign, s.clock.now().at)
        .await?
        .map(|p| p.phone))
}

fn set_cookie(s: &AppState, headers: &HeaderMap, name: &str, value: &str, age: i64) -> HeaderValue {
    let secure = if s.secure_cookies || s.scheme(headers) == "https" {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/public; HttpOnly; SameSite=Lax; Max-Age={age}{secure}"
    ))
    .expect("cookie is ASCII")
}

fn back_to(item: &str, flag: &str) -> Result<String, AppError> {
    let item = parse_id::<ItemId>(item)?;
    Ok(format!("/public/items/{}?{flag}=1#rate", item.0))
}

/// POST /public/campaigns/{id}/code: `phone`, `item`. Sends a code.
pub async fn send_code(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Id(campaign): Id<CampaignId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let to = back_to(field(&f, "item"), "code")?;
    let asks = s.store.campaign(campaign.0).await?.verify_phone;
    let Some(sms) = s.sms.clone().filter(|_| asks) else {
        if !asks {
            return Err(AppError::NotFound(
                "需验证手机号的测评 (campaign asking for a number)",
            ));
        }
        return Err(AppError::Unavailable(Words::new(
            "本站尚未配置短信服务，暂时无法验证手机号；请联系测评组织单位。",
            "No SMS service is set up here, so numbers cannot be verified now.",
        )));
    };
    let Some(mobile) = Mobile::parse(field(&f, "phone")) else {
        return Err(AppError::BadRequest(Words::new(
            "请输入 11 位中国大陆手机号，如 138 1234 5678。",
            "Type a mainland China mobile number of 11 digits.",
        )));
    };
    let key = s.phone_key()?;
    let client = super::client_of(&me, &headers);
    let store = s.store.acting(me.actor());
    let (code, ticket) = store
        .issue_phone_code(
            campaign.0,
            &key.hash(&mobile),
            &mobile.national()[7..],
            &client.origin(),
            s.clock.now().at,
        )
        .await?;
    if let Err(e) = sms.send(AppState::sms_http(), &mobile, &code).await {
        tracing::warn!(error = %e, "verification code not sent");
        store.withdraw_phone_code(&ticket).await?;
        return Err(AppError::Unavailable(Words::new(
            format!("验证码短信发送失败，请稍后再试（{e}）。"),
            "The code could not be sent by SMS; try again later.",
        )));
    }
    let mut res = Redirect::to(&to).into_response();
    let age = minsheng_store::verified::CODE_MINUTES * 60;
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&s, &headers, TICKET_COOKIE, &ticket, age),
    );
    Ok(res)
}

/// POST /public/campaigns/{id}/verify: `code`, `item`. A right code gives the pass.
pub async fn verify(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Id(_campaign): Id<CampaignId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let to = back_to(field(&f, "item"), "verified")?;
    let Some(ticket) = cookie(&headers, TICKET_COOKIE) else {
        return Err(AppError::BadRequest(Words::new(
            "验证码已过期，请重新获取。",
            "The code has expired; get a new one.",
        )));
    };
    let pass = s
        .store
        .acting(me.actor())
        .confirm_phone_code(&ticket, field(&f, "code"), s.clock.now().at)
        .await?;
    let mut res = Redirect::to(&to).into_response();
    let age = minsheng_store::verified::PASS_HOURS * 3600;
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&s, &headers, PASS_COOKIE, &pass, age),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(&s, &headers, TICKET_COOKIE, "", 0),
    );
    Ok(res)
}
