//! Stage 7, output: the document as JSON, clean text, Markdown and CSV.
//!
//! Every rendering is a pure function of the [`Document`], so the same page always gives
//! the same bytes. The text renderings (`to_json`, `to_text`, `to_markdown`,
//! `table_csv`) end with exactly one `\n` when they are not empty.

use crate::model::{Confidence, Document, Footnote, Table};

/// The renderings, as methods of the document for users of the library.
impl Document {
    /// The document as pretty-printed JSON (the `STEM.json` file).
    pub fn to_json(&self) -> String {
        to_json(self)
    }

    /// Paragraphs separated by blank lines, then the footnotes (the `STEM.txt` file).
    pub fn to_text(&self) -> String {
        to_text(self)
    }

    /// Paragraphs, tables under their captions with their notes, footnotes (`STEM.md`).
    pub fn to_markdown(&self) -> String {
        to_markdown(self)
    }
}

impl Table {
    /// The table as CSV: UTF-8, header row first (the `STEM.tableN.csv` files).
    pub fn to_csv(&self) -> String {
        table_csv(self)
    }
}

/// The document as pretty-printed JSON (the `STEM.json` file), ending with `\n`.
///
/// ```
/// let mut doc = ocrclean::model::Document::default();
/// doc.source = "p.txt".into();
/// let json = doc.to_json();
/// assert!(json.starts_with("{\n  \"source\": \"p.txt\","));
/// assert!(json.ends_with("}\n"));
/// ```
pub fn to_json(doc: &Document) -> String {
    let mut json = serde_json::to_string_pretty(doc).unwrap_or_else(|e| serialization_failed(&e));
    json.push('\n');
    json
}

/// The document as one line of JSON, ending with `\n` (one line of `--jsonl` output).
///
/// ```
/// let doc = ocrclean::model::Document::default();
/// let line = ocrclean::output::to_jsonl_line(&doc);
/// assert!(line.ends_with("}\n"));
/// assert_eq!(line.matches('\n').count(), 1);
/// ```
pub fn to_jsonl_line(doc: &Document) -> String {
    // One buffer sized from the content up front, instead of doubling from 128 bytes.
    let mut buf = Vec::with_capacity(json_size_hint(doc));
    match serde_json::to_writer(&mut buf, doc) {
        Ok(()) => {
            buf.push(b'\n');
            // serde_json writes UTF-8 only.
            String::from_utf8(buf)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Err(e) => {
            let mut json = serialization_failed(&e);
            json.push('\n');
            json
        }
    }
}

/// About the size of the document's compact JSON: its text plus room for the field names,
/// quotes and numbers.
fn json_size_hint(doc: &Document) -> usize {
    let table_text: usize = doc
        .tables
        .iter()
        .map(|t| {
            t.caption.len()
                + t.method.len()
                + t.header.iter().map(|c| c.len() + 3).sum::<usize>()
                + t.rows.iter().flatten().map(|c| c.len() + 3).sum::<usize>()
                + 128
        })
        .sum();
    let text = doc.source.len()
        + doc.paragraphs.iter().map(|p| p.len() + 3).sum::<usize>()
        + doc
            .footnotes
            .iter()
            .map(|f| f.text.len() + 32)
            .sum::<usize>()
        + doc.removed.iter().map(|r| r.text.len() + 32).sum::<usize>()
        + doc
            .disagreements
            .iter()
            .map(|d| d.ocr.len() + d.text.len() + 40)
            .sum::<usize>()
        + table_text;
    text + 512
}

/// A `Document` holds only strings, numbers, options, vectors and unit enums, which
/// serde_json always serializes; should that ever change, the output says so instead of
/// the program panicking.
fn serialization_failed(e: &serde_json::Error) -> String {
    serde_json::json!({ "error": format!("could not serialize the document: {e}") }).to_string()
}

/// The clean text (the `STEM.txt` file): paragraphs separated by blank lines, then, after a
/// blank line, one line per footnote (`① text`). Tables are not part of the text; they are
/// in the Markdown and the CSV files.
///
/// ```
/// use ocrclean::model::{Document, Footnote};
/// let mut doc = Document::default();
/// doc.paragraphs = vec!["第一段。①".into(), "第二段。".into()];
/// doc.footnotes = vec![Footnote::new("①", "注释。")];
/// assert_eq!(ocrclean::output::to_text(&doc), "第一段。①\n\n第二段。\n\n① 注释。\n");
/// ```
pub fn to_text(doc: &Document) -> String {
    let mut blocks: Vec<String> = doc.paragraphs.clone();
    if !doc.footnotes.is_empty() {
        blocks.push(
            doc.footnotes
                .iter()
                .map(footnote_line)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    join_blocks(&blocks)
}

/// The Markdown rendering (the `STEM.md` file and the default stdout output): paragraphs,
/// then each table in page order under its caption line (`**表1 caption**`) with its note
/// below, then the footnotes. A table whose grid the input did not fully determine
/// (confidence other than `determined`) carries a line saying so. `|` in cells is escaped;
/// a paragraph that Markdown would read as a heading, quote or list gets a backslash.
///
/// ```
/// use ocrclean::model::{Confidence, Document, Table};
/// let mut table = Table::default();
/// table.label = "表1".into();
/// table.caption = "对比".into();
/// table.header = vec!["项目".into(), "数值".into()];
/// table.rows = vec![vec!["甲|乙".into(), "1".into()]];
/// table.note = Some("(资料来源:作者整理。)".into());
/// table.confidence = Confidence::Determined;
/// table.position = 1;
/// let mut doc = Document::default();
/// doc.paragraphs = vec!["正文。".into()];
/// doc.tables = vec![table];
/// assert_eq!(
///     ocrclean::output::to_markdown(&doc),
///     "正文。\n\n**表1 对比**\n\n| 项目 | 数值 |\n| --- | --- |\n| 甲\\|乙 | 1 |\n\n(资料来源:作者整理。)\n"
/// );
/// ```
pub fn to_markdown(doc: &Document) -> String {
    // Each table where it is printed: after the paragraphs that come before it.
    let mut blocks: Vec<String> = Vec::new();
    let mut tables = doc.tables.iter().peekable();
    for (i, paragraph) in doc.paragraphs.iter().enumerate() {
        while let Some(table) = tables.next_if(|t| t.position <= i) {
            blocks.extend(markdown_table_blocks(table));
        }
        blocks.push(escape_block(paragraph));
    }
    for table in tables {
        blocks.extend(markdown_table_blocks(table));
    }
    if !doc.footnotes.is_empty() {
        blocks.push(
            doc.footnotes
                .iter()
                .map(|f| escape_block(&footnote_line(f)))
                .collect::<Vec<_>>()
                .join("\n\n"),
        );
    }
    join_blocks(&blocks)
}

/// One output file of a page: the suffix after `STEM.` and the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// `table1.csv`, `table2.csv`, …, `txt`, `md`, `json`.
    pub suffix: String,
    /// The file's text (UTF-8).
    pub contents: String,
}

/// Every file `--out` writes for one page, in the order they are written: one CSV per
/// table, then `txt`, `md`, and `json` last, so that a complete `STEM.json` means the
/// page's other files are complete too (`--resume` relies on this).
///
/// ```
/// let doc = ocrclean::model::Document::default();
/// let files = ocrclean::output::render_files(&doc);
/// let suffixes: Vec<&str> = files.iter().map(|f| f.suffix.as_str()).collect();
/// assert_eq!(suffixes, ["txt", "md", "json"]);
/// ```
pub fn render_files(doc: &Document) -> Vec<RenderedFile> {
    let mut files: Vec<RenderedFile> = doc
        .tables
        .iter()
        .enumerate()
        .map(|(i, table)| RenderedFile {
            suffix: table_suffix(i + 1),
            contents: table_csv(table),
        })
        .collect();
    for (suffix, contents) in [
        ("txt", to_text(doc)),
        ("md", to_markdown(doc)),
        ("json", to_json(doc)),
    ] {
        files.push(RenderedFile {
            suffix: suffix.to_string(),
            contents,
        });
    }
    files
}

/// The file suffix of the `n`th table's CSV (1-based): `table1.csv`.
pub fn table_suffix(n: usize) -> String {
    format!("table{n}.csv")
}

/// One table as CSV (a `STEM.tableN.csv` file): UTF-8 without BOM, the header row first
/// (when the table has one), quoting as the csv crate does by default (only fields that
/// need it), `\n` line ends. Rows shorter than the widest row are padded with empty cells,
/// so every record has the same number of fields.
///
/// ```
/// use ocrclean::model::{Confidence, Table};
/// let mut table = Table::default();
/// table.label = "表1".into();
/// table.header = vec!["城市".into(), "道路网络2.0".into()];
/// table.rows = vec![vec!["甲市".into(), "环形放射,兼有方格".into()]];
/// table.confidence = Confidence::Determined;
/// assert_eq!(
///     ocrclean::output::table_csv(&table),
///     "城市,道路网络2.0\n甲市,\"环形放射,兼有方格\"\n"
/// );
/// ```
pub fn table_csv(table: &Table) -> String {
    let width = table_width(table);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let records = std::iter::once(&table.header)
        .filter(|h| !h.is_empty())
        .chain(table.rows.iter());
    for record in records {
        let padding = width.saturating_sub(record.len());
        let fields = record
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n("", padding));
        // Writing to a Vec cannot fail; a record the writer refuses is left out rather
        // than aborting the page.
        let _ = writer.write_record(fields);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Every field came from a `String`, so the output is UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The number of columns: the header's, or the widest row's if wider.
fn table_width(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0)
}

/// `① text`, or just `text` when the footnote has no mark.
fn footnote_line(footnote: &Footnote) -> String {
    if footnote.mark.is_empty() {
        footnote.text.clone()
    } else {
        format!("{} {}", footnote.mark, footnote.text)
    }
}

/// Blocks separated by one blank line, the whole ending with `\n` (empty stays empty).
fn join_blocks(blocks: &[String]) -> String {
    let blocks: Vec<&str> = blocks
        .iter()
        .map(|b| b.trim_end_matches('\n'))
        .filter(|b| !b.is_empty())
        .collect();
    if blocks.is_empty() {
        return String::new();
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// The Markdown blocks of one table: caption line, grid, uncertainty line, note.
fn markdown_table_blocks(table: &Table) -> Vec<String> {
    let mut blocks = Vec::new();
    let title = [table.label.trim(), table.caption.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !title.is_empty() {
        blocks.push(format!("**{}**", escape_inline(&title)));
    }
    let width = table_width(table);
    if width > 0 {
        let row = |cells: &[String]| {
            let mut line = String::from("|");
            for i in 0..width {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                line.push(' ');
                line.push_str(&escape_cell(cell));
                line.push_str(" |");
            }
            line
        };
        let mut grid = vec![row(&table.header), {
            let mut rule = String::from("|");
            rule.push_str(&" --- |".repeat(width));
            rule
        }];
        grid.extend(table.rows.iter().map(|r| row(r)));
        blocks.push(grid.join("\n"));
    }
    if table.confidence != Confidence::Determined {
        let what = match table.confidence {
            Confidence::Content => "grid chosen from cell content",
            _ => "grid guessed, check it",
        };
        let method = table.method.trim();
        blocks.push(if method.is_empty() {
            format!("*({what})*")
        } else {
            format!("*({what}: {})*", escape_inline(method))
        });
    }
    if let Some(note) = table.note.as_deref().filter(|n| !n.trim().is_empty()) {
        blocks.push(escape_block(note));
    }
    blocks
}

/// A table cell: `|` escaped, `\` before it kept literal, line breaks as `<br>`.
fn escape_cell(cell: &str) -> String {
    cell.trim()
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Text inside `**…**` or `*…*`: asterisks escaped so they cannot end the emphasis.
fn escape_inline(text: &str) -> String {
    text.replace('\\', "\\\\").replace('*', "\\*")
}

/// A paragraph: a backslash before a leading character that would make Markdown read it
/// as a heading, block quote, list item or table row. Everything else is left as printed.
fn escape_block(text: &str) -> String {
    let starts_block = match text.chars().next() {
        Some('#' | '>' | '|') => true,
        Some('-' | '*' | '+') => text.chars().nth(1).is_none_or(|c| c == ' '),
        Some(c) if c.is_ascii_digit() => {
            let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
            (rest.starts_with(". ") || rest.starts_with(") ")) && text.len() - rest.len() <= 9
        }
        _ => false,
    };
    if starts_block {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with the features of real ones: a label column, cells with `,` and `、`.
    fn sample_table() -> Table {
        Table {
            label: "表2".into(),
            caption: "三种路网形式比较".into(),
            header: ["形式", "特点", "适用城市"].map(String::from).to_vec(),
            rows: vec![
                ["方格网", "布局整齐,便于建设", "平原城市"]
                    .map(String::from)
                    .to_vec(),
                ["环形放射", "中心可达性好、外围联系弱", "大城市,特大城市"]
                    .map(String::from)
                    .to_vec(),
                ["自由式", "顺应地形", "山地城市"]
                    .map(String::from)
                    .to_vec(),
            ],
            note: Some("(资料来源:作者整理。)".into()),
            confidence: Confidence::Determined,
            method: "both reading orders".into(),
            position: 0,
        }
    }

    #[test]
    fn csv_quotes_fields_with_commas_only() {
        assert_eq!(
            table_csv(&sample_table()),
            "形式,特点,适用城市\n方格网,\"布局整齐,便于建设\",平原城市\n环形放射,中心可达性好、外围联系弱,\"大城市,特大城市\"\n自由式,顺应地形,山地城市\n"
        );
    }

    #[test]
    fn csv_quotes_and_pads() {
        let table = Table {
            header: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![vec!["say \"hi\"".into()], vec!["x\ny".into(), "".into()]],
            ..sample_table()
        };
        assert_eq!(
            table_csv(&table),
            "a,b,c\n\"say \"\"hi\"\"\",,\n\"x\ny\",,\n"
        );
    }

    #[test]
    fn csv_of_empty_table_is_empty() {
        let table = Table {
            header: vec![],
            rows: vec![],
            ..sample_table()
        };
        assert_eq!(table_csv(&table), "");
    }

    #[test]
    fn text_without_footnotes_or_content() {
        assert_eq!(to_text(&Document::default()), "");
        let doc = Document {
            paragraphs: vec!["一。".into()],
            tables: vec![sample_table()],
            ..Default::default()
        };
        assert_eq!(to_text(&doc), "一。\n", "tables are not in the text");
    }

    #[test]
    fn text_lists_footnotes_one_per_line() {
        let doc = Document {
            paragraphs: vec!["正文。①②".into()],
            footnotes: vec![Footnote::new("①", "甲。"), Footnote::new("②", "乙。")],
            ..Default::default()
        };
        assert_eq!(to_text(&doc), "正文。①②\n\n① 甲。\n② 乙。\n");
    }

    #[test]
    fn markdown_full_page() {
        let doc = Document {
            paragraphs: vec!["段一。".into(), "段二。①".into(), "段三。".into()],
            tables: vec![Table {
                position: 2,
                ..sample_table()
            }],
            footnotes: vec![Footnote::new("①", "注。")],
            ..Default::default()
        };
        let md = to_markdown(&doc);
        assert_eq!(
            md,
            "段一。\n\n段二。①\n\n**表2 三种路网形式比较**\n\n| 形式 | 特点 | 适用城市 |\n| --- | --- | --- |\n| 方格网 | 布局整齐,便于建设 | 平原城市 |\n| 环形放射 | 中心可达性好、外围联系弱 | 大城市,特大城市 |\n| 自由式 | 顺应地形 | 山地城市 |\n\n(资料来源:作者整理。)\n\n段三。\n\n① 注。\n"
        );
    }

    #[test]
    fn markdown_flags_uncertain_grids() {
        let table = Table {
            confidence: Confidence::Guessed,
            method: "text layer only".into(),
            position: 0,
            note: None,
            ..sample_table()
        };
        let doc = Document {
            tables: vec![table],
            ..Default::default()
        };
        assert!(to_markdown(&doc).ends_with("\n\n*(grid guessed, check it: text layer only)*\n"));
    }

    #[test]
    fn markdown_pads_ragged_rows_and_headerless_tables() {
        let table = Table {
            label: "表2".into(),
            caption: String::new(),
            header: vec![],
            rows: vec![vec!["1".into(), "2".into()], vec!["3".into()]],
            note: None,
            ..sample_table()
        };
        let doc = Document {
            tables: vec![table],
            ..Default::default()
        };
        assert_eq!(
            to_markdown(&doc),
            "**表2**\n\n|  |  |\n| --- | --- |\n| 1 | 2 |\n| 3 |  |\n"
        );
    }

    #[test]
    fn markdown_escapes_block_starts_only() {
        assert_eq!(escape_block("# 标题"), "\\# 标题");
        assert_eq!(escape_block("1. 引言"), "\\1. 引言");
        assert_eq!(escape_block("1.城市道路"), "1.城市道路");
        assert_eq!(escape_block("- 项"), "\\- 项");
        assert_eq!(escape_block("-47-"), "-47-");
        assert_eq!(escape_block("2017年第9期"), "2017年第9期");
        assert_eq!(escape_cell("a|b\\c"), "a\\|b\\\\c");
    }

    #[test]
    fn json_round_trips() {
        let doc = Document {
            source: "dir/p.txt".into(),
            encoding: "GB18030".into(),
            tables: vec![sample_table()],
            body_width: Some(43.5),
            ..Default::default()
        };
        let back: Document = serde_json::from_str(&to_json(&doc)).unwrap();
        assert_eq!(back, doc);
        let back: Document = serde_json::from_str(&to_jsonl_line(&doc)).unwrap();
        assert_eq!(back, doc);
    }
}
