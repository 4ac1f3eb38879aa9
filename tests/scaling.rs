//! The pipeline's cost grows at most linearly with the page's length, whatever the page
//! holds: each adversarial family (`ocrclean_synth::adversarial`) at 10 KB, 100 KB and
//! 1 MB, measured by the work counter (`ocrclean::work`: operations, not wall time, so the
//! test means the same on every machine), against ordinary generated pages.

use ocrclean_synth::adversarial::{page, FAMILIES};

/// Operations per input byte of one conversion (or of its refusal as too complex).
fn ops_per_byte(bytes: &[u8]) -> (f64, String) {
    let result = ocrclean::convert("p", bytes, &ocrclean::Options::new());
    let what = match result {
        Ok(doc) => format!("{} tables", doc.tables.len()),
        Err(e) => e.to_string(),
    };
    (ocrclean::work::spent() as f64 / bytes.len() as f64, what)
}

#[test]
fn cost_per_byte_does_not_grow_with_length() {
    let mut ordinary = 0.0f64;
    let mut total = 0;
    for seed in 0..40 {
        let bytes = ocrclean_synth::generate(seed).bytes;
        let (per_byte, _) = ops_per_byte(&bytes);
        ordinary += per_byte * bytes.len() as f64;
        total += bytes.len();
    }
    let ordinary = ordinary / total as f64;
    println!("ordinary pages: {ordinary:.1} operations per byte");
    let sizes = [10_000, 100_000, 1_000_000];
    for family in FAMILIES {
        let costs: Vec<(f64, String)> = sizes
            .iter()
            .map(|&n| ops_per_byte(&page(family, n)))
            .collect();
        println!("{family}: {costs:?}");
        // Linear: a page 100× as long costs at most a small constant factor more per byte
        // (3.5×: the `captions` family turns into 3,146 tables at 1 MB, none below, at 12.0
        // operations per byte; ordinary pages cost 3.7 since tables of numeric columns skip
        // the width search, 4.6 before), and never far above ordinary pages.
        let smallest = costs[0].0.max(ordinary);
        for (size, (cost, what)) in sizes.iter().zip(&costs) {
            assert!(
                *cost <= 3.5 * smallest,
                "{family} at {size} bytes: {cost:.1} operations per byte, over 3.5× {smallest:.1} ({what})"
            );
            assert!(
                *cost <= 10.0 * ordinary,
                "{family} at {size} bytes: {cost:.1} operations per byte, ordinary pages {ordinary:.1} ({what})"
            );
        }
    }
}
