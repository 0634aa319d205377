//! Shared helpers for state-changing requests: the same-origin check every form post and API
//! write passes, and reading multipart forms with their files.

use crate::error::{AppError, Words};
use axum::extract::Multipart;
use axum::http::{HeaderMap, header};

/// A posted form as its fields in order (a name may repeat).
pub type Fields = Vec<(String, String)>;

/// Refuses a request that a browser marks as cross-site, or whose Origin is another host.
pub fn same_origin(headers: &HeaderMap) -> Result<(), AppError> {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site");
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(|o| o.split("://").nth(1).unwrap_or(o).to_string());
    let mismatch = matches!((origin_host.as_deref(), host), (Some(o), Some(h)) if o != h);
    if cross_site || mismatch {
        return Err(AppError::Forbidden(Words::new(
            "请求来自其他网站，已拒绝；请在本站页面上提交。",
            "Cross-site request refused.",
        )));
    }
    Ok(())
}

/// An uploaded file.
pub struct Upload {
    /// The form field it came in.
    pub field: String,
    /// Its name as sent.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A multipart form: text fields in order, and files (empty file inputs are dropped).
pub async fn read_multipart(
    mut m: Multipart,
) -> Result<(Vec<(String, String)>, Vec<Upload>), AppError> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(AppError::BadRequest(Words::new(
                    format!("上传中断或超过大小上限（{e}）；单个文件不超过 20 MB，请重试。"),
                    "Upload failed or too large.",
                )));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(|e| {
                    AppError::BadRequest(Words::new(
                        format!("文件上传失败：{e}，请重试。"),
                        "Upload failed.",
                    ))
                })?;
                if !file_name.is_empty() || !bytes.is_empty() {
                    files.push(Upload {
                        field: name,
                        name: file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            None => {
                let text = field.text().await.map_err(|e| {
                    AppError::BadRequest(Words::new(
                        format!("表单读取失败：{e}。"),
                        "Form could not be read.",
                    ))
                })?;
                fields.push((name, text));
            }
        }
    }
    Ok((fields, files))
}

/// The first value of a form field, or "".
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Percent-encodes a string for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A Content-Disposition header for a file name (ASCII fallback and RFC 5987 UTF-8 name).
pub fn disposition(name: &str, inline: bool) -> axum::http::HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    axum::http::HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(axum::http::HeaderValue::from_static("attachment"))
}

/// A file to download: its bytes with their type and a `Content-Disposition` naming it.
pub(crate) fn download(
    bytes: Vec<u8>,
    mime: &'static str,
    name: String,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static(mime),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                disposition(&name, false),
            ),
        ],
        bytes,
    )
        .into_response()
}
