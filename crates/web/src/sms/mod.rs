//! Sending a verification code by SMS, through the platform the deployment has an account
//! with: Aliyun (阿里云短信), Tencent Cloud (腾讯云短信), any HTTP gateway that takes a signed
//! JSON post (a government SMS platform, an operator's gateway), or — for the demo and for
//! trying things out — the server's log. The code is sent while the person waits (nothing of
//! the number is queued or kept in clear).

pub mod aliyun;
pub mod tencent;

use hmac::{KeyInit, Mac};
use minsheng_domain::verify::Mobile;

/// Why a code was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The platform could not be reached.
    #[error("短信平台无法访问：{0}")]
    Unreachable(String),
    /// The platform refused the message (its code and message).
    #[error("短信平台拒绝发送：{0}")]
    Refused(String),
}

/// The settings a deployment gives (`--sms-…`).
#[derive(Debug, Clone, Default)]
pub struct SmsConfig {
    /// `aliyun`, `tencent`, `gateway`, `log`, or empty for none.
    pub provider: String,
    /// AccessKey ID (Aliyun) or SecretId (Tencent).
    pub key_id: String,
    /// AccessKey secret, SecretKey, or the gateway's signing secret.
    pub secret: String,
    /// The approved signature (签名).
    pub sign_name: String,
    /// The approved verification template.
    pub template: String,
    /// The approved reminder template (one variable: the title); empty: no SMS reminders.
    pub notice_template: String,
    /// Tencent's SmsSdkAppId.
    pub app_id: String,
    /// Tencent's region.
    pub region: String,
    /// Another address for the platform's API (the gateway's, always).
    pub endpoint: String,
}

/// A generic HTTP gateway: a JSON post `{"phone", "code", "text", "sign_name", "template"}`
/// (reminders: `code` empty, `title` set)
/// with `X-Minsheng-Timestamp` (Unix seconds) and `X-Minsheng-Signature` (hex HMAC-SHA256
/// under the shared secret of `timestamp + "." + body`); any 2xx is success.
#[derive(Debug, Clone)]
pub struct Gateway {
    /// Where to post.
    pub endpoint: String,
    /// The shared secret.
    pub secret: String,
    /// The signature (签名) to put in the text.
    pub sign_name: String,
    /// The template, if the gateway wants one.
    pub template: String,
}

/// The signature header of a gateway post.
pub fn gateway_signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The words of the message (for the gateway and the log).
pub fn message(sign_name: &str, code: &str) -> String {
    format!(
        "【{sign_name}】您的验证码为 {code}，{} 分钟内有效，用于民生实事满意度测评。如非本人操作请忽略。",
        minsheng_store::verified::CODE_MINUTES
    )
}

impl Gateway {
    async fn send(&self, http: &reqwest::Client, body: serde_json::Value) -> Result<(), SmsError> {
        let body = body.to_string();
        let now = chrono::Utc::now().timestamp();
        let resp = http
            .post(&self.endpoint)
            .header("Content-Type", "application/json")
            .header("X-Minsheng-Timestamp", now.to_string())
            .header(
                "X-Minsheng-Signature",
                gateway_signature(&self.secret, now, &body),
            )
            .body(body)
            .send()
            .await
            .map_err(|e| SmsError::Unreachable(e.to_string()))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(SmsError::Refused(format!("HTTP {}", resp.status())))
        }
    }
}

/// The platform codes go out through.
#[derive(Debug, Clone)]
pub enum Sms {
    /// Aliyun.
    Aliyun(aliyun::Aliyun),
    /// Tencent Cloud.
    Tencent(tencent::Tencent),
    /// A generic gateway.
    Gateway(Gateway),
    /// The server's log only (demo, trials): nothing is sent.
    Log,
}

fn need(value: &str, flag: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err(format!("短信服务缺少 {flag} (missing {flag})"))
    } else {
        Ok(value.trim().to_string())
    }
}

impl SmsConfig {
    /// The platform these settings describe; None when no provider is set. A provider with a
    /// setting missing is an error naming it.
    pub fn sender(&self) -> Result<Option<Sms>, String> {
        let endpoint = |default: &str| {
            if self.endpoint.trim().is_empty() {
                default.to_string()
            } else {
                self.endpoint.trim().to_string()
            }
        };
        Ok(Some(match self.provider.trim() {
            "" | "none" => return Ok(None),
            "log" => Sms::Log,
            "aliyun" => Sms::Aliyun(aliyun::Aliyun {
                key_id: need(&self.key_id, "--sms-key-id")?,
                secret: need(&self.secret, "--sms-secret")?,
                sign_name: need(&self.sign_name, "--sms-sign-name")?,
                template: need(&self.template, "--sms-template")?,
                endpoint: endpoint("https://dysmsapi.aliyuncs.com/"),
                notice_template: self.notice_template.trim().to_string(),
            }),
            "tencent" => Sms::Tencent(tencent::Tencent {
                secret_id: need(&self.key_id, "--sms-key-id")?,
                secret_key: need(&self.secret, "--sms-secret")?,
                app_id: need(&self.app_id, "--sms-app-id")?,
                sign_name: need(&self.sign_name, "--sms-sign-name")?,
                template: need(&self.template, "--sms-template")?,
                region: if self.region.trim().is_empty() {
                    "ap-guangzhou".into()
                } else {
                    self.region.trim().into()
                },
                endpoint: endpoint("https://sms.tencentcloudapi.com/"),
                notice_template: self.notice_template.trim().to_string(),
            }),
            "gateway" => Sms::Gateway(Gateway {
                endpoint: need(&self.endpoint, "--sms-endpoint")?,
                secret: need(&self.secret, "--sms-secret")?,
                sign_name: need(&self.sign_name, "--sms-sign-name")?,
                template: self.template.trim().to_string(),
            }),
            other => {
                return Err(format!(
                    "--sms-provider “{other}” 无效，可选 aliyun、tencent、gateway、log、none (unknown SMS provider)"
                ));
            }
        }))
    }
}

/// A reminder's title as an SMS variable takes it: platforms cap a variable's length.
const TITLE_CHARS: usize = 20;

impl Sms {
    /// Sends the verification `code` to `to`.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        to: &Mobile,
        code: &str,
    ) -> Result<(), SmsError> {
        match self {
            Sms::Aliyun(a) => {
                let param = serde_json::json!({ "code": code });
                a.send(http, &to.e164(), &a.template, &param).await
            }
            Sms::Tencent(t) => t.send(http, &to.e164(), &t.template, &[code]).await,
            Sms::Gateway(g) => {
                let body = serde_json::json!({
                    "phone": to.e164(),
                    "code": code,
                    "text": message(&g.sign_name, code),
                    "sign_name": g.sign_name,
                    "template": g.template,
                });
                g.send(http, body).await
            }
            Sms::Log => {
                tracing::warn!(to = %to.masked(), code, "SMS provider is the log: code not sent");
                println!(
                    "短信验证码（未发送，仅示范）{} → {code} (SMS code, not sent: --sms-provider log)",
                    to.masked()
                );
                Ok(())
            }
        }
    }

    /// Sends a reminder: `title` as the template's variable (cut to what platforms take), the
    /// whole `text` (with its link) where the channel carries free text.
    pub async fn send_notice(
        &self,
        http: &reqwest::Client,
        to: &Mobile,
        title: &str,
        text: &str,
    ) -> Result<(), SmsError> {
        let short: String = title.chars().take(TITLE_CHARS).collect();
        let no_template = || {
            SmsError::Refused(
                "未配置短信提醒模板 (no reminder template: --sms-notice-template)".into(),
            )
        };
        match self {
            Sms::Aliyun(a) if a.notice_template.is_empty() => Err(no_template()),
            Sms::Aliyun(a) => {
                let param = serde_json::json!({ "title": short });
                a.send(http, &to.e164(), &a.notice_template, &param).await
            }
            Sms::Tencent(t) if t.notice_template.is_empty() => Err(no_template()),
            Sms::Tencent(t) => {
                t.send(http, &to.e164(), &t.notice_template, &[&short])
                    .await
            }
            Sms::Gateway(g) => {
                let body = serde_json::json!({
                    "phone": to.e164(),
                    "code": "",
                    "title": short,
                    "text": format!("【{}】{text}", g.sign_name),
                    "sign_name": g.sign_name,
                    "template": g.template,
                });
                g.send(http, body).await
            }
            Sms::Log => {
                println!(
                    "短信提醒（未发送，仅示范）{} → {title} (SMS reminder, not sent)",
                    to.masked()
                );
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_what_is_missing() {
        let none = SmsConfig::default();
        assert!(none.sender().unwrap().is_none());
        let half = SmsConfig {
            provider: "aliyun".into(),
            key_id: "LTAI".into(),
            ..SmsConfig::default()
        };
        assert!(half.sender().unwrap_err().contains("--sms-secret"));
        let tencent = SmsConfig {
            provider: "tencent".into(),
            key_id: "AKID".into(),
            secret: "s".into(),
            sign_name: "某区".into(),
            template: "1110".into(),
            ..SmsConfig::default()
        };
        assert!(tencent.sender().unwrap_err().contains("--sms-app-id"));
        let gateway = SmsConfig {
            provider: "gateway".into(),
            secret: "s".into(),
            sign_name: "某区".into(),
            ..SmsConfig::default()
        };
        assert!(gateway.sender().unwrap_err().contains("--sms-endpoint"));
        let odd = SmsConfig {
            provider: "pigeon".into(),
            ..SmsConfig::default()
        };
        assert!(odd.sender().unwrap_err().contains("aliyun、tencent"));
    }

    #[test]
    fn the_message_carries_the_code_and_its_lifetime() {
        let m = message("示范区人民政府", "042137");
        assert!(
            m.starts_with("【示范区人民政府】") && m.contains("042137") && m.contains("10 分钟")
        );
    }
}
