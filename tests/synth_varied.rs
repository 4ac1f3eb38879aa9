//! The varied page model (`ocrclean_synth::generate_varied`) through the whole pipeline:
//! pages whose typesetting (punctuation widths, indents, letter-spacing), repetitions and
//! OCR misreads the pipeline's rules were not written for, with exact truth.
//!
//! Unlike `synth_pages`, pages are not expected to come back exactly: the run *measures*
//! and fails only on a regression. Measured over seeds `0..N` (300 by default):
//!
//! - pages with `accounting.unaccounted > 0` — must be 0 (asserted on every run);
//! - both-rendering pages exact: paragraphs, footnotes (mark and text) and every table's
//!   cells (header + rows) equal to the truth;
//! - paragraph-break error: (missed + spurious breaks) / breaks in the truth, the output's
//!   paragraphs aligned with the truth's character by character;
//! - character error rate (edit distance / truth length) of the text (paragraphs joined)
//!   and of the footnotes (mark + text joined);
//! - cell accuracy (cells equal at the same position) on two-rendering and text-only pages;
//! - tables wrong (header or rows) while claiming `confidence == determined`.
//!
//! The floors below sit just under today's figures (over 0..300 and 0..2000): a run under
//! one fails. Pages with a table the generator could not prove unambiguous
//! (`features.ambiguous_tables`) are measured like the others and listed apart.
//!
//! ```text
//! cargo test --test synth_varied -- --nocapture                 # the report
//! SYNTH_VARIED_SEEDS=17 cargo test --test synth_varied -- --nocapture   # one page
//! cargo test --release --test synth_varied -- --ignored --nocapture     # 2,000 pages
//! cargo run -p ocrclean-synth --bin gen_pages -- /tmp/v 1 SEED --truth --varied
//! SYNTH_VARIED_LIST=1 cargo test …   # also list every page with a wrong break or footnote
//! ```

mod common;

use common::{
    cell_score, convert, install_quiet_hook, leaks, perfect, run_seeds, seeds_from_env, show_diff,
};
use ocrclean::model::{Confidence, Document};
use ocrclean_synth::{generate_varied, Features, Truth};
use std::fmt::Write as _;

/// Pages in the default run.
const PAGES: u64 = 300;
/// Pages in the long run (`-- --ignored`).
const PAGES_LONG: u64 = 2000;
/// Floors apply to runs of at least this many pages (one seed proves nothing).
const FLOOR_MIN_PAGES: usize = 300;

// Floors (a run must do at least this well); measured in the comments, 0..300 / 0..2000.
/// Share of both-rendering pages exact (measured 241/244 = 0.988 / 1572/1613 = 0.975).
const BOTH_EXACT_FLOOR: f64 = 0.97;
/// Paragraph-break error, at most (measured 2/780 = 0.0026 / 50/5292 = 0.0094).
const BREAK_ERROR_CEILING: f64 = 0.0105;
/// Text character error rate, at most (measured 0 / 957/1196464 = 0.00080).
const TEXT_CER_CEILING: f64 = 0.00085;
/// Footnote character error rate, at most (measured 0 / 0.00046).
const FOOTNOTE_CER_CEILING: f64 = 0.0005;
/// Two-rendering cell accuracy (measured 0.9956 / 0.9958).
const BOTH_CELLS_FLOOR: f64 = 0.995;
/// Text-only cell accuracy (measured 1102/1559 = 0.7069 / 7705/10599 = 0.727).
const TEXT_ONLY_CELLS_FLOOR: f64 = 0.705;
/// Tables wrong while `determined` per 100 tables, at most (measured 0/399 / 0/2612): none.
const WRONG_DETERMINED_PER_100_CEILING: f64 = 0.0;

/// The both-rendering pages of seeds `0..KNOWN_INEXACT_SEEDS` that do not come back exact,
/// each with what goes wrong and, where it is established, why the input admits two
/// readings (README, "Pages with both renderings that are not exact"). A run over these
/// seeds fails when another page is inexact, and also when a listed page comes back exact,
/// so the list stays true.
const KNOWN_INEXACT: [(u64, &str); 3] = [
    (
        70,
        "header cell wrapped over two lines (`平` / `均值`) before the first row label: \
          both reading orders put the wrapped line between the header and the row, so it may \
          end the header or open the label (grid `content`, not `determined`)",
    ),
    (
        109,
        "header cell and first row label as in 70 (`2018年` / `体育结构当前`; grid \
           `content`)",
    ),
    (
        253,
        "a text cell wrapped after `全部` whose rest (`2003年5月，…`) the grid gives to the \
           next cell: both orders read the two lines next to each other (grid `content`)",
    ),
];
/// The seeds the list above covers (the default run).
const KNOWN_INEXACT_SEEDS: u64 = PAGES;

#[test]
fn varied_pages() {
    run(seeds_from_env("SYNTH_VARIED_SEEDS").unwrap_or(0..PAGES));
}

#[test]
#[ignore = "long: 2,000 varied pages; run with --ignored"]
fn varied_pages_long() {
    run(0..PAGES_LONG);
}

/// The measures on a document that is the truth: no errors. (Runs without the pipeline.)
#[test]
fn the_measures_of_the_truth_are_perfect() {
    for seed in 0..50 {
        let page = generate_varied(seed);
        let doc = perfect(&page.truth);
        let r = measure(seed, &page.features, &page.truth, &doc);
        assert!(r.kinds.is_empty(), "seed {seed}: {:?}", r.kinds);
        assert_eq!(r.breaks.0, 0);
        assert_eq!((r.text.0, r.footnotes.0), (0, 0));
        assert_eq!(r.cells.0, r.cells.1);
        assert_eq!(r.exact, page.features.both_passes);
    }
    // One paragraph split in two: one spurious break, no character error.
    let page = generate_varied(3);
    let mut doc = perfect(&page.truth);
    let p = doc.paragraphs.remove(0);
    let cut = p.char_indices().nth(5).unwrap().0;
    doc.paragraphs.insert(0, p[cut..].to_string());
    doc.paragraphs.insert(0, p[..cut].to_string());
    let r = measure(3, &page.features, &page.truth, &doc);
    assert_eq!(r.breaks.0, 1);
    assert_eq!(r.text.0, 0);
    assert!(r.kinds.iter().any(|k| k.0 == "spurious paragraph break"));
}

// ---------------------------------------------------------------------------------------
// Measures

/// What one page gave.
#[derive(Debug, Default)]
struct PageResult {
    seed: u64,
    features: Features,
    unaccounted: usize,
    /// Both renderings: paragraphs, footnotes and cells all equal to the truth.
    exact: bool,
    /// (missed + spurious breaks, breaks in the truth).
    breaks: (usize, usize),
    /// (edit distance, truth chars) of the text and of the footnotes.
    text: (usize, usize),
    footnotes: (usize, usize),
    /// (cells right, cells in the truth).
    cells: (usize, usize),
    tables: usize,
    wrong_determined: usize,
    /// (failure kind, example message), at most one per kind.
    kinds: Vec<(&'static str, String)>,
}

impl PageResult {
    fn fail(&mut self, kind: &'static str, msg: String) {
        if !self.kinds.iter().any(|k| k.0 == kind) {
            self.kinds.push((kind, msg));
        }
    }
}

/// Levenshtein alignment of `a` (truth) and `b` (output) within a band that widens until
/// it holds the optimum. Returns the distance and, for every offset `j` of `b` (0..=m),
/// the offset of `a` it is aligned with.
fn align(a: &[char], b: &[char]) -> (usize, Vec<usize>) {
    let (n, m) = (a.len(), b.len());
    let mut k = n.abs_diff(m) + 16;
    loop {
        let k_eff = k.min(n.max(m));
        let w = 2 * k_eff + 1;
        const INF: u32 = u32::MAX / 2;
        // cost[i][d], j = i + d - k_eff; step: 0 diag, 1 up (delete from a), 2 left (insert).
        let mut cost = vec![INF; (n + 1) * w];
        let mut step = vec![0u8; (n + 1) * w];
        for i in 0..=n {
            let lo = i.saturating_sub(k_eff);
            let hi = (i + k_eff).min(m);
            for j in lo..=hi {
                let d = j + k_eff - i;
                let at = i * w + d;
                if i == 0 {
                    cost[at] = j as u32;
                    step[at] = 2;
                    continue;
                }
                let mut best = INF;
                let mut s = 0;
                // diagonal: (i-1, j-1) has the same d
                if j > 0 {
                    let c = cost[(i - 1) * w + d] + (a[i - 1] != b[j - 1]) as u32;
                    if c < best {
                        best = c;
                        s = 0;
                    }
                }
                // up: (i-1, j) has d + 1
                if d + 1 < w {
                    let c = cost[(i - 1) * w + d + 1] + 1;
                    if c < best {
                        best = c;
                        s = 1;
                    }
                }
                // left: (i, j-1) has d - 1
                if j > lo {
                    let c = cost[at - 1] + 1;
                    if c < best {
                        best = c;
                        s = 2;
                    }
                }
                cost[at] = best;
                step[at] = s;
            }
        }
        let dist = cost[n * w + (m + k_eff - n)] as usize;
        if dist <= k || k_eff == n.max(m) {
            let mut map = vec![0; m + 1];
            let (mut i, mut j) = (n, m);
            map[m] = n;
            while i > 0 || j > 0 {
                let d = j + k_eff - i;
                match step[i * w + d] {
                    0 => {
                        i -= 1;
                        j -= 1;
                    }
                    1 => i -= 1,
                    _ => j -= 1,
                }
                map[j] = i;
            }
            return (dist, map);
        }
        k *= 2;
    }
}

/// Offsets (in chars) where each paragraph after the first starts, and the text joined.
fn joined(paragraphs: &[String]) -> (Vec<char>, Vec<usize>) {
    let mut text = Vec::new();
    let mut starts = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            starts.push(text.len());
        }
        text.extend(p.chars());
    }
    (text, starts)
}

fn measure(seed: u64, features: &Features, truth: &Truth, doc: &Document) -> PageResult {
    let mut r = PageResult {
        seed,
        features: features.clone(),
        unaccounted: doc.accounting.unaccounted,
        ..PageResult::default()
    };
    if r.unaccounted > 0 {
        r.fail("lost", format!("{} characters unaccounted", r.unaccounted));
    }
    let mut problems = Vec::new();
    leaks(truth, doc, &mut problems);
    if let Some((_, p)) = problems.first() {
        r.fail("furniture leak", p.clone());
    }
    if doc.title.as_deref() != Some(truth.title.as_str()) && features.both_passes {
        r.fail("title", format!("{:?}", doc.title));
    }

    // Paragraphs: characters and breaks.
    let (t, t_breaks) = joined(&truth.paragraphs);
    let (d, d_breaks) = joined(&doc.paragraphs);
    let (dist, map) = align(&t, &d);
    r.text = (dist, t.len());
    let mapped: Vec<usize> = d_breaks.iter().map(|&j| map[j]).collect();
    let missed: Vec<usize> = t_breaks
        .iter()
        .copied()
        .filter(|b| !mapped.contains(b))
        .collect();
    let spurious: Vec<usize> = mapped
        .iter()
        .copied()
        .filter(|b| !t_breaks.contains(b))
        .collect();
    r.breaks = (missed.len() + spurious.len(), t_breaks.len());
    let around = |at: usize| -> String {
        let from = at.saturating_sub(8);
        let to = (at + 8).min(t.len());
        let (x, y): (String, String) = (
            t[from..at.min(t.len())].iter().collect(),
            t[at.min(t.len())..to].iter().collect(),
        );
        format!("…{x}|{y}…")
    };
    if let Some(&b) = missed.first() {
        r.fail("missed paragraph break", around(b));
    }
    if let Some(&b) = spurious.first() {
        r.fail("spurious paragraph break", around(b));
    }
    if dist > 0 {
        let tt: String = t.iter().collect();
        let dd: String = d.iter().collect();
        let what = if d.len() < t.len() {
            "paragraph text lost"
        } else if d.len() > t.len() {
            "paragraph text added"
        } else {
            "paragraph text changed"
        };
        r.fail(what, format!("{dist} edits: {}", show_diff(&tt, &dd)));
    }

    // Footnotes.
    let ft: Vec<char> = truth
        .footnotes
        .iter()
        .flat_map(|(m, t)| m.chars().chain(t.chars()))
        .collect();
    let fd: Vec<char> = doc
        .footnotes
        .iter()
        .flat_map(|f| f.mark.chars().chain(f.text.chars()))
        .collect();
    let (fdist, _) = align(&ft, &fd);
    r.footnotes = (fdist, ft.len());
    let footnotes_equal = truth.footnotes.len() == doc.footnotes.len()
        && truth
            .footnotes
            .iter()
            .zip(&doc.footnotes)
            .all(|((m, t), f)| *m == f.mark && *t == f.text);
    if truth.footnotes.len() != doc.footnotes.len() {
        r.fail(
            "footnote count",
            format!(
                "expected {} got {}",
                truth.footnotes.len(),
                doc.footnotes.len()
            ),
        );
    } else if !footnotes_equal {
        let (m, t) = truth
            .footnotes
            .iter()
            .zip(&doc.footnotes)
            .find(|((m, t), f)| *m != f.mark || *t != f.text)
            .map(|((m, t), f)| (format!("{m} {t}"), format!("{} {}", f.mark, f.text)))
            .unwrap_or_default();
        r.fail("footnote text or mark", show_diff(&m, &t));
    }

    // Tables.
    let mut cells_equal = truth.tables.len() == doc.tables.len();
    if truth.tables.len() != doc.tables.len() {
        r.fail(
            "table count",
            format!("expected {} got {}", truth.tables.len(), doc.tables.len()),
        );
    }
    for (i, tt) in truth.tables.iter().enumerate() {
        r.tables += 1;
        let Some(g) = doc.tables.get(i) else {
            r.cells.1 += cell_score(tt, &ocrclean::model::Table::default()).1;
            continue;
        };
        let (right, total) = cell_score(tt, g);
        r.cells.0 += right;
        r.cells.1 += total;
        let same = tt.header == g.header && tt.rows == g.rows;
        cells_equal &= same;
        if !same {
            let shape = |h: &[String], rows: &[Vec<String>]| (rows.len() + 1, h.len());
            if shape(&tt.header, &tt.rows) != shape(&g.header, &g.rows) {
                r.fail(
                    "table grid shape",
                    format!(
                        "{} expected {:?} got {:?} ({:?}, {})",
                        tt.label,
                        shape(&tt.header, &tt.rows),
                        shape(&g.header, &g.rows),
                        g.confidence,
                        g.method
                    ),
                );
            } else {
                r.fail(
                    "table cells",
                    format!("{}: {right} of {total} cells right", tt.label),
                );
            }
            if g.confidence == Confidence::Determined {
                r.wrong_determined += 1;
                r.fail("table wrong but determined", tt.label.clone());
            }
        }
        if tt.caption != g.caption {
            r.fail(
                "table caption",
                format!("{}: {}", tt.label, show_diff(&tt.caption, &g.caption)),
            );
        }
        if tt.note != g.note {
            r.fail(
                "table note",
                format!(
                    "{}: {}",
                    tt.label,
                    show_diff(
                        tt.note.as_deref().unwrap_or("<none>"),
                        g.note.as_deref().unwrap_or("<none>")
                    )
                ),
            );
        }
    }
    r.exact = features.both_passes
        && truth.paragraphs == doc.paragraphs
        && footnotes_equal
        && cells_equal;
    r
}

fn run_page(seed: u64) -> PageResult {
    let page = generate_varied(seed);
    match convert(&page) {
        Ok(doc) => measure(seed, &page.features, &page.truth, &doc),
        Err(e) => {
            let mut r = measure(seed, &page.features, &page.truth, &Document::default());
            r.kinds.clear();
            r.fail(
                if e.starts_with("convert panicked") {
                    "panic"
                } else {
                    "error"
                },
                e,
            );
            r
        }
    }
}

// ---------------------------------------------------------------------------------------
// Run and report

/// The run's figures.
struct Figures {
    pages: usize,
    unaccounted_pages: Vec<u64>,
    both: usize,
    both_exact: usize,
    breaks: (usize, usize),
    text: (usize, usize),
    footnotes: (usize, usize),
    both_cells: (usize, usize),
    single_cells: (usize, usize),
    tables: usize,
    wrong_determined: usize,
}

fn ratio((a, b): (usize, usize)) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn figures(results: &[PageResult]) -> Figures {
    let add = |f: &dyn Fn(&PageResult) -> (usize, usize), pred: &dyn Fn(&PageResult) -> bool| {
        results
            .iter()
            .filter(|r| pred(r))
            .map(f)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let all = |_: &PageResult| true;
    let both = |r: &PageResult| r.features.both_passes;
    let single = |r: &PageResult| !r.features.both_passes;
    Figures {
        pages: results.len(),
        unaccounted_pages: results
            .iter()
            .filter(|r| r.unaccounted > 0)
            .map(|r| r.seed)
            .collect(),
        both: results.iter().filter(|r| both(r)).count(),
        both_exact: results.iter().filter(|r| r.exact).count(),
        breaks: add(&|r| r.breaks, &all),
        text: add(&|r| r.text, &all),
        footnotes: add(&|r| r.footnotes, &all),
        both_cells: add(&|r| r.cells, &both),
        single_cells: add(&|r| r.cells, &single),
        tables: results.iter().map(|r| r.tables).sum(),
        wrong_determined: results.iter().map(|r| r.wrong_determined).sum(),
    }
}

fn describe(f: &Features) -> String {
    let mut s = String::from(if f.both_passes { "both" } else { "text only" });
    let _ = write!(s, ", W={}", f.width);
    if f.half_width_punct {
        s.push_str(", half-width punct");
    }
    let _ = write!(
        s,
        ", indent {}",
        f.indent
            .map_or("?".to_string(), |i| format!("{}", i as f64 / 2.0))
    );
    for (n, what) in [
        (f.tables, "table(s)"),
        (f.tables - f.table_notes, "without note"),
        (f.ocr_misreads, "misreads"),
        (f.cell_misreads, "in cells"),
        (f.zero_markers + f.misread_markers, "misread marks"),
        (f.lost_markers, "lost marks"),
        (f.repeated_sentences, "repeated sentence"),
        (f.repeated_openings, "repeated opening"),
        (f.letter_spaced_lines, "letter-spaced"),
        (f.ambiguous_tables, "AMBIGUOUS table(s)"),
    ] {
        if n > 0 {
            let _ = write!(s, ", {n} {what}");
        }
    }
    s
}

fn report(seeds: &std::ops::Range<u64>, results: &[PageResult], f: &Figures) -> String {
    let mut s = String::new();
    let pct = |x: f64| 100.0 * x;
    let _ = writeln!(
        s,
        "\n=== varied pages: {} seeds ({}..{}), {} with both renderings ===",
        f.pages, seeds.start, seeds.end, f.both
    );
    let _ = writeln!(
        s,
        "pages with unaccounted characters: {} {:?}",
        f.unaccounted_pages.len(),
        f.unaccounted_pages
    );
    let _ = writeln!(
        s,
        "both renderings exact (paragraphs, footnotes, cells): {}/{} ({:.1}%)",
        f.both_exact,
        f.both,
        pct(ratio((f.both_exact, f.both)))
    );
    let _ = writeln!(
        s,
        "paragraph-break error: {}/{} ({:.2}%)",
        f.breaks.0,
        f.breaks.1,
        pct(ratio(f.breaks))
    );
    let _ = writeln!(
        s,
        "character error rate: text {}/{} ({:.3}%), footnotes {}/{} ({:.3}%)",
        f.text.0,
        f.text.1,
        pct(ratio(f.text)),
        f.footnotes.0,
        f.footnotes.1,
        pct(ratio(f.footnotes))
    );
    let _ = writeln!(
        s,
        "cell accuracy: two renderings {}/{} ({:.1}%), text only {}/{} ({:.1}%)",
        f.both_cells.0,
        f.both_cells.1,
        pct(ratio(f.both_cells)),
        f.single_cells.0,
        f.single_cells.1,
        pct(ratio(f.single_cells))
    );
    let _ = writeln!(
        s,
        "tables wrong while determined: {} of {} tables",
        f.wrong_determined, f.tables
    );
    let ambiguous: Vec<u64> = results
        .iter()
        .filter(|r| r.features.ambiguous_tables > 0)
        .map(|r| r.seed)
        .collect();
    let _ = writeln!(
        s,
        "pages with a table ambiguous by construction (measured like the others): {ambiguous:?}"
    );
    // Failure kinds, most common first, each with its first seed.
    let mut kinds: Vec<(&str, usize, u64, String, String)> = Vec::new();
    for r in results {
        for (k, msg) in &r.kinds {
            match kinds.iter_mut().find(|x| x.0 == *k) {
                Some(x) => x.1 += 1,
                None => kinds.push((k, 1, r.seed, msg.clone(), describe(&r.features))),
            }
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(s, "failure kinds (pages; first seed):");
    for (k, n, seed, msg, desc) in &kinds {
        let _ = writeln!(
            s,
            "  {k}: {n} pages; e.g. seed {seed} [{desc}]\n      {msg}"
        );
    }
    if std::env::var_os("SYNTH_VARIED_LIST").is_some() {
        let _ = writeln!(
            s,
            "pages with a wrong break or footnote, a table wrong while determined, or both \
             renderings and not exact (SYNTH_VARIED_LIST):"
        );
        for r in results {
            let inexact = r.features.both_passes && !r.exact;
            if r.breaks.0 > 0
                || r.text.0 > 0
                || r.footnotes.0 > 0
                || r.wrong_determined > 0
                || inexact
            {
                let cells = if r.cells.0 < r.cells.1 {
                    format!(" cells {}/{}", r.cells.0, r.cells.1)
                } else {
                    String::new()
                };
                let kinds: Vec<&str> = r.kinds.iter().map(|k| k.0).collect();
                let _ = writeln!(
                    s,
                    "  seed {} breaks {}/{} text edits {} footnote edits {}{cells} wrong determined {} \
                     [{}] {:?}",
                    r.seed,
                    r.breaks.0,
                    r.breaks.1,
                    r.text.0,
                    r.footnotes.0,
                    r.wrong_determined,
                    describe(&r.features),
                    kinds
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "one page: SYNTH_VARIED_SEEDS=S cargo test --test synth_varied -- --nocapture\n\
         its file: cargo run -p ocrclean-synth --bin gen_pages -- /tmp/v 1 S --truth --varied"
    );
    s
}

fn run(seeds: std::ops::Range<u64>) {
    install_quiet_hook();
    let results: Vec<PageResult> = run_seeds(seeds.clone(), run_page);
    let f = figures(&results);
    let text = report(&seeds, &results, &f);
    let mut fails = Vec::new();
    if !f.unaccounted_pages.is_empty() {
        fails.push(format!(
            "FAIL: characters unaccounted on pages {:?}",
            f.unaccounted_pages
        ));
    }
    // Inexact both-rendering pages against the list, on the seeds it covers.
    let inexact: Vec<u64> = results
        .iter()
        .filter(|r| r.seed < KNOWN_INEXACT_SEEDS && r.features.both_passes && !r.exact)
        .map(|r| r.seed)
        .collect();
    let known = |seed: u64| KNOWN_INEXACT.iter().any(|(k, _)| *k == seed);
    let unlisted: Vec<u64> = inexact.iter().copied().filter(|&s| !known(s)).collect();
    if !unlisted.is_empty() {
        fails.push(format!(
            "FAIL: both-rendering pages inexact and not in KNOWN_INEXACT: {unlisted:?}"
        ));
    }
    let now_exact: Vec<u64> = results
        .iter()
        .filter(|r| known(r.seed) && !inexact.contains(&r.seed))
        .map(|r| r.seed)
        .collect();
    if !now_exact.is_empty() {
        fails.push(format!(
            "FAIL: listed in KNOWN_INEXACT but now exact (remove them from the list): \
             {now_exact:?}"
        ));
    }
    if f.pages >= FLOOR_MIN_PAGES {
        let checks = [
            (
                "both-rendering pages exact",
                ratio((f.both_exact, f.both)) >= BOTH_EXACT_FLOOR,
                BOTH_EXACT_FLOOR,
            ),
            (
                "paragraph-break error (ceiling)",
                ratio(f.breaks) <= BREAK_ERROR_CEILING,
                BREAK_ERROR_CEILING,
            ),
            (
                "text character error rate (ceiling)",
                ratio(f.text) <= TEXT_CER_CEILING,
                TEXT_CER_CEILING,
            ),
            (
                "footnote character error rate (ceiling)",
                ratio(f.footnotes) <= FOOTNOTE_CER_CEILING,
                FOOTNOTE_CER_CEILING,
            ),
            (
                "two-rendering cell accuracy",
                ratio(f.both_cells) >= BOTH_CELLS_FLOOR,
                BOTH_CELLS_FLOOR,
            ),
            (
                "text-only cell accuracy",
                ratio(f.single_cells) >= TEXT_ONLY_CELLS_FLOOR,
                TEXT_ONLY_CELLS_FLOOR,
            ),
            (
                "tables wrong while determined per 100 (ceiling)",
                100.0 * ratio((f.wrong_determined, f.tables)) <= WRONG_DETERMINED_PER_100_CEILING,
                WRONG_DETERMINED_PER_100_CEILING,
            ),
        ];
        for (what, ok, bound) in checks {
            if !ok {
                fails.push(format!("FAIL: {what} past its bound {bound}"));
            }
        }
    }
    if !fails.is_empty() {
        panic!("{text}\n{}", fails.join("\n"));
    }
    eprintln!("{text}");
}
