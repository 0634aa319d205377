//! E-mail delivery through SMTP (lettre): `smtp://host:port` (plain, for a local relay),
//! `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465`, with optional
//! `user:password@` in the URL.

use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use minsheng_store::Delivery;

/// SMTP settings.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// Server URL.
    pub url: String,
    /// Sender, e.g. `民生实事专班 <noreply@example.gov.cn>`.
    pub from: String,
}

impl MailConfig {
    /// Checks the settings once at start-up, so a typo is reported before any reminder.
    pub fn validate(&self) -> Result<(), String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.url)
            .map_err(|e| format!("SMTP 地址无法识别 {}：{e} (bad --smtp-url)", self.url))?;
        self.from
            .parse::<Mailbox>()
            .map_err(|e| format!("发件人地址无法识别 {}：{e} (bad --mail-from)", self.from))?;
        Ok(())
    }

    /// Sends one delivery, with a document attached when it carries one: (file name, MIME
    /// type, bytes).
    pub async fn send(
        &self,
        d: &Delivery,
        link: &str,
        document: Option<(String, &str, Vec<u8>)>,
    ) -> Result<(), String> {
        let to: Mailbox = format!("{} <{}>", d.name, d.to)
            .parse()
            .or_else(|_| d.to.parse())
            .map_err(|e| format!("收件地址无效 {}：{e}", d.to))?;
        let from: Mailbox = self.from.parse().map_err(|e| format!("发件人无效：{e}"))?;
        let builder = Message::builder().from(from).to(to).subject(&d.subject);
        let text = format!("{}\n\n{link}\n", d.text);
        let msg = match document {
            None => builder.header(ContentType::TEXT_PLAIN).body(text),
            Some((name, mime, bytes)) => {
                let mime = ContentType::parse(mime).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(text))
                        .singlepart(Attachment::new(name).body(bytes, mime)),
                )
            }
        }
        .map_err(|e| e.to_string())?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.url)
            .map_err(|e| e.to_string())?
            .build();
        transport
            .send(msg)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP 发送失败：{e}"))
    }
}
