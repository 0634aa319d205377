//! Parse + target extraction speed: the text seeds (bytes per second) and a 33-item DOCX.
//! Uses ../shared beside the checkout when present, else the demo lists shipped in demo/.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir(shared.join("seeds")) {
        let mut paths: Vec<PathBuf> = dir.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    if out.is_empty() {
        let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        for e in std::fs::read_dir(demo).unwrap().flatten() {
            out.push((
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    out
}

fn text(c: &mut Criterion) {
    let docs = inputs();
    let total: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("all seeds", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                black_box(minsheng_importer::parse_bytes(black_box(bytes), name).unwrap());
            }
        })
    });
    g.finish();
}

fn docx(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds-office/004_287702023e222ac5.docx");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: docx bench needs {}", path.display());
        return;
    };
    c.bench_function("docx 33 items", |b| {
        b.iter(|| black_box(minsheng_importer::parse_bytes(black_box(&bytes), "004.docx").unwrap()))
    });
}

criterion_group!(benches, text, docx);
criterion_main!(benches);
