//! Times the pipeline on the adversarial families (`ocrclean_synth::adversarial`) at
//! 10 KB, 100 KB and 1 MB against ordinary generated pages of the same total size, and
//! prints the time per byte of each as a ratio to the ordinary pages' (measured in the
//! same run). `cargo run --release --example adversarial -- [SIZES…]`
//!
//! A family whose smaller size took over 20 s is not run at the larger ones.
use ocrclean_synth::adversarial::{page, FAMILIES};
use std::time::Instant;

fn ordinary_secs_per_byte(total: usize) -> f64 {
    let mut pages = Vec::new();
    let mut len = 0;
    let mut seed = 0;
    while len < total {
        let p = ocrclean_synth::generate(seed).bytes;
        len += p.len();
        pages.push(p);
        seed += 1;
    }
    let t = Instant::now();
    for p in &pages {
        let _ = std::hint::black_box(ocrclean::convert("p", p, &Default::default()));
    }
    t.elapsed().as_secs_f64() / len as f64
}

fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .map(|s| s.parse().expect("a size in bytes"))
            .collect();
        if args.is_empty() {
            vec![10_000, 100_000, 1_000_000]
        } else {
            args
        }
    };
    for &size in &sizes {
        let ordinary = ordinary_secs_per_byte(size.max(200_000));
        println!("{size} bytes: ordinary pages {:.3} s/MB", ordinary * 1e6);
        for family in FAMILIES {
            let bytes = page(family, size);
            let t = Instant::now();
            let result = ocrclean::convert(family, &bytes, &Default::default());
            let secs = t.elapsed().as_secs_f64();
            let per_byte = secs / bytes.len() as f64;
            let what = match &result {
                Ok(doc) => format!("ok, {} tables", doc.tables.len()),
                Err(e) => format!("error: {e}"),
            };
            println!(
                "  {family:20} {:>9} B {secs:8.3} s  {:6.2}× ordinary per byte  ({what})",
                bytes.len(),
                per_byte / ordinary
            );
        }
    }
}
