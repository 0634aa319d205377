//! Two instances on one PostgreSQL, as behind a load balancer: a session made by signing in on
//! one is valid on the other, and with both running the background jobs every second each job
//! is claimed and run once. (The data comes from `gen`, which leaves the version triggers on.)

#[path = "support/server.rs"]
mod server;

use server::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn two_instances_share_sessions_and_run_each_job_once() {
    let Some(url) = pg_database("instances").await else {
        return;
    };
    let place = Place {
        data: tempfile::tempdir().unwrap(),
        url: Some(url),
    };
    let mut g: Vec<String> = [
        "gen",
        "--scale",
        "city",
        "--years",
        "1",
        "--today",
        "2025-09-30",
    ]
    .map(String::from)
    .to_vec();
    g.extend(place.args());
    let out = std::process::Command::new(BIN).args(&g).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Generating switched the plan-version triggers off for its bulk writes: they are on
    // again, and every generated plan has a version.
    {
        let db = sqlx::PgPool::connect(place.url.as_deref().unwrap())
            .await
            .unwrap();
        let off: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(off, 0, "triggers left disabled after gen");
        let unversioned: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM plans p LEFT JOIN plan_versions v ON v.plan_id = p.id WHERE v.plan_id IS NULL",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(unversioned, 0, "plans without a version after gen");
        // The allocated items at the bottom are reported on by their bureau, with figures.
        let (allocations, reported): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM allocations), \
             (SELECT COUNT(DISTINCT r.item_id) FROM reports r JOIN allocations a ON a.child_item_id = r.item_id \
              JOIN report_values v ON v.report_id = r.id WHERE v.value > 0)",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert!(
            allocations > 0 && reported > 0,
            "{allocations} allocations, {reported} reported on"
        );
        db.close().await;
    }
    let mut args = place.args();
    args.extend(["--jobs-every".to_string(), "1".to_string()]);
    let (_a, a) = start_with(&args);
    let (_b, b) = start_with(&args);

    // Signed in on A, known on B.
    let cookie = log_in(&a, "r1", minsheng_store::GENERATED_PASSWORD);
    let h = format!("Cookie: {cookie}\r\n");
    let (st, body) = http(&b, "GET", "/workbench", &h, "").unwrap();
    assert_eq!(st, 200, "B accepts A's session: {body}");
    let (st, _) = http(&b, "GET", "/api/v1/me", &h, "").unwrap();
    assert_eq!(st, 200);

    // Both run their passes over the same jobs table for a few seconds.
    let store = place.store().await;
    let mut done = 0;
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let jobs = store.jobs(None, 10_000).await.unwrap();
        done = jobs.iter().filter(|j| j.state == "done").count();
        if done > 0 && jobs.iter().all(|j| j.state == "done") {
            break;
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let jobs = store.jobs(None, 10_000).await.unwrap();
    assert!(
        done > 0,
        "the reminders of the overdue week were scheduled and run"
    );
    for j in &jobs {
        assert_eq!(
            (j.state.as_str(), j.attempts),
            ("done", 1),
            "job {} {}",
            j.id,
            j.dedup_key
        );
    }
    eprintln!("{} jobs, each run once by one of two instances", jobs.len());
    store.close().await;
}
