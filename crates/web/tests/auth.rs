//! Signing in and the controls around it, through the router with the clock moved by hand:
//! CSRF, lockout, rate limiting, idle and absolute session timeouts, the forced password
//! change, API tokens, security headers and the audit trail of it all.

mod common;
#[path = "support/signin.rs"]
mod signin;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, PASSWORD, on_both, urlencode};
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::TokenScope;
use minsheng_web::{AppState, router};
use signin::{bearer, csrf_of, get, send, strict};

fn login_req(user: &str, password: &str) -> Request<Body> {
    Request::post("/login")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username={}&password={}&next=/workbench",
            urlencode(user),
            urlencode(password)
        )))
        .unwrap()
}

async fn login_sets_a_hardened_cookie_and_pages_carry_security_headers(app: App) {
    let r = strict(&app);
    let who = app.coordinator().await;
    let res = send(&r, login_req(&who, PASSWORD)).await;
    assert_eq!(
        (res.status, res.location.as_str()),
        (StatusCode::SEE_OTHER, "/workbench")
    );
    let set = res.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
        "{set}"
    );
    let page = send(&r, get("/workbench", res.cookie.as_deref().unwrap())).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    // Behind TLS the cookie is Secure.
    let mut state = AppState::new(
        app.store.clone(),
        minsheng_store::files::FileStore::new(app._dir.path().join("f")),
        app.clock.clone(),
    );
    state.secure_cookies = true;
    let res = send(&router(state), login_req(&who, PASSWORD)).await;
    assert!(
        res.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    // An open redirect through ?next= is refused.
    let res = send(
        &r,
        Request::post("/login")
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "username={who}&password={PASSWORD}&next=//evil.example/"
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(
        res.location, "/home",
        "the coordinator lands on their home, not elsewhere"
    );
}

async fn forms_without_the_sessions_csrf_token_are_refused(app: App) {
    let r = strict(&app);
    let who = app.coordinator().await;
    let cookie = send(&r, login_req(&who, PASSWORD)).await.cookie.unwrap();
    let page = send(&r, get("/plans/1/dashboard", &cookie)).await;
    let token = csrf_of(&page.body);
    let publish = |body: String, extra: Option<(&str, &str)>| {
        let mut b = Request::post("/plans/1/state")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some((k, v)) = extra {
            b = b.header(k, v);
        }
        b.body(Body::from(body)).unwrap()
    };
    for (body, extra) in [
        ("state=published".to_string(), None),
        ("state=published&csrf=0000".to_string(), None),
        (
            format!("state=published&csrf={token}"),
            Some(("origin", "https://evil.example")),
        ),
        (
            "state=published".to_string(),
            Some(("x-csrf-token", "forged")),
        ),
    ] {
        let res = send(&r, publish(body.clone(), extra)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{body} {extra:?}");
    }
    assert_eq!(
        app.store
            .plan(minsheng_domain::PlanId(1))
            .await
            .unwrap()
            .state,
        minsheng_domain::PlanState::Draft,
        "nothing changed"
    );
    let res = send(&r, publish(format!("state=published&csrf={token}"), None)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .plan(minsheng_domain::PlanId(1))
            .await
            .unwrap()
            .state,
        minsheng_domain::PlanState::Published
    );
    // A multipart form carries it as a field too.
    let (ct, body) = common::multipart(&[("csrf", &token)], &[("file", "x.txt", b"hello")]);
    let req = Request::post("/import")
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie.clone())
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    let res = send(&r, req).await;
    assert_ne!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
}

async fn five_failures_lock_the_account_for_fifteen_minutes(app: App) {
    let r = strict(&app);
    let who = app.unit_user(common::ids(&app).await.lead).await;
    for n in 1..=4 {
        let res = send(&r, login_req(&who, "Wrong-pass-1")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {n}");
        assert!(res.body.contains("用户名或口令错误"));
    }
    let res = send(&r, login_req(&who, "Wrong-pass-1")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("已锁定"), "the fifth failure locks");
    let res = send(&r, login_req(&who, PASSWORD)).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "locked even with the right password"
    );
    app.clock.advance(chrono::Duration::minutes(14));
    assert_eq!(
        send(&r, login_req(&who, PASSWORD)).await.status,
        StatusCode::FORBIDDEN
    );
    app.clock.advance(chrono::Duration::minutes(2));
    let res = send(&r, login_req(&who, PASSWORD)).await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "unlocked after 15 minutes"
    );
    // An unknown name gets the same answer as a wrong password.
    let res = send(&r, login_req("nobody", PASSWORD)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let actions: Vec<String> = app
        .store
        .audit_entries(&minsheng_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("auth."))
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"auth.locked".to_string()) && actions.contains(&"auth.login".to_string())
    );
}

async fn sign_in_attempts_are_rate_limited_per_address(app: App) {
    let r = strict(&app);
    let mut limited = None;
    for n in 1..=25 {
        if send(&r, login_req(&format!("guess{n}"), "Wrong-pass-1"))
            .await
            .status
            == StatusCode::TOO_MANY_REQUESTS
        {
            limited = Some(n);
            break;
        }
    }
    assert_eq!(limited, Some(21), "twenty attempts a minute, then 429");
    app.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(
        send(&r, login_req("guess", "Wrong-pass-1")).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn sessions_end_after_thirty_idle_minutes_and_after_eight_hours(app: App) {
    let r = strict(&app);
    let who = app.coordinator().await;
    let cookie = send(&r, login_req(&who, PASSWORD)).await.cookie.unwrap();
    app.clock.advance(chrono::Duration::minutes(29));
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::OK
    );
    app.clock.advance(chrono::Duration::minutes(31));
    let res = send(&r, get("/workbench", &cookie)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.location.starts_with("/login?next=%2Fworkbench")
            || res.location.starts_with("/login?next=/workbench"),
        "{}",
        res.location
    );
    assert!(res.location.contains("expired=1"));
    let api = send(&r, get("/api/v1/me", &cookie)).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);

    // Active every 20 minutes, the session still ends 8 hours after sign-in.
    let cookie = send(&r, login_req(&who, PASSWORD)).await.cookie.unwrap();
    for _ in 0..23 {
        app.clock.advance(chrono::Duration::minutes(20));
        assert_eq!(
            send(&r, get("/workbench", &cookie)).await.status,
            StatusCode::OK
        );
    }
    app.clock.advance(chrono::Duration::minutes(20));
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::SEE_OTHER,
        "8 hours after sign-in"
    );

    // Signing out ends the session at once.
    let cookie = send(&r, login_req(&who, PASSWORD)).await.cookie.unwrap();
    let token = csrf_of(&send(&r, get("/workbench", &cookie)).await.body);
    let out = Request::post("/logout")
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie.clone())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={token}")))
        .unwrap();
    assert_eq!(send(&r, out).await.location, "/login");
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn initial_passwords_must_be_changed_and_meet_the_policy(app: App) {
    let r = strict(&app);
    let admin = app.user("admin", UserRole::Admin, &[], None, &[]).await;
    let cookie = send(&r, login_req(&admin, PASSWORD)).await.cookie.unwrap();
    let token = csrf_of(&send(&r, get("/admin/users", &cookie)).await.body);
    let create = |body: String| {
        Request::post("/admin/users")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let res = send(
        &r,
        create(format!(
            "csrf={token}&username=li.si&role=viewer&password=abcdefgh"
        )),
    )
    .await;
    assert!(res.body.contains("至少三类"), "a weak password is refused");
    let res = send(
        &r,
        create(format!("csrf={token}&username=li.si&role=unit_staff")),
    )
    .await;
    assert!(
        res.body.contains("至少绑定一个单位"),
        "a unit account needs a unit"
    );
    let res = send(
        &r,
        create(format!(
            "csrf={token}&username=li.si&role=viewer&display_name=%E6%9D%8E%E5%9B%9B"
        )),
    )
    .await;
    let at = res.body.find("<code>").unwrap() + 6;
    let initial = &res.body[at..res.body[at..].find("</code>").unwrap() + at];
    assert!(
        minsheng_domain::access::check_password("li.si", initial).is_ok(),
        "{initial}"
    );
    let li = send(&r, login_req("li.si", initial)).await;
    assert_eq!(li.location, "/account?must_change=1");
    let cookie = li.cookie.unwrap();
    let res = send(&r, get("/workbench", &cookie)).await;
    assert_eq!(
        res.location, "/account?must_change=1",
        "nothing else until it is changed"
    );
    let token = csrf_of(&send(&r, get("/account", &cookie)).await.body);
    let change = |new: &str| {
        Request::post("/account/password")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={token}&current={}&new={}&again={}",
                urlencode(initial),
                urlencode(new),
                urlencode(new)
            )))
            .unwrap()
    };
    assert!(
        send(&r, change("li.si"))
            .await
            .body
            .contains("口令至少 8 位")
    );
    assert!(
        send(&r, change("Li.Si"))
            .await
            .body
            .contains("口令至少 8 位")
    );
    assert!(send(&r, change("lisi2025")).await.body.contains("至少三类"));
    assert_eq!(
        send(&r, change("Li-si-2025")).await.location,
        "/account?done=1"
    );
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::OK,
        "the session goes on"
    );
    let user = app.store.user_by_name("li.si").await.unwrap().unwrap();
    assert!(!user.must_change_password);
    let audit = app
        .store
        .audit_entries(&minsheng_store::AuditFilter {
            entity: Some("user".into()),
            entity_id: Some(user.id.0.to_string()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    let acts: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(
        acts.contains(&"user.create") && acts.contains(&"user.password_change"),
        "{acts:?}"
    );
    assert!(
        audit.iter().all(|e| !e.after_json.contains("argon2")),
        "no hash in the log"
    );
    let created = audit.iter().find(|e| e.action == "user.create").unwrap();
    assert_eq!(
        (created.actor.as_str(), created.role.as_str()),
        ("admin", "admin")
    );
}

async fn api_tokens_are_scoped_revocable_and_record_their_use(app: App) {
    let r = strict(&app);
    let ids = common::ids(&app).await;
    let who = app.unit_user(ids.lead).await;
    let user = app.store.user_by_name(&who).await.unwrap().unwrap();
    let now = app.clock.now().at;
    let (read, _) = app
        .store
        .create_token(user.id, "大屏", TokenScope::Read, now)
        .await
        .unwrap();
    let (write, _) = app
        .store
        .create_token(user.id, "对接", TokenScope::Write, now)
        .await
        .unwrap();
    let me = send(&r, bearer("GET", "/api/v1/me", &read, None)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains(&who) && !me.body.contains("argon2"));
    app.store
        .set_plan_state(
            minsheng_domain::PlanId(1),
            minsheng_domain::PlanState::Published,
        )
        .await
        .unwrap();
    let body = common::report(
        ids.lead,
        "2024-03-04",
        &[(ids.enrol_target, serde_json::json!(5))],
        None,
    )
    .to_string();
    let uri = format!("/api/v1/items/{}/reports", ids.enrol.0);
    assert_eq!(
        send(&r, bearer("PUT", &uri, &read, Some(body.clone())))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "read-only token"
    );
    let res = send(&r, bearer("PUT", &uri, &write, Some(body.clone()))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let listed = app.store.tokens(user.id).await.unwrap();
    assert!(listed.iter().all(|t| t.last_used_at.is_some()));
    let id = listed.iter().find(|t| t.scope == "write").unwrap().id;
    app.store.revoke_token(user.id, id, now).await.unwrap();
    assert_eq!(
        send(&r, bearer("GET", "/api/v1/me", &write, None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&r, bearer("GET", "/api/v1/me", "msk_guess", None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // The write went to the audit log under the token's owner.
    let e = app
        .store
        .audit_entries(&minsheng_store::AuditFilter {
            action: Some("report.".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(e[0].actor, who);
}

on_both!(
    login_sets_a_hardened_cookie_and_pages_carry_security_headers,
    forms_without_the_sessions_csrf_token_are_refused,
    five_failures_lock_the_account_for_fifteen_minutes,
    sign_in_attempts_are_rate_limited_per_address,
    sessions_end_after_thirty_idle_minutes_and_after_eight_hours,
    initial_passwords_must_be_changed_and_meet_the_policy,
    api_tokens_are_scoped_revocable_and_record_their_use,
);
