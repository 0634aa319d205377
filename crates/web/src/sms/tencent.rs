//! Tencent Cloud SMS (腾讯云短信, API 3.0 `SendSms`, version 2021-01-11), signed with
//! TC3-HMAC-SHA256: a canonical request (method, `/`, empty query, the `content-type` and
//! `host` headers, the body's SHA-256), hashed into a string to sign under the credential scope
//! `date/sms/tc3_request`, and an HMAC-SHA256 chain of keys from `TC3` + SecretKey. Success is
//! `Response.SendStatusSet[].Code == "Ok"` for the number; a refused request has
//! `Response.Error`.

use super::SmsError;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

const CONTENT_TYPE: &str = "application/json; charset=utf-8";

fn hmac(key: &[u8], msg: &str) -> Vec<u8> {
    let mut mac =
        <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(msg.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The `Authorization` header of a POST of `payload` to `host` for `service` at `timestamp`
/// (Unix seconds), signing `content-type` and `host`.
pub fn authorization(
    (secret_id, secret_key): (&str, &str),
    service: &str,
    host: &str,
    content_type: &str,
    timestamp: i64,
    payload: &str,
) -> String {
    let canonical = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{}",
        sha256_hex(payload)
    );
    let date = chrono::DateTime::from_timestamp(timestamp, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string();
    let scope = format!("{date}/{service}/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(&canonical)
    );
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), &date);
    let k_service = hmac(&k_date, service);
    let k_signing = hmac(&k_service, "tc3_request");
    let signature = hex::encode(hmac(&k_signing, &to_sign));
    format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    )
}

/// The account's settings.
#[derive(Debug, Clone)]
pub struct Tencent {
    /// SecretId.
    pub secret_id: String,
    /// SecretKey.
    pub secret_key: String,
    /// The SMS application (SmsSdkAppId).
    pub app_id: String,
    /// The approved signature (签名).
    pub sign_name: String,
    /// The approved verification template's id, with one parameter: the code.
    pub template: String,
    /// The approved reminder template's id, with one parameter: the title (empty: none).
    pub notice_template: String,
    /// The region (X-TC-Region), `ap-guangzhou` unless set otherwise.
    pub region: String,
    /// `https://sms.tencentcloudapi.com/` unless set otherwise.
    pub endpoint: String,
}

impl Tencent {
    /// The body of one `SendSms` request of `template` with its parameters in order.
    pub fn payload(&self, e164: &str, template: &str, params: &[&str]) -> String {
        serde_json::json!({
            "PhoneNumberSet": [e164],
            "SmsSdkAppId": self.app_id,
            "SignName": self.sign_name,
            "TemplateId": template,
            "TemplateParamSet": params,
        })
        .to_string()
    }

    /// Sends `template` with its parameters.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        e164: &str,
        template: &str,
        params: &[&str],
    ) -> Result<(), SmsError> {
        let url = reqwest::Url::parse(&self.endpoint)
            .map_err(|e| SmsError::Unreachable(format!("{}: {e}", self.endpoint)))?;
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => return Err(SmsError::Unreachable(self.endpoint.clone())),
        };
        let payload = self.payload(e164, template, params);
        let now = chrono::Utc::now().timestamp();
        let auth = authorization(
            (&self.secret_id, &self.secret_key),
            "sms",
            &host,
            CONTENT_TYPE,
            now,
            &payload,
        );
        let resp = http
            .post(url)
            .header("Authorization", auth)
            .header("Content-Type", CONTENT_TYPE)
            .header("Host", &host)
            .header("X-TC-Action", "SendSms")
            .header("X-TC-Timestamp", now.to_string())
            .header("X-TC-Version", "2021-01-11")
            .header("X-TC-Region", &self.region)
            .body(payload)
            .send()
            .await
            .map_err(|e| SmsError::Unreachable(e.to_string()))?;
        let status = resp.status();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        let r = &body["Response"];
        if let Some(err) = r.get("Error") {
            return Err(SmsError::Refused(format!(
                "HTTP {status} {} {}",
                err["Code"].as_str().unwrap_or("-"),
                err["Message"].as_str().unwrap_or("")
            )));
        }
        let sent = r["SendStatusSet"].as_array().filter(|s| !s.is_empty());
        match sent {
            Some(set) if set.iter().all(|s| s["Code"] == "Ok") => Ok(()),
            Some(set) => Err(SmsError::Refused(format!(
                "{} {}",
                set[0]["Code"].as_str().unwrap_or("-"),
                set[0]["Message"].as_str().unwrap_or("")
            ))),
            None => Err(SmsError::Refused(format!(
                "HTTP {status}: no SendStatusSet"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Tencent Cloud's signature v3 document (CVM DescribeInstances),
    /// in its unmasked edition and with the literal key of the current edition and demo.
    #[test]
    fn the_documented_example_signs_as_published() {
        let payload = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        assert_eq!(
            sha256_hex(payload),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        for (key, signature) in [
            (
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            ),
            (
                "Gu5t9xGARNpq86cd98joQYCN3*******",
                "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
            ),
        ] {
            let auth = authorization(
                ("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", key),
                "cvm",
                "cvm.tencentcloudapi.com",
                "application/json; charset=utf-8",
                1_551_113_065,
                payload,
            );
            assert_eq!(
                auth,
                format!(
                    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature={signature}"
                )
            );
        }
    }

    /// The fixed case of Tencent Cloud's Node.js SDK tests (`test/common/sign.test.ts`).
    #[test]
    fn the_sdk_test_case_signs_as_published() {
        let auth = authorization(
            ("test-secret-id", "test-secret-key"),
            "cvm",
            "cvm.tencentcloudapi.com",
            "application/json",
            1_640_995_200,
            r#"{"Action":"DescribeInstances","Version":"2017-03-12"}"#,
        );
        assert!(
            auth.ends_with(
                "Signature=96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3"
            ),
            "{auth}"
        );
        assert!(auth.contains("Credential=test-secret-id/2022-01-01/cvm/tc3_request"));
    }
}
