//! Parse + target extraction speed over the corpus in the repo: the five seed notices, the
//! real lists collected from other regions (text as found, page chrome and all), and a
//! 33-item DOCX.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn text(c: &mut Criterion) {
    let mut g = c.benchmark_group("text");
    for (label, dir) in [("seeds", "seeds/docs"), ("real lists", "real/docs")] {
        let docs = inputs(dir);
        let total: usize = docs.iter().map(|(_, b)| b.len()).sum();
        g.throughput(Throughput::Bytes(total as u64));
        g.bench_function(label, |b| {
            b.iter(|| {
                for (name, bytes) in &docs {
                    let _ = black_box(minsheng_importer::parse_bytes(black_box(bytes), name));
                }
            })
        });
    }
    g.finish();
}

fn docx(c: &mut Criterion) {
    let path = corpus().join("seeds/office/004_287702023e222ac5.docx");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    c.bench_function("docx 33 items", |b| {
        b.iter(|| black_box(minsheng_importer::parse_bytes(black_box(&bytes), "004.docx").unwrap()))
    });
}

criterion_group!(benches, text, docx);
criterion_main!(benches);
