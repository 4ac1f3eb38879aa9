//! Times the pipeline (or one stage) on one page, for profiling with callgrind or perf.
//! `cargo run --release --example timeit -- PAGE [convert|furniture|decode|passes] [N]`
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: timeit PAGE [stage] [N]");
    let stage = args.next().unwrap_or_else(|| "convert".into());
    let n: usize = args.next().map_or(2000, |s| s.parse().expect("N"));
    let bytes = std::fs::read(&path).expect("read page");
    let decoded = ocrclean::decode::decode(&bytes, None).expect("decodes");
    let stripped = ocrclean::furniture::strip(&decoded.text);
    let t = std::time::Instant::now();
    for _ in 0..n {
        match stage.as_str() {
            "decode" => drop(std::hint::black_box(ocrclean::decode::decode(&bytes, None))),
            "furniture" => drop(std::hint::black_box(ocrclean::furniture::strip(
                &decoded.text,
            ))),
            "passes" => drop(std::hint::black_box(ocrclean::passes::reconcile(&stripped))),
            _ => drop(std::hint::black_box(ocrclean::convert(
                &path,
                &bytes,
                &Default::default(),
            ))),
        }
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{stage}: {:.1} us/page, {:.1} MB/s",
        dt / n as f64 * 1e6,
        bytes.len() as f64 * n as f64 / dt / 1e6
    );
}
