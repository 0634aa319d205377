//! The home page (首页) everyone lands on after signing in: what waits on this person, by
//! role, as counts that link to where it is done, the oldest few of each spelled out, and the
//! plans in the person's scope with their lights.

mod office;
mod people;

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::view::light_label;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::Light;
use minsheng_store::{ItemLedger, PlanLedger};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/home", get(page))
}

/// A count of things waiting, linking to where they are done.
pub(crate) struct Task {
    /// Element id, for tests and for people who bookmark.
    id: &'static str,
    label: &'static str,
    count: usize,
    href: String,
    /// Something is late or waiting on this person: shown in red when the count is not 0.
    urgent: bool,
    /// A figure to know, not work to do: never highlighted, not counted as waiting.
    info: bool,
}

impl Task {
    fn new(id: &'static str, label: &'static str, count: usize, href: impl Into<String>) -> Self {
        Task {
            id,
            label,
            count,
            href: href.into(),
            urgent: false,
            info: false,
        }
    }

    fn urgent(mut self) -> Self {
        self.urgent = true;
        self
    }

    fn info(mut self) -> Self {
        self.info = true;
        self
    }

    /// The class the page gives it: urgent, due (something to do), or nothing.
    fn class(&self) -> &'static str {
        match (self.count > 0 && !self.info, self.urgent) {
            (false, _) => "",
            (true, true) => " urgent",
            (true, false) => " due",
        }
    }
}

/// One line of a to-do list: what, where to do it, and a note (who, since when).
pub(crate) struct Line {
    href: String,
    text: String,
    note: String,
}

/// A to-do list under a heading; the page shows its first lines and how many more there are.
pub(crate) struct List {
    id: &'static str,
    title: &'static str,
    lines: Vec<Line>,
    more: usize,
}

impl List {
    const SHOWN: usize = 8;

    fn new(id: &'static str, title: &'static str, mut lines: Vec<Line>) -> Self {
        let more = lines.len().saturating_sub(Self::SHOWN);
        lines.truncate(Self::SHOWN);
        List {
            id,
            title,
            lines,
            more,
        }
    }
}

/// A plan in the person's scope with the lights of the items that concern them.
pub(crate) struct PlanLine {
    id: i64,
    title: String,
    period: String,
    due: String,
    /// Items counted, and how many of them are the person's (0: the whole plan).
    items: usize,
    /// Light code, label, count (lights with no item left out).
    lights: Vec<(&'static str, &'static str, usize)>,
    /// The person may open the plan's dashboard.
    dashboard: bool,
    /// The cockpit of the plan's region and year (every list of it and below).
    region_cockpit: String,
}

impl PlanLine {
    fn new<'a>(
        l: &PlanLedger,
        items: impl Iterator<Item = &'a ItemLedger>,
        dashboard: bool,
        lang: Lang,
    ) -> Self {
        let mut n = 0;
        let mut counts = [0usize; 5];
        for i in items {
            n += 1;
            if let Some(k) = ORDER.iter().position(|x| *x == i.assessment.light) {
                counts[k] += 1;
            }
        }
        PlanLine {
            id: l.plan.id.0,
            title: l.plan.title.clone(),
            period: crate::view::period_label(&l.current, l.settings.rule.cadence, lang),
            due: l.current.due.to_string(),
            items: n,
            lights: ORDER
                .iter()
                .zip(counts)
                .filter(|(_, c)| *c > 0)
                .map(|(l, c)| (l.code(), light_label(*l, lang), c))
                .collect(),
            dashboard,
            region_cockpit: format!("/regions/{}/cockpit?year={}", l.region.id.0, l.plan.year),
        }
    }
}

/// Lights in the order a reader scans them: the bad news first.
const ORDER: [Light; 5] = [
    Light::Red,
    Light::Yellow,
    Light::Blue,
    Light::Green,
    Light::Grey,
];

/// What the home page shows one person.
#[derive(Default)]
pub(crate) struct Home {
    /// Whom the person acts for: their units, or their leader post.
    scope: String,
    tasks: Vec<Task>,
    lists: Vec<List>,
    plans: Vec<PlanLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    role: &'static str,
    today: String,
    home: Home,
    /// How many tasks have a count above 0.
    waiting: usize,
}

/// GET /home.
pub async fn page(State(s): State<AppState>, lang: Lang, me: Me) -> Result<HomePage, AppError> {
    let p = me.principal()?;
    let home = match p.role {
        UserRole::Coordinator => office::coordinator(&s, lang, Reach::of(&me, false)).await?,
        UserRole::Admin => office::admin(&s, lang).await?,
        UserRole::Viewer => office::viewer(&s, lang, Reach::of(&me, true)).await?,
        UserRole::Leader => people::leader(&s, &p, lang).await?,
        UserRole::UnitHead | UserRole::UnitStaff => people::unit(&s, &p, lang).await?,
        UserRole::Deputy => people::deputy(&s, &p, lang).await?,
    };
    let waiting = home.tasks.iter().filter(|t| t.count > 0 && !t.info).count();
    Ok(HomePage {
        t: lang.tr(),
        lang,
        role: me.role_label(&lang),
        today: s.clock.today().to_string(),
        me,
        home,
        waiting,
    })
}

use crate::plans::Reach;

/// The ledgers of the published plans within reach.
async fn published(
    s: &AppState,
    reach: Reach,
) -> Result<Vec<std::sync::Arc<PlanLedger>>, AppError> {
    let today = s.clock.today();
    let mut out = Vec::new();
    for id in reach.published(s).await? {
        out.push(s.store.plan_ledger(id, today).await?);
    }
    Ok(out)
}

/// An item's line in a list: "3. 新建幼儿园".
fn item_text(i: &ItemLedger) -> String {
    format!("{}. {}", i.detail.item.seq, i.detail.item.display_title())
}
