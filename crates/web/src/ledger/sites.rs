//! Adding a site (点位) to an item: a name, an address and, optionally, coordinates.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::field;
use crate::ids::Id;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::ItemId;

/// POST /items/{id}/sites.
pub async fn add(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let num = |name: &str| -> Result<Option<f64>, AppError> {
        match field(&f, name).trim() {
            "" => Ok(None),
            v => v.parse::<f64>().map(Some).map_err(|_| {
                AppError::BadRequest(Words::new(
                    format!("坐标“{v}”不是数字，请填十进制度数，例如 35.41。"),
                    "Coordinates are decimal degrees.",
                ))
            }),
        }
    };
    let coords = match (num("lat")?, num("lon")?) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        _ => {
            return Err(AppError::BadRequest(
                "纬度和经度须同时填写或同时留空 (give both latitude and longitude, or neither)"
                    .into(),
            ));
        }
    };
    let address = Some(field(&f, "address"));
    me.store(&s)
        .add_site(id, field(&f, "name"), address, coords)
        .await?;
    Ok(Redirect::to(&format!("/items/{}#sites", id.0)))
}
