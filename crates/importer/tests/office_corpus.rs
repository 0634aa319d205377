//! Real lists of the corpus as an office would send them: each labelled list written here as
//! a Word table (docx-rs) and an Excel sheet (rust_xlsxwriter) — a title, a header, one row
//! an item, the category and a repeated lead unit merged down their rows as real files do —
//! and as Word paragraphs numbered by Word's own list numbering, must read as well as the
//! list's text does.

use minsheng_importer::score::{Gold, Score, score_list};
use minsheng_importer::{ParsedItem, parse_bytes};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn gold(base: &str) -> Gold {
    let p = corpus().join("real/gold").join(format!("{base}.json"));
    serde_json::from_str(
        &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )
    .unwrap()
}

/// Lists with categories, units, leaders or deadlines, in several layouts. (Not those whose
/// last item the page excerpt cut before its units: a table row with an empty unit cell below
/// a filled one reads as "same as above", as it should.)
const LISTS: &[&str] = &[
    "103_hebei_xinji_2023",
    "107_tianjin_xinhe_2025",
    "205_fujian_quanzhou_2021",
    "206_jiangxi_jishui_undated",
    "211_shandong_qingdao_2022",
    "213_anhui_shexian_2024",
    "302_henan_henan_2017",
    "315_guangdong_zhaoqing_undated",
    "404_gansu_tianshui_2020",
    "413_guizhou_qiandongnan_2023",
    "501_beijing_fangshan_2023",
    "503_jiangxi_yuanzhou_2023",
    "607_henan_luohe_2016",
];

/// The columns a list needs, and each item's cells.
struct Sheet {
    title: String,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// Columns whose equal neighbours are merged down (category, lead unit).
    merged: Vec<usize>,
}

/// How a column's cell is taken from an item.
type Cell = Box<dyn Fn(&ParsedItem) -> String>;

fn sheet(g: &Gold) -> Sheet {
    let any = |f: &dyn Fn(&ParsedItem) -> bool| g.items.iter().any(f);
    let mut header = vec!["序号"];
    let mut cols: Vec<Cell> = vec![Box::new(|it| it.seq.clone())];
    let mut merged = Vec::new();
    if any(&|it| it.category.is_some()) {
        merged.push(header.len());
        header.push("类别");
        cols.push(Box::new(|it| it.category.clone().unwrap_or_default()));
    }
    if any(&|it| it.name.is_some()) {
        header.push("项目名称");
        cols.push(Box::new(|it| it.name.clone().unwrap_or_default()));
    }
    header.push("主要内容");
    cols.push(Box::new(|it| it.content.clone().unwrap_or_default()));
    if any(&|it| !it.leaders.is_empty()) {
        header.push("牵头领导");
        cols.push(Box::new(|it| it.leaders.join("、")));
    }
    merged.push(header.len());
    header.push("牵头单位");
    cols.push(Box::new(|it| it.lead_units.join("、")));
    if any(&|it| !it.co_units.is_empty()) {
        header.push("配合单位");
        cols.push(Box::new(|it| it.co_units.join("、")));
    }
    if any(&|it| it.deadline_text.is_some()) {
        header.push("完成时限");
        cols.push(Box::new(|it| it.deadline_text.clone().unwrap_or_default()));
    }
    let rows = g
        .items
        .iter()
        .map(|it| cols.iter().map(|c| c(it)).collect())
        .collect();
    let year = g.year.map_or(String::new(), |y| format!("{y}年"));
    Sheet {
        title: format!("{year}民生实事项目清单"),
        header,
        rows,
        merged,
    }
}

/// Runs of equal, non-empty values in a column: (first row, last row).
fn runs(rows: &[Vec<String>], col: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        let mut j = k;
        while j + 1 < rows.len() && !rows[k][col].is_empty() && rows[j + 1][col] == rows[k][col] {
            j += 1;
        }
        out.push((k, j));
        k = j + 1;
    }
    out
}

fn docx(s: &Sheet) -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let cell = |t: &str| {
        let mut c = TableCell::new();
        // A cell's lines are its paragraphs, as Word keeps them.
        for line in t.split('\n') {
            c = c.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
        }
        c
    };
    let mut rows = vec![TableRow::new(s.header.iter().map(|h| cell(h)).collect())];
    for (r, row) in s.rows.iter().enumerate() {
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                if !s.merged.contains(&c) {
                    return cell(v);
                }
                let (first, last) = runs(&s.rows, c)
                    .into_iter()
                    .find(|(a, b)| (*a..=*b).contains(&r))
                    .unwrap();
                match (r == first, first == last) {
                    (_, true) => cell(v),
                    (true, false) => cell(v).vertical_merge(VMergeType::Restart),
                    (false, false) => TableCell::new()
                        .add_paragraph(Paragraph::new())
                        .vertical_merge(VMergeType::Continue),
                }
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&s.title)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("附件")))
        .add_table(Table::new(rows))
        .build()
        .pack(&mut out)
        .unwrap();
    out.into_inner()
}

/// The list as Word paragraphs numbered by Word itself (numbering.xml, no number in the text):
/// categories at level 0 (一、), items at level 1 (1.), responsibility in a bracket.
fn numbered_docx(g: &Gold) -> Vec<u8> {
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
        NumberingId, Paragraph, Run, Start,
    };
    let level = |ilvl: usize, fmt: &str, text: &str| {
        Level::new(
            ilvl,
            Start::new(1),
            NumberFormat::new(fmt),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    let mut doc = Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(1)
                .add_level(level(0, "chineseCounting", "%1、"))
                .add_level(level(1, "decimal", "%2.")),
        )
        .add_numbering(Numbering::new(2, 1))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("民生实事项目清单")));
    let mut category: Option<&str> = None;
    for it in &g.items {
        if it.category.is_some() && it.category.as_deref() != category {
            category = it.category.as_deref();
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(category.unwrap_or_default()))
                    .numbering(NumberingId::new(2), IndentLevel::new(0)),
            );
        }
        let mut text = String::new();
        if let Some(n) = &it.name {
            text.push_str(n);
            text.push('。');
        }
        text.push_str(it.content.as_deref().unwrap_or_default());
        if !it.lead_units.is_empty() {
            text.push_str(&format!("（责任单位：{}）", it.lead_units.join("、")));
        }
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&text))
                .numbering(NumberingId::new(2), IndentLevel::new(1)),
        );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

fn xlsx(s: &Sheet) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    let width = s.header.len() as u16;
    ws.merge_range(0, 0, 0, width - 1, &s.title, &Format::new())
        .unwrap();
    for (c, h) in s.header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in s.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !s.merged.contains(&c) {
                ws.write_string(r as u32 + 2, c as u16, v).unwrap();
            }
        }
    }
    for &c in &s.merged {
        for (a, b) in runs(&s.rows, c) {
            let v = &s.rows[a][c];
            if a == b {
                ws.write_string(a as u32 + 2, c as u16, v).unwrap();
            } else {
                ws.merge_range(a as u32 + 2, c as u16, b as u32 + 2, c as u16, v, &wrap)
                    .unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn read(g: &Gold, bytes: &[u8], name: &str) -> Score {
    let list = parse_bytes(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    score_list(g, &list)
}

#[test]
fn office_versions_of_real_lists_read_as_their_text() {
    let mut lines = Vec::new();
    for base in LISTS {
        let g = gold(base);
        let text_bytes = std::fs::read(corpus().join("real/docs").join(&g.file)).unwrap();
        let text = read(&g, &text_bytes, &g.file);
        let s = sheet(&g);
        for (ext, bytes) in [
            ("docx", docx(&s)),
            ("xlsx", xlsx(&s)),
            ("numbered.docx", numbered_docx(&g)),
        ] {
            let office = read(&g, &bytes, &format!("{base}.{ext}"));
            lines.push(format!("{base}.{ext}: {}", office.summary()));
            let at = format!(
                "{base}.{ext}\n  office: {}\n  text:   {}\n  {:?}",
                office.summary(),
                text.summary(),
                office.misses
            );
            assert!(office.items_f1() >= text.items_f1(), "{at}");
            assert!(
                office.field("lead_units") >= text.field("lead_units"),
                "{at}"
            );
            assert!(office.target_f1() >= text.target_f1() - 0.02, "{at}");
        }
    }
    println!("{}", lines.join("\n"));
    assert!(lines.len() >= 30, "ten lists or more in three forms");
}
