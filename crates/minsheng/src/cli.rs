//! Command-line definitions (clap). Help text is bilingual: Chinese first, English after.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// 民生实事 platform: import the annual list, assign units, track, supervise and publish.
#[derive(Debug, Parser)]
#[command(
    name = "minsheng",
    version,
    about = "民生实事平台：导入清单、分解责任、跟踪督办、公开进度\nminsheng: the platform for annual livelihood commitments (民生实事)"
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of `parse`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The gold JSON schema (items, units, deadlines, targets).
    Json,
    /// A human-readable table.
    Table,
}

/// How to read a list when the importer's first reading is not the right one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReadingArgs {
    /// 改用第 K 种读法（parse 列出的“其他读法”编号）/ take reading K (as `parse` lists them)
    #[arg(long, value_name = "K")]
    pub reading: Option<usize>,
    /// 手工标出每一项起始的段落编号（见 --paragraphs），如 3,7,12 / paragraphs where items start (see --paragraphs)
    #[arg(long, value_name = "N,N,…", value_delimiter = ',')]
    pub starts: Option<Vec<usize>>,
    /// 指定表格各列的含义，按表头顺序，如 seq,name,content,lead,co,deadline（- 表示不导入）
    /// / what each table column holds, in header order (- leaves a column out)
    #[arg(long, value_name = "ROLE,…", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
}

/// Where the data lives.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// 数据目录（SQLite 数据库与上传文件）/ data directory (SQLite database and uploads)
    #[arg(long, default_value = "data", env = "MINSHENG_DATA")]
    pub data: PathBuf,
    /// PostgreSQL 连接串（不设则用数据目录中的 SQLite）/ PostgreSQL URL (SQLite in the data directory when unset)
    #[arg(long, env = "MINSHENG_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// Sign-in settings for the server.
#[derive(Debug, Clone, clap::Args)]
pub struct AuthArgs {
    /// 会话空闲超时（分钟）/ session idle timeout in minutes
    #[arg(long, default_value_t = 30, env = "MINSHENG_SESSION_IDLE_MINUTES")]
    pub session_idle_minutes: i64,
    /// 会话最长时限（小时）/ absolute session lifetime in hours
    #[arg(long, default_value_t = 8, env = "MINSHENG_SESSION_HOURS")]
    pub session_hours: i64,
    /// 连续失败几次锁定账号 / failed sign-ins that lock an account
    #[arg(long, default_value_t = 5, env = "MINSHENG_LOCKOUT_FAILURES")]
    pub lockout_failures: u32,
    /// 锁定时长（分钟）/ lockout duration in minutes
    #[arg(long, default_value_t = 15, env = "MINSHENG_LOCKOUT_MINUTES")]
    pub lockout_minutes: i64,
    /// 会话 Cookie 加 Secure 标记（经 HTTPS 访问时开启）/ mark the session cookie Secure (serve over HTTPS)
    #[arg(long, env = "MINSHENG_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// 信任反向代理的 X-Forwarded-Proto / trust X-Forwarded-Proto from a reverse proxy
    #[arg(long, env = "MINSHENG_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// 必须使用两步验证（动态口令）登录的角色，逗号分隔，none 为都不强制（其他角色可自愿开启）
    /// / roles that must sign in with a second factor (authenticator codes), comma separated, or none
    #[arg(long, default_value = "admin", env = "MINSHENG_SECOND_FACTOR_FOR")]
    pub second_factor_for: String,
}

/// Sending verification codes by SMS (for rating campaigns that ask for a verified number).
#[derive(Debug, Clone, clap::Args)]
pub struct SmsArgs {
    /// 短信平台：aliyun（阿里云）、tencent（腾讯云）、gateway（自有短信网关，HTTP+HMAC）、log（只写日志，不发送）、none
    /// / SMS platform for verification codes
    #[arg(long, default_value = "none", env = "MINSHENG_SMS_PROVIDER")]
    pub sms_provider: String,
    /// AccessKey ID（阿里云）或 SecretId（腾讯云）/ AccessKey ID or SecretId
    #[arg(long, default_value = "", env = "MINSHENG_SMS_KEY_ID")]
    pub sms_key_id: String,
    /// AccessKey Secret、SecretKey 或短信网关的签名密钥（建议用环境变量）/ secret (use the environment variable)
    #[arg(
        long,
        default_value = "",
        env = "MINSHENG_SMS_SECRET",
        hide_env_values = true
    )]
    pub sms_secret: String,
    /// 已审核的短信签名，如 某某区人民政府 / approved signature name
    #[arg(long, default_value = "", env = "MINSHENG_SMS_SIGN_NAME")]
    pub sms_sign_name: String,
    /// 已审核的验证码模板（阿里云模板 CODE，腾讯云模板 ID），含一个变量：验证码 / approved verification template
    #[arg(long, default_value = "", env = "MINSHENG_SMS_TEMPLATE")]
    pub sms_template: String,
    /// 已审核的提醒短信模板，含一个变量：标题（阿里云 ${title}，腾讯云第 1 个参数）；不设则不发短信提醒
    /// / approved reminder template with one variable, the title (none: no SMS reminders)
    #[arg(long, default_value = "", env = "MINSHENG_SMS_NOTICE_TEMPLATE")]
    pub sms_notice_template: String,
    /// 腾讯云短信 SdkAppId / Tencent Cloud SmsSdkAppId
    #[arg(long, default_value = "", env = "MINSHENG_SMS_APP_ID")]
    pub sms_app_id: String,
    /// 腾讯云地域（默认 ap-guangzhou）/ Tencent Cloud region
    #[arg(long, default_value = "", env = "MINSHENG_SMS_REGION")]
    pub sms_region: String,
    /// 平台接口地址（gateway 必填；阿里云、腾讯云可改用专有地址）/ API address (required for gateway)
    #[arg(long, default_value = "", env = "MINSHENG_SMS_ENDPOINT")]
    pub sms_endpoint: String,
}

impl SmsArgs {
    /// The web layer's settings.
    pub fn config(&self) -> minsheng_web::sms::SmsConfig {
        minsheng_web::sms::SmsConfig {
            provider: self.sms_provider.clone(),
            key_id: self.sms_key_id.clone(),
            secret: self.sms_secret.clone(),
            sign_name: self.sms_sign_name.clone(),
            template: self.sms_template.clone(),
            notice_template: self.sms_notice_template.clone(),
            app_id: self.sms_app_id.clone(),
            region: self.sms_region.clone(),
            endpoint: self.sms_endpoint.clone(),
        }
    }
}

/// Personal work notices on the office platforms (an application registered on each).
#[derive(Debug, Clone, clap::Args)]
pub struct WorkAppArgs {
    /// 钉钉企业内部应用的 AppKey / DingTalk application's AppKey
    #[arg(long, default_value = "", env = "MINSHENG_DINGTALK_APP_KEY")]
    pub dingtalk_app_key: String,
    /// 钉钉应用的 AppSecret（建议用环境变量）/ DingTalk AppSecret (use the environment variable)
    #[arg(
        long,
        default_value = "",
        env = "MINSHENG_DINGTALK_APP_SECRET",
        hide_env_values = true
    )]
    pub dingtalk_app_secret: String,
    /// 钉钉应用的 AgentId / DingTalk application's AgentId
    #[arg(long, default_value = "", env = "MINSHENG_DINGTALK_AGENT_ID")]
    pub dingtalk_agent_id: String,
    /// 钉钉接口地址（浙政钉等专有钉钉填其地址；默认 https://oapi.dingtalk.com）/ DingTalk API address
    #[arg(long, default_value = "", env = "MINSHENG_DINGTALK_API")]
    pub dingtalk_api: String,
    /// 企业微信的企业ID / WeCom corporation id
    #[arg(long, default_value = "", env = "MINSHENG_WECOM_CORP_ID")]
    pub wecom_corp_id: String,
    /// 企业微信自建应用的 Secret（建议用环境变量）/ WeCom application's Secret
    #[arg(
        long,
        default_value = "",
        env = "MINSHENG_WECOM_SECRET",
        hide_env_values = true
    )]
    pub wecom_secret: String,
    /// 企业微信自建应用的 AgentId / WeCom application's AgentId
    #[arg(long, default_value = "", env = "MINSHENG_WECOM_AGENT_ID")]
    pub wecom_agent_id: String,
    /// 企业微信接口地址（私有化部署填其地址；默认 https://qyapi.weixin.qq.com）/ WeCom API address
    #[arg(long, default_value = "", env = "MINSHENG_WECOM_API")]
    pub wecom_api: String,
    /// 飞书自建应用的 App ID / Feishu application's App ID
    #[arg(long, default_value = "", env = "MINSHENG_FEISHU_APP_ID")]
    pub feishu_app_id: String,
    /// 飞书应用的 App Secret（建议用环境变量）/ Feishu App Secret
    #[arg(
        long,
        default_value = "",
        env = "MINSHENG_FEISHU_APP_SECRET",
        hide_env_values = true
    )]
    pub feishu_app_secret: String,
    /// 飞书接口地址（默认 https://open.feishu.cn）/ Feishu API address
    #[arg(long, default_value = "", env = "MINSHENG_FEISHU_API")]
    pub feishu_api: String,
}

impl WorkAppArgs {
    /// The web layer's settings.
    pub fn config(&self) -> minsheng_web::workapps::WorkAppsConfig {
        minsheng_web::workapps::WorkAppsConfig {
            dingtalk_app_key: self.dingtalk_app_key.clone(),
            dingtalk_app_secret: self.dingtalk_app_secret.clone(),
            dingtalk_agent_id: self.dingtalk_agent_id.clone(),
            dingtalk_api: self.dingtalk_api.clone(),
            wecom_corp_id: self.wecom_corp_id.clone(),
            wecom_secret: self.wecom_secret.clone(),
            wecom_agent_id: self.wecom_agent_id.clone(),
            wecom_api: self.wecom_api.clone(),
            feishu_app_id: self.feishu_app_id.clone(),
            feishu_app_secret: self.feishu_app_secret.clone(),
            feishu_api: self.feishu_api.clone(),
        }
    }
}

/// Background jobs: reminders, notices, period closing.
#[derive(Debug, Clone, clap::Args)]
pub struct JobArgs {
    /// SMTP 服务器，如 smtp://127.0.0.1:25、smtp://用户:口令@mail.example.gov.cn:587?tls=required、smtps://mail.example.gov.cn:465 / SMTP server URL
    #[arg(long, env = "MINSHENG_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// 发件人 / sender address
    #[arg(
        long,
        default_value = "民生实事专班 <noreply@localhost>",
        env = "MINSHENG_MAIL_FROM"
    )]
    pub mail_from: String,
    /// 本站对外地址，用于提醒中的链接和民生码，如 https://ms.example.gov.cn（不设则用监听地址）
    /// / public address of this site, for links in messages and QR codes (default: the bind address)
    #[arg(long, env = "MINSHENG_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// 有事件（报送、督办单下发、通报印发）时通知的外部系统地址，可重复或逗号分隔 / outbound event webhooks
    /// (report filed, order issued, bulletin issued); repeatable or comma-separated
    #[arg(long, value_delimiter = ',', env = "MINSHENG_EVENT_WEBHOOKS")]
    pub event_webhook: Vec<String>,
    /// 事件推送的签名密钥（HMAC-SHA256，建议用环境变量）/ signing secret of event webhooks
    #[arg(
        long,
        default_value = "",
        env = "MINSHENG_EVENT_SECRET",
        hide_env_values = true
    )]
    pub event_secret: String,
    /// 每个单位每天最多收到的短信提醒条数 / SMS reminders a unit's people get a day, at most
    #[arg(long, default_value_t = minsheng_web::jobs::SMS_DAILY_CAP, env = "MINSHENG_SMS_DAILY_CAP")]
    pub sms_daily_cap: i64,
    #[command(flatten)]
    pub work: Box<WorkAppArgs>,
    /// 后台任务间隔（秒）/ seconds between background passes
    #[arg(long, default_value_t = 60, env = "MINSHENG_JOBS_EVERY")]
    pub jobs_every: u64,
    /// 不在本进程运行后台任务（另有实例运行时）/ do not run background jobs in this process
    #[arg(long, env = "MINSHENG_NO_JOBS")]
    pub no_jobs: bool,
}

/// The public map's tile server.
#[derive(Debug, Clone, clap::Args)]
pub struct MapArgs {
    /// 公众地图的瓦片地址，含 {z} {x} {y}（可含 {s}，取 0–7），如天地图
    /// https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=密钥；
    /// 不设则不显示地图，只列出点位 / tile URL of the public map ({z} {x} {y}, optional {s} = 0–7);
    /// unset: sites are listed without a map
    #[arg(long, env = "MINSHENG_MAP_TILES")]
    pub map_tiles: Option<String>,
    /// 地图下方的版权和审图号说明 / credit shown under the map (provider, approval number)
    #[arg(long, default_value = "", env = "MINSHENG_MAP_ATTRIBUTION")]
    pub map_attribution: String,
}

/// `minsheng user …`.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// 新建用户（不给口令则生成并显示；首次登录须修改）/ add a user (a password is generated and shown if not given)
    Add {
        /// 用户名 / user name
        username: String,
        /// 角色：admin coordinator leader unit_head unit_staff deputy viewer / role
        #[arg(long)]
        role: String,
        /// 姓名 / display name
        #[arg(long)]
        name: Option<String>,
        /// 所属单位（可重复）/ unit (repeatable)
        #[arg(long)]
        unit: Vec<String>,
        /// 领导姓名（分管领导角色）/ leader's name (leader role)
        #[arg(long)]
        leader: Option<String>,
        /// 初始口令 / initial password
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// 重置口令（不给则生成并显示）/ reset a password (generated and shown if not given)
    Passwd {
        /// 用户名 / user name
        username: String,
        /// 新口令 / new password
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// 重置两步验证（手机丢失且无恢复码时），下次登录重新设置 / remove a user's second factor (a lost phone); they set it up again at next sign-in
    ResetSecondFactor {
        /// 用户名 / user name
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// 列出用户 / list users
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `minsheng audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// 校验审计日志哈希链，发现被改或被删的记录 / check the audit log's hash chain for edited or deleted rows
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 启动网站服务 / start the web server
    Serve {
        /// 监听地址 / address to listen on
        #[arg(long, default_value = "127.0.0.1:8080", env = "MINSHENG_BIND")]
        bind: String,
        #[command(flatten)]
        db: DbArgs,
        /// 佐证材料存放目录（默认为数据目录下的 files）/ evidence files directory (default: files in the data directory)
        #[arg(long, env = "MINSHENG_FILES")]
        files: Option<PathBuf>,
        /// 把“今天”固定为某日，用于演示和培训，如 2025-09-15 / pretend today is this date (demos, training)
        #[arg(long, env = "MINSHENG_TODAY")]
        today: Option<chrono::NaiveDate>,
        #[command(flatten)]
        auth: AuthArgs,
        #[command(flatten)]
        jobs: JobArgs,
        #[command(flatten)]
        map: MapArgs,
        #[command(flatten)]
        sms: Box<SmsArgs>,
    },
    /// 用随附的示范数据新建数据目录并启动服务 / fresh data directory with the shipped demo lists, then serve
    Demo {
        /// 监听地址 / address to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// 数据目录（会被清空重建）/ data directory (emptied and rebuilt)
        #[arg(long, default_value = "data/demo")]
        data: PathBuf,
        /// 示范数据的“今天”（台账按周填报到此日）/ the demo's "today" (weekly reports are filled up to it)
        #[arg(long, default_value = "2025-09-15")]
        today: chrono::NaiveDate,
    },
    /// 导入清单：先显示解析结果和警告供核对，再保存为草稿计划；改过的 parse --format json 结果也可导入
    /// / import a list: shows what was read, with warnings, then saves a draft plan; a corrected
    /// `parse --format json` file imports as it is
    Import {
        /// 清单文件（.docx .xlsx .xls .csv .txt，或核对后的 .json）/ list file, or a reviewed .json
        file: PathBuf,
        /// 地区名称，如 济宁高新区 / region name
        #[arg(long)]
        region: Option<String>,
        /// 年度，如 2024 / year
        #[arg(long)]
        year: Option<i32>,
        /// 只显示解析结果供核对，不保存 / show what was read for review, save nothing
        #[arg(long)]
        dry_run: bool,
        /// 不询问，直接保存 / save without asking
        #[arg(long, short)]
        yes: bool,
        #[command(flatten)]
        reading: ReadingArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// 解析清单文件并输出结构化结果（不写数据库）/ parse a list file and print the result (no database)
    Parse {
        /// 清单文件 / list file
        #[arg(required_unless_present = "score")]
        file: Option<PathBuf>,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// 对照人工标注评分：标注目录和文档目录（如 corpus/real/gold corpus/real/docs）
        /// / score against hand labels: the gold directory and the documents' directory
        #[arg(long, num_args = 2, value_names = ["GOLD_DIR", "DOCS_DIR"], conflicts_with = "file")]
        score: Option<Vec<PathBuf>>,
        /// 评分时换用另一格式的文档（docx、xlsx、gbk.txt）/ when scoring, read this version of each document
        #[arg(long, requires = "score")]
        ext: Option<String>,
        /// 评分时列出每一处差错 / when scoring, list every miss
        #[arg(long, short, requires = "score")]
        verbose: bool,
        /// 列出文档的段落及编号（供 --starts 使用）/ list the document's numbered paragraphs (for --starts)
        #[arg(long, conflicts_with = "score")]
        paragraphs: bool,
        #[command(flatten)]
        reading: ReadingArgs,
    },
    /// 管理用户 / manage accounts
    User {
        /// 操作 / action
        #[command(subcommand)]
        action: UserAction,
    },
    /// 审计日志 / the audit log
    Audit {
        /// 操作 / action
        #[command(subcommand)]
        action: AuditAction,
    },
    /// 性能基准 / benchmarks
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// 生成测试数据：地区、单位、账号、历年清单、每周台账、督办、留言和测评（基准和压力测试用，勿用于生产库）
    /// / fill a database with generated data for benchmarks (never on a production database)
    Gen {
        #[command(flatten)]
        db: DbArgs,
        /// 规模：city（1 市 10 县）、province（1 省约 117 个地区）、national（31 省约 3,200 个地区）/ scale
        #[arg(long, default_value = "city")]
        scale: String,
        /// 随机种子（同一种子生成同样的数据）/ seed (the same seed gives the same data)
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 清单年数（截至 --today 所在年度）/ years of lists, ending with --today's year
        #[arg(long, default_value_t = 5)]
        years: i32,
        /// 其中有每周台账的最近年数（默认：city 5、province 2、national 1）/ recent years with weekly reports
        #[arg(long)]
        report_years: Option<i32>,
        /// 每份清单的项目数（约数）/ items per list (about)
        #[arg(long, default_value_t = 30)]
        items: usize,
        /// 台账截止日 / reports run up to this day
        #[arg(long, default_value = "2025-09-30")]
        today: chrono::NaiveDate,
    },
    /// 在线备份：数据库的一致副本（SQLite 用 VACUUM INTO，PostgreSQL 用 pg_dump）和佐证材料，服务无需停止
    /// / online backup: a consistent copy of the database (VACUUM INTO or pg_dump) and the evidence files, while serving
    Backup {
        /// 备份目录（新建或为空）/ backup directory (new or empty)
        dest: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// 佐证材料目录（默认为数据目录下的 files）/ evidence files directory
        #[arg(long, env = "MINSHENG_FILES")]
        files: Option<PathBuf>,
    },
    /// 从备份恢复到空的数据目录或空的 PostgreSQL 库 / restore a backup into an empty data directory or database
    Restore {
        /// 备份目录 / backup directory
        src: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// 佐证材料目录（默认为数据目录下的 files）/ evidence files directory
        #[arg(long, env = "MINSHENG_FILES")]
        files: Option<PathBuf>,
    },
    /// 执行数据库迁移 / run database migrations
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `minsheng bench …`.
#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// 生成清单和一年台账后计时生成季度通报（网页、Word、Excel）/ generate a plan with a year of
    /// weekly reports, then time the quarterly bulletin (HTML, DOCX, XLSX)
    Bulletin {
        /// 项目数 / items in the generated plan
        #[arg(long, default_value_t = 1000)]
        items: usize,
        /// 周数（每项每周一份台账）/ weeks of reports per item
        #[arg(long, default_value_t = 52)]
        weeks: u32,
        /// 重复次数（取中位数）/ repetitions (the median is reported)
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// PostgreSQL 连接串（须为空库）；不设则用临时 SQLite / PostgreSQL URL of an empty database (default: a temporary SQLite)
        #[arg(long)]
        database_url: Option<String>,
    },
    /// 在 minsheng gen 生成的库上启动服务，用 wrk 测页面、接口和并发报送的延迟与吞吐、启动时间和内存
    /// / serve a database made by minsheng gen and load it with wrk: latency and throughput of
    /// pages, API and concurrent report submissions, start-up time and memory
    Load {
        #[command(flatten)]
        db: DbArgs,
        /// 每项测量的秒数 / seconds per measurement
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// 并发连接数 / concurrent connections
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// wrk 线程数 / wrk threads
        #[arg(long, default_value_t = 2)]
        threads: u32,
        /// 服务的“今天”（与 gen 的 --today 一致）/ the server's today (as given to gen)
        #[arg(long, default_value = "2025-09-30")]
        today: chrono::NaiveDate,
        /// 准备的报送空位数（每个项目本周一份）/ report slots prepared (one per item for this week)
        #[arg(long, default_value_t = 15000)]
        writes: usize,
        /// wrk 程序 / the wrk program
        #[arg(long, default_value = "wrk")]
        wrk: String,
        /// 只测这些（逗号分隔）/ measure only these (comma-separated): plan, item, dashboard,
        /// cockpit-province, cockpit-city, workbench, ledger, api-plans, api-items,
        /// submissions, mixed, scheduler
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// 登录洪泛：一个账号同时收到大量错误口令（各来自不同地址）、一个地址同时猜大量用户名；
    /// 统计应答、实际校验次数、是否锁定和服务内存 / the sign-in flood: many wrong passwords for one
    /// account at once from as many addresses, many names from one address; answers, failures
    /// evaluated, the lock and the server's memory
    Signin {
        /// 每轮请求数 / requests per round
        #[arg(long, default_value_t = 150)]
        attempts: usize,
    },
    /// 导入器吞吐：反复解析语料库中的文档 / importer throughput over the
    /// documents of the corpus (default: the real lists collected from other regions)
    Import {
        /// 重复次数 / repetitions
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// 文档目录 / directory of documents
        #[arg(long, default_value = "corpus/real/docs")]
        dir: PathBuf,
    },
}
