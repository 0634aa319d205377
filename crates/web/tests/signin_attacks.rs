//! Attacks on signing in, as probed from outside: parallel guesses against the lockout and the
//! address budget, unknown names told apart from real ones, where a sign-in sends the browser,
//! and API tokens outliving a password reset or a disabled account.

mod common;
#[path = "support/signin.rs"]
mod signin;

use axum::http::StatusCode;
use common::{App, PASSWORD, app, on_both};
use minsheng_store::accounts::TokenScope;
use signin::{bearer, count, flood, login_from, send, strict};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_cannot_outrun_the_lockout_or_the_address_budget_on_sqlite() {
    let Some(app) = app().await else { return };
    parallel_guesses(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn parallel_guesses_cannot_outrun_the_lockout_or_the_address_budget_on_postgres() {
    let Some(app) = common::pg_app("auth_flood").await else {
        return;
    };
    parallel_guesses(app).await;
}

async fn parallel_guesses(app: App) {
    let r = strict(&app);
    let who = app.unit_user(common::ids(&app).await.lead).await;
    // Sixty wrong passwords at once, each from its own address: four are told "wrong", the
    // fifth locks, and no more than those five are checked.
    let reqs = (0..60)
        .map(|k| {
            login_from(
                &format!("10.0.{}.{}", k / 200, k % 200 + 1),
                &who,
                "Wrong-pass-1",
                "/",
            )
        })
        .collect();
    let statuses = flood(&r, reqs).await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        4,
        "{statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::FORBIDDEN), 56, "{statuses:?}");
    let res = send(&r, login_from("10.9.9.9", &who, PASSWORD, "/")).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "locked, even with the right password"
    );
    let user = app.store.user_by_name(&who).await.unwrap().unwrap();
    assert_eq!(user.failed_logins, 5, "five were checked");
    // Sixty guesses at once from one address: twenty are checked this minute, forty refused.
    let reqs = (0..60)
        .map(|k| login_from("10.1.1.1", &format!("guess{k}"), "Wrong-pass-1", "/"))
        .collect();
    let statuses = flood(&r, reqs).await;
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        40,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        20,
        "{statuses:?}"
    );
}

async fn unknown_names_lock_like_known_ones(app: App) {
    let r = strict(&app);
    let who = app.unit_user(common::ids(&app).await.lead).await;
    let mut answers = Vec::new();
    for name in [who.as_str(), "nobody-here"] {
        let mut seen = Vec::new();
        for k in 0..6 {
            let res = send(
                &r,
                login_from(&format!("10.2.0.{k}"), name, "Wrong-pass-1", "/"),
            )
            .await;
            let message = if res.body.contains("已锁定") {
                "locked"
            } else {
                "wrong"
            };
            seen.push((res.status, message));
        }
        answers.push(seen);
    }
    assert_eq!(
        answers[0], answers[1],
        "a real name and an unknown one answer alike"
    );
    assert_eq!(answers[0][4], (StatusCode::FORBIDDEN, "locked"));
}

async fn after_sign_in_only_a_clean_path_of_this_site_is_followed(app: App) {
    let r = strict(&app);
    let who = app.coordinator().await;
    for (k, next) in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "// evil.example",
    ]
    .into_iter()
    .enumerate()
    {
        let res = send(&r, login_from(&format!("10.3.0.{k}"), &who, PASSWORD, next)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next:?}: {}", res.body);
        assert_eq!(res.location, "/home", "{next:?} is not followed");
    }
    let res = send(
        &r,
        login_from("10.3.1.1", &who, PASSWORD, "/workbench?unit=2"),
    )
    .await;
    assert_eq!(res.location, "/workbench?unit=2");
}

async fn a_password_reset_or_disabling_ends_every_token(app: App) {
    let r = strict(&app);
    let ids = common::ids(&app).await;
    let who = app.unit_user(ids.lead).await;
    let user = app.store.user_by_name(&who).await.unwrap().unwrap();
    let now = app.clock.now().at;
    let me = |token: &str| bearer("GET", "/api/v1/me", token, None);
    let (token, _) = app
        .store
        .create_token(user.id, "对接", TokenScope::Write, now)
        .await
        .unwrap();
    assert_eq!(send(&r, me(&token)).await.status, StatusCode::OK);
    // An administrator resets the password: the token is revoked, and would not get round
    // the forced change anyway.
    app.store
        .set_password(user.id, "Reset-Pass-2026", false, None, now)
        .await
        .unwrap();
    assert_eq!(send(&r, me(&token)).await.status, StatusCode::UNAUTHORIZED);
    assert!(
        app.store
            .tokens(user.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some()),
        "revoked, not just refused"
    );
    // The owner sets a password of their own and makes a new token; disabling ends it, and
    // enabling the account again does not bring it back.
    app.store
        .set_password(user.id, "Owner-Pass-2026", true, None, now)
        .await
        .unwrap();
    let (token, _) = app
        .store
        .create_token(user.id, "对接2", TokenScope::Read, now)
        .await
        .unwrap();
    assert_eq!(send(&r, me(&token)).await.status, StatusCode::OK);
    let u = app.store.user(user.id).await.unwrap();
    let mut update = minsheng_store::accounts::UserUpdate {
        display_name: u.display_name.clone(),
        role: u.role,
        units: u.units.clone(),
        leader: u.leader,
        monitors: u.monitors.clone(),
        region: None,
        phone: u.phone.clone(),
        email: u.email.clone(),
        disabled: true,
    };
    app.store.update_user(user.id, &update).await.unwrap();
    update.disabled = false;
    app.store.update_user(user.id, &update).await.unwrap();
    assert_eq!(send(&r, me(&token)).await.status, StatusCode::UNAUTHORIZED);
}

on_both!(
    unknown_names_lock_like_known_ones,
    after_sign_in_only_a_clean_path_of_this_site_is_followed,
    a_password_reset_or_disabling_ends_every_token,
);
