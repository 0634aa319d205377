//! DingTalk 工作通知 from an enterprise application (企业内部应用): a token from the
//! application's AppKey and AppSecret, then an action card to the person's userid.
//!
//! - Token: `GET /gettoken?appkey=…&appsecret=…` answers `{errcode, errmsg, access_token,
//!   expires_in}` (<https://open.dingtalk.com/document/orgapp/obtain-orgapp-token>).
//! - Notice: `POST /topapi/message/corpconversation/asyncsend_v2?access_token=…` with
//!   `{agent_id, userid_list, msg}`; `msg` at most 2048 bytes; answers `{errcode, errmsg,
//!   task_id, request_id}`
//!   (<https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages>).
//! - A token the platform no longer takes is errcode 40014 (不合法的access_token), 42001
//!   (access_token超时) or 88 (with a sub_code saying which).

use super::{Answer, ERRCODE, NoticeError, WorkNotice, answer, judged, token_of, within_bytes};
use serde_json::json;

pub(super) const NAME: &str = "钉钉";
pub(super) const API: &str = "https://oapi.dingtalk.com";

/// An enterprise application on DingTalk.
#[derive(Debug, Clone)]
pub(super) struct DingTalk {
    pub api: String,
    pub app_key: String,
    pub app_secret: String,
    pub agent_id: i64,
}

impl DingTalk {
    /// A new access token and its lifetime in seconds.
    pub(super) async fn token(&self, http: &reqwest::Client) -> Result<(String, u64), NoticeError> {
        let sent = http
            .get(format!("{}/gettoken", self.api))
            .query(&[("appkey", &self.app_key), ("appsecret", &self.app_secret)])
            .send()
            .await;
        token_of(NAME, &answer(NAME, sent).await?, &ERRCODE)
    }

    /// The body of a work notice: an action card whose button opens the link.
    pub(super) fn body(&self, user: &str, n: &WorkNotice<'_>) -> serde_json::Value {
        json!({
            "agent_id": self.agent_id,
            "userid_list": user,
            "msg": {
                "msgtype": "action_card",
                "action_card": {
                    "title": within_bytes(n.title, 200),
                    "markdown": within_bytes(&format!("### {}\n\n{}", n.title, n.text), 1500),
                    "single_title": "打开处理",
                    "single_url": n.link,
                }
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
            .post(format!(
                "{}/topapi/message/corpconversation/asyncsend_v2",
                self.api
            ))
            .query(&[("access_token", token)])
            .json(&self.body(user, n))
            .send()
            .await;
        match answer(NAME, sent).await {
            Ok(v) => judged(NAME, &v, &ERRCODE, &[40014, 42001, 88]),
            Err(e) => Answer::Failed(e),
        }
    }
}
