//! What recognising running heads and page numbers needs, shared by the paged search
//! (`furniture`) and the search through exports without page ends (`unpaged`): the keys
//! lines are compared by, the tests of a candidate line, and what was found.

use crate::model::{NumberPass, PageNumber, Removal, RemovalKind};
use ocrclean_text::distance::bounded_levenshtein;
use ocrclean_text::is_ideograph;
use regex::Regex;
use std::sync::OnceLock;

/// Lines at each end of a page where heads, feet and page numbers are looked for.
pub const ZONE: usize = 3;
/// Longest line (non-space characters) that can be a running head.
pub const MAX_HEAD: usize = 60;
/// Fewest characters a head's key must have to be compared.
pub const MIN_KEY: usize = 4;

/// What furniture the pages carried: removals, page numbers, and per page the printed
/// number found.
#[derive(Default)]
pub struct Found {
    pub removed: Vec<Removal>,
    pub page_numbers: Vec<PageNumber>,
    pub printed: Vec<Option<String>>,
    /// Input lines of heads and page numbers found without page ends: where the export's
    /// lost page ends were.
    pub page_ends: Vec<usize>,
}

impl Found {
    /// Records a page number printed as `text`, and the page's number when `page` is known.
    pub fn number(&mut self, page: Option<usize>, number: &str, text: &str) {
        if let Some(p) = page {
            self.printed[p].get_or_insert_with(|| number.to_string());
        }
        self.page_numbers
            .push(PageNumber::new(number, text.trim(), NumberPass::Single));
    }

    /// Records a removal made by the rule named `rule`.
    pub fn remove(&mut self, kind: RemovalKind, text: &str, rule: &str) {
        self.removed
            .push(Removal::new(kind, text.trim()).by_rule(rule));
    }
}

/// A line's key for recurrence: its CJK characters, or its letters when it has none.
/// Digits printed between its CJK characters count too: a head repeats whole, while a
/// sentence set from a template recurs with other figures in it
/// (`的治理能力由2014 年的1.79 上升到` / `…由2013 年的0.055 上升到`); the page number
/// at a head's end does not count.
pub fn head_key(text: &str) -> Vec<char> {
    if text.chars().filter(|&c| is_ideograph(c)).count() >= 2 {
        return cjk_key(text);
    }
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A line's CJK characters and the digits printed between them (see [`head_key`]).
fn cjk_key(text: &str) -> Vec<char> {
    // A page number printed in words (`第104页`) is no part of the head, wherever it is.
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let page = PAGE.get_or_init(|| Regex::new(r"第\s*\d{1,4}\s*页").expect("valid page rule"));
    let text = &*page.replace_all(text, "");
    let first = text.find(is_ideograph).unwrap_or(0);
    let end = text
        .char_indices()
        .rfind(|&(_, c)| is_ideograph(c))
        .map_or(text.len(), |(at, c)| at + c.len_utf8());
    text[first..end]
        .chars()
        .filter(|&c| is_ideograph(c) || c.is_ascii_digit())
        .collect()
}

/// Lines at a first page's top where the title is looked for.
pub const TITLE_LINES: usize = 16;

/// Whether line `i` of the first page (`texts`, its lines in order) is the article's
/// title, which a running head may repeat: the authors' line follows it, directly or
/// after a second title line (a short line that ends no sentence). The title is printed
/// once, above the authors; a head that repeats it is printed on the pages after.
pub fn is_title_line(texts: &[&str], i: usize) -> bool {
    let authors = |k: usize| {
        texts
            .get(k)
            .is_some_and(|t| super::fields::looks_like_authors(t))
    };
    let title_piece = |k: usize| {
        texts.get(k).is_some_and(|t| {
            let t = t.trim();
            let chars = t.chars().filter(|c| !c.is_whitespace()).count();
            (2..=40).contains(&chars)
                && !t.ends_with(['。', '；', '：', ';', ':'])
                && super::labels::label_of(t).is_none()
        })
    };
    // An OCR engine's word gaps make a title look like names (`信息 技术 视角 下样`):
    // above the authors it is the title all the same, but a second title line must
    // not be the authors'.
    let second_piece = |k: usize| title_piece(k) && !authors(k);
    // The second line of a title continues the first; a line that repeats the one above
    // (a head naming the title, then the title) does not.
    let continues = |k: usize| {
        let next: Vec<char> = texts[k + 1]
            .chars()
            .filter(|&c| is_ideograph(c))
            .take(4)
            .collect();
        let this: Vec<char> = texts[k].chars().filter(|&c| is_ideograph(c)).collect();
        next.len() < 4 || !this.windows(4).any(|w| w == next.as_slice())
    };
    i < TITLE_LINES
        && title_piece(i)
        && (authors(i + 1)
            || (second_piece(i + 1) && authors(i + 2) && continues(i))
            || (i > 0
                && second_piece(i)
                && title_piece(i - 1)
                && authors(i + 1)
                && continues(i - 1)))
}

/// A numbered section heading (`一、`, `（二）`, `第三章`, `2.1 数据`), spaces ignored. Running
/// heads never carry a section number, while an article may print the same heading twice
/// (`（一）研究局限` under two sections) near page tops: such lines are never heads.
pub fn section_heading(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(
            r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十\d]{1,3}[章节]|\d{1,2}(?:\.\d{1,2}){1,3}\p{Han})",
        )
        .expect("valid section heading rule")
    });
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(12)
        .collect();
    rule.is_match(&squeezed)
}

/// A line that may be a head: short, with a few characters to compare, not ending like
/// running text does, not a numbered section heading.
pub fn candidate(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let ends_clause = text
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| "。，；！？,;：:、".contains(c));
    chars <= MAX_HEAD
        && split_digits(&head_key(text)).1.len() >= MIN_KEY
        && !ends_clause
        && !section_heading(text)
        && !piece_of_sentence(text)
}

/// A piece of a sentence a text layer put on its own line, never a head: a quoted work
/// alone (`《…的理论逻辑与实践进路》`, a note citing a title the notes of other pages cite
/// too), a line opening with a clause mark (`，载《…》`), a line where one sentence
/// ends and the next begins (`用。本次调查共收集…`): heads print no full stop inside, a
/// line of two clauses after commas, or one that closes a bracket opened before it, or
/// opens one.
fn piece_of_sentence(text: &str) -> bool {
    let t = text.trim();
    // (Checked cheapest first: this runs on every line of a page's head zones.)
    let stop_inside = || {
        t.split_once(['。', '！', '？'])
            .is_some_and(|(_, after)| after.chars().any(is_ideograph))
    };
    // A bracket the line before opened, closed before the sentence goes on
    // (`structural equation model）是理解评`), or one opened for the next line to close
    // (`…占比78.7%[`): a head's brackets are its own.
    let closes_first = || {
        t.find(['（', '(', '）', ')'])
            .filter(|&at| t[at..].starts_with(['）', ')']))
            .is_some_and(|at| t[at..].chars().any(is_ideograph))
    };
    // Two clauses run on past a comma each (`…的系数为 0.4，且在 10% 的水平上显著，说明…`):
    // a head's one comma stands before `等` (`张三，等：…`).
    let clauses = || {
        t.split('，')
            .skip(1)
            .filter(|after| !after.starts_with('等') && after.chars().any(is_ideograph))
            .count()
            >= 2
    };
    (t.starts_with('《') && t.ends_with('》'))
        || t.starts_with(['，', '、', '；', '：', ',', ';'])
        || t.ends_with(['[', '［', '（', '(', '“', '《'])
        || stop_inside()
        || closes_first()
        || clauses()
}

/// A short piece of a head a text layer put on its own line (`第 4 期`, `南方能源建设`):
/// compared exactly, digits aside, and only with pieces as short.
pub fn short_piece(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let key = head_key(text);
    (2..=12).contains(&chars) && key.len() >= 2 && !candidate(text) && !section_heading(text) && {
        let last = text.trim_end().chars().next_back();
        !last.is_some_and(|c| "。，；！？,;：:、".contains(c))
    }
}

/// `similar`, as close as a text layer's heads are to each other when the lines were not
/// read by an OCR engine: a font maps a head's characters the same way on every page,
/// so of keys as long only one character in eight may differ, while
/// sentences set from one template differ in a word or two
/// (`…的关键在于公共价值与考核体系的有机统一` / `…在于制度安排与考核体系…`).
pub fn similar_as_read(a: &[char], b: &[char], ocr: bool) -> bool {
    if !similar(a, b) {
        return false;
    }
    if ocr {
        return true;
    }
    // The figures printed inside a head are the same on every page (a misread aside).
    let (da, wa) = split_digits(a);
    let (db, wb) = split_digits(b);
    let strict = wa.len().max(wb.len()) / 8;
    // (Keys of other lengths, a head and the title it shortens, are compared as
    // `similar` compares them.)
    bounded_levenshtein(&da, &db, 1).is_some()
        && (wa.len().abs_diff(wb.len()) > strict || bounded_levenshtein(&wa, &wb, strict).is_some())
}

/// A key's digits and its other characters, each in order.
fn split_digits(key: &[char]) -> (Vec<char>, Vec<char>) {
    key.iter().partition(|c| c.is_ascii_digit())
}

/// `similar`, and as long within two characters: no prefix match, so a line that only
/// opens with a head's words (a sentence naming the journal) is not one.
pub fn similar_whole(a: &[char], b: &[char]) -> bool {
    a.len().abs_diff(b.len()) <= 2 && similar(a, b)
}

pub fn similar(a: &[char], b: &[char]) -> bool {
    if a.iter().chain(b).any(char::is_ascii_digit) {
        // Words only: an OCR engine misreads figures as often as words
        // (`similar_as_read` holds a text layer's figures to their repeating).
        return similar(&split_digits(a).1, &split_digits(b).1);
    }
    if a.len() < MIN_KEY || b.len() < MIN_KEY {
        return a == b && a.len() >= 2;
    }
    let longest = a.len().max(b.len());
    let allowed = (longest / 4).max(1);
    if a.len().abs_diff(b.len()) <= allowed {
        return bounded_levenshtein(a, b, allowed).is_some();
    }
    // An OCR engine adds residue at a head's end (`44 工 性 数学 学 报 第 19 社 国生`):
    // a long enough head matches the start of the longer one.
    // Only CJK keys: a line of English prose at a page foot starts like the next page's
    // last line often enough (`capacity; learning` / `capacity learning students …`).
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.len() >= 6
        && short.iter().all(|&c| is_ideograph(c))
        && bounded_levenshtein(short, &long[..short.len()], (short.len() / 4).max(1)).is_some()
}

/// A number printed at either end of a running head (`100 数学的实践与认识`,
/// `…控制 33`), bare or in its decorations (`・106・ 信息资源管理`, `…研究 — 33 —`).
pub fn edge_number(text: &str) -> Option<String> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || "·•・‧∙⋅-—–－".contains(c));
    let lead: String = t.chars().take_while(char::is_ascii_digit).collect();
    let trail: String = {
        let mut v: Vec<char> = t.chars().rev().take_while(char::is_ascii_digit).collect();
        v.reverse();
        v.into_iter().collect()
    };
    [lead, trail]
        .into_iter()
        .find(|n| (1..=4).contains(&n.len()) && n.len() < t.len())
}

/// A page number alone on its line, in its printed decorations: `43`, `·43·`, `・43・`, `- 43 -`,
/// `— 43 —`, `第43页`, `(43)`.
pub fn number_line_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^\s*(?:[·•・\-—–－]\s*)?(?:第\s*)?[(（]?\s*(\d{1,4})\s*[)）]?(?:\s*页)?(?:\s*[·•・\-—–－])?\s*$")
            .expect("valid page-number rule")
    })
}

/// The key of a line for recurrence without page ends: its CJK characters when it has
/// enough, else its text with digit runs collapsed (`118 第 7 卷 第 1 期` → `#第#卷第#期`).
pub fn unpaged_key(text: &str) -> Vec<char> {
    if text.chars().filter(|&c| is_ideograph(c)).count() >= 6 {
        return cjk_key(text);
    }
    let mut key = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if key.last() != Some(&'#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    key
}

/// A line's printed width in half units, spaces left out.
fn printed_width(text: &str) -> u32 {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(ocrclean_text::width::half_width)
        .sum()
}

/// The measure the article's running lines fill (half units): the width most of its
/// longer lines reach (80th percentile); 0 for an article of few lines.
pub fn running_measure(pages: &[Vec<super::Line>]) -> u32 {
    let mut widths: Vec<u32> = pages
        .iter()
        .flatten()
        .map(|l| printed_width(&l.text))
        .filter(|&w| w >= 16)
        .collect();
    if widths.len() < 20 {
        return 0;
    }
    widths.sort_unstable();
    widths[widths.len() * 4 / 5]
}

/// A line that fills the running text's measure and runs a clause on past a comma
/// (`本文采用…方法，基于 31 个省份…的面板数据`) is running text, however often its words
/// recur near page ends: a head is set apart from the measure, and its one comma, if
/// any, stands before `等` (`张三，等：…`).
pub fn running_clause(text: &str, measure: u32) -> bool {
    let width = printed_width(text);
    let clause = text
        .split('，')
        .skip(1)
        .any(|after| !after.starts_with('等') && after.chars().any(is_ideograph));
    measure > 0 && clause && width * 10 >= measure * 9 && width * 10 <= measure * 11
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_above_its_authors() {
        let page = [
            "乡村振兴对城乡收入差距的影响研究——基于",
            "省级面板数据的检验",
            "何斌晓，汪峰",
            "（江南农业大学统计与数学学院，无锡 214122）",
        ];
        assert!(is_title_line(&page, 0) && is_title_line(&page, 1));
        assert!(!is_title_line(&page, 2) && !is_title_line(&page, 3));
        let page = ["要素对评价体系的影响研究", "曹峰芳1、徐颖2、谢霞3、梁磊1"];
        assert!(is_title_line(&page, 0));
        let page = ["信息 技术 视角 下样 本的重 塑路径", "何悦 1"];
        assert!(is_title_line(&page, 0));
        // A head naming the title above it is none either.
        let page = [
            "曹峰芳，等：要素对评价体系的影响研究",
            "要素对评价体系的影响研究",
            "曹峰芳",
        ];
        assert!(!is_title_line(&page, 0) && is_title_line(&page, 1));
        // A head above body text is no title.
        let page = [
            "要素对评价体系的影响研究",
            "研究发现，组织文化在变量中显著完善了模型。",
        ];
        assert!(!is_title_line(&page, 0));
    }

    #[test]
    fn pieces_of_sentences_are_no_heads() {
        assert!(piece_of_sentence("structural equation model）是理解评"));
        assert!(piece_of_sentence(
            "本次调查共收集有效问卷0.162，其中治理结构占比78.7%["
        ));
        assert!(piece_of_sentence("用。本次调查共收集有效问卷"));
        assert!(!piece_of_sentence("华中师范大学学报（人文社会科学版）"));
        assert!(!piece_of_sentence("第 30 卷（总第 175 期）"));
    }

    #[test]
    fn template_sentences_are_no_recurring_heads() {
        // The same words around other figures, or other words of one template, recur in
        // a generated article's running text; a head repeats whole.
        let (a, b) = (
            head_key("的地方政府治理能力由2014 年的1.79 上升到2021 年"),
            head_key("的地方政府治理能力由2013 年的0.055 上升到2017 年"),
        );
        assert!(similar(&a, &b) && !similar_as_read(&a, &b, false));
        let (a, b) = (
            head_key("村电子商务的关键在于公共价值与考核体系的有机统一"),
            head_key("村电子商务的关键在于制度安排与考核体系的有机统一"),
        );
        assert!(similar_as_read(&a, &b, true) && !similar_as_read(&a, &b, false));
        // A head's page number is at its edge; a misread figure inside it still matches.
        let (a, b) = (
            head_key("·133· 信息资源管理 2019 年第 1 期"),
            head_key("·135· 信息资源管理 2019 年第 1 期"),
        );
        assert!(similar_as_read(&a, &b, false));
        let (a, b) = (
            head_key("第 30 卷第 1 期 教育发展研究"),
            head_key("第 3 卷第 1 期 教育发展研究"),
        );
        assert!(similar(&a, &b));
        // A head shortening the title above the authors.
        let (a, b) = (
            head_key("第104页   欧阳文：问卷视角下学科建设的引导路径"),
            head_key("欧阳文：问卷视角下学科建设的引导路径   第105页"),
        );
        assert!(similar_as_read(&a, &b, false));
        let (a, b) = (
            head_key("区域协调发展对环境规制效率的影响研究"),
            head_key("区域协调发展对环境规制效率的影响研究——基于地级"),
        );
        assert!(similar_as_read(&a, &b, false));
    }

    #[test]
    fn a_head_with_residue_matches_but_english_prose_does_not() {
        let key = |t: &str| head_key(t);
        // OCR residue after a CJK head.
        assert!(similar(
            &key("高等工程教育研究"),
            &key("高等工程教育研究 国生 社")
        ));
        // Two page-foot lines of an English abstract that merely start alike.
        assert!(!similar(
            &key("capacity; learning"),
            &key("capacity learning students system. Innovation")
        ));
        // Equal English heads still match.
        assert!(similar(
            &key("Journal of Regional Studies"),
            &key("Journal of Regional Studies")
        ));
    }

    #[test]
    fn numbers_at_a_heads_edges_bare_or_decorated() {
        assert_eq!(edge_number("100 数学的实践与认识").as_deref(), Some("100"));
        assert_eq!(edge_number("某某研究 ・107・").as_deref(), Some("107"));
        assert_eq!(
            edge_number("・106・ 信息资源管理 2020 年第 3 期").as_deref(),
            Some("106")
        );
        assert_eq!(edge_number("— 33 — 某某学报").as_deref(), Some("33"));
        assert_eq!(edge_number("信息资源管理"), None);
    }

    #[test]
    fn pieces_of_a_note_are_no_heads() {
        assert!(!candidate("《农村治理的理论逻辑与实践进路》"));
        assert!(!candidate("，载《城市规划学报》2018 年第 1 期"));
        assert!(candidate("城市规划学报 2018 年第 1 期"));
        assert!(!candidate(
            "结果显示，核心解释变量的系数为 0.186，且在 10% 的水平上显著，说明区"
        ));
        assert!(candidate(
            "张三，李四，等：农村电子商务对农户收入的影响研究"
        ));
    }

    #[test]
    fn section_headings_are_never_heads() {
        for h in [
            "（ 一 ）研 究 局限",
            "三 、 研究局 限",
            "2.1 数据 来源",
            "第二章 方法",
        ] {
            assert!(section_heading(h), "{h}");
            assert!(!candidate(h) && !short_piece(h), "{h}");
        }
        for h in [
            "32 工 程 数学 学 报 第 20 卷",
            "职业 技术 教育 研究 2017 年第 9 期",
        ] {
            assert!(!section_heading(h) && candidate(h), "{h}");
        }
    }
}
