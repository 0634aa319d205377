//! The two migration trees (`migrations/sqlite`, `migrations/postgres`) are written by hand; this
//! test migrates a fresh database of each kind and compares what they built: tables, columns
//! (type family, nullability), primary keys, indexes (columns, uniqueness), foreign keys (columns,
//! target, ON DELETE) and CHECK constraints per table. A difference fails with the list of them.

use sqlx::Row;
use std::collections::BTreeSet;

mod common;

/// A fact about the schema, written the same way for both databases.
type Facts = BTreeSet<String>;

/// The family a declared column type belongs to: what the application can tell apart.
fn family(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "smallint" => "integer",
        "text" | "character varying" | "varchar" => "text",
        "double precision" | "real" => "real",
        "blob" | "bytea" => "bytes",
        "boolean" => "boolean",
        "date" => "date",
        "timestamp" | "timestamp with time zone" => "timestamp",
        other => return format!("unknown type {other}"),
    }
    .into()
}

async fn sqlite_facts(path: &std::path::Path) -> Facts {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for t in &tables {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info('{t}')")))
            .fetch_all(&pool)
            .await
            .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for c in &cols {
            let name: String = c.get("name");
            let ty: String = c.get("type");
            let pk_pos: i64 = c.get("pk");
            // A primary key column is never null, whether or not NOT NULL is written.
            let not_null = c.get::<i64, _>("notnull") == 1 || pk_pos > 0;
            facts.insert(format!(
                "column {t}.{name} {} {}",
                family(&ty),
                if not_null { "not null" } else { "null" }
            ));
            if pk_pos > 0 {
                pk.push((pk_pos, name));
            }
        }
        pk.sort();
        let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        facts.insert(format!("primary key {t} ({})", pk.join(", ")));
        let indexes = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA index_list('{t}')")))
            .fetch_all(&pool)
            .await
            .unwrap();
        for ix in &indexes {
            if ix.get::<String, _>("origin") == "pk" {
                continue;
            }
            let name: String = ix.get("name");
            let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            )))
            .fetch_all(&pool)
            .await
            .unwrap();
            let unique = ix.get::<i64, _>("unique") == 1;
            facts.insert(format!(
                "{}index {t} ({})",
                if unique { "unique " } else { "" },
                cols.join(", ")
            ));
        }
        let fks = sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA foreign_key_list('{t}')"
        )))
        .fetch_all(&pool)
        .await
        .unwrap();
        for fk in &fks {
            let to: Option<String> = fk.get("to");
            facts.insert(format!(
                "foreign key {t}.{} -> {}.{} on delete {}",
                fk.get::<String, _>("from"),
                fk.get::<String, _>("table"),
                to.unwrap_or_default(),
                fk.get::<String, _>("on_delete").to_ascii_lowercase()
            ));
        }
        let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
            .bind(t)
            .fetch_one(&pool)
            .await
            .unwrap();
        facts.insert(format!(
            "checks {t} {}",
            sql.to_ascii_uppercase().matches("CHECK").count()
        ));
    }
    pool.close().await;
    facts
}

async fn postgres_facts(url: &str, schema: &str) -> Facts {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx_%'",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    for t in &tables {
        facts.insert(format!("table {t}"));
    }
    let cols = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, \
         is_nullable::text AS n FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name NOT LIKE '_sqlx_%'",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    for c in &cols {
        facts.insert(format!(
            "column {}.{} {} {}",
            c.get::<String, _>("t"),
            c.get::<String, _>("c"),
            family(&c.get::<String, _>("ty")),
            if c.get::<String, _>("n") == "NO" {
                "not null"
            } else {
                "null"
            }
        ));
    }
    // Indexes with their columns in order; the primary key's index is the primary key.
    let indexes = sqlx::query(
        "SELECT t.relname::text AS t, ix.indisunique AS u, ix.indisprimary AS p, \
         array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) \
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) AS cols \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = $1 AND t.relname NOT LIKE '_sqlx_%'",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut with_pk = BTreeSet::new();
    for ix in &indexes {
        let t: String = ix.get("t");
        let cols: Vec<String> = ix.get("cols");
        if ix.get::<bool, _>("p") {
            facts.insert(format!("primary key {t} ({})", cols.join(", ")));
            with_pk.insert(t);
        } else {
            let unique = ix.get::<bool, _>("u");
            facts.insert(format!(
                "{}index {t} ({})",
                if unique { "unique " } else { "" },
                cols.join(", ")
            ));
        }
    }
    for t in &tables {
        if !with_pk.contains(t) {
            facts.insert(format!("primary key {t} ()"));
        }
    }
    let fks = sqlx::query(
        "SELECT cl.relname::text AS t, a.attname::text AS c, rcl.relname::text AS rt, \
         ra.attname::text AS rc, con.confdeltype::text AS d \
         FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid \
         JOIN pg_namespace ns ON ns.oid = cl.relnamespace \
         JOIN pg_class rcl ON rcl.oid = con.confrelid \
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(c, rc) \
         JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.c \
         JOIN pg_attribute ra ON ra.attrelid = rcl.oid AND ra.attnum = k.rc \
         WHERE con.contype = 'f' AND ns.nspname = $1",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    for fk in &fks {
        let action = match fk.get::<String, _>("d").as_str() {
            "c" => "cascade",
            "n" => "set null",
            "d" => "set default",
            "r" => "restrict",
            _ => "no action",
        };
        facts.insert(format!(
            "foreign key {}.{} -> {}.{} on delete {action}",
            fk.get::<String, _>("t"),
            fk.get::<String, _>("c"),
            fk.get::<String, _>("rt"),
            fk.get::<String, _>("rc"),
        ));
    }
    let checks = sqlx::query(
        "SELECT cl.relname::text AS t, count(con.oid) AS n FROM pg_class cl \
         JOIN pg_namespace ns ON ns.oid = cl.relnamespace \
         LEFT JOIN pg_constraint con ON con.conrelid = cl.oid AND con.contype = 'c' \
         WHERE ns.nspname = $1 AND cl.relkind = 'r' AND cl.relname NOT LIKE '_sqlx_%' \
         GROUP BY cl.relname",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    for c in &checks {
        facts.insert(format!(
            "checks {} {}",
            c.get::<String, _>("t"),
            c.get::<i64, _>("n")
        ));
    }
    pool.close().await;
    facts
}

#[tokio::test]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn both_migration_trees_build_the_same_schema() {
    let (_store, dir) = common::sqlite_store().await;
    let sqlite = sqlite_facts(&dir.path().join("minsheng.db")).await;
    let Some((_store, schema)) = common::postgres_store_named("schema").await else {
        return;
    };
    let url = std::env::var("MINSHENG_TEST_DATABASE_URL").unwrap();
    let postgres = postgres_facts(&url, &schema).await;
    assert!(
        sqlite.iter().any(|f| f.starts_with("table ")) && sqlite.len() > 200,
        "the SQLite schema was read: {} facts",
        sqlite.len()
    );
    let only_sqlite: Vec<&String> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<&String> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migration trees differ.\nonly in SQLite:\n  {}\nonly in PostgreSQL:\n  {}",
        only_sqlite
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        only_postgres
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}
