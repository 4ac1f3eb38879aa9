//! Furniture of exports that lost their page ends (one long page), found through the whole
//! text instead of at page tops and feet: heads that recur, page numbers that rise in
//! sequence or carry their decoration, and heads that name the article or its journal.

use super::heads::{
    candidate, edge_number, number_line_rule, short_piece, similar, unpaged_key, Found, MAX_HEAD,
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

fn unpaged_candidate(text: &str) -> bool {
    let t = text.trim();
    candidate(t)
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
    let min_gap = if flowed { 2 } else { UNPAGED_MIN_GAP };
    // A flowed line that is a head by its form alone, recurring or not (a head printed on
    // one page only of a short article).
    let mut head: Vec<bool> = page
        .iter()
        .map(|l| flowed && volume_head(&l.text))
        .collect();
    for i in 0..page.len() {
        let Some(key) = &keys[i] else { continue };
        let hi = (i + UNPAGED_WINDOW).min(page.len());
        for j in (i + min_gap).min(hi)..hi {
            crate::work::spend(1);
            if keys[j].as_ref().is_some_and(|other| similar(key, other)) {
                head[i] = true;
                head[j] = true;
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
/// next, far enough apart to be on different pages; three in a row at least.
pub fn strip_numbers(page: &mut Vec<Line>, found: &mut Found) {
    // A number in a page number's own decoration (`·100·`, `- 131 -`, `— 93 —`, `第136页`)
    // alone on its line is one wherever it stands.
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
            (1..=2).contains(&(v - lv)) && i >= li + UNPAGED_MIN_GAP
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
    if best.len() < 3 {
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
    let contains = |hay: &[char], needle: &[char]| {
        !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
    };
    lines.retain(|line| {
        let text = line.raw.trim();
        let key: Vec<char> = text.chars().filter(|&c| is_ideograph(c)).collect();
        let short = text.chars().filter(|c| !c.is_whitespace()).count() <= MAX_HEAD;
        let names_article = title.len() == 6
            && contains(&key, &title)
            && (text.contains("等")
                || text.contains('…')
                || edge_number(text).is_some()
                || text.contains('：'))
            && key.len() < title.len() + 12;
        // A running head is no sentence: a body line holding the journal's words and a
        // `期` (`长期`) is not one.
        let names_journal = journal.len() >= 2
            && !text.contains(['。', '，'])
            && contains(&key, &journal)
            && (text.contains('卷') || text.contains('期'))
            && text.chars().any(|c| c.is_ascii_digit());
        if short
            && candidate(text)
            && (names_article || names_journal)
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
        let mut found = Found::default();
        strip_heads(&mut page, LayoutKind::TextFlow, &mut found);
        assert_eq!(page.len(), 2);
        assert_eq!(found.page_numbers.len(), 1);
    }
}
