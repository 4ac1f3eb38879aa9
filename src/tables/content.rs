//! Cell content: the kind of a cell (number, text, empty), the profile of a column, and
//! how much a grid looks like a real table ([`content_score`]).

/// The kinds of cell a column can be made of, for [`Column::profile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Profile {
    /// Short text without punctuation (row labels, short terms).
    Labels = 0,
    Numbers = 1,
}

/// A cell's kind, and which profile it fits, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CellClass {
    pub(super) kind: Kind,
    pub(super) profile: Option<Profile>,
    /// Digits and number punctuation that make no one number: numbers run together
    /// (`65,4100.77`, `13.50.35`), so lines of two cells.
    pub(super) run_together: bool,
}

impl CellClass {
    /// The class of a cell's spaceless characters.
    pub(super) fn of(cell: &[char]) -> CellClass {
        let kind = kind_chars(cell);
        let profile = match kind {
            Kind::Number => Some(Profile::Numbers),
            Kind::Text if !cell.iter().any(|&c| is_punct(c)) && cell.len() <= LABEL_CHARS => {
                Some(Profile::Labels)
            }
            _ => None,
        };
        let run_together = kind == Kind::Text
            && cell.iter().any(|c| c.is_ascii_digit())
            && cell
                .iter()
                .all(|&c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'));
        CellClass {
            kind,
            profile,
            run_together,
        }
    }

    /// Whether the cell goes against a column of profile `want` (an empty cell never does).
    pub(super) fn misfits(self, want: Profile) -> bool {
        self.kind != Kind::Empty && self.profile != Some(want)
    }
}

/// A column's profile from its data cells' counts (labels, numbers, other): three
/// quarters of one kind (of three cells or more), or for the first column (row labels, as
/// tables usually have) half of them labels (of two or more).
pub(super) fn profile(counts: [usize; 3], first: bool) -> Option<Profile> {
    let total: usize = counts.iter().sum();
    if total < 2 || total < 3 && !first {
        return None;
    }
    if first && counts[Profile::Labels as usize] * 2 >= total {
        return Some(Profile::Labels);
    }
    [Profile::Labels, Profile::Numbers]
        .into_iter()
        .find(|&p| counts[p as usize] * 4 >= total * 3)
}

/// The longest cell that still reads as a label.
const LABEL_CHARS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Empty,
    Number,
    Text,
}

/// The kind of a cell's characters (without surrounding spaces): numbers are `12.5`,
/// `3,456`, `-0.8`, `45%`, `(0.12)`, `0.35**`; `—` is empty.
pub(super) fn kind_chars(s: &[char]) -> Kind {
    if s.iter()
        .all(|&c| matches!(c, '—' | '–' | '-' | '―' | '/' | '／' | '…'))
    {
        return Kind::Empty;
    }
    let (mut a, mut b) = (0, s.len());
    while a < b && matches!(s[a], '(' | '（' | '[') {
        a += 1;
    }
    while b > a && matches!(s[b - 1], ')' | '）' | ']' | '*' | '%' | '‰' | '％') {
        b -= 1;
    }
    while a < b && matches!(s[a], '-' | '+' | '−' | '±' | '<' | '>' | '≤' | '≥') {
        a += 1;
    }
    let s = &s[a..b];
    let mut digits = 0;
    let mut ok = !s.is_empty();
    for &c in s {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, '.' | ',' | '±' | '~' | '-' | 'e' | 'E') {
            ok = false;
            break;
        }
    }
    // Each number of a range at most one decimal point, thousands in groups of three: two
    // numbers run together (`13.50.35`, `65,4100.77`) are not one.
    if ok && digits > 0 && s.split(|&c| matches!(c, '~' | '±' | '-')).all(well_formed) {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// Whether a number's digits, decimal point and thousands separators are well placed.
fn well_formed(n: &[char]) -> bool {
    let mut parts = n.split(|&c| c == '.');
    let whole = parts.next().unwrap_or(&[]);
    match (parts.next(), parts.next()) {
        (_, Some(_)) => return false,
        (Some(fraction), None) if fraction.contains(&',') => return false,
        _ => {}
    }
    let mut groups = whole.split(|&c| c == ',');
    let first = groups.next().unwrap_or(&[]);
    let mut grouped = false;
    for g in groups {
        grouped = true;
        if g.len() != 3 {
            return false;
        }
    }
    !grouped || (1..=3).contains(&first.len())
}

/// Punctuation that a label does not have.
pub(super) fn is_punct(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '（'
            | '）'
            | '('
            | ')'
            | '“'
            | '”'
            | '"'
            | '！'
            | '!'
            | '？'
            | '?'
            | '《'
            | '》'
    )
}

/// How much a grid looks like a real table: a text header of distinct cells, columns of
/// one kind (numbers or text), a first column of short unpunctuated labels.
pub(super) fn content_score(grid: &[Vec<String>]) -> f64 {
    let chars: Vec<Vec<Vec<char>>> = grid
        .iter()
        .map(|row| row.iter().map(|c| c.chars().collect()).collect())
        .collect();
    let cells: Vec<Vec<&[char]>> = chars
        .iter()
        .map(|row| row.iter().map(Vec::as_slice).collect())
        .collect();
    content_score_of(&cells)
}

/// [`content_score`] of a grid of cells' characters (without surrounding spaces).
pub(super) fn content_score_of(grid: &[Vec<&[char]>]) -> f64 {
    let Some((header, rows)) = grid.split_first() else {
        return 0.0;
    };
    let k = header.len().max(1) as f64;
    let text_head = header
        .iter()
        .filter(|c| kind_chars(c) == Kind::Text)
        .count() as f64
        / k;
    let distinct = (0..header.len())
        .filter(|&i| !header[..i].contains(&header[i]))
        .count();
    let mut score = text_head + distinct as f64 / k;
    if rows.is_empty() {
        return score;
    }
    let mut purity = 0.0;
    for j in 0..header.len() {
        let (mut num, mut text) = (0.0, 0.0);
        for row in rows {
            match row.get(j).map(|c| kind_chars(c)) {
                Some(Kind::Number) => num += 1.0,
                Some(Kind::Text) => text += 1.0,
                _ => {}
            }
        }
        purity += if num + text > 0.0 {
            f64::max(num, text) / (num + text)
        } else {
            1.0
        };
    }
    score += 2.0 * purity / k;
    let labels = rows
        .iter()
        .filter(|r| {
            r.first().is_some_and(|c| {
                kind_chars(c) == Kind::Text && !c.iter().any(|&x| is_punct(x)) && c.len() <= 8
            })
        })
        .count();
    score + labels as f64 / rows.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::testkit::*;

    /// Numbers run together are not a number (two cells' lines joined).
    #[test]
    fn numbers_run_together_are_text() {
        for n in [
            "12.5", "3,456", "-0.8", "45%", "(0.12)", "1,234.5", "1.2~3.4",
        ] {
            assert_eq!(kind_of(n), Kind::Number, "{n}");
        }
        for n in ["13.50.35", "65,4100.77", "52.213,710", "1,23"] {
            assert_eq!(kind_of(n), Kind::Text, "{n}");
            let chars: Vec<char> = n.chars().collect();
            assert!(CellClass::of(&chars).run_together, "{n}");
        }
    }
}
