//! Real network receivers started by tests on loopback: an SMTP server that accepts and keeps
//! every message (speaking the protocol lettre speaks: EHLO, MAIL, RCPT, DATA, QUIT), and an
//! HTTP server that keeps every JSON body posted to it, answering as the robots do.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One received e-mail, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// Decoded subject.
    pub subject: String,
    /// Decoded text body (the text part of a multipart mail).
    pub body: String,
    /// Attached files: (file name, bytes).
    #[allow(dead_code)]
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// An SMTP sink on 127.0.0.1.
pub struct SmtpSink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails: Arc<Mutex<Vec<Mail>>> = Arc::default();
        let keep = mails.clone();
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let keep = keep.clone();
                tokio::spawn(async move {
                    let (r, mut w) = sock.into_split();
                    let mut r = BufReader::new(r);
                    w.write_all(b"220 sink ESMTP\r\n").await.ok();
                    let mut to = Vec::new();
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let cmd = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if cmd.starts_with("EHLO") {
                            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                        } else if cmd.starts_with("HELO")
                            || cmd.starts_with("MAIL")
                            || cmd.starts_with("RSET")
                            || cmd.starts_with("NOOP")
                        {
                            if cmd.starts_with("RSET") {
                                to.clear();
                            }
                            b"250 ok\r\n"
                        } else if cmd.starts_with("RCPT") {
                            let addr = line.trim_end()[8..]
                                .trim()
                                .trim_start_matches('<')
                                .trim_end_matches('>')
                                .to_string();
                            to.push(addr);
                            b"250 ok\r\n"
                        } else if cmd == "DATA" {
                            w.write_all(b"354 go\r\n").await.ok();
                            let mut data = Vec::new();
                            loop {
                                let mut l = String::new();
                                if r.read_line(&mut l).await.unwrap_or(0) == 0 {
                                    return;
                                }
                                if l == ".\r\n" {
                                    break;
                                }
                                let l = l
                                    .strip_prefix('.')
                                    .filter(|_| l.starts_with(".."))
                                    .map(str::to_string)
                                    .unwrap_or(l);
                                data.extend_from_slice(l.as_bytes());
                            }
                            let parsed = mailparse::parse_mail(&data).unwrap();
                            let subject = parsed
                                .headers
                                .iter()
                                .find(|h| h.get_key_ref().eq_ignore_ascii_case("subject"))
                                .map(|h| h.get_value())
                                .unwrap_or_default();
                            let (body, attachments) = match parsed.subparts.as_slice() {
                                [] => (parsed.get_body().unwrap_or_default(), Vec::new()),
                                parts => (
                                    parts
                                        .iter()
                                        .find(|p| p.ctype.mimetype == "text/plain")
                                        .and_then(|p| p.get_body().ok())
                                        .unwrap_or_default(),
                                    parts
                                        .iter()
                                        .filter_map(|p| {
                                            let name = p
                                                .get_content_disposition()
                                                .params
                                                .get("filename")
                                                .cloned()?;
                                            Some((name, p.get_body_raw().ok()?))
                                        })
                                        .collect(),
                                ),
                            };
                            keep.lock().unwrap().push(Mail {
                                to: std::mem::take(&mut to),
                                subject,
                                body,
                                attachments,
                            });
                            b"250 queued\r\n"
                        } else if cmd == "QUIT" {
                            w.write_all(b"221 bye\r\n").await.ok();
                            return;
                        } else {
                            b"502 unknown\r\n"
                        };
                        w.write_all(reply).await.ok();
                    }
                });
            }
        });
        SmtpSink { port, mails }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Mails to `addr` whose subject contains every one of `needles`.
    pub fn to(&self, addr: &str, needles: &[&str]) -> Vec<Mail> {
        self.mails
            .lock()
            .unwrap()
            .iter()
            .filter(|m| {
                m.to.iter().any(|t| t == addr) && needles.iter().all(|n| m.subject.contains(n))
            })
            .cloned()
            .collect()
    }
}

/// (path, JSON body) of every POST received.
pub type Posts = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

/// An HTTP receiver on 127.0.0.1 keeping (path, JSON body) of every POST.
pub struct HttpReceiver {
    pub port: u16,
    pub posts: Posts,
}

impl HttpReceiver {
    pub async fn start() -> HttpReceiver {
        use axum::extract::State;
        use axum::http::Uri;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let posts: Posts = Arc::default();
        async fn take(
            State(keep): State<Posts>,
            uri: Uri,
            axum::Json(v): axum::Json<serde_json::Value>,
        ) -> axum::Json<serde_json::Value> {
            keep.lock().unwrap().push((uri.path().to_string(), v));
            axum::Json(serde_json::json!({"errcode": 0, "errmsg": "ok"}))
        }
        let app = axum::Router::new()
            .fallback(axum::routing::post(take))
            .with_state(posts.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        HttpReceiver { port, posts }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Bodies posted to `path` whose JSON text contains every one of `needles`.
    pub fn at(&self, path: &str, needles: &[&str]) -> Vec<serde_json::Value> {
        self.posts
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, v)| p == path && needles.iter().all(|n| v.to_string().contains(n)))
            .map(|(_, v)| v.clone())
            .collect()
    }
}
