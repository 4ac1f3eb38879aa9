fn main() {
    let path = std::env::args().nth(1).expect("path");
    let bytes = std::fs::read(&path).unwrap();
    let n = 2000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(ocrclean::convert(&path, &bytes, &Default::default()).unwrap());
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{:.1} us/page, {:.1} MB/s",
        dt / n as f64 * 1e6,
        bytes.len() as f64 * n as f64 / dt / 1e6
    );
}
