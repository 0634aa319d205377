//! Word's automatic numbering (`word/numbering.xml`): a list numbered by Word keeps its
//! numbers out of the paragraph text, so they are written back in front of each numbered
//! paragraph as Word shows them — `1.`, `（一）`, `①` — for the segmenters to find.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// One level of a numbering definition.
#[derive(Debug, Clone, Default, PartialEq)]
struct Level {
    /// decimal, chineseCounting, decimalEnclosedCircle, …
    format: String,
    /// `%1.`, `（%1）`, `%1、` …
    text: String,
    start: u32,
}

/// The numbering definitions of a document, and the counters as its paragraphs are read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → levels by ilvl.
    abstracts: HashMap<String, HashMap<u32, Level>>,
    /// (numId, ilvl) → the current count.
    counters: HashMap<(String, u32), u32>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    super::docx::attr(e, name)
}

impl Numbering {
    /// Reads `word/numbering.xml`; a part that does not parse gives no numbering.
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num_id: Option<String> = None;
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) if e.name().as_ref() == "w:abstractNum" => {
                    abstract_id = attr(&e, "w:abstractNumId");
                }
                Event::End(e) if e.name().as_ref() == "w:abstractNum" => abstract_id = None,
                Event::Start(e) if e.name().as_ref() == "w:lvl" => {
                    let ilvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                Event::End(e) if e.name().as_ref() == "w:lvl" => {
                    if let (Some(a), Some((ilvl, l))) = (abstract_id.as_ref(), level.take()) {
                        n.abstracts.entry(a.clone()).or_default().insert(ilvl, l);
                    }
                }
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name();
                    match name.as_ref() {
                        "w:start" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.start =
                                    attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            }
                        }
                        "w:numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.format = attr(&e, "w:val").unwrap_or_default();
                            }
                        }
                        "w:lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.text = attr(&e, "w:val").unwrap_or_default();
                            }
                        }
                        "w:num" => num_id = attr(&e, "w:numId"),
                        "w:abstractNumId" => {
                            if let (Some(id), Some(a)) = (num_id.as_ref(), attr(&e, "w:val")) {
                                n.nums.insert(id.clone(), a);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        n
    }

    fn level(&self, num: &str, ilvl: u32) -> Option<&Level> {
        self.abstracts.get(self.nums.get(num)?)?.get(&ilvl)
    }

    /// The number Word shows in front of the next paragraph numbered `num` at `ilvl`, with
    /// the counters moved on (deeper levels start again).
    pub fn next(&mut self, num: &str, ilvl: u32) -> Option<String> {
        let level = self.level(num, ilvl)?.clone();
        if level.format == "none" || level.format == "bullet" {
            return (level.format == "bullet").then(|| "● ".to_string());
        }
        let count = {
            let c = self
                .counters
                .entry((num.to_string(), ilvl))
                .or_insert(level.start.saturating_sub(1));
            *c += 1;
            *c
        };
        self.counters.retain(|(n, l), _| n != num || *l <= ilvl);
        let mut text = level.text.clone();
        for k in (0..=ilvl).rev() {
            let placeholder = format!("%{}", k + 1);
            if !text.contains(&placeholder) {
                continue;
            }
            let (value, format) = if k == ilvl {
                (count, level.format.clone())
            } else {
                let v = self
                    .counters
                    .get(&(num.to_string(), k))
                    .copied()
                    .unwrap_or(1);
                (
                    v,
                    self.level(num, k)
                        .map(|l| l.format.clone())
                        .unwrap_or_default(),
                )
            };
            text = text.replace(&placeholder, &format_number(value, &format));
        }
        Some(text)
    }
}

/// A number in one of Word's formats.
fn format_number(v: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "japaneseCounting" => chinese(v),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            char::from_u32(0x2460 + v - 1)
                .map(String::from)
                .unwrap_or_else(|| v.to_string())
        }
        "decimalZero" => format!("{v:02}"),
        "lowerLetter" => letter(v, b'a'),
        "upperLetter" => letter(v, b'A'),
        _ => v.to_string(),
    }
}

fn letter(v: u32, base: u8) -> String {
    let k = (v.max(1) - 1) % 26;
    ((base + k as u8) as char).to_string()
}

fn chinese(v: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match v {
        0..=9 => D[v as usize].to_string(),
        10..=19 => format!("十{}", if v == 10 { "" } else { D[(v - 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(v / 10) as usize],
            if v.is_multiple_of(10) {
                ""
            } else {
                D[(v % 10) as usize]
            }
        ),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
    </w:numbering>"#;

    #[test]
    fn numbers_as_word_shows_them() {
        let mut n = Numbering::parse(XML);
        assert_eq!(n.next("3", 0).as_deref(), Some("一、"));
        assert_eq!(n.next("3", 1).as_deref(), Some("1."));
        assert_eq!(n.next("3", 1).as_deref(), Some("2."));
        assert_eq!(n.next("3", 0).as_deref(), Some("二、"));
        assert_eq!(
            n.next("3", 1).as_deref(),
            Some("1."),
            "a deeper level starts again"
        );
        assert_eq!(n.next("9", 0), None, "an unknown list");
        assert_eq!(chinese(12), "十二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
    }
}
