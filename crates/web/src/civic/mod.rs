//! Citizens' participation as the staff handle it (民意): satisfaction campaigns and their
//! results, the moderation of messages, the screening of proposals, the deputies' ballots on
//! next year's candidates, adopting the winners and carrying unfinished items over (结转), and
//! approving photos for the public site. The citizens' side is in `public`.

mod adoption;
mod ballots;
mod campaigns;
mod moderation;
mod screening;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/plans/{id}/campaigns",
            get(campaigns::list).post(campaigns::create),
        )
        .route("/campaigns/{id}", get(campaigns::page))
        .route("/campaigns/{id}/apply", post(campaigns::apply))
        .route("/feedback", get(moderation::queue))
        .route("/feedback/{id}/moderate", post(moderation::moderate))
        .route("/feedback/{id}/reply", post(moderation::reply))
        .route("/proposals", get(screening::list))
        .route("/proposals/{id}/screen", post(screening::screen))
        .route("/ballots", get(ballots::list).post(ballots::create))
        .route("/ballots/{id}", get(ballots::page))
        .route("/ballots/{id}/vote", post(ballots::vote))
        .route("/ballots/{id}/adopt", post(adoption::adopt))
        .route("/plans/{id}/carry", post(adoption::carry))
        .route("/files/{id}/public", post(adoption::publish_photo))
}
