//! `minsheng backup DEST` and `minsheng restore SRC`: a consistent copy of the database taken
//! while the server runs (SQLite `VACUUM INTO`; PostgreSQL `pg_dump` of the schema in use),
//! with the evidence files, and its restoration into an empty data directory or database.

use crate::cli::DbArgs;
use std::path::Path;
use std::process::Command;

const SQLITE: &str = "minsheng.db";
const PGDUMP: &str = "minsheng.pgdump";

fn copy_tree(from: &Path, to: &Path) -> Result<u64, String> {
    let mut n = 0;
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for e in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let e = e.map_err(|e| e.to_string())?;
        let target = to.join(e.file_name());
        if e.file_type().map_err(|e| e.to_string())?.is_dir() {
            n += copy_tree(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), &target).map_err(|x| format!("{}: {x}", e.path().display()))?;
            n += 1;
        }
    }
    Ok(n)
}

fn pg_tool(tool: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(tool).args(args).output().map_err(|e| {
        format!("无法运行 {tool}：{e}（请安装 PostgreSQL 客户端）(cannot run {tool})")
    })?;
    if !out.status.success() {
        return Err(format!(
            "{tool} 失败 (failed): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

/// Writes the backup into `dest` (new or empty).
pub async fn backup(db: &DbArgs, files: Option<&Path>, dest: &Path) -> Result<(), String> {
    if dest.exists()
        && std::fs::read_dir(dest)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} 不是空目录；请指定新的备份目录 (not empty: choose a new directory)",
            dest.display()
        ));
    }
    std::fs::create_dir_all(dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    let store = super::open(db).await?;
    let started = std::time::Instant::now();
    let what = match &db.database_url {
        None => {
            store
                .backup_sqlite_to(&dest.join(SQLITE))
                .await
                .map_err(|e| e.to_string())?;
            "sqlite"
        }
        Some(url) => {
            let schema = store
                .current_schema()
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_else(|| "public".into());
            let file = dest.join(PGDUMP);
            pg_tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--schema",
                    &schema,
                    "--file",
                    &file.to_string_lossy(),
                    url,
                ],
            )?;
            "postgres"
        }
    };
    store.close().await;
    // Files are named by their content and never change: those the copy refers to exist
    // before it was taken; any added since are harmless extras.
    let files = files
        .map(Path::to_path_buf)
        .unwrap_or_else(|| db.data.join("files"));
    let n = copy_tree(&files, &dest.join("files"))?;
    let db_file = dest.join(if what == "sqlite" { SQLITE } else { PGDUMP });
    let sha = minsheng_store::backup::file_sha256(&db_file).map_err(|e| e.to_string())?;
    let manifest = serde_json::json!({
        "format": 1, "database": what, "taken_at": chrono::Utc::now(), "files": n,
        "version": env!("CARGO_PKG_VERSION"), "sha256": sha,
    });
    std::fs::write(
        dest.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    println!(
        "备份完成：{}（{what}，{n} 个文件，{:.1} 秒）(backup written)",
        dest.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Restores the backup in `src` into an empty data directory (SQLite) or database. A restore
/// that fails part-way is undone: the database file or the tables it made and the evidence
/// files it copied are removed, so the target is as it was and the restore can be retried.
pub async fn restore(db: &DbArgs, files: Option<&Path>, src: &Path) -> Result<(), String> {
    let files_dir = files
        .map(Path::to_path_buf)
        .unwrap_or_else(|| db.data.join("files"));
    let files_existed = files_dir.exists();
    // Checked before anything is written, so that undoing never touches what was there.
    if let Some(url) = &db.database_url {
        let target = minsheng_store::Store::connect_postgres(url, None)
            .await
            .map_err(|e| e.to_string())?;
        let tables = target.postgres_tables().await.map_err(|e| e.to_string())?;
        target.close().await;
        if !tables.is_empty() {
            return Err(format!(
                "目标数据库已有 {} 张表；请恢复到空的数据库 (the database is not empty: restore into an empty one)",
                tables.len()
            ));
        }
    }
    let mut started = false;
    let done = restore_into(db, files, src, &mut started).await;
    // A restore refused before it wrote anything leaves the target alone, whatever is there.
    if let (Err(e), true) = (&done, started) {
        let undone = undo(db, &files_dir, files_existed).await;
        return Err(match undone {
            Ok(()) => format!(
                "{e}；已撤销本次恢复，目标保持原样，可修正后重试 (restore undone: nothing was left behind)"
            ),
            Err(u) => {
                format!("{e}；撤销恢复也失败：{u}，请手工清空目标后重试 (undoing failed too)")
            }
        });
    }
    done
}

/// Removes what a failed restore wrote.
async fn undo(db: &DbArgs, files_dir: &Path, files_existed: bool) -> Result<(), String> {
    match &db.database_url {
        Some(url) => {
            let target = minsheng_store::Store::connect_postgres(url, None)
                .await
                .map_err(|e| e.to_string())?;
            let dropped = target
                .drop_restored_tables()
                .await
                .map_err(|e| e.to_string());
            target.close().await;
            dropped?;
        }
        None => {
            for suffix in ["", "-wal", "-shm"] {
                let f = db.data.join(format!("{SQLITE}{suffix}"));
                if f.exists() {
                    std::fs::remove_file(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                }
            }
        }
    }
    // The files directory was empty or absent before: empty it again.
    if files_dir.exists() {
        if files_existed {
            for e in std::fs::read_dir(files_dir)
                .map_err(|e| e.to_string())?
                .flatten()
            {
                let p = e.path();
                let r = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
                r.map_err(|e| format!("{}: {e}", p.display()))?;
            }
        } else {
            std::fs::remove_dir_all(files_dir)
                .map_err(|e| format!("{}: {e}", files_dir.display()))?;
        }
    }
    Ok(())
}

/// The restore itself; `started` turns true just before the first write to the target.
async fn restore_into(
    db: &DbArgs,
    files: Option<&Path>,
    src: &Path,
    started: &mut bool,
) -> Result<(), String> {
    let manifest: serde_json::Value = std::fs::read_to_string(src.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| {
            format!(
                "{} 不是 minsheng 备份（缺 manifest.json）(not a backup)",
                src.display()
            )
        })?;
    let files = files
        .map(Path::to_path_buf)
        .unwrap_or_else(|| db.data.join("files"));
    if files.exists()
        && std::fs::read_dir(&files)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} 已有文件；请恢复到新的数据目录 (files exist: restore into a new data directory)",
            files.display()
        ));
    }
    // A copy damaged or changed since it was taken is refused before anything is written.
    if let Some(expected) = manifest["sha256"].as_str() {
        let kind = manifest["database"].as_str().unwrap_or_default();
        let file = src.join(if kind == "postgres" { PGDUMP } else { SQLITE });
        let got = minsheng_store::backup::file_sha256(&file)
            .map_err(|e| format!("{}：{e} (cannot read the backup)", file.display()))?;
        if got != expected {
            return Err(format!(
                "{} 与备份时不一致（SHA-256 校验不符），文件已损坏或被改动；请换用另一份备份 (the backup's database file is damaged or changed: checksum mismatch)",
                file.display()
            ));
        }
    }
    match (manifest["database"].as_str(), &db.database_url) {
        (Some("sqlite"), None) => {
            let target = db.data.join(SQLITE);
            if target.exists() {
                return Err(format!(
                    "{} 已存在；请恢复到新的数据目录 (a database exists: restore into a new data directory)",
                    target.display()
                ));
            }
            std::fs::create_dir_all(&db.data).map_err(|e| e.to_string())?;
            *started = true;
            std::fs::copy(src.join(SQLITE), &target).map_err(|e| e.to_string())?;
            let problems = minsheng_store::backup::sqlite_file_problems(&target).await;
            if !problems.is_empty() {
                return Err(format!(
                    "备份中的数据库文件已损坏（SQLite 完整性检查：{}）；请换用另一份备份 (the backup's database file is damaged)",
                    problems.into_iter().take(3).collect::<Vec<_>>().join("；")
                ));
            }
        }
        (Some("postgres"), Some(url)) => {
            let dump = src.join(PGDUMP).to_string_lossy().into_owned();
            // Every entry but the creation of `public`, which every database already has.
            let list = Command::new("pg_restore")
                .args(["--list", &dump])
                .output()
                .map_err(|e| format!("无法运行 pg_restore：{e}（请安装 PostgreSQL 客户端）(cannot run pg_restore)"))?;
            let entries: String = String::from_utf8_lossy(&list.stdout)
                .lines()
                .filter(|l| !l.contains(" SCHEMA - public "))
                .map(|l| format!("{l}\n"))
                .collect();
            let list_file =
                std::env::temp_dir().join(format!("minsheng-restore-{}.list", std::process::id()));
            std::fs::write(&list_file, entries).map_err(|e| e.to_string())?;
            *started = true;
            let done = pg_tool(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--use-list",
                    &list_file.to_string_lossy(),
                    "--dbname",
                    url,
                    &dump,
                ],
            );
            let _ = std::fs::remove_file(&list_file);
            done?;
        }
        (Some(kind), _) => {
            return Err(format!(
                "这是 {kind} 备份，请{}恢复 (a {kind} backup: restore it {})",
                if kind == "postgres" {
                    "用 --database-url 指定空的 PostgreSQL 库"
                } else {
                    "到 SQLite 数据目录（不设 --database-url）"
                },
                if kind == "postgres" {
                    "into an empty PostgreSQL database given by --database-url"
                } else {
                    "into a SQLite data directory"
                }
            ));
        }
        (None, _) => return Err("manifest.json 缺少 database (no database in manifest)".into()),
    }
    let n = copy_tree(&src.join("files"), &files)?;
    // Opening runs any migrations newer than the backup, then the chain is checked.
    let store = super::open(db).await?;
    let check = store.verify_audit().await.map_err(|e| e.to_string())?;
    store.close().await;
    if !check.breaks.is_empty() {
        return Err(format!(
            "恢复后的审计日志不完整 (the restored audit chain is broken): {:?}",
            check.breaks
        ));
    }
    println!(
        "恢复完成：{n} 个文件，审计日志 {} 条完整 (restored; audit chain intact)",
        check.rows
    );
    Ok(())
}
