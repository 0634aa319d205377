//! Any bytes as a text list: the importer must return a list or an error, never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = minsheng_importer::parse_bytes(data, "fuzz.txt");
});
