//! The route table: every route the application serves and the permission it asks for. The
//! guard refuses a route that is not listed here, so a new route is closed until it is added.
//! Region scope (an account confined to a region reaches its region and the regions below) is
//! checked by the guard, from what a route's `{id}` names ([`scoped`]). Object scope within it
//! (which items, which unit) is checked by the handlers through [`crate::auth::Me`].

use axum::http::Method;
use minsheng_domain::access::Permission::{self, *};
use minsheng_domain::access::Scoped;

/// One route: method, path pattern as registered, permission.
pub type Route = (&'static str, &'static str, Permission);

/// Every route, pages first, then the JSON API.
pub const ROUTES: &[Route] = &[
    // Public pages and signing in.
    ("GET", "/", ReadPublic),
    ("GET", "/plans/{id}", ReadPublic),
    ("GET", "/lang/{code}", ReadPublic),
    ("GET", "/login", ReadPublic),
    ("POST", "/login", ReadPublic),
    ("GET", "/login/second-factor", ReadPublic),
    ("POST", "/login/second-factor", ReadPublic),
    ("POST", "/login/second-factor/cancel", ReadPublic),
    ("GET", "/public/items/{id}", ReadPublic),
    ("GET", "/public/items/{id}/qr.svg", ReadPublic),
    ("GET", "/public/items/{id}/qr.png", ReadPublic),
    ("GET", "/public/items/{id}/poster", ReadPublic),
    ("POST", "/public/items/{id}/feedback", ReadPublic),
    ("POST", "/public/items/{id}/rate", ReadPublic),
    ("POST", "/public/campaigns/{id}/code", ReadPublic),
    ("POST", "/public/campaigns/{id}/verify", ReadPublic),
    ("GET", "/public/proposals", ReadPublic),
    ("POST", "/public/proposals", ReadPublic),
    ("GET", "/public/proposals/find", ReadPublic),
    ("GET", "/public/proposals/{code}", ReadPublic),
    ("GET", "/proposals", Supervise),
    ("GET", "/ballots", ReadOwn),
    ("POST", "/ballots", Supervise),
    ("GET", "/ballots/{id}", ReadOwn),
    ("POST", "/ballots/{id}/vote", Vote),
    ("POST", "/ballots/{id}/adopt", Supervise),
    ("POST", "/plans/{id}/carry", ManagePlans),
    ("POST", "/files/{id}/public", Supervise),
    ("GET", "/public/photos/{id}", ReadPublic),
    ("GET", "/public/photos/{id}/thumb", ReadPublic),
    ("POST", "/proposals/{id}/screen", Supervise),
    ("GET", "/plans/{id}/campaigns", Supervise),
    ("POST", "/plans/{id}/campaigns", Supervise),
    ("GET", "/campaigns/{id}", Supervise),
    ("POST", "/campaigns/{id}/apply", Supervise),
    ("GET", "/feedback", Supervise),
    ("POST", "/feedback/{id}/moderate", Supervise),
    ("POST", "/feedback/{id}/reply", FileReports),
    ("GET", "/public/plans/{id}/data.json", ReadPublic),
    ("GET", "/public/plans/{id}/data.csv", ReadPublic),
    ("GET", "/public/plans/{id}/sites.geojson", ReadPublic),
    ("GET", "/public/plans/{id}/map", ReadPublic),
    // Own account.
    ("POST", "/logout", ReadOwn),
    ("GET", "/account", ReadOwn),
    ("POST", "/account/password", ReadOwn),
    ("POST", "/account/tokens", ReadOwn),
    ("POST", "/account/tokens/{id}/revoke", ReadOwn),
    ("GET", "/account/second-factor", ReadOwn),
    ("POST", "/account/second-factor/begin", ReadOwn),
    ("POST", "/account/second-factor/confirm", ReadOwn),
    ("POST", "/account/second-factor/recovery", ReadOwn),
    ("POST", "/account/second-factor/disable", ReadOwn),
    // The ledger.
    ("GET", "/home", ReadOwn),
    ("GET", "/workbench", ReadOwn),
    ("GET", "/items/{id}", ReadOwn),
    ("GET", "/items/{id}/report", FileReports),
    ("GET", "/plans/{id}/report-sheet.xlsx", ReadOwn),
    ("GET", "/plans/{id}/report-sheets", ReadOwn),
    ("POST", "/plans/{id}/report-sheets", ReadOwn),
    ("POST", "/plans/{id}/report-sheets/confirm", ReadOwn),
    ("POST", "/items/{id}/report", FileReports),
    ("GET", "/reports/{id}", ReadOwn),
    ("GET", "/files/{id}", ReadOwn),
    ("GET", "/files/{id}/thumb", ReadOwn),
    ("GET", "/plans/{id}/dashboard", ReadOverview),
    ("GET", "/plans/{id}/ledger.xlsx", ReadOverview),
    ("GET", "/plans/{id}/cockpit", ReadOverview),
    ("GET", "/regions/{id}/cockpit", ReadOverview),
    ("POST", "/items/{id}/delays", FileReports),
    ("POST", "/items/{id}/acceptance", FileReports),
    ("POST", "/milestones/{id}/done", FileReports),
    ("POST", "/items/{id}/replies", FileReports),
    ("POST", "/items/{id}/instructions", Instruct),
    ("POST", "/items/{id}/comments", Comment),
    // The coordinating office.
    ("GET", "/import", ManagePlans),
    ("POST", "/import", ManagePlans),
    ("GET", "/import/{id}", ManagePlans),
    ("POST", "/import/{id}", ManagePlans),
    ("POST", "/import/empty", ManagePlans),
    ("POST", "/import/{id}/reading", ManagePlans),
    ("GET", "/import/{id}/starts", ManagePlans),
    ("POST", "/import/{id}/starts", ManagePlans),
    ("GET", "/import/{id}/columns", ManagePlans),
    ("POST", "/import/{id}/columns", ManagePlans),
    ("POST", "/plans/{id}/settings", ManagePlans),
    ("POST", "/plans/{id}/state", ManagePlans),
    ("POST", "/plans/{id}/lock", ManagePlans),
    ("POST", "/items/{id}/milestones", ManagePlans),
    ("POST", "/items/{id}/sites", ManagePlans),
    ("GET", "/items/{id}/allocation", ReadOwn),
    ("POST", "/items/{id}/allocation", ManagePlans),
    ("GET", "/plans/{id}/links", ManagePlans),
    ("POST", "/plans/{id}/links", ManagePlans),
    // The plan editor (drafts).
    ("GET", "/plans/{id}/edit", ManagePlans),
    ("GET", "/plans/{id}/items/new", ManagePlans),
    ("POST", "/plans/{id}/items", ManagePlans),
    ("POST", "/plans/{id}/items/paste", ManagePlans),
    ("POST", "/plans/{id}/renumber", ManagePlans),
    ("POST", "/plans/{id}/categories", ManagePlans),
    ("POST", "/categories/{id}", ManagePlans),
    ("GET", "/items/{id}/edit", ManagePlans),
    ("POST", "/items/{id}/edit", ManagePlans),
    ("POST", "/items/{id}/move", ManagePlans),
    ("POST", "/items/{id}/delete", ManagePlans),
    // Adjustments of published plans.
    ("GET", "/items/{id}/adjust", FileReports),
    ("POST", "/items/{id}/adjust", FileReports),
    ("GET", "/items/{id}/adjustments", ManagePlans),
    ("POST", "/items/{id}/adjustments", ManagePlans),
    ("GET", "/plans/{id}/adjustments/new", ManagePlans),
    ("GET", "/plans/{id}/adjustments", ManagePlans),
    ("POST", "/plans/{id}/adjustments", ManagePlans),
    ("GET", "/adjustments/{id}", ReadOwn),
    ("POST", "/adjustments/{id}/decide", Decide),
    // The list as a sheet, out and back.
    ("GET", "/plans/{id}/xlsx", ManagePlans),
    ("POST", "/plans/{id}/xlsx", ManagePlans),
    ("POST", "/plans/{id}/xlsx/apply", ManagePlans),
    ("POST", "/delays/{id}/review", Decide),
    ("POST", "/acceptance/{id}/decide", Decide),
    ("POST", "/items/{id}/disposition", Decide),
    // Supervision.
    ("GET", "/supervision", Supervise),
    ("POST", "/items/{id}/orders", Supervise),
    ("POST", "/plans/{id}/remind", Supervise),
    ("GET", "/orders/{id}", ReadOwn),
    ("POST", "/orders/{id}/act", ReadOwn),
    ("GET", "/orders/{id}/print", ReadOwn),
    ("GET", "/orders/{id}/docx", ReadOwn),
    // Meetings: the office sets them up and keeps them; those who attended, and units given
    // a matter, read them (a unit sees its own matters only).
    ("GET", "/plans/{id}/meetings", Supervise),
    ("POST", "/plans/{id}/meetings", Supervise),
    ("GET", "/meetings/{id}", ReadOwn),
    ("GET", "/meetings/{id}/screen", ReadOwn),
    ("GET", "/meetings/{id}/docx", ReadOwn),
    ("POST", "/meetings/{id}/minutes", Supervise),
    ("POST", "/meetings/{id}/agenda", Supervise),
    ("POST", "/meetings/{id}/agenda/remove", Supervise),
    ("POST", "/meetings/{id}/agenda/move", Supervise),
    ("POST", "/meetings/{id}/attendees", Supervise),
    ("POST", "/meetings/{id}/matters", Supervise),
    ("POST", "/meetings/{id}/photos", Supervise),
    ("POST", "/meetings/{id}/issue", Supervise),
    ("GET", "/dispatch", Dispatch),
    ("POST", "/dispatch/review", Dispatch),
    ("GET", "/notifications", ReadOwn),
    ("POST", "/notifications/read", ReadOwn),
    ("GET", "/admin/contacts", Supervise),
    ("POST", "/admin/contacts", Supervise),
    ("POST", "/admin/contacts/{id}/delete", Supervise),
    ("GET", "/plans/{id}/bulletins", Supervise),
    ("POST", "/plans/{id}/bulletins", Supervise),
    ("GET", "/bulletins/{id}", ReadPublic),
    ("POST", "/bulletins/{id}", Supervise),
    ("POST", "/bulletins/{id}/issue", Supervise),
    ("GET", "/bulletins/{id}/docx", ReadPublic),
    ("GET", "/bulletins/{id}/xlsx", ReadPublic),
    ("GET", "/plans/{id}/scores", Supervise),
    ("POST", "/plans/{id}/scores", Supervise),
    ("GET", "/plans/{id}/scores/xlsx", Supervise),
    ("POST", "/plans/{id}/ratings", Supervise),
    ("GET", "/plans/{id}/periods", Supervise),
    // Administration.
    ("GET", "/admin/users", ManageAccounts),
    ("POST", "/admin/users", ManageAccounts),
    ("POST", "/admin/users/bulk", ManageAccounts),
    ("GET", "/admin/users/{id}", ManageAccounts),
    ("POST", "/admin/users/{id}", ManageAccounts),
    ("POST", "/admin/users/{id}/password", ManageAccounts),
    (
        "POST",
        "/admin/users/{id}/second-factor/reset",
        ManageAccounts,
    ),
    ("GET", "/admin/directory", ManageAccounts),
    ("POST", "/admin/regions", ManageAccounts),
    ("POST", "/admin/units", ManageAccounts),
    ("POST", "/admin/leaders", ManageAccounts),
    ("GET", "/admin/audit", ReadAudit),
    ("GET", "/admin/jobs", ManageAccounts),
    ("POST", "/admin/jobs/{id}/retry", ManageAccounts),
    // JSON API.
    ("GET", "/api/v1/openapi.json", ReadPublic),
    ("GET", "/api/v1/docs", ReadPublic),
    ("GET", "/api/v1/plans", ReadPublic),
    ("GET", "/api/v1/plans/{id}", ReadPublic),
    ("GET", "/api/v1/plans/{id}/items", ReadPublic),
    ("GET", "/api/v1/items/{id}", ReadPublic),
    ("GET", "/api/v1/me", ReadOwn),
    ("GET", "/api/v1/units", ReadOwn),
    ("GET", "/api/v1/plans/{id}/ledger", ReadAll),
    ("GET", "/api/v1/plans/{id}/rollups", ReadAll),
    ("GET", "/api/v1/rollups", ReadAll),
    ("GET", "/api/v1/items/{id}/ledger", ReadOwn),
    ("GET", "/api/v1/items/{id}/reports", ReadOwn),
    ("PUT", "/api/v1/items/{id}/reports", FileReports),
    ("GET", "/api/v1/reports/{id}", ReadOwn),
    ("GET", "/api/v1/workbench", ReadOwn),
    ("POST", "/api/v1/items/{id}/delays", FileReports),
    ("POST", "/api/v1/delays/{id}/review", Decide),
    ("POST", "/api/v1/items/{id}/acceptance", FileReports),
    ("POST", "/api/v1/acceptance/{id}/decision", Decide),
    ("POST", "/api/v1/items/{id}/milestones", ManagePlans),
    ("GET", "/api/v1/items/{id}/allocation", ReadOwn),
    ("POST", "/api/v1/items/{id}/allocations", ManagePlans),
    ("POST", "/api/v1/milestones/{id}/done", FileReports),
    ("GET", "/api/v1/plans/{id}/orders", ReadAll),
    ("GET", "/api/v1/orders/{id}", ReadOwn),
    ("POST", "/api/v1/orders/{id}/steps", ReadOwn),
    ("GET", "/api/v1/plans/{id}/bulletins", ReadAll),
    ("GET", "/api/v1/bulletins/{id}", ReadPublic),
    ("GET", "/api/v1/notifications", ReadOwn),
    ("POST", "/api/v1/plans", ManagePlans),
    ("POST", "/api/v1/plans/{id}/items", ManagePlans),
    ("POST", "/api/v1/plans/{id}/items/text", ManagePlans),
    ("POST", "/api/v1/plans/{id}/categories", ManagePlans),
    ("GET", "/api/v1/items/{id}/draft", ManagePlans),
    ("PUT", "/api/v1/items/{id}", ManagePlans),
    ("DELETE", "/api/v1/items/{id}", ManagePlans),
    ("GET", "/api/v1/plans/{id}/adjustments", ReadAll),
    ("POST", "/api/v1/plans/{id}/adjustments", ManagePlans),
    ("POST", "/api/v1/items/{id}/adjustments", FileReports),
    ("GET", "/api/v1/adjustments/{id}", ReadOwn),
    ("POST", "/api/v1/adjustments/{id}/decision", Decide),
];

/// The permission a request needs, or None for a route missing from the table (refused).
pub fn permission(method: &Method, path: &str) -> Option<Permission> {
    let m = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ROUTES
        .iter()
        .find(|(rm, rp, _)| *rm == m && *rp == path)
        .map(|(_, _, p)| *p)
}

/// What the `{id}` of a route names, for the region check; None for a route without one, for
/// the public's pages (open to all), and for what belongs to no region: accounts, tokens,
/// jobs, contacts and import reviews (a list's region is checked when it is made).
pub fn scoped(path: &str) -> Option<Scoped> {
    if path.starts_with("/public/") || path.starts_with("/admin/") {
        return None;
    }
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let (head, _) = path.split_once("/{id}")?;
    Some(match head {
        "/plans" => Scoped::Plan,
        "/items" => Scoped::Item,
        "/regions" => Scoped::Region,
        "/orders" => Scoped::Order,
        "/bulletins" => Scoped::Bulletin,
        "/reports" => Scoped::Report,
        "/adjustments" => Scoped::Adjustment,
        "/delays" => Scoped::Delay,
        "/acceptance" => Scoped::Acceptance,
        "/milestones" => Scoped::Milestone,
        "/categories" => Scoped::Category,
        "/campaigns" => Scoped::Campaign,
        "/feedback" => Scoped::Feedback,
        "/files" => Scoped::File,
        "/ballots" => Scoped::Ballot,
        "/proposals" => Scoped::Proposal,
        "/meetings" => Scoped::Meeting,
        _ => return None,
    })
}

/// The `{id}` of a request to a route registered as `template`.
pub fn path_id(template: &str, path: &str) -> Option<i64> {
    let at = template.split('/').position(|seg| seg == "{id}")?;
    path.split('/').nth(at)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new route whose `{id}` names something of a region must say which, or an office
    /// confined to a region would reach it everywhere.
    #[test]
    fn every_route_with_an_id_is_scoped_or_named_as_regionless() {
        const REGIONLESS: &[&str] = &["/account/tokens/", "/import/"];
        for (_, path, _) in ROUTES {
            if !path.contains("{id}") || path.starts_with("/public/") || path.starts_with("/admin/")
            {
                continue;
            }
            let regionless = REGIONLESS.iter().any(|r| path.starts_with(r));
            assert_eq!(scoped(path).is_none(), regionless, "{path}");
        }
    }

    #[test]
    fn the_id_is_read_where_the_template_has_it() {
        assert_eq!(
            path_id("/items/{id}/allocation", "/items/42/allocation"),
            Some(42)
        );
        assert_eq!(path_id("/api/v1/plans/{id}", "/api/v1/plans/7"), Some(7));
        assert_eq!(path_id("/items/{id}", "/items/x"), None);
        assert_eq!(path_id("/workbench", "/workbench"), None);
        assert_eq!(scoped("/api/v1/items/{id}/reports"), Some(Scoped::Item));
        assert_eq!(scoped("/regions/{id}/cockpit"), Some(Scoped::Region));
        assert_eq!(scoped("/public/items/{id}"), None);
    }
}
