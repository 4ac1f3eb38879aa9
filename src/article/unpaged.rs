//! Furniture of exports that lost their page ends (one long page), found through the whole
//! text instead of at page tops and feet: heads that recur, page numbers that rise in
//! sequence or carry their decoration, and heads that name the article or its journal.

use super::heads::{
    candidate, edge_number, is_title_line, number_line_rule, short_piece, similar_as_read,
    similar_whole, unpaged_key, Found, MAX_HEAD, TITLE_LINES,
};
use super::Line;
use crate::model::{LayoutKind, NumberPass, PageNumber, Removal, RemovalKind};
use ocrclean_text::is_ideograph;
use regex::Regex;
use std::sync::OnceLock;

/// Without page ends: the least distance, in lines, between two printings of a head or
/// two page numbers, and the farthest a head's next printing is looked for.
const UNPAGED_MIN_GAP: usize = 12;
const UNPAGED_WINDOW: usize = 400;

/// A line that may be a head where pages are lost. Without page positions to go by,
/// recurrence alone would take repeated phrases of the body for heads, so a head must
/// also read like one: no sentence inside (`。`, `；`), and a comma only in `，等` (the
/// authors of the article's head).
fn unpaged_candidate(text: &str) -> bool {
    let t = text.trim();
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let commas = squeezed.matches('，').count() + squeezed.matches(',').count();
    let author_commas = squeezed.matches("，等").count() + squeezed.matches(",等").count();
    !squeezed.contains(['。', '；'])
        && commas <= author_commas
        && candidate(t)
        && !t.starts_with(['表', '图', '续'])
        && !super::paragraphs::is_heading(t)
        && unpaged_key(t).len() >= 6
}

pub fn strip_heads(page: &mut Vec<Line>, kind: LayoutKind, found: &mut Found) {
    // A flowed export's heads come as pieces cut out of paragraph lines (`inline`): short
    // ones are compared too (exactly), and they recur a few lines apart.
    let flowed = kind == LayoutKind::TextFlow;
    let keys: Vec<Option<Vec<char>>> = page
        .iter()
        .map(|l| {
            let short = flowed && short_piece(&l.text) && !l.text.starts_with(['表', '图']);
            (unpaged_candidate(&l.text) || short).then(|| unpaged_key(&l.text))
        })
        .collect();
    let ocr = kind == LayoutKind::OcrEngine;
    let min_gap = if flowed { 2 } else { UNPAGED_MIN_GAP };
    // The title above the authors is printed once; a head repeating it is furniture.
    let top: Vec<&str> = page
        .iter()
        .take(TITLE_LINES + 2)
        .map(|l| l.text.as_str())
        .collect();
    let title: Vec<bool> = (0..page.len()).map(|i| is_title_line(&top, i)).collect();
    // The first page's header, removed before, counts as one more copy: the journal's
    // name printed there and again as a head (as long, so no sentence opening with it).
    let header_keys: Vec<Vec<char>> = found
        .removed
        .iter()
        .filter(|r| r.kind == RemovalKind::JournalHeader && unpaged_candidate(&r.text))
        .map(|r| unpaged_key(&r.text))
        .collect();
    // Heads by their form alone went before (`strip_volume_lines`).
    let mut head: Vec<bool> = vec![false; page.len()];
    for i in 0..page.len() {
        let Some(key) = &keys[i] else { continue };
        if header_keys.iter().any(|h| similar_whole(key, h)) {
            head[i] = !title[i];
        }
        let hi = (i + UNPAGED_WINDOW).min(page.len());
        for j in (i + min_gap).min(hi)..hi {
            crate::work::spend(1);
            if keys[j]
                .as_ref()
                .is_some_and(|other| similar_as_read(key, other, ocr))
            {
                head[i] = !title[i];
                head[j] = !title[j];
            }
        }
    }
    let mut i = page.len();
    while i > 0 {
        i -= 1;
        if head[i] {
            let line = page.remove(i);
            found.page_ends.push(line.input_line);
            if let Some(number) = edge_number(&line.text) {
                found.number(None, &number, &line.text);
            }
            found.remove(RemovalKind::RunningHead, &line.text, "recurring_head");
        }
    }
    found.page_numbers.reverse();
}

/// A running head by its form, spaces aside: a volume, an issue or a year and issue, with
/// the journal's name and the page number around it (`118 第 7 卷 第 1 期`,
/// `2008年第7期 现代管理评论 ·131·`, `-134- 第23卷 第3期 职业技术教育研究`). No sentence
/// is only that: a journal's name holds none of the particles a clause has (`的`, `了`).
fn volume_head(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(
            r"^(?:[·•\-—－]?\d{1,4}[·•\-—－]?|第\d{1,4}页)?(?:[\p{Han}&&[^的了是在]]{2,20}[·•]?)?(?:第\d{1,3}卷(?:第\d{1,2}期)?|(?:19|20)\d{2}年第\d{1,2}期)(?:[·•]?[\p{Han}&&[^的了是在]]{2,20})?(?:[·•\-—－]?\d{1,4}[·•\-—－]?|第\d{1,4}页)?$",
        )
        .expect("valid volume-head rule")
    });
    let packed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    packed.chars().count() <= MAX_HEAD && rule.is_match(&packed)
}

/// Page numbers without page ends: number lines that rise by one or two from one to the
/// next, far enough apart to be on different pages; three in a row at least, or two that
/// go on from the first page's number read among its header lines. A flowed export's
/// lines are paragraphs, fewer to a page.
pub fn strip_numbers(page: &mut Vec<Line>, kind: LayoutKind, found: &mut Found) {
    strip_decorated_numbers(page, found);
    let gap = if kind == LayoutKind::TextFlow {
        FLOWED_MIN_GAP
    } else {
        UNPAGED_MIN_GAP
    };
    sequence_numbers(page, gap, found);
    if kind == LayoutKind::TextFlow {
        beside_page_ends(page, found);
    }
}

/// A flowed export's bare number on a line of its own beside a page break that furniture
/// showed (a head or an issue line on the input line before or after it) is the page's
/// number (`… 吴艳静，等：我国社会资本…` / `145`).
fn beside_page_ends(page: &mut Vec<Line>, found: &mut Found) {
    let ends: std::collections::BTreeSet<usize> = found.page_ends.iter().copied().collect();
    page.retain(|line| {
        let Some(c) = number_line_rule().captures(&line.text) else {
            return true;
        };
        let at = line.input_line;
        if !(ends.contains(&(at + 1)) || at.checked_sub(1).is_some_and(|b| ends.contains(&b))) {
            return true;
        }
        found.page_ends.push(at);
        found
            .page_numbers
            .push(PageNumber::new(&c[1], line.text.trim(), NumberPass::Single));
        found.removed.push(
            Removal::new(RemovalKind::PageNumber, line.text.trim()).by_rule("number_beside_head"),
        );
        false
    });
}

/// The least distance, in lines, between two page numbers of a flowed export.
const FLOWED_MIN_GAP: usize = 4;

/// A number in a page number's own decoration (`·100·`, `- 131 -`, `— 93 —`, `第136页`)
/// alone on its line is one wherever it stands (a page's foot may sit above its notes, or
/// the page ends were lost).
pub fn strip_decorated_numbers(page: &mut Vec<Line>, found: &mut Found) {
    page.retain(|line| {
        let t = line.text.trim();
        let decorated = t.starts_with(['·', '•', '-', '—', '–', '－', '第'])
            && t.chars().any(|c| c.is_ascii_digit());
        match number_line_rule().captures(t).filter(|_| decorated) {
            Some(c) => {
                found.page_ends.push(line.input_line);
                found
                    .page_numbers
                    .push(PageNumber::new(&c[1], t, NumberPass::Single));
                found.removed.push(
                    Removal::new(RemovalKind::PageNumber, t).by_rule("decorated_page_number"),
                );
                false
            }
            None => true,
        }
    });
}

/// Page numbers by sequence where page ends were lost: bare numbers rising by one or two,
/// far enough apart.
fn sequence_numbers(page: &mut Vec<Line>, min_gap: usize, found: &mut Found) {
    let numbers: Vec<(usize, i64)> = page
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let c = number_line_rule().captures(&l.text)?;
            Some((i, c[1].parse::<i64>().ok()?))
        })
        .collect();
    let mut chain: Vec<usize> = Vec::new();
    let mut best: Vec<usize> = Vec::new();
    for (k, &(i, v)) in numbers.iter().enumerate() {
        let follows = chain.last().is_some_and(|&last| {
            let (li, lv) = numbers[last];
            (1..=2).contains(&(v - lv)) && i >= li + min_gap
        });
        if !follows {
            if chain.len() > best.len() {
                best = std::mem::take(&mut chain);
            }
            chain.clear();
        }
        chain.push(k);
    }
    if chain.len() > best.len() {
        best = chain;
    }
    let first_page: Option<i64> = found
        .printed
        .first()
        .cloned()
        .flatten()
        .and_then(|n| n.parse().ok());
    let goes_on = best
        .first()
        .zip(first_page)
        .is_some_and(|(&k, first)| (1..=2).contains(&(numbers[k].1 - first)));
    if best.len() < 3 && !(best.len() == 2 && goes_on) {
        return;
    }
    for &k in best.iter().rev() {
        let line = page.remove(numbers[k].0);
        found.page_ends.push(line.input_line);
        let number = numbers[k].1.to_string();
        found.page_numbers.push(PageNumber::new(
            number,
            line.text.trim(),
            NumberPass::Single,
        ));
        found.removed.push(
            Removal::new(RemovalKind::PageNumber, line.text.trim()).by_rule("page_number_sequence"),
        );
    }
}

/// Running heads named by the article itself: a short line that repeats the start of the
/// article's title (`林晓，等：模型与政策工具：基于33所高…`) or names its journal with a
/// volume, year or issue (`现代管理评论  第22卷第9期`). Found after the front matter is
/// read, for exports whose page ends are lost and whose heads appear once or twice.
pub fn strip_named(
    lines: &mut Vec<super::lines::Printed>,
    metadata: &crate::model::Metadata,
    removed: &mut Vec<Removal>,
    page_numbers: &mut Vec<PageNumber>,
) {
    let title: Vec<char> = metadata
        .title
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|&c| is_ideograph(c))
        .take(6)
        .collect();
    let journal: Vec<char> = metadata
        .journal
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|&c| is_ideograph(c))
        .collect();
    if title.len() < 6 && journal.len() < 2 {
        return;
    }
    // An OCR engine misreads a character of a head now and then (`现代管埋评论`): a
    // name of four characters or more may differ in one.
    let contains = |hay: &[char], needle: &[char]| {
        let allowed = usize::from(needle.len() >= 4);
        !needle.is_empty()
            && hay
                .windows(needle.len())
                .any(|w| w.iter().zip(needle).filter(|(a, b)| a != b).count() <= allowed)
    };
    lines.retain(|line| {
        let text = line.raw.trim();
        let key: Vec<char> = text.chars().filter(|&c| is_ideograph(c)).collect();
        let short = text.chars().filter(|c| !c.is_whitespace()).count() <= MAX_HEAD;
        // A section heading (`3 数字化转型的效应`) may open with the title's words but
        // for one: only the title's own words make it a head.
        let exact = |hay: &[char], needle: &[char]| hay.windows(needle.len()).any(|w| w == needle);
        let names_article = title.len() == 6
            && if super::paragraphs::is_heading(text) {
                exact(&key, &title)
            } else {
                contains(&key, &title)
            }
            && head_naming_form(text)
            && key.len() < title.len() + 12;
        // A running head is no sentence: a body line holding the journal's words and a
        // `期` (`长期`) is not one.
        let names_journal = journal.len() >= 2
            && !text.contains(['。', '，'])
            && contains(&key, &journal)
            && (text.contains('卷') || text.contains('期'))
            && text.chars().any(|c| c.is_ascii_digit());
        // A table's caption may repeat the title's words (and a `等` inside one, `均等`):
        // it is no head.
        if short
            && candidate(text)
            && (names_article || names_journal)
            && !ocrclean_text::markers::is_plausible_caption(text)
            && metadata.title.as_deref() != Some(line.text.as_str())
        {
            if let Some(number) = edge_number(text) {
                page_numbers.push(PageNumber::new(number, text, NumberPass::Single));
            }
            let rule = if names_article {
                "head_names_article"
            } else {
                "head_names_journal"
            };
            removed.push(Removal::new(RemovalKind::RunningHead, text).by_rule(rule));
            false
        } else {
            true
        }
    });
}

/// Whether a short line holding the title's opening is set like a running head: with
/// its authors (`林晓，等：`, `韩磊：`), the title cut short (`…`) or a page number at an
/// edge, and no sentence in it. A body line that happens to open with the title's words
/// ends a sentence (`。`), and a note citing a work of the same name quotes it in `《》`;
/// `等` counts only as "and others" after a name (`，等`, `等：`), not inside a word
/// (`均等化`).
fn head_naming_form(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let others = ["，等", ",等", "等：", "等:"]
        .iter()
        .any(|p| squeezed.contains(p));
    !squeezed.contains(['。', '《'])
        && (others
            || squeezed.contains('…')
            || edge_number(text).is_some()
            || squeezed.contains('：'))
}

/// Removes the lines that give a volume and issue (see `volume_issue_line`) from every
/// page, with the page number printed at their end or start.
pub fn strip_volume_lines(pages: &mut [Vec<Line>], found: &mut Found) {
    // With its pages kept, a head stands at a page's top or foot: a body line in mid-page
    // that happens to open with an issue (`2019年第3期的数据显示…`) is text. Without them
    // (one long page, flowed pieces) the form alone decides.
    let paged = pages.len() > 1;
    for (p, page) in pages.iter_mut().enumerate() {
        let len = page.len();
        let mut i = 0;
        page.retain(|line| {
            let in_zone = i < super::heads::ZONE || i + super::heads::ZONE >= len;
            i += 1;
            if (paged && !in_zone)
                || (!volume_issue_line(&line.text) && !truncated_title_head(&line.text))
            {
                return true;
            }
            found.page_ends.push(line.input_line);
            if let Some(number) = edge_number(&line.text) {
                found.number(Some(p), &number, &line.text);
            }
            found.remove(RemovalKind::RunningHead, &line.text, "head_volume_issue");
            false
        });
    }
}

/// A running head naming the article by its authors and its title cut short
/// (`韩磊：平台与产业结构：基于34所高…`, `欧阳海，等：影响因素与要素：基于23所高… -55-`):
/// body text never ends a line with a title cut by one ellipsis (a quotation trails off
/// with two, `……`) after a name and a colon. Nor does it print a name with `，等：`, a
/// phrase and a page number on either side (`马霞，等：我国数据机制研究 第159页`,
/// `第104页 马霞，等：我国数据机制研究`).
pub(super) fn truncated_title_head(text: &str) -> bool {
    static NAMED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let named = NAMED.get_or_init(|| {
        regex::Regex::new(
            r"^(?:[-—·•]\d{1,4}[-—·•]|[第弟朗站]\d{1,4}页)?\p{Han}{2,4}[，,]等[：:][^。；，,]{6,40}?(?:[-—·•]\d{1,4}[-—·•]|[第弟朗站]\d{1,4}页)$|^(?:[-—·•]\d{1,4}[-—·•]|[第弟朗站]\d{1,4}页)\p{Han}{2,4}[，,]等[：:][^。；，,]{6,40}$",
        )
        .expect("valid named-head rule")
    });
    if named.is_match(&ocr_digits(text)) {
        return true;
    }
    static RULE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let rule = RULE.get_or_init(|| {
        regex::Regex::new(
            r"^(?:[-—·•]?\d{1,4}[-—·•]?|第\d{1,4}页)?\p{Han}{2,4}(?:[，,]等)?[：:][^。；…]{8,40}(?:…|\.\.\.)(?:[-—·•]?\d{1,4}[-—·•]?|第\d{1,4}页)?$",
        )
        .expect("valid title-head rule")
    });
    rule.is_match(&ocr_digits(text))
}

/// A short line giving a volume and issue: the whole line in the form of `volume_head`,
/// or a volume-issue (`第11卷第3期`, `2008年第7期 …·131·`) read with an OCR engine's usual
/// misreads of `第`, `卷` and `期` in a line with no sentence: a running head or its piece,
/// wherever it stands.
fn volume_issue_line(text: &str) -> bool {
    static RULE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let rule = RULE.get_or_init(|| {
        regex::Regex::new(
            r"[第弟朗站]\d{1,3}[^\d\s]{1,3}\d{1,2}[期朗其]|\d{1,3}[卷%券巻养][第弟朗站]?\d{1,2}[期朗其]|(?:19|20)\d{2}年[第弟朗站]?\d{1,2}[期朗其]|[第弟朗站]\d{1,3}[^\d\s]{1,2}[第弟朗站]\d{1,2}(?:[^\d\s]|$)|(?:19|20)\d{2}年[第弟朗站]\d{1,2}\D?$|(?:19|20)\d{2}年[第弟朗站]\d{1,2}[弟%站朗其]",
        )
        .expect("valid volume-issue rule")
    });
    if volume_head(text) {
        return true;
    }
    let squeezed = ocr_digits(text);
    let han = squeezed.chars().filter(|&c| is_ideograph(c)).count();
    squeezed.chars().count() <= 30
        && han <= 16
        && !squeezed.contains(['。', '，', '；', '：'])
        && rule.is_match(&squeezed)
}

/// A line's text without spaces, with the letters an OCR engine reads for digits beside
/// digits or volume words read as digits (`第 l0 期` → `第10期`, `2O08` → `2008`).
fn ocr_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let numeric =
        |c: Option<&char>| c.is_some_and(|&c| c.is_ascii_digit() || "第弟朗站卷期年".contains(c));
    (0..chars.len())
        .map(|i| {
            let c = chars[i];
            let beside =
                numeric(i.checked_sub(1).and_then(|k| chars.get(k))) || numeric(chars.get(i + 1));
            match c {
                'l' | 'I' if beside => '1',
                'O' | 'o' if beside => '0',
                _ => c,
            }
        })
        .collect()
}

/// The page ends an export lost, put back: the one long page is split where heads and
/// page numbers were found (`page_ends`, input lines), so that footnotes are looked for at
/// each page's foot and body widths are measured per page. Lines between two kept lines
/// that held such furniture are one page end.
pub fn split_at_page_ends(page: Vec<Line>, page_ends: &mut [usize]) -> Vec<Vec<Line>> {
    page_ends.sort_unstable();
    let mut pages = vec![Vec::new()];
    let mut next_end = 0;
    let mut last_line = None;
    for line in page {
        while next_end < page_ends.len() && page_ends[next_end] < line.input_line {
            // An end after the last kept line and before this one starts a new page;
            // heads at the very top of the article start nothing.
            if last_line.is_some_and(|l| page_ends[next_end] > l)
                && pages.last().is_some_and(|p: &Vec<Line>| !p.is_empty())
            {
                pages.push(Vec::new());
            }
            next_end += 1;
        }
        last_line = Some(line.input_line);
        if let Some(p) = pages.last_mut() {
            p.push(line);
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_repeating_the_title_is_no_head() {
        let metadata = crate::model::Metadata {
            title: Some("城乡均等服务的测度与比较".into()),
            ..Default::default()
        };
        let mut lines: Vec<super::super::lines::Printed> =
            ["城乡均等服务的测度与比较 13", "表 2 城乡均等服务的测度结果"]
                .iter()
                .map(|t| super::super::lines::Printed::new(*t, 1))
                .collect();
        let (mut removed, mut numbers) = (Vec::new(), Vec::new());
        strip_named(&mut lines, &metadata, &mut removed, &mut numbers);
        assert_eq!(removed.len(), 1);
        assert_eq!(lines[0].text, "表 2 城乡均等服务的测度结果");
    }

    #[test]
    fn volume_issue_lines_are_heads_sentences_are_not() {
        for t in [
            "第 44 卷 第 1 弟",
            "第 11 朗 第 4 期",
            "第 3O % 第 8 期 — 37 —",
            "-l50- 信息 资源 管理 学刊 2021 年第 2%",
            "教 育发展 论 坛 第 7 站 第 2 期",
            "信 息资 源管 理学刊 2O08 年第 5 弟",
            "2015 年 第 10 弟 现代 管理 评论",
            "20O3 年第 2 站 信 息 资 源 管理 学刊",
            "第11卷朗3期",
            "第 44 % 第 1 期",
            "2008 年第 7 期 现代管 埋 评论 ·131·",
            "-138- 朗 8 卷 站 11 期 职业技术教育研究",
        ] {
            assert!(volume_issue_line(t), "{t}");
        }
        for t in ["本刊2019年第3期发表了该文，", "第3期"] {
            assert!(!volume_issue_line(t), "{t}");
        }
    }

    #[test]
    fn heads_with_a_title_cut_short() {
        for head in [
            "韩 磊： 平台与 产业结 构 ：基 于 34 所 高…",
            "欧 阳海， 等： 影响 因素与 要 素 ： 基 于 23 所高… -55-",
            "马霞 ，等： 我 国 数据 学 生 机 制研 究 第 159 页",
            "第104页 陈勇琳，等：公共服务对资源配置的影响研究",
            "158 系统 科 学与 决策 第 36 站 %11 期",
        ] {
            assert!(
                truncated_title_head(head) || volume_issue_line(head),
                "{head}"
            );
        }
        for text in [
            "研究发现：平台与产业结构之间存在关联。",
            "张三：这一问题……",
            "王五，等：这一问题见第3页",
            "陈勇琳，等：公共服务对资源配置的影响研究",
        ] {
            assert!(!truncated_title_head(text), "{text}");
        }
    }

    #[test]
    fn heads_naming_the_article_are_set_as_heads() {
        for head in [
            "林晓，等：模型与政策工具：基于33所高…",
            "欧 阳海， 等： 影响因素与要素",
            "模型与政策工具研究 83",
        ] {
            assert!(head_naming_form(head), "{head}");
        }
        for text in [
            // a body line that opens a sentence with the title's words after a number
            "2019 年的 52，年均增长 4.1%。进一步看，模型与政策工具",
            // a note quoting a work of the same name, and a word holding 等
            "《模型与政策工具的理论逻辑》",
            "均等化部分",
        ] {
            assert!(!head_naming_form(text), "{text}");
        }
    }

    #[test]
    fn volume_heads_by_their_form() {
        for head in [
            "118  第 7 卷 第 1 期",
            "2008年第7期  现代管理评论 ·131·",
            "-134-     第23卷  第3期  职业技术教育研究",
            "第112页 第 23 卷 第 1 期",
            "系统科学与决策·2015年第7期",
        ] {
            assert!(volume_head(head), "{head}");
        }
        for text in [
            "本文发表于2019年第3期。",
            "第3期",
            "2019年第3期的数据显示了变化",
            "2019年第3期的数据显示，",
        ] {
            assert!(!volume_head(text), "{text}");
        }
    }

    #[test]
    fn a_flowed_volume_head_goes_without_recurring() {
        let mut page: Vec<Line> = ["第一段的文字", "118 第 7 卷 第 1 期", "接着的文字"]
            .iter()
            .enumerate()
            .map(|(i, t)| Line::new(*t, i))
            .collect();
        let mut pages = vec![std::mem::take(&mut page)];
        let mut found = Found {
            printed: vec![None],
            ..Found::default()
        };
        strip_volume_lines(&mut pages, &mut found);
        assert_eq!(pages[0].len(), 2);
        assert_eq!(found.page_numbers.len(), 1);
    }
}
