//! Local HTTP servers shaped like the office platforms' APIs for personal work notices. Each
//! checks a request as the platform documents it — paths, methods, query parameters, the
//! body's fields and limits — written here from the vendors' pages, not from the server's
//! code, and answers in the platform's shape, errors included:
//!
//! - DingTalk: `GET /gettoken` (<https://open.dingtalk.com/document/orgapp/obtain-orgapp-token>)
//!   and `POST /topapi/message/corpconversation/asyncsend_v2`
//!   (<https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages>):
//!   `agent_id` a number, `userid_list` comma-separated, `msg` at most 2048 bytes with the
//!   object its `msgtype` names; a bad token is errcode 40014.
//! - WeCom: `GET /cgi-bin/gettoken` (<https://developer.work.weixin.qq.com/document/path/91039>)
//!   and `POST /cgi-bin/message/send` (<https://developer.work.weixin.qq.com/document/path/90236>):
//!   `touser` `|`-separated, `agentid` a number, a `textcard` with title ≤ 128 bytes,
//!   description ≤ 512 bytes and a url; unknown users come back in `invaliduser`, lower case;
//!   a bad token is errcode 40014 (<https://developer.work.weixin.qq.com/document/path/90313>).
//! - Feishu: `POST /open-apis/auth/v3/tenant_access_token/internal`
//!   (<https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal>)
//!   and `POST /open-apis/im/v1/messages?receive_id_type=…` with a bearer token
//!   (<https://open.feishu.cn/document/server-docs/im-v1/message/create>): `content` a JSON
//!   string; errors are HTTP 400 with `{code, msg}`: 99991663 for a bad token, 230013 for a
//!   person outside the bot's availability.

#![allow(dead_code)]

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A message a receiver accepted: (user id, title, link).
pub type Got = (String, String, String);

/// What a receiver knows and has seen.
#[derive(Clone, Default)]
pub struct Receiver {
    /// The users the application can reach.
    pub users: Arc<Mutex<Vec<String>>>,
    /// Messages accepted.
    pub got: Arc<Mutex<Vec<Got>>>,
    /// Tokens issued (the current one is the last).
    pub tokens: Arc<Mutex<Vec<String>>>,
    /// Requests the receiver found malformed, with why.
    pub malformed: Arc<Mutex<Vec<String>>>,
    /// Lifetime of tokens issued, in seconds.
    pub lifetime: Arc<Mutex<u64>>,
}

impl Receiver {
    fn new(users: &[&str]) -> Receiver {
        let r = Receiver::default();
        *r.users.lock().unwrap() = users.iter().map(|u| u.to_string()).collect();
        *r.lifetime.lock().unwrap() = 7200;
        r
    }

    /// Withdraws every token issued, as a platform does when the secret is rotated.
    pub fn revoke_tokens(&self) {
        self.tokens.lock().unwrap().push("revoked".into());
    }

    fn issue(&self, prefix: &str) -> (String, u64) {
        let mut tokens = self.tokens.lock().unwrap();
        let t = format!("{prefix}{}", tokens.len() + 1);
        tokens.push(t.clone());
        (t, *self.lifetime.lock().unwrap())
    }

    fn current(&self, token: &str) -> bool {
        self.tokens.lock().unwrap().last().map(String::as_str) == Some(token)
    }

    fn bad(&self, why: String) {
        self.malformed.lock().unwrap().push(why);
    }

    fn knows(&self, user: &str) -> bool {
        self.users.lock().unwrap().iter().any(|u| u == user)
    }
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

pub const DINGTALK_KEY: &str = "dingappkey";
pub const DINGTALK_SECRET: &str = "dingappsecret";
pub const DINGTALK_AGENT: i64 = 2_874_123_456;

async fn dingtalk_token(
    State(r): State<Receiver>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    if q.get("appkey").map(String::as_str) != Some(DINGTALK_KEY)
        || q.get("appsecret").map(String::as_str) != Some(DINGTALK_SECRET)
    {
        return Json(json!({"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}));
    }
    let (t, life) = r.issue("ding-");
    Json(json!({"errcode": 0, "access_token": t, "errmsg": "ok", "expires_in": life}))
}

async fn dingtalk_send(
    State(r): State<Receiver>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    if !r.current(q.get("access_token").map(String::as_str).unwrap_or("")) {
        return Json(json!({"errcode": 40014, "errmsg": "不合法的access_token"}));
    }
    let msg = &body["msg"];
    let kind = msg["msgtype"].as_str().unwrap_or("");
    if body["agent_id"].as_i64() != Some(DINGTALK_AGENT) {
        r.bad(format!("agent_id {}", body["agent_id"]));
    }
    if msg.to_string().len() > 2048 {
        r.bad("msg over 2048 bytes".into());
    }
    if !["text", "link", "markdown", "action_card", "oa"].contains(&kind) || !msg[kind].is_object()
    {
        r.bad(format!("msgtype {kind}"));
    }
    let card = &msg["action_card"];
    for f in ["title", "markdown", "single_title", "single_url"] {
        if kind == "action_card" && !card[f].is_string() {
            r.bad(format!("action_card.{f}"));
        }
    }
    let users = body["userid_list"].as_str().unwrap_or("");
    // The notice is sent asynchronously: the answer says the task was taken.
    for u in users.split(',').filter(|u| r.knows(u)) {
        r.got.lock().unwrap().push((
            u.to_string(),
            card["title"].as_str().unwrap_or("").to_string(),
            card["single_url"].as_str().unwrap_or("").to_string(),
        ));
    }
    Json(json!({"errcode": 0, "task_id": 256_271_667_526_i64, "request_id": "4jzllmte0wau"}))
}

/// A DingTalk receiver reaching `users`; returns its base address.
pub async fn dingtalk(users: &[&str]) -> (String, Receiver) {
    let r = Receiver::new(users);
    let app = axum::Router::new()
        .route("/gettoken", axum::routing::get(dingtalk_token))
        .route(
            "/topapi/message/corpconversation/asyncsend_v2",
            axum::routing::post(dingtalk_send),
        )
        .with_state(r.clone());
    (serve(app).await, r)
}

pub const WECOM_CORP: &str = "ww1234567890abcdef";
pub const WECOM_SECRET: &str = "wecomsecret";
pub const WECOM_AGENT: i64 = 1_000_002;

async fn wecom_token(
    State(r): State<Receiver>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    if q.get("corpid").map(String::as_str) != Some(WECOM_CORP)
        || q.get("corpsecret").map(String::as_str) != Some(WECOM_SECRET)
    {
        return Json(json!({"errcode": 40001, "errmsg": "invalid credential"}));
    }
    let (t, life) = r.issue("wecom-");
    Json(json!({"errcode": 0, "errmsg": "ok", "access_token": t, "expires_in": life}))
}

async fn wecom_send(
    State(r): State<Receiver>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    if !r.current(q.get("access_token").map(String::as_str).unwrap_or("")) {
        return Json(json!({"errcode": 40014, "errmsg": "invalid access_token"}));
    }
    if body["agentid"].as_i64() != Some(WECOM_AGENT) {
        r.bad(format!("agentid {}", body["agentid"]));
    }
    let card = &body["textcard"];
    if body["msgtype"] != "textcard" || !card["url"].is_string() {
        r.bad(format!("msgtype {}", body["msgtype"]));
    }
    if card["title"].as_str().unwrap_or("").len() > 128 {
        r.bad("title over 128 bytes".into());
    }
    if card["description"].as_str().unwrap_or("").len() > 512 {
        r.bad("description over 512 bytes".into());
    }
    let (mut invalid, mut reached) = (Vec::new(), 0);
    for u in body["touser"].as_str().unwrap_or("").split('|') {
        if r.knows(u) {
            reached += 1;
            r.got.lock().unwrap().push((
                u.to_string(),
                card["title"].as_str().unwrap_or("").to_string(),
                card["url"].as_str().unwrap_or("").to_string(),
            ));
        } else {
            invalid.push(u.to_lowercase());
        }
    }
    if reached == 0 {
        return Json(json!({"errcode": 81013, "errmsg": "user & party & tag all invalid"}));
    }
    Json(json!({
        "errcode": 0, "errmsg": "ok",
        "invaliduser": invalid.join("|"), "invalidparty": "", "invalidtag": "",
        "unlicenseduser": "", "msgid": "xxxx", "response_code": "xyzxyz"
    }))
}

/// A WeCom receiver reaching `users`; returns its base address.
pub async fn wecom(users: &[&str]) -> (String, Receiver) {
    let r = Receiver::new(users);
    let app = axum::Router::new()
        .route("/cgi-bin/gettoken", axum::routing::get(wecom_token))
        .route("/cgi-bin/message/send", axum::routing::post(wecom_send))
        .with_state(r.clone());
    (serve(app).await, r)
}

pub const FEISHU_APP: &str = "cli_a1b2c3d4e5f6";
pub const FEISHU_SECRET: &str = "feishusecret";

async fn feishu_token(State(r): State<Receiver>, Json(body): Json<Value>) -> impl IntoResponse {
    if body["app_id"] != FEISHU_APP || body["app_secret"] != FEISHU_SECRET {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 10014, "msg": "app secret invalid"})),
        );
    }
    let (t, life) = r.issue("t-");
    (
        StatusCode::OK,
        Json(json!({"code": 0, "msg": "ok", "tenant_access_token": t, "expire": life})),
    )
}

async fn feishu_send(
    State(r): State<Receiver>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> impl IntoResponse {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !r.current(bearer) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 99991663, "msg": "Invalid access token for authorization."})),
        );
    }
    let user = body["receive_id"].as_str().unwrap_or("").to_string();
    match q.get("receive_id_type").map(String::as_str) {
        Some("open_id") if user.starts_with("ou_") => {}
        Some("user_id") if !user.starts_with("ou_") => {}
        other => r.bad(format!("receive_id_type {other:?} for {user}")),
    }
    let content: Value = body["content"]
        .as_str()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    let post = &content["zh_cn"];
    if body["msg_type"] != "post" || !post["content"].is_array() {
        r.bad(format!(
            "msg_type {} / content {}",
            body["msg_type"], body["content"]
        ));
    }
    let link = post["content"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p.as_array().cloned().unwrap_or_default())
        .find(|e| e["tag"] == "a")
        .and_then(|a| a["href"].as_str().map(String::from))
        .unwrap_or_default();
    if !r.knows(&user) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 230013, "msg": "Bot has NO availability to this user."})),
        );
    }
    r.got
        .lock()
        .unwrap()
        .push((user, post["title"].as_str().unwrap_or("").to_string(), link));
    (
        StatusCode::OK,
        Json(
            json!({"code": 0, "msg": "success", "data": {"message_id": "om_dc13264520392913993dd051dba21dcf"}}),
        ),
    )
}

/// A Feishu receiver reaching `users`; returns its base address.
pub async fn feishu(users: &[&str]) -> (String, Receiver) {
    let r = Receiver::new(users);
    let app = axum::Router::new()
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal",
            axum::routing::post(feishu_token),
        )
        .route(
            "/open-apis/im/v1/messages",
            axum::routing::post(feishu_send),
        )
        .with_state(r.clone());
    (serve(app).await, r)
}
