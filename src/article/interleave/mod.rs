//! Two columns as plain `pdftotext` (no `-layout`) prints them: the extractor writes the
//! page as text blocks separated by blank lines, and on a two-column page it often takes
//! the blocks of the two columns in turn (a few lines of the left column, a few of the
//! right, sometimes one line each, a heading of one column between lines of the other).
//! Read in that order every paragraph is cut into pieces of two.
//!
//! Nothing in plain text says where a block stood, so the order is restored from the text
//! itself. The article is first recognised as two-column from its line widths (most
//! running lines are about half as wide as its widest lines: the title block, abstract
//! and wide tables span both columns). On each page the blocks are split into segments at
//! full-width blocks (which stay where they are: a wide table or abstract sits between a
//! two-column region above and one below), and inside a segment the column blocks are
//! dealt into two chains, the extractor's order kept inside each chain. The dealing is
//! chosen by continuity: a block whose last line ends mid-word continues in the block
//! whose first line completes the word, which the article's own text tells (character
//! n-grams that straddle the junction and occur inside printed lines elsewhere in the
//! article); a heading follows only a line that ends a sentence. A beam search over the
//! dealings keeps the cost linear in the blocks. The chain that holds the segment's first
//! block is read first (the extractor starts at the top left), then the other one.
//! Notes (footnotes, first-page notes) and page numbers go after the two chains, where a
//! one-column export has them; short lines that are neither headings nor running text
//! (table cells, which the extractor prints as blocks of their own) stay with the block
//! they followed. Where the chains do not read better than the extractor's order, the
//! order is kept and the page says so. Only the order changes: every line is kept.

use super::Line;
use crate::model::{ReadingMethod, ReadingOrder};
use ocrclean_text::class::is_footnote_mark;

mod chains;
mod notes;
mod refs;
mod tables;

use chains::{deal, Grams};

/// Fewest half units a line needs to count as running text when the column width is
/// measured (shorter lines are table cells, page numbers, heads).
const MIN_RUNNING: u32 = 16;
/// The column width over the article's widest lines (98th percentile), in hundredths:
/// two columns print lines about half as wide as the page; one column, four fifths.
const MAX_COLUMN_SHARE: u32 = 62;
const MIN_COLUMN_SHARE: u32 = 30;
/// A body line is at most this share of the column width (hundredths): a Latin word or
/// a citation that did not fit makes it a little wider.
const BODY_SHARE: u32 = 112;
/// A note's lines (set smaller than the body) are wider than the column's but less than
/// this share of it (hundredths): a note block is no full-width block.
const NOTE_SHARE: u32 = 180;
/// Lines about twice the column width (hundredths of it) that make an article two-column
/// however few its wide lines are: at least `MIN_TWICE` of them.
const TWICE_LOW: u32 = 180;
const TWICE_HIGH: u32 = 225;
const MIN_TWICE: usize = 3;
/// Least share of the running lines near the column width (within `NEAR` half units).
const MIN_NEAR_SHARE: f64 = 0.3;
const NEAR: u32 = 4;
/// A line wider than this share of the column width (hundredths) spans both columns.
const WIDE_SHARE: u32 = 135;
/// A one-line block narrower than this share of the column width (hundredths) is short:
/// a table cell, a head or a heading.
const SHORT_SHARE: u32 = 60;
/// Lines at a page top narrower than this share of the column (hundredths) are its
/// running head, kept in place, at most `HEAD_LINES` of them.
const HEAD_SHARE: u32 = 75;
const HEAD_LINES: usize = 4;
/// Fewest column blocks a segment needs before its order is questioned.
const MIN_BLOCKS: usize = 3;
/// A junction scoring under this is no evidence that the lines join.
const WEAK: i32 = 3;
/// How much better (in junction points) the chains must read than the extractor's order.
const MARGIN: i32 = 4;
/// Cells farther apart than this many column blocks belong to different tables.
const CELL_GAP: usize = 2;

/// What a block of a page is to the reordering.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A line spans both columns: the block stays where it is and bounds a segment.
    Wide,
    /// A footnote, a first-page note or a page number: after the columns.
    Tail,
    /// A short line that is no heading (a table cell): stays with the block before it.
    Cell,
    /// A table gathered from among the other column's lines that opens the segment
    /// (`tables.rs`): read first.
    Table,
    /// A numbered heading: follows a line that ends a sentence.
    Heading,
    /// Running text of a column.
    Text,
}

struct Block {
    lines: Vec<Line>,
    kind: Kind,
    /// Lines read after the block's own that are no part of its text (a table gathered
    /// from among the other column's lines, `tables.rs`): its junctions ignore them.
    trailer: Vec<Line>,
}

impl Block {
    fn into_lines(self) -> impl Iterator<Item = Line> {
        self.lines.into_iter().chain(self.trailer)
    }
}

/// The article's column width in half units, when its lines say it is set in two columns.
fn column_width(pages: &[Vec<Line>]) -> Option<u32> {
    let mut widths: Vec<u32> = pages
        .iter()
        .flatten()
        .map(|l| width(&l.text))
        .filter(|&w| w >= MIN_RUNNING)
        .collect();
    if widths.len() < 20 {
        return None;
    }
    widths.sort_unstable();
    let top = widths[widths.len() * 98 / 100];
    // The mode, counting the lines near each width: a column's lines are full but for a
    // unit or two (a Latin word that did not fit, letter-spacing).
    let (mut best, mut best_count) = (0, 0);
    let mut lo = 0;
    let mut hi = 0;
    for &w in &widths {
        while widths[lo] + NEAR < w {
            lo += 1;
        }
        while hi < widths.len() && widths[hi] <= w + NEAR {
            hi += 1;
        }
        let count = hi - lo;
        if count > best_count || (count == best_count && w > best) {
            (best, best_count) = (w, count);
        }
    }
    let share = best * 100 / top.max(1);
    // An article whose front matter alone spans the page (an abstract of three lines
    // over some hundreds of column lines) has too few wide lines for the percentile:
    // a few lines about twice the column width say it too.
    let twice = widths
        .iter()
        .filter(|&&w| (TWICE_LOW..=TWICE_HIGH).contains(&(w * 100 / best.max(1))))
        .count();
    ((MIN_COLUMN_SHARE..=MAX_COLUMN_SHARE).contains(&share) || twice >= MIN_TWICE)
        .then_some(best)
        .filter(|_| best_count as f64 >= MIN_NEAR_SHARE * widths.len() as f64)
}

/// A line's printed width in half units, spaces (letter-spacing, word gaps) left out.
fn width(text: &str) -> u32 {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(ocrclean_text::width::half_width)
        .sum()
}

/// Characters of a line without spaces: the text n-grams are taken from.
fn squeeze(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A note's first line: a footnote mark, or a bracketed label (`［收稿日期］`), or a
/// first-page note's label with its colon (`收稿日期：`, `基金项目：`, `作者简介：`).
fn starts_note(text: &str) -> bool {
    // Letter-spacing may set a label apart (`［基 金 项 目］`).
    let t: String = squeeze(text).into_iter().collect();
    let t = t.as_str();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_footnote_mark(first) {
        return true;
    }
    if matches!(first, '［' | '【' | '[') {
        // A citation `[3]` starts a line too; a label is words.
        let inner: String = chars
            .take_while(|&c| !matches!(c, '］' | '】' | ']'))
            .collect();
        return (2..=8).contains(&inner.chars().count())
            && inner.chars().all(ocrclean_text::class::is_ideograph);
    }
    const LABELS: [&str; 5] = ["收稿日期", "基金项目", "作者简介", "通讯作者", "通信作者"];
    LABELS.iter().any(|l| t.starts_with(l))
}

/// A section heading, or the reference list's (`参考文献：`): either starts after a
/// paragraph's end.
fn is_heading(text: &str) -> bool {
    super::paragraphs::is_heading(text) || super::labels::is_references_heading(text)
}

/// A page number on its own line: digits with dashes, dots or middle dots around them.
fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 12
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || " -—–·•.".contains(c))
}

fn kind_of(lines: &[Line], note: bool, column: u32) -> Kind {
    if note
        && lines
            .iter()
            .all(|l| width(&l.text) * 100 < column * NOTE_SHARE)
    {
        return Kind::Tail;
    }
    if lines
        .iter()
        .any(|l| width(&l.text) * 100 > column * WIDE_SHARE)
    {
        return Kind::Wide;
    }
    let first = lines[0].text.trim();
    if note || (lines.len() == 1 && is_page_number(first)) {
        return Kind::Tail;
    }
    if lines.len() == 1 && is_heading(first) {
        return Kind::Heading;
    }
    // A paragraph's last line is short too, but ends its sentence.
    if lines.len() == 1
        && width(first) * 100 < column * SHORT_SHARE
        && !super::lines::ends_sentence(first)
    {
        return Kind::Cell;
    }
    Kind::Text
}

/// The page's blocks: runs of lines between blank lines, a note's first line starting a
/// block of its own (the extractor glues a column's foot note to its last line).
fn blocks(page: Vec<Line>, column: u32) -> Vec<Block> {
    let starts = note_starts(&page, column);
    let mut runs: Vec<(Vec<Line>, bool)> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut current_note = false;
    for (line, note) in page.into_iter().zip(starts) {
        if line.text.trim().is_empty() {
            if !current.is_empty() {
                runs.push((std::mem::take(&mut current), current_note));
            }
            continue;
        }
        if !current.is_empty() && note {
            runs.push((std::mem::take(&mut current), current_note));
        }
        if current.is_empty() {
            current_note = note;
        }
        current.push(line);
    }
    if !current.is_empty() {
        runs.push((current, current_note));
    }
    let mut blocks: Vec<Block> = runs
        .into_iter()
        .map(|(lines, note)| {
            let kind = kind_of(&lines, note, column);
            Block {
                lines,
                kind,
                trailer: Vec::new(),
            }
        })
        .collect();
    // A bare number the page's text goes on after is a table's cell (`1675`, `0.599`,
    // a year heading a column), not the page number: the extractor writes that after
    // every line of the page but the notes.
    let mut text_after = false;
    for block in blocks.iter_mut().rev() {
        let bare = block.kind == Kind::Tail
            && block.lines.len() == 1
            && is_bare_number(&block.lines[0].text);
        if bare && text_after {
            block.kind = Kind::Cell;
        }
        text_after |= matches!(block.kind, Kind::Text | Kind::Heading | Kind::Cell);
    }
    blocks
}

/// A number printed without the dashes or dots that decorate page numbers (`101`,
/// `0.599`, `-0.7`): a page number or a table's cell.
fn is_bare_number(text: &str) -> bool {
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || ".-".contains(c))
}

/// Which lines of a page start a note. A body line may open with a footnote mark too (the
/// mark closing the sentence before it, pushed onto the next line): it is no note when
/// it fits the column at the body's size and a later line of the page opens with the
/// same mark (the note it refers to, below it in its column).
fn note_starts(page: &[Line], column: u32) -> Vec<bool> {
    let mut last_with: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for (i, line) in page.iter().enumerate() {
        if let Some(c) = line
            .text
            .trim_start()
            .chars()
            .next()
            .filter(|&c| is_footnote_mark(c))
        {
            last_with.insert(c, i);
        }
    }
    page.iter()
        .enumerate()
        .map(|(i, line)| {
            let t = line.text.trim_start();
            if !starts_note(t) {
                return false;
            }
            let reference =
                t.chars().next().is_some_and(|c| {
                    is_footnote_mark(c) && last_with.get(&c).is_some_and(|&j| j > i)
                }) && width(t) * 100 <= column * BODY_SHARE;
            !reference
        })
        .collect()
}

/// How one segment of a page was read.
enum Outcome {
    /// Left alone: of its text blocks, `broken` end mid-paragraph without the next one
    /// continuing them (too few to question the extractor's order).
    Untouched {
        blocks: usize,
        broken: usize,
    },
    Dealt,
    Undecided,
}

/// Reorders one segment (blocks between full-width ones); returns its lines in order.
fn read_segment(grams: &Grams, column: u32, segment: Vec<Block>) -> (Vec<Line>, Outcome) {
    let segment = tables::gather(segment, column);
    let text_blocks: Vec<usize> = (0..segment.len())
        .filter(|&i| matches!(segment[i].kind, Kind::Text | Kind::Heading))
        .collect();
    // A block that ends mid-paragraph (its last line full, no sentence end) continues in
    // the next line of its column. An extractor that reads each column through breaks
    // its blocks where paragraphs end; one that interleaves them breaks them anywhere.
    // Such a block followed by one that does not continue it is a break in the
    // extractor's order; a page read column by column has next to none.
    let open: Vec<bool> = text_blocks
        .iter()
        .map(|&i| {
            let last = segment[i].lines.last().expect("blocks have lines");
            width(&last.text) + NEAR >= column && !super::lines::ends_sentence(last.text.trim_end())
        })
        .collect();
    let broken = text_blocks
        .windows(2)
        .zip(&open)
        .filter(|(pair, &open)| {
            let tail = segment[pair[0]].lines.last().expect("blocks have lines");
            open && grams.junction(&tail.text, &segment[pair[1]].lines[0].text) < WEAK
        })
        .count();
    if text_blocks.len() < MIN_BLOCKS || broken < MIN_BLOCKS || broken * 2 < text_blocks.len() {
        let outcome = Outcome::Untouched {
            blocks: text_blocks.len(),
            broken,
        };
        return (flatten(segment), outcome);
    }
    let ends: Vec<(&str, &str)> = text_blocks
        .iter()
        .map(|&i| {
            let lines = &segment[i].lines;
            (lines[0].text.as_str(), lines[lines.len() - 1].text.as_str())
        })
        .collect();
    let roles: Vec<refs::Role> = text_blocks
        .iter()
        .map(|&i| refs::role(&segment[i].lines))
        .collect();
    let (chains, _gain) = deal(grams, &ends, &roles);
    let Some(mut chains) = chains else {
        return (flatten(segment), Outcome::Undecided);
    };
    // The extractor may start with the right column's top: the chain whose foot runs on
    // into the other's top is read first.
    let edge = |c: u8, last: bool| {
        let mut at = (0..chains.len()).filter(|&k| chains[k] == c);
        if last {
            at.next_back()
        } else {
            at.next()
        }
    };
    // A chain that reaches its reference list is read last: the list ends the article.
    let listed = |c: u8| {
        (0..chains.len())
            .any(|k| chains[k] == c && matches!(roles[k], refs::Role::Heading | refs::Role::Entry))
    };
    if listed(0) != listed(1) {
        if listed(0) {
            chains.iter_mut().for_each(|c| *c = 1 - *c);
        }
    } else if let (Some(foot0), Some(top1), Some(foot1), Some(top0)) =
        (edge(0, true), edge(1, false), edge(1, true), edge(0, false))
    {
        let forward = grams.junction(ends[foot0].1, ends[top1].0);
        let backward = grams.junction(ends[foot1].1, ends[top0].0);
        if backward >= WEAK && backward > forward + WEAK {
            chains.iter_mut().for_each(|c| *c = 1 - *c);
        }
    }
    // Each block's chain: column blocks as dealt; a cell with the column block before the
    // first cell of its table (cells farther apart than `CELL_GAP` column blocks start a
    // new table); a block before any column block with the first chain.
    let mut chain_of = vec![0u8; segment.len()];
    for (&i, &c) in text_blocks.iter().zip(&chains) {
        chain_of[i] = c;
    }
    let mut anchor: Option<u8> = None;
    let mut since_cell = usize::MAX;
    let mut last_text: u8 = 0;
    for (i, block) in segment.iter().enumerate() {
        match block.kind {
            Kind::Text | Kind::Heading => {
                last_text = chain_of[i];
                since_cell = since_cell.saturating_add(1);
                if since_cell > CELL_GAP {
                    anchor = None;
                }
            }
            Kind::Cell => {
                let a = *anchor.get_or_insert(last_text);
                chain_of[i] = a;
                since_cell = 0;
            }
            Kind::Tail | Kind::Wide | Kind::Table => {}
        }
    }
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut tail = Vec::new();
    for (block, chain) in segment.into_iter().zip(chain_of) {
        match (block.kind, chain) {
            (Kind::Tail | Kind::Wide, _) => tail.extend(block.into_lines()),
            (_, 0) => first.extend(block.into_lines()),
            _ => second.extend(block.into_lines()),
        }
    }
    first.append(&mut second);
    first.append(&mut tail);
    (first, Outcome::Dealt)
}

fn flatten(blocks: Vec<Block>) -> Vec<Line> {
    blocks.into_iter().flat_map(Block::into_lines).collect()
}

/// Restores the reading order of interleaved two-column pages. `pages` still hold their
/// blank lines (the block boundaries); pages read here come back without them. Returns,
/// per page, how its order was decided (the extractor's kept, and why, where nothing
/// was re-chained).
pub fn read(pages: &mut [Vec<Line>]) -> Vec<ReadingOrder> {
    let Some(column) = column_width(pages) else {
        return vec![
            ReadingOrder::extractor(
                "one column: the article's running lines are not about half as wide as its widest; lines in the extractor's order"
            );
            pages.len()
        ];
    };
    let grams = Grams::new(pages, column);
    pages
        .iter_mut()
        .map(|page| read_page(page, column, &grams))
        .collect()
}

/// Blocks near the page top looked through for a running head glued to their first line.
const HEAD_BLOCKS: usize = 3;

/// A running head the extractor glued to the top of a column block (the head's pieces
/// dealt among the columns' first lines: `2018 年第 5 期` above the right column's first
/// line): a narrow first line that neither ends a sentence nor heads anything, over a
/// line of the column's running text, in one of the page's first blocks. Left there it
/// would stand between a column's foot and its continuation at the next column's top.
/// It goes to the page's head, kept in place with the rest of it.
fn peel_heads(blocks: &mut [Block], head: &mut Vec<Line>, column: u32) {
    for k in 0..blocks.len().min(HEAD_BLOCKS) {
        // A table's header under its caption is the table's (`表 1 …` / `维度  指标  权重`),
        // and so is a line of cells set apart by space runs.
        let after_label = k > 0
            && blocks[k - 1]
                .lines
                .last()
                .is_some_and(|l| tables::is_label(&l.text));
        let block = &mut blocks[k];
        if head.len() >= HEAD_LINES
            || block.kind != Kind::Text
            || block.lines.len() < 2
            || after_label
            || block.lines[0].text.trim().contains("  ")
        {
            continue;
        }
        let first = block.lines[0].text.trim();
        let next = width(&block.lines[1].text);
        let glued = width(first) * 100 < column * HEAD_SHARE
            && !super::lines::ends_sentence(first)
            && !is_heading(first)
            && !tables::is_label(first)
            && !starts_note(first)
            && next * 100 >= column * HEAD_SHARE
            && next * 100 <= column * BODY_SHARE;
        if glued {
            head.push(block.lines.remove(0));
        }
    }
}

fn read_page(page: &mut Vec<Line>, column: u32, grams: &Grams) -> ReadingOrder {
    if !page.iter().any(|l| l.text.trim().is_empty()) {
        // No blank lines, no blocks: the extractor wrote the page in its reading order.
        return ReadingOrder::extractor(format!(
            "two-column article (column {column} half units) but no blank lines split the page into blocks: the extractor wrote it in its reading order"
        ));
    }
    if let Some(g) = super::columns::gutter(page) {
        // Columns side by side on one line (`-layout`): `columns` reads those.
        return ReadingOrder::extractor(format!(
            "columns side by side (a gutter near character {}): read at the gutter",
            g.cut
        ));
    }
    let lines = std::mem::take(page);
    // The running head at the page top stays in place.
    let mut head = Vec::new();
    let mut rest = lines.into_iter().peekable();
    while let Some(l) = rest.peek() {
        let blank = l.text.trim().is_empty();
        // A table's label at the page top opens the table (`tables.rs`), not the head.
        if !blank
            && (head.len() >= HEAD_LINES
                || width(&l.text) * 100 >= column * HEAD_SHARE
                || tables::is_label(&l.text))
        {
            break;
        }
        let l = rest.next().expect("peeked");
        if !blank {
            head.push(l);
        }
    }
    let mut page_blocks = blocks(rest.collect(), column);
    peel_heads(&mut page_blocks, &mut head, column);
    let all = notes::follow(page_blocks, grams);
    let mut out = head;
    let (mut dealt, mut undecided, mut blocks_dealt) = (0, 0, 0);
    let (mut kept_blocks, mut kept_broken) = (0, 0);
    let mut segment: Vec<Block> = Vec::new();
    let mut finish = |segment: Vec<Block>, out: &mut Vec<Line>| {
        let n = segment.len();
        let (lines, outcome) = read_segment(grams, column, segment);
        match outcome {
            Outcome::Dealt => {
                dealt += 1;
                blocks_dealt += n;
            }
            Outcome::Undecided => undecided += 1,
            Outcome::Untouched { blocks, broken } => {
                kept_blocks += blocks;
                kept_broken += broken;
            }
        }
        out.extend(lines);
    };
    for block in all {
        if block.kind == Kind::Wide {
            finish(std::mem::take(&mut segment), &mut out);
            out.extend(block.lines);
        } else {
            segment.push(block);
        }
    }
    finish(segment, &mut out);
    *page = out;
    match (dealt, undecided) {
        (0, 0) => ReadingOrder::extractor(format!(
            "two-column article (column {column} half units): {kept_broken} of {kept_blocks} text blocks end mid-paragraph without the next one continuing them, too few to question the extractor's order"
        )),
        (0, _) => ReadingOrder::undecided(format!(
            "interleaved columns, undecided: blocks at half the page width ({column} half units) in {undecided} region(s) read no better dealt into two columns; kept the extractor's order"
        )),
        _ => {
            let mut order = ReadingOrder::new(
                ReadingMethod::Continuity,
                format!(
                    "interleaved columns re-chained by continuity: {blocks_dealt} blocks in {dealt} region(s) dealt into two columns where lines join across blocks (n-grams of the article across each junction, headings after sentence ends), left chain first; notes and page numbers after the columns{}",
                    if undecided > 0 {
                        format!("; {undecided} region(s) undecided, kept in the extractor's order")
                    } else {
                        String::new()
                    }
                ),
            );
            order.flagged = undecided > 0;
            order
        }
    }
}

#[cfg(test)]
mod tests;
