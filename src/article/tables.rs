//! Tables of a single rendering: a `表N` caption and the rows printed under it.
//!
//! With one rendering the grid is not determined by the input: a text layer gives the
//! cells in reading order, separated by space runs (layout-preserving exports), by `|`
//! (some OCR engines), or one cell per line. The grid is built from what separates the
//! cells and is always flagged `guessed`. The table ends where rows stop looking like
//! rows: at a heading, another caption, a line as wide as running text that reads as a
//! sentence, or after its note (`注：`, `资料来源：`).

use super::cell_lines::{labels_apart, numeric_cell, periodic_columns, shaped_grid};

/// Text cells looked past before a one-cell-per-line table's header (its caption after
/// a bare label, a running head the extractor dealt among the cells).
const LEAD_CELLS: usize = 2;
use super::lines::ends_sentence;
use super::lines::Printed;
use super::paragraphs::{body_width, is_caption, is_heading};
use crate::model::{Confidence, Table};
use ocrclean_text::markers::is_note_start;
use regex::Regex;
use std::sync::OnceLock;

/// Longest table, in printed lines.
const MAX_ROWS: usize = 120;

fn label_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^(续?表\s*\d{1,3}(?:\s*[-.－]\s*\d{1,3})?)\s*(.*)$")
            .expect("valid table label rule")
    })
}

fn cell_separator() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| Regex::new(r"\s*\|\s*|\t+|\s{2,}|\u{3000}+").expect("valid cell separator"))
}

/// Whether a line reads as running text rather than a table row: nearly as wide as the
/// body and a sentence (a comma or full stop inside, ends like one), or a whole sentence
/// of some length (a one-line paragraph after the table: cells do not end with `。`).
fn running_text(line: &Printed, width: u32) -> bool {
    if line.raw.contains('|') {
        return false;
    }
    let wide = width > 0 && line.width * 10 >= width * 8;
    let sentence = line.text.contains(['。', '，']) && (ends_sentence(&line.text) || wide);
    let ideographs = line
        .text
        .chars()
        .filter(|&c| ocrclean_text::is_ideograph(c))
        .count();
    (wide && sentence) || (line.text.ends_with('。') && ideographs >= 10)
}

/// An HTML table a layout-OCR engine wrote into its Markdown (`<table><tr><td>…`): the
/// markup determines the grid. Returns the table and the markup taken off (tags).
fn html_table(raw: &str) -> Option<(Table, String)> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let cell = CELL.get_or_init(|| {
        Regex::new(r"(?s)<t([dh])\b[^>]*>(.*?)</t[dh]>").expect("valid HTML cell rule")
    });
    let start = raw.find("<table")?;
    let end = raw
        .rfind("</table>")
        .map_or(raw.len(), |e| e + "</table>".len());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in raw[start..end].split("<tr").skip(1) {
        let cells: Vec<String> = cell
            .captures_iter(row)
            .map(|c| c[2].trim().to_string())
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    if rows.is_empty() {
        return None;
    }
    // The markup is what is left of the line once the cells are taken out.
    let mut markup = raw.to_string();
    for row in &rows {
        for c in row {
            if let Some(at) = markup.find(c.as_str()) {
                markup.replace_range(at..at + c.len(), " ");
            }
        }
    }
    let mut rows = rows.into_iter();
    let table = Table {
        header: rows.next().unwrap_or_default(),
        rows: rows.collect(),
        confidence: Confidence::Determined,
        method: "an HTML table in the input: the markup gives the grid".into(),
        ..Table::default()
    };
    Some((table, markup))
}

/// Takes the tables out of `lines` (their lines are removed) and builds their grids;
/// returns the tables and the markup removed from HTML tables.
pub fn build(lines: &mut Vec<Printed>) -> (Vec<Table>, Vec<crate::model::Removal>) {
    let width = body_width(lines);
    let mut tables = Vec::new();
    let mut markup = Vec::new();
    let mut kept: Vec<Printed> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some((mut table, tags)) = line
            .raw
            .contains("<table")
            .then(|| html_table(&line.raw))
            .flatten()
        {
            // Its caption is the caption line just before it, when there is one.
            if let Some(caps) = kept
                .last()
                .filter(|l| l.text.starts_with(['表', '续']) && is_caption(&l.text))
                .and_then(|l| label_rule().captures(&l.text))
            {
                table.label = caps[1].split_whitespace().collect();
                table.caption = caps[2].trim().to_string();
                kept.pop();
            }
            table.position = kept.len();
            tables.push(table);
            markup.push(
                crate::model::Removal::new(
                    crate::model::RemovalKind::Markup,
                    tags.split_whitespace().collect::<Vec<_>>().join(" "),
                )
                .by_rule("html_table"),
            );
            i += 1;
            continue;
        }
        let caps = label_rule().captures(&line.text);
        let Some(caps) = caps.filter(|_| {
            line.text.starts_with(['表', '续'])
                && is_caption(&line.text)
                && !lines.get(i + 1).is_some_and(|n| n.raw.contains("<table"))
        }) else {
            let mut line = line.clone();
            line.after_table = tables
                .last()
                .is_some_and(|t: &Table| t.position == kept.len());
            kept.push(line);
            i += 1;
            continue;
        };
        let mut table = Table {
            label: caps[1].split_whitespace().collect(),
            caption: caps[2].trim().to_string(),
            confidence: Confidence::Guessed,
            ..Table::default()
        };
        let mut j = i + 1;
        let mut rows: Vec<&Printed> = Vec::new();
        while j < lines.len() && rows.len() < MAX_ROWS {
            let l = &lines[j];
            // (A note is often a sentence as wide as running text: its label decides.)
            // (The reference list's heading too: no table holds it.)
            if is_heading(&l.text)
                || super::labels::is_references_heading(&l.text)
                || is_caption(&l.text)
                || running_text(l, width) && !is_note_start(&l.text)
            {
                break;
            }
            // A line nearly as wide as the body, with no gap between cells and no number
            // cell, that runs on into running text is a paragraph's first line after a
            // table printed without a note (its sentence ends on the next line, which may
            // be its last: a cell never ends with a full stop).
            if width > 0
                && l.width * 10 >= width * 8
                && !is_note_start(&l.text)
                && !cell_separator().is_match(l.raw.trim())
                && !l.text.split_whitespace().any(numeric_cell)
                && lines.get(j + 1).is_some_and(|n| {
                    running_text(n, width)
                        || n.text.ends_with('。') && !cell_separator().is_match(n.raw.trim())
                })
            {
                break;
            }
            if is_note_start(&l.text) {
                let mut note = l.text.clone();
                j += 1;
                while !ends_sentence(&note)
                    && j < lines.len()
                    && !is_heading(&lines[j].text)
                    && !running_text(&lines[j], width)
                {
                    super::lines::join_onto(&mut note, &lines[j].text);
                    j += 1;
                }
                table.note = Some(note);
                break;
            }
            rows.push(l);
            j += 1;
        }
        // A continued table whose rows all fell before the page break leaves its note
        // alone under its label: a table of no rows, its note kept with it.
        if rows.is_empty() && table.note.is_none() {
            kept.push(line.clone());
            i += 1;
            continue;
        }
        if rows.is_empty() {
            table.method = "no rows: a label and its note alone (a continued table whose rows the page before holds)".into();
            table.position = kept.len();
            tables.push(table);
            i = j;
            continue;
        }
        let grid = grid_of(&rows, !table.caption.is_empty());
        if let Some(caption) = grid.caption {
            table.caption = caption;
        }
        for rule in grid.rules {
            markup.push(
                crate::model::Removal::new(crate::model::RemovalKind::Noise, rule)
                    .by_rule("table_rule_misread"),
            );
        }
        table.header = grid.header;
        table.rows = grid.rows;
        table.method = grid.method;
        table.position = kept.len();
        tables.push(table);
        i = j;
    }
    *lines = kept;
    (tables, markup)
}

/// A table's grid as built from its row lines.
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    method: String,
    /// A caption printed on a line of its own after a bare label.
    caption: Option<String>,
    /// Table rules an OCR engine read as quotes or brackets (`贵州”361.08`), taken off
    /// the cells.
    rules: Vec<String>,
}

/// Characters an OCR engine reads a table's rules as, glued to the cells beside them.
const RULE_MISREADS: &[char] = &['“', '”', '"', '〈', '〉', '‘', '’', '|', '丨'];

/// The cells of a row printed with single spaces between them, as an OCR engine or a
/// `-raw` export gives it: split at spaces and where a CJK label runs into a number
/// (`贵州”361.08`); rule misreads at a cell's edges are taken off and returned.
fn spaced_cells(raw: &str, rules: &mut Vec<String>) -> Vec<String> {
    let mut cells = Vec::new();
    for token in raw.split_whitespace() {
        // Split between an ideograph and a number or rule misread after it.
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (i, c) in token.char_indices() {
            if prev.is_some_and(ocrclean_text::is_ideograph)
                && (c.is_ascii_digit() || RULE_MISREADS.contains(&c) || c == '-')
            {
                cells.push(token[start..i].to_string());
                start = i;
            }
            prev = Some(c);
        }
        cells.push(token[start..].to_string());
    }
    cells
        .into_iter()
        .filter_map(|c| {
            let trimmed = c.trim_matches(RULE_MISREADS);
            let taken: String = c.chars().filter(|ch| RULE_MISREADS.contains(ch)).collect();
            if trimmed.len() + taken.len() == c.len() && !taken.is_empty() {
                rules.push(taken);
            } else if trimmed.len() != c.len() {
                // A misread inside the cell as well: keep the cell whole.
                return Some(c);
            }
            (!trimmed.is_empty()).then(|| trimmed.to_string())
        })
        .collect()
}

/// The grid of a table's row lines: split at cell separators where the export kept them,
/// at single spaces where most rows hold the same number of them, else one cell per
/// line in rows whose width the cells' kinds repeat (`periodic_columns`) or, failing
/// that, as wide as the header (the lines before the first line holding a digit). A
/// caption printed on a line of its own after a bare label (`has_caption` false) is
/// returned as the fourth value.
fn grid_of(rows: &[&Printed], has_caption: bool) -> Grid {
    let split: Vec<Vec<String>> = rows
        .iter()
        .map(|l| {
            cell_separator()
                .split(l.raw.trim())
                .map(|c| ocrclean_text::space::join_spaces(c).0)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let multi = split.iter().filter(|r| r.len() >= 2).count();
    // Where space runs split rows unevenly and single spaces split them evenly (an OCR
    // engine's rows), the single spaces are the separators.
    let mut rules = Vec::new();
    let words: Vec<Vec<String>> = rows
        .iter()
        .map(|l| spaced_cells(&l.raw, &mut rules))
        .collect();
    let even = |lists: &[Vec<String>]| {
        most_common_len(lists).filter(|&n| {
            let same = lists.iter().filter(|w| w.len() == n).count();
            n >= 2 && rows.len() >= 3 && same * 3 >= lists.len() * 2
        })
    };
    // Text cells wrapped over several lines, set out by position (a layout export): the
    // header's runs give the columns, each cell's lines are centred on its row's line.
    if let Some((header, rows)) = super::wrapped::grid(rows) {
        return Grid {
            header,
            rows,
            method: "one rendering: text cells wrapped over several lines, each line's runs under the heading they start nearest, each cell's lines on the row they are centred on; guessed".into(),
            caption: None,
            rules: Vec::new(),
        };
    }
    if multi * 2 >= split.len() && (even(&split).is_some() || even(&words).is_none()) {
        let mut grid = split.into_iter();
        return Grid {
            header: grid.next().unwrap_or_default(),
            rows: grid.collect(),
            method:
                "one rendering: a row per printed line, cells split at space runs or bars; guessed"
                    .into(),
            caption: None,
            rules: Vec::new(),
        };
    }
    // Rows whose cells are separated by single spaces (`-raw` exports): most rows hold
    // the same number of them.
    if let Some(n) = even(&words) {
        let words: Vec<Vec<String>> = words
            .into_iter()
            .map(|row| merge_word_gaps(row, n))
            .collect();
        let mut grid = words.into_iter();
        return Grid {
            header: grid.next().unwrap_or_default(),
            rows: grid.collect(),
            method: format!("one rendering: a row per printed line, {n} cells split at single spaces and where a label runs into a number (most rows hold {n}); guessed"),
            caption: None,
            rules,
        };
    }
    let cells: Vec<String> = rows.iter().map(|l| l.text.clone()).collect();
    for skip in [0, 1] {
        let Some(rest) = cells.get(skip..) else { break };
        if skip == 1 && (has_caption || numeric_cell(&cells[0])) {
            break;
        }
        if let Some(n) = periodic_columns(rest) {
            let mut chunks = rest.chunks(n).map(<[String]>::to_vec);
            let mut header = chunks.next().unwrap_or_default();
            let mut caption = (skip == 1).then(|| cells[0].clone());
            // An extractor that orders lines by height may print the header's first
            // cell (centred on two header rows) before the caption: the caption is
            // the longer of the two.
            if let Some(c) = caption.as_mut().filter(|c| {
                header[0].chars().count() > c.chars().count() && !numeric_cell(&header[0])
            }) {
                std::mem::swap(c, &mut header[0]);
            }
            return Grid {
                header,
                rows: chunks.collect(),
                method: format!("one rendering, one cell per line: {n} columns, the width at which every row's cells repeat the same kinds (number or text); guessed"),
                caption,
                rules: Vec::new(),
            };
        }
    }
    for skip in [0, 1] {
        let Some(rest) = cells.get(skip..) else { break };
        if skip == 1 && (has_caption || numeric_cell(&cells[0])) {
            break;
        }
        if let Some((header, rows)) = labels_apart(rest) {
            let n = header.len();
            return Grid {
                header,
                rows,
                method: format!("one rendering, one cell per line: {n} columns, the numbers in rows as wide as the header's number columns, the text cells the header and the row labels in their order; guessed"),
                caption: (skip == 1).then(|| cells[0].clone()),
                rules: Vec::new(),
            };
        }
    }
    // Rows of one shape from the header on, then cells of another (a second table whose
    // label was lost, a stray line): the rows that keep the shape, the rest after them.
    let lead = if has_caption { 0 } else { LEAD_CELLS };
    if let Some(shaped) = shaped_grid(&cells, lead) {
        let (n, fit) = (shaped.header.len(), shaped.fit);
        return Grid {
            header: shaped.header,
            rows: shaped.rows,
            method: format!("one rendering, one cell per line: {n} columns, the width at which the first {fit} rows' cells repeat the same kinds (a label, then numbers); the cells after them in rows as wide; guessed"),
            caption: shaped.caption,
            rules: Vec::new(),
        };
    }
    // The first line holding a digit is the first row's first value: the lines before
    // it are the header and the row's label.
    let columns = cells
        .iter()
        .position(|c| c.chars().any(|ch| ch.is_ascii_digit()))
        .map(|k| k.saturating_sub(1))
        .filter(|n| (2..=8).contains(n))
        .unwrap_or(1);
    let mut chunks = cells.chunks(columns).map(<[String]>::to_vec);
    let header = if columns > 1 {
        chunks.next().unwrap_or_default()
    } else {
        Vec::new()
    };
    Grid {
        header,
        rows: chunks.collect(),
        method: format!("one rendering, one cell per line: {columns} columns taken from the header (the lines before the first number, less the row label); guessed"),
        caption: None,
        rules: Vec::new(),
    }
}

/// A row with more cells than the table's `n`, its extra cells an OCR engine's word gaps
/// inside a label (`公 办 27.9%`): adjacent cells of ideographs only joined, from the
/// left, until the row holds `n`. A row that cannot be brought to `n` so stays as it is.
fn merge_word_gaps(row: Vec<String>, n: usize) -> Vec<String> {
    let ideographs = |c: &str| !c.is_empty() && c.chars().all(ocrclean_text::is_ideograph);
    let mut out = row.clone();
    // A qualifier in brackets printed apart from its heading (`模型 (1)`, `收入 （元）`)
    // belongs to it; these go first, before ideographs are joined.
    while out.len() > n {
        let Some(k) = (1..out.len()).find(|&k| bracketed(&out[k]) && !bracketed(&out[k - 1]))
        else {
            break;
        };
        let next = out.remove(k);
        out[k - 1].push_str(&next);
    }
    while out.len() > n {
        let Some(k) = (0..out.len() - 1).find(|&k| ideographs(&out[k]) && ideographs(&out[k + 1]))
        else {
            return row;
        };
        let next = out.remove(k + 1);
        out[k].push_str(&next);
    }
    out
}

/// Whether a cell is a piece in brackets (`(1)`, `（元）`, `[%]`).
fn bracketed(cell: &str) -> bool {
    cell.starts_with(['(', '（', '[', '［']) && cell.ends_with([')', '）', ']', '］'])
}

/// The most common length of the lists, if any.
fn most_common_len(lists: &[Vec<String>]) -> Option<usize> {
    let mut counts = std::collections::HashMap::new();
    for l in lists {
        *counts.entry(l.len()).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(len, count)| (count, len))
        .map(|(len, _)| len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(texts: &[&str]) -> Vec<Printed> {
        texts
            .iter()
            .map(|t| {
                let mut p = Printed::new(ocrclean_text::space::join_spaces(t).0, 0);
                p.raw = t.to_string();
                p
            })
            .collect()
    }

    #[test]
    fn space_separated_rows_under_a_caption() {
        let mut lines = printed(&[
            "正文说明了表格的来源和用途，这是一句完整的话。",
            "表 1 样本分布",
            "地区   样本   占比",
            "东部   120   40%",
            "西部   180   60%",
            "注：数据来自调查。",
            "正文继续写在这里，并且这一行和正文一样宽。",
        ]);
        let (tables, _) = build(&mut lines);
        assert_eq!(
            tables.len(),
            1,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        let t = &tables[0];
        assert_eq!((t.label.as_str(), t.caption.as_str()), ("表1", "样本分布"));
        assert_eq!(t.header, ["地区", "样本", "占比"]);
        assert_eq!(t.rows, [["东部", "120", "40%"], ["西部", "180", "60%"]]);
        assert_eq!(t.note.as_deref(), Some("注：数据来自调查。"));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn an_html_table_gives_its_grid() {
        let mut lines = printed(&[
            "表1仿真参数表",
            "<html><body><table><tr><td>参数</td><td>值</td></tr><tr><td>时延/ms</td><td>10</td></tr></table></body></html>",
        ]);
        let (tables, markup) = build(&mut lines);
        assert_eq!(tables[0].label, "表1");
        assert_eq!(tables[0].header, ["参数", "值"]);
        assert_eq!(tables[0].rows, [["时延/ms", "10"]]);
        assert!(markup[0].text.starts_with("<html><body><table><tr><td>"));
        assert!(lines.is_empty());
    }

    #[test]
    fn a_continued_label_over_its_note_alone_keeps_the_note() {
        let mut lines = printed(&["续表 2", "注：数据来自调查问卷。", "采用面板模型进行分析。"]);
        let (tables, _) = build(&mut lines);
        assert_eq!(
            tables.len(),
            1,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert_eq!(tables[0].label, "续表2");
        assert!(tables[0].rows.is_empty());
        assert_eq!(tables[0].note.as_deref(), Some("注：数据来自调查问卷。"));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "采用面板模型进行分析。");
    }

    #[test]
    fn one_cell_per_line() {
        let mut lines = printed(&[
            "续表2 方法比较",
            "方法",
            "效率",
            "甲方法",
            "12",
            "乙方法",
            "15",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.label, "续表2");
        assert_eq!(t.header, ["方法", "效率"]);
        assert_eq!(t.rows, [["甲方法", "12"], ["乙方法", "15"]]);
    }

    #[test]
    fn a_table_ends_at_the_reference_lists_heading() {
        let mut lines = printed(&[
            "续表2 方法比较",
            "方法",
            "效率",
            "甲方法",
            "12",
            "参考文献：",
        ]);
        let (tables, _) = build(&mut lines);
        assert_eq!(tables[0].rows, [["甲方法", "12"]]);
        assert_eq!(lines.last().map(|l| l.text.as_str()), Some("参考文献："));
    }

    #[test]
    fn one_cell_per_line_columns_from_the_cells_kinds() {
        let mut lines = printed(&[
            "表1",
            "各地区收入",
            "地区",
            "2013",
            "2014",
            "东部",
            "361.08",
            "526.75",
            "西部",
            "960.11",
            "-",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.caption, "各地区收入");
        assert_eq!(t.header, ["地区", "2013", "2014"]);
        assert_eq!(
            t.rows,
            [["东部", "361.08", "526.75"], ["西部", "960.11", "-"]]
        );
        let mut lines = printed(&[
            "表2 指标体系",
            "维度",
            "指标",
            "权重",
            "经济维度",
            "激励机制",
            "0.213",
            "社会维度",
            "治理结构",
            "0.262",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.header, ["维度", "指标", "权重"]);
        assert_eq!(t.rows[1], ["社会维度", "治理结构", "0.262"]);
    }

    #[test]
    fn labels_printed_apart_from_their_numbers() {
        // The extractor printed two rows' numbers before the label column.
        let mut lines = printed(&[
            "表1 回归结果",
            "模型(1)",
            "模型(2)",
            "-0.091**",
            "0.434*",
            "0.846***",
            "-0.592**",
            "变量",
            "资源配置",
            "激励机制",
            "技术扩散",
            "0.808",
            "0.158",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.header, ["变量", "模型(1)", "模型(2)"]);
        assert_eq!(
            t.rows,
            [
                ["资源配置", "-0.091**", "0.434*"],
                ["激励机制", "0.846***", "-0.592**"],
                ["技术扩散", "0.808", "0.158"]
            ]
        );
    }

    #[test]
    fn a_caption_printed_after_the_first_heading() {
        let mut lines = printed(&[
            "表1",
            "地区",
            "各地区收入测算结果",
            "2013",
            "2014",
            "东部",
            "361.08",
            "526.75",
            "西部",
            "960.11",
            "288.14",
            "中部",
            "100.5",
            "200.5",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.caption, "各地区收入测算结果");
        assert_eq!(t.header, ["地区", "2013", "2014"]);
    }

    #[test]
    fn rows_split_at_single_spaces() {
        let mut lines = printed(&[
            "表 1 收入",
            "地区 2013 2014",
            "东部 361.08 526.75",
            "西部 960.11 288.14",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.header, ["地区", "2013", "2014"]);
        assert_eq!(
            t.rows,
            [["东部", "361.08", "526.75"], ["西部", "960.11", "288.14"]]
        );
    }

    #[test]
    fn a_bracketed_qualifier_stays_with_its_heading() {
        let mut lines = printed(&[
            "表 2 回归结果",
            "变量 模型 (1) 模型 (2)",
            "收入 0.12* -0.30**",
            "教育 0.45 0.08***",
            "观测值 1200 1200",
        ]);
        let t = &build(&mut lines).0[0];
        assert_eq!(t.header, ["变量", "模型(1)", "模型(2)"]);
        assert_eq!(t.rows[0], ["收入", "0.12*", "-0.30**"]);
    }

    #[test]
    fn rules_an_ocr_engine_read_as_quotes_leave_the_cells() {
        let mut lines = printed(&[
            "表 1 收入",
            "地区  2013   2014",
            "贵州”361.08 ”526.75",
            "甘肃“960.11 769.33",
            "四川  332.25  977.15",
            "陕 西 997.21 933.62",
        ]);
        let (tables, removed) = build(&mut lines);
        let t = &tables[0];
        assert_eq!(t.header, ["地区", "2013", "2014"]);
        assert_eq!(t.rows[0], ["贵州", "361.08", "526.75"]);
        assert_eq!(t.rows[1], ["甘肃", "960.11", "769.33"]);
        assert_eq!(t.rows[3], ["陕西", "997.21", "933.62"]);
        let rules: String = removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(rules, "””“");
    }
}
