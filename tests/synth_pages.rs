//! Synthetic pages with known truth, through the whole pipeline.
//!
//! Every page is `ocrclean_synth::generate(seed)` for seeds `0..N`. On pages with both
//! renderings (OCR pass + text layer) the pipeline must give back the truth exactly: title,
//! every paragraph, every footnote, every table (label, caption, header, rows, note) and the
//! page numbers. On text-layer-only pages a table may be imperfect, but then it must not
//! claim `Determined`; the cell accuracy reached is printed (`--nocapture`). On every page,
//! nothing of the site or publisher furniture may leak into the content.
//!
//! All failures are collected and reported together, with the seed of each failing page.
//! To look at one page:
//!
//! ```text
//! cargo run -p ocrclean-synth --bin gen_pages -- /tmp/synth 1 SEED --truth
//! cargo run -- /tmp/synth/page_00000.txt          # and compare with page_00000.truth.json
//! SYNTH_SEEDS=17 cargo test --test synth_pages -- --nocapture        # just that seed
//! SYNTH_SEEDS=0..5000 cargo test --release --test synth_pages        # more seeds
//! ```

mod common;

use common::{
    cell_score, convert, install_quiet_hook, leaks, list, perfect, run_seeds, seeds_from_env,
    short, table_exact, table_problems,
};
use ocrclean::model::{Confidence, Document, Table};
use ocrclean_synth::{generate, Features, Truth};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Pages in the default run (the goal: a few seconds in debug mode).
const PAGES: u64 = 300;
/// Pages in the long run (`cargo test --test synth_pages -- --ignored`).
const PAGES_LONG: u64 = 2000;
/// Failing pages listed in full in the report.
const LISTED: usize = 25;

/// Seeds whose pages are known to come back wrong, each for a reason the input leaves
/// ambiguous to this tool (see README, "Measured on generated pages"): table grids where a
/// half-line OCR swap makes a wrong grid fit as well or better (300, 805, 886, 1256, 1984,
/// 1996), paragraph breaks the line geometry cannot decide (767, 1781: a full line ending a
/// sentence before a line as wide as an indented one) and a footnote mark (1997).
/// A run fails when any other page is wrong, and also when one of these starts passing:
/// then remove it from the list.
const KNOWN_FAILURES: [u64; 9] = [300, 767, 805, 886, 1256, 1781, 1984, 1996, 1997];

/// Floors for text-layer-only pages (measured: 69.4% of cells and 96.5% of paragraphs over
/// seeds 0..2000; 68.8% and 97.4% over 0..300, the CI run): a regression below them fails
/// the run.
const TEXT_ONLY_CELLS_FLOOR: f64 = 0.68;
const TEXT_ONLY_PARAGRAPHS_FLOOR: f64 = 0.92;

#[test]
fn synthetic_pages() {
    run(seeds_from_env("SYNTH_SEEDS").unwrap_or(0..PAGES));
}

#[test]
#[ignore = "long: 2,000 pages; run with --ignored"]
fn synthetic_pages_long() {
    run(0..PAGES_LONG);
}

/// The checks themselves: a document that *is* the truth passes them all, and a document
/// one cell off fails them. (Runs without the pipeline.)
#[test]
fn the_checks_accept_the_truth_and_only_the_truth() {
    for seed in 0..PAGES {
        let page = generate(seed);
        let doc = perfect(&page.truth);
        let mut r = PageResult::new(seed, &page);
        leaks(&page.truth, &doc, &mut r.problems);
        exact(&page.truth, &doc, &mut r.problems);
        text_only(&page.truth, &doc, &mut r);
        assert!(r.problems.is_empty(), "seed {seed}: {:?}", r.problems);
        assert_eq!(r.cells.0, r.cells.1);
        if let Some(t) = page.truth.tables.first() {
            let mut wrong = doc.clone();
            wrong.tables[0].rows[0][1].push('x');
            let mut problems = Vec::new();
            exact(&page.truth, &wrong, &mut problems);
            assert_eq!(problems.len(), 1, "seed {seed}: {problems:?}");
            assert!(problems[0].1.contains("row 1 col 1"), "{problems:?}");
            let mut r2 = PageResult {
                problems: Vec::new(),
                ..r
            };
            text_only(&page.truth, &wrong, &mut r2);
            assert_eq!(r2.problems.len(), 1, "{} wrong but Determined", t.label);
            wrong.tables[0].confidence = Confidence::Guessed;
            r2.problems.clear();
            text_only(&page.truth, &wrong, &mut r2);
            assert!(r2.problems.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running pages

/// What one page gave.
struct PageResult {
    seed: u64,
    features: Features,
    /// (category, message) for everything that is wrong.
    problems: Vec<(&'static str, String)>,
    /// Text-layer-only pages: (cells right, cells in truth) over the page's tables.
    cells: (usize, usize),
    /// Text-layer-only pages: (paragraphs right, paragraphs in truth).
    paragraphs: (usize, usize),
}

impl PageResult {
    /// A page with nothing found wrong yet.
    fn new(seed: u64, page: &ocrclean_synth::GeneratedPage) -> PageResult {
        PageResult {
            seed,
            features: page.features.clone(),
            problems: Vec::new(),
            cells: (0, 0),
            paragraphs: (0, 0),
        }
    }
}

fn run_page(seed: u64) -> PageResult {
    let page = generate(seed);
    let mut r = PageResult::new(seed, &page);
    let doc = match convert(&page) {
        Ok(doc) => doc,
        Err(e) => {
            let kind = if e.starts_with("convert panicked") {
                "panic"
            } else {
                "error"
            };
            r.problems.push((kind, e));
            return r;
        }
    };
    if doc.accounting.unaccounted > 0 {
        r.problems.push((
            "lost",
            format!(
                "{} input characters unaccounted for",
                doc.accounting.unaccounted
            ),
        ));
    }
    leaks(&page.truth, &doc, &mut r.problems);
    if page.features.both_passes {
        exact(&page.truth, &doc, &mut r.problems);
    } else {
        text_only(&page.truth, &doc, &mut r);
    }
    // SYNTH_IGNORE=tables,… hides kinds of problems while debugging the others.
    if let Ok(ignore) = std::env::var("SYNTH_IGNORE") {
        r.problems
            .retain(|(kind, _)| !ignore.split(',').any(|k| k == *kind));
    }
    r
}

fn run(seeds: std::ops::Range<u64>) {
    install_quiet_hook();
    let results: Vec<PageResult> = run_seeds(seeds.clone(), run_page);
    let (report, _) = summarize(&seeds, &results);
    let verdict = verdict(&results);
    if !verdict.is_empty() {
        panic!("{report}\n{}", verdict.join("\n"));
    }
    eprintln!("{report}");
}

/// What makes a run fail: a wrong page not in [`KNOWN_FAILURES`], a listed page that now
/// passes, or text-layer-only accuracy under its floor.
fn verdict(results: &[PageResult]) -> Vec<String> {
    let mut out = Vec::new();
    let unexpected: Vec<u64> = results
        .iter()
        .filter(|r| !r.problems.is_empty() && !KNOWN_FAILURES.contains(&r.seed))
        .map(|r| r.seed)
        .collect();
    if !unexpected.is_empty() {
        out.push(format!(
            "FAIL: pages wrong that are not known failures: {unexpected:?}"
        ));
    }
    let fixed: Vec<u64> = results
        .iter()
        .filter(|r| r.problems.is_empty() && KNOWN_FAILURES.contains(&r.seed))
        .map(|r| r.seed)
        .collect();
    if !fixed.is_empty() {
        out.push(format!(
            "FAIL: known failures that now pass (remove them from KNOWN_FAILURES): {fixed:?}"
        ));
    }
    let single = results.iter().filter(|r| !r.features.both_passes);
    let (cells, cells_total, paras, paras_total) = single.fold((0, 0, 0, 0), |a, r| {
        (
            a.0 + r.cells.0,
            a.1 + r.cells.1,
            a.2 + r.paragraphs.0,
            a.3 + r.paragraphs.1,
        )
    });
    let share = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    if share(cells, cells_total) < TEXT_ONLY_CELLS_FLOOR {
        out.push(format!(
            "FAIL: text-layer-only table cells {cells}/{cells_total} under the floor {TEXT_ONLY_CELLS_FLOOR}"
        ));
    }
    if share(paras, paras_total) < TEXT_ONLY_PARAGRAPHS_FLOOR {
        out.push(format!(
            "FAIL: text-layer-only paragraphs {paras}/{paras_total} under the floor {TEXT_ONLY_PARAGRAPHS_FLOOR}"
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Checks

/// Pages with both renderings: everything must come back exactly.
fn exact(truth: &Truth, doc: &Document, problems: &mut Vec<(&'static str, String)>) {
    if doc.title.as_deref() != Some(truth.title.as_str()) {
        problems.push((
            "title",
            format!(
                "title: expected {}, got {:?}",
                short(&truth.title),
                doc.title
            ),
        ));
    }
    list(
        "paragraph",
        &truth.paragraphs,
        &doc.paragraphs,
        problems,
        "paragraphs",
    );
    let expected: Vec<String> = truth
        .footnotes
        .iter()
        .map(|(m, t)| format!("{m} {t}"))
        .collect();
    let got: Vec<String> = doc
        .footnotes
        .iter()
        .map(|f| format!("{} {}", f.mark, f.text))
        .collect();
    list("footnote", &expected, &got, problems, "footnotes");
    if truth.tables.len() != doc.tables.len() {
        problems.push((
            "tables",
            format!(
                "tables: expected {} got {}",
                truth.tables.len(),
                doc.tables.len()
            ),
        ));
    }
    for (t, g) in truth.tables.iter().zip(&doc.tables) {
        table_problems(t, g, problems);
    }
    let want: BTreeSet<&str> = truth.page_numbers.iter().map(String::as_str).collect();
    let got: BTreeSet<&str> = doc.page_numbers.iter().map(|p| p.number.as_str()).collect();
    if want != got {
        problems.push((
            "page numbers",
            format!("page numbers: expected {want:?} got {got:?}"),
        ));
    }
}

/// Pages with only the text layer: score the tables, and an imperfect table must say so.
fn text_only(truth: &Truth, doc: &Document, r: &mut PageResult) {
    for (i, t) in truth.tables.iter().enumerate() {
        match doc.tables.get(i) {
            None => {
                r.cells.1 += cell_score(t, &Table::empty_like()).1;
                r.problems
                    .push(("text-only tables", format!("{}: missing", t.label)));
            }
            Some(g) => {
                let (right, total) = cell_score(t, g);
                r.cells.0 += right;
                r.cells.1 += total;
                if !table_exact(t, g) && g.confidence == Confidence::Determined {
                    let mut p = Vec::new();
                    table_problems(t, g, &mut p);
                    let first = p.first().map(|x| x.1.clone()).unwrap_or_default();
                    r.problems.push((
                        "text-only tables",
                        format!("{} is wrong but claims Determined: {first}", t.label),
                    ));
                }
            }
        }
    }
    if doc.tables.len() > truth.tables.len() {
        r.problems.push((
            "text-only tables",
            format!(
                "tables: expected {} got {}",
                truth.tables.len(),
                doc.tables.len()
            ),
        ));
    }
    r.paragraphs.1 = truth.paragraphs.len();
    r.paragraphs.0 = truth
        .paragraphs
        .iter()
        .zip(&doc.paragraphs)
        .filter(|(a, b)| a == b)
        .count();
}

trait EmptyLike {
    fn empty_like() -> Self;
}

impl EmptyLike for Table {
    fn empty_like() -> Table {
        Table::default()
    }
}

// ---------------------------------------------------------------------------------------
// Report

fn describe(f: &Features) -> String {
    let mut s = String::new();
    s.push_str(if !f.both_passes {
        "text only"
    } else if f.text_first {
        "both, text first"
    } else {
        "both"
    });
    let _ = write!(s, ", W={}", f.width);
    if f.tables > 0 {
        let _ = write!(s, ", {} table(s)", f.tables);
        if f.numeric_tables > 0 {
            let _ = write!(
                s,
                " ({} numeric, {} one-line)",
                f.numeric_tables, f.one_line_tables
            );
        }
    }
    for (n, what) in [
        (f.ocr_swaps, "swaps"),
        (f.letter_spaced_lines, "letter-spaced"),
        (f.ocr_errors, "OCR errors"),
        (f.lost_markers, "lost markers"),
        (f.zero_markers, "0-markers"),
        (f.footnotes, "footnotes"),
    ] {
        if n > 0 {
            let _ = write!(s, ", {n} {what}");
        }
    }
    for (on, what) in [
        (f.continued_first, "continued"),
        (f.runs_on, "runs on"),
        (f.split_body, "split body"),
        (f.crlf, "CRLF"),
        (f.bom, "BOM"),
        (!f.watermark && f.both_passes, "no watermark"),
    ] {
        if on {
            let _ = write!(s, ", {what}");
        }
    }
    s
}

fn summarize(seeds: &std::ops::Range<u64>, results: &[PageResult]) -> (String, bool) {
    let n = results.len();
    let both: Vec<&PageResult> = results.iter().filter(|r| r.features.both_passes).collect();
    let single: Vec<&PageResult> = results.iter().filter(|r| !r.features.both_passes).collect();
    let failing: Vec<&PageResult> = results.iter().filter(|r| !r.problems.is_empty()).collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n=== synthetic pages: {n} seeds ({}..{}), {} with both renderings, {} text layer only ===",
        seeds.start,
        seeds.end,
        both.len(),
        single.len()
    );
    let failing_both = both.iter().filter(|r| !r.problems.is_empty()).count();
    let failing_single = single.iter().filter(|r| !r.problems.is_empty()).count();
    let _ = writeln!(
        s,
        "both renderings: {failing_both} of {} pages wrong",
        both.len()
    );
    let _ = writeln!(
        s,
        "text layer only: {failing_single} of {} pages wrong",
        single.len()
    );
    let (right, total) = single
        .iter()
        .fold((0, 0), |a, r| (a.0 + r.cells.0, a.1 + r.cells.1));
    let (pr, pt) = single
        .iter()
        .fold((0, 0), |a, r| (a.0 + r.paragraphs.0, a.1 + r.paragraphs.1));
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let _ = writeln!(
        s,
        "text layer only: table cells right {right}/{total} ({:.1}%), paragraphs right {pr}/{pt} ({:.1}%)",
        pct(right, total),
        pct(pr, pt)
    );
    if !failing.is_empty() {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for r in &failing {
            let mut seen: Vec<&str> = r.problems.iter().map(|p| p.0).collect();
            seen.dedup();
            for k in seen {
                match kinds.iter_mut().find(|x| x.0 == k) {
                    Some(x) => x.1 += 1,
                    None => kinds.push((k, 1)),
                }
            }
        }
        let by_kind: Vec<String> = kinds.iter().map(|(k, c)| format!("{k} {c}")).collect();
        let _ = writeln!(s, "failing pages by what is wrong: {}", by_kind.join(", "));
        let rate = |name: &str, pred: &dyn Fn(&Features) -> bool| -> String {
            let with: Vec<&PageResult> = results.iter().filter(|r| pred(&r.features)).collect();
            let bad = with.iter().filter(|r| !r.problems.is_empty()).count();
            format!("{name} {bad}/{}", with.len())
        };
        let rates = [
            rate("no table", &|f| f.tables == 0),
            rate("text table", &|f| f.text_tables > 0),
            rate("numeric table", &|f| f.numeric_tables > f.one_line_tables),
            rate("one-line table", &|f| f.one_line_tables > 0),
            rate("swaps", &|f| f.ocr_swaps > 0),
            rate("text first", &|f| f.text_first),
            rate("footnotes", &|f| f.footnotes > 0),
            rate("lost markers", &|f| f.lost_markers > 0),
            rate("letter-spaced", &|f| f.letter_spaced_lines > 0),
            rate("split body", &|f| f.split_body),
        ];
        let _ = writeln!(s, "failing / pages with feature: {}", rates.join(", "));
        let _ = writeln!(s, "first {} failing pages:", LISTED.min(failing.len()));
        for r in failing.iter().take(LISTED) {
            let _ = writeln!(s, "  seed {} [{}]", r.seed, describe(&r.features));
            for (_, p) in r.problems.iter().take(4) {
                let _ = writeln!(s, "      {p}");
            }
            if r.problems.len() > 4 {
                let _ = writeln!(s, "      … and {} more", r.problems.len() - 4);
            }
        }
        let _ = writeln!(
            s,
            "reproduce one page: cargo run -p ocrclean-synth --bin gen_pages -- /tmp/synth 1 SEED --truth\n\
             then: cargo run -- /tmp/synth/page_00000.txt   (truth in /tmp/synth/page_00000.truth.json)"
        );
        let _ = writeln!(
            s,
            "{} of {n} pages failing (one seed: SYNTH_SEEDS=S cargo test --test synth_pages)",
            failing.len()
        );
    }
    (s, !failing.is_empty())
}
