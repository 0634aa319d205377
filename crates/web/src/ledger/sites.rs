//! Adding a site (点位) to an item: a name, an address and, optionally, coordinates.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError, parse_id};
use crate::forms::field;
use crate::i18n::Lang;
use axum::extract::{Form, Path, State};
use axum::response::Redirect;
use minsheng_domain::ItemId;

/// POST /items/{id}/sites.
pub async fn add(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = ItemId(parse_id(&raw, "项目 item").map_err(err)?);
    let num = |name: &str| -> Result<Option<f64>, PageError> {
        match field(&f, name).trim() {
            "" => Ok(None),
            v => v.parse::<f64>().map(Some).map_err(|_| {
                err(AppError::BadRequest(format!(
                    "坐标“{v}”不是数字，请填十进制度数，例如 35.41 (coordinates are decimal degrees)"
                )))
            }),
        }
    };
    let coords = match (num("lat")?, num("lon")?) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        _ => {
            return Err(err(AppError::BadRequest(
                "纬度和经度须同时填写或同时留空 (give both latitude and longitude, or neither)"
                    .into(),
            )));
        }
    };
    let address = Some(field(&f, "address"));
    me.store(&s)
        .add_site(id, field(&f, "name"), address, coords)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/items/{}#sites", id.0)))
}
