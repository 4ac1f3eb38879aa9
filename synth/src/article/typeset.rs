//! Typesetting an article into printed lines and pages: a body width drawn per article
//! (one or two columns; the export reads a two-column page column by column, so its lines
//! are the narrow column's), greedy line breaks that may fall inside Latin words (with or
//! without a hyphen) and numbers, pages of random height broken mid-paragraph, footnotes on
//! the page of their mark, tables continued on the next page under `续表N`.

use super::content::{Article, Block};
use super::furniture::{self, Furn, Style};
use crate::rng::Rng;
use ocrclean_text::width::half_width;

/// The front-matter and back-matter fields as printed (label included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Title,
    Authors,
    Affiliations,
    Abstract,
    Keywords,
    Codes,
    Doi,
    Received,
    Fund,
    AuthorNotes,
    EnTitle,
    EnAuthors,
    EnAbstract,
    EnKeywords,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Furn(Furn),
    Front(Field),
    /// A heading, paragraph or figure caption line; `last` on the block's last line.
    Body {
        block: usize,
        last: bool,
    },
    /// A table's caption, header, row or note line; `cont` for a `续表` caption and the
    /// header repeated under it.
    Table {
        block: usize,
        cont: bool,
    },
    Foot {
        idx: usize,
    },
    RefLabel,
    Ref {
        idx: usize,
    },
}

/// One printed line. `join` is what the line break swallowed before this line (`" "`
/// between two Latin words, else empty); `hyphen` says the line ends with a hyphen the
/// break added. Joining a unit's lines as `text − hyphen + join + next…` gives its text.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    pub role: Role,
    pub join: &'static str,
    pub hyphen: bool,
    /// The first line of an indented paragraph.
    pub indent: bool,
}

impl Line {
    fn new(text: impl Into<String>, role: Role) -> Line {
        Line {
            text: text.into(),
            role,
            join: "",
            hyphen: false,
            indent: false,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The page's number (printed or not).
    pub number: u32,
    /// Whether the number is printed on the page.
    pub numbered: bool,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone)]
pub(crate) struct Printed {
    pub pages: Vec<Page>,
    /// Body (column) width in half units.
    pub width: u32,
    pub columns: u32,
    /// Body lines per page (both columns).
    pub height: usize,
    /// Paragraph first-line indent in half units (0: paragraphs set flush).
    pub indent: u32,
}

/// How lines break: per article.
#[derive(Debug, Clone, Copy)]
struct Breaks {
    /// Inside a Latin word: hyphen / plain break / the word moves down (weights).
    latin: [u32; 3],
    /// A number broken across lines rather than moved down.
    p_split_number: f64,
    /// Closing punctuation pulled up onto the line (else it may start the next).
    p_kinsoku: f64,
}

fn closing(c: char) -> bool {
    "，。、；：）》”’！？%,.;:)".contains(c)
}

/// Breaks `text` into lines of at most `first` (first line) and `cap` half units.
fn wrap(
    text: &str,
    first: u32,
    cap: u32,
    b: Breaks,
    rng: &mut Rng,
) -> Vec<(String, &'static str, bool)> {
    let c: Vec<char> = text.chars().collect();
    let n = c.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut join = "";
    let mut limit = first.max(8);
    while start < n {
        let mut w = 0;
        let mut i = start;
        while i < n && w + half_width(c[i]) <= limit {
            w += half_width(c[i]);
            i += 1;
        }
        if i >= n {
            out.push((c[start..].iter().collect(), join, false));
            break;
        }
        let mut end = i.max(start + 1);
        let mut hyphen = false;
        let letter = |k: usize| c[k].is_ascii_alphabetic();
        if closing(c[end]) && rng.chance(b.p_kinsoku) {
            end += 1;
        } else if end > start + 2 && letter(end - 1) && letter(end) {
            match rng.weighted(&b.latin) {
                // TeX's \lefthyphenmin 2 and \righthyphenmin 3: a hyphen never
                // follows a word's first letter (`e-` + `commerce` is a real hyphen).
                0 if end > start + 3
                    && letter(end - 2)
                    && letter(end - 3)
                    && end + 1 < n
                    && letter(end + 1) =>
                {
                    end -= 1;
                    hyphen = true;
                }
                1 => {}
                _ => {
                    let mut ws = end;
                    while ws > start && c[ws - 1].is_ascii_alphabetic() {
                        ws -= 1;
                    }
                    if ws > start + 2 {
                        end = ws;
                    }
                }
            }
        } else if end > start + 2
            && c[end - 1].is_ascii_digit()
            && (c[end].is_ascii_digit() || c[end] == '.')
            && !rng.chance(b.p_split_number)
        {
            let mut ns = end;
            while ns > start && (c[ns - 1].is_ascii_digit() || c[ns - 1] == '.') {
                ns -= 1;
            }
            if ns > start + 2 {
                end = ns;
            }
        }
        // A line never ends or starts with the space between two words.
        let mut text_end = end;
        while text_end > start + 1 && c[text_end - 1] == ' ' {
            text_end -= 1;
        }
        let mut s: String = c[start..text_end].iter().collect();
        if hyphen {
            s.push('-');
        }
        out.push((s, join, hyphen));
        start = end;
        join = "";
        while start < n && c[start] == ' ' {
            start += 1;
            join = " ";
        }
        if text_end < end {
            join = " ";
        }
        limit = cap;
    }
    out
}

fn wrapped(text: &str, role: Role, first: u32, cap: u32, b: Breaks, rng: &mut Rng) -> Vec<Line> {
    wrap(text, first, cap, b, rng)
        .into_iter()
        .map(|(t, join, hyphen)| Line {
            text: t,
            role: role.clone(),
            join,
            hyphen,
            indent: false,
        })
        .collect()
}

/// One line of the flowing content with the footnotes its mark calls for.
struct Unit {
    line: Line,
    notes: Vec<usize>,
}

/// The article as printed. `rng` draws the geometry only from character classes and widths,
/// so an article and its OCR misreading (ideographs swapped for ideographs) get the same
/// lines and pages from the same seed.
pub(crate) fn typeset(a: &Article, style: &Style, rng: &mut Rng) -> Printed {
    let columns = if rng.chance(0.3) { 2 } else { 1 };
    let width = if columns == 2 {
        2 * rng.range(18, 26) as u32
    } else {
        2 * rng.range(26, 46) as u32
    };
    let height = rng.range(22, 44) * columns as usize;
    let b = Breaks {
        latin: [
            rng.range(0, 4) as u32,
            rng.range(0, 3) as u32,
            rng.range(1, 4) as u32,
        ],
        p_split_number: rng.unit(),
        p_kinsoku: if rng.chance(0.8) { 1.0 } else { 0.9 },
    };
    let indent = if rng.chance(0.8) { 4 } else { 0 };
    let wide = width * columns;

    // Page 1 head: the front matter, full width.
    let mut front: Vec<Line> = Vec::new();
    let doi_line = a
        .doi
        .as_ref()
        .map(|d| Line::new(format!("{}{d}", a.doi_label), Role::Front(Field::Doi)));
    let doi_top = rng.chance(0.3);
    if doi_top {
        front.extend(doi_line.clone());
    }
    front.extend(wrapped(
        &a.title,
        Role::Front(Field::Title),
        wide.min(60),
        wide.min(60),
        b,
        rng,
    ));
    let sep = *rng.pick(&["，", "  ", "、", " "]);
    let authors = a
        .authors
        .iter()
        .zip(&a.author_marks)
        .map(|(n, m)| format!("{n}{m}"))
        .collect::<Vec<_>>()
        .join(sep);
    front.push(Line::new(authors, Role::Front(Field::Authors)));
    let affs = if a.affiliations.len() == 1 && !a.author_marks[0].starts_with('1') {
        format!("（{}）", a.affiliations[0])
    } else {
        let inner = a
            .affiliations
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}.{}{s}", i + 1, if rng.chance(0.6) { " " } else { "" }))
            .collect::<Vec<_>>()
            .join("；");
        format!("（{inner}）")
    };
    front.extend(wrapped(
        &affs,
        Role::Front(Field::Affiliations),
        wide,
        wide,
        b,
        rng,
    ));
    let abs = format!("{}{}", a.abstract_label, a.abstract_);
    front.extend(wrapped(
        &abs,
        Role::Front(Field::Abstract),
        wide,
        wide,
        b,
        rng,
    ));
    let kw = format!("{}{}", a.keywords_label, a.keywords.join(a.keyword_sep));
    front.extend(wrapped(
        &kw,
        Role::Front(Field::Keywords),
        wide,
        wide,
        b,
        rng,
    ));
    let clc = format!("中图分类号：{}", a.clc);
    let code = format!("{}：{}", a.code_label, a.document_code);
    let id = format!("文章编号：{}", a.article_id);
    if rng.chance(0.5) {
        let gap = " ".repeat(rng.range(1, 6));
        front.push(Line::new(
            format!("{clc}{gap}{code}{gap}{id}"),
            Role::Front(Field::Codes),
        ));
    } else {
        for s in [clc, code, id] {
            front.push(Line::new(s, Role::Front(Field::Codes)));
        }
    }
    if !doi_top {
        front.extend(doi_line);
    }
    let english_lines = |rng: &mut Rng| -> Vec<Line> {
        let mut v = Vec::new();
        if let Some(e) = &a.english {
            v.extend(wrapped(
                &e.title,
                Role::Front(Field::EnTitle),
                wide,
                wide,
                b,
                rng,
            ));
            v.push(Line::new(e.authors.clone(), Role::Front(Field::EnAuthors)));
            let label = *rng.pick(&["Abstract: ", "Abstract:", "[Abstract] "]);
            v.extend(wrapped(
                &format!("{label}{}", e.abstract_),
                Role::Front(Field::EnAbstract),
                wide,
                wide,
                b,
                rng,
            ));
            let label = *rng.pick(&["Key words: ", "Keywords: ", "[Key words] "]);
            v.extend(wrapped(
                &format!("{label}{}", e.keywords),
                Role::Front(Field::EnKeywords),
                wide,
                wide,
                b,
                rng,
            ));
        }
        v
    };
    if a.english.as_ref().is_some_and(|e| !e.at_end) {
        front.extend(english_lines(rng));
    }

    // First-page notes (bottom of page 1).
    let mut notes1: Vec<Line> = Vec::new();
    notes1.extend(wrapped(
        &format!("收稿日期：{}", a.received),
        Role::Front(Field::Received),
        wide,
        wide,
        b,
        rng,
    ));
    if let Some((fund, star)) = &a.fund {
        let t = if *star {
            format!("*{fund}")
        } else {
            format!("基金项目：{fund}")
        };
        notes1.extend(wrapped(&t, Role::Front(Field::Fund), wide, wide, b, rng));
    }
    let note_text = |n: &str| format!("作者简介：{n}");
    if let Some(n) = a.author_note.as_ref().filter(|_| !a.author_note_at_end) {
        notes1.extend(wrapped(
            &note_text(n),
            Role::Front(Field::AuthorNotes),
            wide,
            wide,
            b,
            rng,
        ));
    }

    // The flowing content.
    let mut units: Vec<Unit> = front
        .into_iter()
        .map(|line| Unit {
            line,
            notes: vec![],
        })
        .collect();
    let marks: Vec<&str> = a.footnotes.iter().map(|f| f.mark.as_str()).collect();
    for (bi, block) in a.blocks.iter().enumerate() {
        match block {
            Block::Heading(t) | Block::Figure(t) => {
                let lines = wrapped(
                    t,
                    Role::Body {
                        block: bi,
                        last: false,
                    },
                    width,
                    width,
                    b,
                    rng,
                );
                push_body(&mut units, lines, bi, &marks);
            }
            Block::Para(t) => {
                let mut lines = wrapped(
                    t,
                    Role::Body {
                        block: bi,
                        last: false,
                    },
                    width - indent,
                    width,
                    b,
                    rng,
                );
                lines[0].indent = indent > 0;
                push_body(&mut units, lines, bi, &marks);
            }
            Block::Table(t) => {
                let role = Role::Table {
                    block: bi,
                    cont: false,
                };
                let sep = if rng.chance(0.7) { " " } else { "　" };
                units.push(Unit {
                    line: Line::new(format!("{}{sep}{}", t.label, t.caption), role.clone()),
                    notes: vec![],
                });
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    if t.cell_lines {
                        for cell in row {
                            units.push(Unit {
                                line: Line::new(cell.clone(), role.clone()),
                                notes: vec![],
                            });
                        }
                    } else {
                        let gap = " ".repeat(rng.range(2, 6));
                        units.push(Unit {
                            line: Line::new(row.join(&gap), role.clone()),
                            notes: vec![],
                        });
                    }
                }
                if let Some(n) = &t.note {
                    for line in wrapped(n, role.clone(), width, width, b, rng) {
                        units.push(Unit {
                            line,
                            notes: vec![],
                        });
                    }
                }
            }
        }
    }
    units.push(Unit {
        line: Line::new(a.references_label, Role::RefLabel),
        notes: vec![],
    });
    for (i, r) in a.references.iter().enumerate() {
        for line in wrapped(r, Role::Ref { idx: i }, width, width, b, rng) {
            units.push(Unit {
                line,
                notes: vec![],
            });
        }
    }
    if let Some(n) = a.author_note.as_ref().filter(|_| a.author_note_at_end) {
        for line in wrapped(
            &note_text(n),
            Role::Front(Field::AuthorNotes),
            width,
            width,
            b,
            rng,
        ) {
            units.push(Unit {
                line,
                notes: vec![],
            });
        }
    }
    if a.english.as_ref().is_some_and(|e| e.at_end) {
        for line in english_lines(rng) {
            units.push(Unit {
                line,
                notes: vec![],
            });
        }
    }

    // Footnote lines, wrapped once.
    let foot_lines: Vec<Vec<Line>> = a
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let sep = if rng.chance(0.5) { " " } else { "" };
            wrapped(
                &format!("{}{sep}{}", f.mark, f.text),
                Role::Foot { idx: i },
                wide,
                wide,
                b,
                rng,
            )
        })
        .collect();

    // Pages.
    let first_number = rng.range(1, 180) as u32;
    let number_first = rng.chance(0.5);
    let mut pages: Vec<Page> = Vec::new();
    let mut body: Vec<Line> = Vec::new();
    let mut feet: Vec<Line> = notes1.clone();
    let mut used = notes1.len() + 4;
    let mut last_table: Option<usize> = None;
    let mut k = 0;
    while k < units.len() {
        let u = &units[k];
        let need = 1 + u.notes.iter().map(|&i| foot_lines[i].len()).sum::<usize>();
        let caption_at_end = matches!(u.line.role, Role::Table { .. })
            && last_table != table_of(&u.line.role)
            && used + 3 > height;
        if (used + need > height || caption_at_end) && !body.is_empty() {
            pages.push(Page {
                number: first_number + pages.len() as u32,
                numbered: true,
                lines: std::mem::take(&mut body),
            });
            pages.last_mut().unwrap().lines.append(&mut feet);
            used = 0;
            // A table cut by the page break goes on under `续表N`.
            if let (Role::Table { block, .. }, Some(t)) = (&u.line.role, table_of(&u.line.role)) {
                if last_table == Some(t) {
                    if let Block::Table(tab) = &a.blocks[*block] {
                        let role = Role::Table {
                            block: *block,
                            cont: true,
                        };
                        body.push(Line::new(format!("续{}", tab.label), role.clone()));
                        used += 1;
                        if !tab.cell_lines && rng.chance(0.5) {
                            body.push(Line::new(tab.header.join("   "), role));
                            used += 1;
                        }
                    }
                }
            }
            continue;
        }
        last_table = table_of(&u.line.role);
        body.push(u.line.clone());
        for &i in &u.notes {
            feet.extend(foot_lines[i].iter().cloned());
        }
        used += need;
        k += 1;
    }
    pages.push(Page {
        number: first_number + pages.len() as u32,
        numbered: true,
        lines: body,
    });
    pages.last_mut().unwrap().lines.append(&mut feet);
    pages[0].numbered = number_first;

    // Page furniture.
    let total = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let (top, bottom) = furniture::page_lines(style, a, i, total, p.number, p.numbered, rng);
        let mut lines: Vec<Line> = top
            .into_iter()
            .map(|(k, t)| Line::new(t, Role::Furn(k)))
            .collect();
        lines.append(&mut p.lines);
        lines.extend(bottom.into_iter().map(|(k, t)| Line::new(t, Role::Furn(k))));
        p.lines = lines;
    }
    Printed {
        pages,
        width,
        columns,
        height,
        indent,
    }
}

fn table_of(role: &Role) -> Option<usize> {
    match role {
        Role::Table { block, .. } => Some(*block),
        _ => None,
    }
}

/// Body lines become units; a line holding a footnote mark calls for its footnote; the
/// block's last line is flagged.
fn push_body(units: &mut Vec<Unit>, mut lines: Vec<Line>, block: usize, marks: &[&str]) {
    if let Some(l) = lines.last_mut() {
        l.role = Role::Body { block, last: true };
    }
    for line in lines {
        let notes = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| line.text.contains(*m))
            .map(|(i, _)| i)
            .collect();
        units.push(Unit { line, notes });
    }
}

/// A unit's lines joined back (hyphens the break added dropped, swallowed spaces restored).
pub(crate) fn rejoin<'a>(lines: impl IntoIterator<Item = &'a Line>) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l.join);
        s.push_str(
            l.text
                .strip_suffix('-')
                .filter(|_| l.hyphen)
                .unwrap_or(&l.text),
        );
    }
    s
}
