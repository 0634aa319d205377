//! The public map's arithmetic: Web Mercator (the projection of 天地图 `_w` layers and of every
//! common XYZ tile server), the zoom and window that fit a set of sites, and the tiles that
//! cover the window. Pure, so the page can be drawn on the server with no script.

/// Tile edge in pixels.
pub const TILE: f64 = 256.0;
/// Web Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_78;

/// A point in world pixels at `zoom`: x grows east, y grows south, both from 0 to 256·2^zoom.
pub fn world_px(lat: f64, lon: f64, zoom: u8) -> (f64, f64) {
    let n = TILE * f64::from(1u32 << zoom);
    let x = (lon + 180.0) / 360.0 * n;
    let s = lat.clamp(-MAX_LAT, MAX_LAT).to_radians().sin();
    let y = (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI)) * n;
    (x, y)
}

/// A window onto the world at one zoom: its top-left corner in world pixels and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Zoom level.
    pub zoom: u8,
    /// Left edge, world pixels.
    pub left: f64,
    /// Top edge, world pixels.
    pub top: f64,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
}

/// One tile of a view and where it goes, in pixels from the view's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tile {
    /// Zoom.
    pub z: u8,
    /// Column (wrapped round the world).
    pub x: u32,
    /// Row.
    pub y: u32,
    /// Left offset in the view.
    pub left: f64,
    /// Top offset in the view.
    pub top: f64,
}

impl MapView {
    /// The largest zoom (at most `max_zoom`) at which all points fit in `width`×`height` with a
    /// margin, centred on them; None without points.
    pub fn fit(points: &[(f64, f64)], width: f64, height: f64, max_zoom: u8) -> Option<MapView> {
        if points.is_empty() {
            return None;
        }
        let mut zoom = max_zoom;
        loop {
            let px: Vec<(f64, f64)> = points
                .iter()
                .map(|&(lat, lon)| world_px(lat, lon, zoom))
                .collect();
            let (x0, x1) = min_max(px.iter().map(|p| p.0));
            let (y0, y1) = min_max(px.iter().map(|p| p.1));
            if zoom == 0 || (x1 - x0 <= width * 0.8 && y1 - y0 <= height * 0.8) {
                return Some(MapView {
                    zoom,
                    left: (x0 + x1 - width) / 2.0,
                    top: (y0 + y1 - height) / 2.0,
                    width,
                    height,
                });
            }
            zoom -= 1;
        }
    }

    /// Where a point falls in the view, as fractions of its width and height (0–1 inside).
    pub fn place(&self, lat: f64, lon: f64) -> (f64, f64) {
        let (x, y) = world_px(lat, lon, self.zoom);
        ((x - self.left) / self.width, (y - self.top) / self.height)
    }

    /// The tiles that cover the view, rows beyond the poles left out.
    pub fn tiles(&self) -> Vec<Tile> {
        let n = 1i64 << self.zoom;
        let col = |px: f64| (px / TILE).floor() as i64;
        let mut out = Vec::new();
        for y in col(self.top)..=col(self.top + self.height - 1.0) {
            if !(0..n).contains(&y) {
                continue;
            }
            for x in col(self.left)..=col(self.left + self.width - 1.0) {
                out.push(Tile {
                    z: self.zoom,
                    x: x.rem_euclid(n) as u32,
                    y: y as u32,
                    left: x as f64 * TILE - self.left,
                    top: y as f64 * TILE - self.top,
                });
            }
        }
        out
    }
}

fn min_max(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_matches_known_tiles() {
        assert_eq!(world_px(0.0, 0.0, 0), (128.0, 128.0));
        // Tiananmen (39.9087 N, 116.3975 E): the slippy-map tile formula
        // ((1 − ln(tan φ + sec φ)/π)/2 · 2^z) gives column 6744.69 and row 3104.03 at zoom 13.
        let (x, y) = world_px(39.9087, 116.3975, 13);
        assert!((x / TILE - 6744.69).abs() < 0.01 && (y / TILE - 3104.03).abs() < 0.01);
    }

    #[test]
    fn a_view_fits_its_points_and_its_tiles_cover_it() {
        // Two sites in Jining, about 6 km apart.
        let pts = [(35.4154, 116.5872), (35.3880, 116.6400)];
        let v = MapView::fit(&pts, 768.0, 512.0, 17).unwrap();
        assert_eq!(v.zoom, 13);
        for &(lat, lon) in &pts {
            let (fx, fy) = v.place(lat, lon);
            assert!(
                (0.1..=0.9).contains(&fx) && (0.1..=0.9).contains(&fy),
                "{fx} {fy}"
            );
        }
        let t = v.tiles();
        // 768×512 not aligned to the grid: 4 columns × 3 rows.
        assert_eq!(t.len(), 12);
        assert!(
            t.iter()
                .all(|t| t.left > -TILE && t.left < 768.0 && t.top > -TILE && t.top < 512.0)
        );
        // One site: the largest zoom, centred.
        let one = MapView::fit(&pts[..1], 768.0, 512.0, 17).unwrap();
        assert_eq!(one.zoom, 17);
        let (fx, fy) = one.place(pts[0].0, pts[0].1);
        assert!((fx - 0.5).abs() < 1e-9 && (fy - 0.5).abs() < 1e-9);
        assert_eq!(MapView::fit(&[], 768.0, 512.0, 17), None);
    }

    #[test]
    fn columns_wrap_round_the_world_and_rows_stop_at_the_poles() {
        let v = MapView {
            zoom: 1,
            left: -128.0,
            top: -128.0,
            width: 768.0,
            height: 768.0,
        };
        let t = v.tiles();
        assert!(t.iter().all(|t| t.x < 2 && t.y < 2));
        assert_eq!(t.iter().filter(|t| t.y == 0).count(), 4);
    }
}
