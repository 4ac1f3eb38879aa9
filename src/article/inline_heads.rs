//! Running heads inside one long OCR line: an OCR file stored without its line breaks
//! (the whole paper on one line) prints each page's head where the page turned, between
//! two words of running text: `比如 ， bi 口 | 尖 30 工 程 数学 学报 第 20 卷 当 疫情`. A
//! head is found as a page number (two or three digits standing alone) with the same
//! words after it (or before it) at two places at least: the words after it up to the
//! volume or issue (`第 20 卷`), or the words before it back to where the two printings
//! stop agreeing. The head is cut out of the line and recorded; the text closes up.

use super::heads::Found;
use super::Line;
use crate::model::RemovalKind;
use ocrclean_text::distance::bounded_levenshtein;
use ocrclean_text::is_ideograph;

/// Lines shorter than this have their line breaks: the paged search handles them.
const LONG_LINE: usize = 400;
/// Ideographs compared on each side of a page number.
const KEY: usize = 6;

fn page_number(token: &str) -> bool {
    (2..=3).contains(&token.len()) && token.chars().all(|c| c.is_ascii_digit())
}

/// The tokens after an anchor that hold its first `KEY` ideographs, and the key.
fn forward(tokens: &[&str], a: usize) -> (usize, Vec<char>) {
    let mut key = Vec::new();
    let mut end = a + 1;
    while end < tokens.len() && key.len() < KEY && !page_number(tokens[end]) {
        key.extend(tokens[end].chars().filter(|&c| is_ideograph(c)));
        end += 1;
    }
    (end, key)
}

/// The tokens before an anchor that hold its last `KEY` ideographs, and the key.
fn backward(tokens: &[&str], a: usize) -> (usize, Vec<char>) {
    let mut key: Vec<char> = Vec::new();
    let mut start = a;
    while start > 0 && key.len() < KEY && !page_number(tokens[start - 1]) {
        start -= 1;
        let mut t: Vec<char> = tokens[start].chars().filter(|&c| is_ideograph(c)).collect();
        t.extend(key);
        key = t;
    }
    (start, key)
}

fn near(a: &[char], b: &[char]) -> bool {
    a.len() >= KEY - 1 && b.len() >= KEY - 1 && bounded_levenshtein(a, b, 2).is_some()
}

/// A head's volume or issue after its name: `第 20 卷`, `第 20 %` (misread), `第 7 期`.
fn volume_end(tokens: &[&str], from: usize) -> Option<usize> {
    let mut i = from;
    while i < tokens.len() && i < from + 5 {
        let t = tokens[i];
        if matches!(t, "卷" | "期" | "%" | "其" | "养" | "弟") || t.ends_with(['卷', '期', '%'])
        {
            return Some(i + 1);
        }
        let part =
            t == "第" || t.chars().all(|c| c.is_ascii_digit()) || t.len() == 1 && t.is_ascii();
        if !part {
            return None;
        }
        i += 1;
    }
    None
}

/// Cuts the heads out of each long line; records them.
pub fn strip(pages: &mut [Vec<Line>], found: &mut Found) {
    for line in pages.iter_mut().flatten() {
        if line.text.len() < LONG_LINE {
            continue;
        }
        let tokens: Vec<&str> = line.text.split_whitespace().collect();
        let anchors: Vec<usize> = (0..tokens.len())
            .filter(|&i| page_number(tokens[i]))
            .collect();
        crate::work::spend(tokens.len() + anchors.len() * anchors.len().min(64));
        let forwards: Vec<(usize, Vec<char>)> =
            anchors.iter().map(|&a| forward(&tokens, a)).collect();
        let backwards: Vec<(usize, Vec<char>)> =
            anchors.iter().map(|&a| backward(&tokens, a)).collect();
        let mut cut = vec![false; tokens.len()];
        // Compare each anchor with a bounded number of others: heads recur every page.
        for (x, &a) in anchors.iter().enumerate() {
            let others = (0..anchors.len()).filter(|&y| y != x && y.abs_diff(x) <= 64);
            let mut fwd = false;
            let mut bwd = false;
            for y in others {
                fwd |= near(&forwards[x].1, &forwards[y].1);
                bwd |= near(&backwards[x].1, &backwards[y].1);
            }
            let forward_head = fwd.then(|| volume_end(&tokens, forwards[x].0)).flatten();
            if let Some(end) = forward_head {
                cut[a..end].iter_mut().for_each(|c| *c = true);
            } else if bwd {
                // Back over the head's words while they are head-like (no sentence
                // punctuation): to the volume or issue that opens it (`第 7 期`).
                let mut start = backwards[x].0;
                while start > 0
                    && a - start < 16
                    && !tokens[start - 1].contains(['，', '。', ',', '；'])
                    && tokens[start] != "第"
                {
                    start -= 1;
                }
                if tokens[start] == "第"
                    || tokens
                        .get(start + 2)
                        .is_some_and(|t| t.ends_with(['期', '其']))
                {
                    cut[start..=a].iter_mut().for_each(|c| *c = true);
                }
            }
        }
        if !cut.iter().any(|&c| c) {
            continue;
        }
        let mut kept: Vec<&str> = Vec::new();
        let mut head: Vec<&str> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if cut[i] {
                head.push(t);
                if i + 1 == tokens.len() || !cut[i + 1] {
                    found.remove(RemovalKind::RunningHead, &head.join(" "), "inline_head");
                    head.clear();
                }
            } else {
                kept.push(t);
            }
        }
        line.text = kept.join(" ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_inside_one_long_line() {
        let body = "研究 表明 疫情 的 发展 受到 多种 因素 的 影响 ， 模型 的 结果 与 实际 数据 基本 吻合 。 ".repeat(4);
        let text = format!(
            "{body}比如 30 工 程 数学 学报 第 20 卷 当 疫情 {body} 稳定 在 13， 32 工 程 数学 学 报 i 第 20 % 586 附近 {body} 由 上 表 第 7 期 SARS 传播 的 数学 原理 及 预测 与 控制 31 和 图 {body} 可见 第 7 其 SARS 传播 的 数学 原理 及 预测 与 控制 33 越 {body}"
        );
        let mut pages = vec![vec![Line::new(text, 0)]];
        let mut found = Found::default();
        strip(&mut pages, &mut found);
        let left = &pages[0][0].text;
        assert!(
            left.contains("比如 当 疫情") && left.contains("13， 586 附近"),
            "{left}"
        );
        assert!(
            left.contains("由 上 表 和 图") && left.contains("可见 越"),
            "{left}"
        );
        assert_eq!(found.removed.len(), 4);
    }
}
