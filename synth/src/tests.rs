//! The generator checked against itself: the truth is what the renderings say, the layout
//! follows the contract, the mix is the documented one, and seeds are pinned.

use crate::page::{build_parts, Block, Kind, Parts, MARKERS, PAGE_TURN, WIDGETS};
use crate::rng::Rng;
use crate::table::{TableKind, TableLayout};
use crate::width::{first_unit_width, is_ideograph, is_run_char, str_width, wrap, Typesetting};
use crate::words::{is_label, is_number};
use crate::{generate, generate_with, GeneratedPage, PageSpec, Truth};

const SEEDS: u64 = 400;

fn parts(spec: &PageSpec) -> Parts {
    build_parts(spec, &mut Rng::new(spec.seed))
}

/// The body lines of a file (between the widget line and the two furniture lines).
fn body_lines(page: &GeneratedPage) -> Vec<String> {
    let text = page.text().strip_prefix('\u{FEFF}').unwrap_or(page.text());
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    lines[1..lines.len() - 2]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text layer's characters, as the truth says they should be, without spaces.
fn expected_text_layer(t: &Truth, page_number: &str) -> String {
    let mut s = String::new();
    let mut tables = t.tables.iter();
    // Paragraphs and tables interleave; tables follow the paragraph that refers to them or
    // simply come in order, so rebuild the order from the parts instead when needed.
    let _ = &mut tables;
    for p in &t.paragraphs {
        s.push_str(p);
    }
    s.push_str(&format!("—{page_number}—"));
    s.push_str(&t.title);
    for (m, f) in &t.footnotes {
        s.push_str(m);
        s.push_str(f);
    }
    s
}

fn table_chars(t: &crate::TruthTable) -> String {
    let mut s = format!("{}{}", t.label, t.caption);
    for c in t.header.iter().chain(t.rows.iter().flatten()) {
        s.push_str(c);
    }
    if let Some(n) = &t.note {
        s.push_str(n);
    }
    s
}

/// The text layer's characters in page order (paragraphs and tables interleaved as printed).
fn expected_text_layer_in_order(p: &Parts, t: &Truth) -> String {
    let mut s = String::new();
    let (mut pi, mut ti) = (0, 0);
    for b in &p.blocks {
        match b {
            Block::Para(_) => {
                s.push_str(&t.paragraphs[pi]);
                pi += 1;
            }
            Block::Table(_) => {
                s.push_str(&table_chars(&t.tables[ti]));
                ti += 1;
            }
        }
    }
    let tail = expected_text_layer(
        &Truth {
            paragraphs: Vec::new(),
            ..t.clone()
        },
        &p.text_page,
    );
    s + &tail
}

#[test]
fn removing_spaces_from_the_text_layer_gives_the_truth() {
    for seed in 0..SEEDS {
        check_text_layer(&PageSpec::new(seed));
    }
}

fn check_text_layer(spec: &PageSpec) {
    let seed = spec.seed;
    {
        let page = generate_with(spec);
        let p = parts(spec);
        let body = strip_ws(&body_lines(&page).join(" "));
        let expected = expected_text_layer_in_order(&p, &page.truth);
        let f = &page.features;
        if !f.both_passes {
            assert_eq!(body, expected, "seed {seed}: text-only body");
        } else if f.text_first {
            assert!(body.starts_with(&expected), "seed {seed}: text layer first");
            assert!(
                body[expected.len()..].starts_with(&page.truth.title),
                "seed {seed}: OCR starts with title"
            );
        } else {
            assert!(body.ends_with(&expected), "seed {seed}: text layer last");
            assert!(
                body.starts_with(&page.truth.title),
                "seed {seed}: OCR starts with title"
            );
        }
    }
}

#[test]
fn a_clean_ocr_pass_reads_the_same_characters_in_visual_order() {
    for seed in 0..SEEDS {
        let spec = PageSpec::clean(seed);
        let page = generate_with(&spec);
        let p = parts(&spec);
        let t = &page.truth;
        let mut ocr = t.title.clone();
        let (mut pi, mut ti) = (0, 0);
        for b in &p.blocks {
            match b {
                Block::Para(_) => {
                    ocr.push_str(&t.paragraphs[pi]);
                    pi += 1;
                }
                Block::Table(table) => {
                    ocr.push_str(&format!("{}{}", table.label(), table.caption));
                    for f in table.ocr_fragments() {
                        ocr.push_str(table.line(f));
                    }
                    ocr.push_str(t.tables[ti].note.as_deref().unwrap_or(""));
                    ti += 1;
                }
            }
        }
        for (m, f) in &t.footnotes {
            ocr.push_str(m);
            ocr.push_str(f);
        }
        ocr.push_str(&format!("-{}-", p.ocr_page.as_ref().unwrap()));
        let body = strip_ws(&body_lines(&page).join(" "));
        let rest = if page.features.text_first {
            let text = expected_text_layer_in_order(&p, t);
            body[text.len()..].to_string()
        } else {
            body
        };
        assert!(rest.starts_with(&ocr), "seed {seed}");
        let tail = &rest[ocr.len()..];
        assert!(
            tail.is_empty()
                || tail.starts_with('?') && tail.contains("cnki.net")
                || !page.features.text_first,
            "seed {seed}: {tail}"
        );
    }
}

/// Tokens of one rendering: the body split at spaces.
fn tokens(page: &GeneratedPage) -> Vec<String> {
    body_lines(page)
        .join(" ")
        .split(' ')
        .map(str::to_string)
        .collect()
}

#[test]
fn table_fragments_are_tokens_of_both_renderings_in_their_orders() {
    for seed in 0..SEEDS {
        let spec = PageSpec::clean(seed);
        let page = generate_with(&spec);
        let p = parts(&spec);
        let toks = tokens(&page);
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            let glued = format!("{}{}", t.label(), t.caption);
            let at = toks.iter().position(|x| *x == glued).expect("OCR caption");
            let ocr: Vec<&str> = t.ocr_fragments().iter().map(|&f| t.line(f)).collect();
            assert_eq!(
                &toks[at + 1..at + 1 + ocr.len()],
                &ocr[..],
                "seed {seed} OCR order"
            );
            let at = (0..toks.len() - 1)
                .find(|&i| toks[i] == t.label() && toks[i + 1] == t.caption)
                .expect("text-layer caption");
            let text: Vec<&str> = t.text_order().iter().map(|&f| t.line(f)).collect();
            assert_eq!(
                &toks[at + 2..at + 2 + text.len()],
                &text[..],
                "seed {seed} text order"
            );
        }
    }
}

#[test]
fn every_cell_appears_in_both_renderings() {
    for seed in 0..SEEDS {
        let page = generate(seed);
        if !page.features.both_passes {
            continue;
        }
        let p = parts(&PageSpec::new(seed));
        let ocr: Vec<&str> = p.ocr.iter().map(|t| t.text.as_str()).collect();
        let text = strip_ws(&p.text.iter().map(|t| t.text.as_str()).collect::<String>());
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            for r in 0..t.cells.len() {
                for c in 0..t.columns() {
                    assert!(text.contains(&t.cell_text(r, c)), "seed {seed}");
                    for line in &t.cells[r][c] {
                        // OCR substitutions may touch a line: compare char counts then.
                        let n = line.chars().count();
                        assert!(
                            ocr.iter().any(|o| o == line
                                || o.chars().count() == n
                                    && o.chars().zip(line.chars()).filter(|(a, b)| a != b).count()
                                        <= 2),
                            "seed {seed}: {line}"
                        );
                    }
                }
            }
        }
    }
}

fn check_wrapped(lines: &[String], first_cap: u32, cap: u32, what: &str) {
    for (i, l) in lines.iter().enumerate() {
        let c = if i == 0 { first_cap } else { cap };
        assert!(str_width(l) <= c, "{what}: line {i} too wide: {l}");
        if i + 1 < lines.len() {
            let next = &lines[i + 1];
            assert!(
                str_width(l) + first_unit_width(next) > c,
                "{what}: line {i} not full: {l} | {next}"
            );
            let ends = l.chars().last().is_some_and(is_run_char);
            let starts = next.chars().next().is_some_and(is_run_char);
            assert!(!(ends && starts), "{what}: run split: {l} | {next}");
        }
    }
}

#[test]
fn paragraphs_wrap_greedily_with_indents_that_show() {
    for seed in 0..SEEDS {
        let p = parts(&PageSpec::new(seed));
        let w2 = 2 * p.width;
        let paras: Vec<_> = p
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(x) => Some(x),
                _ => None,
            })
            .collect();
        for (i, para) in paras.iter().enumerate() {
            let what = format!("seed {seed} paragraph {i}");
            assert_eq!(
                para.continued,
                i == 0 && p.features.continued_first,
                "{what}"
            );
            assert_eq!(
                para.runs_on,
                i + 1 == paras.len() && p.features.runs_on,
                "{what}"
            );
            let first_cap = if para.continued { w2 } else { w2 - 4 };
            check_wrapped(&para.lines, first_cap, w2, &what);
            if !para.continued {
                assert!(para.lines.len() >= 2, "{what}: one line");
                let w = str_width(&para.lines[0]);
                assert!(w <= w2 - 4 && w > w2 - 8, "{what}: first line {w}");
            }
            for (j, l) in para.lines.iter().enumerate() {
                let last = j + 1 == para.lines.len();
                if (j > 0 || para.continued) && (!last || para.runs_on) {
                    assert!(
                        str_width(l) > w2 - 4,
                        "{what}: inner line {j} looks indented: {l}"
                    );
                }
            }
            let text = para.lines.concat();
            if para.runs_on {
                assert!(!para.marker);
            } else {
                let end = text.trim_end_matches(MARKERS);
                assert!(end.ends_with(['。', '？', '！', '”']), "{what}: {text}");
                assert_eq!(para.marker, text.ends_with(MARKERS), "{what}");
            }
            assert!(!text.starts_with(['，', ',', '。', '、']), "{what}: {text}");
        }
    }
}

fn check_table(t: &TableLayout, w2: u32, what: &str) {
    let k = t.columns();
    assert!((2..=6).contains(&k), "{what}: {k} columns");
    assert!(
        (3..=9).contains(&t.cells.len()),
        "{what}: {} rows",
        t.cells.len()
    );
    assert!(
        t.widths.iter().sum::<u32>() + 4 * (k as u32 - 1) <= w2,
        "{what}: too wide"
    );
    assert!(
        t.widths.iter().all(|&c| c < w2 - 10),
        "{what}: a column ≥ W−5"
    );
    let mut all = Vec::new();
    for (r, row) in t.cells.iter().enumerate() {
        assert_eq!(row.len(), k, "{what}");
        for (c, cell) in row.iter().enumerate() {
            assert!(
                (1..=5).contains(&cell.len()),
                "{what}: {} lines",
                cell.len()
            );
            check_wrapped(cell, t.widths[c], t.widths[c], what);
            assert_eq!(
                wrap(&t.cell_text(r, c), t.widths[c], t.widths[c]),
                *cell,
                "{what}"
            );
            let text = t.cell_text(r, c);
            if c == 0 {
                assert!(is_label(&text), "{what}: label {text}");
            }
            if r == 0 {
                assert!(!is_number(&text), "{what}: header {text}");
            }
            assert!(!text.starts_with(['、', ',', '，']), "{what}: {text}");
            all.extend(cell.iter().cloned());
        }
    }
    let header: Vec<String> = (0..k).map(|c| t.cell_text(0, c)).collect();
    for (i, h) in header.iter().enumerate() {
        assert!(!header[..i].contains(h), "{what}: header repeats {h}");
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "{what}: a fragment repeats");
    match t.kind {
        TableKind::OneLine => assert!(t.all_one_line(), "{what}"),
        TableKind::Text | TableKind::Numeric => assert!(!t.all_one_line(), "{what}"),
    }
    if t.kind != TableKind::Text {
        for r in 1..t.cells.len() {
            for c in 1..k {
                assert!(
                    is_number(&t.cell_text(r, c)),
                    "{what}: {}",
                    t.cell_text(r, c)
                );
            }
        }
    }
    let cap = t.caption.chars().count();
    assert!(
        (4..=14).contains(&cap) && t.caption.chars().all(is_ideograph),
        "{what}: {}",
        t.caption
    );
    if let Some(note) = &t.note {
        assert!((1..=2).contains(&t.note_lines.len()), "{what}");
        assert_eq!(t.note_lines.concat(), *note);
        check_wrapped(&t.note_lines, w2, w2, what);
        assert!(
            note.starts_with(['(', '（']) && note.ends_with([')', '）']),
            "{what}: {note}"
        );
    }
}

#[test]
fn tables_follow_the_layout_rules() {
    let mut kinds = [0; 3];
    for seed in 0..SEEDS * 2 {
        let p = parts(&PageSpec::new(seed));
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            check_table(t, 2 * p.width, &format!("seed {seed} {}", t.label()));
            kinds[t.kind as usize] += 1;
        }
    }
    assert!(kinds.iter().all(|&n| n > 20), "{kinds:?}");
}

#[test]
fn ocr_reads_rows_by_y_then_column_with_half_line_swaps_only() {
    for seed in 0..SEEDS {
        let p = parts(&PageSpec::new(seed));
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            let mut swaps = 0;
            for (r, order) in t.ocr_order.iter().enumerate() {
                let mut sorted: Vec<(usize, usize, usize)> = (0..t.columns())
                    .flat_map(|c| (0..t.cells[r][c].len()).map(move |i| (c, i)))
                    .map(|(c, i)| (t.y2(r, c, i), c, i))
                    .collect();
                sorted.sort_unstable();
                assert_eq!(sorted.len(), order.len());
                let mut i = 0;
                while i < order.len() {
                    let s = (sorted[i].1, sorted[i].2);
                    if order[i] == s {
                        i += 1;
                        continue;
                    }
                    assert_eq!(order[i], (sorted[i + 1].1, sorted[i + 1].2), "seed {seed}");
                    assert_eq!(order[i + 1], s, "seed {seed}");
                    assert_eq!(
                        sorted[i].0.abs_diff(sorted[i + 1].0),
                        1,
                        "seed {seed}: swap not half a line"
                    );
                    swaps += 1;
                    i += 2;
                }
                // Vertical centring: a cell of k lines in a row of height h starts at (h−k)/2.
                let h = t.height(r);
                for c in 0..t.columns() {
                    let k = t.cells[r][c].len();
                    assert_eq!(t.y2(r, c, 0), h - k);
                }
            }
            assert_eq!(swaps, t.swaps, "seed {seed}");
        }
    }
}

#[test]
fn the_reference_reader_finds_exactly_the_truth() {
    let mut tables = 0;
    let mut with_swaps = 0;
    for seed in 0..SEEDS {
        let p = parts(&PageSpec::new(seed));
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            let found = t.readings(2 * p.width, 3).expect("search finishes");
            assert!(
                found.contains(&t.truth_reading()),
                "seed {seed} {}: truth not found",
                t.label()
            );
            assert!(
                t.ambiguous || found.len() == 1,
                "seed {seed}: {} readings",
                found.len()
            );
            assert!(!t.ambiguous, "seed {seed}: ambiguous table kept");
            tables += 1;
            with_swaps += (t.swaps > 0) as usize;
        }
    }
    assert!(
        tables > 300 && with_swaps > 30,
        "{tables} tables, {with_swaps} with swaps"
    );
}

#[test]
fn one_line_tables_are_decided_by_content() {
    // 3 columns × 4 rows of label + numbers: reading it as 4 × 3 or 2 × 6 breaks a rule.
    let spec = PageSpec {
        table_kind_weights: [0, 0, 1],
        table_count_weights: [0, 1, 0],
        ..PageSpec::new(5)
    };
    for seed in 0..50 {
        let p = parts(&PageSpec {
            seed,
            ..spec.clone()
        });
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            assert!(t.all_one_line());
            let found = t.readings(2 * p.width, 3).unwrap();
            assert_eq!(found, vec![t.truth_reading()], "seed {seed}");
        }
    }
}

#[test]
fn letter_spacing_only_separates_adjacent_ideographs() {
    for seed in 0..SEEDS {
        let spec = PageSpec::new(seed);
        let p = parts(&spec);
        let mut spaced = 0;
        for t in &p.text {
            let chars: Vec<char> = t.text.chars().collect();
            for i in 0..chars.len() {
                if chars[i] == ' ' {
                    assert!(matches!(
                        t.kind,
                        Kind::Para | Kind::Cell | Kind::Caption | Kind::PageNumber | Kind::Footnote
                    ));
                    if matches!(t.kind, Kind::Para | Kind::Cell) {
                        assert!(
                            is_ideograph(chars[i - 1]) && is_ideograph(chars[i + 1]),
                            "seed {seed}: {}",
                            t.text
                        );
                    }
                }
            }
            spaced +=
                t.text.contains(' ') as usize * matches!(t.kind, Kind::Para | Kind::Cell) as usize;
        }
        assert_eq!(spaced, p.features.letter_spaced_lines, "seed {seed}");
        for t in &p.text {
            assert!(!t.text.contains("  ") && !t.text.starts_with(' ') && !t.text.ends_with(' '));
        }
    }
}

#[test]
fn file_anatomy() {
    for seed in 0..SEEDS {
        let page = generate(seed);
        let f = &page.features;
        let text = page.text();
        assert_eq!(text.starts_with('\u{FEFF}'), f.bom, "seed {seed}");
        assert_eq!(text.contains("\r\n"), f.crlf, "seed {seed}");
        assert!(!text.ends_with('\n'));
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        assert!(WIDGETS.contains(&lines[0]), "seed {seed}");
        assert_eq!(lines[lines.len() - 2], PAGE_TURN);
        assert!(lines[lines.len() - 1].ends_with("cucdc.com 高等教育资讯网 版权所有"));
        let body = body_lines(&page);
        assert_eq!(body.len() > 1, f.split_body, "seed {seed}");
        for l in &body {
            assert!(
                !l.is_empty() && !l.starts_with(' ') && !l.ends_with(' ') && !l.contains("  "),
                "seed {seed}"
            );
            assert!(!l.contains('\t') && !l.contains('\r'));
        }
        let body = body.join(" ");
        assert_eq!(body.contains("cnki.net"), f.watermark, "seed {seed}");
        assert!(!f.watermark || f.both_passes);
        let dash_numbers = body
            .split(' ')
            .filter(|t| t.len() > 2 && t.starts_with('-') && t.ends_with('-'))
            .count();
        assert_eq!(
            dash_numbers, f.both_passes as usize,
            "seed {seed}: OCR page number"
        );
        let toks: Vec<&str> = body.split(' ').collect();
        let text_numbers = toks
            .windows(3)
            .filter(|w| w[0] == "—" && w[2] == "—" && w[1].chars().all(|c| c.is_ascii_digit()))
            .count();
        assert_eq!(text_numbers, 1, "seed {seed}: text page number");
        for n in &page.truth.page_numbers {
            assert!(!n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        }
        assert_eq!(
            page.truth.page_numbers.len(),
            1 + f.page_numbers_differ as usize
        );
        assert!(!page.truth.paragraphs.is_empty() && page.truth.paragraphs.len() <= 5);
        assert!(page.truth.tables.len() <= 2);
        assert_eq!(page.truth.tables.len(), f.tables);
        assert_eq!(page.truth.footnotes.len(), f.footnotes);
        let title = page.truth.title.chars().count();
        assert!((6..=16).contains(&title));
    }
}

#[test]
fn truth_is_free_of_furniture_and_reserved_characters() {
    for seed in 0..SEEDS {
        let page = generate(seed);
        let t = &page.truth;
        let mut texts: Vec<&str> = t.paragraphs.iter().map(String::as_str).collect();
        texts.extend(t.footnotes.iter().map(|(_, x)| x.as_str()));
        for table in &t.tables {
            texts.push(&table.caption);
            texts.extend(
                table
                    .header
                    .iter()
                    .chain(table.rows.iter().flatten())
                    .map(String::as_str),
            );
            texts.extend(table.note.as_deref());
        }
        for x in texts {
            for bad in ["cnki", "版权所有", "加载", "翻页", "—"] {
                if bad == "—" && t.footnotes.iter().any(|(_, f)| f == x) {
                    continue;
                }
                assert!(!x.contains(bad), "seed {seed}: {bad} in {x}");
            }
            assert!(!x.contains(' ') && x != t.title);
        }
        for p in &t.paragraphs {
            // `表` only in `如表N所示`.
            let n = p.matches('表').count();
            assert_eq!(n, p.matches("如表").count(), "seed {seed}: {p}");
        }
        for (m, f) in &t.footnotes {
            assert!(MARKERS.contains(&m.chars().next().unwrap()));
            let n = f.chars().count();
            assert!((10..=60).contains(&n), "seed {seed}: footnote {n} chars");
        }
        // Markers in paragraphs are exactly the footnotes', in order.
        let marks: Vec<String> = t
            .paragraphs
            .iter()
            .flat_map(|p| p.chars().filter(|c| MARKERS.contains(c)))
            .map(String::from)
            .collect();
        let notes: Vec<String> = t.footnotes.iter().map(|(m, _)| m.clone()).collect();
        assert_eq!(marks, notes, "seed {seed}");
        assert_eq!(
            notes
                .iter()
                .map(|m| m.chars().next().unwrap())
                .collect::<Vec<_>>(),
            MARKERS[..notes.len()]
        );
    }
}

#[test]
fn the_mix_is_the_documented_one() {
    let n = 3000;
    let pages: Vec<_> = (0..n).map(generate).collect();
    let frac = |f: &dyn Fn(&GeneratedPage) -> bool| {
        pages.iter().filter(|p| f(p)).count() as f64 / n as f64
    };
    let both: Vec<_> = pages.iter().filter(|p| p.features.both_passes).collect();
    let of_both = |f: &dyn Fn(&GeneratedPage) -> bool| {
        both.iter().filter(|p| f(p)).count() as f64 / both.len() as f64
    };
    let near = |x: f64, want: f64, what: &str| {
        assert!((x - want).abs() < 0.03, "{what}: {x:.3}, want {want}")
    };
    near(frac(&|p| !p.features.both_passes), 0.2, "text only");
    near(of_both(&|p| p.features.text_first), 0.1, "text first");
    near(of_both(&|p| p.features.watermark), 0.8, "watermark");
    near(frac(&|p| p.features.split_body), 0.1, "split body");
    near(frac(&|p| p.features.crlf), 0.1, "crlf");
    near(frac(&|p| p.features.bom), 0.05, "bom");
    near(frac(&|p| p.features.ascii_punct), 0.5, "ascii punctuation");
    let count = |f: &dyn Fn(&GeneratedPage) -> usize| pages.iter().map(f).sum::<usize>();
    assert_eq!(count(&|p| p.features.ambiguous_tables), 0);
    for (what, c) in [
        ("tables", count(&|p| p.features.tables)),
        ("numeric tables", count(&|p| p.features.numeric_tables)),
        ("one-line tables", count(&|p| p.features.one_line_tables)),
        ("table refs", count(&|p| p.features.table_refs)),
        ("swaps", count(&|p| p.features.ocr_swaps)),
        (
            "letter-spaced lines",
            count(&|p| p.features.letter_spaced_lines),
        ),
        ("ocr errors", count(&|p| p.features.ocr_errors)),
        ("zero markers", count(&|p| p.features.zero_markers)),
        ("lost markers", count(&|p| p.features.lost_markers)),
        (
            "page numbers differ",
            count(&|p| p.features.page_numbers_differ as usize),
        ),
        ("footnotes", count(&|p| p.features.footnotes)),
    ] {
        assert!(c > 50, "{what}: only {c} in {n} pages");
    }
    let widths: Vec<u32> = pages.iter().map(|p| p.features.width).collect();
    assert_eq!(*widths.iter().min().unwrap(), 36);
    assert_eq!(*widths.iter().max().unwrap(), 48);
}

#[test]
fn pages_are_pure_functions_of_their_seed() {
    for seed in [0, 1, 99, u64::MAX] {
        assert_eq!(generate(seed).bytes, generate(seed).bytes);
    }
    assert_ne!(generate(1).bytes, generate(2).bytes);
}

/// FNV-1a over the bytes of the first pages. If this fails, the generator's output changed:
/// every seed now names another page, and recorded seeds (bug reports, scores) are stale.
/// Change it only on purpose, and say so in the commit.
#[test]
fn seeds_are_pinned() {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for seed in 0..50 {
        for b in generate(seed).bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!(h, PINNED, "generator output changed (hash {h:#018x})");
}

const PINNED: u64 = 0x1376b9e423640fd9;

#[test]
fn scaled_pages_are_longer_pages_of_the_same_anatomy() {
    for seed in 0..20 {
        let base = generate(seed);
        assert_eq!(generate_with(&PageSpec::scaled(seed, 1)).bytes, base.bytes);
        assert_eq!(generate_with(&PageSpec::scaled(seed, 0)).bytes, base.bytes);
        for scale in [4, 16] {
            let spec = PageSpec::scaled(seed, scale);
            check_text_layer(&spec);
            let page = generate_with(&spec);
            let f = &page.features;
            assert_eq!(f.paragraphs, page.truth.paragraphs.len(), "seed {seed}");
            assert!(f.paragraphs >= scale as usize, "seed {seed}×{scale}");
            assert_eq!(f.tables, page.truth.tables.len(), "seed {seed}×{scale}");
            let labels: Vec<String> = page.truth.tables.iter().map(|t| t.label.clone()).collect();
            let numbered: Vec<String> = (1..=labels.len()).map(|n| format!("表{n}")).collect();
            assert_eq!(labels, numbered, "seed {seed}×{scale}");
            assert!(page.truth.footnotes.len() <= MARKERS.len());
        }
    }
    // On average the length grows with the scale (the furniture around the body does not).
    let total = |scale| -> usize {
        (0..40)
            .map(|seed| generate_with(&PageSpec::scaled(seed, scale)).bytes.len())
            .sum()
    };
    let (one, four, sixteen) = (total(1) as f64, total(4) as f64, total(16) as f64);
    assert!((3.0..5.0).contains(&(four / one)), "4×: {}", four / one);
    assert!(
        (12.0..20.0).contains(&(sixteen / one)),
        "16×: {}",
        sixteen / one
    );
}

#[test]
fn truth_serializes_to_json() {
    let page = generate(3);
    let json = serde_json::to_value(&page.truth).unwrap();
    for key in ["title", "paragraphs", "footnotes", "tables", "page_numbers"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    serde_json::to_string(&page.features).unwrap();
}

// ---------------------------------------------------------------------------------------
// The varied model

#[test]
fn varied_pages_keep_an_exact_truth() {
    for seed in 0..SEEDS {
        check_text_layer(&PageSpec::varied(seed));
    }
}

fn check_wrapped_typeset(ts: Typesetting, lines: &[String], first_cap: u32, cap: u32, what: &str) {
    for (i, l) in lines.iter().enumerate() {
        let c = if i == 0 { first_cap } else { cap };
        assert!(ts.str_width(l) <= c, "{what}: line {i} too wide: {l}");
        if i + 1 < lines.len() {
            let next = &lines[i + 1];
            assert!(
                ts.str_width(l) + ts.first_unit_width(next) > c,
                "{what}: line {i} not full: {l} | {next}"
            );
        }
    }
}

#[test]
fn varied_paragraphs_wrap_with_the_pages_widths_and_indent() {
    let mut indents = std::collections::BTreeSet::new();
    let mut half = 0;
    for seed in 0..SEEDS {
        let p = parts(&PageSpec::varied(seed));
        let f = &p.features;
        let indent = f.indent.expect("varied pages record their indent");
        indents.insert(indent);
        assert!(indent == 0 || (3..=6).contains(&indent), "seed {seed}");
        assert!(!f.half_width_punct || f.ascii_punct, "seed {seed}");
        half += f.half_width_punct as usize;
        let ts = Typesetting {
            half_width_punct: f.half_width_punct,
        };
        let w2 = 2 * p.width;
        for b in &p.blocks {
            match b {
                Block::Para(para) => {
                    let first = if para.continued { w2 } else { w2 - indent };
                    check_wrapped_typeset(ts, &para.lines, first, w2, &format!("seed {seed}"));
                }
                Block::Table(t) => {
                    assert_eq!(t.typesetting, ts);
                    for (r, row) in t.cells.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            let what = format!("seed {seed} {} ({r},{c})", t.label());
                            check_wrapped_typeset(ts, cell, t.widths[c], t.widths[c], &what);
                        }
                    }
                }
            }
        }
    }
    assert_eq!(indents.len(), 5, "{indents:?}");
    assert!(half > SEEDS as usize / 8, "{half} half-width pages");
}

#[test]
fn varied_tables_are_recoverable_by_construction() {
    let (mut tables, mut ambiguous) = (0, 0);
    for seed in 0..SEEDS {
        let p = parts(&PageSpec::varied(seed));
        for b in &p.blocks {
            let Block::Table(t) = b else { continue };
            let found = t.readings(2 * p.width, 3).expect("search finishes");
            assert!(found.contains(&t.truth_reading()), "seed {seed}");
            assert_eq!(t.ambiguous, found.len() != 1, "seed {seed}");
            tables += 1;
            ambiguous += t.ambiguous as usize;
        }
        let kept = p
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(t) if t.ambiguous));
        assert_eq!(kept.count(), p.features.ambiguous_tables, "seed {seed}");
    }
    assert!(
        tables > 400 && ambiguous * 100 <= tables,
        "{ambiguous} of {tables}"
    );
}

#[test]
fn the_varied_mix_has_every_variation() {
    let pages: Vec<_> = (0..SEEDS).map(crate::generate_varied).collect();
    let count =
        |f: &dyn Fn(&crate::Features) -> usize| pages.iter().map(|p| f(&p.features)).sum::<usize>();
    for (what, c) in [
        (
            "half-width punctuation",
            count(&|f| f.half_width_punct as usize),
        ),
        ("no indent", count(&|f| (f.indent == Some(0)) as usize)),
        ("repeated sentences", count(&|f| f.repeated_sentences)),
        ("repeated openings", count(&|f| f.repeated_openings)),
        ("misreads", count(&|f| f.ocr_misreads)),
        ("cell misreads", count(&|f| f.cell_misreads)),
        ("caption misreads", count(&|f| f.caption_misreads)),
        ("marks as 0", count(&|f| f.zero_markers)),
        ("marks as O or @", count(&|f| f.misread_markers)),
        ("lost marks", count(&|f| f.lost_markers)),
        ("two tables", count(&|f| (f.tables == 2) as usize)),
        ("tables without note", count(&|f| f.tables - f.table_notes)),
        ("letter-spaced lines", count(&|f| f.letter_spaced_lines)),
    ] {
        assert!(c >= 10, "{what}: only {c} in {SEEDS} pages");
    }
    assert!(pages.iter().all(|p| p.features.varied));
    // The OCR pass differs from the truth, the text layer never does (checked above).
    for p in pages
        .iter()
        .filter(|p| p.features.ocr_misreads > 0)
        .take(20)
    {
        let body = strip_ws(&body_lines(p).join(" "));
        for para in &p.truth.paragraphs {
            assert!(body.contains(para.as_str()), "seed {}", p.seed);
        }
    }
}
