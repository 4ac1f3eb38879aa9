//! Disagreements: where an OCR fragment differs from the text layer it was placed on.

use super::layer::{Frag, Layer};
use super::tiling::Tile;
use crate::model::Disagreement;

/// Every OCR fragment that differs from the text it was placed on, as minimal runs.
pub(super) fn disagreements(layer: &Layer, frags: &[Frag], tiles: &[Tile]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for tile in tiles {
        let f = &frags[tile.frag];
        if f.chars() != &layer.t[tile.start..tile.end] {
            out.extend(diff_runs(f.chars(), layer, tile.start, tile.end));
        }
    }
    out
}

/// When the fragments could not be placed: the characters the OCR read that the text layer
/// does not have, and the text layer's that the OCR does not, as one disagreement at the
/// table's start (as multisets: which fragment misread what is not known). Nothing of the
/// OCR's reading is then lost from the account, and the user sees what did not match.
pub(super) fn unmatched_characters(layer: &Layer, frags: &[Frag]) -> Vec<Disagreement> {
    let mut balance: ocrclean_text::hash::FxMap<char, i64> = Default::default();
    for frag in frags {
        for &c in frag.chars() {
            *balance.entry(c).or_insert(0) += 1;
        }
    }
    for &c in &layer.t {
        *balance.entry(c).or_insert(0) -= 1;
    }
    let mut take = |chars: &mut dyn Iterator<Item = char>, sign: i64| -> String {
        chars
            .filter(|c| {
                let n = balance.get_mut(c).expect("counted");
                let keep = *n * sign > 0;
                if keep {
                    *n -= sign;
                }
                keep
            })
            .collect()
    };
    let ocr = take(&mut frags.iter().flat_map(|f| f.chars().iter().copied()), 1);
    let text = take(&mut layer.t.iter().copied(), -1);
    if ocr.is_empty() && text.is_empty() {
        return Vec::new();
    }
    vec![Disagreement {
        ocr,
        text,
        offset: layer.map.first().copied().unwrap_or(0),
    }]
}

/// The minimal differing runs between an OCR fragment and the text it was placed on
/// (`t[start..end]`), as disagreements with offsets into the text layer string.
fn diff_runs(ocr: &[char], layer: &Layer, start: usize, end: usize) -> Vec<Disagreement> {
    let txt = &layer.t[start..end];
    let (m, n) = (ocr.len(), txt.len());
    let mut d = vec![vec![0usize; n + 1]; m + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=m {
        for j in 1..=n {
            let sub = d[i - 1][j - 1] + usize::from(ocr[i - 1] != txt[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    // Walk back; `same[k]` marks aligned equal pairs, the rest are edits.
    let mut ops: Vec<(bool, Option<usize>, Option<usize>)> = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && ocr[i - 1] == txt[j - 1] && d[i][j] == d[i - 1][j - 1] {
            ops.push((true, Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        } else if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + 1 {
            ops.push((false, Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            ops.push((false, Some(i - 1), None));
            i -= 1;
        } else {
            ops.push((false, None, Some(j - 1)));
            j -= 1;
        }
    }
    ops.reverse();
    let mut out = Vec::new();
    let mut k = 0;
    let mut text_pos = 0; // next text index (slice-relative)
    while k < ops.len() {
        if ops[k].0 {
            text_pos = ops[k].2.map_or(text_pos, |j| j + 1);
            k += 1;
            continue;
        }
        let mut o = String::new();
        let (mut first_t, mut last_t) = (None, None);
        while k < ops.len() && !ops[k].0 {
            if let Some(i) = ops[k].1 {
                o.push(ocr[i]);
            }
            if let Some(j) = ops[k].2 {
                first_t.get_or_insert(j);
                last_t = Some(j);
                text_pos = j + 1;
            }
            k += 1;
        }
        let (text, offset) = match (first_t, last_t) {
            (Some(a), Some(b)) => {
                let (sa, sb) = (layer.map[start + a], layer.map[start + b]);
                (layer.s[sa..=sb].iter().collect(), sa)
            }
            _ => {
                let at = if text_pos > 0 {
                    layer.map[start + text_pos - 1] + 1
                } else {
                    layer.map[start]
                };
                (String::new(), at)
            }
        };
        out.push(Disagreement {
            ocr: o,
            text,
            offset,
        });
    }
    out
}

#[cfg(test)]
mod tests {

    use crate::tables::rebuild;
    use crate::tables::testkit::*;

    #[test]
    fn ocr_error_is_a_disagreement_at_its_offset() {
        let grid = strings(&[&["类别", "内容"], &["甲", "资源共享，统一调配"]]);
        let mut printed = print(&grid, &[3.0, 5.0], &CLEAN, &mut Rng(4));
        assert_eq!(
            printed.ocr,
            ["类别", "内容", "资源共享，", "甲", "统一调配"]
        );
        printed.ocr[4] = "统—调配".into(); // 一 read as a dash
        printed.ocr[2] = "资源共亨，".into(); // 享 read as 亨
        let src = source(&printed, 9.0);
        let (table, d) = rebuild(&src);
        assert_eq!(grid_of(&table), grid);
        assert_eq!(d.len(), 2, "{d:?}");
        let layer: Vec<char> = src.text_layer.unwrap().chars().collect();
        for (dis, (ocr, text)) in d.iter().zip([("亨", "享"), ("—", "一")]) {
            assert_eq!((dis.ocr.as_str(), dis.text.as_str()), (ocr, text));
            let at: String = layer[dis.offset - 1000..].iter().collect();
            assert!(at.starts_with(text), "{at}");
        }
    }
}
