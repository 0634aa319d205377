//! Every page of every role on a 390 px phone, in a real Chromium, in Chinese and in English:
//! the demo's year so far (weekly reports at several paces, orders, a draft bulletin, the
//! reminder ladder, an open ballot) is loaded, and each role signs in and follows every link
//! from its home page. Each page must fit the phone without sideways scrolling, squeeze no
//! table cell's Chinese text narrower than three characters, draw no chart text under 11 px,
//! show none of a developer's leftovers (raw JSON, `UTC`, ISO timestamps, snake_case codes),
//! in English leave no control or heading of the page's own in Chinese, and answer every link
//! it offers without an error page. Then each role's home and the plan's cockpit are opened on
//! a 1366 px desktop and checked for what that role must see first. All findings are listed
//! together.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use minsheng_domain::PlanId;
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::NewUser;
use minsheng_store::{NewProposal, ProposalState, Store};
use std::collections::{HashSet, VecDeque};

/// Pages a role visits at most (one per kind of page: `/items/12` and `/items/31` are one).
const MAX_PAGES: usize = 80;

/// Creates an account with a display name of its own.
async fn person(
    store: &Store,
    username: &str,
    name: &str,
    role: UserRole,
    units: Vec<minsheng_domain::UnitId>,
    leader: Option<minsheng_domain::LeaderId>,
    monitors: Vec<minsheng_domain::ItemId>,
) {
    store
        .create_user(
            &NewUser {
                username: username.into(),
                display_name: name.into(),
                role,
                password: PASSWORD.into(),
                must_change_password: false,
                units,
                leader,
                monitors,
                region: None,
                phone: None,
                email: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
}

/// What is wrong on the current page, as lines naming the check; `english` adds the check
/// that the page's own words (navigation, buttons, table heads, legends, form labels) are
/// not left in Chinese.
async fn findings(c: &fantoccini::Client, english: bool) -> Vec<String> {
    let mut out = Vec::new();
    let fits = c
        .execute(
            "const w = document.documentElement.scrollWidth; if (w <= innerWidth + 1) return ''; \
             let widest = ''; for (const e of document.querySelectorAll('main *')) { const r = e.getBoundingClientRect(); \
             if (r.right > innerWidth + 1 && e.children.length === 0) { widest = e.tagName.toLowerCase() + '.' + e.className + ' “' + e.textContent.trim().slice(0, 20) + '” ' + Math.round(r.right) + 'px'; break; } } \
             return w + 'px wide: ' + widest;",
            vec![],
        )
        .await
        .unwrap();
    if let Some(s) = fits.as_str().filter(|s| !s.is_empty()) {
        out.push(format!("sideways scrolling, {s}"));
    }
    out.extend(
        narrow_cells(c)
            .await
            .into_iter()
            .map(|s| format!("squeezed cell {s}")),
    );
    out.extend(
        small_chart_text(c)
            .await
            .into_iter()
            .map(|s| format!("chart text {s}")),
    );
    // The text a reader sees: rendered text nodes, outside code samples and closed details.
    let leftovers = c
        .execute(
            r##"
const parts = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const n = walk.currentNode, p = n.parentElement;
  if (!p || p.closest('code, pre, script, style, template, input, textarea, select, option')) continue;
  const d = p.closest('details');
  if (d && !d.open && !p.closest('summary')) continue;
  if (p.getClientRects().length === 0) continue;
  parts.push(n.textContent);
}
const text = parts.join(' ');
const out = [];
const rules = [
  ['raw JSON', /\[\s*"|\{\s*"[a-z_]+"\s*:|\[\s*\d+\s*(,\s*\d+\s*)*\]/],
  ['UTC', /\bUTC\b/],
  ['ISO timestamp', /\d{4}-\d\d-\d\dT\d\d:\d\d|\+00:00|\d\d:\d\d:\d\d(\.\d+)?Z\b/],
  ['snake_case code', /\b[a-z]+_[a-z_]+\b/],
];
for (const [name, re] of rules) {
  const m = text.match(re);
  if (m) {
    const at = Math.max(0, m.index - 15);
    out.push(name + ': …' + text.slice(at, m.index + m[0].length + 15).replace(/\s+/g, ' ') + '…');
  }
}
return out;
"##,
            vec![],
        )
        .await
        .unwrap();
    out.extend(
        serde_json::from_value::<Vec<String>>(leftovers)
            .unwrap()
            .into_iter()
            .map(|s| format!("leftover {s}")),
    );
    if english {
        out.extend(untranslated(c).await);
    }
    out
}

/// The page's own words still in Chinese in English: the header's navigation, buttons, table
/// heads, legends, summaries and form labels, counting only the element's own text — what the
/// records say (a candidate's title, a unit's name) sits in an element of its own (`<bdi>`,
/// a name marked `translate="no"`, a link to Chinese marked `lang="zh"`) and stays as it was
/// written. At most five per page.
async fn untranslated(c: &fantoccini::Client) -> Vec<String> {
    let v = c
        .execute(
            r##"
const out = [];
const own = e => Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
for (const e of document.querySelectorAll('header nav a, button, thead th, legend, summary, label')) {
  if (e.getClientRects().length === 0 || e.closest('[lang="zh"], [translate="no"]')) continue;
  const t = own(e);
  if (/[\u4e00-\u9fff]/.test(t)) out.push(e.tagName.toLowerCase() + ' “' + t.slice(0, 24) + '”');
  if (out.length >= 5) break;
}
return out;
"##,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value::<Vec<String>>(v)
        .unwrap()
        .into_iter()
        .map(|s| format!("untranslated {s}"))
        .collect()
}

/// The links on the current page worth following: pages of this site, not downloads, files,
/// the API or signing out.
async fn links(c: &fantoccini::Client) -> Vec<String> {
    let v = c
        .execute(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value::<Vec<String>>(v)
        .unwrap()
        .into_iter()
        .filter_map(|h| {
            let h = h.split('#').next().unwrap_or("").to_string();
            let path = h.split('?').next().unwrap_or("");
            let skip = !h.starts_with('/')
                || h.starts_with("//")
                || path.starts_with("/api/")
                || path.starts_with("/files/")
                || path.starts_with("/public/photos/")
                || path == "/logout"
                || path.starts_with("/lang/")
                || [
                    ".xlsx", ".docx", ".csv", ".json", ".geojson", ".png", ".svg", ".pdf", "/xlsx",
                    "/docx", "/qr",
                ]
                .iter()
                .any(|x| path.ends_with(x));
            (!skip).then_some(h)
        })
        .collect()
}

/// One page of each kind: digits stand for any id, and the query's keys count, not values.
fn kind_of(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path: String = path
        .split('/')
        .map(|seg| {
            if seg.chars().all(|c| c.is_ascii_digit()) && !seg.is_empty() {
                "N"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let mut keys: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort_unstable();
    format!("{path}?{}", keys.join("&"))
}

/// Follows every link from `start` as the signed-in person, in English when `english`; the
/// kinds of page seen and what was wrong.
async fn walk(
    c: &fantoccini::Client,
    base: &str,
    who: &str,
    start: &str,
    english: bool,
) -> (HashSet<String>, Vec<String>) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([(start.to_string(), "—".to_string())]);
    let mut problems = Vec::new();
    let mut visited = 0;
    while let Some((url, from)) = queue.pop_front() {
        if visited >= MAX_PAGES || !seen.insert(kind_of(&url)) {
            continue;
        }
        visit(c, &format!("{base}{url}")).await;
        visited += 1;
        let title = c.execute("return document.title", vec![]).await.unwrap();
        if title
            .as_str()
            .is_some_and(|t| t.starts_with("出错了") || t.starts_with("Something went wrong"))
        {
            let msg = c
                .execute("const m = document.querySelector('main'); return m ? m.innerText.slice(0, 120) : ''", vec![])
                .await
                .unwrap();
            problems.push(format!(
                "{who} {url} (linked from {from}): error page: {}",
                msg.as_str().unwrap_or("")
            ));
            continue;
        }
        if c.current_url().await.unwrap().path() == "/login" && start != "/" {
            problems.push(format!("{who} {url} (linked from {from}): sent to sign in"));
            continue;
        }
        for f in findings(c, english).await {
            problems.push(format!("{who} {url}: {f}"));
        }
        if url == start {
            let tag = if english { "en-390" } else { "390" };
            looked_at(c, &format!("scan-{who}-home-{tag}.png"), 390).await;
        }
        for l in links(c).await {
            if !seen.contains(&kind_of(&l)) {
                queue.push_back((l, url.clone()));
            }
        }
    }
    (seen, problems)
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn every_page_of_every_role_reads_well_on_a_phone() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let today: chrono::NaiveDate = "2025-09-17".parse().unwrap();
    let clock = minsheng_web::Clock::fixed(today);
    let sess = session_sized(&chromium, &driver, clock.clone(), true, 390).await;
    let (base, c, store) = (sess.base.clone(), sess.c.clone(), sess.store.clone());
    let plan = PlanId(1);
    store.demo_activity(plan, today).await.unwrap();
    // The ladder's passes up to today: reminders, escalations, deliveries (no channel is set up,
    // so they reach nobody, which the pages must say).
    let runner = minsheng_web::jobs::Runner::new(
        store.clone(),
        clock.clone(),
        minsheng_web::jobs::Outbox::default(),
    );
    runner.pass().await.unwrap();
    // An open ballot of three screened proposals.
    let detail = store.plan_detail(plan, None).await.unwrap();
    let region = store.regions().await.unwrap()[0].id;
    let now = clock.now().at;
    let mut candidates = Vec::new();
    for t in [
        "增设新能源汽车充电桩",
        "改造老旧小区供水管网",
        "新建口袋公园",
    ] {
        let code = store
            .leave_proposal(
                &NewProposal {
                    region: Some(region),
                    year: 2026,
                    title: t.into(),
                    content: format!("建议{t}，方便居民生活。"),
                    client: minsheng_store::Client {
                        address: format!("scan-{t}"),
                        agent: String::new(),
                    },
                    ..NewProposal::default()
                },
                now,
            )
            .await
            .unwrap();
        let p = store.proposal_by_code(&code).await.unwrap();
        store
            .screen_proposal(
                p.id,
                ProposalState::Candidate,
                "约300万元",
                "用地已落实，可行",
                "",
                now,
            )
            .await
            .unwrap();
        candidates.push(p.id);
    }
    store
        .create_ballot(
            region,
            2026,
            "2026年民生实事项目人大代表票决",
            2,
            &candidates,
            (
                now - chrono::Duration::days(1),
                now + chrono::Duration::days(7),
            ),
            now,
        )
        .await
        .unwrap_or_else(|e| panic!("ballot: {e}"));
    // One person per role.
    let first = &detail.items[0];
    let unit = first.lead_units[0].id;
    let leader = detail
        .items
        .iter()
        .find_map(|i| i.leaders.first())
        .map(|l| l.id);
    let watched: Vec<_> = detail.items.iter().take(5).map(|i| i.item.id).collect();
    let people: [(&str, &str, UserRole); 7] = [
        ("scan.admin", "王管理", UserRole::Admin),
        ("scan.office", "李专班", UserRole::Coordinator),
        ("scan.leader", "张副区长", UserRole::Leader),
        ("scan.head", "赵局长", UserRole::UnitHead),
        ("scan.staff", "钱联络员", UserRole::UnitStaff),
        ("scan.deputy", "孙代表", UserRole::Deputy),
        ("scan.viewer", "周观察", UserRole::Viewer),
    ];
    for (username, name, role) in people {
        person(
            &store,
            username,
            name,
            role,
            if role.is_unit_role() {
                vec![unit]
            } else {
                Vec::new()
            },
            if role == UserRole::Leader {
                leader
            } else {
                None
            },
            if role == UserRole::Deputy {
                watched.clone()
            } else {
                Vec::new()
            },
        )
        .await;
    }

    let mut all = Vec::new();
    let mut total = 0;
    // A citizen on the phone, in Chinese and then in English.
    for english in [false, true] {
        if english {
            visit(&c, &format!("{base}/lang/en")).await;
        }
        let (seen, p) = walk(&c, &base, "public", "/", english).await;
        eprintln!("public (english: {english}): {} pages", seen.len());
        total += seen.len();
        all.extend(p);
    }
    c.delete_all_cookies().await.unwrap();
    // What each role must see first on its home page.
    let first_seen = |role: UserRole| -> &'static [&'static str] {
        match role {
            UserRole::Admin => &["消息发送失败", "审计日志条数", "账号总数"],
            UserRole::Coordinator => &["上期未报送", "督办单逾期", "通报待编发"],
            UserRole::Leader => &["红灯项目", "分管事项", "批示未回复"],
            UserRole::UnitHead => &["本期待报送", "督办单待办理"],
            UserRole::UnitStaff => &["本期待报送", "被退回待重报"],
            UserRole::Deputy => &["票决待投票", "关注事项"],
            _ => &["我的计划"],
        }
    };
    let desk = browser(&chromium, &driver, 1366).await;
    let d = &desk.c;
    let mut secrets = std::collections::HashMap::new();
    for (username, _, role) in people {
        // On the phone: every page in Chinese, then every page in English.
        log_in_with_factor(&c, &base, username, &mut secrets).await;
        let mut kinds = HashSet::new();
        for english in [false, true] {
            if english {
                visit(&c, &format!("{base}/lang/en")).await;
            }
            let (seen, p) = walk(&c, &base, username, "/home", english).await;
            eprintln!("{username} (english: {english}): {} pages", seen.len());
            total += seen.len();
            all.extend(p);
            kinds.extend(seen);
        }
        c.delete_all_cookies().await.unwrap();
        // The cockpit is reached from the home of whoever may read it.
        let reads_cockpit = matches!(
            role,
            UserRole::Coordinator | UserRole::Leader | UserRole::Admin | UserRole::Viewer
        );
        if reads_cockpit && !kinds.iter().any(|k| k.starts_with("/plans/N/cockpit?")) {
            all.push(format!(
                "{username}: no way to the cockpit from the home page"
            ));
        }

        // On a desktop: the home shows the role's own work first, the cockpit its charts.
        log_in_with_factor(d, &base, username, &mut secrets).await;
        visit(d, &format!("{base}/home")).await;
        let html = page_html(d).await;
        for w in first_seen(role) {
            if !html.contains(w) {
                all.push(format!("{username} desktop /home: “{w}” not shown"));
            }
        }
        for f in findings(d, false).await {
            all.push(format!("{username} desktop /home: {f}"));
        }
        looked_at(d, &format!("scan-{username}-home-1366.png"), 1366).await;
        if html.contains(&format!("/plans/{}/cockpit", plan.0)) {
            visit(d, &format!("{base}/plans/{}/cockpit", plan.0)).await;
            let html = page_html(d).await;
            for w in [
                "领导驾驶舱",
                "<svg",
                "进度走势",
                "红灯项目及卡点",
                "未按时报送的单位",
            ] {
                if !html.contains(w) {
                    all.push(format!("{username} desktop cockpit: “{w}” not shown"));
                }
            }
            for f in findings(d, false).await {
                all.push(format!("{username} desktop cockpit: {f}"));
            }
            looked_at(d, &format!("scan-{username}-cockpit-1366.png"), 1366).await;
            // And the region's board of every list, a link away.
            click(d, "a[href^='/regions/']").await;
            loaded(d, "location.pathname.startsWith('/regions/')").await;
            let html = page_html(d).await;
            for w in ["全部清单", "<svg", "红灯项目及卡点"] {
                if !html.contains(w) {
                    all.push(format!(
                        "{username} desktop region cockpit: “{w}” not shown"
                    ));
                }
            }
            for f in findings(d, false).await {
                all.push(format!("{username} desktop region cockpit: {f}"));
            }
            looked_at(d, &format!("scan-{username}-region-cockpit-1366.png"), 1366).await;
        } else if reads_cockpit {
            all.push(format!("{username} desktop /home: no link to the cockpit"));
        }
        d.delete_all_cookies().await.unwrap();
    }
    assert!(
        total > 240,
        "only {total} pages walked: the crawl is broken"
    );
    assert!(
        all.is_empty(),
        "{} findings on {total} pages:\n{}",
        all.len(),
        all.join("\n")
    );
}
