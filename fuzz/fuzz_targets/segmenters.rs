//! Every segmenter on any text, each on its own (the importer skips some when a table or a
//! numbering already reads well), and a reading cut by hand at starts taken from the input:
//! each must return readings or none, never panic.
#![no_main]
use minsheng_importer::segment::{self, chains, clauses, grid, manual};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut doc = minsheng_importer::read::text::read_text(text);
    minsheng_importer::normalize::normalize_doc(&mut doc);
    let paras = segment::paragraphs(&doc);
    let facts = segment::facts(&doc, &paras);
    let _ = grid::readings(&paras, &facts, None);
    let _ = chains::readings(&paras, &facts);
    let _ = clauses::semicolon_reading(&paras, &facts);
    let _ = clauses::paragraph_reading(&paras, &facts);
    let _ = clauses::sentence_reading(&paras, &facts);
    let _ = clauses::enumeration_reading(&paras, &facts);
    let starts: Vec<usize> = data.iter().take(8).map(|b| *b as usize % (paras.len() + 2)).collect();
    let _ = manual::reading(&paras, &starts);
    let _ = minsheng_importer::list::interpret_with(
        &doc,
        &minsheng_importer::Choice {
            reading: data.first().map(|b| *b as usize % 4),
            item_starts: None,
            columns: None,
        },
    );
});
