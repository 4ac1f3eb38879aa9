//! Where a column's reference list ends. Plain `pdftotext` may deal the other column's
//! running text after the list has begun (the left column's last paragraphs after the
//! right column's `参考文献`): read in that order the body would go into the list. A
//! reader knows better: once a column has reached its references, what follows in it is
//! entries (`[N] author. title[J]. journal, year(issue): pages.`) and their continued
//! lines, never a paragraph of Chinese prose. The dealing uses each block's role.

use super::Line;
use regex::Regex;
use std::sync::OnceLock;

/// What a column block is to the reference list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
    /// The `参考文献` heading: the column's list begins.
    Heading,
    /// An entry or an entry's continued lines (a document-type code, a year with its
    /// issue, an author's full stop): the list's, never a paragraph's.
    Entry,
    /// Chinese running text with nothing of an entry: no part of a list.
    Prose,
    /// Neither (a Latin line, a section heading, a cell).
    Other,
}

/// Where a column stands to its reference list, as its blocks are dealt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Stage {
    /// Nothing told yet (a column may open with the entries the previous one left).
    Open,
    /// Running text read: the list, if any, starts with its heading.
    Body,
    /// The list has begun: no running text follows in the column.
    List,
}

/// What a block of role `role` costs dealt into a column at `stage` (prose after the
/// list's start; entries under running text with no heading between), in the units of
/// the junctions, and the column's stage after it.
pub(super) fn place(stage: Stage, role: Role) -> (i32, Stage) {
    match (stage, role) {
        (_, Role::Heading) => (0, Stage::List),
        (Stage::List, Role::Prose) => (-OUT_OF_PLACE, Stage::List),
        (Stage::Body, Role::Entry) => (-OUT_OF_PLACE, Stage::List),
        (Stage::Open, Role::Entry) => (0, Stage::List),
        (Stage::Open, Role::Prose) => (0, Stage::Body),
        (stage, _) => (0, stage),
    }
}

/// What a block out of its place in a column costs: more than a junction's n-grams
/// gain (a prose block's start may well follow an entry's last words by chance).
const OUT_OF_PLACE: i32 = 12;

/// A document-type code (`[J]`, `[M]`, `[D]`, `[J/OL]`) or a year with its issue, a
/// volume between them or not (`2013（12）：`, `2009, 16(4): 238`): marks of an entry,
/// not of prose.
fn entry_marks() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"[\[［][A-Z]{1,2}(?:/[A-Z]{1,3})?[\]］]|(?:19|20)\d\d\s*[,，]?\s*(?:\d{1,4}\s*)?[(（]\d{1,3}[)）]\s*[:：]?")
            .expect("valid entry-mark rule")
    })
}

/// An entry's first line: a bracketed number followed by its author (not a citation
/// closing a sentence, `[11]，对…`).
fn entry_start() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^[\[［]\s*\d{1,3}\s*[\]］]\s*[^\s，。、；：,.;:）)]")
            .expect("valid entry-start rule")
    })
}

/// Least ideographs in a prose block, and how many times its Latin letters they number
/// at least (a Chinese paragraph's Latin words are a few).
const PROSE_IDEOGRAPHS: usize = 8;
const PROSE_OVER_LATIN: usize = 3;

/// An author list's or title's full stop followed by a space (`王某. 某某`, `Smith S.
/// Title`): an entry's, where prose has `。` (a decimal point has digits on both sides).
fn entry_stop(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == '.' && w[2] == ' ' && !w[0].is_ascii_digit())
}

pub(super) fn role(lines: &[Line]) -> Role {
    let marked = lines.iter().any(|l| entry_marks().is_match(&l.text));
    let heading = lines
        .iter()
        .any(|l| super::super::labels::is_references_heading(&l.text));
    let stop = lines.iter().any(|l| entry_stop(&l.text));
    let entry = lines
        .iter()
        .any(|l| entry_start().is_match(l.text.trim_start()));
    if heading {
        return Role::Heading;
    }
    if marked || entry && stop {
        return Role::Entry;
    }
    if entry || stop || lines.len() == 1 && super::is_heading(lines[0].text.trim()) {
        return Role::Other;
    }
    let chars = lines.iter().flat_map(|l| l.text.chars());
    let (ideographs, latin) = chars.fold((0, 0), |(i, l), c| {
        (
            i + usize::from(ocrclean_text::is_ideograph(c)),
            l + usize::from(c.is_ascii_alphabetic()),
        )
    });
    // Sentences have their commas and stops; a caption or a title line has none.
    let punctuated = lines.iter().any(|l| l.text.contains(['，', '。', '；']));
    if punctuated && ideographs >= PROSE_IDEOGRAPHS && ideographs >= latin * PROSE_OVER_LATIN {
        Role::Prose
    } else {
        Role::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(texts: &[&str]) -> Role {
        let lines: Vec<Line> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line::new(*t, i))
            .collect();
        role(&lines)
    }

    #[test]
    fn the_heading_and_entries_begin_a_list() {
        assert_eq!(role_of(&["参考文献："]), Role::Heading);
        assert_eq!(
            role_of(&["[2] 王某，李某. 某某问题研究：理论与证据 [J]. 某某评论，2013（12）"]),
            Role::Entry
        );
        assert_eq!(
            role_of(&[
                "[3]Smith S, Li A. Some title words[J]. Journal of",
                "Things, 2009, 16(4): 238-302."
            ]),
            Role::Entry
        );
        // An author's full stop without a document-type code.
        assert_eq!(
            role_of(&["[16] 郝某，严某. 某某均等化与某某升级：理"]),
            Role::Entry
        );
    }

    #[test]
    fn an_entrys_continued_lines_are_no_prose() {
        assert_eq!(role_of(&["76-158."]), Role::Other);
        assert_eq!(
            role_of(&["某某数据的分析 [J]. 某某研究，2020（6）："]),
            Role::Entry
        );
        assert_eq!(
            role_of(&["Public Policy, 1996, 50(1): 175-319."]),
            Role::Entry
        );
    }

    #[test]
    fn a_column_reads_body_then_its_list() {
        assert_eq!(place(Stage::Open, Role::Entry), (0, Stage::List));
        assert_eq!(place(Stage::Open, Role::Prose), (0, Stage::Body));
        assert_eq!(place(Stage::Body, Role::Heading), (0, Stage::List));
        assert_eq!(place(Stage::List, Role::Other), (0, Stage::List));
        assert!(place(Stage::List, Role::Prose).0 < 0);
        assert!(place(Stage::Body, Role::Entry).0 < 0);
    }

    #[test]
    fn running_text_is_prose_even_with_a_citation() {
        assert_eq!(
            role_of(&[
                "[11]，对某某的关注相对不足。正如某某所指出的，这一",
                "结论与已有研究基本一致。"
            ]),
            Role::Prose
        );
        assert_eq!(
            role_of(&[
                "足。本文采用某某方法，基于 27 个省份 2010—2016",
                "年的面板数据进行检验。"
            ]),
            Role::Prose
        );
        // Figures and a Latin word or two do not make prose anything else.
        assert_eq!(
            role_of(&[
                "上升到 2014 年的 1723，年均增长 12.9%。样本中",
                "约有 85.0% 的地区属于这种情况，Python 指标"
            ]),
            Role::Prose
        );
        // A table's caption on its own line is no sentence.
        assert_eq!(role_of(&["某某交易对某某积累影响的回归结果"]), Role::Other);
        // A heading is neither: an appendix may follow a list.
        assert_eq!(role_of(&["五、结论与建议"]), Role::Other);
    }
}
