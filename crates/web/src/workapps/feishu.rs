//! Feishu messages from a self-built application's bot (自建应用机器人): a tenant token from
//! the App ID and App Secret, then a rich-text post to the person.
//!
//! - Token: `POST /open-apis/auth/v3/tenant_access_token/internal` with `{app_id,
//!   app_secret}` answers `{code, msg, tenant_access_token, expire}`
//!   (<https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal>).
//! - Message: `POST /open-apis/im/v1/messages?receive_id_type=open_id|user_id` with
//!   `Authorization: Bearer <tenant_access_token>` and `{receive_id, msg_type: "post",
//!   content}`, `content` being the post as a JSON string; answers `{code, msg, data}`, errors
//!   with an HTTP 4xx status and the same JSON
//!   (<https://open.feishu.cn/document/server-docs/im-v1/message/create>).
//! - A token the platform no longer takes is code 99991661, 99991663, 99991668 or 99991677;
//!   230013 is a person outside the bot's availability.

use super::{Answer, Fields, NoticeError, WorkNotice, answer, judged, token_of};

/// Feishu's names for the fields of its answers.
const FEISHU: Fields = Fields {
    code: "code",
    message: "msg",
    token: "tenant_access_token",
    lifetime: "expire",
};
use serde_json::json;

pub(super) const NAME: &str = "飞书";
pub(super) const API: &str = "https://open.feishu.cn";

/// A self-built application on Feishu.
#[derive(Debug, Clone)]
pub(super) struct Feishu {
    pub api: String,
    pub app_id: String,
    pub app_secret: String,
}

/// Which kind of id a receiver is: open ids start with `ou_`, anything else is a user_id.
pub(super) fn receive_id_type(user: &str) -> &'static str {
    if user.starts_with("ou_") {
        "open_id"
    } else {
        "user_id"
    }
}

impl Feishu {
    /// A new tenant access token and its lifetime in seconds.
    pub(super) async fn token(&self, http: &reqwest::Client) -> Result<(String, u64), NoticeError> {
        let sent = http
            .post(format!(
                "{}/open-apis/auth/v3/tenant_access_token/internal",
                self.api
            ))
            .json(&json!({"app_id": self.app_id, "app_secret": self.app_secret}))
            .send()
            .await;
        token_of(NAME, &answer(NAME, sent).await?, &FEISHU)
    }

    /// The body of a message: a post, one paragraph per line, the link last.
    pub(super) fn body(user: &str, n: &WorkNotice<'_>) -> serde_json::Value {
        let mut paragraphs: Vec<serde_json::Value> = n
            .text
            .lines()
            .map(|l| json!([{"tag": "text", "text": l}]))
            .collect();
        paragraphs.push(json!([{"tag": "a", "text": "打开处理", "href": n.link}]));
        let post = json!({"zh_cn": {"title": n.title, "content": paragraphs}});
        json!({
            "receive_id": user,
            "msg_type": "post",
            "content": post.to_string(),
        })
    }

    pub(super) async fn send(
        &self,
        http: &reqwest::Client,
        token: &str,
        user: &str,
        n: &WorkNotice<'_>,
    ) -> Answer {
        let sent = http
            .post(format!("{}/open-apis/im/v1/messages", self.api))
            .query(&[("receive_id_type", receive_id_type(user))])
            .bearer_auth(token)
            .json(&Self::body(user, n))
            .send()
            .await;
        let v = match answer(NAME, sent).await {
            Ok(v) => v,
            Err(e) => return Answer::Failed(e),
        };
        if v["code"].as_i64() == Some(230013) {
            return Answer::Failed(NoticeError::NoSuchUser {
                platform: NAME,
                user: user.to_string(),
            });
        }
        judged(NAME, &v, &FEISHU, &[99991661, 99991663, 99991668, 99991677])
    }
}
