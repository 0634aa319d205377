//! Local HTTP servers shaped like the SMS platforms' APIs: each checks a request as the
//! platform would — the Aliyun RPC signature over the query, Tencent Cloud's TC3-HMAC-SHA256
//! over the canonical request, the generic gateway's HMAC — with signing written here from the
//! vendors' documents (not the server's code), answers in the platform's shape, and keeps the
//! numbers and codes it accepted for the test to read. One can be told to refuse, as a
//! platform over its flow limit does.

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use base64::Engine;
use hmac::{KeyInit, Mac};
use sha2::Digest;
use std::sync::{Arc, Mutex};

/// What a receiver accepted: (number as sent, code, the rest: the text or the template's
/// variables).
pub type Inbox = Arc<Mutex<Vec<(String, String, String)>>>;

#[derive(Clone)]
struct Receiver {
    id: String,
    secret: String,
    refuse: bool,
    inbox: Inbox,
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// RFC 3986 percent-encoding of every byte but unreserved ones, upper-case hex.
fn rfc3986(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else if bytes[i] == b'+' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn aliyun(State(r): State<Receiver>, uri: Uri) -> impl IntoResponse {
    let mut params: Vec<(String, String)> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (unescape(k), unescape(v)))
        .collect();
    let sent = params
        .iter()
        .position(|(k, _)| k == "Signature")
        .map(|i| params.remove(i).1)
        .unwrap_or_default();
    params.sort();
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&");
    let to_sign = format!("POST&%2F&{}", rfc3986(&canonical));
    let mut mac =
        <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(format!("{}&", r.secret).as_bytes())
            .unwrap();
    mac.update(to_sign.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let shaped = get("Action") == "SendSms"
        && get("Version") == "2017-05-25"
        && get("SignatureMethod") == "HMAC-SHA1"
        && get("SignatureVersion") == "1.0"
        && get("AccessKeyId") == r.id
        && get("Format") == "JSON"
        && !get("SignatureNonce").is_empty()
        && chrono::NaiveDateTime::parse_from_str(&get("Timestamp"), "%Y-%m-%dT%H:%M:%SZ").is_ok()
        && !get("SignName").is_empty()
        && !get("TemplateCode").is_empty();
    if sent != expected || !shaped {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(
                serde_json::json!({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation.", "RequestId": "test"}),
            ),
        );
    }
    if r.refuse {
        return (
            StatusCode::OK,
            axum::Json(
                serde_json::json!({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1", "RequestId": "test"}),
            ),
        );
    }
    let param: serde_json::Value = serde_json::from_str(&get("TemplateParam")).unwrap_or_default();
    r.inbox.lock().unwrap().push((
        get("PhoneNumbers"),
        param["code"].as_str().unwrap_or_default().to_string(),
        get("TemplateParam"),
    ));
    (
        StatusCode::OK,
        axum::Json(
            serde_json::json!({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "test"}),
        ),
    )
}

fn hmac256(key: &[u8], msg: &str) -> Vec<u8> {
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(msg.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

async fn tencent(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    let h = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    let ts: i64 = h("x-tc-timestamp").parse().unwrap_or(0);
    let date = chrono::DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string();
    let canonical = format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        h("content-type"),
        h("host"),
        hex::encode(sha2::Sha256::digest(body.as_bytes()))
    );
    let scope = format!("{date}/sms/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{ts}\n{scope}\n{}",
        hex::encode(sha2::Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac256(format!("TC3{}", r.secret).as_bytes(), &date);
    let k = hmac256(&k, "sms");
    let k = hmac256(&k, "tc3_request");
    let expected = format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=content-type;host, Signature={}",
        r.id,
        hex::encode(hmac256(&k, &to_sign))
    );
    let fresh = (chrono::Utc::now().timestamp() - ts).abs() < 300;
    let shaped = h("x-tc-action") == "SendSms"
        && h("x-tc-version") == "2021-01-11"
        && !h("x-tc-region").is_empty();
    if h("authorization") != expected || !fresh || !shaped {
        return axum::Json(
            serde_json::json!({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "The provided credentials could not be validated."}, "RequestId": "test"}}),
        );
    }
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let phone = v["PhoneNumberSet"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if r.refuse {
        return axum::Json(
            serde_json::json!({"Response": {"SendStatusSet": [{"SerialNo": "", "PhoneNumber": phone, "Fee": 0, "Code": "LimitExceeded.PhoneNumberThirtySecondLimit", "Message": "limit"}], "RequestId": "test"}}),
        );
    }
    let code = v["TemplateParamSet"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let app_ok = v["SmsSdkAppId"].as_str().is_some_and(|s| !s.is_empty())
        && v["TemplateId"].as_str().is_some_and(|s| !s.is_empty());
    if !app_ok {
        return axum::Json(
            serde_json::json!({"Response": {"Error": {"Code": "MissingParameter", "Message": "SmsSdkAppId"}, "RequestId": "test"}}),
        );
    }
    r.inbox
        .lock()
        .unwrap()
        .push((phone.clone(), code, v["TemplateParamSet"].to_string()));
    axum::Json(
        serde_json::json!({"Response": {"SendStatusSet": [{"SerialNo": "5000:1", "PhoneNumber": phone, "Fee": 1, "Code": "Ok", "Message": "send success", "IsoCode": "CN"}], "RequestId": "test"}}),
    )
}

async fn gateway(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let h = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    let expected = hex::encode(hmac256(
        r.secret.as_bytes(),
        &format!("{}.{body}", h("x-minsheng-timestamp")),
    ));
    if h("x-minsheng-signature") != expected {
        return StatusCode::UNAUTHORIZED;
    }
    if r.refuse {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let code = v["code"].as_str().unwrap_or_default().to_string();
    let text_has_code = v["text"].as_str().is_some_and(|t| t.contains(&code));
    if !text_has_code {
        return StatusCode::BAD_REQUEST;
    }
    r.inbox.lock().unwrap().push((
        v["phone"].as_str().unwrap_or_default().to_string(),
        code,
        v["text"].as_str().unwrap_or_default().to_string(),
    ));
    StatusCode::OK
}

async fn receiver<H, T>(id: &str, secret: &str, refuse: bool, handler: H) -> (String, Inbox)
where
    H: axum::handler::Handler<T, Receiver>,
    T: 'static,
{
    let inbox = Inbox::default();
    let r = Receiver {
        id: id.into(),
        secret: secret.into(),
        refuse,
        inbox: inbox.clone(),
    };
    let app = axum::Router::new()
        .route("/", axum::routing::post(handler))
        .with_state(r);
    (serve(app).await, inbox)
}

/// An Aliyun-shaped receiver for this key; its address and inbox.
pub async fn aliyun_receiver(id: &str, secret: &str, refuse: bool) -> (String, Inbox) {
    receiver(id, secret, refuse, aliyun).await
}

/// A Tencent-Cloud-shaped receiver for this key.
pub async fn tencent_receiver(id: &str, secret: &str, refuse: bool) -> (String, Inbox) {
    receiver(id, secret, refuse, tencent).await
}

/// A generic gateway for this secret.
pub async fn gateway_receiver(secret: &str, refuse: bool) -> (String, Inbox) {
    receiver("", secret, refuse, gateway).await
}

/// The server's SMS sender for a gateway receiver at `endpoint` (secret `test-secret`), as
/// the reminder ladder's tests use it.
pub fn gateway_sender(endpoint: String) -> Option<std::sync::Arc<minsheng_web::sms::Sms>> {
    minsheng_web::sms::SmsConfig {
        provider: "gateway".into(),
        secret: "test-secret".into(),
        sign_name: "示范区民生实事专班".into(),
        endpoint,
        ..Default::default()
    }
    .sender()
    .unwrap()
    .map(std::sync::Arc::new)
}
