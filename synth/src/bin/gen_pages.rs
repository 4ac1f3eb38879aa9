//! `gen_pages DIR N [SEED] [--truth] [--scale K] [--varied]`: writes N synthetic pages
//! `DIR/page_00000.txt` … Page `i` is `ocrclean_synth::generate(SEED + i)` (SEED defaults
//! to 0), so one failing seed `S` is reproduced with `gen_pages DIR 1 S --truth`. With
//! `--truth`, each page also gets `page_00000.truth.json`: `{"seed", "truth", "features"}`.
//! With `--scale K` each page is about K times as long (`PageSpec::scaled(seed, K)`; the
//! default 1 gives the default pages). With `--varied` the pages are the varied model's
//! (`PageSpec::varied(seed)`, i.e. `ocrclean_synth::generate_varied`).
//!
//! Exit status: 0 on success, 2 on bad arguments or a write error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_pages DIR N [SEED] [--truth] [--scale K] [--varied]";

struct Args {
    dir: PathBuf,
    count: u64,
    seed: u64,
    truth: bool,
    scale: u32,
    varied: bool,
}

fn parse() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut truth = false;
    let mut varied = false;
    let mut scale = 1;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let scale_value = match a.strip_prefix("--scale") {
            Some("") => Some(args.next().unwrap_or_default()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = scale_value {
            scale = v
                .parse::<u32>()
                .ok()
                .filter(|&k| k >= 1)
                .ok_or_else(|| format!("--scale must be a number ≥ 1, got {v:?}\n{USAGE}"))?;
            continue;
        }
        match a.as_str() {
            "--truth" => truth = true,
            "--varied" => varied = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
            _ => positional.push(a),
        }
    }
    if !(2..=3).contains(&positional.len()) {
        return Err(USAGE.to_string());
    }
    let number = |s: &str, what: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("{what} must be a number, got {s:?}\n{USAGE}"))
    };
    Ok(Args {
        dir: PathBuf::from(&positional[0]),
        count: number(&positional[1], "N")?,
        seed: positional
            .get(2)
            .map(|s| number(s, "SEED"))
            .transpose()?
            .unwrap_or(0),
        truth,
        scale,
        varied,
    })
}

fn write_page(dir: &Path, index: u64, seed: u64, args: &Args) -> std::io::Result<()> {
    let spec = ocrclean_synth::PageSpec {
        scale: args.scale,
        ..if args.varied {
            ocrclean_synth::PageSpec::varied(seed)
        } else {
            ocrclean_synth::PageSpec::new(seed)
        }
    };
    let page = ocrclean_synth::generate_with(&spec);
    std::fs::write(dir.join(format!("page_{index:05}.txt")), &page.bytes)?;
    if args.truth {
        let json = serde_json::json!({
            "seed": seed,
            "truth": page.truth,
            "features": page.features,
        });
        let text = serde_json::to_string_pretty(&json).expect("truth serializes");
        std::fs::write(dir.join(format!("page_{index:05}.truth.json")), text)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        eprintln!("{}: {e}", args.dir.display());
        return ExitCode::from(2);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..threads {
            let (args, failed) = (&args, &failed);
            s.spawn(move || {
                let mut i = t;
                while i < args.count && !failed.load(std::sync::atomic::Ordering::Relaxed) {
                    if let Err(e) = write_page(&args.dir, i, args.seed.wrapping_add(i), args) {
                        eprintln!("{}: {e}", args.dir.display());
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    i += threads;
                }
            });
        }
    });
    if failed.into_inner() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
