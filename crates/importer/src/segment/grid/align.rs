//! Laying a row's pieces onto a header's columns: what each piece looks like (a serial
//! number, a unit's name, a person, a deadline, a sentence, a progress figure), and the best
//! assignment in order, by dynamic programming.

use crate::list::columns::{Role, normalise_header, role_of};
use crate::units::looks_like_unit;

/// What a column holds, for laying pieces onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Role(Role),
    Progress,
    Other,
}

pub(super) fn kind_of(header: &str) -> Kind {
    if let Some(r) = role_of(header) {
        return Kind::Role(r);
    }
    let h = normalise_header(header);
    let progress = [
        "进展", "进度", "完成", "落实", "情况", "备注", "问题", "下步", "打算", "成效",
    ];
    if progress.iter().any(|w| h.contains(w)) {
        Kind::Progress
    } else {
        Kind::Other
    }
}

pub(super) fn is_seq(piece: &str) -> bool {
    let t = piece.trim().trim_end_matches(['.', '、', '．']);
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

pub(super) fn is_deadline(piece: &str) -> bool {
    let t = piece.trim();
    t.chars().count() <= 16
        && (crate::deadline::parse_deadline_cell(t, Some(2000)).is_some()
            || [
                "年内",
                "全年",
                "长期",
                "年底",
                "月底",
                "季度",
                "上半年",
                "下半年",
            ]
            .iter()
            .any(|w| t.contains(w)))
}

fn is_person(piece: &str) -> bool {
    let squeezed: String;
    // 张  源: a name padded to the width of three characters.
    let piece = if piece
        .split(' ')
        .filter(|s| !s.is_empty())
        .all(|s| s.chars().count() == 1)
    {
        squeezed = piece.chars().filter(|c| *c != ' ').collect();
        squeezed.as_str()
    } else {
        piece
    };
    let parts: Vec<&str> = piece
        .split(['、', '，', ' '])
        .filter(|s| !s.is_empty())
        .collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            let n = p.chars().count();
            (2..=4).contains(&n) && p.chars().all(crate::textnorm::is_cjk) && !looks_like_unit(p)
        })
}

pub(super) fn is_units(piece: &str) -> bool {
    let parts: Vec<&str> = piece
        .split(['、', '，', ' ', '；'])
        .filter(|s| !s.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|p| looks_like_unit(p))
}

fn is_progress_piece(piece: &str) -> bool {
    let t = piece.trim();
    crate::segment::item_text::is_progress(t)
        || t.ends_with('%')
        || t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '%')
        || [
            "顺利推进",
            "持续推进",
            "已完成",
            "正在",
            "未启动",
            "—",
            "-",
        ]
        .iter()
        .any(|w| t.starts_with(w))
        // 完成9个，完成率100% is progress; 完成12万亩山区森林抚育工程。 is a task.
        || t.starts_with("完成") && (t.chars().count() <= 12 || t.contains(['%', '已']))
}

/// How well a piece fits a column, higher is better.
fn fit(piece: &str, kind: Kind) -> f64 {
    let n = piece.chars().count();
    if n == 0 {
        return 0.0;
    }
    let unit = is_units(piece);
    let deadline = is_deadline(piece);
    match kind {
        Kind::Role(Role::Seq) => {
            if is_seq(piece) {
                3.0
            } else {
                -10.0
            }
        }
        Kind::Role(Role::Category) => {
            if piece.starts_with(crate::numbers::is_chinese_numeral) && n <= 40 {
                2.0
            } else if n <= 16 && !piece.contains('。') {
                0.3
            } else {
                -3.0
            }
        }
        Kind::Role(Role::Level) => {
            if n <= 10
                && ["市级", "区级", "县级", "省级", "镇级", "街道级"]
                    .iter()
                    .any(|w| piece.contains(w))
            {
                3.0
            } else {
                -5.0
            }
        }
        Kind::Role(Role::Name) => {
            if unit || deadline || is_seq(piece) {
                -1.5
            } else if n <= 40 && !piece.contains('。') {
                1.2
            } else {
                0.2
            }
        }
        Kind::Role(Role::Summary | Role::Content) => {
            if unit || deadline || is_seq(piece) {
                -1.5
            } else if n >= 12 {
                1.5
            } else {
                0.5
            }
        }
        Kind::Role(Role::Lead | Role::Co) => {
            if unit {
                2.5
            } else if is_person(piece) || deadline {
                -1.5
            } else if n <= 20 {
                -0.5
            } else {
                -3.0
            }
        }
        Kind::Role(Role::Leaders) => {
            if is_person(piece) {
                2.0
            } else if unit {
                -2.0
            } else {
                -3.0
            }
        }
        Kind::Role(Role::Deadline) => {
            if deadline {
                3.0
            } else {
                -3.0
            }
        }
        Kind::Progress => {
            if is_progress_piece(piece) {
                1.5
            } else if unit || deadline {
                -1.0
            } else {
                0.1
            }
        }
        Kind::Other => {
            if unit || deadline {
                -0.5
            } else {
                0.1
            }
        }
    }
}

/// Columns that take several pieces (a cell of several lines).
fn multi(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Role(Role::Seq | Role::Level | Role::Deadline | Role::Category)
    )
}

/// Lays a row's pieces onto the columns in order, best total fit; pieces that match the
/// header's width one to one are favoured. Returns each column's pieces.
pub(super) fn align(pieces: &[String], kinds: &[Kind], exact: bool) -> Vec<Vec<String>> {
    let (n, m) = (pieces.len(), kinds.len());
    let mut out = vec![Vec::new(); m];
    if n == 0 || m == 0 {
        return out;
    }
    if exact && n == m {
        // Every cell is there, empty ones too: they fall on their columns.
        for (k, p) in pieces.iter().enumerate() {
            if !p.is_empty() {
                out[k].push(p.clone());
            }
        }
        return out;
    }
    let positional = n == m;
    let neg = f64::NEG_INFINITY;
    // best[i][j]: the best score with piece i on column j; from[i][j] the column of piece i-1.
    let mut best = vec![vec![neg; m]; n];
    let mut from = vec![vec![0usize; m]; n];
    let gain = |i: usize, j: usize| {
        fit(&pieces[i], kinds[j]) + if positional && i == j { 0.8 } else { 0.0 }
    };
    for (j, b) in best[0].iter_mut().enumerate() {
        *b = gain(0, j) - 0.05 * j as f64;
    }
    for i in 1..n {
        for j in 0..m {
            let g = gain(i, j);
            for p in 0..=j {
                if best[i - 1][p] == neg || (p == j && !multi(kinds[j])) {
                    continue;
                }
                let cost = if p == j {
                    0.3
                } else {
                    0.05 * (j - p - 1) as f64
                };
                let v = best[i - 1][p] + g - cost;
                if v > best[i][j] {
                    best[i][j] = v;
                    from[i][j] = p;
                }
            }
        }
    }
    let mut j = (0..m)
        .max_by(|a, b| best[n - 1][*a].total_cmp(&best[n - 1][*b]))
        .unwrap_or(0);
    for i in (0..n).rev() {
        if !pieces[i].is_empty() {
            out[j].insert(0, pieces[i].clone());
        }
        if i > 0 {
            j = from[i][j];
        }
    }
    out
}
