//! Checks shared by the generated-page tests (`synth_pages`, `synth_varied`): running one
//! page through `convert` with panics caught, and comparing a document with the truth.

#![allow(dead_code)] // each test crate uses its own part

use ocrclean::model::{Document, Table};
use ocrclean_synth::{GeneratedPage, Truth, TruthTable};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Panics inside `convert` are caught and reported per seed; keep their default message
/// (one per page) off the terminal, but leave other tests' panics alone.
/// The seeds named by the environment variable `var`: `17` or `100..200`.
pub fn seeds_from_env(var: &str) -> Option<std::ops::Range<u64>> {
    let v = std::env::var(var).ok()?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u64>()
            .unwrap_or_else(|_| panic!("{var}: {v:?} is not N or A..B"))
    };
    Some(match v.split_once("..") {
        Some((a, b)) => parse(a)..parse(b),
        None => parse(&v)..parse(&v) + 1,
    })
}

/// Runs `page` over `seeds` on every core; the results in seed order.
pub fn run_seeds<R: Send>(seeds: std::ops::Range<u64>, page: fn(u64) -> R) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()) as u64;
    let mut results: Vec<(u64, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let seeds = seeds.clone();
                s.spawn(move || {
                    (seeds.start + t..seeds.end)
                        .step_by(threads as usize)
                        .map(|seed| (seed, page(seed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("harness thread"))
            .collect()
    });
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|(_, r)| r).collect()
}

pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

pub fn convert(page: &GeneratedPage) -> Result<Document, String> {
    let source = format!("synth:{}", page.seed);
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        ocrclean::convert(&source, &page.bytes, &ocrclean::Options::default())
    }));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(format!("convert failed: {e}")),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "?".to_string());
            Err(format!("convert panicked: {msg}"))
        }
    }
}

/// A short view of where two strings first differ: `…前文[期望|实际]…`.
pub fn show_diff(expected: &str, got: &str) -> String {
    let e: Vec<char> = expected.chars().collect();
    let g: Vec<char> = got.chars().collect();
    let same = e.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let from = same.saturating_sub(10);
    let piece = |v: &[char]| -> String {
        let end = (same + 16).min(v.len());
        let mut s: String = v[from..end.max(from)].iter().collect();
        if end < v.len() {
            s.push('…');
        }
        if from > 0 {
            s.insert(0, '…');
        }
        s
    };
    format!(
        "expected {:?}, got {:?} (first difference at char {same})",
        piece(&e),
        piece(&g)
    )
}

pub fn short(s: &str) -> String {
    let n = s.chars().count();
    if n <= 24 {
        format!("{s:?}")
    } else {
        format!("{:?}", s.chars().take(24).collect::<String>() + "…")
    }
}

/// Compares two lists of strings: the count, then the first two items that differ.
pub fn list(
    what: &str,
    expected: &[String],
    got: &[String],
    problems: &mut Vec<(&'static str, String)>,
    kind: &'static str,
) {
    if expected.len() != got.len() {
        problems.push((
            kind,
            format!("{what}: expected {} got {}", expected.len(), got.len()),
        ));
    }
    let mut shown = 0;
    for (i, (e, g)) in expected.iter().zip(got).enumerate() {
        if e != g && shown < 2 {
            problems.push((kind, format!("{what} {i}: {}", show_diff(e, g))));
            shown += 1;
        }
    }
}

pub fn cells_of(header: &[String], rows: &[Vec<String>]) -> Vec<Vec<String>> {
    std::iter::once(header.to_vec())
        .chain(rows.iter().cloned())
        .collect()
}

/// (cells equal at the same position, cells in the truth).
pub fn cell_score(truth: &TruthTable, got: &Table) -> (usize, usize) {
    let t = cells_of(&truth.header, &truth.rows);
    let g = cells_of(&got.header, &got.rows);
    let total = t.iter().map(Vec::len).sum();
    let right = t
        .iter()
        .zip(&g)
        .map(|(tr, gr)| tr.iter().zip(gr).filter(|(a, b)| a == b).count())
        .sum();
    (right, total)
}

pub fn table_exact(truth: &TruthTable, got: &Table) -> bool {
    truth.label == got.label
        && truth.caption == got.caption
        && truth.header == got.header
        && truth.rows == got.rows
        && truth.note == got.note
}

pub fn table_problems(t: &TruthTable, g: &Table, problems: &mut Vec<(&'static str, String)>) {
    let name = &t.label;
    if t.label != g.label {
        problems.push((
            "tables",
            format!("{name}: label {}", show_diff(&t.label, &g.label)),
        ));
    }
    if t.caption != g.caption {
        problems.push((
            "tables",
            format!("{name} caption: {}", show_diff(&t.caption, &g.caption)),
        ));
    }
    if t.note != g.note {
        problems.push((
            "tables",
            format!(
                "{name} note: {}",
                show_diff(
                    t.note.as_deref().unwrap_or("<none>"),
                    g.note.as_deref().unwrap_or("<none>")
                )
            ),
        ));
    }
    let tc = cells_of(&t.header, &t.rows);
    let gc = cells_of(&g.header, &g.rows);
    let shape = |c: &[Vec<String>]| (c.len(), c.first().map_or(0, Vec::len));
    if shape(&tc) != shape(&gc) || gc.iter().any(|r| r.len() != shape(&gc).1) {
        problems.push((
            "tables",
            format!(
                "{name} grid: expected {}×{} (rows incl. header × columns), got {}×{} ({:?}, {})",
                tc.len(),
                shape(&tc).1,
                gc.len(),
                shape(&gc).1,
                g.confidence,
                g.method
            ),
        ));
    }
    let mut shown = 0;
    for (r, (tr, gr)) in tc.iter().zip(&gc).enumerate() {
        for (c, (a, b)) in tr.iter().zip(gr).enumerate() {
            if a != b && shown < 2 {
                let row = if r == 0 {
                    "header".to_string()
                } else {
                    format!("row {r}")
                };
                problems.push((
                    "tables",
                    format!("{name} {row} col {c}: {}", show_diff(a, b)),
                ));
                shown += 1;
            }
        }
    }
}

/// Nothing of the furniture in the content: watermark, site footer, widgets, page numbers,
/// the running title as a paragraph.
pub fn leaks(truth: &Truth, doc: &Document, problems: &mut Vec<(&'static str, String)>) {
    let mut furniture: Vec<String> = ["cnki.net", "版权所有", "cucdc", "加载", "翻页"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for n in &truth.page_numbers {
        furniture.push(format!("-{n}-"));
        furniture.push(format!("— {n} —"));
        furniture.push(format!("—{n}—"));
    }
    let mut texts: Vec<(&str, &str)> = Vec::new();
    texts.extend(doc.paragraphs.iter().map(|p| ("paragraph", p.as_str())));
    texts.extend(doc.footnotes.iter().map(|f| ("footnote", f.text.as_str())));
    for t in &doc.tables {
        texts.push(("caption", &t.caption));
        texts.extend(
            t.header
                .iter()
                .chain(t.rows.iter().flatten())
                .map(|c| ("cell", c.as_str())),
        );
        if let Some(n) = &t.note {
            texts.push(("note", n));
        }
    }
    for (what, text) in texts {
        for f in &furniture {
            if text.contains(f.as_str()) {
                problems.push(("leaks", format!("{what} contains {f:?}: {}", short(text))));
            }
        }
        if what == "paragraph" && text == truth.title {
            problems.push(("leaks", format!("the title {} is a paragraph", short(text))));
        }
    }
}

/// The document a perfect conversion of the page would give (what the checks compare
/// with; `method` and the logs left empty).
pub fn perfect(truth: &Truth) -> Document {
    let mut doc = Document::default();
    doc.title = Some(truth.title.clone());
    doc.paragraphs = truth.paragraphs.clone();
    doc.footnotes = truth
        .footnotes
        .iter()
        .map(|(m, t)| ocrclean::model::Footnote::new(m, t))
        .collect();
    doc.tables = truth
        .tables
        .iter()
        .map(|t| {
            let mut table = Table::default();
            table.label = t.label.clone();
            table.caption = t.caption.clone();
            table.header = t.header.clone();
            table.rows = t.rows.clone();
            table.note = t.note.clone();
            table.confidence = ocrclean::model::Confidence::Determined;
            table
        })
        .collect();
    doc.page_numbers = truth
        .page_numbers
        .iter()
        .map(|n| {
            ocrclean::model::PageNumber::new(n, format!("-{n}-"), ocrclean::model::NumberPass::Ocr)
        })
        .collect();
    doc
}
