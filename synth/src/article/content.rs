//! What an article says, before it is printed: front matter, body blocks, footnotes,
//! references, back matter. Every printing choice that is not about pages (label variants,
//! separators, heading numbering, mark style) is drawn here too.

use super::vocab;
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub(crate) struct Journal {
    pub name: String,
    pub english: String,
    pub abbr: String,
    pub volume: u32,
    pub year: u32,
    pub issue: u32,
    pub issn: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// As printed: `表1`, `表 1`, `表2-1`.
    pub label: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// `注：…` / `资料来源：…`, label included.
    pub note: Option<String>,
    /// One cell per printed line (else a row per line, cells apart by space runs).
    pub cell_lines: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// As printed (`1 引言`, `一、…`, `0    引言`).
    Heading(String),
    /// Text in the truth's normal form; footnote marks inside.
    Para(String),
    Table(Table),
    /// `图1 …`: a paragraph of its own in the truth.
    Figure(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Footnote {
    pub mark: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct English {
    pub title: String,
    pub authors: String,
    pub abstract_: String,
    pub keywords: String,
    pub at_end: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Article {
    pub journal: Journal,
    pub title: String,
    pub authors: Vec<String>,
    /// Affiliation superscripts after each author (`张三1，李四2`).
    pub author_marks: Vec<String>,
    pub affiliations: Vec<String>,
    pub abstract_label: &'static str,
    pub abstract_: String,
    pub keywords_label: &'static str,
    pub keywords: Vec<String>,
    pub keyword_sep: &'static str,
    pub clc: String,
    pub code_label: &'static str,
    pub document_code: String,
    pub article_id: String,
    pub doi: Option<String>,
    pub doi_label: &'static str,
    pub received: String,
    /// (text without label or mark, printed with `*` rather than `基金项目：`).
    pub fund: Option<(String, bool)>,
    pub author_note: Option<String>,
    pub author_note_at_end: bool,
    pub english: Option<English>,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub references_label: &'static str,
    pub references: Vec<String>,
}

const CIRCLED: &[char] = &['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧'];
const DINGBAT: &[char] = &['➀', '➁', '➂', '➃', '➄', '➅', '➆', '➇'];
const SUPER: &[char] = &['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸'];
const CN_NUM: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八"];

pub(crate) fn article(rng: &mut Rng) -> Article {
    let &(jname, jen, abbr) = rng.pick(vocab::JOURNALS);
    let year = rng.range(2003, 2021) as u32;
    let issue = rng.range(1, 12) as u32;
    let journal = Journal {
        name: jname.to_string(),
        english: jen.to_string(),
        abbr: abbr.to_string(),
        volume: rng.range(5, 45) as u32,
        year,
        issue,
        issn: format!("{}-{}", rng.range(1000, 2999), rng.range(1000, 9999)),
    };
    let n_aff = rng.range(1, 3);
    let n_auth = rng.range(1, 4);
    let marked = n_aff > 1 || rng.chance(0.3);
    let authors: Vec<String> = (0..n_auth).map(|_| vocab::name(rng)).collect();
    let author_marks = (0..n_auth)
        .map(|i| {
            if marked {
                let mut m = ((i % n_aff) + 1).to_string();
                if i == 0 && rng.chance(0.3) {
                    m.push('*');
                }
                m
            } else {
                String::new()
            }
        })
        .collect();
    let affiliations = (0..n_aff).map(|_| vocab::affiliation(rng)).collect();
    let mut cites = 0usize;
    let refs_n = rng.range(4, 14);
    let mut cite = |rng: &mut Rng| -> Option<String> {
        if rng.chance(0.25) {
            cites += 1;
            let a = rng.range(1, refs_n);
            Some(if rng.chance(0.3) && a < refs_n {
                format!("[{a}-{}]", a + 1)
            } else {
                format!("[{a}]")
            })
        } else {
            None
        }
    };
    let abstract_ = (0..rng.range(3, 6))
        .map(|_| vocab::sentence(rng, &mut |_| None))
        .collect::<String>();
    let keywords = (0..rng.range(3, 6)).map(|_| vocab::keyword(rng)).collect();

    // The body.
    let mark_style = rng.below(3);
    let heading_style = rng.below(3);
    let mut blocks = Vec::new();
    let mut footnotes = Vec::new();
    let mut tables = 0;
    let mut figures = 0;
    let sections = rng.range(3, 6);
    let max_tables = rng.range(0, 3);
    #[allow(clippy::needless_range_loop)]
    for s in 0..sections {
        let words = vocab::heading_words(rng);
        blocks.push(Block::Heading(match heading_style {
            0 => format!(
                "{}{}{words}",
                s + 1,
                if rng.chance(0.8) { " " } else { "　" }
            ),
            1 => format!("{}、{words}", CN_NUM[s]),
            _ => format!("{}{}{words}", s, " ".repeat(rng.range(1, 4))),
        }));
        let subs = if rng.chance(0.4) { rng.range(2, 3) } else { 1 };
        for sub in 0..subs {
            if subs > 1 {
                let w = vocab::heading_words(rng);
                blocks.push(Block::Heading(match heading_style {
                    1 => format!("（{}）{w}", CN_NUM[sub]),
                    2 => format!("{s}.{} {w}", sub + 1),
                    _ => format!("{}.{} {w}", s + 1, sub + 1),
                }));
            }
            for _ in 0..rng.range(1, 4) {
                let mut text = String::new();
                for _ in 0..rng.range(2, 7) {
                    text.push_str(&vocab::sentence(rng, &mut cite));
                    if footnotes.len() < 6 && rng.chance(0.06) {
                        let i = footnotes.len();
                        let mark = match mark_style {
                            0 => CIRCLED[i].to_string(),
                            1 => DINGBAT[i].to_string(),
                            _ => SUPER[i].to_string(),
                        };
                        text.push_str(&mark);
                        let note = (0..rng.range(1, 2))
                            .map(|_| vocab::sentence(rng, &mut |_| None))
                            .collect::<String>();
                        footnotes.push(Footnote { mark, text: note });
                    }
                }
                blocks.push(Block::Para(text));
            }
            if tables < max_tables && rng.chance(0.5) {
                tables += 1;
                blocks.push(Block::Table(table(rng, tables, s + 1)));
                blocks.push(Block::Para(
                    (0..rng.range(1, 3))
                        .map(|_| vocab::sentence(rng, &mut cite))
                        .collect(),
                ));
            }
            if figures < 2 && rng.chance(0.15) {
                figures += 1;
                let sp = if rng.chance(0.5) { " " } else { "" };
                blocks.push(Block::Figure(format!(
                    "图{figures}{sp}{}的{}",
                    vocab::noun(rng),
                    rng.pick(&["分布", "变化趋势", "结构示意", "框架"])
                )));
            }
        }
    }
    let _ = cites;
    let references = (0..refs_n)
        .map(|i| format!("[{}]{}", i + 1, vocab::reference(rng, &journal.name)))
        .collect();
    let english = rng.chance(0.6).then(|| English {
        title: vocab::english_words(rng, (5, 10), true),
        authors: (0..n_auth)
            .map(|_| vocab::pinyin_name(rng))
            .collect::<Vec<_>>()
            .join(", "),
        abstract_: (0..rng.range(2, 4))
            .map(|_| vocab::english_sentence(rng))
            .collect::<Vec<_>>()
            .join(" "),
        keywords: (0..rng.range(3, 5))
            .map(|_| vocab::english_words(rng, (1, 2), false).to_lowercase())
            .collect::<Vec<_>>()
            .join("; "),
        at_end: rng.chance(0.5),
    });
    let fund = rng.chance(0.7).then(|| {
        let star = rng.chance(0.5);
        let text = if star {
            format!(
                "本文系{}年度{}省社科规划项目“{}”（批准号：{}{}）的阶段性成果。",
                year - 1,
                rng.pick(&["江苏", "浙江", "湖北", "广东"]),
                vocab::title(rng),
                year % 100 - 1,
                rng.pick(&["ABC", "JYA", "GLB"])
            )
        } else {
            format!(
                "国家社会科学基金项目（{}{}{}）；{}教育厅项目（{}）",
                year % 100 - 1,
                rng.pick(&["BIA", "CGL", "AZD"]),
                rng.range(100, 999),
                rng.pick(&["江苏省", "湖南省", "四川省"]),
                rng.range(2000, 9999)
            )
        };
        (text, star)
    });
    let author_note = rng.chance(0.8).then(|| {
        format!(
            "{}（{}—），{}，{}人，{}，博士，主要从事{}研究。",
            authors[0],
            rng.range(1960, 1995),
            rng.pick(&["男", "女"]),
            rng.pick(&["江苏南京", "湖北武汉", "山东济南"]),
            rng.pick(&["教授", "副教授", "讲师"]),
            vocab::noun(rng)
        )
    });
    let month = rng.range(1, 12);
    let received = if rng.chance(0.5) {
        format!("{}-{:02}-{:02}", year - 1, month, rng.range(1, 28))
    } else {
        format!("{}年{}月{}日", year - 1, month, rng.range(1, 28))
    };
    Article {
        doi: rng.chance(0.75).then(|| {
            format!(
                "10.{}/j.{}.{}.{:02}.{:03}",
                rng.range(13000, 19999),
                journal.abbr,
                year,
                issue,
                rng.range(1, 30)
            )
        }),
        doi_label: pick(rng, &["DOI:", "DOI：", "DOI： ", "DOI: "]),
        article_id: format!(
            "{}({}){:02}-{:04}-{:02}",
            journal.issn,
            year,
            issue,
            rng.range(1, 150),
            rng.range(4, 16)
        ),
        clc: format!(
            "{}{}",
            rng.pick(&["G64", "F27", "C93", "O22", "G25", "D63"]),
            rng.range(0, 9)
        ),
        code_label: pick(rng, &["文献标识码", "文献标志码"]),
        document_code: "A".to_string(),
        journal,
        title: vocab::title(rng),
        authors,
        author_marks,
        affiliations,
        abstract_label: pick(rng, &["摘要：", "摘 要:", "[摘要]", "摘　要：", "摘要:"]),
        abstract_,
        keywords_label: pick(rng, &["关键词：", "关键词:", "[关键词]", "关 键 词："]),
        keywords,
        keyword_sep: pick(rng, &["；", ";", "，", "  "]),
        received,
        fund,
        author_note,
        author_note_at_end: rng.chance(0.3),
        english,
        blocks,
        footnotes,
        references_label: pick(rng, &["参考文献：", "参考文献", "[参考文献]"]),
        references,
    }
}

/// One of `items` (typed, so that a literal list picks a `&'static str`).
fn pick(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

fn table(rng: &mut Rng, n: usize, section: usize) -> Table {
    let cols = rng.range(2, 6);
    let numeric = rng.chance(0.6);
    let header: Vec<String> = (0..cols)
        .map(|c| {
            if c == 0 {
                rng.pick(&["类别", "项目", "指标", "地区", "变量"])
                    .to_string()
            } else if numeric && rng.chance(0.5) {
                format!("{}年", 2010 + c)
            } else {
                vocab::noun(rng).to_string()
            }
        })
        .collect();
    let rows = (0..rng.range(2, 8))
        .map(|_| {
            (0..cols)
                .map(|c| {
                    if c == 0 {
                        vocab::cell_word(rng)
                    } else if numeric {
                        match rng.below(3) {
                            0 => rng.range(1, 9999).to_string(),
                            1 => format!("{}.{:02}", rng.range(0, 99), rng.range(0, 99)),
                            _ => format!("{}.{}%", rng.range(0, 99), rng.range(0, 9)),
                        }
                    } else {
                        vocab::cell_word(rng)
                    }
                })
                .collect()
        })
        .collect();
    let label = match rng.below(3) {
        0 => format!("表{n}"),
        1 => format!("表 {n}"),
        _ => format!("表{section}-{n}"),
    };
    let note = match rng.below(3) {
        0 => None,
        1 => Some(format!("注：{}", vocab::sentence(rng, &mut |_| None))),
        _ => Some(format!(
            "资料来源：{}年{}统计年鉴。",
            rng.range(2010, 2020),
            vocab::noun(rng)
        )),
    };
    Table {
        label,
        caption: format!(
            "{}{}情况",
            vocab::noun(rng),
            rng.pick(&["分布", "比较", "统计", "描述性统计"])
        ),
        header,
        rows,
        note,
        cell_lines: rng.chance(0.4),
    }
}

/// The OCR engine's reading of the article's running text: ideographs of paragraphs,
/// headings-free, and footnotes misread as look-alikes at `rate` (the same character count
/// and classes, so the typesetting does not move). Returns how many were misread.
pub(crate) fn misread(article: &mut Article, rng: &mut Rng, rate: f64) -> usize {
    let mut count = 0;
    let mut apply = |s: &mut String, rng: &mut Rng| {
        *s = s
            .chars()
            .map(|c| match vocab::similar(c) {
                Some(d) if rng.chance(rate * 8.0) => {
                    count += 1;
                    d
                }
                _ => c,
            })
            .collect();
    };
    for b in &mut article.blocks {
        if let Block::Para(t) = b {
            apply(t, rng);
        }
    }
    for f in &mut article.footnotes {
        apply(&mut f.text, rng);
    }
    count
}
