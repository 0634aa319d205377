//! The background job runner: a scheduler pass (reminders due, periods to close, overdue
//! orders to escalate) followed by running due jobs from the database's jobs table until none
//! is left. It keeps no state of its own, so a restart, or a second server on the same
//! PostgreSQL, neither loses nor repeats work.

mod events;
mod mail;
mod webhook;
pub use events::EventHook;
pub use webhook::install_crypto;

pub use mail::MailConfig;
pub use webhook::payload as webhook_payload;

use crate::Clock;
use minsheng_domain::PlanId;
use minsheng_store::{Delivery, Job, Now, Reminder, Store, StoreError};
use std::collections::HashMap;
use std::time::Duration;

/// SMS reminders a unit's people get a day unless set otherwise (`--sms-daily-cap`).
pub const SMS_DAILY_CAP: i64 = 20;

/// Where messages go out.
#[derive(Clone, Debug)]
pub struct Outbox {
    /// SMTP, if configured; without it e-mail deliveries fail and are retried, then marked
    /// failed with the reason.
    pub mail: Option<MailConfig>,
    /// The address the application is reached at, for links in messages
    /// (`https://minsheng.example.gov.cn`).
    pub base_url: String,
    /// Reminders by SMS, if a platform is configured (the next rung after e-mail and robots).
    pub sms: Option<std::sync::Arc<crate::sms::Sms>>,
    /// SMS reminders a unit's people get a day, at most.
    pub sms_daily_cap: i64,
    /// Systems to tell of events (report filed, order issued, bulletin issued).
    pub events: Vec<EventHook>,
    /// Office platforms personal work notices go out on (DingTalk, WeCom, Feishu).
    pub work: crate::workapps::WorkApps,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            mail: None,
            base_url: String::new(),
            sms: None,
            sms_daily_cap: SMS_DAILY_CAP,
            events: Vec::new(),
            work: Default::default(),
        }
    }
}

/// What one scheduler pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Time spent assessing the lists that changed, scheduling their reminders and closing
    /// their periods.
    pub scheduling: Duration,
    /// Of the scheduling, the time spent comparing and recording items' lights.
    pub lights: Duration,
    /// Time spent running jobs.
    pub running: Duration,
    /// Reminder jobs enqueued.
    pub reminders: usize,
    /// Periods closed and frozen.
    pub closed: usize,
    /// Orders escalated.
    pub escalated: usize,
    /// Jobs run.
    pub ran: usize,
    /// Jobs that failed this time.
    pub failed: usize,
}

/// Runs the scheduler and the jobs.
#[derive(Clone)]
pub struct Runner {
    store: Store,
    clock: Clock,
    outbox: Outbox,
    http: reqwest::Client,
    /// The day and data version of the last scheduling this runner did. Only saves work: when
    /// neither has moved, the schedule would find nothing new. Another instance has its own.
    scheduled: std::sync::Arc<std::sync::Mutex<Option<(chrono::NaiveDate, i64)>>>,
    /// Per published plan, the day and plan version it was last scheduled at: a pass looks
    /// again only at plans whose version moved (a report, a lock, new settings…) or on a new
    /// day, since what is due depends on nothing else.
    plans_seen: std::sync::Arc<std::sync::Mutex<HashMap<PlanId, (chrono::NaiveDate, i64)>>>,
    /// Held from counting a unit's SMS for the day to writing the one sent down, so jobs run
    /// side by side cannot both pass the cap.
    sms_turn: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The newest event seen at the last pass: events are told up to it, one pass later, so
    /// a transaction that took a lower number but committed later is never skipped.
    event_mark: std::sync::Arc<std::sync::Mutex<Option<i64>>>,
}

/// Lists scheduled before their jobs run, in a pass that looks at many (fewer than the
/// store keeps assessed ledgers of).
const PLANS_PER_CHUNK: usize = 256;

/// Jobs run at once by a drain (and twice as many lists assessed at once when a chunk is
/// scheduled): most of either's time is spent waiting on the database's threads, so a few at
/// a time keep both cores busy.
const AT_ONCE: usize = 4;

/// Jobs one runner claims in one write (each leased for five minutes: at most this many
/// deliveries of 15 s each fit in a lease).
const CLAIM_AT_ONCE: i64 = 8;

impl Runner {
    /// A runner over a store and a clock.
    pub fn new(store: Store, clock: Clock, outbox: Outbox) -> Runner {
        webhook::install_crypto();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            // A robot answers where it was asked; a redirect elsewhere is not followed.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("minsheng")
            .build()
            .expect("HTTP client");
        Runner {
            store,
            clock,
            outbox,
            http,
            scheduled: Default::default(),
            sms_turn: Default::default(),
            event_mark: Default::default(),
            plans_seen: Default::default(),
        }
    }

    /// One scheduler pass and then every due job.
    pub async fn pass(&self) -> Result<Pass, StoreError> {
        let now = self.clock.now();
        let mark = (now.today, self.store.data_version().await?);
        let fresh = *self.scheduled.lock().expect("lock") != Some(mark);
        let mut p = Pass::default();
        if fresh {
            // Versions read before scheduling: a write that lands meanwhile makes the next
            // pass look at its plan again rather than be missed.
            let changed: Vec<(PlanId, i64)> = {
                let versions = self.store.published_plan_versions().await?;
                let seen = self.plans_seen.lock().expect("lock");
                versions
                    .into_iter()
                    .filter(|(plan, v)| seen.get(plan) != Some(&(now.today, *v)))
                    .collect()
            };
            let plans: Vec<PlanId> = changed.iter().map(|(p, _)| *p).collect();
            // In chunks, each followed by running its jobs: the chunk's assessed ledgers are
            // still kept when its reminders run (scheduling every list of the country first
            // would push the first lists' ledgers out before their reminders ran). Closing a
            // period moves its list's version but not its ledger, which is carried over.
            for chunk in plans.chunks(PLANS_PER_CHUNK) {
                let t = std::time::Instant::now();
                let (reminders, closed, lights) = self.schedule(chunk, now).await?;
                p.reminders += reminders;
                p.closed += closed;
                p.lights += lights;
                p.scheduling += t.elapsed();
                let t = std::time::Instant::now();
                let (ran, failed) = self.drain().await?;
                p.running += t.elapsed();
                p.ran += ran;
                p.failed += failed;
            }
            {
                let mut seen = self.plans_seen.lock().expect("lock");
                seen.retain(|_, (day, _)| *day == now.today);
                seen.extend(changed.into_iter().map(|(p, v)| (p, (now.today, v))));
            }
            p.escalated = self.store.escalate_overdue_orders(now).await?;
            // Done jobs are kept a year and a month: the delivery log stays readable for the
            // year's scoring, and the table stays small.
            self.store
                .prune_jobs(now.at - chrono::Duration::days(400))
                .await?;
            // The version read before scheduling: a write that lands meanwhile (ours or
            // another server's) makes the next pass schedule again rather than be missed.
            *self.scheduled.lock().expect("lock") = Some(mark);
        }
        let t = std::time::Instant::now();
        let (ran, failed) = self.drain().await?;
        p.running += t.elapsed();
        p.ran += ran;
        p.failed += failed;
        if !self.outbox.events.is_empty() {
            let newest = self.store.last_event().await?;
            let upto = self.event_mark.lock().expect("lock").replace(newest);
            for hook in &self.outbox.events {
                match upto {
                    Some(upto) => {
                        events::tell(&self.store, &self.http, hook, upto, now.at).await?;
                    }
                    // An address seen for the first time is told what happens from now on.
                    None => {
                        self.store.event_cursor(&hook.url, newest, now.at).await?;
                    }
                }
            }
        }
        Ok(p)
    }

    /// Schedules the reminders of `plans` and closes their due periods, several lists at
    /// once: each list is assessed as of today and of the periods it closes from one reading
    /// of its facts, then its reminders are enqueued and its periods frozen from those kept
    /// ledgers. Returns (reminders enqueued, periods closed, time spent on lights).
    async fn schedule(
        &self,
        plans: &[PlanId],
        now: Now,
    ) -> Result<(usize, usize, Duration), StoreError> {
        type Lights = Vec<(
            PlanId,
            minsheng_domain::ItemId,
            minsheng_domain::ledger::Light,
        )>;
        let mut set = tokio::task::JoinSet::new();
        let (mut reminders, mut closed) = (0, 0);
        let mut lights: Lights = Vec::new();
        let mut add = |done: Result<Result<(usize, usize, Lights), StoreError>, _>| {
            let (r, c, l) = done.expect("scheduling task")?;
            reminders += r;
            closed += c;
            lights.extend(l);
            Ok::<_, StoreError>(())
        };
        for &plan in plans {
            if set.len() >= 2 * AT_ONCE
                && let Some(done) = set.join_next().await
            {
                add(done)?;
            }
            let store = self.store.clone();
            set.spawn(async move {
                store.prime_for_pass(plan, now).await?;
                let lights: Lights = store
                    .plan_ledger(plan, now.today)
                    .await?
                    .items
                    .iter()
                    .map(|i| (plan, i.detail.item.id, i.assessment.light))
                    .collect();
                let r = store.schedule_reminders(&[plan], now).await?;
                let c = store.close_due_periods(&[plan], now).await?;
                Ok((r, c, lights))
            });
        }
        while let Some(done) = set.join_next().await {
            add(done)?;
        }
        // A change of an item's light is told once, as the event light.changed: the chunk's
        // lights are compared and recorded in one reading and one write.
        let t = std::time::Instant::now();
        self.store.record_lights(&lights, now.today, now.at).await?;
        Ok((reminders, closed, t.elapsed()))
    }

    /// Runs due jobs until none is left, [`AT_ONCE`] at a time; returns (run, failed).
    pub async fn drain(&self) -> Result<(usize, usize), StoreError> {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..AT_ONCE {
            let me = self.clone();
            set.spawn(async move { me.drain_one_by_one().await });
        }
        let (mut ran, mut failed) = (0, 0);
        while let Some(done) = set.join_next().await {
            let (r, f) = done.expect("job runner task")?;
            ran += r;
            failed += f;
        }
        Ok((ran, failed))
    }

    /// Claims due jobs, [`CLAIM_AT_ONCE`] at a time, and runs them one after another until
    /// none is left; returns (run, failed).
    async fn drain_one_by_one(&self) -> Result<(usize, usize), StoreError> {
        let (mut ran, mut failed) = (0, 0);
        loop {
            let jobs = self
                .store
                .claim_jobs(self.clock.now().at, CLAIM_AT_ONCE)
                .await?;
            if jobs.is_empty() {
                return Ok((ran, failed));
            }
            // The reminders among them run together, in one write.
            let (remind, other): (Vec<Job>, Vec<Job>) =
                jobs.into_iter().partition(|j| j.kind == "remind");
            ran += remind.len() + other.len();
            let (mut batch, mut of) = (Vec::new(), Vec::new());
            for job in &remind {
                match serde_json::from_str::<Reminder>(&job.payload) {
                    Ok(r) => {
                        batch.push((job.id, r));
                        of.push(job);
                    }
                    Err(e) => {
                        failed += 1;
                        self.record_failure(job, &e.to_string()).await?;
                    }
                }
            }
            let outcomes = self.store.run_reminder_jobs(&batch, self.clock.now()).await;
            for (job, outcome) in of.into_iter().zip(outcomes) {
                if let Err(e) = outcome {
                    failed += 1;
                    self.record_failure(job, &e.to_string()).await?;
                }
            }
            for job in &other {
                match self.run(job).await {
                    Ok(()) => self.store.finish_job(job.id, self.clock.now().at).await?,
                    Err(e) => {
                        failed += 1;
                        self.record_failure(job, &e).await?;
                    }
                }
            }
        }
    }

    /// Logs a job's failure and records the try (retried later, or given up).
    async fn record_failure(&self, job: &Job, error: &str) -> Result<(), StoreError> {
        tracing::warn!(job = job.id, kind = %job.kind, error = %error, "job failed");
        self.store.fail_job(job, error, self.clock.now().at).await
    }

    /// A reminder by SMS, within the unit's cap for the day (China time).
    async fn sms(&self, d: &Delivery, link: &str) -> Result<(), String> {
        let Some(sms) = &self.outbox.sms else {
            return Err("未配置短信服务 (no SMS service configured: --sms-provider)".into());
        };
        let Some(to) = minsheng_domain::verify::Mobile::parse(&d.to) else {
            return Err(format!(
                "手机号“{}”无效 (not a mainland mobile number)",
                d.to
            ));
        };
        if let Some(unit) = d.unit {
            let today = self.clock.today();
            let china = crate::clock::china();
            let since = chrono::TimeZone::from_local_datetime(
                &china,
                &today.and_hms_opt(0, 0, 0).expect("midnight"),
            )
            .single()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default();
            let sent = self
                .store
                .unit_sms_since(unit, since)
                .await
                .map_err(|e| e.to_string())?;
            if sent >= self.outbox.sms_daily_cap {
                return Err(format!(
                    "本单位今日短信已达上限 {} 条，不再发送 (the unit's SMS for today are used up)",
                    self.outbox.sms_daily_cap
                ));
            }
        }
        let text = format!("{}\n{}\n{link}", d.subject, d.text);
        sms.send_notice(crate::AppState::sms_http(), &to, &d.subject, &text)
            .await
            .map_err(|e| e.to_string())
    }

    /// The document an e-mail carries, made now from what is stored: `meeting:{id}` is that
    /// meeting's 纪要 (issued minutes are frozen, so it is what was issued).
    async fn document(
        &self,
        d: &Delivery,
    ) -> Result<Option<(String, &'static str, Vec<u8>)>, String> {
        let Some(what) = &d.attach else {
            return Ok(None);
        };
        match what.split_once(':') {
            Some(("meeting", id)) => {
                let id: i64 = id.parse().map_err(|_| format!("bad attachment {what}"))?;
                let (bytes, name) = crate::meetings::docx::document(&self.store, id)
                    .await
                    .map_err(|e| format!("{e:?}"))?;
                Ok(Some((name, crate::meetings::docx::MIME, bytes)))
            }
            _ => Err(format!("unknown attachment {what}")),
        }
    }

    async fn run(&self, job: &Job) -> Result<(), String> {
        match job.kind.as_str() {
            "deliver" => {
                let d: Delivery = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
                let link = format!("{}{}", self.outbox.base_url.trim_end_matches('/'), d.link);
                let _turn = match d.channel.as_str() {
                    "sms" => Some(self.sms_turn.lock().await),
                    _ => None,
                };
                let sent = match d.channel.as_str() {
                    "email" => match &self.outbox.mail {
                        Some(m) => match self.document(&d).await {
                            Ok(doc) => m.send(&d, &link, doc).await,
                            Err(e) => Err(e),
                        },
                        None => {
                            Err("未配置邮件服务器 (no SMTP server configured: --smtp-url)".into())
                        }
                    },
                    "webhook" => webhook::send(&self.http, &d, &link).await,
                    "sms" => self.sms(&d, &link).await,
                    other => match self.outbox.work.platform(other) {
                        Some(platform) => {
                            let notice = crate::workapps::WorkNotice {
                                title: &d.subject,
                                text: &d.text,
                                link: &link,
                            };
                            match platform {
                                Ok(p) => p.send(&self.http, &d.to, &notice).await,
                                Err(e) => Err(e),
                            }
                            .map_err(|e| e.to_string())
                        }
                        None => Err(format!("unknown channel {other}")),
                    },
                };
                let (ok, detail) = match &sent {
                    Ok(()) => (true, String::new()),
                    Err(e) => (false, e.clone()),
                };
                let now = self.clock.now().at;
                self.store
                    .record_delivery(job.id, &d, ok, &detail, now)
                    .await
                    .map_err(|e| e.to_string())?;
                if !ok {
                    // Down the ladder at the first failure; this rung still retries.
                    self.store
                        .enqueue_fallback(&d, now)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                sent
            }
            other => Err(format!("unknown job kind {other}")),
        }
    }

    /// Runs a pass every `every` until the task is dropped. Errors are logged and the loop
    /// goes on: the work is in the database and the next pass picks it up.
    pub fn spawn(self, every: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                match self.pass().await {
                    Ok(p) if p.ran > 0 || p.reminders > 0 => tracing::info!(?p, "jobs pass"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "jobs pass failed"),
                }
            }
        })
    }
}
