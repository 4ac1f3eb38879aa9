//! `--article`: the inputs are the pages of one article (a folder of its page files, or
//! the files given), converted each on its own and assembled into one document
//! (`ocrclean::assemble`: pages in printed-page order when every page has a number, else
//! in file-name order). Any page that fails fails the whole article: nothing is written.

use super::config::Config;
use super::errors::{show_path, RunError};
use super::files::write_atomic;
use super::inputs::{read_input, InputKind, Inputs};
use std::io::Write;
use std::path::Path;

/// Converts the article; returns the exit status (0 ok, 1 a page failed).
pub fn run(config: &Config, out: &mut dyn Write) -> Result<u8, RunError> {
    let options = config.options();
    let mut pages = Vec::new();
    let mut failed = false;
    for input in Inputs::new(&config.inputs, &config.glob, None)? {
        let path = match &input.what {
            InputKind::File(path) => Some(path.as_path()),
            InputKind::Stdin => None,
            InputKind::Bad(e) => {
                eprintln!("{}: {e}", input.source);
                failed = true;
                continue;
            }
        };
        let converted = read_input(path, config.max_bytes)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                ocrclean::convert(&input.source, &bytes, &options).map_err(|e| e.to_string())
            });
        match converted {
            Ok(doc) => pages.push(doc),
            Err(e) => {
                eprintln!("{}: {e}", input.source);
                failed = true;
            }
        }
    }
    if failed || pages.is_empty() {
        if pages.is_empty() && !failed {
            eprintln!("ocrclean: --article: no page files found");
        } else {
            eprintln!("ocrclean: --article: a page failed; the article was not assembled");
        }
        return Ok(1);
    }
    let name = article_name(&config.inputs);
    let doc = ocrclean::assemble(&name, pages);
    let io = |e: std::io::Error| RunError::Fatal(format!("writing the article: {e}"));
    if let Some(dir) = &config.out {
        std::fs::create_dir_all(dir).map_err(io)?;
        for file in ocrclean::output::render_files(&doc) {
            let path = dir.join(format!("{name}.{}", file.suffix));
            write_atomic(&path, file.contents.as_bytes())
                .map_err(|e| RunError::Fatal(format!("{}: {e}", show_path(&path))))?;
        }
    } else if config.jsonl {
        out.write_all(ocrclean::output::to_jsonl_line(&doc).as_bytes())
            .map_err(io)?;
    } else {
        out.write_all(doc.to_markdown().as_bytes()).map_err(io)?;
    }
    out.flush().map_err(io)?;
    if !config.quiet {
        eprintln!(
            "ocrclean: --article: {} pages assembled into {name}",
            doc.pages.len()
        );
    }
    Ok(0)
}

/// The article's name: the folder given, or the first file's stem.
fn article_name(inputs: &[std::path::PathBuf]) -> String {
    let first = inputs
        .first()
        .map(|p| p.as_path())
        .unwrap_or(Path::new("article"));
    let stem = if first.is_dir() {
        first.file_name()
    } else {
        first.file_stem()
    };
    stem.map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != "-")
        .unwrap_or_else(|| "article".into())
}
