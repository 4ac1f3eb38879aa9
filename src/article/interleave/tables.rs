//! Tables cut into pieces among the other column's lines.
//!
//! A table set in one column sits beside the other column's running lines, and plain
//! `pdftotext` writes its cells one per block in the order of their height on the page,
//! the other column's lines dealt among them: the label, a line of the other column, the
//! caption, a heading of the other column, the header's cells, a row, a line of the
//! other column, the next row… Left there, the table ends at the first foreign line and
//! its cells scatter through the paragraphs.
//!
//! From a label line (`表1`, `表 2 样本分布`) on, each line is the table's or the other
//! column's by its shape: running text is as wide as the column, or ends a sentence, or
//! holds a comma or a full stop, or is a heading; a cell, a caption and a header are
//! short and no sentence, in blocks that hold no running text. The table's lines are taken out in their order and put back
//! together after the column block the label followed, down to the table's note (`注：`,
//! `资料来源：`) or until the other column's lines have run on for a while. Only the
//! order changes: every line is kept.

use super::{width, Block, Kind, NEAR};
use crate::article::lines::ends_sentence;
use crate::article::paragraphs::{is_caption, is_heading};
use crate::article::Line;
use ocrclean_text::markers::{caption_parts, is_note_start, is_plausible_caption};

/// Lines of the other column in a row after which the table has ended.
const MAX_FOREIGN: usize = 8;
/// Fewest lines of a table (its label included) worth gathering.
const MIN_LINES: usize = 4;

/// Where a line is: (its block, its line in the block).
type Place = (usize, usize);

/// A label line: the label alone, or with a caption that names the table.
pub(super) fn is_label(text: &str) -> bool {
    let t = text.trim();
    caption_parts(t).is_some_and(|(_, caption)| caption.is_empty()) || is_plausible_caption(t)
}

/// Whether a line is the running text of a column rather than a table's line.
fn is_running(text: &str, column: u32) -> bool {
    let t = text.trim();
    is_heading(t)
        || ends_sentence(t)
        || t.contains(['，', '。', '；', ',', ';'])
        || width(t) + NEAR >= column
}

/// Takes each table's lines out of the segment's blocks and returns them after the block
/// its label followed (a block's `trailer`: read after its lines, never part of its
/// junctions); a table whose label opens the segment becomes a block of its own, read
/// first. Blocks left empty are dropped.
pub(super) fn gather(segment: Vec<Block>, column: u32) -> Vec<Block> {
    // Each line's place: (block, line) in reading order.
    let places: Vec<Place> = segment
        .iter()
        .enumerate()
        .flat_map(|(b, block)| (0..block.lines.len()).map(move |l| (b, l)))
        .collect();
    let movable = |b: usize| !matches!(segment[b].kind, Kind::Tail | Kind::Wide);
    // The extractor writes a table's cells as blocks of their own: a line of a block
    // that holds running text is that text's (a `-raw` export cuts its lines into short
    // pieces, in blocks of running text).
    let cells_only: Vec<bool> = segment
        .iter()
        .map(|b| b.lines.iter().all(|l| !is_running(&l.text, column)))
        .collect();
    let text = |(b, l): Place| segment[b].lines[l].text.as_str();
    let mut taken: Vec<Vec<bool>> = segment.iter().map(|b| vec![false; b.lines.len()]).collect();
    // Each table: the place of its label and its lines' places.
    let mut tables: Vec<(Place, Vec<Place>)> = Vec::new();
    let mut k = 0;
    while k < places.len() {
        let at = places[k];
        if !movable(at.0) || !is_label(text(at)) || width(text(at)) > column + NEAR {
            k += 1;
            continue;
        }
        let mut lines = vec![at];
        // Where the scan goes on after this table: past its last line.
        let mut next = k + 1;
        let mut foreign = 0;
        let mut j = k + 1;
        while j < places.len() && foreign < MAX_FOREIGN {
            let place = places[j];
            let t = text(place).trim();
            if !movable(place.0) || is_caption(t) {
                break;
            }
            if is_note_start(t) {
                // The note, down to its sentence's end within its block.
                lines.push(place);
                let mut end = ends_sentence(t);
                j += 1;
                while !end && j < places.len() && places[j].0 == place.0 {
                    lines.push(places[j]);
                    end = ends_sentence(text(places[j]).trim());
                    j += 1;
                }
                next = j;
                break;
            }
            if is_running(t, column) || !cells_only[place.0] {
                foreign += 1;
            } else {
                lines.push(place);
                foreign = 0;
                next = j + 1;
            }
            j += 1;
            crate::work::spend(1);
        }
        if lines.len() >= MIN_LINES {
            for &(b, l) in &lines {
                taken[b][l] = true;
            }
            tables.push((at, lines));
            k = next;
        } else {
            k += 1;
        }
    }
    if tables.is_empty() {
        return segment;
    }
    // The block each table goes after: the block holding a line before its label (the
    // label's own when it is not the block's first line), else none.
    let anchors: Vec<Option<usize>> = tables
        .iter()
        .map(|&((b, l), _)| {
            if (0..l).any(|i| !taken[b][i]) {
                return Some(b);
            }
            (0..b).rev().find(|&p| taken[p].iter().any(|t| !t))
        })
        .collect();
    let mut moved: Vec<Vec<Line>> = tables
        .iter()
        .map(|(_, lines)| {
            lines
                .iter()
                .map(|&(b, l)| segment[b].lines[l].clone())
                .collect()
        })
        .collect();
    let mut out: Vec<Block> = Vec::with_capacity(segment.len());
    let mut new_index: Vec<Option<usize>> = vec![None; segment.len()];
    for (b, block) in segment.into_iter().enumerate() {
        let kept: Vec<Line> = block
            .lines
            .into_iter()
            .zip(&taken[b])
            .filter(|(_, &t)| !t)
            .map(|(l, _)| l)
            .collect();
        if kept.is_empty() {
            continue;
        }
        let kind = if kept.len() == taken[b].len() || matches!(block.kind, Kind::Tail) {
            block.kind
        } else {
            super::kind_of(&kept, false, column)
        };
        new_index[b] = Some(out.len());
        out.push(Block {
            lines: kept,
            kind,
            trailer: block.trailer,
        });
    }
    let mut leading: Vec<Line> = Vec::new();
    for (anchor, lines) in anchors.into_iter().zip(moved.iter_mut()) {
        match anchor.and_then(|a| new_index[a]) {
            Some(i) => out[i].trailer.append(lines),
            None => leading.append(lines),
        }
    }
    if !leading.is_empty() {
        out.insert(
            0,
            Block {
                lines: leading,
                kind: Kind::Table,
                trailer: Vec::new(),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(texts: &[&str], column: u32) -> Block {
        let lines: Vec<Line> = texts.iter().map(|t| Line::new(*t, 0)).collect();
        let kind = super::super::kind_of(&lines, false, column);
        Block {
            lines,
            kind,
            trailer: Vec::new(),
        }
    }

    #[test]
    fn a_tables_lines_are_gathered_after_the_block_its_label_followed() {
        let full = "左栏的研究发现数字经济明显提升了地区的创新";
        let column = width(full);
        let texts: [&[&str]; 12] = [
            &[
                "左栏的研究发现数字经济明显提升了地区的创新",
                "能力，这一结论与已有研究基本一致。",
            ],
            &["表1"],
            &["右栏的分析表明，财政分权与地方治理之间存在"],
            &["各地区收入测算结果"],
            &["二、实证结果"],
            &["地区"],
            &["2013"],
            &["东部"],
            &["361.08"],
            &["稳健的关联，其作用方向取决于地方治理的结构"],
            &["西部"],
            &["960.11"],
        ];
        // As the extractor writes them: blocks between blank lines.
        let mut page: Vec<Line> = Vec::new();
        for t in texts
            .iter()
            .copied()
            .chain([&["资料来源：根据统计年鉴整理。"][..], &["和制度环境。"][..]])
        {
            page.extend(t.iter().map(|l| Line::new(*l, 0)));
            page.push(Line::new("", 0));
        }
        let segment = super::super::blocks(page, column);
        let out = gather(segment, column);
        let order: Vec<&str> = out
            .iter()
            .flat_map(|b| b.lines.iter().chain(&b.trailer))
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "左栏的研究发现数字经济明显提升了地区的创新",
                "能力，这一结论与已有研究基本一致。",
                "表1",
                "各地区收入测算结果",
                "地区",
                "2013",
                "东部",
                "361.08",
                "西部",
                "960.11",
                "资料来源：根据统计年鉴整理。",
                "右栏的分析表明，财政分权与地方治理之间存在",
                "二、实证结果",
                "稳健的关联，其作用方向取决于地方治理的结构",
                "和制度环境。",
            ]
        );
        // The gathered lines ride with the first block; they are no part of its ends.
        assert_eq!(out[0].lines.len(), 2);
        assert_eq!(out[0].trailer.len(), 9);
    }

    #[test]
    fn a_label_without_cells_is_left_where_it_is() {
        let full = "左栏的研究发现数字经济明显提升了地区的创新";
        let column = width(full);
        let segment = vec![
            block(&[full], column),
            block(&["表1"], column),
            block(&["能力，这一结论与已有研究基本一致。"], column),
        ];
        let out = gather(segment, column);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|b| b.trailer.is_empty()));
    }
}
