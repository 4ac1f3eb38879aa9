//! Page furniture inside a flowed export's paragraph line.
//!
//! A flowed export writes a paragraph per line; where a page break fell inside the
//! paragraph, the page's foot and the next page's head land inside the line, set apart by
//! spaces: `…组织 收稿日期：2002-12-13 *本文系…成果。 29 ©1994-2013 China Academic Journal…
//! 第9卷 第10期 系统科学与决策 文化的规模…`. Chinese running text has no spaces, so a space
//! next to a CJK character marks where an insertion starts or ends. A line is cut at
//! those gaps into pieces; each piece becomes a line of its own, and the body pieces after
//! the first are marked as continuing the line before them, so that once the furniture
//! steps have taken the page numbers, heads, watermark, notes and footnotes out, the
//! paragraph closes up again. A line without such gaps is left whole.

use super::Line;
use ocrclean_text::is_cjk;

/// Cuts every line at its CJK-side gaps, when it has any; marks the pieces that continue
/// a line.
pub fn cut(pages: &mut [Vec<Line>]) {
    for page in pages.iter_mut() {
        let mut out = Vec::with_capacity(page.len());
        for line in page.drain(..) {
            let pieces = pieces(&line.text);
            // A table row's cells are set apart by spaces too, and are all short; a
            // paragraph line has long runs of text.
            let paragraph = pieces.iter().any(|p| p.chars().count() >= 20);
            if pieces.len() < 2 || !paragraph {
                out.push(line);
                continue;
            }
            for (k, piece) in pieces.into_iter().enumerate() {
                let mut l = Line::new(piece, line.input_line);
                l.continues = k > 0;
                out.push(l);
            }
        }
        *page = out;
    }
}

/// A token that is furniture whatever surrounds it: a page number in its decoration
/// (`-67-`, `·12·`) or a note's mark (`*本文系…`, `¹研究…`).
fn furniture_token(token: &str) -> bool {
    // A bare number is not enough (`GDP 2019 growth`): it needs its decoration.
    let t = token.trim_matches(|c| matches!(c, '-' | '—' | '·' | '•' | '－'));
    let decorated = t.len() < token.len();
    let number =
        decorated && !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    number || super::matter::footnote_mark(&format!("{token}xx")).is_some()
}

/// The pieces of a line between gaps that touch a CJK character or set off a furniture
/// token (a gap between two Latin words or numbers stays inside its piece).
fn pieces(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, token) in tokens.iter().enumerate() {
        if k > 0 {
            let left = current.chars().next_back();
            let right = token.chars().next();
            // A footnote mark stays with its note (`¹ 研究发现…`).
            let mark_only = current.chars().count() == 1
                && furniture_token(&current)
                && !current.chars().all(|c| c.is_ascii_digit());
            let cuts = (left.is_some_and(is_cjk)
                || right.is_some_and(is_cjk)
                || furniture_token(token)
                || furniture_token(tokens[k - 1]))
                && !mark_only;
            if cuts {
                pieces.push(std::mem::take(&mut current));
            } else if !mark_only {
                current.push(' ');
            }
        }
        current.push_str(token);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_break_inside_a_paragraph_line() {
        let p = pieces(
            "组织 收稿日期：2002-12-13 *本文系某项目的成果。 29 第9卷 系统科学与决策 文化的规模",
        );
        assert_eq!(
            p,
            [
                "组织",
                "收稿日期：2002-12-13",
                "*本文系某项目的成果。",
                "29",
                "第9卷",
                "系统科学与决策",
                "文化的规模"
            ]
        );
        assert_eq!(pieces("All rights reserved"), ["All rights reserved"]);
        assert_eq!(
            pieces("从 ¹ 研究发现，教师。 ²研究"),
            ["从", "¹研究发现，教师。", "²研究"]
        );
        assert_eq!(
            pieces("视角[1 -67- ]。换言之"),
            ["视角[1", "-67-", "]。换言之"]
        );
        assert_eq!(pieces("GDP 2019 growth"), ["GDP 2019 growth"]);
        assert_eq!(pieces("整段没有空格的段落。").len(), 1);
    }
}
