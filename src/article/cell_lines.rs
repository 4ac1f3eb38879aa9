//! Tables printed one cell per line (plain text exports, which write each cell as a
//! block of its own): the grid is what the cells' kinds (number or text) allow.

/// Whether a cell holds a number (`361.08`, `-0.387**`, `(0.12)`, `12%`, `1,234`) or
/// stands for a missing one (`—`).
pub(crate) fn numeric_cell(cell: &str) -> bool {
    let c = cell.trim();
    matches!(c, "—" | "-" | "–" | "－" | "/")
        || c.chars().any(|ch| ch.is_ascii_digit())
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || ".,-+−%*()（），".contains(ch))
}

/// The number of columns of a table printed one cell per line, where the cells say it:
/// the smallest count for which every row under the header has the same kind of cell
/// (number or text) in each column, some numbers and some text. None when no count fits
/// (a table of text cells only, a row with a cell missing).
pub(crate) fn periodic_columns(cells: &[String]) -> Option<usize> {
    (2..=12).find(|&n| {
        if !cells.len().is_multiple_of(n) || cells.len() / n < 3 {
            return false;
        }
        let body: Vec<&[String]> = cells[n..].chunks(n).collect();
        let kinds: Vec<bool> = body[0].iter().map(|c| numeric_cell(c)).collect();
        kinds.contains(&true)
            && kinds.contains(&false)
            && body
                .iter()
                .all(|row| row.iter().zip(&kinds).all(|(c, &k)| numeric_cell(c) == k))
    })
}

/// Where `periodic_columns` finds no count for all the cells: the count whose rows, from
/// the first, keep the kinds of the first row under the header longest (at least
/// `MIN_ROWS` of them, a text label then some numbers), as (columns, rows). The cells
/// after them are no rows of that shape (a second table whose label the extractor lost,
/// a line of the page dealt among the cells).
pub(crate) fn periodic_prefix(cells: &[String]) -> Option<(usize, usize)> {
    const MIN_ROWS: usize = 3;
    let mut best: Option<(usize, usize)> = None;
    for n in 2..=12 {
        let Some(body) = cells.get(n..) else { break };
        let mut rows = body.chunks_exact(n);
        let Some(first) = rows.next() else { break };
        let kinds: Vec<bool> = first.iter().map(|c| numeric_cell(c)).collect();
        // A row opens with its label: a count that starts rows with numbers has the
        // header's cells in the wrong place.
        if !kinds.contains(&true) || kinds[0] {
            continue;
        }
        let same = 1 + rows
            .take_while(|row| row.iter().zip(&kinds).all(|(c, &k)| numeric_cell(c) == k))
            .count();
        // The most cells covered; among equals, the fewer columns.
        if same >= MIN_ROWS && best.is_none_or(|(m, r)| (same + 1) * n > (r + 1) * m) {
            best = Some((n, same));
        }
    }
    best
}

/// `periodic_prefix` after up to `lead` text cells before the header (a caption printed
/// after a bare label, a running head dealt among the cells): the one covering the most
/// cells, as (cells before the header, columns, rows).
pub(crate) fn shaped_rows(cells: &[String], lead: usize) -> Option<(usize, usize, usize)> {
    (0..=lead.min(cells.len()))
        .take_while(|&skip| skip == 0 || !numeric_cell(&cells[skip - 1]))
        .filter_map(|skip| periodic_prefix(&cells[skip..]).map(|(n, rows)| (skip, n, rows)))
        // The most cells in rows; among equals the fewest left after them, then the
        // fewest before.
        .max_by_key(|&(skip, n, rows)| {
            let covered = n * (rows + 1);
            let left = cells.len() - skip - covered;
            (covered, std::cmp::Reverse(left), std::cmp::Reverse(skip))
        })
}

/// A grid from `shaped_rows`: the text cells before the header make the caption (the
/// header's first cell, when it is the shorter of it and the first of them, printed
/// before the caption by an extractor ordering lines by height, goes back to the header).
pub(crate) struct Shaped {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub caption: Option<String>,
    /// Rows of the shape, from the first; the cells after them are in rows as wide.
    pub fit: usize,
}

pub(crate) fn shaped_grid(cells: &[String], lead: usize) -> Option<Shaped> {
    let (skip, n, fit) = shaped_rows(cells, lead)?;
    let mut lead = cells[..skip].to_vec();
    let mut chunks = cells[skip..].chunks(n).map(<[String]>::to_vec);
    let mut header = chunks.next().unwrap_or_default();
    if lead
        .first()
        .is_some_and(|c| header[0].chars().count() > c.chars().count())
    {
        std::mem::swap(&mut lead[0], &mut header[0]);
    }
    Some(Shaped {
        header,
        rows: chunks.collect(),
        caption: (skip > 0).then(|| lead.concat()),
        fit,
    })
}

/// A table of row labels and number columns whose cells an extractor printed out of
/// their rows (it orders lines by height, and a label set lower than its numbers comes
/// after them): the numbers, in order, fill rows as wide as the number columns; the text
/// cells, in order, are the number columns' headings, the label column's heading (before
/// them or right after them) and one label per row. None unless the counts fit exactly.
pub(crate) fn labels_apart(cells: &[String]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let first_number = cells.iter().position(|c| numeric_cell(c))?;
    let (numbers, texts): (Vec<&String>, Vec<&String>) =
        cells.iter().partition(|c| numeric_cell(c));
    // The number columns' headings: the text cells before the first number, less the
    // label column's heading when it comes first.
    for (columns, heading_first) in [(first_number.checked_sub(1)?, true), (first_number, false)] {
        if columns == 0 || !numbers.len().is_multiple_of(columns) {
            continue;
        }
        let rows = numbers.len() / columns;
        if rows < 2 || texts.len() != columns + 1 + rows {
            continue;
        }
        let (heading, headings) = if heading_first {
            (texts[0], &texts[1..=columns])
        } else {
            (texts[columns], &texts[..columns])
        };
        let header: Vec<String> = std::iter::once(heading)
            .chain(headings.iter().copied())
            .cloned()
            .collect();
        let body = numbers
            .chunks(columns)
            .zip(&texts[columns + 1..])
            .map(|(values, label)| {
                std::iter::once(*label)
                    .chain(values.iter().copied())
                    .cloned()
                    .collect()
            })
            .collect();
        return Some((header, body));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn rows_that_keep_their_kinds_until_other_cells_follow() {
        // A header of years, three rows, then another table's text cells.
        let c = cells(&[
            "地区", "2016", "2017", "甲地", "1.5", "2.5", "乙地", "3.5", "4.5", "丙地", "5.5",
            "6.5", "指标", "权重", "属性",
        ]);
        assert_eq!(periodic_columns(&c), None);
        assert_eq!(periodic_prefix(&c), Some((3, 3)));
        // Two rows are too few to tell a shape.
        assert_eq!(periodic_prefix(&c[..9]), None);
    }

    #[test]
    fn text_cells_before_the_header_are_no_rows() {
        // A running head and the caption before the header of years.
        let c = cells(&[
            "某刊 2019 年第 8 期",
            "各地区测算结果",
            "地区",
            "2016",
            "2017",
            "甲地",
            "1.5",
            "2.5",
            "乙地",
            "3.5",
            "4.5",
            "丙地",
            "5.5",
            "6.5",
        ]);
        // Without them the rows would open with a number: no shape.
        assert_eq!(periodic_prefix(&c), None);
        assert_eq!(shaped_rows(&c, 2), Some((2, 3, 3)));
        assert_eq!(shaped_rows(&c, 1), None);
        // The header's first cell printed before the caption: the rows that end with the
        // cells are the table's.
        let c = cells(&[
            "维度",
            "某刊 2019 年第 8 期",
            "各地区指标体系",
            "指标",
            "权重",
            "甲维度",
            "乙指标",
            "0.1",
            "丙维度",
            "丁指标",
            "0.2",
            "戊维度",
            "己指标",
            "0.3",
        ]);
        assert_eq!(shaped_rows(&c, 2), Some((2, 3, 3)));
        let grid = shaped_grid(&c, 2).expect("shaped");
        assert_eq!(grid.header, ["维度", "指标", "权重"]);
        assert_eq!(
            grid.caption.as_deref(),
            Some("各地区指标体系某刊 2019 年第 8 期")
        );
        assert_eq!(grid.rows.len(), 3);
    }
}
