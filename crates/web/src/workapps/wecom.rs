//! WeCom 应用消息 from a self-built application (自建应用): a token from the corporation id and
//! the application's Secret, then a text card to the person's UserID.
//!
//! - Token: `GET /cgi-bin/gettoken?corpid=…&corpsecret=…` answers `{errcode, errmsg,
//!   access_token, expires_in}` (<https://developer.work.weixin.qq.com/document/path/91039>).
//! - Message: `POST /cgi-bin/message/send?access_token=…` with `{touser, msgtype: "textcard",
//!   agentid, textcard: {title (≤128 bytes), description (≤512 bytes), url, btntxt}}`; answers
//!   `{errcode, errmsg, invaliduser, …}`, user ids in `invaliduser` in lower case; 81013 when
//!   no receiver is valid (<https://developer.work.weixin.qq.com/document/path/90236>).
//! - A token the platform no longer takes is errcode 40014 (不合法的access_token) or 42001
//!   (access_token已过期) (<https://developer.work.weixin.qq.com/document/path/90313>).

use super::{Answer, ERRCODE, NoticeError, WorkNotice, answer, judged, token_of, within_bytes};
use serde_json::json;

pub(super) const NAME: &str = "企业微信";
pub(super) const API: &str = "https://qyapi.weixin.qq.com";

/// A self-built application on WeCom.
#[derive(Debug, Clone)]
pub(super) struct WeCom {
    pub api: String,
    pub corp_id: String,
    pub secret: String,
    pub agent_id: i64,
}

impl WeCom {
    /// A new access token and its lifetime in seconds.
    pub(super) async fn token(&self, http: &reqwest::Client) -> Result<(String, u64), NoticeError> {
        let sent = http
            .get(format!("{}/cgi-bin/gettoken", self.api))
            .query(&[("corpid", &self.corp_id), ("corpsecret", &self.secret)])
            .send()
            .await;
        token_of(NAME, &answer(NAME, sent).await?, &ERRCODE)
    }

    /// The body of an application message: a text card whose button opens the link.
    pub(super) fn body(&self, user: &str, n: &WorkNotice<'_>) -> serde_json::Value {
        json!({
            "touser": user,
            "msgtype": "textcard",
            "agentid": self.agent_id,
            "textcard": {
                "title": within_bytes(n.title, 128),
                "description": within_bytes(n.text, 512),
                "url": n.link,
                "btntxt": "打开处理",
            }
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
            .post(format!("{}/cgi-bin/message/send", self.api))
            .query(&[("access_token", token)])
            .json(&self.body(user, n))
            .send()
            .await;
        let v = match answer(NAME, sent).await {
            Ok(v) => v,
            Err(e) => return Answer::Failed(e),
        };
        let invalid = v["invaliduser"]
            .as_str()
            .unwrap_or_default()
            .split('|')
            .any(|u| u.eq_ignore_ascii_case(user));
        let code = v["errcode"].as_i64();
        if (code == Some(0) && invalid) || code == Some(81013) {
            return Answer::Failed(NoticeError::NoSuchUser {
                platform: NAME,
                user: user.to_string(),
            });
        }
        judged(NAME, &v, &ERRCODE, &[40014, 42001])
    }
}
