//! The route table: every route the application serves and the permission it asks for. The
//! guard refuses a route that is not listed here, so a new route is closed until it is added.
//! Object scope (which items, which unit) is checked by the handlers through [`crate::auth::Me`].

use axum::http::Method;
use minsheng_domain::access::Permission::{self, *};

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
    ("GET", "/public/items/{id}", ReadPublic),
    ("GET", "/public/items/{id}/qr.svg", ReadPublic),
    ("GET", "/public/items/{id}/qr.png", ReadPublic),
    ("GET", "/public/items/{id}/poster", ReadPublic),
    ("POST", "/public/items/{id}/feedback", ReadPublic),
    ("POST", "/public/items/{id}/rate", ReadPublic),
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
    // The ledger.
    ("GET", "/workbench", ReadOwn),
    ("GET", "/items/{id}", ReadOwn),
    ("GET", "/items/{id}/report", FileReports),
    ("POST", "/items/{id}/report", FileReports),
    ("GET", "/reports/{id}", ReadOwn),
    ("GET", "/files/{id}", ReadOwn),
    ("GET", "/files/{id}/thumb", ReadOwn),
    ("GET", "/plans/{id}/dashboard", ReadAll),
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
    ("POST", "/delays/{id}/review", Decide),
    ("POST", "/acceptance/{id}/decide", Decide),
    ("POST", "/items/{id}/disposition", Decide),
    // Supervision.
    ("GET", "/supervision", Supervise),
    ("POST", "/items/{id}/orders", Supervise),
    ("GET", "/orders/{id}", ReadOwn),
    ("POST", "/orders/{id}/act", ReadOwn),
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
    ("GET", "/admin/directory", ManageAccounts),
    ("POST", "/admin/regions", ManageAccounts),
    ("POST", "/admin/units", ManageAccounts),
    ("POST", "/admin/leaders", ManageAccounts),
    ("GET", "/admin/audit", ReadAudit),
    ("GET", "/admin/jobs", ManageAccounts),
    ("POST", "/admin/jobs/{id}/retry", ManageAccounts),
    // JSON API.
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
    ("POST", "/api/v1/milestones/{id}/done", FileReports),
    ("GET", "/api/v1/plans/{id}/orders", ReadAll),
    ("GET", "/api/v1/orders/{id}", ReadOwn),
    ("POST", "/api/v1/orders/{id}/steps", ReadOwn),
    ("GET", "/api/v1/plans/{id}/bulletins", ReadAll),
    ("GET", "/api/v1/bulletins/{id}", ReadPublic),
    ("GET", "/api/v1/notifications", ReadOwn),
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
