//! What is cut from the end of a line: a bracket of unit names, a page's link, caption or closing.

use crate::units::{looks_like_unit, split_units};

/// A trailing bracket that holds only unit names: `……。（县住建局、县财政局）`.
pub(super) fn take_unit_bracket(text: &str) -> (String, Vec<String>) {
    let t = text.trim_end();
    let Some(inner) = t.strip_suffix('）') else {
        return (text.to_string(), Vec::new());
    };
    let Some(open) = inner.rfind('（') else {
        return (text.to_string(), Vec::new());
    };
    let body = &inner[open + '（'.len_utf8()..];
    // （由区教委牵头）, （市住建局负责）: the units before the verb.
    let body = body.trim_start_matches('由');
    let body = [
        "牵头负责",
        "牵头实施",
        "牵头",
        "负责",
        "承办",
        "主办",
        "组织实施",
    ]
    .iter()
    .find_map(|v| body.strip_suffix(v))
    .unwrap_or(body);
    let units = split_units(&[body.to_string()]);
    let all_units = !units.is_empty() && units.iter().all(|u| looks_like_unit(u));
    if all_units && body.chars().count() <= 80 {
        (inner[..open].trim_end().to_string(), units)
    } else {
        (text.to_string(), Vec::new())
    }
}

/// Phrases that close a notice after its list: 现予以公告, 特此通知.
const CLOSING_PHRASES: &[&str] = &["现予以公告", "现予公告", "特此公告", "特此通知", "特此通报"];

/// A page's "read more" link or ellipsis at the end of a cut excerpt (…[查看详情]), an image
/// caption in brackets (（…效果图）), or the notice's closing phrase after the last item.
pub(super) fn strip_page_tail(line: &str) -> &str {
    let mut t = line.trim_end();
    for w in CLOSING_PHRASES {
        if let Some(p) = t.find(w) {
            t = t[..p].trim_end();
        }
    }
    if let Some(inner) = t.strip_suffix('）')
        && let Some(open) = inner.rfind('（')
        && ["效果图", "示意图", "图片", "摄"]
            .iter()
            .any(|w| inner[open..].contains(w))
    {
        t = inner[..open].trim_end();
    }
    for tail in [
        "[查看详情]",
        "【查看详情】",
        "查看详情",
        "阅读全文",
        "展开全文",
        "[详细]",
        "[更多]",
        ">>",
    ] {
        t = t.strip_suffix(tail).unwrap_or(t).trim_end();
    }
    t.trim_end_matches(['.', '…'])
}
