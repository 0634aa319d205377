//! The second factor (等保 8.1.4.1 d), through the router with the default rules (required of
//! administrators): an administrator is made to set one up before anything else opens; signing
//! in then takes a code; codes work once; recovery codes work once; wrong codes lock the account
//! like wrong passwords, in parallel too; a waiting sign-in times out; API tokens are untouched;
//! an administrator's reset; turning it off; everything in the audit log.

mod common;
#[path = "support/signin.rs"]
mod signin;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, PASSWORD, on_both, urlencode};
use minsheng_domain::access::{TotpSecret, UserRole};
use minsheng_store::accounts::AuthConfig;
use minsheng_store::accounts::TokenScope;
use signin::{Reply, bearer, count, csrf_of, get, login_from, send, with_rules};

fn post(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut req = Request::post(uri)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let addr: std::net::SocketAddr = "10.7.0.1:40000".parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

/// The text of the element with this id.
fn by_id<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let from = at + page[at..].find('>').unwrap() + 1;
    &page[from..from + page[from..].find('<').unwrap()]
}

async fn audit(app: &App) -> Vec<minsheng_store::AuditEntry> {
    app.store
        .audit_entries(&minsheng_store::AuditFilter {
            action: Some("auth.".into()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// Codes are checked against the real time (what a phone shows), whatever the app's clock
/// says; each use needs a step later than the last, and one step of drift is allowed, so a
/// test uses the steps before, at and after now, in that order. Started clear of a step's end.
fn unix(step: i64) -> u64 {
    (chrono::Utc::now().timestamp() + 30 * step) as u64
}

fn clear_of_a_step_end() {
    let into = chrono::Utc::now().timestamp() % 30;
    if into > 24 {
        std::thread::sleep(std::time::Duration::from_secs((31 - into) as u64));
    }
}

/// Signs `who` in with the password and returns the (possibly waiting) session cookie.
async fn password_step(r: &axum::Router, who: &str, ip: &str) -> Reply {
    send(r, login_from(ip, who, PASSWORD, "/plans")).await
}

/// Sets up the second factor for the account behind `cookie`: returns its secret and the
/// recovery codes shown.
async fn enrol(r: &axum::Router, cookie: &str) -> (TotpSecret, Vec<String>) {
    let page = send(r, get("/account/second-factor", cookie)).await.body;
    let token = csrf_of(&page);
    let begun = send(
        r,
        post("/account/second-factor/begin", cookie, &[("csrf", &token)]),
    )
    .await;
    assert_eq!(begun.location, "/account/second-factor", "{}", begun.body);
    let page = send(r, get("/account/second-factor", cookie)).await.body;
    assert!(page.contains("<svg"), "a QR code to scan");
    let secret = TotpSecret::from_base32(&by_id(&page, "factor-secret").replace(' ', ""))
        .expect("the secret to type");
    // A wrong code does not switch it on.
    let wrong = send(
        r,
        post(
            "/account/second-factor/confirm",
            cookie,
            &[("csrf", &token), ("code", "000000")],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("验证码不正确"), "{}", wrong.body);
    let code = secret.code_at(unix(-1));
    let done = send(
        r,
        post(
            "/account/second-factor/confirm",
            cookie,
            &[("csrf", &token), ("code", &code)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes: Vec<String> = done
        .body
        .match_indices("<li><code>")
        .map(|(at, _)| done.body[at + 10..at + 21].to_string())
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes shown once");
    (secret, codes)
}

async fn an_administrator_sets_one_up_and_signs_in_with_it(app: App) {
    clear_of_a_step_end();
    let r = with_rules(&app, AuthConfig::default());
    let admin = app.user("chief", UserRole::Admin, &[], None, &[]).await;
    let staff = app.unit_user(common::ids(&app).await.lead).await;
    // Someone else is not made to.
    let s = password_step(&r, &staff, "10.7.0.2").await;
    assert_eq!(s.location, "/plans");
    let cookie = s.cookie.unwrap();
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::OK
    );
    // The administrator is: every page leads to the set-up until it is done.
    let s = password_step(&r, &admin, "10.7.0.3").await;
    let cookie = s.cookie.unwrap();
    let page = send(&r, get("/admin/users", &cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location, "/account/second-factor?required=1");
    let api = send(&r, get("/api/v1/plans", &cookie)).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN, "{}", api.body);
    let (secret, codes) = enrol(&r, &cookie).await;
    assert_eq!(
        send(&r, get("/admin/users", &cookie)).await.status,
        StatusCode::OK,
        "open once set up"
    );
    // A token made now works without any code.
    let user = app.store.user_by_name(&admin).await.unwrap().unwrap();
    assert!(user.second_factor);
    let (token, _) = app
        .store
        .create_token(user.id, "对接", TokenScope::Read, app.clock.now().at)
        .await
        .unwrap();
    assert_eq!(
        send(&r, bearer("GET", "/api/v1/me", &token, None))
            .await
            .status,
        StatusCode::OK
    );

    // Next sign-in: the password opens only the second step.
    let s = password_step(&r, &admin, "10.7.0.4").await;
    assert_eq!(s.location, "/login/second-factor?next=/plans");
    let waiting = s.cookie.unwrap();
    for path in ["/", "/account", "/admin/users"] {
        let res = send(&r, get(path, &waiting)).await;
        assert_eq!(res.location, "/login/second-factor", "{path}");
    }
    let api = send(&r, get("/api/v1/me", &waiting)).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    let step = send(&r, get("/login/second-factor", &waiting)).await;
    assert_eq!(step.status, StatusCode::OK);
    let token = csrf_of(&step.body);
    // Without the session's CSRF token the code is not even looked at.
    let forged = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("code", &secret.code_at(unix(0)))],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let wrong = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", "123456"), ("next", "/plans")],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let code = secret.code_at(unix(0));
    let passed = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", &code), ("next", "/plans")],
        ),
    )
    .await;
    assert_eq!(passed.location, "/plans", "{}", passed.body);
    let full = passed.cookie.unwrap();
    assert_ne!(full, waiting, "a new session id once both factors are in");
    assert_eq!(
        send(&r, get("/admin/users", &full)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&r, get("/admin/users", &waiting)).await.location,
        "/login?next=/admin/users",
        "the waiting session is gone"
    );

    // The same code does not work twice, even in its own 30 seconds.
    let s = password_step(&r, &admin, "10.7.0.5").await;
    let waiting = s.cookie.unwrap();
    let token = csrf_of(&send(&r, get("/login/second-factor", &waiting)).await.body);
    let replay = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", &code)],
        ),
    )
    .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    // A recovery code works, once, typed in capitals.
    let recovery = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", &codes[0].to_uppercase())],
        ),
    )
    .await;
    assert_eq!(recovery.status, StatusCode::SEE_OTHER, "{}", recovery.body);
    let s = password_step(&r, &admin, "10.7.0.6").await;
    let waiting = s.cookie.unwrap();
    let token = csrf_of(&send(&r, get("/login/second-factor", &waiting)).await.body);
    let again = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", &codes[0])],
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "used up");
    // A waiting sign-in ends after five minutes.
    app.clock.advance(chrono::Duration::minutes(6));
    let late = send(
        &r,
        post(
            "/login/second-factor",
            &waiting,
            &[("csrf", &token), ("code", &secret.code_at(unix(1)))],
        ),
    )
    .await;
    assert_ne!(late.status, StatusCode::OK);
    assert!(late.cookie.is_none(), "no session from a timed-out step");

    let audit = audit(&app).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "auth.second_factor_on",
        "auth.second_factor",
        "auth.second_factor_failed",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(
        audit
            .iter()
            .any(|e| e.action == "auth.second_factor" && e.after_json.contains("recovery")),
        "the audit says a recovery code was used"
    );
}

async fn wrong_codes_lock_the_account_even_all_at_once(app: App) {
    clear_of_a_step_end();
    let r = with_rules(&app, AuthConfig::default());
    let admin = app.user("chief", UserRole::Admin, &[], None, &[]).await;
    let cookie = password_step(&r, &admin, "10.8.0.1").await.cookie.unwrap();
    let (secret, _) = enrol(&r, &cookie).await;
    // Sixty sign-ins reach the second step (from sixty addresses), then all guess at once.
    let mut steps = Vec::new();
    for k in 0..4 {
        let s = password_step(&r, &admin, &format!("10.8.1.{k}")).await;
        let waiting = s.cookie.unwrap();
        let token = csrf_of(&send(&r, get("/login/second-factor", &waiting)).await.body);
        steps.push((waiting, token));
    }
    let reqs: Vec<Request<Body>> = (0..60)
        .map(|k| {
            let (waiting, token) = &steps[k % steps.len()];
            post(
                "/login/second-factor",
                waiting,
                &[("csrf", token), ("code", &format!("{:06}", 100_000 + k))],
            )
        })
        .collect();
    let tasks: Vec<_> = reqs
        .into_iter()
        .map(|req| {
            let r = r.clone();
            tokio::spawn(async move { send(&r, req).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        let reply = t.await.unwrap();
        // A sign-in ended by the lock sends its later guesses back to the start.
        if reply.status == StatusCode::SEE_OTHER {
            assert_eq!(reply.location, "/login?expired=1", "no guess signs in");
        }
        assert!(reply.cookie.is_none(), "no session from a guess");
        statuses.push(reply.status);
    }
    assert!(count(&statuses, StatusCode::FORBIDDEN) > 0, "{statuses:?}");
    let user = app.store.user_by_name(&admin).await.unwrap().unwrap();
    assert!(user.locked_until.is_some(), "locked");
    assert_eq!(user.failed_logins, 5, "no more than the budget checked");
    // The lock holds for the password and for the right code alike.
    let s = password_step(&r, &admin, "10.8.2.1").await;
    assert_eq!(s.status, StatusCode::FORBIDDEN, "{}", s.body);
    assert!(s.body.contains("锁定"));
    let _ = secret;
}

async fn an_administrator_resets_a_lost_phone_and_owners_turn_it_off(app: App) {
    clear_of_a_step_end();
    let r = with_rules(&app, AuthConfig::default());
    let admin = app.user("chief", UserRole::Admin, &[], None, &[]).await;
    let staff = app.unit_user(common::ids(&app).await.lead).await;
    // A unit's liaison chooses to set one up.
    let cookie = password_step(&r, &staff, "10.9.0.1").await.cookie.unwrap();
    let (secret, _) = enrol(&r, &cookie).await;
    // Starting again while it is on is refused with what to do.
    let token = csrf_of(&send(&r, get("/account/second-factor", &cookie)).await.body);
    let again = send(
        &r,
        post("/account/second-factor/begin", &cookie, &[("csrf", &token)]),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("请先关闭"), "{}", again.body);
    // New recovery codes need a current code.
    let renewed = send(
        &r,
        post(
            "/account/second-factor/recovery",
            &cookie,
            &[("csrf", &token), ("code", &secret.code_at(unix(0)))],
        ),
    )
    .await;
    assert_eq!(renewed.status, StatusCode::OK);
    assert_eq!(renewed.body.matches("<li><code>").count(), 10);
    // The phone is lost: an administrator resets it; the liaison's sessions end.
    let boss = password_step(&r, &admin, "10.9.0.2").await.cookie.unwrap();
    enrol(&r, &boss).await;
    let user = app.store.user_by_name(&staff).await.unwrap().unwrap();
    let page = send(&r, get(&format!("/admin/users/{}", user.id.0), &boss)).await;
    assert!(page.body.contains("id=\"reset-factor\""));
    let reset = send(
        &r,
        post(
            &format!("/admin/users/{}/second-factor/reset", user.id.0),
            &boss,
            &[("csrf", &csrf_of(&page.body))],
        ),
    )
    .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert!(!app.store.user(user.id).await.unwrap().second_factor);
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    // The password alone signs the liaison in again; the liaison sets it up and turns it off.
    let cookie = password_step(&r, &staff, "10.9.0.3").await.cookie.unwrap();
    assert_eq!(
        send(&r, get("/workbench", &cookie)).await.status,
        StatusCode::OK
    );
    let (secret, _) = enrol(&r, &cookie).await;
    let token = csrf_of(&send(&r, get("/account/second-factor", &cookie)).await.body);
    let off = send(
        &r,
        post(
            "/account/second-factor/disable",
            &cookie,
            &[("csrf", &token), ("code", &secret.code_at(unix(0)))],
        ),
    )
    .await;
    assert_eq!(off.location, "/account/second-factor");
    assert!(!app.store.user(user.id).await.unwrap().second_factor);
    let audit = audit(&app).await;
    for a in [
        "auth.second_factor_reset",
        "auth.second_factor_off",
        "auth.recovery_codes_renewed",
    ] {
        assert!(audit.iter().any(|e| e.action == a), "{a}");
    }
}

on_both!(
    an_administrator_sets_one_up_and_signs_in_with_it,
    wrong_codes_lock_the_account_even_all_at_once,
    an_administrator_resets_a_lost_phone_and_owners_turn_it_off,
);
