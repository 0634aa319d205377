//! Hostile and broken input: each gives a clear error or warning, never a panic, and memory
//! stays bounded.

use minsheng_importer::{ImportError, Limits, parse_bytes, parse_bytes_with};
use std::io::Write;

fn zip_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const DOC_XML: &str = r#"<w:document><w:body><w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>责任单位</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>新建食堂5处</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>民政局</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;

#[test]
fn a_small_valid_docx_reads() {
    let docx = zip_with(&[("word/document.xml", DOC_XML.as_bytes())]);
    let list = parse_bytes(&docx, "list.docx").unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].targets[0].value, 5.0);
}

#[test]
fn empty_and_whitespace_files_are_refused() {
    assert!(matches!(parse_bytes(b"", "a.txt"), Err(ImportError::Empty)));
    assert!(matches!(
        parse_bytes(b" \n\t\r\n", "a.txt"),
        Err(ImportError::Empty)
    ));
}

#[test]
fn binary_garbage_is_refused() {
    let junk: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let e = parse_bytes(&junk, "a.txt").unwrap_err();
    assert!(matches!(e, ImportError::Binary), "{e}");
    assert!(e.to_string().contains("无法识别"));
}

#[test]
fn truncated_docx_is_a_damaged_container() {
    let docx = zip_with(&[("word/document.xml", DOC_XML.as_bytes())]);
    let e = parse_bytes(&docx[..docx.len() / 2], "list.docx").unwrap_err();
    assert!(
        matches!(e, ImportError::BadContainer { kind: "DOCX", .. }),
        "{e}"
    );
    assert!(e.to_string().contains("重新保存"));
}

#[test]
fn encrypted_docx_is_refused() {
    let mut docx = zip_with(&[("word/document.xml", DOC_XML.as_bytes())]);
    // Set the "encrypted" flag in the local header and the central directory entry.
    docx[6] |= 1;
    let cd = docx.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    docx[cd + 8] |= 1;
    let e = parse_bytes(&docx, "list.docx").unwrap_err();
    assert!(matches!(e, ImportError::BadContainer { .. }), "{e}");
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    let huge = vec![b' '; 66 << 20];
    let bomb = zip_with(&[("word/document.xml", &huge)]);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small on disk: {}",
        bomb.len()
    );
    let e = parse_bytes(&bomb, "bomb.docx").unwrap_err();
    assert!(
        matches!(e, ImportError::InflateLimit { kind: "DOCX", .. }),
        "{e}"
    );
    // A tighter limit also holds when the declared sizes are believed.
    let small = zip_with(&[("word/document.xml", &huge[..2 << 20])]);
    let limits = Limits {
        max_inflated_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        parse_bytes_with(&small, "x.docx", limits),
        Err(ImportError::InflateLimit { .. })
    ));
}

#[test]
fn a_100_mb_text_file_is_refused_before_reading() {
    let big = vec![b'a'; 100 << 20];
    let e = parse_bytes(&big, "big.txt").unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e}");
}

#[test]
fn a_table_without_a_recognisable_header_is_no_list() {
    let text = "\t甲\n\t乙\n\t丙\n\n\t1\n\t2\n\t3\n";
    let e = parse_bytes(text.as_bytes(), "t.txt").unwrap_err();
    assert!(matches!(e, ImportError::NoList), "{e}");
    assert!(e.to_string().contains("表头"));
}

#[test]
fn legacy_formats_ask_for_docx() {
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    for name in ["a.doc", "a.wps"] {
        let e = parse_bytes(&ole, name).unwrap_err();
        assert!(matches!(e, ImportError::LegacyFormat(_)), "{e}");
        assert!(e.to_string().contains(".docx"));
    }
}

#[test]
fn lines_outside_items_are_kept_or_warned() {
    let text = "示范区2025年民生实事清单\n附件\n1. 新建食堂。新建老年食堂5处。（责任单位：民政局）\n2. 修路。改造道路9公里。\n";
    let list = minsheng_importer::parse_text(text).unwrap();
    assert_eq!(list.items.len(), 2);
    assert!(
        list.notice
            .iter()
            .any(|l| l.contains("示范区2025年民生实事清单"))
    );
    assert!(
        list.warnings
            .iter()
            .any(|w| w.code == "no_lead_unit" && w.message.contains('2'))
    );
}
