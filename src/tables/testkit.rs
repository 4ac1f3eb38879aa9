//! For the tests of the table stage: a tiny table printer (a known grid and column widths
//! → both renderings) and random content.

use super::content::{kind_chars, Kind};
use super::layer::hangs;
use super::tiling::splitmix;
use crate::handoff::TableSource;
use crate::model::Table;
use ocrclean_text::char_width;
use ocrclean_text::is_ideograph;

pub(super) fn kind_of(cell: &str) -> Kind {
    kind_chars(&cell.trim().chars().collect::<Vec<char>>())
}

// ---- a tiny table printer: known grid + column widths → both renderings ----

pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(1);
        splitmix(self.0)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub(super) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
}

const POOL: &str = "的一是在不了有和人这中大为上个我以要他时来用们生到作地于出就分对成会可主发年\
                    动同工也能下过子说产种面而方后多定行学法所得经十三之进着等部度家电力里如水化\
                    高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外\
                    天四日那社义事平形相全表间样与各重新线内正心反你明看原又么利比或但质气第向道\
                    命此变条只没结解问意建月公无军很情者最立代想已通并提直题程展五果料象员革位入\
                    常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期\
                    根论运农指几九区强放决西被干做必战先回则任取处李队南给色光门即保治北造百规热\
                    领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单\
                    风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张\
                    马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音";

/// What the printer produces: both renderings, and which OCR fragments it altered.
pub(super) struct Printed {
    pub(super) text_layer: String,
    pub(super) ocr: Vec<String>,
    /// (OCR fragment index, its printed text)
    pub(super) altered: Vec<(usize, String)>,
}

/// Greedy wrap at the column width (the widths `spacing::char_width` measures); a
/// closing punctuation mark that does not fit hangs at the end of the full line.
pub(super) fn wrap(cell: &str, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0.0;
    let mut hung = false;
    for c in cell.chars() {
        let cw = char_width(c);
        if hung || (w + cw > width && !lines.last().unwrap().is_empty()) {
            if !hung && hangs(c) {
                lines.last_mut().unwrap().push(c);
                hung = true;
                continue;
            }
            lines.push(String::new());
            w = 0.0;
            hung = false;
        }
        lines.last_mut().unwrap().push(c);
        w += cw;
    }
    lines
}

/// Letter-spaces a stretch of a justified line: spaces between neighbouring ideographs.
fn letter_space(line: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = line.chars().collect();
    let a = rng.below(chars.len());
    let b = rng.range(a, chars.len() - 1);
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > a && i <= b && is_ideograph(chars[i - 1]) && is_ideograph(c) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub(super) struct PrintOptions {
    pub(super) name: &'static str,
    /// Chance that a pair half a line apart is read in the other order.
    swap: f64,
    /// How many times the swaps are tried (more passes move a line further).
    swap_passes: usize,
    /// Chance that a justified (non-last) cell line is letter-spaced.
    spacing: f64,
    /// How many OCR fragments get an OCR error.
    errors: usize,
}

pub(super) const CLEAN: PrintOptions = PrintOptions {
    name: "no",
    swap: 0.0,
    swap_passes: 0,
    spacing: 0.0,
    errors: 0,
};
pub(super) const SPACED: PrintOptions = PrintOptions {
    name: "no",
    swap: 0.0,
    swap_passes: 0,
    spacing: 0.5,
    errors: 2,
};
/// Half-line swaps about as often as the sample page shows them (1 of ~12 pairs).
pub(super) const NOISY: PrintOptions = PrintOptions {
    name: "sample-rate",
    swap: 0.1,
    swap_passes: 1,
    spacing: 0.5,
    errors: 2,
};
pub(super) const HEAVY: PrintOptions = PrintOptions {
    name: "heavy",
    swap: 0.25,
    swap_passes: 1,
    spacing: 0.5,
    errors: 2,
};
/// Far more half-line swaps than real pages show (a line can move several places).
pub(super) const VERY_HEAVY: PrintOptions = PrintOptions {
    name: "very heavy",
    swap: 0.3,
    swap_passes: 3,
    spacing: 0.5,
    errors: 3,
};

pub(super) fn print(
    grid: &[Vec<String>],
    widths: &[f32],
    opt: &PrintOptions,
    rng: &mut Rng,
) -> Printed {
    let mut text_layer = String::new();
    let mut ocr = Vec::new();
    for row in grid {
        let cells: Vec<Vec<String>> = row.iter().zip(widths).map(|(c, &w)| wrap(c, w)).collect();
        let h = cells.iter().map(Vec::len).max().unwrap_or(0);
        let mut frags: Vec<(usize, usize, String)> = Vec::new();
        for (j, lines) in cells.iter().enumerate() {
            for (i, line) in lines.iter().enumerate() {
                frags.push((h - lines.len() + 2 * i, j, line.clone()));
                if i + 1 < lines.len() && rng.chance(opt.spacing) {
                    text_layer.push_str(&letter_space(line, rng));
                } else {
                    text_layer.push_str(line);
                }
                text_layer.push(' ');
            }
        }
        frags.sort();
        for _ in 0..opt.swap_passes {
            for i in 0..frags.len().saturating_sub(1) {
                if frags[i].0.abs_diff(frags[i + 1].0) == 1 && rng.chance(opt.swap) {
                    frags.swap(i, i + 1);
                }
            }
        }
        ocr.extend(frags.into_iter().map(|f| f.2));
    }
    let mut altered = Vec::new();
    for _ in 0..opt.errors {
        let i = rng.below(ocr.len());
        let chars: Vec<char> = ocr[i].chars().collect();
        if chars.len() < 3 || altered.iter().any(|(a, _)| *a == i) {
            continue;
        }
        let at = rng.range(1, chars.len() - 2);
        let mut bad = chars.clone();
        match chars[at] {
            '、' => bad[at] = ',',
            '，' => bad[at] = ',',
            c if is_ideograph(c) && rng.chance(0.5) => {
                bad[at] = POOL.chars().nth(rng.below(300)).unwrap();
                if bad[at] == c {
                    continue;
                }
            }
            _ => {
                bad.remove(at);
            }
        }
        altered.push((i, ocr[i].clone()));
        ocr[i] = bad.into_iter().collect();
    }
    Printed {
        text_layer,
        ocr,
        altered,
    }
}

pub(super) fn source(p: &Printed, body_width: f32) -> TableSource {
    TableSource {
        label: "表3".into(),
        caption: "测试".into(),
        note: None,
        text_layer: Some(p.text_layer.clone()),
        text_offset: 1000,
        ocr_fragments: p.ocr.clone(),
        body_width,
        half_width_punct: false,
    }
}

pub(super) fn grid_of(table: &Table) -> Vec<Vec<String>> {
    let mut g = vec![table.header.clone()];
    g.extend(table.rows.iter().cloned());
    g
}

pub(super) fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

// ---- random content ----

fn word(rng: &mut Rng, len: usize) -> String {
    let pool: Vec<char> = POOL.chars().collect();
    (0..len).map(|_| pool[rng.below(pool.len())]).collect()
}

/// Running text with a punctuation mark now and then (never first).
pub(super) fn phrase(rng: &mut Rng, len: usize) -> String {
    let mut s = word(rng, 1);
    while s.chars().count() < len {
        if rng.chance(0.12) && !s.ends_with(['、', '，']) {
            s.push(if rng.chance(0.5) { '、' } else { '，' });
        } else {
            s.push_str(&word(rng, 1));
        }
    }
    s
}

fn number(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{}.{}", rng.below(100), rng.below(10)),
        1 => format!("{},{:03}", rng.range(1, 99), rng.below(1000)),
        2 => format!("-{}.{}", rng.below(10), rng.below(100)),
        _ => format!("{}%", rng.below(100)),
    }
}

/// A random table: text header, a label column, text or numeric data columns.
pub(super) fn random_table(rng: &mut Rng) -> (Vec<Vec<String>>, Vec<f32>) {
    let k = rng.range(2, 6);
    let rows = rng.range(2, 7);
    let numeric = rng.chance(0.25);
    let mut widths = vec![rng.range(4, 7) as f32];
    for _ in 1..k {
        widths.push(rng.range(if numeric { 4 } else { 5 }, 15) as f32);
    }
    let mut grid = Vec::new();
    let mut header = Vec::new();
    while header.len() < k {
        let len = rng.range(2, 4);
        let w = word(rng, len);
        if !header.contains(&w) {
            header.push(w);
        }
    }
    grid.push(header);
    for _ in 1..rows {
        let len = rng.range(2, widths[0] as usize);
        let mut row = vec![word(rng, len)];
        for &w in &widths[1..] {
            if numeric {
                row.push(number(rng));
            } else {
                let lines = rng.range(1, 4);
                let len = rng.range(1, w as usize * lines);
                row.push(phrase(rng, len));
            }
        }
        grid.push(row);
    }
    (grid, widths)
}

pub(super) fn body_width(widths: &[f32]) -> f32 {
    widths.iter().sum::<f32>() + 0.5 * (widths.len() - 1) as f32
}

pub(super) fn cell_accuracy(truth: &[Vec<String>], got: &[Vec<String>]) -> (usize, usize) {
    let mut right = 0;
    let mut total = 0;
    for (r, row) in truth.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            total += 1;
            if got.get(r).and_then(|g| g.get(c)) == Some(cell) {
                right += 1;
            }
        }
    }
    (right, total)
}
