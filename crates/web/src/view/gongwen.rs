//! Word documents in official-document layout (GB/T 9704-2012 党政机关公文格式), shared by the
//! bulletin and the supervision order: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right
//! 26 mm; title in 方正小标宋简体 二号 centred; body in 仿宋_GB2312 三号 with a two-character
//! first-line indent and fixed 28.95 pt lines (22 lines a page); first-level headings in 黑体,
//! second-level in 楷体_GB2312; page numbers "— 1 —" in 宋体 四号 at the foot; the issuing
//! office's mark in red above a red rule.

use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Table,
    TableCell, TableRow, WidthType,
};

pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const H1_FONT: &str = "黑体";
pub const H2_FONT: &str = "楷体_GB2312";
const NUM_FONT: &str = "宋体";
/// 三号 = 16 pt = 32 half-points; 二号 = 22 pt; 四号 = 14 pt; 五号 = 10.5 pt.
pub const BODY_SIZE: usize = 32;
pub const TITLE_SIZE: usize = 44;
const NUM_SIZE: usize = 28;
const TABLE_SIZE: usize = 21;
/// The red of the issuing office's mark and rule.
const RED: &str = "E60012";

/// A day as documents write it: 2025年9月30日.
pub fn zh_day(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// mm → twentieths of a point.
pub fn mm(v: f64) -> i32 {
    (v / 25.4 * 1440.0).round() as i32
}

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

/// A run of text in a font and size (half-points).
pub fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// 28.95 pt fixed line spacing, in twentieths of a point.
fn body_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(579)
}

/// A body paragraph.
pub fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, BODY_SIZE))
        .line_spacing(body_lines())
        .first_line_chars(200)
}

/// A heading paragraph in `font`.
pub fn heading(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, BODY_SIZE))
        .line_spacing(body_lines())
        .first_line_chars(200)
}

/// A centred line in the body font.
pub fn centred(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, BODY_FONT, BODY_SIZE))
}

/// The title.
pub fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, TITLE_FONT, TITLE_SIZE))
}

/// A right-aligned line (落款, dates), kept four characters from the right margin.
pub fn signed(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Right)
        .indent(None, None, Some(mm(22.4)), None)
        .add_run(run(text, BODY_FONT, BODY_SIZE))
        .line_spacing(body_lines())
}

/// The issuing office's mark (发文机关标志) in red, and under it the document number on the
/// left and the signer (签发人) on the right above the red rule (版头分隔线).
pub fn masthead(office: &str, number: &str, signer: &str) -> Vec<Paragraph> {
    let rule = ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size(12)
            .space(4)
            .color(RED),
    );
    vec![
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(office, TITLE_FONT, TITLE_SIZE).color(RED)),
        Paragraph::new()
            .add_run(run(number, BODY_FONT, BODY_SIZE))
            .add_run(run(
                "\u{3000}\u{3000}\u{3000}\u{3000}",
                BODY_FONT,
                BODY_SIZE,
            ))
            .add_run(run(&format!("签发人：{signer}"), BODY_FONT, BODY_SIZE))
            .set_borders(rule),
    ]
}

fn cell(text: &str, bold: bool) -> TableCell {
    let mut r = run(text, BODY_FONT, TABLE_SIZE);
    if bold {
        r = r.bold();
    }
    TableCell::new().add_paragraph(Paragraph::new().add_run(r))
}

/// A table with a bold head row, the type area's width.
pub fn table(head: &[&str], rows: Vec<Vec<String>>) -> Table {
    let mut out = vec![TableRow::new(head.iter().map(|h| cell(h, true)).collect())];
    out.extend(
        rows.into_iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect())),
    );
    Table::new(out).width(mm(156.0) as usize, WidthType::Dxa)
}

/// A two-column form (label, value) in three-size text, as a 督办单 prints its fields.
pub fn form(rows: &[(&str, String)]) -> Table {
    let line = |label: &str, value: &str| {
        TableRow::new(vec![
            TableCell::new()
                .width(mm(32.0) as usize, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(run(label, H1_FONT, BODY_SIZE - 4))),
            TableCell::new()
                .width(mm(124.0) as usize, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(run(value, BODY_FONT, BODY_SIZE - 4))),
        ])
    };
    Table::new(rows.iter().map(|(l, v)| line(l, v)).collect())
        .width(mm(156.0) as usize, WidthType::Dxa)
}

/// An empty A4 document with the margins and the page-number footer.
pub fn page() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", NUM_FONT, NUM_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" —", NUM_FONT, NUM_SIZE)),
    );
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(28.0)),
        )
        .footer(footer)
}

/// The document's bytes.
pub fn pack(doc: Docx) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
