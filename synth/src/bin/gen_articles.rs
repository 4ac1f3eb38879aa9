//! `gen_articles DIR COUNT [FIRST_SEED] [--kind text_lines|text_flow|ocr_engine|all]`:
//! writes COUNT whole articles per kind, `DIR/NNNN_kind.txt` with its truth in
//! `DIR/NNNN_kind.truth.json` (NNNN the seed, `ocrclean_synth::article::generate(seed,
//! kind)`). The kind defaults to `all` (three files per seed). Exit status: 0 on success,
//! 2 on bad arguments or a write error.

use ocrclean_synth::article::{generate, Rendering};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen_articles DIR COUNT [FIRST_SEED] [--kind text_lines|text_flow|ocr_engine|all]";

fn parse() -> Result<(PathBuf, u64, u64, Vec<Rendering>), String> {
    let mut positional = Vec::new();
    let mut kinds = Rendering::ALL.to_vec();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let kind = match a.strip_prefix("--kind") {
            Some("") => Some(args.next().unwrap_or_default()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(k) = kind {
            kinds = match k.as_str() {
                "all" => Rendering::ALL.to_vec(),
                _ => vec![Rendering::from_name(&k)
                    .ok_or_else(|| format!("unknown kind {k:?}\n{USAGE}"))?],
            };
            continue;
        }
        if a == "-h" || a == "--help" || a.starts_with("--") {
            return Err(USAGE.to_string());
        }
        positional.push(a);
    }
    if !(2..=3).contains(&positional.len()) {
        return Err(USAGE.to_string());
    }
    let number = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("{s:?} is not a number\n{USAGE}"))
    };
    let first = positional
        .get(2)
        .map(|s| number(s))
        .transpose()?
        .unwrap_or(0);
    Ok((
        PathBuf::from(&positional[0]),
        number(&positional[1])?,
        first,
        kinds,
    ))
}

fn main() -> ExitCode {
    let (dir, count, first, kinds) = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        for seed in first..first + count {
            for &k in &kinds {
                let a = generate(seed, k);
                let stem = format!("{seed:04}_{}", k.name());
                std::fs::write(dir.join(format!("{stem}.txt")), &a.text)?;
                let json = serde_json::to_string_pretty(&a.truth).expect("truth serialises");
                std::fs::write(dir.join(format!("{stem}.truth.json")), json + "\n")?;
            }
        }
        Ok(())
    };
    match write() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_articles: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
