//! In-memory, single-thread throughput of the whole pipeline (no file I/O): loads pages into
//! memory, then converts them in a loop on this one thread and prints MB/s of input.
//!
//! ```sh
//! cargo run --release --example throughput -- DIR            # the *.txt pages in DIR
//! cargo run --release --example throughput -- --synth 2000   # 2,000 generated pages
//! cargo run --release --example throughput -- --synth 200 --scale 16
//! cargo run --release --example throughput -- fixtures/000_a449235f6b97e50b.txt
//! ```
//!
//! Options: `--secs S` (default 3): keep converting for at least S seconds, in rounds over
//! all the pages; `--rounds R` (default 5): at least R rounds, each timed on its own; the
//! figure printed is the median round. `--max-pages N`: take at most N pages of DIR. `--json`
//! also serializes each document to its JSONL line (what `--jsonl` adds per page).
//!
//! The last line is `key=value` pairs for scripts (`scripts/bench.sh` reads `mb_s`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    inputs: Vec<PathBuf>,
    synth: Option<u64>,
    scale: u32,
    secs: f64,
    rounds: usize,
    max_pages: usize,
    json: bool,
}

fn parse() -> Args {
    let mut args = Args {
        inputs: Vec::new(),
        synth: None,
        scale: 1,
        secs: 3.0,
        rounds: 5,
        max_pages: usize::MAX,
        json: false,
    };
    let mut it = std::env::args().skip(1);
    let number = |v: Option<String>, what: &str| -> f64 {
        v.and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{what} needs a number"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--synth" => args.synth = Some(number(it.next(), "--synth") as u64),
            "--scale" => args.scale = number(it.next(), "--scale") as u32,
            "--secs" => args.secs = number(it.next(), "--secs"),
            "--rounds" => args.rounds = number(it.next(), "--rounds") as usize,
            "--max-pages" => args.max_pages = number(it.next(), "--max-pages") as usize,
            "--json" => args.json = true,
            _ => args.inputs.push(PathBuf::from(a)),
        }
    }
    args
}

/// The `*.txt` files under `path` (or `path` itself), sorted, at most `max`.
fn collect(path: &Path, max: usize, into: &mut Vec<(String, Vec<u8>)>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("read folder")
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if into.len() >= max {
                return;
            }
            if p.is_dir() || p.extension().is_some_and(|e| e == "txt") {
                collect(&p, max, into);
            }
        }
    } else if into.len() < max {
        let bytes = std::fs::read(path).expect("read page");
        into.push((path.display().to_string(), bytes));
    }
}

fn main() {
    let args = parse();
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    for input in &args.inputs {
        collect(input, args.max_pages, &mut pages);
    }
    if let Some(n) = args.synth {
        for seed in 0..n {
            let spec = ocrclean_synth::PageSpec::scaled(seed, args.scale);
            let page = ocrclean_synth::generate_with(&spec);
            pages.push((format!("synth_{seed}.txt"), page.bytes));
        }
    }
    if pages.is_empty() {
        eprintln!("usage: throughput DIR|FILE... | --synth N [--scale K] [--secs S] [--json]");
        std::process::exit(2);
    }
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let options = ocrclean::Options::default();
    let round = || {
        let start = Instant::now();
        let mut failed = 0usize;
        for (source, page) in &pages {
            match ocrclean::convert(source, page, &options) {
                Ok(doc) => {
                    if args.json {
                        black_box(ocrclean::output::to_jsonl_line(&doc));
                    }
                    black_box(doc);
                }
                Err(_) => failed += 1,
            }
        }
        (start.elapsed().as_secs_f64(), failed)
    };
    // One round to warm up (lazily compiled regexes, allocator, caches).
    let (_, failed) = round();
    let started = Instant::now();
    let mut times = Vec::new();
    while times.len() < args.rounds.max(1) || started.elapsed().as_secs_f64() < args.secs {
        times.push(round().0);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mb_s = bytes as f64 / median / 1e6;
    let pages_s = pages.len() as f64 / median;
    println!(
        "{} pages, {:.2} MB ({:.0} B/page), {} failed; median of {} rounds: {:.1} ms/round",
        pages.len(),
        bytes as f64 / 1e6,
        bytes as f64 / pages.len() as f64,
        failed,
        times.len(),
        median * 1e3
    );
    println!(
        "pages={} bytes={} rounds={} secs={:.6} pages_s={:.1} mb_s={:.2} us_page={:.1}",
        pages.len(),
        bytes,
        times.len(),
        median,
        pages_s,
        mb_s,
        median / pages.len() as f64 * 1e6
    );
}
