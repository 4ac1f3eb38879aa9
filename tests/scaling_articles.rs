//! The whole-article path's cost grows at most linearly with the input: generated articles
//! of each rendering, and the same articles repeated 10 and 100 times over (one input of
//! many pages, with and without page markers), measured by the work counter (operations,
//! not wall time).

use ocrclean_synth::article::{generate, Rendering};

fn ops_per_byte(text: &str) -> f64 {
    let result = ocrclean::convert_str("a", text, &ocrclean::Options::new());
    assert!(result.is_ok(), "{:?}", result.err());
    ocrclean::work::spent() as f64 / text.len() as f64
}

#[test]
fn article_cost_per_byte_does_not_grow_with_length() {
    for kind in [
        Rendering::TextLines,
        Rendering::TextFlow,
        Rendering::OcrEngine,
    ] {
        for seed in [3u64, 11] {
            let one = generate(seed, kind).text;
            let costs: Vec<f64> = [1, 10, 100]
                .iter()
                .map(|&n| ops_per_byte(&one.repeat(n)))
                .collect();
            for (n, cost) in [1, 10, 100].iter().zip(&costs) {
                assert!(
                    *cost <= 3.0 * costs[0].max(1.0),
                    "{kind:?} seed {seed} ×{n}: {cost:.2} operations per byte, first {:.2}",
                    costs[0]
                );
            }
        }
    }
}
