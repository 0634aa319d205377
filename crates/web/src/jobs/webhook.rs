//! Group robots: the JSON each platform's webhook takes (企业微信 `msgtype: text`, 钉钉
//! `msgtype: text` with `at.atMobiles`, 飞书 `msg_type: text`) and a generic JSON document for
//! anything else. A robot answers HTTP 200 with its own error code in the body; both are
//! checked.

use minsheng_store::Delivery;
use serde_json::{Value, json};

/// Installs the TLS crypto provider once (HTTPS robots; any HTTP client of the process).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The body posted to a robot of `kind`.
pub fn payload(kind: &str, d: &Delivery, link: &str) -> Value {
    let text = format!("{}\n{}\n{link}", d.subject, d.text);
    match kind {
        "wecom" => json!({
            "msgtype": "text",
            "text": {"content": text, "mentioned_mobile_list": d.mobiles},
        }),
        "dingtalk" => json!({
            "msgtype": "text",
            "text": {"content": text},
            "at": {"atMobiles": d.mobiles, "isAtAll": false},
        }),
        "feishu" => json!({
            "msg_type": "text",
            "content": {"text": text},
        }),
        _ => json!({
            "source": "minsheng",
            "kind": d.kind,
            "title": d.subject,
            "text": d.text,
            "link": link,
            "recipient": d.name,
            "mobiles": d.mobiles,
        }),
    }
}

/// Posts one delivery.
pub(super) async fn send(http: &reqwest::Client, d: &Delivery, link: &str) -> Result<(), String> {
    let kind = d.webhook_kind.as_deref().unwrap_or("generic");
    let resp = http
        .post(&d.to)
        .json(&payload(kind, d, link))
        .send()
        .await
        .map_err(|e| format!("机器人地址无法访问：{e}"))?;
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(format!("机器人返回 HTTP {status}"));
    }
    // 企业微信/钉钉: errcode; 飞书: code (StatusCode in older versions).
    let code = body
        .get("errcode")
        .or_else(|| body.get("code"))
        .or_else(|| body.get("StatusCode"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if code != 0 {
        let msg = body
            .get("errmsg")
            .or_else(|| body.get("msg"))
            .and_then(Value::as_str)
            .unwrap_or("");
        return Err(format!("机器人拒收：{code} {msg}"));
    }
    Ok(())
}
