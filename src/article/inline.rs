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

use super::labels::Field;
use super::Line;
use ocrclean_text::hash::FxMap;
use ocrclean_text::is_cjk;
use regex::Regex;
use std::sync::OnceLock;

/// Cuts furniture out of flowed lines: each line is cut at its CJK-side gaps into
/// pieces; pieces that are furniture by their form (a note's label or mark, a decorated
/// page number, the watermark, a volume or issue), or that recur through the document
/// beside such a piece (a journal's name in its head), become lines of their own; the
/// other pieces stay together, and those after a cut are marked as continuing the line.
pub fn cut(pages: &mut [Vec<Line>]) {
    let mut counts: FxMap<String, usize> = FxMap::default();
    for line in pages.iter().flatten() {
        for piece in pieces(&line.text) {
            *counts.entry(key(&piece)).or_default() += 1;
        }
    }
    for page in pages.iter_mut() {
        let mut out = Vec::with_capacity(page.len());
        for line in page.drain(..) {
            let pieces = pieces(&line.text);
            let formal: Vec<bool> = pieces.iter().map(|p| furniture_piece(p)).collect();
            if !formal.iter().any(|&f| f) {
                out.push(line);
                continue;
            }
            let furniture: Vec<bool> = (0..pieces.len())
                .map(|k| {
                    let beside =
                        (k > 0 && formal[k - 1]) || formal.get(k + 1).copied().unwrap_or(false);
                    let short = pieces[k].chars().count() <= 20;
                    formal[k]
                        || (beside
                            && short
                            && counts.get(&key(&pieces[k])).copied().unwrap_or(0) >= 2)
                })
                .collect();
            let mut body = String::new();
            let mut continues = false;
            for (k, piece) in pieces.iter().enumerate() {
                if furniture[k] {
                    if !body.is_empty() {
                        let mut l = Line::new(std::mem::take(&mut body), line.input_line);
                        l.continues = continues;
                        out.push(l);
                    }
                    let mut l = Line::new(piece.clone(), line.input_line);
                    l.continues = true;
                    out.push(l);
                    continues = true;
                } else {
                    if !body.is_empty() {
                        body.push(' ');
                    }
                    body.push_str(piece);
                }
            }
            if !body.is_empty() {
                let mut l = Line::new(body, line.input_line);
                l.continues = continues;
                out.push(l);
            }
        }
        *page = out;
    }
}

fn key(piece: &str) -> String {
    piece
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A piece that is furniture by its form.
fn furniture_piece(piece: &str) -> bool {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = HEAD.get_or_init(|| {
        Regex::new(r"^(?:第\d{1,3}卷|第\d{1,3}期|(?:19|20)\d{2}年第\d{1,2}期|\p{Han}{2,12}[·•]?(?:19|20)\d{2}年第\d{1,2}期)$")
            .expect("valid head-piece rule")
    });
    let mark_led = super::labels::footnote_mark(piece).is_some() && piece.chars().count() >= 4;
    let note = super::labels::label_of(piece).is_some_and(|f| {
        matches!(
            f,
            Field::Received | Field::Fund | Field::AuthorNotes | Field::Doi
        )
    });
    let number = furniture_token(piece) && !mark_led;
    mark_led || note || number || head.is_match(piece) || !super::watermark::spans(piece).is_empty()
}

/// A token that is furniture whatever surrounds it: a page number in its decoration
/// (`-67-`, `·12·`) or a note's mark (`*本文系…`, `¹研究…`).
fn furniture_token(token: &str) -> bool {
    // A bare number is not enough (`GDP 2019 growth`): it needs its decoration.
    let t = token.trim_matches(|c| matches!(c, '-' | '—' | '·' | '•' | '－'));
    let decorated = t.len() < token.len();
    let number =
        decorated && !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    number || super::labels::footnote_mark(&format!("{token}xx")).is_some()
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
