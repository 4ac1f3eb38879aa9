//! Tables: content, column widths, wrapped cells, and the two reading orders.

use crate::grid;
use crate::rng::Rng;
use crate::width::Typesetting;
use crate::words::{self, Style};
use crate::PageSpec;

/// What a table's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Label column + text cells that wrap (`、` and commas inside).
    Text,
    /// Label column + numeric columns; some labels (or headers) wrap.
    Numeric,
    /// Label column + numeric columns, every cell on one line: both orders are the same
    /// sequence and only content tells the column count.
    OneLine,
}

/// One printed table, laid out.
#[derive(Debug, Clone)]
pub struct TableLayout {
    /// N of `表N`.
    pub number: usize,
    pub caption: String,
    pub kind: TableKind,
    /// Column widths c_j in half units.
    pub widths: Vec<u32>,
    /// `cells[r][c]` = the printed lines of that cell; row 0 is the header.
    pub cells: Vec<Vec<Vec<String>>>,
    /// The note under the table, with its parentheses, and its printed lines.
    pub note: Option<String>,
    pub note_lines: Vec<String>,
    /// Per row, the OCR reading order of its fragments as (column, line).
    pub ocr_order: Vec<Vec<(usize, usize)>>,
    /// How many half-line swaps the OCR made.
    pub swaps: usize,
    /// The reference reader found another reading as good as the truth (only when the
    /// generator gave up looking for an unambiguous table; should be ~never).
    pub ambiguous: bool,
    /// The page's printed widths (the reference reader measures with them).
    pub typesetting: Typesetting,
}

/// A fragment of a table: (row, column, line).
pub type FragId = (usize, usize, usize);

impl TableLayout {
    pub fn label(&self) -> String {
        format!("表{}", self.number)
    }

    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Row height: the largest line count of the row's cells.
    pub fn height(&self, r: usize) -> usize {
        self.cells[r].iter().map(Vec::len).max().unwrap_or(1)
    }

    /// Twice the visual y of line `i` of cell (r, c): `(h − k) + 2i`.
    pub fn y2(&self, r: usize, c: usize, i: usize) -> usize {
        self.height(r) - self.cells[r][c].len() + 2 * i
    }

    pub fn line(&self, (r, c, i): FragId) -> &str {
        &self.cells[r][c][i]
    }

    /// Cell text: its lines joined without spaces.
    pub fn cell_text(&self, r: usize, c: usize) -> String {
        self.cells[r][c].concat()
    }

    /// Fragments in text-layer order: row by row, cell by cell, line by line.
    pub fn text_order(&self) -> Vec<FragId> {
        let mut out = Vec::new();
        for (r, row) in self.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                for i in 0..cell.len() {
                    out.push((r, c, i));
                }
            }
        }
        out
    }

    /// Fragments in OCR order.
    pub fn ocr_fragments(&self) -> Vec<FragId> {
        let mut out = Vec::new();
        for (r, row) in self.ocr_order.iter().enumerate() {
            for &(c, i) in row {
                out.push((r, c, i));
            }
        }
        out
    }

    pub fn all_one_line(&self) -> bool {
        self.cells.iter().flatten().all(|cell| cell.len() == 1)
    }

    /// Runs the reference reader over this table with the truth's swap budget.
    pub fn readings(
        &self,
        body_width2: u32,
        limit: usize,
    ) -> Result<Vec<grid::Reading>, grid::Exhausted> {
        let text = self.text_order();
        let index = |f: &FragId| text.iter().position(|t| t == f).expect("fragment");
        let ocr: Vec<usize> = self.ocr_fragments().iter().map(index).collect();
        let lines: Vec<&str> = text.iter().map(|&f| self.line(f)).collect();
        grid::readings_typeset(
            self.typesetting,
            &lines,
            &ocr,
            body_width2,
            self.swaps,
            limit,
        )
    }

    /// The truth as a reading (for comparing with the reference reader's).
    pub fn truth_reading(&self) -> grid::Reading {
        let mut rows = Vec::new();
        let mut pos = 0;
        for row in &self.cells {
            let mut cells = Vec::new();
            for cell in row {
                cells.push(pos..pos + cell.len());
                pos += cell.len();
            }
            rows.push(cells);
        }
        grid::Reading {
            columns: self.columns(),
            rows,
            swaps: self.swaps,
        }
    }
}

fn unique_labels(
    rng: &mut Rng,
    n: usize,
    lo: usize,
    hi: usize,
    taken: &mut Vec<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let len = rng.range(lo, hi);
        let s = words::hanzi(rng, len);
        if !taken.contains(&s) {
            taken.push(s.clone());
            out.push(s);
        }
    }
    out
}

/// Splits `extra` whole units over `n` columns with random weights.
fn spread(rng: &mut Rng, n: usize, extra: u32) -> Vec<u32> {
    let weights: Vec<u32> = (0..n).map(|_| rng.range(1, 4) as u32).collect();
    let sum: u32 = weights.iter().sum();
    weights.iter().map(|w| extra * w / sum).collect()
}

/// Cell contents (unwrapped) and column widths, before wrapping.
struct Draft {
    kind: TableKind,
    widths: Vec<u32>,
    texts: Vec<Vec<String>>,
}

fn draft_text(rng: &mut Rng, style: Style, ts: Typesetting, w2: u32) -> Option<Draft> {
    let mut k = [2, 3, 4, 5, 6][rng.weighted(&[2, 4, 4, 2, 1])];
    let rows = rng.range(2, 6);
    let mut taken = Vec::new();
    let head0 = rng.pick(words::LABEL_HEADERS).to_string();
    taken.push(head0.clone());
    let labels = unique_labels(rng, rows, 2, 8, &mut taken);
    let lmax = labels
        .iter()
        .chain([&head0])
        .map(|s| ts.str_width(s))
        .max()
        .unwrap_or(4);
    let c0 = if rng.chance(0.75) {
        lmax
    } else {
        lmax.saturating_sub(2 * rng.range(1, 3) as u32).max(4)
    };
    // Text columns are at least 4 units wide.
    while k >= 2 && c0 + 4 * (k as u32 - 1) + 8 * (k as u32 - 1) > w2 {
        k -= 1;
    }
    if k < 2 {
        return None;
    }
    let n = k - 1;
    let room_units = (w2 - c0 - 4 * n as u32) / 2;
    let slack = (rng.range(0, 2) as u32).min(room_units - 4 * n as u32);
    let extra = room_units - slack - 4 * n as u32;
    let max_col = w2 / 2 - 6; // c_j < W − 5 (whole units)
    let mut widths = vec![c0];
    for e in spread(rng, n, extra) {
        widths.push(2 * (4 + e).min(max_col));
    }
    let mut texts = Vec::new();
    let mut header = vec![head0];
    while header.len() < k {
        let len = rng.range(2, 6);
        let s = words::hanzi(rng, len);
        if !taken.contains(&s) {
            taken.push(s.clone());
            header.push(s);
        }
    }
    texts.push(header);
    for label in labels {
        let mut row = vec![label];
        for &c in &widths[1..] {
            let lines = [1u32, 2, 3, 4][rng.weighted(&[3, 4, 3, 1])];
            let min_width = (lines - 1) * c + rng.range(2, (c as usize).max(3)) as u32;
            let mut items = words::cell_items(rng, style, min_width, 12);
            while items.len() > 1 && ts.wrap(&items.concat(), c, c).len() > 5 {
                items.pop();
            }
            row.push(items.concat());
        }
        texts.push(row);
    }
    Some(Draft {
        kind: TableKind::Text,
        widths,
        texts,
    })
}

fn format_number(rng: &mut Rng, format: usize) -> String {
    match format {
        0 => format!("{},{:03}", rng.range(1, 99), rng.range(0, 999)),
        1 => format!("{}.{}", rng.range(0, 99), rng.range(0, 9)),
        2 => {
            let sign = if rng.chance(0.5) { "-" } else { "" };
            format!("{sign}{}.{}", rng.range(0, 9), rng.range(1, 9))
        }
        3 => {
            if rng.chance(0.5) {
                format!("{}%", rng.range(1, 99))
            } else {
                format!("{}.{}%", rng.range(1, 99), rng.range(0, 9))
            }
        }
        4 => format!("{}", rng.range(1, 9999)),
        _ => format!("0.{:02}", rng.range(1, 99)),
    }
}

fn draft_numeric(rng: &mut Rng, ts: Typesetting, w2: u32, one_line: bool) -> Option<Draft> {
    let mut k = [2, 3, 4, 5, 6][rng.weighted(&[2, 4, 4, 3, 2])];
    let rows = rng.range(2, 8);
    let mut taken = Vec::new();
    let head0 = rng.pick(words::NUMERIC_LABEL_HEADERS).to_string();
    taken.push(head0.clone());
    let labels = if one_line {
        unique_labels(rng, rows, 2, 6, &mut taken)
    } else {
        unique_labels(rng, rows, 4, 8, &mut taken)
    };
    let mut header = vec![head0.clone()];
    if rng.chance(0.6) {
        let start = rng.range(2000, 2018);
        for j in 1..k {
            header.push(format!("{}年", start + j - 1));
        }
    } else {
        let mut pool: Vec<&str> = words::NUMERIC_HEADERS.to_vec();
        rng.shuffle(&mut pool);
        header.extend(pool.iter().take(k - 1).map(|s| s.to_string()));
    }
    let formats: Vec<usize> = (1..k).map(|_| rng.below(6)).collect();
    let mut seen: Vec<String> = Vec::new();
    let mut body: Vec<Vec<String>> = Vec::new();
    for label in &labels {
        let mut row = vec![label.clone()];
        for &f in &formats {
            loop {
                let v = format_number(rng, f);
                if !seen.contains(&v) {
                    seen.push(v.clone());
                    row.push(v);
                    break;
                }
            }
        }
        body.push(row);
    }
    let lmax = labels
        .iter()
        .chain([&head0])
        .map(|s| ts.str_width(s))
        .max()
        .unwrap_or(4);
    let c0 = if one_line {
        lmax + 2 * rng.range(0, 1) as u32
    } else {
        lmax.saturating_sub(2 * rng.range(1, 2) as u32).max(4)
    };
    let mut widths = vec![c0];
    for j in 1..k {
        let numbers = body.iter().map(|r| ts.str_width(&r[j])).max().unwrap_or(2);
        // Numeric tables (not one-line) sometimes let a header wrap in a narrow column.
        let (head, min) = if one_line || rng.chance(0.7) {
            (ts.str_width(&header[j]), 6)
        } else {
            (0, 4)
        };
        let c = numbers.max(head).max(min).div_ceil(2) * 2 + 2 * rng.range(0, 1) as u32;
        widths.push(c);
    }
    while k >= 2 && widths.iter().sum::<u32>() + 4 * (k as u32 - 1) > w2 {
        k -= 1;
        widths.pop();
        header.pop();
        for r in &mut body {
            r.pop();
        }
    }
    if k < 2 {
        return None;
    }
    let mut texts = vec![header];
    texts.extend(body);
    Some(Draft {
        kind: if one_line {
            TableKind::OneLine
        } else {
            TableKind::Numeric
        },
        widths,
        texts,
    })
}

/// Sorts each row's fragments by (y, column), then lets the OCR swap neighbours that are
/// exactly half a line apart (disjoint pairs, each with probability `p_swap`).
fn ocr_order(
    rng: &mut Rng,
    cells: &[Vec<Vec<String>>],
    p_swap: f64,
) -> (Vec<Vec<(usize, usize)>>, usize) {
    let mut swaps = 0;
    let mut order = Vec::new();
    for row in cells {
        let h = row.iter().map(Vec::len).max().unwrap_or(1);
        let mut frags: Vec<(usize, usize, usize)> = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            for i in 0..cell.len() {
                frags.push((h - cell.len() + 2 * i, c, i));
            }
        }
        frags.sort_unstable();
        let mut i = 0;
        while i + 1 < frags.len() {
            if frags[i].0.abs_diff(frags[i + 1].0) == 1 && rng.chance(p_swap) {
                frags.swap(i, i + 1);
                swaps += 1;
                i += 2;
            } else {
                i += 1;
            }
        }
        order.push(frags.iter().map(|&(_, c, i)| (c, i)).collect());
    }
    (order, swaps)
}

/// Lays out table `number`: tries drafts until one is well formed and the reference reader
/// finds exactly one reading with no more swaps than the truth.
pub fn generate(
    rng: &mut Rng,
    spec: &PageSpec,
    style: Style,
    ts: Typesetting,
    number: usize,
    w2: u32,
) -> TableLayout {
    let kind = match rng.weighted(&[
        spec.table_kind_weights[0],
        spec.table_kind_weights[1],
        spec.table_kind_weights[2],
    ]) {
        0 => TableKind::Text,
        1 => TableKind::Numeric,
        _ => TableKind::OneLine,
    };
    let mut fallback: Option<TableLayout> = None;
    for attempt in 0..200 {
        let draft = match kind {
            TableKind::Text => draft_text(rng, style, ts, w2),
            TableKind::Numeric => draft_numeric(rng, ts, w2, false),
            TableKind::OneLine => draft_numeric(rng, ts, w2, true),
        };
        let Some(draft) = draft else { continue };
        let cells: Vec<Vec<Vec<String>>> = draft
            .texts
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&draft.widths)
                    .map(|(t, &c)| ts.wrap(t, c, c))
                    .collect()
            })
            .collect();
        if cells
            .iter()
            .flatten()
            .any(|cell| cell.is_empty() || cell.len() > 5)
        {
            continue;
        }
        let one_line = cells.iter().flatten().all(|cell| cell.len() == 1);
        if one_line != (draft.kind == TableKind::OneLine) {
            continue;
        }
        let mut lines: Vec<&String> = cells.iter().flatten().flatten().collect();
        lines.sort();
        if lines.windows(2).any(|w| w[0] == w[1]) {
            continue;
        }
        let (order, swaps) = ocr_order(rng, &cells, spec.p_ocr_swap);
        let mut table = TableLayout {
            number,
            caption: String::new(),
            kind: draft.kind,
            widths: draft.widths,
            cells,
            note: None,
            note_lines: Vec::new(),
            ocr_order: order,
            swaps,
            ambiguous: false,
            typesetting: ts,
        };
        let unique = matches!(table.readings(w2, 2), Ok(r) if r.len() == 1);
        if !unique {
            // Keep the first ambiguous draft after 40 tries; settle for it after 60 (never
            // seen in practice: the reader rejects ~1% of drafts). It is flagged `ambiguous`.
            if attempt >= 40 && fallback.is_none() {
                table.ambiguous = true;
                fallback = Some(table);
            }
            if attempt < 60 || fallback.is_none() {
                continue;
            }
            table = fallback.take().expect("fallback");
        }
        table.caption = words::caption(rng);
        if rng.chance(spec.p_table_note) {
            let explain = rng.chance(0.5);
            let mut note = words::note(rng, style, explain);
            if ts.wrap(&note, w2, w2).len() > 2 {
                note = words::note(rng, style, false);
            }
            table.note_lines = ts.wrap(&note, w2, w2);
            table.note = Some(note);
        }
        return table;
    }
    panic!(
        "no table could be laid out in 200 attempts (W = {})",
        w2 / 2
    );
}
