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
