//! The three renderings of a printed article, each a `.txt` input of one
//! `model::LayoutKind`: `text_lines` (a printed line per newline), `text_flow` (a paragraph
//! per line, furniture of a page break inside the paragraph it interrupts) and `ocr_engine`
//! (Tesseract-like word spacing, corrupted furniture, noise lines). Each returns the text
//! and every furniture string exactly as placed.

use super::furniture::{self, Furn};
use super::typeset::{rejoin, Field, Line, Printed, Role};
use super::Placed;
use crate::rng::Rng;
use ocrclean_text::is_ideograph;

/// Spaces a text layer puts inside a printed line: beside Latin and digits (`在 2013 年`,
/// `ICT 应用`) with probability `p_space` per boundary, and between digit groups
/// (`2 534`) for numbers of 4+ digits with probability `p_group`.
fn decorate(s: &str, p_space: f64, p_group: f64, rng: &mut Rng) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_digit() && (i == 0 || !(c[i - 1].is_ascii_digit() || c[i - 1] == '.')) {
            let mut j = i;
            while j < c.len() && c[j].is_ascii_digit() {
                j += 1;
            }
            let run: String = c[i..j].iter().collect();
            let year_like = c
                .get(j)
                .is_some_and(|&n| n == '年' || n == '-' || n == '.' || n == ')' || n == '(');
            if j - i >= 4 && !year_like && rng.chance(p_group) {
                let n = j - i;
                for (k, d) in run.chars().enumerate() {
                    if k > 0 && (n - k) % 3 == 0 {
                        out.push(' ');
                    }
                    out.push(d);
                }
            } else {
                out.push_str(&run);
            }
            i = j;
            continue;
        }
        out.push(c[i]);
        if let Some(&n) = c.get(i + 1) {
            let a = c[i].is_ascii_alphanumeric();
            let b = n.is_ascii_alphanumeric();
            if ((a && is_ideograph(n)) || (b && is_ideograph(c[i]))) && rng.chance(p_space) {
                out.push(' ');
            }
        }
        i += 1;
    }
    out
}

fn is_content(role: &Role) -> bool {
    !matches!(role, Role::Furn(_))
}

/// A rendering's per-article habits.
struct Habits {
    p_space: f64,
    p_group: f64,
    p_blank: f64,
}

impl Habits {
    fn draw(rng: &mut Rng) -> Habits {
        Habits {
            p_space: if rng.chance(0.5) {
                0.0
            } else {
                rng.unit() * 0.8
            },
            p_group: if rng.chance(0.5) { 0.0 } else { rng.unit() },
            p_blank: if rng.chance(0.6) {
                0.0
            } else {
                rng.unit() * 0.15
            },
        }
    }
}

fn export_header(rng: &mut Rng, pages: usize, seed: u64) -> Vec<String> {
    match rng.below(3) {
        0 => vec!["# Extracted Paper".into(), String::new()],
        1 => vec![
            "<!--".into(),
            format!("source: papers/article_{seed:05}.pdf"),
            format!(
                "method: {}",
                rng.pick(&["pymupdf", "pdftotext", "pdfminer"])
            ),
            format!("pages: {pages}"),
            "-->".into(),
            String::new(),
        ],
        _ => vec![],
    }
}

/// One printed line per newline.
pub(crate) fn text_lines(p: &Printed, seed: u64, rng: &mut Rng) -> (String, Vec<Placed>) {
    let h = Habits::draw(rng);
    let sep = rng.below(4);
    let indent = *rng.pick(&["", "  ", "\u{3000}\u{3000}", "    "]);
    let mut out: Vec<String> = Vec::new();
    let mut placed = Vec::new();
    for l in export_header(rng, p.pages.len(), seed) {
        if !l.is_empty() {
            placed.push(Placed::new(Furn::ExportHeader, &l, 0));
        }
        out.push(l);
    }
    let m = p.pages.len();
    for (i, page) in p.pages.iter().enumerate() {
        let marker = match sep {
            1 => Some(format!("<!-- page {}/{m} -->", i + 1)),
            2 => Some(format!("<!-- source_page: {} -->", i + 1)),
            _ => None,
        };
        if let Some(mk) = marker {
            placed.push(Placed::new(Furn::PageMarker, &mk, i));
            out.push(mk);
            out.push(String::new());
        }
        for (k, line) in page.lines.iter().enumerate() {
            let mut text = if is_content(&line.role) {
                let grouped = matches!(line.role, Role::Body { .. } | Role::Table { .. });
                decorate(
                    &line.text,
                    h.p_space,
                    if grouped { h.p_group } else { 0.0 },
                    rng,
                )
            } else {
                if let Role::Furn(f) = line.role {
                    placed.push(Placed::new(f, &line.text, i));
                }
                line.text.clone()
            };
            if line.indent {
                text.insert_str(0, indent);
            }
            if sep == 0 && i > 0 && k == 0 {
                text.insert(0, '\u{c}');
            }
            out.push(text);
            if rng.chance(h.p_blank) {
                out.push(String::new());
            }
        }
    }
    if sep == 0 {
        placed.push(Placed::new(Furn::PageMarker, "\u{c}", 0));
    }
    (out.join("\n") + "\n", placed)
}

/// What a line belongs to, for grouping a unit's lines.
fn group(role: &Role) -> Option<String> {
    match role {
        Role::Furn(_) | Role::Table { .. } | Role::RefLabel | Role::Front(Field::Codes) => None,
        Role::Front(f) => Some(format!("front {f:?}")),
        Role::Body { block, .. } => Some(format!("body {block}")),
        Role::Foot { idx } => Some(format!("foot {idx}")),
        Role::Ref { idx } => Some(format!("ref {idx}")),
    }
}

/// A paragraph per line; the furniture and footnotes of a page break that falls inside a
/// paragraph land inside its line.
pub(crate) fn text_flow(p: &Printed, rng: &mut Rng) -> (String, Vec<Placed>) {
    let h = Habits::draw(rng);
    let p_glue = rng.unit() * 0.5;
    let p_join_furn = rng.unit();
    // Runs: consecutive lines of one unit (a furniture or table line is a run of its own).
    let mut runs: Vec<(Vec<&Line>, usize)> = Vec::new();
    for (i, page) in p.pages.iter().enumerate() {
        for line in &page.lines {
            let key = group(&line.role);
            match runs.last_mut() {
                Some((r, _)) if key.is_some() && group(&r[0].role) == key => r.push(line),
                _ => runs.push((vec![line], i)),
            }
        }
    }
    let mut placed = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<(String, String)> = None; // (group, text) of an unfinished paragraph
    let mut pending_furn: Option<String> = None;
    for (run, page) in runs {
        let role = &run[0].role;
        let text = match role {
            Role::Furn(f) => {
                placed.push(Placed::new(*f, &run[0].text, page));
                run[0].text.clone()
            }
            Role::Table { .. } if rng.chance(0.5) => {
                run[0].text.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            Role::Body { .. } => decorate(&rejoin(run.iter().copied()), h.p_space, h.p_group, rng),
            _ => decorate(&rejoin(run.iter().copied()), h.p_space, 0.0, rng),
        };
        let key = group(role);
        let finished = !matches!(run.last().unwrap().role, Role::Body { last: false, .. });
        if let Some((g, buf)) = open.as_mut() {
            if key.as_deref() == Some(g.as_str()) {
                if !rng.chance(p_glue) {
                    buf.push(' ');
                }
                buf.push_str(&text);
            } else {
                buf.push(' ');
                buf.push_str(&text);
                continue;
            }
            if finished {
                out.push(open.take().unwrap().1);
            }
            continue;
        }
        if matches!(role, Role::Furn(_)) {
            match pending_furn.as_mut() {
                Some(f) if rng.chance(p_join_furn) => {
                    f.push(' ');
                    f.push_str(&text);
                }
                _ => {
                    out.extend(pending_furn.take());
                    pending_furn = Some(text);
                }
            }
            continue;
        }
        out.extend(pending_furn.take());
        if finished {
            out.push(text);
        } else {
            open = Some((key.unwrap_or_default(), text));
        }
        if rng.chance(h.p_blank) {
            out.push(String::new());
        }
    }
    out.extend(pending_furn.take());
    out.extend(open.map(|o| o.1));
    (out.join("\n") + "\n", placed)
}

/// Tesseract-like word spacing: ideograph runs cut into words of 1–3 characters, one space
/// between words and around Latin and digit runs; a Latin word split inside with
/// probability `p_split`.
pub(crate) fn ocr_words(s: &str, p_split: f64, rng: &mut Rng) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_kind = 0; // 1 ideographs, 2 ascii, 3 other
    let mut limit = 0;
    let flush = |cur: &mut String, words: &mut Vec<String>| {
        if !cur.is_empty() {
            words.push(std::mem::take(cur));
        }
    };
    for ch in s.chars() {
        if ch.is_whitespace() {
            flush(&mut cur, &mut words);
            cur_kind = 0;
            continue;
        }
        let kind = if ocrclean_text::is_ideograph(ch) {
            1
        } else if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '%' | '-' | '/' | ':') {
            2
        } else {
            3
        };
        if kind == 3 {
            // Punctuation sticks to the word before it, or to the next.
            if !cur.is_empty() && rng.chance(0.7) {
                cur.push(ch);
                flush(&mut cur, &mut words);
                cur_kind = 0;
            } else {
                flush(&mut cur, &mut words);
                cur.push(ch);
                cur_kind = 3;
            }
            continue;
        }
        if kind != cur_kind && cur_kind != 3 || (kind == 1 && cur.chars().count() >= limit) {
            flush(&mut cur, &mut words);
        }
        if kind == 1 && cur.chars().all(|c| !ocrclean_text::is_ideograph(c)) {
            limit = *rng.pick(&[1, 1, 2, 2, 2, 3]);
        }
        cur.push(ch);
        cur_kind = kind;
    }
    flush(&mut cur, &mut words);
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let n = w.chars().count();
        if n >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()) && rng.chance(p_split) {
            let at = rng.range(1, n - 1);
            out.push(w.chars().take(at).collect());
            out.push(w.chars().skip(at).collect());
        } else {
            out.push(w);
        }
    }
    out.join(" ")
}

/// OCR-engine output: one printed line per newline, word-spaced, furniture corrupted per
/// page, noise lines, continuation notes, blank lines, page markers.
pub(crate) fn ocr_engine(p: &Printed, rng: &mut Rng) -> (String, Vec<Placed>) {
    let p_blank = if rng.chance(0.5) {
        0.0
    } else {
        rng.unit() * 0.3
    };
    let p_split = rng.unit() * 0.05;
    let markers = rng.chance(0.7);
    let p_noise = rng.unit() * 0.8;
    let p_cont = rng.unit() * 0.3;
    let mut out: Vec<String> = Vec::new();
    let mut placed = Vec::new();
    if rng.chance(0.5) {
        placed.push(Placed::new(Furn::ExportHeader, "# Extracted Paper", 0));
        out.extend(["# Extracted Paper".to_string(), String::new()]);
    }
    let numbers: Vec<u32> = p.pages.iter().map(|pg| pg.number).collect();
    for (i, page) in p.pages.iter().enumerate() {
        if markers {
            let mk = format!("<!-- source_page: {} -->", i + 1);
            placed.push(Placed::new(Furn::PageMarker, &mk, i));
            out.extend([mk, String::new()]);
        }
        let furn = |f: Furn, t: String, out: &mut Vec<String>, placed: &mut Vec<Placed>| {
            placed.push(Placed::new(f, &t, i));
            out.push(t);
        };
        let first_content = page.lines.iter().position(|l| is_content(&l.role));
        let last_content = page.lines.iter().rposition(|l| is_content(&l.role));
        let mut k = 0;
        while k < page.lines.len() {
            let line = &page.lines[k];
            if Some(k) == first_content && rng.chance(p_noise * 0.5) {
                furn(
                    Furn::Noise,
                    furniture::noise_line(rng),
                    &mut out,
                    &mut placed,
                );
            }
            match &line.role {
                Role::Furn(Furn::PageNumber)
                    if matches!(
                        page.lines.get(k + 1).map(|l| &l.role),
                        Some(Role::Furn(Furn::Watermark))
                    ) && rng.chance(0.7) =>
                {
                    let digits: String = line.text.chars().filter(char::is_ascii_digit).collect();
                    let w = furniture::corrupt_watermark(&page.lines[k + 1].text, rng);
                    let sp = if rng.chance(0.7) { " " } else { "  " };
                    furn(
                        Furn::Watermark,
                        format!("{digits}{sp}{w}"),
                        &mut out,
                        &mut placed,
                    );
                    k += 2;
                    continue;
                }
                Role::Furn(Furn::Watermark) => {
                    let w = furniture::corrupt_watermark(&line.text, rng);
                    furn(Furn::Watermark, w, &mut out, &mut placed);
                }
                Role::Furn(f @ (Furn::RunningHead | Furn::JournalHeader)) => {
                    let t = ocr_words(&furniture::misread_furniture(&line.text, rng), 0.3, rng);
                    furn(*f, t, &mut out, &mut placed);
                }
                Role::Furn(f) => furn(*f, line.text.clone(), &mut out, &mut placed),
                _ => out.push(ocr_words(&line.text, p_split, rng)),
            }
            if Some(k) == last_content {
                if i + 1 < numbers.len() && rng.chance(p_cont) {
                    let to = numbers[rng.range(i + 1, numbers.len() - 1)] + rng.range(0, 30) as u32;
                    furn(
                        Furn::Continuation,
                        format!("(下转{to}页)"),
                        &mut out,
                        &mut placed,
                    );
                }
                if rng.chance(p_noise * 0.5) {
                    furn(
                        Furn::Noise,
                        furniture::noise_line(rng),
                        &mut out,
                        &mut placed,
                    );
                }
            } else if is_content(&line.role) && rng.chance(p_noise * 0.01) {
                furn(
                    Furn::Noise,
                    furniture::noise_line(rng),
                    &mut out,
                    &mut placed,
                );
            }
            if rng.chance(p_blank) {
                out.push(String::new());
            }
            k += 1;
        }
    }
    (out.join("\n") + "\n", placed)
}
