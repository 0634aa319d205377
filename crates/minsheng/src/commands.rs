//! What each subcommand does. Every failure comes back as one line that says what is wrong
//! and what to do; no panics, no backtraces.

use crate::cli::{AuthArgs, BenchWhat, Cli, Command, DbArgs, Format};
use minsheng_domain::access::{LockoutPolicy, SessionPolicy};
use minsheng_importer::list::columns::Role;
use minsheng_importer::{Choice, ParsedList};
use minsheng_store::accounts::AuthConfig;
use minsheng_store::files::FileStore;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::jobs::{MailConfig, Outbox, Runner};
use minsheng_web::{AppState, Clock};
use std::io::IsTerminal;
use std::path::Path;

mod accounts;
mod backup;
mod bench;
mod demo;
mod flood;
mod generate;
mod load;
mod mixed;

fn auth_config(a: &AuthArgs) -> Result<AuthConfig, String> {
    if a.session_idle_minutes < 1
        || a.session_hours < 1
        || a.lockout_failures < 1
        || a.lockout_minutes < 1
    {
        return Err(
            "会话与锁定参数须为正数 (session and lockout settings must be positive)".into(),
        );
    }
    let second_factor = a.second_factor_for.parse().map_err(|e| {
        format!(
            "--second-factor-for：{e}；可选 none 或角色代码 admin,coordinator,leader,unit_head,unit_staff,deputy,viewer (unknown role)"
        )
    })?;
    Ok(AuthConfig {
        second_factor,
        session: SessionPolicy {
            idle: chrono::Duration::minutes(a.session_idle_minutes),
            absolute: chrono::Duration::hours(a.session_hours),
        },
        lockout: LockoutPolicy {
            max_failures: a.lockout_failures,
            lock_for: chrono::Duration::minutes(a.lockout_minutes),
        },
        ..AuthConfig::default()
    })
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Parse {
            file,
            format,
            score,
            ext,
            verbose,
            paragraphs,
            reading,
        } => match (file, score) {
            (_, Some(dirs)) => score_corpus(&dirs[0], &dirs[1], ext.as_deref(), verbose),
            (Some(file), None) if paragraphs => list_paragraphs(&file),
            (Some(file), None) => parse(&file, format, &choice_of(&reading)?),
            (None, None) => Err("请给出清单文件或 --score 目录 (give a file or --score)".into()),
        },
        Command::Serve {
            bind,
            db,
            files,
            today,
            auth,
            jobs,
            map,
            sms,
        } => runtime()?.block_on(async {
            let sms = sms.config().sender()?;
            let store = open(&db).await?;
            let files = FileStore::new(files.unwrap_or_else(|| db.data.join("files")));
            let clock = today.map(Clock::fixed).unwrap_or_else(Clock::system);
            if let Some(t) = today {
                println!("“今天”固定为 {t} (today is fixed to {t})");
            }
            let mut state = AppState::new(store, files, clock).with_auth(auth_config(&auth)?);
            state.secure_cookies = auth.secure_cookies;
            state.trust_proxy = auth.trust_proxy;
            state.public_url = jobs.public_url.clone().unwrap_or_default();
            state.map_tiles = match map.map_tiles.as_deref() {
                Some(t) => Some(
                    minsheng_web::MapTiles::new(t, &map.map_attribution)
                        .map_err(|e| format!("--map-tiles: {e}"))?,
                ),
                None => None,
            };
            let state = state.with_sms(sms);
            let runner = runner(&bind, &state, &jobs)?;
            serve(&bind, state, runner).await
        }),
        Command::Demo { bind, data, today } => runtime()?.block_on(async {
            let store = demo::prepare(&data, today).await?;
            println!("示范数据的“今天”为 {today}，可用 --today 修改 (the demo's today is {today})");
            let files = FileStore::new(data.join("files"));
            // The demo is for trying things out: nobody is made to set up a second factor
            // (`serve` asks it of administrators; `--second-factor-for`).
            println!(
                "示范环境不强制两步验证，可在“我的账户”中自愿开启 (second factor optional in the demo)"
            );
            // Codes for verified ratings are written to the log, not sent.
            let state = AppState::new(store, files, Clock::fixed(today))
                .with_auth(AuthConfig {
                    second_factor: minsheng_domain::access::SecondFactorPolicy::optional(),
                    ..AuthConfig::default()
                })
                .with_sms(Some(minsheng_web::sms::Sms::Log));
            let runner = Runner::new(
                state.store.clone(),
                state.clock.clone(),
                Outbox {
                    base_url: format!("http://{bind}"),
                    sms: state.sms.clone(),
                    ..Outbox::default()
                },
            );
            serve(
                &bind,
                state,
                Some((runner, std::time::Duration::from_secs(60))),
            )
            .await
        }),
        Command::Import {
            file,
            region,
            year,
            dry_run,
            yes,
            reading,
            db,
        } => runtime()?.block_on(import(
            &file,
            ImportChoice {
                region,
                year,
                dry_run,
                yes,
                reading: choice_of(&reading)?,
            },
            &db,
        )),
        Command::User { action } => runtime()?.block_on(accounts::user(action)),
        Command::Audit { action } => runtime()?.block_on(accounts::audit(action)),
        Command::Bench { what } => match what {
            BenchWhat::Bulletin {
                items,
                weeks,
                runs,
                database_url,
            } => runtime()?.block_on(bench::bulletin(items, weeks, runs, database_url)),
            BenchWhat::Load {
                db,
                seconds,
                connections,
                threads,
                today,
                writes,
                wrk,
                only,
            } => runtime()?.block_on(load::load(load::LoadArgs {
                db,
                seconds,
                connections,
                threads,
                today,
                writes,
                wrk,
                only,
            })),
            BenchWhat::Import { runs, dir } => bench::import(runs, &dir),
            BenchWhat::Signin { attempts } => runtime()?.block_on(flood::signin(attempts)),
        },
        Command::Gen {
            db,
            scale,
            seed,
            years,
            report_years,
            items,
            today,
        } => runtime()?.block_on(generate::generate(
            &db,
            &scale,
            seed,
            years,
            report_years,
            items,
            today,
        )),
        Command::Backup { dest, db, files } => {
            runtime()?.block_on(backup::backup(&db, files.as_deref(), &dest))
        }
        Command::Restore { src, db, files } => {
            runtime()?.block_on(backup::restore(&db, files.as_deref(), &src))
        }
        Command::Migrate { db } => runtime()?.block_on(async {
            let store = open(&db).await?;
            println!("数据库已是最新 (migrations applied): {:?}", store.backend());
            Ok(())
        }),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动运行时：{e}"))
}

async fn open(db: &DbArgs) -> Result<Store, String> {
    Store::open(&db.data, db.database_url.as_deref())
        .await
        .map_err(|e| e.to_string())
}

fn read_file(file: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| {
        format!(
            "无法读取文件 {}：{e}；请检查路径 (cannot read file)",
            file.display()
        )
    })
}

fn parse(file: &Path, format: Format, choice: &Choice) -> Result<(), String> {
    let bytes = read_file(file)?;
    let list = parse_as(&bytes, &file.to_string_lossy(), choice)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        ),
        Format::Table => print!("{}", minsheng_importer::model::render_table(&list)),
    }
    Ok(())
}

/// The reading asked for on the command line.
fn choice_of(r: &crate::cli::ReadingArgs) -> Result<Choice, String> {
    let columns = match &r.columns {
        None => None,
        Some(codes) => Some(
            codes
                .iter()
                .map(|c| match c.trim() {
                    "-" | "" => Ok(None),
                    code => Role::from_code(code).map(Some).ok_or_else(|| {
                        let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
                        format!(
                            "不认识的列含义“{code}”，可用：{} 或 - (unknown column role)",
                            known.join(", ")
                        )
                    }),
                })
                .collect::<Result<Vec<_>, String>>()?,
        ),
    };
    Ok(Choice {
        reading: r.reading,
        item_starts: r.starts.clone(),
        columns,
    })
}

fn parse_as(bytes: &[u8], name: &str, choice: &Choice) -> Result<ParsedList, String> {
    minsheng_importer::parse_bytes_as(bytes, name, minsheng_importer::Limits::default(), choice)
        .map_err(|e| e.to_string())
}

/// Prints the document's paragraphs, numbered as `--starts` takes them.
fn list_paragraphs(file: &Path) -> Result<(), String> {
    let bytes = read_file(file)?;
    let paras = minsheng_importer::paragraphs(&bytes, &file.to_string_lossy())
        .map_err(|e| e.to_string())?;
    for (k, p) in paras.iter().enumerate() {
        let short: String = p.text.trim().chars().take(60).collect();
        println!("{:>4}  {short}", k + 1);
    }
    Ok(())
}

/// Scores the importer on a labelled corpus and prints a table; fails when a document is
/// refused, so a script can tell.
fn score_corpus(gold: &Path, docs: &Path, ext: Option<&str>, verbose: bool) -> Result<(), String> {
    let (results, missing) = minsheng_importer::score::score_corpus(gold, docs, ext)?;
    print!("{}", minsheng_importer::score::render(&results, verbose));
    if !missing.is_empty() {
        println!("没有该格式的文档 (no such version): {}", missing.join(", "));
    }
    let refused = results.iter().filter(|r| r.error.is_some()).count();
    if refused > 0 {
        return Err(format!("{refused} 个文档未能读取 (documents refused)"));
    }
    Ok(())
}

/// Reads a list file: a document to parse, or a reviewed `parse --format json` result.
fn read_list(name: &str, bytes: &[u8], choice: &Choice) -> Result<ParsedList, String> {
    if name.to_ascii_lowercase().ends_with(".json") {
        return serde_json::from_slice(bytes)
            .map_err(|e| format!("JSON 文件不是 minsheng parse --format json 的格式：{e}；请用 parse 重新生成后再修改 (not a parse result)"));
    }
    parse_as(bytes, name, choice)
}

/// Stores a parsed list as a draft plan under the given or documented region and year.
pub async fn import_into(
    store: &Store,
    name: &str,
    bytes: Vec<u8>,
    list: &ParsedList,
    region: Option<String>,
    year: Option<i32>,
) -> Result<minsheng_store::ImportSummary, String> {
    let region = region.or(list.region.clone()).ok_or("文件中没有地区名称，请用 --region 指定，例如 --region 济宁高新区 (region unknown: pass --region)")?;
    let year = year
        .or(list.year)
        .ok_or("文件中没有年度，请用 --year 指定，例如 --year 2024 (year unknown: pass --year)")?;
    let file_name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opts = ImportOptions {
        region,
        year,
        source_name: file_name,
        source_bytes: bytes,
    };
    store
        .import_plan(list, &opts)
        .await
        .map_err(|e| e.to_string())
}

/// How `import` was asked to behave.
struct ImportChoice {
    region: Option<String>,
    year: Option<i32>,
    dry_run: bool,
    yes: bool,
    reading: Choice,
}

async fn import(file: &Path, choice: ImportChoice, db: &DbArgs) -> Result<(), String> {
    let bytes = read_file(file)?;
    let name = file.to_string_lossy().into_owned();
    // Parse before opening the database, so a bad file touches nothing.
    let list = read_list(&name, &bytes, &choice.reading)?;
    print!("{}", minsheng_importer::model::render_table(&list));
    if choice.dry_run {
        println!(
            "\n（仅核对，未保存。要修改：minsheng parse {name} --format json > list.json，编辑后 minsheng import list.json）\n(dry run: nothing saved)"
        );
        return Ok(());
    }
    if !choice.yes && std::io::stdin().is_terminal() {
        print!("\n保存为草稿计划？Save as a draft plan? [y/N] ");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "是") {
            println!("未保存 (not saved)");
            return Ok(());
        }
    }
    let store = open(db).await?;
    let s = import_into(&store, &name, bytes, &list, choice.region, choice.year).await?;
    println!(
        "\n已导入草稿计划 #{}：{} 项，{} 个类别，{} 个量化指标，新增 {} 个单位；警告 {} 条 (imported draft plan)",
        s.plan_id,
        s.items,
        s.categories,
        s.targets,
        s.new_units,
        list.warnings.len()
    );
    if s.linked + s.to_confirm > 0 {
        println!(
            "上级下达事项：已关联 {} 项，待确认 {} 项（在 /plans/{}/links 确认）(linked to allocations above: {}, to confirm: {})",
            s.linked, s.to_confirm, s.plan_id, s.linked, s.to_confirm
        );
    }
    store.close().await;
    Ok(())
}

/// The background runner `serve` starts, unless `--no-jobs`.
/// The outbound event webhooks: each an http(s) address, signed with the one secret.
fn event_hooks(jobs: &crate::cli::JobArgs) -> Result<Vec<minsheng_web::jobs::EventHook>, String> {
    let urls: Vec<&String> = jobs
        .event_webhook
        .iter()
        .filter(|u| !u.trim().is_empty())
        .collect();
    if !urls.is_empty() && jobs.event_secret.trim().is_empty() {
        return Err(
            "--event-webhook 需要 --event-secret 签名密钥 (event webhooks need --event-secret)"
                .into(),
        );
    }
    urls.into_iter()
        .map(|u| {
            let url = u.trim().to_string();
            if url.starts_with("https://") || url.starts_with("http://") {
                Ok(minsheng_web::jobs::EventHook {
                    url,
                    secret: jobs.event_secret.clone(),
                })
            } else {
                Err(format!(
                    "--event-webhook “{url}” 须以 https:// 开头 (not an http(s) address)"
                ))
            }
        })
        .collect()
}

fn runner(
    bind: &str,
    state: &AppState,
    jobs: &crate::cli::JobArgs,
) -> Result<Option<(Runner, std::time::Duration)>, String> {
    if jobs.no_jobs {
        println!("本进程不运行后台任务 (--no-jobs)");
        return Ok(None);
    }
    let mail = jobs.smtp_url.as_ref().map(|url| MailConfig {
        url: url.clone(),
        from: jobs.mail_from.clone(),
    });
    if let Some(m) = &mail {
        m.validate()?;
    } else {
        println!("未配置 --smtp-url：提醒只发站内通知和群机器人 (no SMTP: in-app and robots only)");
    }
    let outbox = Outbox {
        mail,
        base_url: jobs
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bind}")),
        sms: state.sms.clone(),
        sms_daily_cap: jobs.sms_daily_cap,
        events: event_hooks(jobs)?,
        work: jobs.work.config().platforms()?,
    };
    let platforms = outbox.work.names();
    if !platforms.is_empty() {
        println!("工作通知渠道：{} (work notices)", platforms.join("、"));
    }
    let every = std::time::Duration::from_secs(jobs.jobs_every.max(1));
    Ok(Some((
        Runner::new(state.store.clone(), state.clock.clone(), outbox),
        every,
    )))
}

async fn serve(
    bind: &str,
    state: AppState,
    runner: Option<(Runner, std::time::Duration)>,
) -> Result<(), String> {
    let addr: std::net::SocketAddr = bind.parse().map_err(|_| {
        format!("监听地址“{bind}”格式不对，应为 IP:端口，例如 127.0.0.1:8080 (bad --bind address)")
    })?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => format!("端口 {} 已被占用；请先停止占用它的程序，或用 --bind 换一个端口，例如 --bind 127.0.0.1:8081 (address in use)", addr.port()),
        std::io::ErrorKind::PermissionDenied => format!("没有权限监听 {addr}；请使用 1024 以上的端口 (permission denied)"),
        _ => format!("无法监听 {addr}：{e}"),
    })?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    println!("minsheng 已启动 (serving): {url}  — 按 Ctrl-C 停止 (Ctrl-C to stop)");
    let _jobs = runner.map(|(r, every)| r.spawn(every));
    let store = state.store.clone();
    let served = minsheng_web::serve(listener, state)
        .await
        .map_err(|e| format!("服务异常退出：{e}"));
    // Stopped: the audit log chained and, on SQLite, the write-ahead log emptied.
    store.close().await;
    served
}
