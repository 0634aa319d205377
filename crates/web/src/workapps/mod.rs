//! Personal work notices on the office platforms a liaison already lives in: DingTalk's 工作通知
//! (also 浙政钉 and other 政务钉钉 deployments, which serve the same API at their own
//! address), WeCom's 应用消息 and Feishu's bot messages. Each platform is an application the
//! deployment registers there; the application's credentials buy an access token, kept until
//! shortly before it expires and fetched again when the platform says it is no longer valid.
//! A notice carries the link that opens the report form or the order.

mod dingtalk;
mod feishu;
mod wecom;

use std::time::{Duration, Instant};

/// A notice as the platforms show it.
#[derive(Debug, Clone)]
pub struct WorkNotice<'a> {
    /// Title.
    pub title: &'a str,
    /// Text.
    pub text: &'a str,
    /// Absolute link that opens the form or the order.
    pub link: &'a str,
}

/// Why a notice was not delivered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NoticeError {
    /// The platform could not be reached, or answered something that is not its API.
    #[error("{platform}无法访问：{detail}")]
    Unreachable {
        /// The platform's name.
        platform: &'static str,
        /// What happened.
        detail: String,
    },
    /// The platform answered with an error code.
    #[error("{platform}拒绝发送（错误码 {code}：{message}）")]
    Refused {
        /// The platform's name.
        platform: &'static str,
        /// Its error code.
        code: i64,
        /// Its message.
        message: String,
    },
    /// The platform took the message but says the person is not reachable by the application.
    #[error("{platform}账号“{user}”不存在或不在应用的可见范围内")]
    NoSuchUser {
        /// The platform's name.
        platform: &'static str,
        /// The user id.
        user: String,
    },
    /// The deployment has no application on this platform.
    #[error("未配置{platform}应用 ({flags})")]
    NotConfigured {
        /// The platform's name.
        platform: &'static str,
        /// The flags that configure it.
        flags: &'static str,
    },
}

/// A token bought with the application's credentials, and until when to use it.
#[derive(Debug, Clone)]
struct Token {
    value: String,
    until: Instant,
}

/// A token is used until this long before the platform said it expires.
const MARGIN: Duration = Duration::from_secs(300);

/// Which platform, with its application's credentials.
#[derive(Debug, Clone)]
enum Vendor {
    DingTalk(dingtalk::DingTalk),
    WeCom(wecom::WeCom),
    Feishu(feishu::Feishu),
}

/// One platform the deployment has an application on.
#[derive(Debug)]
pub struct Platform {
    vendor: Vendor,
    token: tokio::sync::Mutex<Option<Token>>,
}

/// What a platform answered: success, a token that is no longer good, or another refusal.
enum Answer {
    Sent,
    StaleToken(NoticeError),
    Failed(NoticeError),
}

impl Platform {
    fn new(vendor: Vendor) -> Platform {
        Platform {
            vendor,
            token: tokio::sync::Mutex::new(None),
        }
    }

    /// The platform's name in Chinese.
    pub fn name(&self) -> &'static str {
        match &self.vendor {
            Vendor::DingTalk(_) => dingtalk::NAME,
            Vendor::WeCom(_) => wecom::NAME,
            Vendor::Feishu(_) => feishu::NAME,
        }
    }

    /// The token to call with: the kept one while it is good, else a new one.
    async fn token(&self, http: &reqwest::Client, fresh: bool) -> Result<String, NoticeError> {
        let mut kept = self.token.lock().await;
        if !fresh
            && let Some(t) = kept.as_ref()
            && t.until > Instant::now()
        {
            return Ok(t.value.clone());
        }
        let (value, lifetime) = match &self.vendor {
            Vendor::DingTalk(v) => v.token(http).await?,
            Vendor::WeCom(v) => v.token(http).await?,
            Vendor::Feishu(v) => v.token(http).await?,
        };
        let until = Instant::now() + Duration::from_secs(lifetime).saturating_sub(MARGIN);
        *kept = Some(Token {
            value: value.clone(),
            until,
        });
        Ok(value)
    }

    /// Sends `notice` to the person with `user` as their id on this platform. A token the
    /// platform no longer takes (expired early, credentials rotated) is replaced once.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        user: &str,
        notice: &WorkNotice<'_>,
    ) -> Result<(), NoticeError> {
        let mut fresh = false;
        loop {
            let token = self.token(http, fresh).await?;
            let answer = match &self.vendor {
                Vendor::DingTalk(v) => v.send(http, &token, user, notice).await,
                Vendor::WeCom(v) => v.send(http, &token, user, notice).await,
                Vendor::Feishu(v) => v.send(http, &token, user, notice).await,
            };
            match answer {
                Answer::Sent => return Ok(()),
                Answer::StaleToken(e) if fresh => return Err(e),
                Answer::StaleToken(_) => fresh = true,
                Answer::Failed(e) => return Err(e),
            }
        }
    }
}

/// The settings a deployment gives (`--dingtalk-…`, `--wecom-…`, `--feishu-…`); a platform
/// whose credentials are empty is not used.
#[derive(Debug, Clone, Default)]
pub struct WorkAppsConfig {
    /// DingTalk application's AppKey.
    pub dingtalk_app_key: String,
    /// DingTalk application's AppSecret.
    pub dingtalk_app_secret: String,
    /// DingTalk application's AgentId.
    pub dingtalk_agent_id: String,
    /// DingTalk's API address (another for 浙政钉 or a private deployment).
    pub dingtalk_api: String,
    /// WeCom corporation id (企业ID).
    pub wecom_corp_id: String,
    /// WeCom application's Secret.
    pub wecom_secret: String,
    /// WeCom application's AgentId.
    pub wecom_agent_id: String,
    /// WeCom's API address (another for a private deployment).
    pub wecom_api: String,
    /// Feishu application's App ID.
    pub feishu_app_id: String,
    /// Feishu application's App Secret.
    pub feishu_app_secret: String,
    /// Feishu's API address (another for Lark or a private deployment).
    pub feishu_api: String,
}

/// The platforms configured.
#[derive(Debug, Clone, Default)]
pub struct WorkApps {
    /// DingTalk.
    pub dingtalk: Option<std::sync::Arc<Platform>>,
    /// WeCom.
    pub wecom: Option<std::sync::Arc<Platform>>,
    /// Feishu.
    pub feishu: Option<std::sync::Arc<Platform>>,
}

fn api(given: &str, default: &str) -> String {
    let a = given.trim();
    if a.is_empty() { default } else { a }
        .trim_end_matches('/')
        .to_string()
}

/// An application's credentials: all of them or none.
fn credentials<const N: usize>(
    platform: &str,
    given: [(&str, &str); N],
) -> Result<Option<[String; N]>, String> {
    if given.iter().all(|(v, _)| v.trim().is_empty()) {
        return Ok(None);
    }
    if let Some((_, flag)) = given.iter().find(|(v, _)| v.trim().is_empty()) {
        return Err(format!("{platform}应用缺少 {flag} (missing {flag})"));
    }
    Ok(Some(given.map(|(v, _)| v.trim().to_string())))
}

fn agent_id(value: &str, flag: &str) -> Result<i64, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} 应为数字 AgentId ({flag} is a number)"))
}

impl WorkAppsConfig {
    /// The platforms these settings configure, or what is missing.
    pub fn platforms(&self) -> Result<WorkApps, String> {
        let mut apps = WorkApps::default();
        if let Some([key, secret, agent]) = credentials(
            dingtalk::NAME,
            [
                (&self.dingtalk_app_key, "--dingtalk-app-key"),
                (&self.dingtalk_app_secret, "--dingtalk-app-secret"),
                (&self.dingtalk_agent_id, "--dingtalk-agent-id"),
            ],
        )? {
            apps.dingtalk = Some(std::sync::Arc::new(Platform::new(Vendor::DingTalk(
                dingtalk::DingTalk {
                    api: api(&self.dingtalk_api, dingtalk::API),
                    app_key: key,
                    app_secret: secret,
                    agent_id: agent_id(&agent, "--dingtalk-agent-id")?,
                },
            ))));
        }
        if let Some([corp, secret, agent]) = credentials(
            wecom::NAME,
            [
                (&self.wecom_corp_id, "--wecom-corp-id"),
                (&self.wecom_secret, "--wecom-secret"),
                (&self.wecom_agent_id, "--wecom-agent-id"),
            ],
        )? {
            apps.wecom = Some(std::sync::Arc::new(Platform::new(Vendor::WeCom(
                wecom::WeCom {
                    api: api(&self.wecom_api, wecom::API),
                    corp_id: corp,
                    secret,
                    agent_id: agent_id(&agent, "--wecom-agent-id")?,
                },
            ))));
        }
        if let Some([id, secret]) = credentials(
            feishu::NAME,
            [
                (&self.feishu_app_id, "--feishu-app-id"),
                (&self.feishu_app_secret, "--feishu-app-secret"),
            ],
        )? {
            apps.feishu = Some(std::sync::Arc::new(Platform::new(Vendor::Feishu(
                feishu::Feishu {
                    api: api(&self.feishu_api, feishu::API),
                    app_id: id,
                    app_secret: secret,
                },
            ))));
        }
        Ok(apps)
    }
}

impl WorkApps {
    /// The platform a delivery channel names (`dingtalk`, `wecom`, `feishu`), or why there is
    /// none.
    pub fn platform(&self, channel: &str) -> Option<Result<&Platform, NoticeError>> {
        let (p, platform, flags) = match channel {
            "dingtalk" => (
                &self.dingtalk,
                dingtalk::NAME,
                "--dingtalk-app-key, --dingtalk-app-secret, --dingtalk-agent-id",
            ),
            "wecom" => (
                &self.wecom,
                wecom::NAME,
                "--wecom-corp-id, --wecom-secret, --wecom-agent-id",
            ),
            "feishu" => (
                &self.feishu,
                feishu::NAME,
                "--feishu-app-id, --feishu-app-secret",
            ),
            _ => return None,
        };
        Some(
            p.as_deref()
                .ok_or(NoticeError::NotConfigured { platform, flags }),
        )
    }

    /// The names of the platforms configured, for the start-up log.
    pub fn names(&self) -> Vec<&'static str> {
        [&self.dingtalk, &self.wecom, &self.feishu]
            .into_iter()
            .flatten()
            .map(|p| p.name())
            .collect()
    }
}

/// The first `max` bytes of `s`, cut at a character boundary, with "…" when cut.
fn within_bytes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Reads a platform's JSON answer whatever its HTTP status (Feishu answers errors with 4xx and
/// a JSON body); anything else is the platform being unreachable.
async fn answer(
    platform: &'static str,
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<serde_json::Value, NoticeError> {
    let unreachable = |detail: String| NoticeError::Unreachable { platform, detail };
    let resp = sent.map_err(|e| unreachable(e.to_string()))?;
    let status = resp.status();
    let body = resp.text().await.map_err(|e| unreachable(e.to_string()))?;
    serde_json::from_str(&body).map_err(|_| unreachable(format!("HTTP {status}")))
}

/// The names a platform gives the fields of its answers: error code, message, token, lifetime.
struct Fields {
    code: &'static str,
    message: &'static str,
    token: &'static str,
    lifetime: &'static str,
}

/// DingTalk's and WeCom's names.
const ERRCODE: Fields = Fields {
    code: "errcode",
    message: "errmsg",
    token: "access_token",
    lifetime: "expires_in",
};

/// The error code and message of an answer.
fn code_of(v: &serde_json::Value, f: &Fields) -> (i64, String) {
    (
        v[f.code].as_i64().unwrap_or(-1),
        v[f.message].as_str().unwrap_or_default().to_string(),
    )
}

/// A token answer read: the token and its lifetime in seconds, or the platform's refusal.
fn token_of(
    platform: &'static str,
    v: &serde_json::Value,
    f: &Fields,
) -> Result<(String, u64), NoticeError> {
    let (code, message) = code_of(v, f);
    match (code, v[f.token].as_str()) {
        (0, Some(t)) => Ok((t.to_string(), v[f.lifetime].as_u64().unwrap_or(7200))),
        _ => Err(NoticeError::Refused {
            platform,
            code,
            message,
        }),
    }
}

/// A send answer read: sent on code 0, a stale token on one of `stale`, else refused.
fn judged(platform: &'static str, v: &serde_json::Value, f: &Fields, stale: &[i64]) -> Answer {
    let (code, message) = code_of(v, f);
    let refused = NoticeError::Refused {
        platform,
        code,
        message,
    };
    match code {
        0 => Answer::Sent,
        c if stale.contains(&c) => Answer::StaleToken(refused),
        _ => Answer::Failed(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let s = "民生实事".repeat(100);
        let cut = within_bytes(&s, 100);
        assert!(cut.len() <= 100 && cut.ends_with('…'), "{cut}");
        assert_eq!(within_bytes("短", 100), "短");
    }

    #[test]
    fn credentials_are_all_or_none() {
        let none = WorkAppsConfig::default().platforms().unwrap();
        assert!(none.names().is_empty());
        let half = WorkAppsConfig {
            wecom_corp_id: "ww1".into(),
            ..Default::default()
        };
        assert!(half.platforms().unwrap_err().contains("--wecom-secret"));
        let bad_agent = WorkAppsConfig {
            dingtalk_app_key: "k".into(),
            dingtalk_app_secret: "s".into(),
            dingtalk_agent_id: "abc".into(),
            ..Default::default()
        };
        assert!(
            bad_agent
                .platforms()
                .unwrap_err()
                .contains("--dingtalk-agent-id")
        );
        let apps = WorkAppsConfig {
            feishu_app_id: "cli_1".into(),
            feishu_app_secret: "s".into(),
            ..Default::default()
        }
        .platforms()
        .unwrap();
        assert_eq!(apps.names(), vec![feishu::NAME]);
        assert!(matches!(
            apps.platform("wecom"),
            Some(Err(NoticeError::NotConfigured { .. }))
        ));
        assert!(apps.platform("email").is_none());
    }
}
