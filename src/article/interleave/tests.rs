//! The reading of interleaved pages, on made-up two-column text.

use super::*;

fn lines(texts: &[&str]) -> Vec<Line> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect()
}

/// Two columns of running text, as plain `pdftotext` prints them: a line of each in
/// turn, blank lines between.
fn interleaved_page() -> Vec<Line> {
    lines(&[
        "这是一个横跨两栏的标题行文字这是一个横跨两栏的标题行文字这是一个横跨两栏的标题",
        "",
        "左栏的研究发现数字经济明显提升了地区的创新",
        "",
        "右栏的分析表明财政分权与地方治理之间存在稳",
        "",
        "能力，这一结论与已有研究基本一致并且说明了",
        "",
        "健的关联，其作用方向取决于地方治理的结构和",
        "",
        "数字经济的作用。",
        "",
        "制度环境。",
        "",
        "一、研究设计",
        "",
        "二、实证结果",
        "",
        "本文采用中介效应方法检验数字经济对创新的",
        "",
        "回归结果显示核心解释变量的系数显著为正值",
        "",
        "影响路径，结果表明地区的创新能力明显提高。",
        "",
        "说明财政分权有利于地方治理的结构持续改善。",
    ])
}

#[test]
fn interleaved_blocks_are_dealt_into_columns() {
    let mut page = interleaved_page();
    // The article's own lines: these words occur inside lines elsewhere.
    let context = lines(&[
        "创新能力的提升依赖于稳健的制度与创新的环境",
        "数字经济对创新的影响路径与财政分权对地方治理的影响",
        "左栏右栏的文字长度大体一样，说明了数字经济与结构和制度环境",
    ]);
    let column = width("左栏的研究发现数字经济明显提升了地区的创新");
    let grams = Grams::new(&[page.clone(), context], column);
    let order = read_page(&mut page, column, &grams);
    assert_eq!(order.method, ReadingMethod::Continuity, "{order:?}");
    assert!(
        order.evidence.contains("blocks in 1 region(s)"),
        "{order:?}"
    );
    let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
    // Nothing dropped: every line but the blank ones, once.
    assert_eq!(texts.len(), 13);
    let left = texts.iter().position(|t| t.starts_with("左栏")).unwrap();
    let right = texts.iter().position(|t| t.starts_with("右栏")).unwrap();
    assert!(left < right);
    // Each column reads on: a line ending mid-word is followed by the one that
    // completes it, a heading comes after a paragraph's end.
    assert!(texts[left + 1].starts_with("能力"), "{texts:?}");
    assert!(texts[right + 1].starts_with("健的"), "{texts:?}");
    assert!(texts[left + 2].starts_with("数字经济"), "{texts:?}");
    assert!(texts[right + 2].starts_with("制度环境"), "{texts:?}");
    // Which heading heads which column the text cannot tell (both follow a
    // paragraph's end); each comes after a paragraph's end, and the lines after
    // them join.
    for heading in ["一、研究设计", "二、实证结果"] {
        let at = texts.iter().position(|t| *t == heading).unwrap();
        assert!(texts[at - 1].ends_with('。'), "{texts:?}");
    }
    let first = texts
        .iter()
        .position(|t| t.starts_with("本文采用"))
        .unwrap();
    assert!(texts[first + 1].starts_with("影响路径"), "{texts:?}");
    let second = texts
        .iter()
        .position(|t| t.starts_with("回归结果"))
        .unwrap();
    assert!(texts[second + 1].starts_with("说明财政"), "{texts:?}");
    // The wide line stays on top.
    assert!(texts[0].starts_with("这是一个横跨两栏"));
}

#[test]
fn a_heading_on_top_goes_with_the_column_the_other_continues() {
    // The left column: a heading, then text whose foot runs on into the right
    // column's top (`…地区的创新` + `能力，…`). The heading joins nothing, so only
    // that junction tells which chain it heads.
    let blocks = [
        "一、研究设计",
        "能力，这一结论与已有研究基本一致并且说明了",
        "左栏的研究发现数字经济明显提升了地区的结构",
        "数字经济的作用，其作用方向取决于地方治理。",
        "和制度环境共同提升了地区的技术与地区的创新",
    ];
    let context = lines(&[
        "创新能力的提升依赖于稳健的制度与创新的环境",
        "说明了数字经济与结构和制度环境",
    ]);
    let column = width(blocks[1]);
    let page = lines(&blocks);
    let grams = Grams::new(&[page, context], column);
    let ends: Vec<(&str, &str)> = blocks.iter().map(|b| (*b, *b)).collect();
    let (chains, _) = deal(&grams, &ends, &[refs::Role::Other; 5]);
    assert_eq!(chains, Some(vec![0, 1, 0, 1, 0]));
}

#[test]
fn prose_after_a_columns_reference_list_is_the_other_columns() {
    // The right column's list starts; the left column's last paragraph is dealt after
    // its start. Nothing in the junctions tells them apart (no n-gram evidence), the
    // list does: prose never follows a list's start in its column.
    let blocks = [
        "左栏的研究发现数字经济明显提升了地区的结构",
        "参考文献：",
        "说明了数字经济与结构和制度环境的作用路径。",
        "[1] 王某. 某某问题研究 [J]. 某某评论，2013（12）：1-9.",
    ];
    let column = width(blocks[0]);
    let page = lines(&blocks);
    let grams = Grams::new(std::slice::from_ref(&page), column);
    let ends: Vec<(&str, &str)> = blocks.iter().map(|b| (*b, *b)).collect();
    let roles: Vec<refs::Role> = page.chunks(1).map(refs::role).collect();
    assert_eq!(roles[2], refs::Role::Prose);
    assert_eq!(roles[3], refs::Role::Entry);
    let (chains, _) = deal(&grams, &ends, &roles);
    let chains = chains.expect("dealt");
    assert_eq!(chains[1], chains[3], "{chains:?}");
    assert_ne!(chains[1], chains[2], "{chains:?}");
    assert_eq!(chains[0], chains[2], "{chains:?}");
}

#[test]
fn a_page_read_column_by_column_is_left_alone() {
    // Blocks that end at paragraph ends: nothing is broken, nothing moves.
    let mut page = lines(&[
        "左栏的研究发现数字经济明显提升了地区的创新",
        "能力，这一结论与已有研究基本一致。",
        "",
        "右栏的分析表明财政分权与地方治理之间存在",
        "关联，其作用方向取决于地方治理。",
        "",
        "本文采用中介效应方法检验数字经济对创新的",
        "影响路径，结果表明创新明显提高。",
        "",
        "回归结果显示核心解释变量的系数显著为正值",
        "说明财政分权有利于地方治理。",
    ]);
    let before: Vec<String> = page.iter().map(|l| l.text.clone()).collect();
    let column = width("左栏的研究发现数字经济明显提升了地区的创新");
    let grams = Grams::new(std::slice::from_ref(&page), column);
    let order = read_page(&mut page, column, &grams);
    assert_eq!(order.method, ReadingMethod::Extractor, "{order:?}");
    assert!(!order.flagged);
    let after: Vec<String> = page.iter().map(|l| l.text.clone()).collect();
    let kept: Vec<String> = before.into_iter().filter(|t| !t.is_empty()).collect();
    assert_eq!(after, kept);
}

#[test]
fn one_column_articles_have_no_column_width() {
    let page: Vec<Line> = (0..40)
        .map(|i| {
            let text = if i % 5 == 4 {
                "一栏的正文写满了这一整行文字一栏的正文写满了这一整行文字一栏的正文写"
            } else {
                "一栏的正文写满了这一整行文字一栏的正文写满了这一整行文字一栏的正文写满了"
            };
            Line::new(text, i)
        })
        .collect();
    assert_eq!(column_width(&[page]), None);
}

#[test]
fn a_few_lines_twice_as_wide_make_two_columns() {
    // Three abstract lines across the page over a hundred column lines.
    let column = "左栏的正文写满了这一整行文字左栏的正文写";
    let wide = "摘要横跨两栏的一行文字摘要横跨两栏的一行文字摘要横跨两栏的一行文字摘要横跨两栏的一";
    let mut page: Vec<Line> = (0..3).map(|i| Line::new(wide, i)).collect();
    page.extend((3..160).map(|i| Line::new(column, i)));
    assert_eq!(column_width(&[page.clone()]), Some(width(column)));
    // Two such lines are not enough.
    assert_eq!(column_width(&[page[1..].to_vec()]), None);
}

#[test]
fn a_body_line_opening_with_a_mark_is_no_note() {
    // `…百分点。` + `③另一方面，…`: the mark closes the sentence above; the note it
    // refers to opens a later line, set smaller (wider than the column).
    let column = "左栏的正文写满了这一整行文字左栏的正文写";
    let page = lines(&[
        "③另一方面，西部地区的估计系数明显大于其他地",
        "③这里的知识溢出是指组织能力与数字鸿沟的综合，详见附录 4。",
    ]);
    assert_eq!(note_starts(&page, width(column)), [false, true]);
    // Alone on its page it is a note.
    assert_eq!(note_starts(&page[..1], width(column)), [true]);
}

#[test]
fn notes_and_labels_are_told_from_citations() {
    assert!(starts_note("➀参见宋涵：《农村电子商务》"));
    assert!(starts_note("［收稿日期］2016-06-18"));
    assert!(starts_note("基金项目：国家社会科学基金"));
    assert!(starts_note("［基 金 项 目］ 教 育 部 人 文"));
    assert!(!starts_note("[6]，对组织能力的关注相对不足。"));
    assert!(is_page_number("—91 —") && is_page_number("·101·"));
    assert!(!is_page_number("2017 年第 8 期"));
}

#[test]
fn a_running_head_glued_to_a_column_block_goes_to_the_head() {
    let column = width("左栏的研究发现数字经济明显提升了地区的创新");
    let mut blocks = vec![
        Block {
            lines: lines(&[
                "2018 年第 5 期",
                "左栏的研究发现数字经济明显提升了地区的创新",
            ]),
            kind: Kind::Text,
            trailer: Vec::new(),
        },
        Block {
            // A paragraph's last line over the next paragraph's first: no head.
            lines: lines(&["能力的提升。", "右栏的分析表明财政分权与地方治理之间存在稳"]),
            kind: Kind::Text,
            trailer: Vec::new(),
        },
    ];
    let mut head = lines(&["·22·"]);
    peel_heads(&mut blocks, &mut head, column);
    assert_eq!(head.len(), 2);
    assert_eq!(head[1].text, "2018 年第 5 期");
    assert_eq!(blocks[0].lines.len(), 1);
    assert_eq!(blocks[1].lines.len(), 2);
}

#[test]
fn a_tables_header_under_its_caption_is_no_running_head() {
    let column = width("左栏的研究发现数字经济明显提升了地区的创新");
    let block = |texts: &[&str]| Block {
        lines: lines(texts),
        kind: Kind::Text,
        trailer: Vec::new(),
    };
    let mut blocks = vec![
        block(&["表 1 基层社会治理评价指标"]),
        block(&["维度 指标 权重 属性", "生态维度 创新生态 0.146 正向推进"]),
        block(&["维度  指标  权重", "左栏的研究发现数字经济明显提升了地区的"]),
    ];
    let mut head = Vec::new();
    peel_heads(&mut blocks, &mut head, column);
    assert!(
        head.is_empty(),
        "{:?}",
        head.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
}
