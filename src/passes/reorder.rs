//! Block order: an OCR engine and a text layer can read a page's blocks in different
//! orders (the columns of a two-column page, a float, a footnote block), while each
//! block's lines keep their order. The aligner is monotone, so before it runs the OCR's
//! printed lines are put in the text layer's block order, found by content: unique grams
//! place each OCR line in the text layer, a jump in those places starts a new block, and
//! blocks long enough to be blocks of running text are sorted by where they sit.

use super::align::{gram_hashes, GramMap};
use super::tokens::Token;
use std::ops::Range;

/// Length of the grams that place an OCR line in the text layer.
const GRAM: usize = 6;
/// A block must hold this many characters to be moved on its own; shorter runs (table
/// fragments a line apart, a misread line) stay after the block before them.
const MIN_BLOCK: usize = 40;
/// How far (in characters) the next line may start past where the last one ended and
/// still continue its block: OCR drops a mark or a short line.
const SLACK: usize = 24;

/// The OCR lines `lines` (ranges of `chars`, in OCR order) in the text layer's block
/// order; `text` is the text layer's range of `chars`. The lines come back unchanged when
/// the blocks are already in order (the usual page).
pub(super) fn text_order(chars: &[char], lines: Vec<Token>, text: Range<usize>) -> Vec<Token> {
    let keys = line_places(chars, &lines, text);
    // Blocks: runs of lines whose places follow on; lines without a place stay in theirs.
    let mut blocks: Vec<(Option<usize>, Range<usize>, usize)> = Vec::new(); // (place, lines, chars)
    let mut expected: Option<usize> = None;
    for (i, (key, line)) in keys.iter().zip(&lines).enumerate() {
        let len = line.len();
        let follows = match (key, expected) {
            (Some(k), Some(e)) => *k + SLACK >= e && *k <= e + SLACK,
            _ => true,
        };
        match blocks.last_mut() {
            Some(b) if follows => {
                b.1.end = i + 1;
                b.2 += len;
                b.0 = b.0.or(*key);
            }
            _ => blocks.push((*key, i..i + 1, len)),
        }
        if let Some(k) = key {
            expected = Some(k + len);
        } else if let Some(e) = expected.as_mut() {
            *e += len;
        }
    }
    // Groups: each long block with the short ones after it; sorted by the long block's
    // place (stable, so equal or missing places keep the OCR order).
    let mut groups: Vec<(usize, Range<usize>)> = Vec::new();
    for (place, range, n) in blocks {
        match groups.last_mut() {
            Some(g) if n < MIN_BLOCK || place.is_none() => g.1.end = range.end,
            _ => groups.push((place.unwrap_or(0), range)),
        }
    }
    if groups.windows(2).all(|w| w[0].0 <= w[1].0) {
        return lines;
    }
    crate::work::spend(lines.len());
    groups.sort_by_key(|g| g.0);
    groups
        .into_iter()
        .flat_map(|(_, r)| lines[r].to_vec())
        .collect()
}

/// For each OCR line, where in the text layer (a count of its non-space characters) the
/// line starts, by the first gram of the line found once in each rendering.
fn line_places(chars: &[char], lines: &[Token], text: Range<usize>) -> Vec<Option<usize>> {
    let layer: Vec<char> = chars[text]
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::work::spend(layer.len());
    let mut in_layer: GramMap<(u32, usize)> = GramMap::default();
    for (p, h) in gram_hashes(&layer, GRAM).into_iter().enumerate() {
        in_layer.entry(h).or_insert((0, p)).0 += 1;
    }
    let line_grams: Vec<Vec<u64>> = lines
        .iter()
        .map(|t| gram_hashes(&chars[t.clone()], GRAM))
        .collect();
    let mut in_ocr: GramMap<u32> = GramMap::default();
    for h in line_grams.iter().flatten() {
        *in_ocr.entry(*h).or_insert(0) += 1;
    }
    line_grams
        .iter()
        .map(|grams| {
            grams
                .iter()
                .enumerate()
                .find_map(|(off, h)| match in_layer.get(h) {
                    Some(&(1, p)) if in_ocr.get(h) == Some(&1) => Some(p.saturating_sub(off)),
                    _ => None,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(chars: &[char], range: Range<usize>) -> Vec<Token> {
        super::super::tokens::tokens(chars, range)
    }

    fn texts(chars: &[char], lines: &[Token]) -> Vec<String> {
        lines
            .iter()
            .map(|t| chars[t.clone()].iter().collect())
            .collect()
    }

    #[test]
    fn columns_read_in_another_order_follow_the_text_layer() {
        // The OCR read the right column's block first; the text layer the left one.
        let left =
            "春风吹过田野万物开始生长山坡上的草木渐渐返青 农民们在田间辛勤劳作期待着秋天的丰收";
        let right =
            "城市的夜晚灯火通明人们匆匆走过商店和饭馆 高楼之间的街道上车流不息直到深夜才安静";
        let page = format!("{right} {left} {left} {right}");
        let chars: Vec<char> = page.chars().collect();
        let half = right.chars().count() + 1 + left.chars().count();
        let lines = lines_of(&chars, 0..half);
        let ordered = text_order(&chars, lines, half + 1..chars.len());
        let got = texts(&chars, &ordered);
        assert_eq!(got.concat(), format!("{left}{right}").replace(' ', ""));
    }

    #[test]
    fn blocks_in_order_and_short_runs_stay_where_they_are() {
        // A table's fragments read row by row against cell by cell: short runs out of
        // order stay in the OCR's order.
        let ocr = "表格说明文字在这里开始描述一个比较长的标题内容吧 甲乙丙丁戊 子丑寅卯辰 己庚辛壬癸 午未申酉戌";
        let text = "表格说明文字在这里开始描述一个比较长的标题内容吧 甲乙丙丁戊 己庚辛壬癸 子丑寅卯辰 午未申酉戌";
        let page = format!("{ocr} {text}");
        let chars: Vec<char> = page.chars().collect();
        let n = ocr.chars().count();
        let lines = lines_of(&chars, 0..n);
        let ordered = text_order(&chars, lines.clone(), n + 1..chars.len());
        assert_eq!(ordered, lines);
    }
}
