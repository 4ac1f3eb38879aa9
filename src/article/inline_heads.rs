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

/// Tokens the page's logo left beside its head: the engine reads the journal's emblem,
/// printed next to the head, as a few letters or strokes (`bi 口 | 尖`, `EEAE`, `EEE Bwt`)
/// that land between the head and the word the page broke. Looked for only right before
/// a head that was cut, going back over at most `LOGO_TOKENS` tokens that are noise
/// (Latin letters printed only there in the line, or strokes such as `|`) or single
/// ideographs, and cut from the first noise token on: a single ideograph before it is a
/// word of the sentence (`由 上 表 EEE Bwt`). Latin is noise there only inside Chinese
/// text (CJK before it, no Latin word after the head: a number the page split may follow,
/// `13， EEAE 32 … 第 20 % 586`): in an English abstract a word before the head is a word.
const LOGO_TOKENS: usize = 6;

fn logo_noise(tokens: &[&str], cut: &[bool]) -> Vec<bool> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in tokens {
        *counts.entry(t).or_default() += 1;
    }
    let latin = |t: &str| t.chars().all(|c| c.is_ascii_alphabetic());
    let stroke = |t: &str| t.chars().all(|c| matches!(c, '|' | '®' | '©' | '¥' | '\\'));
    let noise_token = |t: &str| (latin(t) && counts[t] == 1) || stroke(t);
    let single_ideograph = |t: &str| t.chars().count() == 1 && t.chars().all(is_ideograph);
    let cjk_side = |t: &str| t.chars().last().is_some_and(ocrclean_text::is_cjk);
    let mut noise = vec![false; tokens.len()];
    for h in 1..tokens.len() {
        // The first token of each head that was cut.
        if !cut[h] || cut[h - 1] {
            continue;
        }
        let mut first_noise = None;
        let mut start = h;
        while start > 0 && h - start < LOGO_TOKENS && !cut[start - 1] {
            let t = tokens[start - 1];
            if noise_token(t) {
                first_noise = Some(start - 1);
            } else if !single_ideograph(t) {
                break;
            }
            start -= 1;
        }
        let Some(from) = first_noise else { continue };
        let before = from.checked_sub(1).map(|i| tokens[i]);
        let after = (h..tokens.len()).find(|&i| !cut[i]).map(|i| tokens[i]);
        let in_chinese = before.is_some_and(cjk_side)
            && after.is_some_and(|t| t.chars().next().is_some_and(|c| !c.is_ascii_alphabetic()));
        if in_chinese {
            noise[from..h].iter_mut().for_each(|n| *n = true);
        }
    }
    noise
}

/// Tokens among the document's first this many where its journal header may stand.
const HEADER_TOKENS: usize = 40;

/// The journal's English name in capitals in the first page's header, on the line a
/// collapsed file kept (`… 年 1 月 JOURNAL OF ENGINEERING MATHEMATICS De 2003 文章 编号
/// …`): a run of three words of Latin capitals at least, among the first tokens of a line
/// whose first page head was cut there too (so it is the head's header block, not an
/// English title), with the month and year printed beside it. An article's own English
/// title stands after its Chinese abstract, far from the start.
fn capitals_header(tokens: &[&str], cut: &[bool]) -> Vec<bool> {
    let mut header = vec![false; tokens.len()];
    let limit = tokens.len().min(HEADER_TOKENS);
    if !cut[..limit].iter().any(|&c| c) {
        return header;
    }
    let capital = |t: &str| t.len() >= 2 && t.chars().all(|c| c.is_ascii_uppercase());
    let mut i = 0;
    while i < limit {
        let mut j = i;
        while j < tokens.len() && capital(tokens[j]) {
            j += 1;
        }
        if j - i >= 3 {
            let mut end = j;
            // `Dec. 2003`, `De 2003` (misread), `2003`.
            if end < tokens.len() && month(tokens[end]) {
                end += 1;
            }
            if end < tokens.len() && year(tokens[end]) {
                end += 1;
            }
            header[i..end].iter_mut().for_each(|h| *h = true);
            break;
        }
        i = j + 1;
    }
    header
}

fn month(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    (2..=4).contains(&t.len())
        && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().skip(1).all(|c| c.is_ascii_lowercase())
}

fn year(t: &str) -> bool {
    t.len() == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && t.chars().all(|c| c.is_ascii_digit())
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
        let noise = logo_noise(&tokens, &cut);
        let header = capitals_header(&tokens, &cut);
        let mut kept: Vec<&str> = Vec::new();
        let mut head: Vec<&str> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if header[i] {
                head.push(t);
                if i + 1 == tokens.len() || !header[i + 1] {
                    found.remove(RemovalKind::JournalHeader, &head.join(" "), "inline_header");
                    head.clear();
                }
            } else if noise[i] {
                head.push(t);
                if i + 1 == tokens.len() || !noise[i + 1] {
                    found.remove(RemovalKind::Noise, &head.join(" "), "inline_head_noise");
                    head.clear();
                }
            } else if cut[i] {
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

    #[test]
    fn logo_noise_beside_a_head_goes_with_it() {
        let body = "研究 表明 疫情 的 发展 受到 多种 因素 的 影响 ， 模型 的 结果 与 实际 数据 基本 吻合 。 ".repeat(4);
        let text = format!(
            "{body}比如 ， qx 口 | 尖 30 工 程 数学 学报 第 20 卷 当 疫情 {body} 稳定 在 13， WQAE 32 工 程 数学 学 报 i 第 20 % 586 附近 {body} 由 上 表 WWE Bzt 第 7 期 SARS 传播 的 数学 原理 及 预测 与 控制 31 和 图 {body} 可见 第 7 其 SARS 传播 的 数学 原理 及 预测 与 控制 33 越 {body}"
        );
        let mut pages = vec![vec![Line::new(text, 0)]];
        let mut found = Found::default();
        strip(&mut pages, &mut found);
        let left = &pages[0][0].text;
        assert!(left.contains("比如 ， 当 疫情"), "{left}");
        assert!(left.contains("13， 586 附近"), "{left}");
        assert!(left.contains("由 上 表 和 图"), "{left}");
        let noise: Vec<&str> = found
            .removed
            .iter()
            .filter(|r| r.kind == RemovalKind::Noise)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(noise, ["qx 口 | 尖", "WQAE", "WWE Bzt"]);
    }

    #[test]
    fn words_before_a_head_stay() {
        // A Latin word the text prints elsewhere, and one in English text, are words.
        let body = "研究 表明 疫情 的 发展 受到 多种 因素 的 影响 ， 模型 的 结果 与 实际 数据 基本 吻合 。 ".repeat(4);
        let text = format!(
            "{body}对于 CAPM 30 工 程 数学 学报 第 20 卷 模型 的 CAPM {body} of the curve 32 工 程 数学 学 报 i 第 20 % model is {body}"
        );
        let mut pages = vec![vec![Line::new(text, 0)]];
        let mut found = Found::default();
        strip(&mut pages, &mut found);
        let left = &pages[0][0].text;
        assert!(left.contains("对于 CAPM 模型"), "{left}");
        assert!(left.contains("of the curve model"), "{left}");
        assert!(found.removed.iter().all(|r| r.kind != RemovalKind::Noise));
    }

    #[test]
    fn journal_name_in_capitals_at_the_start() {
        let body = "研究 表明 疫情 的 发展 受到 多种 因素 的 影响 ， 模型 的 结果 与 实际 数据 基本 吻合 。 ".repeat(4);
        let text = format!(
            "第 20 卷 第 7 期 工 程 数 学 学 报 Vol.20 No.7 2003 年 12 月 JOURNAL OF APPLIED STATISTICS Dec. 2003 文章 编号 {body} 30 工 程 数学 学报 第 20 卷 {body} 32 工 程 数学 学 报 第 20 卷 {body} THE SPREAD OF IT {body}"
        );
        let mut pages = vec![vec![Line::new(text, 0)]];
        let mut found = Found::default();
        strip(&mut pages, &mut found);
        let left = &pages[0][0].text;
        assert!(
            !left.contains("JOURNAL") && !left.contains("Dec."),
            "{left}"
        );
        assert!(left.contains("THE SPREAD OF IT"), "{left}");
        assert!(found
            .removed
            .iter()
            .any(|r| r.kind == RemovalKind::JournalHeader));
    }
}
