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

use super::inline_pieces::{furniture_token, head_rule, pieces, squeeze};
use super::labels::Field;
use super::Line;
use ocrclean_text::hash::{FxMap, FxSet};
use regex::Regex;
use std::sync::OnceLock;

/// What a piece of a flowed line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Body,
    /// A head's piece or a page number: a page break's head pieces stand together, as
    /// the head was printed (`系统科学与决策 2003年第10期`), so that the head is matched
    /// (and the journal read from it) whole.
    Head,
    /// A note, a footnote or the watermark: each a line of its own.
    Note,
}

/// Longest furniture string (characters) looked for at the start of a piece glued to it.
const MAX_GLUED: usize = 40;

/// Cuts furniture out of flowed lines: each line is cut at its CJK-side gaps into
/// pieces; pieces that are furniture by their form (a note's label or mark, a decorated
/// page number, the watermark, a volume or issue), or that recur through the document
/// beside such a piece (a journal's name in its head), become lines of their own; the
/// other pieces stay together, and those after a cut are marked as continuing the line.
/// A body piece right after furniture may carry the furniture's end glued to it (the
/// exporter joined the next page's head to the paragraph's continuation without a
/// space: `·13·一步分析`): a head form or a furniture string found elsewhere in the
/// document at its start is cut off.
pub fn cut(pages: &mut [Vec<Line>]) {
    let mut counts: FxMap<String, usize> = FxMap::default();
    for line in pages.iter().flatten() {
        for piece in pieces(&line.text) {
            *counts.entry(key(&piece)).or_default() += 1;
            // A journal's name printed with its issue counts as the name alone too: the
            // name recurs by itself in the heads of other pages.
            if let Some(name) = journal_of_head(&piece) {
                *counts.entry(key(name)).or_default() += 1;
            }
        }
    }
    // The furniture strings of the document, for their glued copies.
    let mut known: FxSet<String> = FxSet::default();
    let mut numbers: Vec<u32> = Vec::new();
    // The first page's lines above its first label (`摘要：`): the journal header, title,
    // authors and affiliations, where a header's parts share a line.
    let front = pages.first().map_or(0, |page| {
        page.iter()
            .take(FRONT_LINES)
            .position(|l| super::labels::label_of(&l.text).is_some())
            .unwrap_or(0)
    });
    // The article's title, which heads name (`陈芳，等：title`): its ideographs.
    let full_title: Vec<char> = pages.first().map_or(Vec::new(), |page| {
        let texts: Vec<&str> = page
            .iter()
            .take(FRONT_LINES)
            .map(|l| l.text.as_str())
            .collect();
        // The journal header above the title is no part of it (the header is not cut
        // out of the lines yet).
        (0..texts.len())
            .find(|&i| {
                super::heads::is_title_line(&texts, i)
                    && !super::furniture::is_journal_header(texts[i])
                    // (A page number and volume line, `24 第 29 卷 第 7 期`, is no title:
                    // too few ideographs to name the article by.)
                    && texts[i]
                        .chars()
                        .filter(|&c| ocrclean_text::is_ideograph(c))
                        .count()
                        >= TITLE_KEY
            })
            .map_or(Vec::new(), |i| {
                texts[i]
                    .chars()
                    .filter(|&c| ocrclean_text::is_ideograph(c))
                    .collect()
            })
    });
    let title: Vec<char> = full_title.iter().copied().take(TITLE_KEY).collect();
    let is_head = |piece: &str| names_title(piece, &title);
    for line in pages.iter().flatten() {
        let pieces = pieces(&line.text);
        for (piece, class) in pieces
            .iter()
            .zip(classes(&pieces, &counts, false, &is_head))
        {
            let packed = squeeze(piece);
            if class != Class::Body && (4..=MAX_GLUED).contains(&packed.chars().count()) {
                known.insert(packed);
            }
            if class != Class::Body && bare_number(piece) {
                numbers.push(piece.parse().unwrap_or(0));
            }
        }
    }
    // The page numbers printed apart from the text: a number glued to the text after a
    // head is one of them when it falls among them (`…第4期 140也是…`).
    let pages_printed = numbers
        .iter()
        .min()
        .copied()
        .zip(numbers.iter().max().copied());
    for (p, page) in pages.iter_mut().enumerate() {
        let mut out = Vec::with_capacity(page.len());
        for (i, line) in page.drain(..).enumerate() {
            let mut pieces = pieces(&line.text);
            let mut class = classes(&pieces, &counts, p == 0 && i < front, &is_head);
            // Peel furniture glued to the start of the body piece after furniture, or after
            // a bare number that is then the page number printed before the head
            // (`增长了 183 邓伟：…研究2003年`).
            let mut k = 1;
            while k < pieces.len() {
                let after_number = class[k - 1] == Class::Body && bare_number(&pieces[k - 1]);
                if class[k] == Class::Body && (class[k - 1] != Class::Body || after_number) {
                    let at = glued(&pieces[k], &known).or_else(|| {
                        (!after_number)
                            .then(|| glued_title(&pieces[k], &full_title))
                            .flatten()
                    });
                    let at = at.or_else(|| {
                        (class[k - 1] != Class::Body)
                            .then(|| glued_page_number(&pieces[k], pages_printed))
                            .flatten()
                    });
                    if let Some(at) = at {
                        let rest = pieces[k].split_off(at);
                        pieces.insert(k + 1, rest.trim_start().to_string());
                        class[k] = Class::Head;
                        class.insert(k + 1, Class::Body);
                        if after_number {
                            class[k - 1] = Class::Head;
                        }
                    }
                }
                k += 1;
            }
            if !class.iter().any(|&c| c != Class::Body) {
                out.push(line);
                continue;
            }
            run_on_notes(&mut pieces, &mut class);
            give_back_sentence_rest(&mut pieces, &mut class);
            // In the front block, the journal header's parts stand apart from a running
            // head printed beside them (`… Jan. 2010 欧阳文：问卷视角下…`).
            let front_line = p == 0 && i < front;
            let part: Vec<bool> = pieces
                .iter()
                .map(|piece| front_line && header_part(piece))
                .collect();
            let mut body = String::new();
            let mut continues = false;
            // Whether the last line pushed is a head's piece (the next joins it).
            let mut open_head = false;
            let mut last_part = false;
            for (k, (piece, &c)) in pieces.iter().zip(&class).enumerate() {
                if c == Class::Body {
                    if !body.is_empty() {
                        body.push(' ');
                    }
                    body.push_str(piece);
                    continue;
                }
                if !body.is_empty() {
                    let mut l = Line::new(std::mem::take(&mut body), line.input_line);
                    l.continues = continues;
                    out.push(l);
                    open_head = false;
                }
                let joins = open_head && c == Class::Head && part[k] == last_part;
                last_part = part[k];
                match out.last_mut() {
                    Some(last) if joins => {
                        last.text.push(' ');
                        last.text.push_str(piece);
                    }
                    _ => {
                        let mut l = Line::new(piece.clone(), line.input_line);
                        l.continues = true;
                        out.push(l);
                    }
                }
                open_head = c == Class::Head;
                continues = true;
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

/// A note the exporter's spaces cut short takes back the body pieces that finish it: a
/// date's month and day (`收稿日期：2013年` `5月` `8日`), or the rest of a note's sentence
/// up to its full stop (`*本文系…基于` `33所高校的…成果。`). Spaces beside digits are
/// typesetting, not the note's end.
fn run_on_notes(pieces: &mut Vec<String>, class: &mut Vec<Class>) {
    static DATE_PART: OnceLock<Regex> = OnceLock::new();
    let date_part = DATE_PART.get_or_init(|| {
        Regex::new(r"^(?:\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日)$").expect("valid date-part rule")
    });
    let mut k = 0;
    while k + 1 < pieces.len() {
        let (note, next) = (&pieces[k], &pieces[k + 1]);
        let label = super::labels::label_of(note);
        let sentence_note = matches!(label, Some(Field::Fund | Field::AuthorNotes))
            || (label.is_none() && super::labels::footnote_mark(note).is_some());
        // A label alone (`DOI：` `10.19497/…`) takes its value.
        let bare_label =
            super::labels::label_match(note).is_some_and(|(_, len)| note[len..].trim().is_empty());
        // A piece taken for a head only because it recurs beside furniture (`33所高校。`)
        // may finish the note; it must end the note's sentence then.
        let body = class[k + 1] == Class::Body
            || (furniture_class(next) == Class::Body && next.ends_with('。'));
        let takes = class[k] == Class::Note
            && body
            && if bare_label {
                true
            } else if label == Some(Field::Received) {
                note.ends_with(['年', '月']) && date_part.is_match(next)
            } else {
                // The piece must end the sentence, or hold none of its own to end.
                sentence_note
                    && !note.ends_with(['。', '.'])
                    && (next.ends_with('。') || !next.contains('。'))
                    && next.chars().count() <= 80
            };
        // Or the pieces up to the note's full stop, where some of them were taken for a
        // head's by recurring (`从` `46252万元到` `3.4%，…增长了` `0.932。`).
        let through = if sentence_note && !takes && !note.ends_with(['。', '.']) {
            sentence_rest(&pieces[k + 1..], &class[k + 1..])
        } else {
            usize::from(takes)
        };
        for _ in 0..through {
            let next = pieces.remove(k + 1);
            class.remove(k + 1);
            pieces[k].push(' ');
            pieces[k].push_str(&next);
        }
        if through == 0 {
            k += 1;
        }
    }
}

/// A first-page note set inside a sentence of the text, with the sentence's rest glued
/// to the note's full stop (`…从14.3%` `作者简介：…研究。到15053万元，…`): the rest goes
/// back to the text. Only where the text before the note stopped mid-sentence, so a note
/// of several sentences after a finished one keeps them.
fn give_back_sentence_rest(pieces: &mut Vec<String>, class: &mut Vec<Class>) {
    let mut open = false; // the text before stopped mid-sentence
    let mut k = 0;
    while k < pieces.len() {
        match class[k] {
            Class::Body => open = !pieces[k].ends_with(['。', '！', '？', '.', '!', '?']),
            Class::Note if open => {
                let piece = &pieces[k];
                let sentence_note = matches!(
                    super::labels::label_of(piece),
                    Some(Field::Fund | Field::AuthorNotes)
                );
                let stop = piece.find('。').map(|at| at + '。'.len_utf8());
                if let Some(stop) = stop.filter(|&at| sentence_note && at < piece.len()) {
                    let rest = pieces[k].split_off(stop);
                    if super::labels::label_of(rest.trim_start()).is_none() {
                        pieces.insert(k + 1, rest.trim_start().to_string());
                        class.insert(k + 1, Class::Body);
                    } else {
                        pieces[k].push_str(&rest);
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
}

/// How many of `rest` (classed `class`) finish a note's sentence: pieces that are no
/// furniture by form, the last ending with `。`, not too long together. A note of several
/// sentences runs on through pieces holding a full stop inside only while no piece was
/// taken for a head's.
fn sentence_rest(rest: &[String], class: &[Class]) -> usize {
    let mut chars = 0;
    let mut head = false;
    for (n, piece) in rest.iter().enumerate().take(6) {
        chars += piece.chars().count();
        if furniture_class(piece) != Class::Body || chars > 160 {
            return 0;
        }
        if piece.ends_with('。') {
            return n + 1;
        }
        head |= class[n] != Class::Body;
        if piece.contains('。') && head {
            return 0;
        }
    }
    0
}

/// Lines of the first page looked at for its front block.
const FRONT_LINES: usize = 8;

/// Each piece's class: furniture by its form, or a short piece beside such a piece that
/// recurs through the document (a journal's name or an author's head). In the first
/// page's `front` block, the parts of the journal header (`2009年8月 Vol. 30 No. 8`) are a
/// head's pieces too, and so is a name between two of them (`第30卷第8期  信息资源管理学刊
/// 2009年8月`): the header, printed on a line, is cut out of the title beside it.
fn classes(
    pieces: &[String],
    counts: &FxMap<String, usize>,
    front: bool,
    names_article: &dyn Fn(&str) -> bool,
) -> Vec<Class> {
    let mut formal: Vec<Class> = pieces
        .iter()
        .map(|p| match furniture_class(p) {
            Class::Body if names_article(p) => Class::Head,
            c => c,
        })
        .collect();
    if front {
        for (k, piece) in pieces.iter().enumerate() {
            if formal[k] == Class::Body && super::furniture::is_journal_header(piece) {
                formal[k] = Class::Head;
            }
        }
        for k in 1..pieces.len().saturating_sub(1) {
            if journal_name(&pieces[k])
                && formal[k - 1] == Class::Head
                && formal[k + 1] == Class::Head
            {
                formal[k] = Class::Head;
            }
        }
    }
    let mut class: Vec<Class> = (0..pieces.len())
        .map(|k| {
            let beside = (k > 0 && formal[k - 1] != Class::Body)
                || formal.get(k + 1).is_some_and(|&c| c != Class::Body);
            // A head naming the article runs longer than a journal's (`梁超，等：产业结构
            // 视角下人才培养的重塑路径`) but holds no sentence.
            let chars = pieces[k].chars().count();
            let short = chars <= 20 || (chars <= 40 && !pieces[k].contains(['。', '；']));
            // A bare number beside a head's piece is its page number (`29 第9卷`).
            let head_beside =
                (k > 0 && formal[k - 1] == Class::Head) || formal.get(k + 1) == Some(&Class::Head);
            let bare_number = pieces[k].len() <= 4 && pieces[k].chars().all(|c| c.is_ascii_digit());
            if formal[k] != Class::Body {
                formal[k]
            } else if (head_beside && bare_number)
                || (beside && short && counts.get(&key(&pieces[k])).copied().unwrap_or(0) >= 2)
            {
                Class::Head
            } else {
                Class::Body
            }
        })
        .collect();
    // A bare number beside a name found to be a head's only now (`高等教育探索` `93`).
    for k in 0..pieces.len() {
        let bare_number = pieces[k].len() <= 4 && pieces[k].chars().all(|c| c.is_ascii_digit());
        let head_beside =
            (k > 0 && class[k - 1] == Class::Head) || class.get(k + 1) == Some(&Class::Head);
        if class[k] == Class::Body && bare_number && head_beside {
            class[k] = Class::Head;
        }
    }
    class
}

/// Ideographs of the title a head must repeat.
const TITLE_KEY: usize = 6;

/// A running head naming the article: its authors and its title cut short
/// (`韩磊：平台与产业结构：基于34所高…`), or an author's name (`陈芳，等：`, `欧阳文：`)
/// before the start of the article's `title` (its first ideographs).
fn names_title(piece: &str, title: &[char]) -> bool {
    let name = author_head();
    if super::unpaged::truncated_title_head(piece) {
        return true;
    }
    let Some(m) = name.find(piece) else {
        return false;
    };
    let rest: Vec<char> = piece[m.end()..]
        .chars()
        .filter(|&c| ocrclean_text::is_ideograph(c))
        .take(title.len())
        .collect();
    title.len() == TITLE_KEY && rest == title && !piece.contains(['。', '；'])
}

/// The journal's name leading or ending a head's piece that also prints the year and
/// issue (`现代管理评论 2003年第9期`, `32 2003年第9期 现代管理评论` → `现代管理评论`).
fn journal_of_head(piece: &str) -> Option<&str> {
    let name_end = piece
        .char_indices()
        .find(|&(_, c)| !ocrclean_text::is_ideograph(c))
        .map_or(piece.len(), |(i, _)| i);
    let name_start = piece
        .char_indices()
        .rev()
        .find(|&(_, c)| !ocrclean_text::is_ideograph(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = if piece[..name_end].chars().count() >= 2 {
        &piece[..name_end]
    } else {
        &piece[name_start..]
    };
    (name.chars().count() >= 2 && name.len() < piece.len() && head_rule().is_match(&squeeze(piece)))
        .then_some(name)
}

/// The start of a head naming the article: an author's name, with `等` for the others
/// (`陈芳，等：`, `欧阳文：`).
fn author_head() -> &'static Regex {
    static NAME: OnceLock<Regex> = OnceLock::new();
    NAME.get_or_init(|| {
        Regex::new(r"^\p{Han}{2,4}(?:[，,]\s*等)?\s*[：:]").expect("valid author-name rule")
    })
}

/// Where a head naming the article ends when the exporter glued the text after it
/// (`周婷磊，等：我国…机制研究具有深层的…`): an author's name, then the article's title
/// (`title`, its ideographs) in full or cut short with `…`. Something must be left.
fn glued_title(piece: &str, title: &[char]) -> Option<usize> {
    let name = author_head();
    if title.len() < TITLE_KEY {
        return None;
    }
    let start = name.find(piece)?.end();
    let mut matched = 0;
    let mut end = start;
    for (i, c) in piece[start..].char_indices() {
        if matched == title.len() {
            break;
        }
        if ocrclean_text::is_ideograph(c) {
            if c != title[matched] {
                return None;
            }
            matched += 1;
        } else if c == '…' && matched >= TITLE_KEY {
            end = start + i + c.len_utf8();
            break;
        } else if !c.is_whitespace() && !title_mark(c) && !c.is_ascii_alphanumeric() {
            // (A title's digits and Latin letters are not among its ideographs.)
            return None;
        }
        end = start + i + c.len_utf8();
    }
    (matched >= TITLE_KEY && end < piece.len()).then_some(end)
}

/// Punctuation a title may print between its words (`：`, `——`, quotes).
fn title_mark(c: char) -> bool {
    matches!(
        c,
        '：' | ':' | '—' | '-' | '“' | '”' | '《' | '》' | '，' | '、'
    )
}

/// A run of Han characters that may name a journal.
fn journal_name(piece: &str) -> bool {
    piece.chars().count() <= 20 && piece.chars().all(ocrclean_text::is_ideograph)
}

/// A part of a journal header, or the journal's name among them (for the front block).
fn header_part(piece: &str) -> bool {
    let number = piece.len() <= 4 && piece.chars().all(|c| c.is_ascii_digit());
    number
        || journal_name(piece)
        || head_rule().is_match(&squeeze(piece))
        || super::furniture::is_journal_header(piece)
}

/// Where furniture glued to the start of a body piece ends (a byte index), if it does:
/// a page number in its decoration or a volume and issue (`·13·一步`, `第139页培养`,
/// `第22卷第9期一步`),
/// or the longest furniture string of the document it starts with. Something must be
/// left after it.
fn glued(piece: &str, known: &FxSet<String>) -> Option<usize> {
    static FORM: OnceLock<Regex> = OnceLock::new();
    let form = FORM.get_or_init(|| {
        Regex::new(
            r"^(?:[·•\-—－]\s*\d{1,4}\s*[·•\-—－]|第\s*\d{1,4}\s*页|第\s*\d{1,3}\s*卷(?:\s*第\s*\d{1,2}\s*期)?|(?:\p{Han}{2,12}\s*[·•]\s*)?(?:19|20)\d{2}\s*年\s*第\s*\d{1,2}\s*期)",
        )
        .expect("valid glued-furniture rule")
    });
    if let Some(m) = form.find(piece).filter(|m| m.end() < piece.len()) {
        return Some(m.end());
    }
    let ends: Vec<usize> = piece
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .take(MAX_GLUED)
        .collect();
    ends.into_iter()
        .rev()
        .find(|&end| known.contains(&squeeze(&piece[..end])))
}

/// Where a page number glued to the text after a head ends (`140也是…`): a number of one
/// to four digits within `printed` (the lowest and highest page numbers printed apart,
/// widened by a page or two at either end) before an ideograph that no count takes
/// (`2009年`, `32所`, `12个` are the text's).
fn glued_page_number(piece: &str, printed: Option<(u32, u32)>) -> Option<usize> {
    let (low, high) = printed?;
    let digits = piece.bytes().take_while(u8::is_ascii_digit).count();
    let next = piece[digits..].chars().next()?;
    let number: u32 = piece[..digits].parse().ok()?;
    ((1..=4).contains(&digits)
        && ocrclean_text::is_ideograph(next)
        && !"年月日号期卷版所个份名人家项篇次倍万亿元岁届类种条位".contains(next)
        && (low.saturating_sub(2)..=high + 2).contains(&number))
    .then_some(digits)
}

/// A piece that is a number alone (`183`), as a page number printed before its head is.
fn bare_number(piece: &str) -> bool {
    (1..=4).contains(&piece.len()) && piece.bytes().all(|b| b.is_ascii_digit())
}

fn key(piece: &str) -> String {
    piece
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A piece's class by its form alone. Spaces inside it aside (`— 163 —`,
/// `第 11 卷 第 4 期`).
fn furniture_class(piece: &str) -> Class {
    let head = head_rule();
    let mark_led = super::labels::footnote_mark(piece).is_some() && piece.chars().count() >= 4;
    let note = super::labels::label_of(piece).is_some_and(|f| {
        matches!(
            f,
            Field::Received | Field::Fund | Field::AuthorNotes | Field::Doi
        )
    });
    let packed = squeeze(piece);
    // A page number printed `第23页`.
    let page = packed
        .strip_prefix('第')
        .and_then(|t| t.strip_suffix('页'))
        .is_some_and(|t| (1..=4).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit()));
    let number = (furniture_token(&packed) || page) && !mark_led;
    if mark_led || note || !super::watermark::spans(piece).is_empty() {
        Class::Note
    } else if number || head.is_match(&packed) {
        Class::Head
    } else {
        Class::Body
    }
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
        // A page number glued to the paragraph's continuation.
        assert_eq!(
            pieces("成果。 ©1994 China http://www.cnki.net -67-]。换言之"),
            [
                "成果。",
                "©1994 China http://www.cnki.net",
                "-67-",
                "]。换言之"
            ]
        );
        assert_eq!(
            pieces("协同。 工程研究·2018年第11期 — 15 —机制。采用"),
            ["协同。", "工程研究·2018年第11期", "— 15 —", "机制。采用"]
        );
        assert_eq!(pieces("区间 5-10-20 之间"), ["区间", "5-10-20", "之间"]);
        assert_eq!(
            pieces("占比2 ©1994-2006 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net ·56·"),
            [
                "占比2",
                "©1994-2006 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net",
                "·56·"
            ]
        );
        // A page number before the watermark stays with it.
        assert_eq!(
            pieces("研究。 116 ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net"),
            [
                "研究。",
                "116 ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net"
            ]
        );
        // A typesetting space right after a note's first character.
        assert_eq!(
            pieces("视角 ➅从 2012年到8.1%。 模型"),
            ["视角", "➅从 2012年到8.1%。", "模型"]
        );
        assert_eq!(
            journal_of_head("现代管理评论 2003年第9期"),
            Some("现代管理评论")
        );
        assert_eq!(journal_of_head("2003年第9期"), None);
        // A note with Latin words in it is one piece.
        assert_eq!(
            pieces("视角。 ³信息技术（path dependence）是理解。 ⁴框架"),
            ["视角。", "³信息技术（path dependence）是理解。", "⁴框架"]
        );
        assert_eq!(pieces("整段没有空格的段落。").len(), 1);
    }

    #[test]
    fn a_head_naming_the_article_glued_to_the_text() {
        let title: Vec<char> = "我国模型影响因素机制研究".chars().collect();
        let piece = "周婷磊，等：我国模型影响因素机制研究具有深层的提升作用。";
        let at = glued_title(piece, &title).unwrap();
        assert_eq!(&piece[at..], "具有深层的提升作用。");
        let cut = "曾丽，等：我国模型影响因素…的作用。";
        assert_eq!(&cut[glued_title(cut, &title).unwrap()..], "的作用。");
        let numbered: Vec<char> = "学科建设与评价体系基于所高校的实证分析".chars().collect();
        let head = "曾丽，等：学科建设与评价体系：基于17…]。";
        assert_eq!(&head[glued_title(head, &numbered).unwrap()..], "]。");
        let known = FxSet::default();
        let journal = "现代管理评论·2011年第2期要进一步揭示";
        assert_eq!(&journal[glued(journal, &known).unwrap()..], "要进一步揭示");
        assert_eq!(glued_title("周婷磊，等：另一个题目的研究。", &title), None);
        // The head alone leaves nothing to cut off.
        assert_eq!(
            glued_title("周婷磊，等：我国模型影响因素机制研究", &title),
            None
        );
    }

    #[test]
    fn notes_cut_short_by_spaces_take_their_rest_back() {
        let run = |text: &str| {
            let mut p = pieces(text);
            let mut c: Vec<Class> = p.iter().map(|x| furniture_class(x)).collect();
            run_on_notes(&mut p, &mut c);
            p
        };
        assert_eq!(
            run("组织 收稿日期：2013年 5月 8日 文化的规模"),
            ["组织", "收稿日期：2013年 5月 8日", "文化的规模"]
        );
        assert_eq!(
            run("组织 *本文系某项目“基于 33所高校的分析”的成果。 文化的规模"),
            [
                "组织",
                "*本文系某项目“基于 33所高校的分析”的成果。",
                "文化的规模"
            ]
        );
        assert_eq!(
            run("DOI： 10.19497/j.ab.2012.02.013"),
            ["DOI： 10.19497/j.ab.2012.02.013"]
        );
        // Pieces a recurring form took for a head's finish the note all the same.
        let mut p: Vec<String> = [
            "成果。",
            "➀治理是力量。从",
            "46252万元到",
            "3.4%，增长了",
            "0.932。",
            "正文",
        ]
        .map(String::from)
        .to_vec();
        let mut c = vec![
            Class::Body,
            Class::Note,
            Class::Head,
            Class::Body,
            Class::Head,
            Class::Body,
        ];
        run_on_notes(&mut p, &mut c);
        assert_eq!(
            p,
            [
                "成果。",
                "➀治理是力量。从 46252万元到 3.4%，增长了 0.932。",
                "正文"
            ]
        );
        assert_eq!(
            pieces("长 http://www.cnki.net 第 44 卷 第 1 期期力量"),
            ["长", "http://www.cnki.net", "第 44 卷 第 1 期", "期力量"]
        );
        assert_eq!(
            pieces("学 http://www.cnki.net 154 期刊 2015年第12期 生的"),
            [
                "学",
                "http://www.cnki.net",
                "154",
                "期刊 2015年第12期",
                "生的"
            ]
        );
        // A finished note takes nothing; the body after it stays body.
        assert_eq!(
            run("组织 收稿日期：2013年5月8日 9日"),
            ["组织", "收稿日期：2013年5月8日", "9日"]
        );
    }

    #[test]
    fn a_sentence_resumed_after_a_note_goes_back_to_the_text() {
        let run = |pieces: &[&str], class: &[Class]| {
            let mut p: Vec<String> = pieces.iter().map(|s| s.to_string()).collect();
            let mut c = class.to_vec();
            give_back_sentence_rest(&mut p, &mut c);
            (p, c)
        };
        let (p, c) = run(
            &[
                "检验路径。从14.3%",
                "作者简介：胡某（1971—），女，教授。到15053万元，增长了。",
            ],
            &[Class::Body, Class::Note],
        );
        assert_eq!(
            p,
            [
                "检验路径。从14.3%",
                "作者简介：胡某（1971—），女，教授。",
                "到15053万元，增长了。"
            ]
        );
        assert_eq!(c, [Class::Body, Class::Note, Class::Body]);
        // After a finished sentence the note keeps its sentences.
        let (p, _) = run(
            &["检验路径。", "*本文系某项目的成果。感谢匿名评审。"],
            &[Class::Body, Class::Note],
        );
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn spaced_heads_and_numbers_are_one_piece() {
        let p = pieces("关联。 118  第 7 卷 第 1 期 研究");
        assert_eq!(p, ["关联。", "118", "第 7 卷 第 1 期", "研究"]);
        assert_eq!(
            pieces("2018年第11期 — 14 — 研究"),
            ["2018年第11期", "— 14 —", "研究"]
        );
        assert_eq!(furniture_class(&p[2]), Class::Head);
        assert_eq!(furniture_class("— 163 —"), Class::Head);
        assert_eq!(furniture_class("第23页"), Class::Head);
        // A year and a number in running text stay body.
        assert_eq!(furniture_class("2019年的"), Class::Body);
    }

    fn cut_one(text: &str) -> Vec<(String, bool)> {
        let mut pages = vec![vec![Line::new(text, 0)]];
        cut(&mut pages);
        pages[0]
            .iter()
            .map(|l| (l.text.clone(), l.continues))
            .collect()
    }

    #[test]
    fn a_heads_pieces_stand_together_and_notes_alone() {
        let lines =
            cut_one("组织 收稿日期：2002-12-13 *本文系某项目的成果。 29 第9卷 第10期 文化的规模");
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "组织",
                "收稿日期：2002-12-13",
                "*本文系某项目的成果。",
                "29 第9卷 第10期",
                "文化的规模"
            ]
        );
        assert!(lines[4].1, "the paragraph's continuation continues it");
    }

    #[test]
    fn a_head_naming_the_title_is_cut_out() {
        let mut pages = vec![vec![
            Line::new("框架视角下影响因素的引导路径", 0),
            Line::new("陈芳，李四", 1),
            Line::new("摘要：本文", 2),
            Line::new(
                "课程是重塑评价体系的动 46 陈芳，等：框架视角下影响因素的引导路径 态力量。",
                3,
            ),
        ]];
        cut(&mut pages);
        let texts: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            &texts[3..],
            [
                "课程是重塑评价体系的动",
                "46 陈芳，等：框架视角下影响因素的引导路径",
                "态力量。"
            ]
        );
        assert!(!names_title("研究发现：框架视角下影响", &[]));
    }

    #[test]
    fn a_journal_header_printed_beside_the_title_is_cut_out() {
        let mut pages = vec![vec![
            Line::new(
                "第29卷第1期  信息资源管理学刊  2010年1月 ISSN 1038-9594 Vol. 29 No. 1  Jan. 2010 欧阳文：问卷视角下",
                0,
            ),
            Line::new("问卷视角下学科建设的引导路径", 1),
            Line::new("摘要：本文 2010年1月 研究", 2),
        ]];
        cut(&mut pages);
        let texts: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "第29卷第1期 信息资源管理学刊 2010年1月 ISSN 1038-9594 Vol. 29 No. 1 Jan. 2010",
                "欧阳文：问卷视角下",
                "问卷视角下学科建设的引导路径",
                "摘要：本文 2010年1月 研究",
            ]
        );
    }

    #[test]
    fn furniture_glued_to_the_continuation_is_cut_off() {
        let lines = cut_one("需要进 第 11 卷 第 4 期 ·13·一步分析。");
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["需要进", "第 11 卷 第 4 期 ·13·", "一步分析。"]);
        // A head found elsewhere in the document, glued to the text after a page number.
        let mut pages = vec![vec![
            Line::new("影响因 -12- 赵萌文：资源配置机制研究", 0),
            Line::new("体系。 -14- 赵萌文：资源配置机制研究", 1),
            Line::new("之间 -13- 赵萌文：资源配置机制研究素之间存在关联。", 2),
        ]];
        cut(&mut pages);
        let texts: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "影响因",
                "-12- 赵萌文：资源配置机制研究",
                "体系。",
                "-14- 赵萌文：资源配置机制研究",
                "之间",
                "-13- 赵萌文：资源配置机制研究",
                "素之间存在关联。"
            ]
        );
    }

    #[test]
    fn a_page_number_glued_to_the_text_after_a_head_is_cut_off() {
        let mut pages = vec![vec![
            Line::new("显著力量， 区域经济评论·2009年第4期 138 也是基础。", 0),
            Line::new("研究 区域经济评论·2009年第4期 139 发现。", 1),
            Line::new("显著力量， 区域经济评论·2009年第4期 140也是基础。", 2),
            // A count glued to the text after a head stays the text's.
            Line::new("共有 区域经济评论·2009年第4期 139所高校。", 3),
        ]];
        cut(&mut pages);
        let texts: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
        let at = texts
            .iter()
            .position(|t| t.ends_with(" 140"))
            .expect("the number cut off");
        assert_eq!(texts[at + 1], "也是基础。");
        assert_eq!(texts.last(), Some(&"139所高校。"));
    }
}
