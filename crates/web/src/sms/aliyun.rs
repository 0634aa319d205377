//! Aliyun SMS (阿里云短信服务, dysmsapi `SendSms`, version 2017-05-25), RPC style with
//! signature version 1.0: every parameter sorted by name, each name and value percent-encoded
//! (RFC 3986: only `A–Z a–z 0–9 - _ . ~` kept; space `%20`, `*` `%2A`), joined, encoded once more
//! into `METHOD&%2F&…`, and signed with HMAC-SHA1 under `AccessKeySecret&`, base64. The request
//! is a POST with the parameters in the query, as Aliyun's own SDK sends it; the answer is JSON
//! whose `Code` is `OK` on success (errors such as `isv.BUSINESS_LIMIT_CONTROL` come back with
//! HTTP 200 too).

use super::SmsError;
use base64::Engine;
use hmac::{KeyInit, Mac};
use std::collections::BTreeMap;

/// Percent-encoding as the signature wants it.
pub fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The sorted, encoded parameters (`Signature` left out).
pub fn canonical(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The signature of a request with these parameters sent with `method`.
pub fn signature(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let to_sign = format!("{method}&{}&{}", percent("/"), percent(&canonical(params)));
    let mut mac =
        <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(format!("{secret}&").as_bytes())
            .expect("HMAC takes any key length");
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The account's settings.
#[derive(Debug, Clone)]
pub struct Aliyun {
    /// AccessKey ID.
    pub key_id: String,
    /// AccessKey secret.
    pub secret: String,
    /// The approved signature (签名), e.g. 某某区人民政府.
    pub sign_name: String,
    /// The approved verification template (模板 code), with one variable `${code}`.
    pub template: String,
    /// The approved reminder template, with one variable `${title}` (empty: no SMS reminders).
    pub notice_template: String,
    /// `https://dysmsapi.aliyuncs.com/` unless set otherwise.
    pub endpoint: String,
}

impl Aliyun {
    /// The query of one `SendSms` request of `template` with `param` (its variables as JSON):
    /// the parameters and their signature.
    pub fn query(
        &self,
        e164: &str,
        (template, param): (&str, &serde_json::Value),
        timestamp: &str,
        nonce: &str,
    ) -> String {
        let mut p: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in [
            ("AccessKeyId", self.key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("PhoneNumbers", e164),
            ("RegionId", "cn-hangzhou"),
            ("SignName", self.sign_name.as_str()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", template),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
        ] {
            p.insert(k.into(), v.into());
        }
        p.insert("TemplateParam".into(), param.to_string());
        let sig = signature("POST", &p, &self.secret);
        format!("Signature={}&{}", percent(&sig), canonical(&p))
    }

    /// Sends `template` with `param` (its variables as JSON).
    pub async fn send(
        &self,
        http: &reqwest::Client,
        e164: &str,
        template: &str,
        param: &serde_json::Value,
    ) -> Result<(), SmsError> {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = minsheng_store::accounts::random_token();
        let url = format!(
            "{}?{}",
            self.endpoint,
            self.query(e164, (template, param), &now, &nonce[..32])
        );
        let resp = http
            .post(url)
            .send()
            .await
            .map_err(|e| SmsError::Unreachable(e.to_string()))?;
        let status = resp.status();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        match body["Code"].as_str() {
            Some("OK") => Ok(()),
            other => Err(SmsError::Refused(format!(
                "HTTP {status} {} {}",
                other.unwrap_or("-"),
                body["Message"].as_str().unwrap_or("")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The worked example of Aliyun's SMS documentation (HTTP协议及签名): its GET request
    /// with AccessKeyId `testId` and secret `testSecret` is signed `zJDF+Lrzhj/ThnlvIToysFRq6t4=`.
    #[test]
    fn the_documented_send_sms_example_signs_as_published() {
        let p = params(&[
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", r#"{"customer":"test"}"#),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]);
        assert_eq!(
            signature("GET", &p, "testSecret"),
            "zJDF+Lrzhj/ThnlvIToysFRq6t4="
        );
    }

    /// The RPC signature document's DescribeRegions example, and the fixed case of Aliyun's
    /// rpc-util SDK tests.
    #[test]
    fn other_published_rpc_examples_sign_as_published() {
        let p = params(&[
            ("Format", "XML"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Version", "2014-05-26"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
        ]);
        assert_eq!(
            signature("GET", &p, "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
        let p = params(&[("query", "test"), ("body", "test")]);
        assert_eq!(
            signature("GET", &p, "secret"),
            "XlUyV4sXjOuX5FnjUz9IF9tm5rU="
        );
    }

    /// Aliyun's Java SDK test of the encoder.
    #[test]
    fn percent_encoding_follows_the_sdk() {
        assert_eq!(
            percent("123abc!@#$%^&*()-=_+ ~|\\/"),
            "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F"
        );
    }
}
