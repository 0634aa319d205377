//! The binary run as a user would: clear one-line errors, import, parse.

use std::process::{Command, Output};

fn minsheng(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minsheng"))
        .args(args)
        .env_remove("MINSHENG_DATABASE_URL")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_one_clear_line(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn malformed_database_url_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = minsheng(&[
        "migrate",
        "--data",
        dir.path().to_str().unwrap(),
        "--database-url",
        "mysql://nope",
    ]);
    assert_one_clear_line(&o, "数据库地址无法识别");
    let o = minsheng(&[
        "migrate",
        "--data",
        dir.path().to_str().unwrap(),
        "--database-url",
        "postgres://u@:99999999/x",
    ]);
    assert_one_clear_line(&o, "数据库地址无法识别");
}

#[test]
fn unwritable_data_directory_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let data = file.join("data");
    let o = minsheng(&["migrate", "--data", data.to_str().unwrap()]);
    assert_one_clear_line(&o, "不可写");
}

#[test]
fn port_in_use_is_one_clear_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let o = minsheng(&[
        "serve",
        "--bind",
        &format!("127.0.0.1:{port}"),
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_clear_line(&o, "已被占用");
    let o = minsheng(&[
        "serve",
        "--bind",
        "localhost-8080",
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_clear_line(&o, "格式不对");
}

#[test]
fn import_stores_a_draft_and_bad_files_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/示范区2025年民生实事项目清单.txt"
    );
    let o = minsheng(&["import", demo, "--data", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("14 项"), "{out}");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"   \n").unwrap();
    let o = minsheng(&[
        "import",
        empty.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--region",
        "示范区",
        "--year",
        "2025",
    ]);
    assert_one_clear_line(&o, "文件为空");
    let doc = dir.path().join("old.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    let o = minsheng(&[
        "import",
        doc.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_one_clear_line(&o, ".docx");
}

#[test]
fn parse_prints_the_gold_schema() {
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/示范区2025年街道民生实事.txt"
    );
    let o = minsheng(&["parse", demo, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["layout"], "numbered");
    assert_eq!(v["items"].as_array().unwrap().len(), 10);
    assert_eq!(v["items"][0]["lead_units"][0], "民政局");
    assert_eq!(v["items"][0]["category"], "社区服务");
    let o = minsheng(&["parse", demo]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("【社区服务】"));
}

#[test]
fn help_is_bilingual() {
    let o = minsheng(&["--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("导入") && out.contains("import"), "{out}");
    let o = minsheng(&["import", "--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("年度") && out.contains("year"), "{out}");
}

#[test]
fn import_shows_the_review_and_a_corrected_json_imports_as_is() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/示范区2025年街道民生实事.txt"
    );
    let o = minsheng(&[
        "import",
        demo,
        "--dry-run",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("【社区服务】") && out.contains("未保存"),
        "{out}"
    );
    assert!(
        !data.join("minsheng.db").exists(),
        "a dry run opens no database"
    );
    // Correct a unit in the JSON, as a reviewer would, and import the corrected file.
    let o = minsheng(&["parse", demo, "--format", "json"]);
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["items"][0]["lead_units"] = serde_json::json!(["民政和养老服务局"]);
    let json = dir.path().join("reviewed.json");
    std::fs::write(&json, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = minsheng(&[
        "import",
        json.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("民政和养老服务局"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"items\": 3}").unwrap();
    let o = minsheng(&[
        "import",
        bad.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_one_clear_line(&o, "parse --format json");
}

/// Runs one SQL statement on the data directory's database, bypassing the program.
fn tamper(data: &std::path::Path, sql: &str) {
    let url = format!("sqlite://{}", data.join("minsheng.db").display());
    let sql = sql.to_string();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async move {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        });
}

#[test]
fn users_from_the_command_line_and_an_edited_audit_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/示范区2025年民生实事项目清单.txt"
    );
    assert!(
        minsheng(&["import", demo, "--data", d, "--yes"])
            .status
            .success()
    );
    let o = minsheng(&[
        "user",
        "add",
        "zhang.san",
        "--role",
        "unit_staff",
        "--unit",
        "教育局",
        "--data",
        d,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("初始口令"), "{out}");
    let o = minsheng(&[
        "user",
        "add",
        "wang",
        "--role",
        "viewer",
        "--password",
        "short",
        "--data",
        d,
    ]);
    assert_one_clear_line(&o, "口令至少 8 位");
    let o = minsheng(&[
        "user",
        "add",
        "wang",
        "--role",
        "unit_staff",
        "--unit",
        "不存在局",
        "--data",
        d,
    ]);
    assert_one_clear_line(&o, "找不到单位");
    assert!(
        minsheng(&["user", "passwd", "zhang.san", "--data", d])
            .status
            .success()
    );
    let o = minsheng(&["audit", "verify", "--data", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("完整"));

    // Someone edits the row that created the user.
    tamper(
        &data,
        "UPDATE audit_log SET after_json = replace(after_json, 'unit_staff', 'admin') WHERE action = 'user.create'",
    );
    let o = minsheng(&["audit", "verify", "--data", d]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("第 3 条记录内容被改动") && err.contains("user.create"),
        "{err}"
    );
    // And deletes another: both are named.
    tamper(&data, "DELETE FROM audit_log WHERE seq = 2");
    let err = stderr(&minsheng(&["audit", "verify", "--data", d]));
    assert!(
        err.contains("第 2 条记录缺失") && err.contains("第 3 条"),
        "{err}"
    );
    // And deletes the head row: verification says so, and a change is refused with a message
    // a person can act on, not a database error.
    tamper(&data, "DELETE FROM audit_head");
    let o = minsheng(&["audit", "verify", "--data", d]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("日志头记录缺失"), "{err}");
    let o = minsheng(&["user", "passwd", "zhang.san", "--data", d]);
    assert!(!o.status.success());
    assert_one_clear_line(&o, "审计日志的头记录缺失");
}

#[test]
fn a_failed_restore_leaves_nothing_behind() {
    // A backup whose database is damaged, with an evidence file beside it.
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    std::fs::create_dir_all(backup.join("files/ab")).unwrap();
    std::fs::write(backup.join("manifest.json"), r#"{"database": "sqlite"}"#).unwrap();
    std::fs::write(backup.join("minsheng.db"), b"not a database at all").unwrap();
    std::fs::write(backup.join("files/ab/abcdef"), b"photo").unwrap();
    let target = dir.path().join("target");
    let (b, t) = (backup.to_str().unwrap(), target.to_str().unwrap());
    for attempt in 1..=2 {
        let o = minsheng(&["restore", b, "--data", t]);
        assert_one_clear_line(&o, "已撤销本次恢复");
        assert!(
            !stderr(&o).contains("已存在") && !stderr(&o).contains("已有文件"),
            "attempt {attempt} found the last one's leftovers: {}",
            stderr(&o)
        );
        assert!(!target.join("minsheng.db").exists(), "attempt {attempt}");
        assert!(!target.join("files").exists(), "attempt {attempt}");
    }
    // A restore refused before it starts leaves what is there alone.
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("minsheng.db"), b"someone's data").unwrap();
    let o = minsheng(&["restore", b, "--data", t]);
    assert_one_clear_line(&o, "已存在");
    assert_eq!(
        std::fs::read(target.join("minsheng.db")).unwrap(),
        b"someone's data"
    );
}

#[test]
fn a_damaged_backup_is_refused_and_a_good_one_restores_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/示范区2025年民生实事项目清单.txt"
    );
    let o = minsheng(&["import", demo, "--data", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    let good = dir.path().join("good");
    let o = minsheng(&["backup", good.to_str().unwrap(), "--data", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A copy whose database file got damaged: a b-tree page's header overwritten.
    let copy = |name: &str| {
        let to = dir.path().join(name);
        std::fs::create_dir_all(&to).unwrap();
        for f in ["manifest.json", "minsheng.db"] {
            std::fs::copy(good.join(f), to.join(f)).unwrap();
        }
        let mut db = std::fs::read(to.join("minsheng.db")).unwrap();
        let page = match u16::from_be_bytes([db[16], db[17]]) {
            1 => 65536,
            n => usize::from(n),
        };
        db[page..page + 8].fill(0xff);
        std::fs::write(to.join("minsheng.db"), db).unwrap();
        to
    };
    let target = dir.path().join("target");
    let t = target.to_str().unwrap();
    // The manifest's checksum tells at once.
    let damaged = copy("damaged");
    let o = minsheng(&["restore", damaged.to_str().unwrap(), "--data", t]);
    assert_one_clear_line(&o, "SHA-256 校验不符");
    assert!(!target.join("minsheng.db").exists());
    // Without a checksum (an older backup), SQLite's own check after copying does.
    let older = copy("older");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(older.join("manifest.json")).unwrap())
            .unwrap();
    manifest.as_object_mut().unwrap().remove("sha256");
    std::fs::write(older.join("manifest.json"), manifest.to_string()).unwrap();
    let o = minsheng(&["restore", older.to_str().unwrap(), "--data", t]);
    assert_one_clear_line(&o, "数据库文件已损坏");
    assert!(stderr(&o).contains("已撤销本次恢复"), "{}", stderr(&o));
    assert!(!target.join("minsheng.db").exists());
    // The good copy then restores into the same place.
    let o = minsheng(&["restore", good.to_str().unwrap(), "--data", t]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("恢复完成"));
}

#[test]
fn the_sign_in_flood_locks_the_account_and_stays_small() {
    // Over real connections from distinct loopback addresses, against the server as its own
    // process: the budgets hold and the memory stays under the limit (`bench signin` fails
    // otherwise).
    let o = minsheng(&["bench", "signin", "--attempts", "40"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(out.contains("| 5, locked |"), "{out}");
    assert!(out.contains("401×20, 429×20"), "{out}");
}
