//! Any bytes as a DOCX, and any text as its document.xml inside a valid zip.
#![no_main]
use std::io::Write;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = minsheng_importer::parse_bytes(data, "fuzz.docx");
    if let Ok(xml) = std::str::from_utf8(data) {
        let _ = minsheng_importer::read::docx::parse_document_xml(xml);
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let _ = z.start_file("word/document.xml", zip::write::SimpleFileOptions::default());
        let _ = z.write_all(data);
        let _ = z.finish();
    }
    let _ = minsheng_importer::parse_bytes(&buf.into_inner(), "fuzz.docx");
});
